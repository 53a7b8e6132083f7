package cimg

import (
	"bytes"
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/didiyun/terraform-provider-didiyun/internal/conns"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun/jobs"
	"github.com/didiyun/terraform-provider-didiyun/internal/fakeclock"
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver"
)

// TestWaitForJob_logsEveryAnswer: the progress of a job is logged at INFO
// on every JobResult answer about it, as the provider page says, so a 75 s
// job shows each look, not only each 10 % (the clock moves 5 s a look: no sleeps).
func TestWaitForJob_logsEveryAnswer(t *testing.T) {
	clock := fakeclock.New()
	mock := mockserver.New(mockserver.Options{JobDuration: 75 * time.Second, Now: clock.Now,
		OnRequest: func(rec mockserver.RequestRecord) {
			if rec.Endpoint == mockserver.EndpointJobResult {
				clock.Advance(5 * time.Second)
			}
		}})
	server := httptest.NewServer(mock)
	t.Cleanup(server.Close)
	meta, err := conns.NewClients(conns.Options{
		API:  didiyun.Options{Endpoint: server.URL, Token: mock.Token()},
		Jobs: jobs.Options{Floor: time.Millisecond, Ceiling: 5 * time.Millisecond},
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	job, err := meta.Client.ImportCIMG(ctx, "gz", didiyun.ImportCIMGInput{Name: "logged", OriginImageUUID: mockserver.SeedImageBJ, OriginRegionID: "bj"})
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	if err := waitForJob(tflogtest.RootLogger(ctx, &logs), meta, "gz", job, time.Time{}); err != nil {
		t.Fatal(err)
	}
	answers := mock.Count(mockserver.EndpointJobResult)
	logged := strings.Count(logs.String(), `"@message":"DiDi Cloud job progress"`)
	if answers < 8 || logged != answers {
		t.Errorf("%d progress lines for %d JobResult answers over a 75 s job, want one per answer", logged, answers)
	}
}
