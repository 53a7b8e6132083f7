package mockserver

import (
	"net/url"
	"testing"

	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver/openapi"

	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver/cloud"
)

func TestJobResultMany(t *testing.T) {
	f := newFixture(t, Options{})
	var uuids []string
	for i := range 5 {
		uuids = append(uuids, f.importOne(string(rune('a'+i))).JobUUID)
	}
	asked := []string{uuids[3], SeedJobGZ, uuids[0], uuids[4], uuids[1], uuids[2], uuids[0]}
	jobs := f.jobs("gz", asked...)
	if len(jobs) != len(asked) {
		t.Fatalf("got %d jobs for %d uuids", len(jobs), len(asked))
	}
	for i, job := range jobs {
		if job.JobUUID != asked[i] {
			t.Errorf("jobs[%d] = %s, want %s (the requested order)", i, job.JobUUID, asked[i])
		}
	}
	if got := f.s.JobUUIDsAsked(); got != len(asked) {
		t.Errorf("JobUUIDsAsked = %d, want %d", got, len(asked))
	}
	if got := f.s.Count(EndpointJobResult); got != 1 {
		t.Errorf("Count(JobResult) = %d, want 1", got)
	}
}

func TestJobResultRefusals(t *testing.T) {
	f := newFixture(t, Options{})
	job := f.importOne("copy")
	tests := []struct {
		name   string
		query  url.Values
		detail string
	}{
		{"unknown uuid among known", url.Values{"regionId": {"gz"}, "jobUuids": {job.JobUUID + ",ffffffffffffffffffffffffffffffff"}}, "job ffffffffffffffffffffffffffffffff not found in region gz"},
		{"job of another region", url.Values{"regionId": {"bj"}, "jobUuids": {job.JobUUID}}, "job " + job.JobUUID + " not found in region bj"},
		{"no regionId", url.Values{"jobUuids": {job.JobUUID}}, "regionId is required"},
		{"unknown regionId", url.Values{"regionId": {"sh"}, "jobUuids": {job.JobUUID}}, `unknown regionId "sh"`},
		{"no jobUuids", url.Values{"regionId": {"gz"}}, "jobUuids is required"},
		{"only commas", url.Values{"regionId": {"gz"}, "jobUuids": {",,"}}, "jobUuids is required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f.wantErrno(f.get(pathResult, tt.query), openapi.ErrnoInvalidParameter, tt.detail)
		})
	}
}

func TestJobResultQueryForms(t *testing.T) {
	f := newFixture(t, Options{})
	a, b := f.importOne("a").JobUUID, f.importOne("b").JobUUID
	for _, query := range []url.Values{
		{"regionId": {"gz"}, "jobUuids": {a + ", " + b}},
		{"regionId": {"gz"}, "jobUuids": {a + "," + b + ","}},
		{"regionId": {"gz"}, "jobUuids": {a, b}},
	} {
		var jobs []Job
		f.ok(f.get(pathResult, query), &jobs)
		if len(jobs) != 2 || jobs[0].JobUUID != a || jobs[1].JobUUID != b {
			t.Errorf("query %s: got %+v", query.Encode(), jobs)
		}
	}
}

func TestListRegionAndZoneAnyProduct(t *testing.T) {
	f := newFixture(t, Options{})
	for _, product := range []string{"dc2", "cimg", "ebs"} {
		var regions []cloud.Region
		f.ok(f.post(pathRegions, map[string]any{"condition": map[string]string{"product": product}}), &regions)
		if len(regions) != 2 || regions[0].ID != "gz" || regions[1].ID != "bj" {
			t.Errorf("product %s: regions = %+v", product, regions)
		}
	}
}
