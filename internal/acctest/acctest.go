// Package acctest starts a mock DiDi Cloud for each acceptance test and
// hands the test a provider wired to it, plus an API client for checks.
package acctest

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/didiyun/terraform-provider-didiyun/internal/conns"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun/jobs"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun/ownership"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun/regionview"
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver"
	"github.com/didiyun/terraform-provider-didiyun/internal/provider"
)

// JobDuration is how long the mock's jobs take in acceptance tests: long
// enough for a job to be seen running, short enough for a fast suite.
const JobDuration = 400 * time.Millisecond

// Env is one test's mock cloud.
type Env struct {
	Mock   *mockserver.Server
	Server *httptest.Server
	// Client talks to the mock directly, for checks and out-of-band
	// changes; Images, Jobs and Owners are built on it as the provider's are.
	Client *didiyun.Client
	Images *regionview.View
	Jobs   *jobs.Waiter
	Owners *ownership.Guard
	// Started is when the test began; older images are seeds.
	Started time.Time

	mu        sync.Mutex
	intercept func(w http.ResponseWriter, r *http.Request) bool
}

// NewEnv starts a mock for t and stops it when t ends; tune sets options
// of the mock, such as the reading of the docs it plays.
func NewEnv(t *testing.T, tune ...func(*mockserver.Options)) *Env {
	t.Helper()
	opts := mockserver.Options{Token: randomToken(t), JobDuration: JobDuration, Seed: 1}
	for _, f := range tune {
		f(&opts)
	}
	e := &Env{Mock: mockserver.New(opts), Started: time.Now()}
	e.Server = httptest.NewServer(http.HandlerFunc(e.serve))
	t.Cleanup(e.Server.Close)
	e.connect(t)
	return e
}

// connect builds the test's clients for the mock behind e.Server.
func (e *Env) connect(t *testing.T) {
	t.Helper()
	opts := conns.Options{API: didiyun.Options{Endpoint: e.Server.URL, Token: e.Mock.Token()}}
	TestClientOptions(&opts)
	clients, err := conns.NewClients(opts)
	if err != nil {
		t.Fatalf("client for the mock: %v", err)
	}
	e.Client, e.Images, e.Jobs, e.Owners = clients.Client, clients.Images, clients.Jobs, clients.Owners
}

// Intercept lets f answer requests before the mock does, for what no
// setting of the mock plays (a failure at one precise moment); f returns
// true when it answered. nil removes it.
func (e *Env) Intercept(f func(w http.ResponseWriter, r *http.Request) bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.intercept = f
}

func (e *Env) serve(w http.ResponseWriter, r *http.Request) {
	e.mu.Lock()
	f := e.intercept
	e.mu.Unlock()
	if f != nil && f(w, r) {
		return
	}
	e.Mock.ServeHTTP(w, r)
}

// TestClientOptions shortens waits so tests do not idle.
func TestClientOptions(opts *conns.Options) {
	opts.API.RetryWaitMin = 10 * time.Millisecond
	opts.API.RetryWaitMax = 100 * time.Millisecond
	opts.Jobs = jobs.Options{Floor: 50 * time.Millisecond, Ceiling: time.Second}
}

// ProviderFactories serve the provider in-process with test timings.
var ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"didiyun": func() (tfprotov6.ProviderServer, error) {
		return provider.NewTunedServer("test", TestClientOptions)(), nil
	},
}

// ProviderConfig is a provider block for this mock with region as default.
func (e *Env) ProviderConfig(region string) string {
	return fmt.Sprintf(`
provider "didiyun" {
  endpoint = %q
  token    = %q
  region   = %q
}
`, e.Server.URL, e.Mock.Token(), region)
}

// PreCheck skips nothing: the mock needs no credentials. It only insists on
// TF_ACC so that `go test` without it stays a quick unit run.
func PreCheck(t *testing.T) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance tests run with TF_ACC=1 (make testacc)")
	}
}

// randomToken gives each test its own secret, so a leak test can search for it.
func randomToken(t *testing.T) string {
	t.Helper()
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		t.Fatalf("random token: %v", err)
	}
	return hex.EncodeToString(b)
}
