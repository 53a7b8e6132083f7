package mockserver

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver/openapi"
)

func TestAdminImagesAreCopies(t *testing.T) {
	f := newFixture(t, Options{})
	imgs := f.s.Images("bj")
	if len(imgs) != 3 {
		t.Fatalf("bj has %d images, want 3", len(imgs))
	}
	imgs[0].Name = "mutated"
	imgs[0].Regions[0] = "mutated"
	for _, img := range f.s.Images("bj") {
		if img.Name == "mutated" || img.Regions[0] != "bj" {
			t.Errorf("Images returned state, not a copy: %+v", img)
		}
	}
	if all := f.s.Images(""); len(all) != 7 {
		t.Errorf("all regions: %d images, want 7", len(all))
	}
}

func TestAdminOutOfBandChanges(t *testing.T) {
	f := newFixture(t, Options{})
	if !f.s.RenameImage(SeedImageGZ, "drifted") {
		t.Fatal("RenameImage found nothing")
	}
	if img, _ := f.listed("gz", SeedImageGZ); img.Name != "drifted" {
		t.Errorf("name = %q, want drifted at once", img.Name)
	}
	if !f.s.DeleteImage(SeedImageGZ) {
		t.Fatal("DeleteImage found nothing")
	}
	if _, ok := f.listed("gz", SeedImageGZ); ok {
		t.Error("out-of-band delete still listed")
	}
	if f.s.DeleteImage(SeedImageGZ) || f.s.RenameImage(SeedImageGZ, "x") {
		t.Error("admin calls on a missing image reported success")
	}
	added := f.s.AddImage(Image{Name: "added", Regions: []string{"bj"}})
	if !hex32.MatchString(added.CIMGUUID) || added.Status != ImageStatusReady || len(added.Zones) != 1 || added.CreateTime != f.clock.Now().UnixMilli() {
		t.Errorf("AddImage = %+v", added)
	}
	if _, ok := f.listed("bj", added.CIMGUUID); !ok {
		t.Error("added image not listed")
	}
}

func TestReset(t *testing.T) {
	opts := Options{
		JobDuration:       time.Second,
		MaxPageSize:       3,
		ListShape:         ListShapeAlternate,
		NamesMatch:        NamesMatchPrefix,
		ListChurn:         ListChurn{NamePrefix: "churn-", PerPage: 1},
		DeleteCancelsJobs: true,
	}
	f := newFixture(t, opts)
	f.importOne("copy")
	f.s.SetFaults(FaultRule{Endpoint: EndpointListCIMG, Kind: FaultHTTP500, Probability: 1})
	f.s.SetJobOutcome("", JobOutcome{Fail: true})
	f.s.SetJobDuration(time.Hour)
	f.s.SetMaxPageSize(50)
	f.s.SetListShape(ListShapeArray)
	f.s.SetNamesMatch(NamesMatchExact)
	f.s.SetListChurn(ListChurn{})
	f.s.SetDeleteCancelsJobs(false)
	f.s.RenameImage(SeedImageBJ, "x")
	f.post(pathList, map[string]any{"regionId": "gz", "limit": 1})

	f.s.Reset()
	if n := len(f.s.Requests()); n != 0 {
		t.Errorf("%d requests logged after Reset", n)
	}
	if len(f.s.Counts()) != 0 || len(f.s.FaultCounts()) != 0 || f.s.JobUUIDsAsked() != 0 {
		t.Errorf("counters survived Reset: %v %v", f.s.Counts(), f.s.FaultCounts())
	}
	if img, _ := f.s.Image(SeedImageBJ); img.Name != SeedImageBJName {
		t.Errorf("seed name not restored: %q", img.Name)
	}
	// The Options' settings are back: alternate shape from object, cap 3,
	// prefix names, churn, a delete that cancels.
	page := f.list(map[string]any{"regionId": "gz", "limit": 10, "condition": map[string]any{"names": []string{"gz-"}}})
	if page.Count != 2 {
		t.Errorf("names \"gz-\" matched %d images after Reset, want 2 by prefix", page.Count)
	}
	if shape := f.shapeOf(f.post(pathList, map[string]any{"regionId": "gz", "limit": 10})); shape != ListShapeArray {
		t.Errorf("second page after Reset is %s, want array (alternating)", shape)
	}
	f.s.AddImage(Image{Name: "churn-me", CreateTime: 1})
	for _, name := range []string{"a", "b", "c"} {
		f.s.AddImage(Image{Name: name})
	}
	if page := f.list(map[string]any{"regionId": "gz", "start": 1, "limit": 10}); len(page.Items) != 3 || f.s.ChurnDeleted() != 1 {
		t.Errorf("after Reset: %d items (want the cap 3), ChurnDeleted %d (want 1)", len(page.Items), f.s.ChurnDeleted())
	}
	job := f.importOne("after-reset")
	f.ok(f.post(pathDelete, map[string]any{"cimg": map[string]string{"cimgUuid": job.ResourceUUID}}), nil)
	if got := f.job("gz", job.JobUUID); !strings.Contains(got.Result, "cancelled") {
		t.Errorf("DeleteCancelsJobs not restored: import job = %+v", got)
	}
	other := f.importOne("after-reset-2")
	f.clock.Advance(time.Second)
	if got := f.job("gz", other.JobUUID); !got.Success {
		t.Errorf("job outcome or duration survived Reset: %+v", got)
	}
	f.s.Reset()
	if f.s.ChurnDeleted() != 0 {
		t.Errorf("ChurnDeleted = %d after Reset", f.s.ChurnDeleted())
	}
	// Whichever shape was next, the alternation restarts with object.
	for range 2 {
		if shape := f.shapeOf(f.post(pathList, map[string]any{"regionId": "gz", "limit": 1})); shape != ListShapeObject {
			t.Errorf("the first page after Reset is %s, want object", shape)
		}
		f.s.Reset()
	}
}

func TestNewAndSettersRejectWhatNoServerCouldPlay(t *testing.T) {
	tests := []struct {
		name string
		call func()
	}{
		{"New: list shape", func() { New(Options{ListShape: "table"}) }},
		{"New: names match", func() { New(Options{NamesMatch: "fuzzy"}) }},
		{"New: churn without prefix", func() { New(Options{ListChurn: ListChurn{PerPage: 1}}) }},
		{"New: job duration spread", func() { New(Options{JobDurationSpread: 1.01}) }},
		{"SetJobDurationSpread negative", func() { New(Options{}).SetJobDurationSpread(-0.5) }},
		{"SetListShape", func() { New(Options{}).SetListShape("table") }},
		{"SetNamesMatch", func() { New(Options{}).SetNamesMatch("regex") }},
		{"SetListChurn without prefix", func() { New(Options{}).SetListChurn(ListChurn{PerPage: 1}) }},
		{"SetListChurn negative", func() { New(Options{}).SetListChurn(ListChurn{NamePrefix: "x", PerPage: -1}) }},
		{"New: negative JobResult lag", func() { New(Options{JobResultLag: -time.Second}) }},
		{"New: JobResult lag mode", func() { New(Options{JobResultLagMode: "drop"}) }},
		{"New: negative listing lag", func() { New(Options{ListingLag: -time.Millisecond}) }},
		{"SetJobResultLag negative", func() { New(Options{}).SetJobResultLag(-time.Second, JobResultLagOmit) }},
		{"SetJobResultLag mode", func() { New(Options{}).SetJobResultLag(time.Second, "drop") }},
		{"SetListingLag negative", func() { New(Options{}).SetListingLag(-time.Second) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if r, _ := recover().(string); !strings.HasPrefix(r, "mockserver: ") {
					t.Errorf("want a panic naming the package, got %q", r)
				}
			}()
			tt.call()
		})
	}
	s := New(Options{})
	s.SetListShape("") // "" means the defaults, as in Options
	s.SetNamesMatch("")
	s.SetListChurn(ListChurn{NamePrefix: "x"})
	s.SetJobResultLag(0, "") // "" means omit, as in Options
}

func TestRequestLog(t *testing.T) {
	f := newFixture(t, Options{})
	f.post(pathList, map[string]any{"regionId": "bj", "limit": 1})
	f.post(pathImport, map[string]any{"cimg": map[string]string{"name": "x", "originImageUuid": SeedImageBJ, "originRegionId": "bj"}})
	f.get(pathResult, map[string][]string{"regionId": {"gz"}, "jobUuids": {"nope"}})
	req := httptest.NewRequest(http.MethodGet, "/elsewhere", nil)
	f.do(req)

	reqs := f.s.Requests()
	if len(reqs) != 4 {
		t.Fatalf("%d requests logged, want 4", len(reqs))
	}
	want := []struct {
		endpoint, region string
		status, errno    int
	}{
		{EndpointListCIMG, "bj", 200, 0},
		{EndpointImportCIMG, "gz", 200, 0}, // the default region applied
		{EndpointJobResult, "gz", 200, openapi.ErrnoInvalidParameter},
		{"", "", 404, openapi.ErrnoWrongCall},
	}
	for i, w := range want {
		r := reqs[i]
		if r.Endpoint != w.endpoint || r.RegionID != w.region || r.Status != w.status || r.Errno != w.errno || !hex32.MatchString(r.RequestID) {
			t.Errorf("requests[%d] = %+v, want %+v", i, r, w)
		}
	}
	if !strings.Contains(string(reqs[0].Body), `"limit":1`) || reqs[2].Query == "" {
		t.Errorf("body or query missing: %+v", reqs[:3])
	}
	encoded, _ := json.Marshal(reqs)
	if strings.Contains(string(encoded), f.s.Token()) || strings.Contains(strings.ToLower(string(encoded)), "bearer") {
		t.Error("the request log contains the token")
	}
	if counts := f.s.Counts(); counts[EndpointListCIMG] != 1 || counts[EndpointImportCIMG] != 1 || counts[EndpointJobResult] != 1 || len(counts) != 3 {
		t.Errorf("Counts = %v", counts)
	}
}

func TestOnRequestHook(t *testing.T) {
	var got []RequestRecord
	f := newFixture(t, Options{OnRequest: func(rec RequestRecord) { got = append(got, rec) }})
	f.post(pathRegions, `{"condition":{"product":"dc2"}}`)
	f.do(httptest.NewRequest(http.MethodPost, "/_mock/reset", nil))
	if len(got) != 2 || got[0].Endpoint != EndpointListRegionAndZone || got[1].Endpoint != "admin" || got[1].Status != 200 {
		t.Errorf("OnRequest saw %+v", got)
	}
}

func TestAdminHTTP(t *testing.T) {
	f := newFixture(t, Options{})
	admin := func(method, path, body string) response {
		t.Helper()
		return f.do(httptest.NewRequest(method, path, strings.NewReader(body)))
	}
	wantStatus := func(resp response, status int) {
		t.Helper()
		if resp.Status != status {
			t.Fatalf("HTTP %d, want %d: %s", resp.Status, status, resp.Body)
		}
	}

	var imgs []Image
	resp := admin(http.MethodGet, "/_mock/images?regionId=gz", "")
	wantStatus(resp, 200)
	if err := json.Unmarshal(resp.Body, &imgs); err != nil || len(imgs) != 4 {
		t.Errorf("images: %v %d", err, len(imgs))
	}

	wantStatus(admin(http.MethodPost, "/_mock/images/rename", `{"cimgUuid":"`+SeedImageGZ+`","name":"drift"}`), 200)
	if img, _ := f.s.Image(SeedImageGZ); img.Name != "drift" {
		t.Errorf("rename: %q", img.Name)
	}
	wantStatus(admin(http.MethodPost, "/_mock/images/delete", `{"cimgUuid":"`+SeedImageGZ+`"}`), 200)
	wantStatus(admin(http.MethodPost, "/_mock/images/delete", `{"cimgUuid":"`+SeedImageGZ+`"}`), 404)

	wantStatus(admin(http.MethodPost, "/_mock/config", `{"jobDurationMs":10000,"listShape":"array"}`), 200)
	wantStatus(admin(http.MethodPost, "/_mock/config", `{"listShape":"table"}`), 400)
	var items []Image
	f.ok(f.post(pathList, map[string]any{"regionId": "bj", "limit": 10}), &items)

	job := f.importOne("copy")
	f.clock.Advance(5 * time.Second)
	if got := f.job("gz", job.JobUUID); got.Progress != 50 {
		t.Errorf("jobDurationMs not applied: %+v", got)
	}
	wantStatus(admin(http.MethodPost, "/_mock/jobs/fail", `{"jobUuid":"`+job.JobUUID+`","result":"boom"}`), 200)
	wantStatus(admin(http.MethodPost, "/_mock/jobs/fail", `{"jobUuid":"`+job.JobUUID+`"}`), 409)
	if got := f.job("gz", job.JobUUID); got.Result != "boom" {
		t.Errorf("fail: %+v", got)
	}

	wantStatus(admin(http.MethodPost, "/_mock/job-outcome", `{"type":"ImportCIMG","hang":true}`), 200)
	hung := f.importOne("hung")
	f.clock.Advance(time.Hour)
	if got := f.job("gz", hung.JobUUID); got.Done {
		t.Errorf("job-outcome hang not applied: %+v", got)
	}

	wantStatus(admin(http.MethodPost, "/_mock/faults", `{"rules":[{"endpoint":"ListRegionAndZone","kind":"http429","probability":1,"retryAfterMs":2500}],"seed":7}`), 200)
	if resp := f.post(pathRegions, `{"condition":{"product":"dc2"}}`); resp.Status != 429 || resp.Header.Get("Retry-After") != "3" {
		t.Errorf("fault via admin: HTTP %d Retry-After %q", resp.Status, resp.Header.Get("Retry-After"))
	}
	wantStatus(admin(http.MethodPost, "/_mock/faults", `{"rules":[{"kind":"meteor","probability":1}]}`), 400)
	wantStatus(admin(http.MethodPost, "/_mock/faults", `{"rulez":[]}`), 400)
	wantStatus(admin(http.MethodPost, "/_mock/faults", `{"rules":[`), 400)

	var c counters
	resp = admin(http.MethodGet, "/_mock/counters", "")
	wantStatus(resp, 200)
	if err := json.Unmarshal(resp.Body, &c); err != nil || c.Counts[EndpointListRegionAndZone] != 1 || c.Faults["http429"] != 1 || c.JobUUIDsAsked != 3 {
		t.Errorf("counters: %v %+v", err, c)
	}
	var reqs []RequestRecord
	resp = admin(http.MethodGet, "/_mock/requests", "")
	wantStatus(resp, 200)
	if err := json.Unmarshal(resp.Body, &reqs); err != nil || len(reqs) != len(f.s.Requests()) {
		t.Errorf("requests: %v, %d", err, len(reqs))
	}

	wantStatus(admin(http.MethodPost, "/_mock/faults", ""), 200) // an empty body clears the rules
	f.ok(f.post(pathRegions, `{"condition":{"product":"dc2"}}`), nil)

	wantStatus(admin(http.MethodPost, "/_mock/reset", ""), 200)
	if len(f.s.Images("gz")) != 4 || len(f.s.Requests()) != 0 {
		t.Error("reset via admin did not reset")
	}
	wantStatus(admin(http.MethodGet, "/_mock/reset", ""), 404)
	wantStatus(admin(http.MethodGet, "/_mock/nothing", ""), 404)
}

// admin sends an admin request, which needs no token.
func (f *fixture) admin(method, path, body string) response {
	f.t.Helper()
	return f.do(httptest.NewRequest(method, path, strings.NewReader(body)))
}

func TestAdminConfig(t *testing.T) {
	gzPage := map[string]any{"regionId": "gz", "limit": 10}
	tests := []struct {
		name   string
		body   string
		status int
		check  func(t *testing.T, f *fixture)
	}{
		{"pageMax", `{"pageMax":2}`, 200, func(t *testing.T, f *fixture) {
			if n := len(f.list(gzPage).Items); n != 2 {
				t.Errorf("%d items, want the cap 2", n)
			}
		}},
		{"pageMax 0 restores the default", `{"pageMax":0}`, 200, func(t *testing.T, f *fixture) {
			if n := len(f.list(map[string]any{"regionId": "gz", "limit": 500}).Items); n != 4 {
				t.Errorf("%d items, want all 4 under the default cap", n)
			}
		}},
		{"listShape alternate", `{"listShape":"alternate"}`, 200, func(t *testing.T, f *fixture) {
			a, b := f.shapeOf(f.post(pathList, gzPage)), f.shapeOf(f.post(pathList, gzPage))
			if a != ListShapeObject || b != ListShapeArray {
				t.Errorf("shapes %s, %s; want object, array", a, b)
			}
		}},
		{"namesMatch substring", `{"namesMatch":"substring"}`, 200, func(t *testing.T, f *fixture) {
			if page := f.list(map[string]any{"regionId": "gz", "limit": 10, "condition": map[string]any{"names": []string{"base"}}}); page.Count != 2 {
				t.Errorf("names [base] matched %d images, want 2 by substring", page.Count)
			}
		}},
		{"deleteCancelsJobs", `{"deleteCancelsJobs":true}`, 200, func(t *testing.T, f *fixture) {
			job := f.importOne("busy")
			f.ok(f.post(pathDelete, map[string]any{"cimg": map[string]string{"cimgUuid": job.ResourceUUID}}), nil)
		}},
		{"deleteCancelsJobs false turns it off", `{"deleteCancelsJobs":true}`, 200, func(t *testing.T, f *fixture) {
			f.configure(`{"deleteCancelsJobs":false}`)
			job := f.importOne("busy")
			f.wantErrno(f.post(pathDelete, map[string]any{"cimg": map[string]string{"cimgUuid": job.ResourceUUID}}), openapi.ErrnoInvalidParameter, "busy")
		}},
		{"hideListJobs", `{"hideListJobs":true}`, 200, func(t *testing.T, f *fixture) {
			img, ok := f.listed("gz", f.importOne("hidden").ResourceUUID)
			if !ok || img.Job != nil || img.Status != ImageStatusImporting {
				t.Errorf("the running copy is listed with job %+v and status %s, want no job while Importing", img.Job, img.Status)
			}
		}},
		{"hideListJobs false turns it off", `{"hideListJobs":true}`, 200, func(t *testing.T, f *fixture) {
			f.configure(`{"hideListJobs":false}`)
			job := f.importOne("shown")
			if img, ok := f.listed("gz", job.ResourceUUID); !ok || img.Job == nil || img.Job.JobUUID != job.JobUUID {
				t.Errorf("the running copy is listed with job %+v, want its import job", img.Job)
			}
		}},
		{"statusWhileMade", `{"statusWhileMade":"Ready"}`, 200, func(t *testing.T, f *fixture) {
			job := f.importOne("looks-ready")
			if img, ok := f.listed("gz", job.ResourceUUID); !ok || img.Status != ImageStatusReady || img.Job == nil {
				t.Errorf("the running copy is listed with status %s and job %+v, want Ready with its job", img.Status, img.Job)
			}
		}},
		{"failCreatesNamed", `{"failCreatesNamed":"bad-"}`, 200, func(t *testing.T, f *fixture) {
			job := f.importOne("bad-1")
			f.clock.Advance(DefaultJobDuration)
			if got := f.job("gz", job.JobUUID); !got.Done || got.Success || !strings.Contains(got.Result, `"bad-"`) {
				t.Errorf("job = %+v, want it failed for its name", got)
			}
		}},
		{"omitCreateResourceUuid", `{"omitCreateResourceUuid":true}`, 200, func(t *testing.T, f *fixture) {
			if job := f.importOne("no-uuid"); job.ResourceUUID != "" {
				t.Errorf("answered job has resourceUuid %q", job.ResourceUUID)
			}
		}},
		{"all at once", `{"jobDurationMs":0,"pageMax":1,"listShape":"array","namesMatch":"prefix","deleteCancelsJobs":true}`, 200, func(t *testing.T, f *fixture) {
			var items []Image
			f.ok(f.post(pathList, map[string]any{"regionId": "gz", "limit": 10, "condition": map[string]any{"names": []string{"gz-"}}}), &items)
			if len(items) != 1 || !strings.HasPrefix(items[0].Name, "gz-") {
				t.Errorf("items %+v, want one gz-* image in an array", items)
			}
		}},
		{"bad namesMatch changes nothing", `{"pageMax":1,"namesMatch":"fuzzy"}`, 400, nil},
		{"bad listShape changes nothing", `{"pageMax":1,"listShape":"table"}`, 400, nil},
		{"unknown field", `{"pageMax":1,"pageMaximum":1}`, 400, nil},
		{"wrong type", `{"deleteCancelsJobs":"yes"}`, 400, nil},
		{"wrong type for statusWhileMade", `{"pageMax":1,"statusWhileMade":true}`, 400, nil},
		{"wrong type for omitCreateResourceUuid", `{"pageMax":1,"omitCreateResourceUuid":"yes"}`, 400, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, Options{})
			if resp := f.admin(http.MethodPost, "/_mock/config", tt.body); resp.Status != tt.status {
				t.Fatalf("HTTP %d, want %d: %s", resp.Status, tt.status, resp.Body)
			}
			if tt.check != nil {
				tt.check(t, f)
				return
			}
			// A refused body leaves the defaults: object shape, no cap below 100.
			if page := f.list(gzPage); len(page.Items) != 4 {
				t.Errorf("a refused config changed the page: %+v", page)
			}
		})
	}
}

// configure posts a config body that must be accepted.
func (f *fixture) configure(body string) {
	f.t.Helper()
	if resp := f.admin(http.MethodPost, "/_mock/config", body); resp.Status != http.StatusOK {
		f.t.Fatalf("config %s: HTTP %d: %s", body, resp.Status, resp.Body)
	}
}

func TestAdminChurn(t *testing.T) {
	tests := []struct {
		name        string
		body        string
		status      int
		wantDeleted int // by one page past the first
	}{
		{"on", `{"namePrefix":"other-","perPage":2}`, 200, 2},
		{"empty body turns it off", ``, 200, 0},
		{"perPage 0 turns it off", `{"namePrefix":"other-","perPage":0}`, 200, 0},
		{"no prefix", `{"perPage":1}`, 400, 0},
		{"negative", `{"namePrefix":"other-","perPage":-1}`, 400, 0},
		{"unknown field", `{"prefix":"other-","perPage":1}`, 400, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, Options{ListChurn: ListChurn{NamePrefix: "x-", PerPage: 1}})
			addChurnImages(f)
			if resp := f.admin(http.MethodPost, "/_mock/churn", tt.body); resp.Status != tt.status {
				t.Fatalf("HTTP %d, want %d: %s", resp.Status, tt.status, resp.Body)
			}
			f.list(map[string]any{"regionId": "gz", "start": 4, "limit": 4})
			var c counters
			resp := f.admin(http.MethodGet, "/_mock/counters", "")
			if err := json.Unmarshal(resp.Body, &c); err != nil || c.ChurnDeleted != tt.wantDeleted || !strings.Contains(string(resp.Body), `"churnDeleted":`) {
				t.Errorf("counters %s (err %v), want churnDeleted %d", resp.Body, err, tt.wantDeleted)
			}
		})
	}
}

func TestSeedIDs(t *testing.T) {
	for _, id := range []string{SeedImageBJ, SeedImageBJ02, SeedImageBJShared, SeedImageGZ, SeedImageGZDelete, SeedImageGZShared,
		SeedImageGZUbuntu, SeedSnapshotGZ, SeedSnapshotBJ, SeedJobGZ, SeedJobGZResource, DefaultToken[:32], DefaultToken[32:]} {
		if !hex32.MatchString(id) {
			t.Errorf("seeded id %q is not 32 lowercase hex", id)
		}
	}
	s := New(Options{})
	for _, img := range s.Images("") {
		if len(img.CIMGID) != len("cimg-")+8 || len(img.Zones) == 0 || len(img.BackupStorages) == 0 {
			t.Errorf("seeded image %s is incomplete: %+v", img.CIMGUUID, img)
		}
		if shared := img.CIMGUUID == SeedImageBJShared || img.CIMGUUID == SeedImageGZShared; shared != img.IsShared {
			t.Errorf("%s isShared = %t", img.CIMGUUID, img.IsShared)
		}
	}
}
