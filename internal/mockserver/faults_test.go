package mockserver

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver/admin"
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver/openapi"
)

var importBody = map[string]any{"regionId": "gz", "cimg": map[string]string{"name": "copy", "originImageUuid": SeedImageBJ, "originRegionId": "bj"}}

func TestFaultsWithoutEffect(t *testing.T) {
	tests := []struct {
		name  string
		rule  FaultRule
		check func(t *testing.T, f *fixture, resp response)
	}{
		{"http500", FaultRule{Kind: FaultHTTP500, Probability: 1}, func(t *testing.T, f *fixture, resp response) {
			if resp.Status != 500 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") || !strings.Contains(string(resp.Body), "<html>") {
				t.Errorf("HTTP %d %s: %s", resp.Status, resp.Header.Get("Content-Type"), resp.Body)
			}
		}},
		{"http429 default Retry-After", FaultRule{Kind: FaultHTTP429, Probability: 1}, func(t *testing.T, f *fixture, resp response) {
			if resp.Status != 429 || resp.Header.Get("Retry-After") != "1" {
				t.Errorf("HTTP %d Retry-After %q", resp.Status, resp.Header.Get("Retry-After"))
			}
		}},
		{"http429 rounds up", FaultRule{Kind: FaultHTTP429, Probability: 1, RetryAfter: 1500 * time.Millisecond}, func(t *testing.T, f *fixture, resp response) {
			if resp.Header.Get("Retry-After") != "2" {
				t.Errorf("Retry-After %q, want 2", resp.Header.Get("Retry-After"))
			}
		}},
		{"http429 at least one second", FaultRule{Kind: FaultHTTP429, Probability: 1, RetryAfter: 10 * time.Millisecond}, func(t *testing.T, f *fixture, resp response) {
			if resp.Header.Get("Retry-After") != "1" {
				t.Errorf("Retry-After %q, want 1", resp.Header.Get("Retry-After"))
			}
		}},
		{"errno default", FaultRule{Kind: FaultErrno, Probability: 1}, func(t *testing.T, f *fixture, resp response) {
			if resp.Status != 200 {
				t.Errorf("HTTP %d, want 200", resp.Status)
			}
			f.wantErrno(resp, openapi.ErrnoServerError, "")
		}},
		{"errno arrears", FaultRule{Kind: FaultErrno, Probability: 1, Errno: openapi.ErrnoArrears}, func(t *testing.T, f *fixture, resp response) {
			f.wantErrno(resp, openapi.ErrnoArrears, "")
		}},
		{"errno41026", FaultRule{Kind: FaultErrno41026, Probability: 1}, func(t *testing.T, f *fixture, resp response) {
			if resp.Status != 200 {
				t.Errorf("HTTP %d, want 200", resp.Status)
			}
			f.wantErrno(resp, openapi.ErrnoImageNotFound, "injected fault")
		}},
		{"datanull", FaultRule{Kind: FaultDataNull, Probability: 1}, func(t *testing.T, f *fixture, resp response) {
			f.ok(resp, nil)
			if string(resp.Env.Data) != "null" {
				t.Errorf("data = %s, want null", resp.Env.Data)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, Options{})
			f.s.SetFaults(tt.rule)
			resp := f.post(pathImport, importBody)
			tt.check(t, f, resp)
			if n := len(f.s.Images("gz")); n != 4 {
				t.Errorf("a faulted import took effect: gz has %d images", n)
			}
			if got := f.s.FaultCounts()[string(tt.rule.Kind)]; got != 1 {
				t.Errorf("FaultCounts[%s] = %d, want 1", tt.rule.Kind, got)
			}
			reqs := f.s.Requests()
			if last := reqs[len(reqs)-1]; last.Fault != string(tt.rule.Kind) || last.Status != resp.Status || last.Endpoint != EndpointImportCIMG {
				t.Errorf("request log = %+v", last)
			}
			if got := f.s.Count(EndpointImportCIMG); got != 1 {
				t.Errorf("Count(ImportCIMG) = %d, want 1 (faulted requests count)", got)
			}
		})
	}
}

func TestFaultTruncated(t *testing.T) {
	f := newFixture(t, Options{})
	f.s.SetFaults(FaultRule{Endpoint: EndpointImportCIMG, Kind: FaultTruncated, Probability: 1})
	resp := f.post(pathImport, importBody)
	if resp.Status != 200 || json.Valid(resp.Body) || !strings.HasPrefix(string(resp.Body), `{"errno":0`) {
		t.Errorf("HTTP %d body %q, want the first half of a JSON envelope", resp.Status, resp.Body)
	}
	if n := len(f.s.Images("gz")); n != 5 {
		t.Errorf("a truncated import must still take effect: gz has %d images", n)
	}
}

func TestFaultErrno41026OnAnyEndpoint(t *testing.T) {
	tests := []struct {
		endpoint string
		send     func(f *fixture) response
	}{
		{EndpointListCIMG, func(f *fixture) response { return f.post(pathList, map[string]any{"regionId": "gz", "limit": 10}) }},
		{EndpointJobResult, func(f *fixture) response {
			return f.get(pathResult, map[string][]string{"regionId": {"gz"}, "jobUuids": {SeedJobGZ}})
		}},
		{EndpointChangeNameCIMG, func(f *fixture) response {
			return f.post(pathChangeName, map[string]any{"cimg": map[string]string{"cimgUuid": SeedImageGZ, "name": "renamed"}})
		}},
		{EndpointDeleteCIMG, func(f *fixture) response {
			return f.post(pathDelete, map[string]any{"cimg": map[string]string{"cimgUuid": SeedImageGZ}})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.endpoint, func(t *testing.T) {
			f := newFixture(t, Options{})
			f.s.SetFaults(FaultRule{Endpoint: tt.endpoint, Kind: FaultErrno41026, Probability: 1})
			f.wantErrno(tt.send(f), openapi.ErrnoImageNotFound, "")
			if img, _ := f.s.Image(SeedImageGZ); img.Job != nil || img.Name != SeedImageGZName {
				t.Errorf("an errno41026 answer took effect: %+v", img)
			}
			f.s.SetFaults()
			f.ok(tt.send(f), nil) // the image was there all along
		})
	}
}

// TestFaultDropAndLost contrasts the two ways a connection closes without an
// answer: drop after the request took effect, lost before.
func TestFaultDropAndLost(t *testing.T) {
	tests := []struct {
		kind       FaultKind
		wantImages int
	}{
		{FaultDrop, 5},       // the import happened
		{admin.FaultLost, 4}, // the import never reached the handler
	}
	for _, tt := range tests {
		t.Run(string(tt.kind), func(t *testing.T) {
			s, ts := NewTestServer(Options{})
			defer ts.Close()
			s.SetFaults(FaultRule{Endpoint: EndpointImportCIMG, Kind: tt.kind, Probability: 1})
			raw, _ := json.Marshal(importBody)
			req, _ := http.NewRequest(http.MethodPost, ts.URL+pathImport, strings.NewReader(string(raw)))
			req.Header.Set("Authorization", "Bearer "+s.Token())
			req.Header.Set("Content-Type", "application/json")
			resp, err := ts.Client().Do(req)
			if err == nil {
				resp.Body.Close()
				t.Fatalf("want a broken connection, got HTTP %d", resp.StatusCode)
			}
			if n := len(s.Images("gz")); n != tt.wantImages {
				t.Errorf("gz has %d images, want %d", n, tt.wantImages)
			}
			reqs := s.Requests()
			if last := reqs[len(reqs)-1]; last.Fault != string(tt.kind) || last.Status != 0 || last.Errno != 0 {
				t.Errorf("request log = %+v", last)
			}
			if got := s.FaultCounts()[string(tt.kind)]; got != 1 {
				t.Errorf("FaultCounts[%s] = %d, want 1", tt.kind, got)
			}
		})
	}
}

func TestFaultDropAndLostWithoutHijacker(t *testing.T) {
	tests := []struct {
		kind       FaultKind
		wantImages int
	}{
		{FaultDrop, 5},
		{admin.FaultLost, 4},
	}
	for _, tt := range tests {
		t.Run(string(tt.kind), func(t *testing.T) {
			f := newFixture(t, Options{})
			f.s.SetFaults(FaultRule{Kind: tt.kind, Probability: 1})
			defer func() {
				if r := recover(); r != http.ErrAbortHandler { //nolint:errorlint // recover returns the very value passed to panic
					t.Errorf("recovered %v, want http.ErrAbortHandler", r)
				}
				if len(f.s.Requests()) != 1 {
					t.Error("an aborted request was not logged")
				}
				if n := len(f.s.Images("gz")); n != tt.wantImages {
					t.Errorf("gz has %d images, want %d", n, tt.wantImages)
				}
			}()
			f.s.ServeHTTP(httptest.NewRecorder(), f.newPost(pathImport, importBody))
		})
	}
}

func TestFaultOversizePage(t *testing.T) {
	f := newFixture(t, Options{})
	f.s.SetFaults(FaultRule{Kind: FaultOversizePage, Probability: 1})
	page := f.list(map[string]any{"regionId": "gz", "limit": 1})
	if page.Count != 4 || len(page.Items) != 3 {
		t.Errorf("count %d, %d items; want 4 and limit*2+1 = 3", page.Count, len(page.Items))
	}
	page = f.list(map[string]any{"regionId": "gz", "start": 2, "limit": 2})
	if len(page.Items) != 2 {
		t.Errorf("%d items, want the 2 that exist past start 2", len(page.Items))
	}
	f.ok(f.post(pathImport, importBody), nil)
	if got := f.s.FaultCounts()["oversize"]; got != 2 {
		t.Errorf("oversize rules must only hit ListCIMG; counted %d", got)
	}
}

func TestFaultLatency(t *testing.T) {
	f := newFixture(t, Options{})
	f.s.SetFaults(
		FaultRule{Kind: FaultLatency, Probability: 1, Latency: time.Millisecond},
		FaultRule{Kind: FaultErrno, Probability: 1, Errno: openapi.ErrnoServerUnknown},
	)
	f.wantErrno(f.post(pathRegions, `{"condition":{"product":"dc2"}}`), openapi.ErrnoServerUnknown, "")
	if got := f.s.FaultCounts(); got["latency"] != 1 || got["errno"] != 1 {
		t.Errorf("latency must add its delay and let later rules roll: %v", got)
	}
	reqs := f.s.Requests()
	if fault := reqs[len(reqs)-1].Fault; fault != "latency,errno" {
		t.Errorf("logged fault %q", fault)
	}

	f.s.SetFaults(FaultRule{Kind: FaultLatency, Probability: 1, Latency: time.Hour})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rec := httptest.NewRecorder()
	f.s.ServeHTTP(rec, f.newPost(pathImport, importBody).WithContext(ctx))
	if n := len(f.s.Images("gz")); n != 4 {
		t.Errorf("a request whose client left during the latency took effect")
	}
	reqs = f.s.Requests()
	if last := reqs[len(reqs)-1]; last.Status != 0 || last.Fault != "latency" {
		t.Errorf("request log = %+v", last)
	}
}

func TestFaultFirstHitWinsAndEndpointFilter(t *testing.T) {
	f := newFixture(t, Options{})
	f.s.SetFaults(
		FaultRule{Endpoint: EndpointListCIMG, Kind: FaultHTTP500, Probability: 1},
		FaultRule{Kind: FaultHTTP429, Probability: 1},
		FaultRule{Kind: FaultHTTP500, Probability: 1},
	)
	if resp := f.post(pathList, map[string]any{"regionId": "gz", "limit": 1}); resp.Status != 500 {
		t.Errorf("ListCIMG: HTTP %d, want 500 from its own rule", resp.Status)
	}
	if resp := f.post(pathRegions, `{"condition":{"product":"dc2"}}`); resp.Status != 429 {
		t.Errorf("ListRegionAndZone: HTTP %d, want 429 from the first matching rule", resp.Status)
	}
	if got := f.s.FaultCounts(); got["http500"] != 1 || got["http429"] != 1 {
		t.Errorf("fault counts %v", got)
	}
	f.s.SetFaults()
	f.ok(f.post(pathRegions, `{"condition":{"product":"dc2"}}`), nil)
}

// faultSequence records which of n requests were faulted.
func faultSequence(t *testing.T, seed int64, n int) string {
	t.Helper()
	f := newFixture(t, Options{Seed: seed})
	f.s.SetFaults(
		FaultRule{Kind: FaultHTTP500, Probability: 0.2},
		FaultRule{Kind: FaultErrno, Probability: 0.3},
	)
	var seq strings.Builder
	for range n {
		resp := f.post(pathRegions, `{"condition":{"product":"dc2"}}`)
		switch {
		case resp.Status == 500:
			seq.WriteByte('5')
		case resp.Env.Errno != 0:
			seq.WriteByte('e')
		default:
			seq.WriteByte('.')
		}
	}
	return seq.String()
}

func TestFaultSeedReproducible(t *testing.T) {
	a, b := faultSequence(t, 42, 60), faultSequence(t, 42, 60)
	if a != b {
		t.Errorf("same seed, different faults:\n%s\n%s", a, b)
	}
	if !strings.Contains(a, "5") || !strings.Contains(a, "e") || !strings.Contains(a, ".") {
		t.Errorf("sequence %s lacks a kind of outcome", a)
	}
	if c := faultSequence(t, 43, 60); c == a {
		t.Errorf("seeds 42 and 43 gave the same sequence %s", a)
	}

	f := newFixture(t, Options{Seed: 42})
	f.s.SetFaults(FaultRule{Kind: FaultHTTP500, Probability: 0.5})
	first := f.s.faults.Roll(EndpointListCIMG).Label() + f.s.faults.Roll(EndpointListCIMG).Label()
	f.s.SetFaultSeed(42)
	if again := f.s.faults.Roll(EndpointListCIMG).Label() + f.s.faults.Roll(EndpointListCIMG).Label(); again != first {
		t.Errorf("SetFaultSeed did not restart the dice: %q then %q", first, again)
	}
}

func TestSetFaultsRejectsBadRules(t *testing.T) {
	for _, rule := range []FaultRule{
		{Kind: "explode", Probability: 1},
		{Kind: FaultHTTP500, Probability: 2},
		{Kind: FaultHTTP500, Probability: 1, Endpoint: "ListImages"},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("SetFaults(%+v) did not panic", rule)
				}
			}()
			newFixture(t, Options{}).s.SetFaults(rule)
		}()
	}
}
