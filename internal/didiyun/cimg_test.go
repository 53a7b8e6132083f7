package didiyun_test

import (
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun/didiyuntest"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun/paging"
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver"
)

// TestClientCalls runs every typed call against the mock over real HTTP and
// checks its effect in the mock's state.
func TestClientCalls(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		run  func(t *testing.T, e *testEnv)
	}{
		{"ImportCIMG", func(t *testing.T, e *testEnv) {
			job, err := e.Client.ImportCIMG(e.ctx(), "gz", didiyun.ImportCIMGInput{
				Name: "copy-of-centos", OriginImageUUID: mockserver.SeedImageBJ, OriginRegionID: "bj",
				Description: "imported by a test",
			})
			if err != nil {
				t.Fatalf("ImportCIMG: %v", err)
			}
			if job.ID() == "" || job.Type != mockserver.JobTypeImportCIMG || job.Done {
				t.Fatalf("job = %+v, want a running ImportCIMG job", job)
			}
			img, ok := e.Mock.Image(job.ResourceUUID)
			if !ok {
				t.Fatalf("job.ResourceUUID %s is not an image in the mock", job.ResourceUUID)
			}
			if img.CIMGUUID == mockserver.SeedImageBJ || img.Name != "copy-of-centos" || !slices.Equal(img.Regions, []string{"gz"}) {
				t.Fatalf("the job's resource is %+v, want the new image in gz", img)
			}
			done := e.waitJob("gz", job)
			if !done.Done || !done.Success || done.ResourceUUID != job.ResourceUUID {
				t.Fatalf("WaitJob = %+v, want done and successful on %s", done, job.ResourceUUID)
			}
			images, err := paging.All(e.ctx(), e.Client, "gz", "copy-of-centos")
			if err != nil {
				t.Fatalf("ListAllCIMG: %v", err)
			}
			if len(images) != 1 || images[0].UUID != job.ResourceUUID {
				t.Fatalf("ListAllCIMG = %v, want exactly the new image %s", uuidsOf(images), job.ResourceUUID)
			}
			got := images[0]
			if got.Status != mockserver.ImageStatusReady || got.Description != "imported by a test" || got.OSFamily == "" || got.Size == 0 || got.Job != nil {
				t.Errorf("new image = %+v, want Ready, with the description and the origin's OS and size, no job", got)
			}
		}},
		{"CreateCIMG", func(t *testing.T, e *testEnv) {
			job, err := e.Client.CreateCIMG(e.ctx(), "gz", didiyun.CreateCIMGInput{Name: "from-snapshot", SnapUUID: mockserver.SeedSnapshotGZ})
			if err != nil {
				t.Fatalf("CreateCIMG: %v", err)
			}
			if job.Type != mockserver.JobTypeCreateCIMG {
				t.Errorf("job type = %q, want %q", job.Type, mockserver.JobTypeCreateCIMG)
			}
			e.waitJob("gz", job)
			img, ok := e.Mock.Image(job.ResourceUUID)
			if !ok || img.Name != "from-snapshot" || img.Status != mockserver.ImageStatusReady {
				t.Fatalf("mock image %s = %+v (found %v), want a Ready image from-snapshot", job.ResourceUUID, img, ok)
			}
		}},
		{"ListCIMG", func(t *testing.T, e *testEnv) {
			out, err := e.Client.ListCIMG(e.ctx(), didiyun.ListCIMGInput{RegionID: "bj", Limit: 10})
			if err != nil {
				t.Fatalf("ListCIMG: %v", err)
			}
			if want := e.imageUUIDs("bj"); !slices.Equal(uuidsOf(out.Items), want) || out.Count != len(want) {
				t.Fatalf("ListCIMG = count %d %v, want count %d %v", out.Count, uuidsOf(out.Items), len(want), want)
			}
		}},
		{"ChangeNameCIMG", func(t *testing.T, e *testEnv) {
			job, err := e.Client.ChangeNameCIMG(e.ctx(), "gz", mockserver.SeedImageGZ, "renamed-web-base")
			if err != nil {
				t.Fatalf("ChangeNameCIMG: %v", err)
			}
			if job.ResourceUUID != mockserver.SeedImageGZ {
				t.Errorf("job.ResourceUUID = %s, want %s", job.ResourceUUID, mockserver.SeedImageGZ)
			}
			e.waitJob("gz", job)
			renamed, err := paging.All(e.ctx(), e.Client, "gz", "renamed-web-base")
			if err != nil {
				t.Fatalf("ListAllCIMG: %v", err)
			}
			if !slices.Equal(uuidsOf(renamed), []string{mockserver.SeedImageGZ}) {
				t.Errorf("images named renamed-web-base = %v, want [%s]", uuidsOf(renamed), mockserver.SeedImageGZ)
			}
			old, err := paging.All(e.ctx(), e.Client, "gz", mockserver.SeedImageGZName)
			if err != nil || len(old) != 0 {
				t.Errorf("images still named %s = %v (err %v), want none", mockserver.SeedImageGZName, uuidsOf(old), err)
			}
		}},
		{"DeleteCIMG", func(t *testing.T, e *testEnv) {
			job, err := e.Client.DeleteCIMG(e.ctx(), "gz", mockserver.SeedImageGZDelete)
			if err != nil {
				t.Fatalf("DeleteCIMG: %v", err)
			}
			e.waitJob("gz", job)
			if _, ok := e.Mock.Image(mockserver.SeedImageGZDelete); ok {
				t.Error("the image is still in the mock after its delete job finished")
			}
			_, found, err := e.Images.Find(e.ctx(), "gz", mockserver.SeedImageGZDelete, "")
			if err != nil || found {
				t.Errorf("FindCIMG after delete: found %v, err %v; want not found and no error", found, err)
			}
		}},
		{"JobResult with several uuids in one call", func(t *testing.T, e *testEnv) {
			rename, err := e.Client.ChangeNameCIMG(e.ctx(), "gz", mockserver.SeedImageGZ, "batch-a")
			if err != nil {
				t.Fatal(err)
			}
			create, err := e.Client.CreateCIMG(e.ctx(), "gz", didiyun.CreateCIMGInput{Name: "batch-b", SnapUUID: mockserver.SeedSnapshotGZ})
			if err != nil {
				t.Fatal(err)
			}
			imported := e.importImage("batch-c")
			ids := []string{mockserver.SeedJobGZ, rename.ID(), create.ID(), imported.ID()}
			before := e.Mock.Count(mockserver.EndpointJobResult)
			jobs, err := e.Client.JobResult(e.ctx(), "gz", ids...)
			if err != nil {
				t.Fatalf("JobResult: %v", err)
			}
			if calls := e.Mock.Count(mockserver.EndpointJobResult) - before; calls != 1 {
				t.Errorf("JobResult made %d requests, want 1 for %d uuids", calls, len(ids))
			}
			want := map[string]string{
				mockserver.SeedJobGZ: mockserver.SeedJobGZResource,
				rename.ID():          mockserver.SeedImageGZ,
				create.ID():          create.ResourceUUID,
				imported.ID():        imported.ResourceUUID,
			}
			if len(jobs) != len(want) {
				t.Fatalf("JobResult returned %d jobs, want %d: %+v", len(jobs), len(want), jobs)
			}
			for _, job := range jobs {
				if res, ok := want[job.ID()]; !ok || job.ResourceUUID != res {
					t.Errorf("job %+v: want one of the asked jobs with its resource", job)
				}
				if job.ResourceType != "cimg" && job.ID() != mockserver.SeedJobGZ {
					t.Errorf("job %s resourceType = %q, want cimg (an extra field the docs' examples show)", job.ID(), job.ResourceType)
				}
			}
			if seed := jobs[slices.IndexFunc(jobs, func(j didiyun.Job) bool { return j.ID() == mockserver.SeedJobGZ })]; !seed.Done || !seed.Success {
				t.Errorf("the docs' example job = %+v, want done and successful", seed)
			}
		}},
		{"JobResult with no uuids sends nothing", func(t *testing.T, e *testEnv) {
			jobs, err := e.Client.JobResult(e.ctx(), "gz")
			if err != nil || jobs != nil {
				t.Fatalf("JobResult() = %v, %v; want nil, nil", jobs, err)
			}
			if n := e.Mock.Count(mockserver.EndpointJobResult); n != 0 {
				t.Errorf("%d JobResult requests, want none", n)
			}
		}},
		{"ListRegionAndZone", func(t *testing.T, e *testEnv) {
			regions, err := e.Client.ListRegionAndZone(e.ctx(), "")
			if err != nil {
				t.Fatalf("ListRegionAndZone: %v", err)
			}
			got := map[string][]string{}
			for _, r := range regions {
				if r.Name == "" || r.AreaName == "" {
					t.Errorf("region %+v lacks a name or area name", r)
				}
				for _, z := range r.Zones {
					got[r.ID] = append(got[r.ID], z.ID)
				}
			}
			want := map[string][]string{"gz": {"gz01", "gz02"}, "bj": {"bj01"}}
			if len(got) != len(want) || !slices.Equal(got["gz"], want["gz"]) || !slices.Equal(got["bj"], want["bj"]) {
				t.Errorf("regions and zones = %v, want %v", got, want)
			}
		}},
		{"WaitJob reports progress until done", func(t *testing.T, e *testEnv) {
			job := e.importImage("watched")
			var mu sync.Mutex
			var seen []didiyun.Job
			done, err := e.Jobs.Wait(e.ctx(), "gz", job.ID(), time.Time{}, func(j didiyun.Job) {
				mu.Lock()
				defer mu.Unlock()
				seen = append(seen, j)
			})
			if err != nil {
				t.Fatalf("WaitJob: %v", err)
			}
			if !done.Done || !done.Success || done.Progress != 100 {
				t.Errorf("WaitJob = %+v, want done, successful, progress 100", done)
			}
			mu.Lock()
			defer mu.Unlock()
			if len(seen) == 0 || seen[len(seen)-1] != done {
				t.Fatalf("onProgress saw %+v, want it to end with the final job", seen)
			}
			for i := 1; i < len(seen); i++ {
				if seen[i].Progress < seen[i-1].Progress {
					t.Errorf("progress went back from %v to %v", seen[i-1].Progress, seen[i].Progress)
				}
			}
			if img, _ := e.Mock.Image(job.ResourceUUID); img.Status != mockserver.ImageStatusReady {
				t.Errorf("image status after the job = %q, want Ready", img.Status)
			}
		}},
		{"WaitJob on a failed job returns JobFailedError", func(t *testing.T, e *testEnv) {
			const reason = "quota exceeded: no room for another image in gz"
			e.Mock.SetJobOutcome(mockserver.JobTypeImportCIMG, mockserver.JobOutcome{Fail: true, Result: reason})
			job := e.importImage("doomed")
			done, err := e.Jobs.Wait(e.ctx(), "gz", job.ID(), time.Time{}, nil)
			failed := didiyuntest.AsError[*didiyun.JobFailedError](t, err)
			if failed.Job.Result != reason || failed.Job.ID() != job.ID() || !failed.Job.Failed() {
				t.Errorf("JobFailedError.Job = %+v, want the failed job %s with result %q", failed.Job, job.ID(), reason)
			}
			for _, part := range []string{reason, job.ID(), job.ResourceUUID} {
				if !strings.Contains(err.Error(), part) {
					t.Errorf("error %q does not quote %q", err, part)
				}
			}
			if !done.Failed() || done.Result != reason {
				t.Errorf("WaitJob's job = %+v, want the failed job", done)
			}
		}},
		{"WaitJob on a job failed by hand", func(t *testing.T, e *testEnv) {
			e.Mock.SetJobOutcome("", mockserver.JobOutcome{Hang: true})
			job := e.importImage("stuck")
			if err := e.Mock.FailJob(job.ID(), "operator cancelled the copy"); err != nil {
				t.Fatal(err)
			}
			_, err := e.Jobs.Wait(e.ctx(), "gz", job.ID(), time.Time{}, nil)
			if failed := didiyuntest.AsError[*didiyun.JobFailedError](t, err); failed.Job.Result != "operator cancelled the copy" {
				t.Errorf("result = %q, want the operator's reason", failed.Job.Result)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.run(t, newEnv(t))
		})
	}
}

// TestNew checks the options a Client refuses and the defaults it fills.
func TestNew(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		opts    didiyun.Options
		wantErr string
	}{
		{"no token", didiyun.Options{Endpoint: "http://127.0.0.1:1"}, "token is required"},
		{"blank token", didiyun.Options{Endpoint: "http://127.0.0.1:1", Token: "  "}, "token is required"},
		{"not a URL", didiyun.Options{Endpoint: "open.didiyunapi.com", Token: "t"}, "must be an http:// or https:// URL"},
		{"wrong scheme", didiyun.Options{Endpoint: "ftp://open.didiyunapi.com", Token: "t"}, "must be an http:// or https:// URL"},
		{"query", didiyun.Options{Endpoint: "https://open.didiyunapi.com/?a=b", Token: "t"}, "must not carry a query"},
		{"negative retries", didiyun.Options{Token: "t", MaxRetries: -1}, "max retries"},
		{"defaults", didiyun.Options{Token: "t"}, ""},
		{"trailing slash", didiyun.Options{Endpoint: "https://example.test/api/", Token: "t"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := didiyun.New(tt.opts)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("New error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("New: %v", err)
			}
			switch tt.name {
			case "defaults":
				if c.Endpoint() != didiyun.DefaultEndpoint {
					t.Errorf("Endpoint() = %q, want %q", c.Endpoint(), didiyun.DefaultEndpoint)
				}
			case "trailing slash":
				if c.Endpoint() != "https://example.test/api" {
					t.Errorf("Endpoint() = %q, want the slash trimmed", c.Endpoint())
				}
			}
		})
	}
}

// TestClient_endpointWithTrailingSlash reaches the mock through a base URL
// ending in "/", as users often write it.
func TestClient_endpointWithTrailingSlash(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c, err := didiyun.New(didiyun.Options{Endpoint: e.Server.URL + "/", Token: e.Mock.Token()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.ListRegionAndZone(e.ctx(), ""); err != nil {
		t.Fatalf("ListRegionAndZone: %v", err)
	}
	if got := e.Arrivals()[0].Path; got != didiyuntest.Paths[mockserver.EndpointListRegionAndZone] {
		t.Errorf("path = %q, want no doubled slash", got)
	}
	if ua := e.Arrivals()[0].Header.Get("User-Agent"); ua != "terraform-provider-didiyun" {
		t.Errorf("default User-Agent = %q, want terraform-provider-didiyun", ua)
	}
}
