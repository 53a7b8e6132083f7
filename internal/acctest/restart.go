package acctest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver"
)

// RestartableEnv is an Env whose mock keeps its cloud in a state file and
// can be restarted on it, at the same URL, between test steps or in the
// middle of one: what a pipeline sees when the mock it runs as a service
// restarts between apply and plan.
type RestartableEnv struct {
	*Env
	// StateFile is the mock's state file, in the test's temporary directory.
	StateFile string

	opts     mockserver.Options
	mu       sync.Mutex
	current  *mockserver.Server // answers requests; Env.Mock follows it
	restarts int
}

// NewRestartableEnv starts a mock on a state file for t and stops it when t
// ends; tune sets options of the mock, as for NewEnv.
func NewRestartableEnv(t *testing.T, tune ...func(*mockserver.Options)) *RestartableEnv {
	t.Helper()
	opts := mockserver.Options{
		Token: randomToken(t), JobDuration: JobDuration, Seed: 1,
		StateFile: filepath.Join(t.TempDir(), "didiyun-mock.state"),
	}
	for _, f := range tune {
		f(&opts)
	}
	mock, err := mockserver.Open(opts)
	if err != nil {
		t.Fatalf("mock on a state file: %v", err)
	}
	e := &RestartableEnv{Env: &Env{Mock: mock, Started: time.Now()}, StateFile: opts.StateFile, opts: opts, current: mock}
	e.Server = httptest.NewServer(http.HandlerFunc(e.serve))
	t.Cleanup(func() {
		e.Server.Close()
		e.mu.Lock()
		defer e.mu.Unlock()
		_ = e.current.Close()
	})
	e.connect(t)
	return e
}

// Restart stops the mock and starts a new one that knows only what the state
// file holds. Requests that arrive meanwhile wait for the new mock. After
// Restart, Mock is the new mock (its request log and counters start empty).
// Call it from the test's goroutine between steps (PreConfig), or from an
// Intercept func to restart in the middle of an apply.
func (e *RestartableEnv) Restart() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if err := e.current.Close(); err != nil {
		return fmt.Errorf("stop the mock: %w", err)
	}
	mock, err := mockserver.Open(e.opts)
	if err != nil {
		return fmt.Errorf("restart the mock on %s: %w", e.StateFile, err)
	}
	e.current = mock
	e.Mock = mock
	e.restarts++
	return nil
}

// Restarts says how many times the mock was restarted.
func (e *RestartableEnv) Restarts() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.restarts
}

// serve lets Intercept answer first, as Env does, then whichever mock runs.
func (e *RestartableEnv) serve(w http.ResponseWriter, r *http.Request) {
	e.Env.mu.Lock()
	f := e.intercept
	e.Env.mu.Unlock()
	if f != nil && f(w, r) {
		return
	}
	e.mu.Lock()
	mock := e.current
	e.mu.Unlock()
	mock.ServeHTTP(w, r)
}
