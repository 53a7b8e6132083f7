package mockserver

import (
	"encoding/json"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver/cloud"
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver/openapi"
)

// createOne makes an image from SeedSnapshotGZ and returns the job.
func (f *fixture) createOne(name string) Job {
	f.t.Helper()
	var jobs []Job
	f.ok(f.post(pathCreate, map[string]any{"regionId": "gz", "cimg": []map[string]string{{"name": name, "snapUuid": SeedSnapshotGZ}}}), &jobs)
	if len(jobs) != 1 {
		f.t.Fatalf("want 1 job, got %d", len(jobs))
	}
	return jobs[0]
}

// makeOne imports or creates an image named name in gz.
func (f *fixture) makeOne(jobType, name string) Job {
	f.t.Helper()
	if jobType == JobTypeCreateCIMG {
		return f.createOne(name)
	}
	return f.importOne(name)
}

func TestStatusWhileMade(t *testing.T) {
	tests := []struct {
		name       string
		opts       Options
		config     string // admin config posted before the image is made
		jobType    string
		wantStatus string
	}{
		{"import, default", Options{}, "", JobTypeImportCIMG, ImageStatusImporting},
		{"create, default", Options{}, "", JobTypeCreateCIMG, cloud.ImageStatusCreating},
		{"import, Ready", Options{StatusWhileMade: ImageStatusReady}, "", JobTypeImportCIMG, ImageStatusReady},
		{"create, Ready", Options{StatusWhileMade: ImageStatusReady}, "", JobTypeCreateCIMG, ImageStatusReady},
		{"import, Ready, jobs hidden", Options{StatusWhileMade: ImageStatusReady, HideListJobs: true}, "", JobTypeImportCIMG, ImageStatusReady},
		{"create, Processing by admin", Options{}, `{"statusWhileMade":"Processing"}`, JobTypeCreateCIMG, "Processing"},
		{"admin empty restores the default", Options{StatusWhileMade: ImageStatusReady}, `{"statusWhileMade":""}`, JobTypeImportCIMG, ImageStatusImporting},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, tt.opts)
			if tt.config != "" {
				f.configure(tt.config)
			}
			made := f.makeOne(tt.jobType, "made")
			f.clock.Advance(DefaultJobDuration / 2)
			if job := f.job("gz", made.JobUUID); job.Done {
				t.Fatalf("job done at half its duration: %+v", job)
			}
			img, ok := f.listed("gz", made.ResourceUUID)
			if !ok || img.Status != tt.wantStatus {
				t.Errorf("listed %t with status %q while the job runs, want %q", ok, img.Status, tt.wantStatus)
			}
			if wantJob := !tt.opts.HideListJobs; (img.Job != nil) != wantJob || (wantJob && img.Job.JobUUID != made.JobUUID) {
				t.Errorf("listed with job %+v, want it shown: %t", img.Job, wantJob)
			}

			f.clock.Advance(DefaultJobDuration)
			if job := f.job("gz", made.JobUUID); !job.Done || !job.Success {
				t.Errorf("job after its duration = %+v, want done and successful", job)
			}
			if img, _ := f.listed("gz", made.ResourceUUID); img.Status != ImageStatusReady || img.Job != nil {
				t.Errorf("finished image: status %q job %+v, want Ready without job", img.Status, img.Job)
			}
		})
	}
}

// TestStatusWhileMadeRunningJobDecides checks that what refuses work on an
// image being made looks at its job, not at its status word.
func TestStatusWhileMadeRunningJobDecides(t *testing.T) {
	tests := []struct {
		name   string
		path   string
		body   func(uuid string) map[string]any
		detail string
	}{
		{"copy it", pathImport, func(uuid string) map[string]any {
			return map[string]any{"regionId": "bj", "cimg": map[string]string{"name": "x", "originImageUuid": uuid, "originRegionId": "gz"}}
		}, "still being made"},
		{"rename it", pathChangeName, func(uuid string) map[string]any {
			return map[string]any{"cimg": map[string]string{"cimgUuid": uuid, "name": "x"}}
		}, "busy"},
		{"delete it", pathDelete, func(uuid string) map[string]any {
			return map[string]any{"cimg": map[string]string{"cimgUuid": uuid}}
		}, "busy"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, Options{StatusWhileMade: ImageStatusReady})
			made := f.importOne("made")
			f.wantErrno(f.post(tt.path, tt.body(made.ResourceUUID)), openapi.ErrnoInvalidParameter, tt.detail)
			f.clock.Advance(DefaultJobDuration)
			f.ok(f.post(tt.path, tt.body(made.ResourceUUID)), nil)
		})
	}
}

// TestStatusWhileMadeDeleteCancels checks a cancelled copy that looked
// Ready ends Failed, and a failed delete puts that back.
func TestStatusWhileMadeDeleteCancels(t *testing.T) {
	f := newFixture(t, Options{StatusWhileMade: ImageStatusReady, DeleteCancelsJobs: true})
	made := f.importOne("made")
	f.s.SetJobOutcome(cloud.JobTypeDeleteCIMG, JobOutcome{Fail: true})
	var jobs []Job
	f.ok(f.post(pathDelete, map[string]any{"cimg": map[string]string{"cimgUuid": made.ResourceUUID}}), &jobs)
	if job := f.job("gz", made.JobUUID); !job.Done || job.Success {
		t.Errorf("cancelled import = %+v, want done, failed", job)
	}
	f.clock.Advance(DefaultJobDuration)
	if img, _ := f.s.Image(made.ResourceUUID); img.Status != cloud.ImageStatusFailed {
		t.Errorf("after the failed delete the image is %q, want Failed", img.Status)
	}
}

// TestStatusWhileMadeKeptByImage checks an image keeps the status it was
// made with across a change of the setting and a restart.
func TestStatusWhileMadeKeptByImage(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state")
	clock := newFakeClock()
	f := openFixture(t, clock, Options{StatusWhileMade: "Processing"}, path)
	kept := f.importOne("kept")
	f.s.SetStatusWhileMade("")
	if img, _ := f.listed("gz", kept.ResourceUUID); img.Status != "Processing" {
		t.Errorf("after the setting changed the image shows %q, want Processing", img.Status)
	}
	if img, _ := f.listed("gz", f.importOne("later").ResourceUUID); img.Status != ImageStatusImporting {
		t.Errorf("an image made after the change shows %q, want Importing", img.Status)
	}
	if err := f.s.Close(); err != nil {
		t.Fatal(err)
	}

	f = openFixture(t, clock, Options{}, path)
	t.Cleanup(func() { _ = f.s.Close() })
	if img, _ := f.listed("gz", kept.ResourceUUID); img.Status != "Processing" || img.Job == nil {
		t.Errorf("after a restart the image shows %q with job %+v, want Processing with its job", img.Status, img.Job)
	}
	clock.Advance(DefaultJobDuration)
	if img, _ := f.listed("gz", kept.ResourceUUID); img.Status != ImageStatusReady {
		t.Errorf("after its job the image shows %q, want Ready", img.Status)
	}
}

func TestFailCreatesNamed(t *testing.T) {
	failure := func(making string) string {
		return making + ` failed: simulated failure for names starting with "bad-"`
	}
	tests := []struct {
		name       string
		opts       Options
		jobType    string
		imageName  string
		wantResult string // "" for success
	}{
		{"import named bad-", Options{FailCreatesNamed: "bad-"}, JobTypeImportCIMG, "bad-1", failure("copy of image " + SeedImageBJ)},
		{"import named good-", Options{FailCreatesNamed: "bad-"}, JobTypeImportCIMG, "good-1", ""},
		{"create named bad-", Options{FailCreatesNamed: "bad-"}, JobTypeCreateCIMG, "bad-snap", failure("image from snapshot " + SeedSnapshotGZ)},
		{"create named good-", Options{FailCreatesNamed: "bad-"}, JobTypeCreateCIMG, "good-snap", ""},
		{"prefix only, not substring", Options{FailCreatesNamed: "bad-"}, JobTypeImportCIMG, "not-bad-1", ""},
		{"off", Options{}, JobTypeImportCIMG, "bad-1", ""},
		{"status while made too", Options{FailCreatesNamed: "bad-", StatusWhileMade: ImageStatusReady}, JobTypeImportCIMG, "bad-1", failure("copy of image " + SeedImageBJ)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, tt.opts)
			made := f.makeOne(tt.jobType, tt.imageName)
			f.clock.Advance(DefaultJobDuration - time.Millisecond)
			if job := f.job("gz", made.JobUUID); job.Done {
				t.Fatalf("job done before its duration: %+v", job)
			}
			f.clock.Advance(time.Millisecond)
			job := f.job("gz", made.JobUUID)
			img, ok := f.listed("gz", made.ResourceUUID)
			wantStatus := ImageStatusReady
			if tt.wantResult != "" {
				wantStatus = cloud.ImageStatusFailed
			}
			if !job.Done || job.Success != (tt.wantResult == "") || job.Result != tt.wantResult {
				t.Errorf("job = %+v, want done, success %t, result %q", job, tt.wantResult == "", tt.wantResult)
			}
			if !ok || img.Status != wantStatus || img.Job != nil {
				t.Errorf("image listed %t with status %q job %+v, want %s without job", ok, img.Status, img.Job, wantStatus)
			}
		})
	}
}

// TestFailCreatesNamedPerJob checks the outcome is each job's, decided as
// it starts: in one request, and across a change of the setting or a
// restart, beside the job type's outcome.
func TestFailCreatesNamedPerJob(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state")
	clock := newFakeClock()
	f := openFixture(t, clock, Options{}, path)
	f.s.SetJobOutcome(JobTypeImportCIMG, JobOutcome{Hang: true})
	f.configure(`{"failCreatesNamed":"bad-"}`)
	var jobs []Job
	f.ok(f.post(pathImport, map[string]any{"regionId": "gz", "cimg": []map[string]string{
		{"name": "bad-1", "originImageUuid": SeedImageBJ, "originRegionId": "bj"},
		{"name": "good-1", "originImageUuid": SeedImageBJ, "originRegionId": "bj"},
	}}), &jobs)
	f.configure(`{"failCreatesNamed":""}`)
	started := f.importOne("bad-2") // after the setting was turned off
	if err := f.s.Close(); err != nil {
		t.Fatal(err)
	}
	f = openFixture(t, clock, Options{}, path)
	t.Cleanup(func() { _ = f.s.Close() })
	clock.Advance(time.Minute)

	tests := []struct {
		name     string
		job      Job
		wantDone bool
		wantOK   bool
	}{
		{"bad-1 fails", jobs[0], true, false},
		{"good-1 keeps the type's outcome (hangs)", jobs[1], false, false},
		{"bad-2, started once the setting was off, hangs", started, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if job := f.job("gz", tt.job.JobUUID); job.Done != tt.wantDone || job.Success != tt.wantOK {
				t.Errorf("job = %+v, want done %t success %t", job, tt.wantDone, tt.wantOK)
			}
		})
	}
}

// jobKeys decodes an answer's jobs as JSON objects, to see which keys are
// there at all.
func (f *fixture) jobKeys(resp response) []map[string]json.RawMessage {
	f.t.Helper()
	var jobs []map[string]json.RawMessage
	f.ok(resp, &jobs)
	return jobs
}

func TestOmitCreateResourceUUID(t *testing.T) {
	tests := []struct {
		name    string
		opts    Options
		config  string
		jobType string
		omitted bool
	}{
		{"import, on", Options{OmitCreateResourceUUID: true}, "", JobTypeImportCIMG, true},
		{"create, on", Options{OmitCreateResourceUUID: true}, "", JobTypeCreateCIMG, true},
		{"import, on by admin", Options{}, `{"omitCreateResourceUuid":true}`, JobTypeImportCIMG, true},
		{"import, off", Options{}, "", JobTypeImportCIMG, false},
		{"create, off by admin", Options{OmitCreateResourceUUID: true}, `{"omitCreateResourceUuid":false}`, JobTypeCreateCIMG, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, tt.opts)
			if tt.config != "" {
				f.configure(tt.config)
			}
			path, body := pathImport, map[string]any{"regionId": "gz", "cimg": map[string]string{"name": "made", "originImageUuid": SeedImageBJ, "originRegionId": "bj"}}
			if tt.jobType == JobTypeCreateCIMG {
				path, body = pathCreate, map[string]any{"regionId": "gz", "cimg": map[string]string{"name": "made", "snapUuid": SeedSnapshotGZ}}
			}
			answered := f.jobKeys(f.post(path, body))[0]
			if _, has := answered["resourceUuid"]; has == tt.omitted {
				t.Errorf("answer's job has resourceUuid: %t, want %t: %v", has, !tt.omitted, answered)
			}
			var jobUUID string
			if err := json.Unmarshal(answered["jobUuid"], &jobUUID); err != nil {
				t.Fatal(err)
			}

			polled := f.job("gz", jobUUID)
			img, ok := f.listed("gz", polled.ResourceUUID)
			if !ok || img.Name != "made" || img.Job == nil || img.Job.ResourceUUID != img.CIMGUUID {
				t.Errorf("JobResult's resourceUuid %q lists %t as %+v, want the new image with its job", polled.ResourceUUID, ok, img)
			}
		})
	}
}

// TestOmitCreateResourceUUIDOnlyCreates checks renames and deletes keep
// resourceUuid in their answers.
func TestOmitCreateResourceUUIDOnlyCreates(t *testing.T) {
	f := newFixture(t, Options{OmitCreateResourceUUID: true})
	for _, resp := range []response{
		f.post(pathChangeName, map[string]any{"cimg": map[string]string{"cimgUuid": SeedImageGZ, "name": "renamed"}}),
		f.post(pathDelete, map[string]any{"cimg": map[string]string{"cimgUuid": SeedImageGZDelete}}),
	} {
		if job := f.jobKeys(resp)[0]; job["resourceUuid"] == nil {
			t.Errorf("a rename or delete answered without resourceUuid: %v", job)
		}
	}
}

// TestResetRestoresCreateReadings checks Reset, in Go and by the admin API,
// puts the three settings back to the Options' values.
func TestResetRestoresCreateReadings(t *testing.T) {
	opts := Options{StatusWhileMade: "Processing", FailCreatesNamed: "bad-", OmitCreateResourceUUID: true, HideListJobs: true}
	for _, how := range []string{"Go", "admin"} {
		t.Run(how, func(t *testing.T) {
			f := newFixture(t, opts)
			f.configure(`{"statusWhileMade":"","failCreatesNamed":"other-","omitCreateResourceUuid":false,"hideListJobs":false}`)
			if how == "Go" {
				f.s.Reset()
			} else if resp := f.admin(http.MethodPost, "/_mock/reset", ""); resp.Status != http.StatusOK {
				t.Fatalf("reset: HTTP %d: %s", resp.Status, resp.Body)
			}
			answered := f.jobKeys(f.post(pathImport, map[string]any{"regionId": "gz", "cimg": map[string]string{"name": "bad-1", "originImageUuid": SeedImageBJ, "originRegionId": "bj"}}))[0]
			if answered["resourceUuid"] != nil {
				t.Errorf("answer has resourceUuid after the reset: %v", answered)
			}
			var jobUUID string
			_ = json.Unmarshal(answered["jobUuid"], &jobUUID)
			uuid := f.job("gz", jobUUID).ResourceUUID
			if img, _ := f.listed("gz", uuid); img.Status != "Processing" || img.Job != nil {
				t.Errorf("after the reset a new image lists as %q with job %+v, want Processing, job hidden", img.Status, img.Job)
			}
			f.clock.Advance(DefaultJobDuration)
			if job := f.job("gz", jobUUID); job.Success {
				t.Errorf("bad-1 succeeded after the reset: %+v", job)
			}
		})
	}
}
