package cimg

import (
	"context"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/didiyun/terraform-provider-didiyun/internal/conns"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun/jobs"
	"github.com/didiyun/terraform-provider-didiyun/internal/fakeclock"
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver"
)

// TestRenameInterruptedThenResumed: a rename interrupted while its job runs
// says the job keeps running and the next apply waits for it; the next
// rename then does wait for that very job, and no second job is made.
func TestRenameInterruptedThenResumed(t *testing.T) {
	clock := fakeclock.New()
	first, cancelFirst := context.WithCancel(context.Background())
	defer cancelFirst()
	var mu sync.Mutex
	renames := 0
	mock := mockserver.New(mockserver.Options{Now: clock.Now, JobDuration: time.Minute,
		OnRequest: func(rec mockserver.RequestRecord) {
			mu.Lock()
			defer mu.Unlock()
			switch {
			case rec.Endpoint == mockserver.EndpointChangeNameCIMG:
				renames++
			case rec.Endpoint == mockserver.EndpointJobResult && renames == 1:
				cancelFirst() // Ctrl-C while the first apply waits for the rename's job
			case rec.Endpoint == mockserver.EndpointJobResult && renames == 2:
				clock.Advance(time.Minute) // the job ends while the second apply waits
			}
		}})
	server := httptest.NewServer(mock)
	t.Cleanup(server.Close)
	meta, err := conns.NewClients(conns.Options{
		API:  didiyun.Options{Endpoint: server.URL, Token: mock.Token()},
		Jobs: jobs.Options{Floor: 5 * time.Millisecond, Ceiling: 20 * time.Millisecond},
	})
	if err != nil {
		t.Fatal(err)
	}
	oldName := mockserver.SeedImageGZName

	err = renameImage(first, meta, "gz", mockserver.SeedImageGZ, oldName, "renamed")
	if err == nil {
		t.Fatal("the interrupted rename succeeded")
	}
	img, _ := mock.Image(mockserver.SeedImageGZ)
	if img.Job == nil || img.Job.Done {
		t.Fatalf("no rename job running on the image after the interruption: %+v", img.Job)
	}
	for _, want := range []string{"stopped (context canceled) while its rename job " + img.Job.JobUUID + " ran",
		"The job keeps running in DiDi Cloud", "The next apply finds the job on the image and waits for it"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}

	if err := renameImage(context.Background(), meta, "gz", mockserver.SeedImageGZ, oldName, "renamed"); err != nil {
		t.Fatalf("the next rename: %v", err)
	}
	if img, _ := mock.Image(mockserver.SeedImageGZ); img.Name != "renamed" {
		t.Errorf("name %q after the next rename, want renamed", img.Name)
	}
	if n := mock.Counts()[mockserver.EndpointChangeNameCIMG]; n != 2 {
		t.Errorf("%d ChangeNameCIMG requests, want 2 (the second refused while the first job ran)", n)
	}
}
