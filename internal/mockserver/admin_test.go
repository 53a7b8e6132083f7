package mockserver

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
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
	f := newFixture(t, Options{JobDuration: time.Second})
	f.importOne("copy")
	f.s.SetFaults(FaultRule{Endpoint: EndpointListCIMG, Kind: FaultHTTP500, Probability: 1})
	f.s.SetJobOutcome("", JobOutcome{Fail: true})
	f.s.SetJobDuration(time.Hour)
	f.s.SetListShape(ListShapeArray)
	f.s.RenameImage(SeedImageBJ, "x")
	f.post(pathList, map[string]any{"regionId": "gz", "limit": 1})

	f.s.Reset()
	if n := len(f.s.Requests()); n != 0 {
		t.Errorf("%d requests logged after Reset", n)
	}
	if len(f.s.Counts()) != 0 || len(f.s.FaultCounts()) != 0 || f.s.JobUUIDsAsked() != 0 {
		t.Errorf("counters survived Reset: %v %v", f.s.Counts(), f.s.FaultCounts())
	}
	page := f.list(map[string]any{"regionId": "gz", "limit": 10}) // fails on the array shape or a fault
	if page.Count != 4 {
		t.Errorf("gz has %d images after Reset, want the 4 seeded", page.Count)
	}
	if img, _ := f.s.Image(SeedImageBJ); img.Name != SeedImageBJName {
		t.Errorf("seed name not restored: %q", img.Name)
	}
	job := f.importOne("after-reset")
	f.clock.Advance(time.Second)
	if got := f.job("gz", job.JobUUID); !got.Success {
		t.Errorf("job outcome or duration survived Reset: %+v", got)
	}
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
		{EndpointJobResult, "gz", 200, ErrnoInvalidParameter},
		{"", "", 404, ErrnoWrongCall},
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
