package mockserver

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver/openapi"

	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver/cloud"
)

func TestImportJobProgression(t *testing.T) {
	f := newFixture(t, Options{JobDuration: 4 * time.Second})
	start := f.importOne("copy")
	if start.Progress != 0 || start.Done || start.Success || start.Status != cloud.JobStatusProcessing || start.JobUUID != start.UUID || !hex32.MatchString(start.JobUUID) {
		t.Fatalf("job at start = %+v", start)
	}
	img, ok := f.listed("gz", start.ResourceUUID)
	if !ok || img.Status != ImageStatusImporting || img.Job == nil || img.Job.JobUUID != start.JobUUID {
		t.Fatalf("new image must list at once as Importing with its job; got %+v (listed %t)", img, ok)
	}

	steps := []struct {
		advance  time.Duration
		progress float64
		done     bool
	}{
		{time.Second, 25, false},
		{time.Second, 50, false},
		{1500 * time.Millisecond, 87.5, false},
		{500 * time.Millisecond, 100, true},
		{time.Hour, 100, true},
	}
	for _, step := range steps {
		f.clock.Advance(step.advance)
		got := f.job("gz", start.JobUUID)
		if got.Progress != step.progress || got.Done != step.done || got.Success != step.done {
			t.Fatalf("after %s more: job = %+v, want progress %v done %t", step.advance, got, step.progress, step.done)
		}
	}
	img, _ = f.listed("gz", start.ResourceUUID)
	if img.Status != ImageStatusReady || img.Job != nil {
		t.Errorf("finished import: image = %+v, want Ready without job", img)
	}
	if job := f.job("gz", start.JobUUID); job.Status != cloud.JobStatusSuccess || job.Result != "" {
		t.Errorf("finished job = %+v", job)
	}
}

func TestJobOutcomes(t *testing.T) {
	tests := []struct {
		name        string
		outcomeType string
		outcome     JobOutcome
		run         func(f *fixture) Job
		region      string
		check       func(t *testing.T, f *fixture, job Job)
	}{
		{
			name: "failed import leaves a Failed image", outcomeType: JobTypeImportCIMG,
			outcome: JobOutcome{Fail: true, Result: "disk full"},
			run:     func(f *fixture) Job { return f.importOne("copy") }, region: "gz",
			check: func(t *testing.T, f *fixture, job Job) {
				if img, ok := f.listed("gz", job.ResourceUUID); !ok || img.Status != cloud.ImageStatusFailed || img.Job != nil {
					t.Errorf("image = %+v (listed %t), want Failed", img, ok)
				}
			},
		},
		{
			name: "failed create leaves a Failed image", outcomeType: "",
			outcome: JobOutcome{Fail: true},
			run: func(f *fixture) Job {
				var jobs []Job
				f.ok(f.post(pathCreate, map[string]any{"regionId": "bj", "cimg": map[string]string{"name": "from-snap", "snapUuid": SeedSnapshotBJ}}), &jobs)
				return jobs[0]
			},
			region: "bj",
			check: func(t *testing.T, f *fixture, job Job) {
				if img, _ := f.s.Image(job.ResourceUUID); img.Status != cloud.ImageStatusFailed {
					t.Errorf("status = %s, want Failed", img.Status)
				}
			},
		},
		{
			name: "failed rename keeps the name", outcomeType: cloud.JobTypeChangeCIMGName,
			outcome: JobOutcome{Fail: true},
			run: func(f *fixture) Job {
				var jobs []Job
				f.ok(f.post(pathChangeName, map[string]any{"cimg": []map[string]string{{"cimgUuid": SeedImageGZ, "name": "new"}}}), &jobs)
				return jobs[0]
			},
			region: "gz",
			check: func(t *testing.T, f *fixture, job Job) {
				if img, _ := f.listed("gz", SeedImageGZ); img.Name != SeedImageGZName || img.Status != ImageStatusReady {
					t.Errorf("image = %s %s, want the old name, Ready", img.Name, img.Status)
				}
			},
		},
		{
			name: "failed delete leaves the image Ready", outcomeType: cloud.JobTypeDeleteCIMG,
			outcome: JobOutcome{Fail: true},
			run: func(f *fixture) Job {
				var jobs []Job
				f.ok(f.post(pathDelete, map[string]any{"cimg": map[string]string{"cimgUuid": SeedImageGZDelete}}), &jobs)
				return jobs[0]
			},
			region: "gz",
			check: func(t *testing.T, f *fixture, job Job) {
				if img, ok := f.listed("gz", SeedImageGZDelete); !ok || img.Status != ImageStatusReady {
					t.Errorf("image = %+v (listed %t), want Ready", img, ok)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, Options{})
			f.s.SetJobOutcome(tt.outcomeType, tt.outcome)
			job := tt.run(f)
			f.clock.Advance(DefaultJobDuration)
			got := f.job(tt.region, job.JobUUID)
			if !got.Done || got.Success || got.Status != cloud.JobStatusFail || got.Result == "" {
				t.Fatalf("job = %+v, want done, failed, with a result", got)
			}
			if tt.outcome.Result != "" && got.Result != tt.outcome.Result {
				t.Errorf("result = %q, want %q", got.Result, tt.outcome.Result)
			}
			tt.check(t, f, got)
		})
	}
}

func TestJobOutcomeScope(t *testing.T) {
	f := newFixture(t, Options{})
	f.s.SetJobOutcome(cloud.JobTypeDeleteCIMG, JobOutcome{Fail: true})
	job := f.importOne("unaffected")
	f.clock.Advance(DefaultJobDuration)
	if got := f.job("gz", job.JobUUID); !got.Success {
		t.Errorf("an outcome for DeleteCIMG changed an import: %+v", got)
	}

	f.s.SetJobOutcome(cloud.JobTypeDeleteCIMG, JobOutcome{})
	var jobs []Job
	f.ok(f.post(pathDelete, map[string]any{"cimg": map[string]string{"cimgUuid": job.ResourceUUID}}), &jobs)
	f.clock.Advance(DefaultJobDuration)
	if got := f.job("gz", jobs[0].JobUUID); !got.Success {
		t.Errorf("the zero outcome did not restore success: %+v", got)
	}
}

func TestHangingJob(t *testing.T) {
	f := newFixture(t, Options{})
	f.s.SetJobOutcome("", JobOutcome{Hang: true})
	job := f.importOne("stuck")
	for _, advance := range []time.Duration{time.Second, time.Minute, 24 * time.Hour} {
		f.clock.Advance(advance)
		got := f.job("gz", job.JobUUID)
		if got.Done || got.Progress > cloud.HangProgress {
			t.Fatalf("hanging job = %+v", got)
		}
	}
	if got := f.job("gz", job.JobUUID); got.Progress != cloud.HangProgress {
		t.Errorf("progress = %v, want it stuck at %d", got.Progress, cloud.HangProgress)
	}

	if err := f.s.FailJob(job.JobUUID, "gave up"); err != nil {
		t.Fatal(err)
	}
	got := f.job("gz", job.JobUUID)
	if !got.Done || got.Success || got.Result != "gave up" {
		t.Errorf("after FailJob: %+v", got)
	}
	if img, _ := f.s.Image(job.ResourceUUID); img.Status != cloud.ImageStatusFailed {
		t.Errorf("image status = %s, want Failed", img.Status)
	}
}

func TestFailJob(t *testing.T) {
	f := newFixture(t, Options{})
	job := f.importOne("copy")
	f.clock.Advance(time.Second)
	if err := f.s.FailJob(job.JobUUID, ""); err != nil {
		t.Fatal(err)
	}
	got := f.job("gz", job.JobUUID)
	if !got.Done || got.Success || got.Result == "" || got.Progress >= 100 {
		t.Errorf("failed job = %+v", got)
	}
	if err := f.s.FailJob(job.JobUUID, "again"); err == nil || !strings.Contains(err.Error(), "already finished") {
		t.Errorf("failing a finished job: err = %v", err)
	}
	if err := f.s.FailJob("0123456789abcdef0123456789abcdef", ""); err == nil {
		t.Error("failing an unknown job succeeded")
	}
}

func TestInstantJobs(t *testing.T) {
	f := newFixture(t, Options{JobDuration: -1})
	job := f.importOne("fast")
	if job.Done {
		t.Fatalf("the answer to ImportCIMG must show the job just started: %+v", job)
	}
	if got := f.job("gz", job.JobUUID); !got.Done || !got.Success {
		t.Errorf("instant job not done on the next request: %+v", got)
	}
}

func TestSetJobDuration(t *testing.T) {
	f := newFixture(t, Options{})
	before := f.importOne("old")
	f.s.SetJobDuration(10 * time.Second)
	after := f.importOne("new")
	f.clock.Advance(5 * time.Second)
	jobs := f.jobs("gz", before.JobUUID, after.JobUUID)
	if !jobs[0].Done {
		t.Errorf("a running job must keep the duration it started with: %+v", jobs[0])
	}
	if jobs[1].Done || jobs[1].Progress != 50 {
		t.Errorf("a new job must use the new duration: %+v", jobs[1])
	}
}

func TestRenameJob(t *testing.T) {
	f := newFixture(t, Options{})
	var jobs []Job
	f.ok(f.post(pathChangeName, map[string]any{"regionId": "gz", "cimg": map[string]string{"cimgUuid": SeedImageGZ, "name": "renamed"}}), &jobs)
	if img, _ := f.listed("gz", SeedImageGZ); img.Name != SeedImageGZName || img.Job == nil || img.Job.Type != cloud.JobTypeChangeCIMGName {
		t.Errorf("while renaming: %s job=%+v, want the old name and the job", img.Name, img.Job)
	}
	f.wantErrno(f.post(pathChangeName, map[string]any{"cimg": map[string]string{"cimgUuid": SeedImageGZ, "name": "other"}}), openapi.ErrnoInvalidParameter, "busy with job "+jobs[0].JobUUID)
	f.clock.Advance(DefaultJobDuration)
	img, _ := f.listed("gz", SeedImageGZ)
	if img.Name != "renamed" || img.Job != nil || img.UpdateTime != f.clock.Now().UnixMilli() {
		t.Errorf("after the job: %+v", img)
	}
}

func TestDeleteJob(t *testing.T) {
	f := newFixture(t, Options{})
	var jobs []Job
	f.ok(f.post(pathDelete, map[string]any{"cimg": []map[string]string{{"cimgUuid": SeedImageGZDelete}}}), &jobs)
	if img, ok := f.listed("gz", SeedImageGZDelete); !ok || img.Status != cloud.ImageStatusDeleting || img.Job == nil {
		t.Errorf("while deleting: %+v (listed %t)", img, ok)
	}
	f.wantErrno(f.post(pathDelete, map[string]any{"cimg": map[string]string{"cimgUuid": SeedImageGZDelete}}), openapi.ErrnoInvalidParameter, "already being deleted")
	f.clock.Advance(DefaultJobDuration)
	if _, ok := f.listed("gz", SeedImageGZDelete); ok {
		t.Error("deleted image still listed")
	}
	f.wantErrno(f.post(pathDelete, map[string]any{"cimg": map[string]string{"cimgUuid": SeedImageGZDelete}}), openapi.ErrnoImageNotFound, SeedImageGZDelete)
	f.wantErrno(f.post(pathChangeName, map[string]any{"cimg": map[string]string{"cimgUuid": SeedImageGZDelete, "name": "x"}}), openapi.ErrnoImageNotFound, SeedImageGZDelete)
	if got := f.job("gz", jobs[0].JobUUID); !got.Success {
		t.Errorf("delete job = %+v", got)
	}
}

func TestDeleteWhileAnotherJobRuns(t *testing.T) {
	starts := []struct {
		name  string
		start func(f *fixture) Job
	}{
		{"import", func(f *fixture) Job { return f.importOne("busy") }},
		{"create", func(f *fixture) Job {
			var jobs []Job
			f.ok(f.post(pathCreate, map[string]any{"regionId": "gz", "cimg": map[string]string{"name": "busy", "snapUuid": SeedSnapshotGZ}}), &jobs)
			return jobs[0]
		}},
		{"rename", func(f *fixture) Job {
			var jobs []Job
			f.ok(f.post(pathChangeName, map[string]any{"cimg": map[string]string{"cimgUuid": SeedImageGZDelete, "name": "busy"}}), &jobs)
			return jobs[0]
		}},
	}
	for _, st := range starts {
		for _, cancels := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/deleteCancelsJobs=%t", st.name, cancels), func(t *testing.T) {
				f := newFixture(t, Options{DeleteCancelsJobs: cancels})
				busy := st.start(f) // the fake clock stands still, so the job keeps running
				deleteBusy := map[string]any{"cimg": map[string]string{"cimgUuid": busy.ResourceUUID}}
				resp := f.post(pathDelete, deleteBusy)
				if !cancels {
					f.wantErrno(resp, openapi.ErrnoInvalidParameter, "busy with job "+busy.JobUUID+" ("+busy.Type+"); wait until it is done")
					if img, _ := f.s.Image(busy.ResourceUUID); img.Status == cloud.ImageStatusDeleting || img.Job == nil || img.Job.JobUUID != busy.JobUUID {
						t.Errorf("a refused delete changed the image: %+v", img)
					}
					f.clock.Advance(DefaultJobDuration)
					if got := f.job("gz", busy.JobUUID); !got.Success {
						t.Errorf("a refused delete hurt the running job: %+v", got)
					}
					f.ok(f.post(pathDelete, deleteBusy), nil) // once the job is done, the delete goes through
					return
				}
				var jobs []Job
				f.ok(resp, &jobs)
				if got := f.job("gz", busy.JobUUID); !got.Done || got.Success || !strings.Contains(got.Result, "cancelled") {
					t.Errorf("%s job after delete = %+v", busy.Type, got)
				}
				f.wantErrno(f.post(pathDelete, deleteBusy), openapi.ErrnoInvalidParameter, "already being deleted")
				f.clock.Advance(DefaultJobDuration)
				if _, ok := f.s.Image(busy.ResourceUUID); ok {
					t.Error("the image of a cancelled job survived its delete")
				}
				if got := f.job("gz", jobs[0].JobUUID); !got.Success {
					t.Errorf("delete job = %+v", got)
				}
			})
		}
	}
}

func TestDeleteOfBusyImageIsAllOrNothing(t *testing.T) {
	f := newFixture(t, Options{})
	busy := f.importOne("busy")
	both := map[string]any{"cimg": []map[string]string{{"cimgUuid": SeedImageGZDelete}, {"cimgUuid": busy.ResourceUUID}}}
	f.wantErrno(f.post(pathDelete, both), openapi.ErrnoInvalidParameter, busy.ResourceUUID+" is busy")
	if img, _ := f.s.Image(SeedImageGZDelete); img.Status != ImageStatusReady || img.Job != nil {
		t.Errorf("the idle image of a refused delete changed: %+v", img)
	}

	f.s.SetDeleteCancelsJobs(true)
	var jobs []Job
	f.ok(f.post(pathDelete, both), &jobs)
	for _, uuid := range []string{SeedImageGZDelete, busy.ResourceUUID} {
		if img, _ := f.s.Image(uuid); img.Status != cloud.ImageStatusDeleting {
			t.Errorf("after SetDeleteCancelsJobs(true): %s is %s, want Deleting", uuid, img.Status)
		}
	}
	if got := f.job("gz", busy.JobUUID); got.Success || !got.Done {
		t.Errorf("import job = %+v, want cancelled", got)
	}
}

func TestOutOfBandDeleteFailsRunningJob(t *testing.T) {
	f := newFixture(t, Options{})
	job := f.importOne("copy")
	if !f.s.DeleteImage(job.ResourceUUID) {
		t.Fatal("DeleteImage found nothing")
	}
	f.clock.Advance(DefaultJobDuration)
	if got := f.job("gz", job.JobUUID); got.Success || !strings.Contains(got.Result, "no longer exists") {
		t.Errorf("job on a vanished image = %+v", got)
	}
}
