package jobs_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun/jobs"
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver"
)

// TestWait_permanentFailureEndsAtOnce: a failure no wait mends (a
// certificate that is not trusted, a host that does not exist) ends a wait
// at its first look, with the cause and the endpoint, instead of being
// ridden out until the operation's timeout like an outage.
func TestWait_permanentFailureEndsAtOnce(t *testing.T) {
	t.Parallel()
	untrusted := httptest.NewTLSServer(mockserver.New(mockserver.Options{}))
	t.Cleanup(untrusted.Close)
	noSuchHost := &http.Client{Transport: &http.Transport{
		DialContext: func(context.Context, string, string) (net.Conn, error) {
			return nil, &net.DNSError{Err: "no such host", Name: "didiyun.invalid", IsNotFound: true}
		},
	}}
	for name, opts := range map[string]didiyun.Options{
		"certificate not trusted": {Endpoint: untrusted.URL},
		"unknown host":            {Endpoint: "http://didiyun.invalid", HTTPClient: noSuchHost},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			opts.Token, opts.RetryWaitMin, opts.RetryWaitMax = "t", time.Millisecond, 10*time.Millisecond
			client, err := didiyun.New(opts)
			if err != nil {
				t.Fatal(err)
			}
			w := jobs.New(client, jobs.Options{Floor: 10 * time.Millisecond, Ceiling: 50 * time.Millisecond})
			ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
			defer cancel()
			_, err = w.Wait(ctx, "gz", "0123456789abcdef0123456789abcdef", time.Time{}, nil)
			if err == nil || errors.Is(err, context.DeadlineExceeded) || didiyun.IsTransient(err) {
				t.Fatalf("Wait = %v, want the permanent failure at once", err)
			}
			if !strings.Contains(err.Error(), strings.TrimPrefix(opts.Endpoint, "http://")) &&
				!strings.Contains(err.Error(), "certificate") {
				t.Errorf("the error names neither the endpoint nor the cause: %v", err)
			}
		})
	}
}
