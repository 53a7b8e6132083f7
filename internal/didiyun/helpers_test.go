package didiyun_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun/jobs"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun/ownership"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun/regionview"
	"github.com/didiyun/terraform-provider-didiyun/internal/fakeclock"
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver"
)

// Paths of the API as the docs give them, by the mock's endpoint names.
var endpointPaths = map[string]string{
	mockserver.EndpointImportCIMG:        "/dicloud/i/storage/cimg/import",
	mockserver.EndpointCreateCIMG:        "/dicloud/i/storage/cimg/create",
	mockserver.EndpointListCIMG:          "/dicloud/i/storage/cimg/list",
	mockserver.EndpointChangeNameCIMG:    "/dicloud/i/storage/cimg/changeName",
	mockserver.EndpointDeleteCIMG:        "/dicloud/i/storage/cimg/delete",
	mockserver.EndpointJobResult:         "/dicloud/i/result",
	mockserver.EndpointListRegionAndZone: "/dicloud/i/region/list",
}

const testUserAgent = "terraform-provider-didiyun/test (+client unit tests)"

// testClientOptions shortens every wait so tests do not idle.
func testClientOptions() didiyun.Options {
	return didiyun.Options{
		UserAgent:    testUserAgent,
		MaxRetries:   didiyun.DefaultMaxRetries,
		RetryWaitMin: 5 * time.Millisecond,
		RetryWaitMax: 50 * time.Millisecond,
	}
}

// arrival is one request as it reached the front door, headers included
// (the mock's own log never records headers).
type arrival struct {
	At     time.Time
	Method string
	Path   string
	Query  string
	Header http.Header
}

// interceptFunc may answer a request itself (returning true) instead of the
// mock; n counts the earlier arrivals on the same path.
type interceptFunc func(w http.ResponseWriter, r *http.Request, n int) bool

// testEnv is an in-process mock DiDi Cloud behind a recording front door
// over real HTTP, and a client for it with short waits.
type testEnv struct {
	t      *testing.T
	Mock   *mockserver.Server
	Server *httptest.Server
	Client *didiyun.Client
	Images *regionview.View
	Jobs   *jobs.Waiter
	Owners *ownership.Guard

	mu        sync.Mutex
	arrivals  []arrival
	intercept interceptFunc
	faultPath string
	faultLeft int
}

type envConfig struct {
	mock   []func(*mockserver.Options)
	client []func(*didiyun.Options)
	jobs   jobs.Options
	images regionview.Options
}

type envOption func(*envConfig)

func withMock(f func(*mockserver.Options)) envOption {
	return func(c *envConfig) { c.mock = append(c.mock, f) }
}

func withClient(f func(*didiyun.Options)) envOption {
	return func(c *envConfig) { c.client = append(c.client, f) }
}

func withJobs(opts jobs.Options) envOption {
	return func(c *envConfig) { c.jobs = opts }
}

func withImages(opts regionview.Options) envOption {
	return func(c *envConfig) { c.images = opts }
}

func withMaxRetries(n int) envOption {
	return withClient(func(o *didiyun.Options) { o.MaxRetries = n })
}

func newEnv(t *testing.T, opts ...envOption) *testEnv {
	t.Helper()
	var cfg envConfig
	for _, o := range opts {
		o(&cfg)
	}
	mockOpts := mockserver.Options{JobDuration: 200 * time.Millisecond, Seed: 1}
	for _, f := range cfg.mock {
		f(&mockOpts)
	}
	e := &testEnv{t: t, Mock: mockserver.New(mockOpts)}
	e.Server = httptest.NewServer(http.HandlerFunc(e.serve))
	t.Cleanup(e.Server.Close)

	clientOpts := testClientOptions()
	clientOpts.Endpoint = e.Server.URL
	clientOpts.Token = e.Mock.Token()
	for _, f := range cfg.client {
		f(&clientOpts)
	}
	client, err := didiyun.New(clientOpts)
	if err != nil {
		t.Fatalf("didiyun.New: %v", err)
	}
	e.Client = client
	if cfg.jobs.Floor == 0 {
		cfg.jobs.Floor = 20 * time.Millisecond
	}
	if cfg.jobs.Ceiling == 0 {
		cfg.jobs.Ceiling = 500 * time.Millisecond
	}
	e.Images = regionview.New(client, cfg.images)
	e.Jobs = jobs.New(client, cfg.jobs)
	e.Owners = ownership.New(client, e.Images, e.Jobs)
	return e
}

func (e *testEnv) serve(w http.ResponseWriter, r *http.Request) {
	e.mu.Lock()
	n := 0
	for _, a := range e.arrivals {
		if a.Path == r.URL.Path {
			n++
		}
	}
	e.arrivals = append(e.arrivals, arrival{
		At: time.Now(), Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Header: r.Header.Clone(),
	})
	intercept := e.intercept
	if e.faultPath != "" && e.faultPath == r.URL.Path {
		if e.faultLeft == 0 {
			e.Mock.SetFaults()
			e.faultPath = ""
		} else {
			e.faultLeft--
		}
	}
	e.mu.Unlock()

	if intercept != nil && intercept(w, r, n) {
		return
	}
	e.Mock.ServeHTTP(w, r)
}

// setIntercept lets f answer requests before the mock sees them.
func (e *testEnv) setIntercept(f interceptFunc) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.intercept = f
}

// faultFirst injects rules into the first n requests to endpoint only; the
// request after them finds the faults cleared.
func (e *testEnv) faultFirst(endpoint string, n int, rules ...mockserver.FaultRule) {
	e.t.Helper()
	path, ok := endpointPaths[endpoint]
	if !ok {
		e.t.Fatalf("unknown endpoint %q", endpoint)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.Mock.SetFaults(rules...)
	e.faultPath, e.faultLeft = path, n
}

// arrivalsAt returns the requests that reached the front door on endpoint.
func (e *testEnv) arrivalsAt(endpoint string) []arrival {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []arrival
	for _, a := range e.arrivals {
		if a.Path == endpointPaths[endpoint] {
			out = append(out, a)
		}
	}
	return out
}

func (e *testEnv) allArrivals() []arrival {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]arrival(nil), e.arrivals...)
}

// requests closes the server, which waits for every handler to finish and
// so for the mock to log it, and returns the mock's log for endpoint ("" for all).
func (e *testEnv) requests(endpoint string) []mockserver.RequestRecord {
	e.Server.Close()
	var out []mockserver.RequestRecord
	for _, rec := range e.Mock.Requests() {
		if endpoint == "" || rec.Endpoint == endpoint {
			out = append(out, rec)
		}
	}
	return out
}

// ctx bounds a test's calls so a bug hangs no test for long.
func (e *testEnv) ctx() context.Context {
	ctx, cancel := context.WithTimeout(e.t.Context(), 20*time.Second)
	e.t.Cleanup(cancel)
	return ctx
}

// importImage copies the bj seed image into gz under name.
func (e *testEnv) importImage(name string) didiyun.Job {
	e.t.Helper()
	job, err := e.Client.ImportCIMG(e.ctx(), "gz", didiyun.ImportCIMGInput{
		Name: name, OriginImageUUID: mockserver.SeedImageBJ, OriginRegionID: "bj",
	})
	if err != nil {
		e.t.Fatalf("ImportCIMG %s: %v", name, err)
	}
	return job
}

func (e *testEnv) waitJob(region string, job didiyun.Job) didiyun.Job {
	e.t.Helper()
	done, err := e.Jobs.Wait(e.ctx(), region, job.ID(), time.Time{}, nil)
	if err != nil {
		e.t.Fatalf("WaitJob %s: %v", job.ID(), err)
	}
	return done
}

// addImages stores n Ready images named prefix-NNN in region.
func (e *testEnv) addImages(region, prefix string, n int) {
	for i := range n {
		e.Mock.AddImage(mockserver.Image{Name: fmt.Sprintf("%s-%03d", prefix, i), Regions: []string{region}})
	}
}

// imageUUIDs returns the uuids of region's images in the mock, oldest first.
func (e *testEnv) imageUUIDs(region string) []string {
	var out []string
	for _, img := range e.Mock.Images(region) {
		out = append(out, img.CIMGUUID)
	}
	return out
}

// imagesNamed returns the mock's images in region called name.
func (e *testEnv) imagesNamed(region, name string) []mockserver.Image {
	var out []mockserver.Image
	for _, img := range e.Mock.Images(region) {
		if img.Name == name {
			out = append(out, img)
		}
	}
	return out
}

// asError is errors.As that fails the test when err is not a T.
func asError[T error](t *testing.T, err error) T {
	t.Helper()
	var target T
	if !errors.As(err, &target) {
		t.Fatalf("error %v (%T) is not a %T", err, err, target)
	}
	return target
}

func uuidsOf(images []didiyun.Image) []string {
	out := make([]string, len(images))
	for i, img := range images {
		out[i] = img.UUID
	}
	return out
}

// fakeClock lets the mock's jobs move only when a test says so.
type fakeClock = fakeclock.Clock

func newFakeClock() *fakeClock { return fakeclock.New() }

// htmlPage is what a proxy answers instead of the API.
const htmlPage = "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><p>upstream unavailable</p></body></html>\n"

// answer writes a fixed reply and reports the request handled.
func answer(w http.ResponseWriter, status int, contentType, body string, headers ...string) bool {
	for i := 0; i+1 < len(headers); i += 2 {
		w.Header().Set(headers[i], headers[i+1])
	}
	if contentType != "" {
		w.Header().Set("Content-Type", contentType)
	}
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
	return true
}
