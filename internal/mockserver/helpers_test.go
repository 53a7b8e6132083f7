package mockserver

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/didiyun/terraform-provider-didiyun/internal/fakeclock"
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver/openapi"
)

// fakeClock lets the mock's jobs move only when a test says so.
type fakeClock = fakeclock.Clock

func newFakeClock() *fakeClock { return fakeclock.New() }

// fixture is a mock on a fake clock, called in-process through a recorder.
type fixture struct {
	t     *testing.T
	s     *Server
	clock *fakeClock
}

func newFixture(t *testing.T, opts Options) *fixture {
	t.Helper()
	clock := newFakeClock()
	if opts.Now == nil {
		opts.Now = clock.Now
	}
	return &fixture{t: t, s: New(opts), clock: clock}
}

// response is an answer with its envelope decoded (when it is one).
type response struct {
	Status int
	Header http.Header
	Body   []byte
	Env    struct {
		Errno     int             `json:"errno"`
		Errmsg    string          `json:"errmsg"`
		RequestID string          `json:"requestId"`
		Data      json.RawMessage `json:"data"`
	}
}

func (f *fixture) do(req *http.Request) response {
	f.t.Helper()
	rec := httptest.NewRecorder()
	f.s.ServeHTTP(rec, req)
	resp := response{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
	// Admin answers may be arrays; only objects can be envelopes.
	if strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") && json.Valid(resp.Body) && bytes.HasPrefix(resp.Body, []byte("{")) {
		if err := json.Unmarshal(resp.Body, &resp.Env); err != nil {
			f.t.Fatalf("decode envelope: %v\n%s", err, resp.Body)
		}
	}
	return resp
}

// newPost builds an authorised JSON POST; body may be a string or a value.
func (f *fixture) newPost(path string, body any) *http.Request {
	f.t.Helper()
	var raw []byte
	switch b := body.(type) {
	case string:
		raw = []byte(b)
	default:
		var err error
		if raw, err = json.Marshal(b); err != nil {
			f.t.Fatalf("marshal body: %v", err)
		}
	}
	req := httptest.NewRequest(http.MethodPost, path, bytes.NewReader(raw))
	req.Header.Set("Authorization", "Bearer "+f.s.Token())
	req.Header.Set("Content-Type", "application/json")
	return req
}

func (f *fixture) post(path string, body any) response {
	f.t.Helper()
	return f.do(f.newPost(path, body))
}

func (f *fixture) get(path string, query url.Values) response {
	f.t.Helper()
	req := httptest.NewRequest(http.MethodGet, path+"?"+query.Encode(), nil)
	req.Header.Set("Authorization", "Bearer "+f.s.Token())
	return f.do(req)
}

// ok fails the test unless the answer is HTTP 200 errno 0, and decodes data.
func (f *fixture) ok(resp response, data any) {
	f.t.Helper()
	if resp.Status != http.StatusOK || resp.Env.Errno != 0 {
		f.t.Fatalf("want HTTP 200 errno 0, got HTTP %d errno %d: %s", resp.Status, resp.Env.Errno, resp.Body)
	}
	if data != nil {
		if err := json.Unmarshal(resp.Env.Data, data); err != nil {
			f.t.Fatalf("decode data: %v\n%s", err, resp.Env.Data)
		}
	}
}

// wantErrno fails the test unless the answer carries errno and, when given,
// an errmsg containing detail.
func (f *fixture) wantErrno(resp response, errno int, detail string) {
	f.t.Helper()
	if resp.Env.Errno != errno {
		f.t.Fatalf("want errno %d, got HTTP %d errno %d: %s", errno, resp.Status, resp.Env.Errno, resp.Body)
	}
	if !strings.HasPrefix(resp.Env.Errmsg, openapi.ErrnoMessage(errno)) {
		f.t.Errorf("errmsg %q does not start with the docs' message %q", resp.Env.Errmsg, openapi.ErrnoMessage(errno))
	}
	if detail != "" && !strings.Contains(resp.Env.Errmsg, detail) {
		f.t.Errorf("errmsg %q does not mention %q", resp.Env.Errmsg, detail)
	}
}

const (
	pathImport     = "/dicloud/i/storage/cimg/import"
	pathCreate     = "/dicloud/i/storage/cimg/create"
	pathList       = "/dicloud/i/storage/cimg/list"
	pathChangeName = "/dicloud/i/storage/cimg/changeName"
	pathDelete     = "/dicloud/i/storage/cimg/delete"
	pathResult     = "/dicloud/i/result"
	pathRegions    = "/dicloud/i/region/list"
)

// importOne copies SeedImageBJ into gz and returns the job.
func (f *fixture) importOne(name string) Job {
	f.t.Helper()
	var jobs []Job
	f.ok(f.post(pathImport, map[string]any{
		"regionId": "gz",
		"cimg":     []map[string]string{{"name": name, "originImageUuid": SeedImageBJ, "originRegionId": "bj"}},
	}), &jobs)
	if len(jobs) != 1 {
		f.t.Fatalf("want 1 job, got %d", len(jobs))
	}
	return jobs[0]
}

// jobs asks JobResult about uuids in a region.
func (f *fixture) jobs(regionID string, uuids ...string) []Job {
	f.t.Helper()
	var jobs []Job
	f.ok(f.get(pathResult, url.Values{"regionId": {regionID}, "jobUuids": {strings.Join(uuids, ",")}}), &jobs)
	return jobs
}

func (f *fixture) job(regionID, uuid string) Job {
	f.t.Helper()
	return f.jobs(regionID, uuid)[0]
}

// listPage is ListCIMG's data in the object shape of the official example.
type listPage struct {
	Count int     `json:"count"`
	Items []Image `json:"items"`
}

// list calls ListCIMG in the object shape.
func (f *fixture) list(body map[string]any) listPage {
	f.t.Helper()
	var page listPage
	f.ok(f.post(pathList, body), &page)
	return page
}

// listed returns the image as ListCIMG shows it, if it does.
func (f *fixture) listed(regionID, uuid string) (Image, bool) {
	f.t.Helper()
	for _, img := range f.list(map[string]any{"regionId": regionID, "limit": 100}).Items {
		if img.CIMGUUID == uuid {
			return img, true
		}
	}
	return Image{}, false
}

var hex32 = regexp.MustCompile(`^[0-9a-f]{32}$`)
