// Package didiyuntest is test support for the client and its sub-packages:
// the mock DiDi Cloud over real HTTP behind a recording front door that a
// test may answer for, and a client for it whose retries wait little. Only
// tests import it.
package didiyuntest

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver"
)

// Paths of the API as the docs give them, by the mock's endpoint names.
var Paths = map[string]string{
	mockserver.EndpointImportCIMG:        "/dicloud/i/storage/cimg/import",
	mockserver.EndpointCreateCIMG:        "/dicloud/i/storage/cimg/create",
	mockserver.EndpointListCIMG:          "/dicloud/i/storage/cimg/list",
	mockserver.EndpointChangeNameCIMG:    "/dicloud/i/storage/cimg/changeName",
	mockserver.EndpointDeleteCIMG:        "/dicloud/i/storage/cimg/delete",
	mockserver.EndpointJobResult:         "/dicloud/i/result",
	mockserver.EndpointListRegionAndZone: "/dicloud/i/region/list",
}

// UserAgent is the user agent of ClientOptions.
const UserAgent = "terraform-provider-didiyun/test (+client unit tests)"

// ClientOptions shortens every wait so tests do not idle.
func ClientOptions() didiyun.Options {
	return didiyun.Options{
		UserAgent:    UserAgent,
		MaxRetries:   didiyun.DefaultMaxRetries,
		RetryWaitMin: 5 * time.Millisecond,
		RetryWaitMax: 50 * time.Millisecond,
	}
}

// Arrival is one request as it reached the front door, headers included
// (the mock's own log never records headers).
type Arrival struct {
	At     time.Time
	Method string
	Path   string
	Query  string
	Header http.Header
}

// Intercept may answer a request itself (returning true) instead of the
// mock; n counts the earlier arrivals on the same path.
type Intercept func(w http.ResponseWriter, r *http.Request, n int) bool

// FrontDoor is an in-process mock DiDi Cloud behind a recording front door
// over real HTTP.
type FrontDoor struct {
	t      *testing.T
	Mock   *mockserver.Server
	Server *httptest.Server

	mu        sync.Mutex
	arrivals  []Arrival
	intercept Intercept
	faultPath string
	faultLeft int
}

// NewFrontDoor starts a mock behind a front door, for the test: jobs of
// 200 ms and seed 1, changed by each of opts.
func NewFrontDoor(t *testing.T, opts ...func(*mockserver.Options)) *FrontDoor {
	t.Helper()
	o := mockserver.Options{JobDuration: 200 * time.Millisecond, Seed: 1}
	for _, f := range opts {
		if f != nil {
			f(&o)
		}
	}
	d := &FrontDoor{t: t, Mock: mockserver.New(o)}
	d.Server = httptest.NewServer(http.HandlerFunc(d.serve))
	t.Cleanup(d.Server.Close)
	return d
}

// NewClient is a client of the mock with ClientOptions, changed by each of opts.
func (d *FrontDoor) NewClient(opts ...func(*didiyun.Options)) *didiyun.Client {
	d.t.Helper()
	o := ClientOptions()
	o.Endpoint = d.Server.URL
	o.Token = d.Mock.Token()
	for _, f := range opts {
		if f != nil {
			f(&o)
		}
	}
	client, err := didiyun.New(o)
	if err != nil {
		d.t.Fatalf("didiyun.New: %v", err)
	}
	return client
}

func (d *FrontDoor) serve(w http.ResponseWriter, r *http.Request) {
	d.mu.Lock()
	n := 0
	for _, a := range d.arrivals {
		if a.Path == r.URL.Path {
			n++
		}
	}
	d.arrivals = append(d.arrivals, Arrival{
		At: time.Now(), Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Header: r.Header.Clone(),
	})
	intercept := d.intercept
	if d.faultPath != "" && d.faultPath == r.URL.Path {
		if d.faultLeft == 0 {
			d.Mock.SetFaults()
			d.faultPath = ""
		} else {
			d.faultLeft--
		}
	}
	d.mu.Unlock()

	if intercept != nil && intercept(w, r, n) {
		return
	}
	d.Mock.ServeHTTP(w, r)
}

// SetIntercept lets f answer requests before the mock sees them.
func (d *FrontDoor) SetIntercept(f Intercept) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.intercept = f
}

// FaultFirst injects rules into the first n requests to endpoint only; the
// request after them finds the faults cleared.
func (d *FrontDoor) FaultFirst(endpoint string, n int, rules ...mockserver.FaultRule) {
	d.t.Helper()
	path, ok := Paths[endpoint]
	if !ok {
		d.t.Fatalf("unknown endpoint %q", endpoint)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.Mock.SetFaults(rules...)
	d.faultPath, d.faultLeft = path, n
}

// ArrivalsAt returns the requests that reached the front door on endpoint.
func (d *FrontDoor) ArrivalsAt(endpoint string) []Arrival {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out []Arrival
	for _, a := range d.arrivals {
		if a.Path == Paths[endpoint] {
			out = append(out, a)
		}
	}
	return out
}

// Arrivals returns every request that reached the front door.
func (d *FrontDoor) Arrivals() []Arrival {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]Arrival(nil), d.arrivals...)
}

// ImagesNamed returns the mock's images in region called name.
func (d *FrontDoor) ImagesNamed(region, name string) []mockserver.Image {
	var out []mockserver.Image
	for _, img := range d.Mock.Images(region) {
		if img.Name == name {
			out = append(out, img)
		}
	}
	return out
}

// Ctx bounds a test's calls so a bug hangs no test for long.
func Ctx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// Answer writes a fixed reply and reports the request handled.
func Answer(w http.ResponseWriter, status int, contentType, body string, headers ...string) bool {
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

// AsError is errors.As that fails the test when err is not a T.
func AsError[T error](t *testing.T, err error) T {
	t.Helper()
	var target T
	if !errors.As(err, &target) {
		t.Fatalf("error %v (%T) is not a %T", err, err, target)
	}
	return target
}
