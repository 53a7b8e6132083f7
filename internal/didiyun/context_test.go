package didiyun_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun/didiyuntest"
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver"
)

// TestWaitJob_contextEnds waits on a job that never finishes: the wait ends
// when its context does, with the context's error, and other waiters on the
// same client are not disturbed.
func TestWaitJob_contextEnds(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		// ctx returns the context to wait with and a function called on
		// every progress report.
		ctx  func(t *testing.T, parent context.Context) (context.Context, func(didiyun.Job))
		want error
	}{
		{"cancelled while polling", func(t *testing.T, parent context.Context) (context.Context, func(didiyun.Job)) {
			ctx, cancel := context.WithCancel(parent)
			t.Cleanup(cancel)
			return ctx, func(didiyun.Job) { cancel() }
		}, context.Canceled},
		{"cancelled before the first poll", func(t *testing.T, parent context.Context) (context.Context, func(didiyun.Job)) {
			ctx, cancel := context.WithCancel(parent)
			cancel()
			return ctx, nil
		}, context.Canceled},
		{"deadline", func(t *testing.T, parent context.Context) (context.Context, func(didiyun.Job)) {
			ctx, cancel := context.WithTimeout(parent, 150*time.Millisecond)
			t.Cleanup(cancel)
			return ctx, nil
		}, context.DeadlineExceeded},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			e.Mock.SetJobOutcome(mockserver.JobTypeImportCIMG, mockserver.JobOutcome{Hang: true})
			hanging := e.importImage("hangs")
			e.Mock.SetJobOutcome(mockserver.JobTypeImportCIMG, mockserver.JobOutcome{})
			healthy := e.importImage("finishes")

			// A second waiter on the same poller must still get its answer.
			var wg sync.WaitGroup
			var healthyErr error
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, healthyErr = e.Jobs.Wait(e.ctx(), "gz", healthy.ID(), time.Time{}, nil)
			}()

			ctx, onProgress := tt.ctx(t, e.ctx())
			job, err := e.Jobs.Wait(ctx, "gz", hanging.ID(), time.Time{}, onProgress)
			if !errors.Is(err, tt.want) {
				t.Fatalf("WaitJob = %+v, %v; want %v", job, err, tt.want)
			}
			if job.ID() != "" {
				t.Errorf("an abandoned wait returned a job: %+v", job)
			}
			wg.Wait()
			if healthyErr != nil {
				t.Errorf("the other waiter failed: %v", healthyErr)
			}
			if mj, _ := e.Mock.Job(hanging.ID()); mj.Done {
				t.Errorf("the hanging job finished: %+v", mj)
			}
		})
	}
}

// TestRetries_contextEnds lets a context end while the client retries or
// waits for an answer: the call returns the context's error, without further tries.
func TestRetries_contextEnds(t *testing.T) {
	t.Parallel()
	listCall := func(ctx context.Context, c *didiyun.Client) error {
		return errOf(c.ListCIMG(ctx, didiyun.ListCIMGInput{RegionID: "gz"}))
	}
	tests := []struct {
		name      string
		opts      []envOption
		setup     func(e *testEnv, cancel context.CancelFunc)
		endpoint  string
		call      func(ctx context.Context, c *didiyun.Client) error
		timeout   time.Duration // 0: cancelled by setup
		want      error
		wantTries int
		// wantOutcomeUnknown: an import cut off in flight may have acted.
		wantOutcomeUnknown bool
	}{
		{
			name: "429 storm with a long Retry-After",
			setup: func(e *testEnv, _ context.CancelFunc) {
				e.SetIntercept(func(w http.ResponseWriter, _ *http.Request, _ int) bool {
					return didiyuntest.Answer(w, http.StatusTooManyRequests, "text/plain", "busy", "Retry-After", "30")
				})
			},
			endpoint: mockserver.EndpointListCIMG, call: listCall, timeout: time.Second,
			want: context.DeadlineExceeded, wantTries: 1,
		},
		{
			name: "server too slow to answer",
			setup: func(e *testEnv, _ context.CancelFunc) {
				e.Mock.SetFaults(mockserver.FaultRule{Endpoint: mockserver.EndpointListCIMG, Kind: mockserver.FaultLatency, Latency: 30 * time.Second, Probability: 1})
			},
			endpoint: mockserver.EndpointListCIMG, call: listCall, timeout: time.Second,
			want: context.DeadlineExceeded, wantTries: 1,
		},
		{
			name: "errno 2 storm with long backoff",
			opts: []envOption{withClient(func(o *didiyun.Options) { o.RetryWaitMin, o.RetryWaitMax = 30*time.Second, 60*time.Second })},
			setup: func(e *testEnv, _ context.CancelFunc) {
				e.Mock.SetFaults(mockserver.FaultRule{Endpoint: mockserver.EndpointJobResult, Kind: mockserver.FaultErrno, Probability: 1})
			},
			endpoint: mockserver.EndpointJobResult,
			call: func(ctx context.Context, c *didiyun.Client) error {
				return errOf(c.JobResult(ctx, "gz", mockserver.SeedJobGZ))
			},
			timeout: time.Second, want: context.DeadlineExceeded, wantTries: 1,
		},
		{
			name: "cancelled after the first try",
			setup: func(e *testEnv, cancel context.CancelFunc) {
				e.SetIntercept(func(w http.ResponseWriter, _ *http.Request, _ int) bool {
					cancel()
					return didiyuntest.Answer(w, http.StatusInternalServerError, "text/html", "<html>oops</html>")
				})
			},
			endpoint: mockserver.EndpointListCIMG, call: listCall, want: context.Canceled, wantTries: 1,
		},
		{
			name: "import cut off while the server works",
			setup: func(e *testEnv, _ context.CancelFunc) {
				e.Mock.SetFaults(mockserver.FaultRule{Endpoint: mockserver.EndpointImportCIMG, Kind: mockserver.FaultLatency, Latency: 30 * time.Second, Probability: 1})
			},
			endpoint: mockserver.EndpointImportCIMG,
			call: func(ctx context.Context, c *didiyun.Client) error {
				return errOf(c.ImportCIMG(ctx, "gz", didiyun.ImportCIMGInput{Name: "slow", OriginImageUUID: mockserver.SeedImageBJ, OriginRegionID: "bj"}))
			},
			timeout: time.Second, want: context.DeadlineExceeded, wantTries: 1, wantOutcomeUnknown: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, tt.opts...)
			ctx, cancel := context.WithCancel(e.ctx())
			defer cancel()
			if tt.timeout > 0 {
				ctx, cancel = context.WithTimeout(ctx, tt.timeout)
				defer cancel()
			}
			tt.setup(e, cancel)

			err := tt.call(ctx, e.Client)
			if !errors.Is(err, tt.want) {
				t.Fatalf("error %v, want one that is %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.endpoint) {
				t.Errorf("error %q does not name %s", err, tt.endpoint)
			}
			if got := len(e.ArrivalsAt(tt.endpoint)); got != tt.wantTries {
				t.Errorf("%d tries, want %d", got, tt.wantTries)
			}
			if got := didiyun.IsOutcomeUnknown(err); got != tt.wantOutcomeUnknown {
				t.Errorf("IsOutcomeUnknown = %v, want %v", got, tt.wantOutcomeUnknown)
			}
		})
	}
}
