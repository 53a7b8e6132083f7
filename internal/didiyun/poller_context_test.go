package didiyun_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver"
)

type waiterKey struct{}

type sharedKey struct{}

// jobResultLogger records the waiter and shared-work values of the contexts
// JobResult calls are logged with.
type jobResultLogger struct {
	mu     sync.Mutex
	seen   []any
	shared []any
}

func (l *jobResultLogger) Debug(ctx context.Context, _ string, fields map[string]any) {
	if fields["operation"] == mockserver.EndpointJobResult {
		l.mu.Lock()
		defer l.mu.Unlock()
		l.seen = append(l.seen, ctx.Value(waiterKey{}))
		l.shared = append(l.shared, ctx.Value(sharedKey{}))
	}
}

func (l *jobResultLogger) Shared(ctx context.Context, work string) context.Context {
	return context.WithValue(ctx, sharedKey{}, work)
}

func (l *jobResultLogger) Trace(context.Context, string, map[string]any) {}

func (l *jobResultLogger) Warn(context.Context, string, map[string]any) {}

// TestPoller_callsCarryTheWaitersContext: the poller's JobResult calls,
// shared by two waiters, log through one waiter's context, so the provider's
// logger (tflog lives in the context) shows them at TRACE, made the poll's
// own by Logger.Shared, so they never carry one waiter's request id.
func TestPoller_callsCarryTheWaitersContext(t *testing.T) {
	t.Parallel()
	logger := &jobResultLogger{}
	e := newEnv(t, withClient(func(o *didiyun.Options) { o.Logger = logger }))
	var wg sync.WaitGroup
	for _, name := range []string{"resource-a", "resource-b"} {
		job := e.importImage(name)
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := e.Jobs.Wait(context.WithValue(e.ctx(), waiterKey{}, name), "gz", job.ID(), time.Time{}, nil); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	logger.mu.Lock()
	defer logger.mu.Unlock()
	if len(logger.seen) == 0 {
		t.Fatal("no JobResult call was logged")
	}
	for i, v := range logger.seen {
		if v != "resource-a" && v != "resource-b" {
			t.Errorf("a JobResult call was logged with %v, want a waiter's context", v)
		}
		if logger.shared[i] != "JobResult poll of region gz" {
			t.Errorf("a JobResult call was logged with shared work %v, want the poll's own", logger.shared[i])
		}
	}
	shared := false
	for _, a := range e.ArrivalsAt(mockserver.EndpointJobResult) {
		shared = shared || strings.Contains(a.Query, "%2C") || strings.Contains(a.Query, ",")
	}
	if !shared {
		t.Error("no JobResult call asked about both jobs: the waiters did not share their calls")
	}
}

// TestPoller_callCancelledWhenNobodyWaits: once its last waiter leaves, the
// poller's JobResult call in flight is cancelled instead of running on.
func TestPoller_callCancelledWhenNobodyWaits(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	job := e.importImage("abandoned")
	e.Mock.SetFaults(mockserver.FaultRule{Endpoint: mockserver.EndpointJobResult, Kind: mockserver.FaultLatency, Probability: 1, Latency: time.Minute})
	ctx, cancel := context.WithCancel(e.ctx())
	waited := make(chan error, 1)
	go func() {
		_, err := e.Jobs.Wait(ctx, "gz", job.ID(), time.Time{}, nil)
		waited <- err
	}()
	arrival := e.ctx()
	for len(e.ArrivalsAt(mockserver.EndpointJobResult)) == 0 {
		select {
		case <-arrival.Done():
			t.Fatal("no JobResult call arrived")
		case <-time.After(10 * time.Millisecond):
		}
	}
	cancel()
	if err := <-waited; err == nil {
		t.Fatal("WaitJob returned no error after its context ended")
	}
	// The mock logs a request once its handler returns: within the minute of
	// latency only if the client hung up.
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		for _, rec := range e.Mock.Requests() {
			if rec.Endpoint == mockserver.EndpointJobResult && rec.Status == 0 {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("the JobResult call in flight was not cancelled when its only waiter left")
}
