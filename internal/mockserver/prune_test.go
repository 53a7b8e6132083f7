package mockserver

import (
	"net/url"
	"testing"
	"time"
)

func TestFinishedJobsArePruned(t *testing.T) {
	tests := []struct {
		name      string
		retention time.Duration
		kept      bool // after the retention and a millisecond more
	}{
		{"default retention", 0, false},
		{"ten minutes", 10 * time.Minute, false},
		{"forever", -1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, Options{JobDuration: time.Second, JobRetention: tt.retention})
			job := f.importOne("pruned")
			f.clock.Advance(time.Second)
			if got := f.job("gz", job.JobUUID); !got.Done {
				t.Fatalf("job not done: %+v", got)
			}
			retention := tt.retention
			if retention <= 0 {
				retention = DefaultJobRetention
			}
			f.clock.Advance(retention)
			if _, ok := f.s.Job(job.JobUUID); !ok {
				t.Errorf("the job is gone after exactly the retention")
			}
			f.clock.Advance(time.Millisecond)
			resp := f.get(pathResult, url.Values{"regionId": {"gz"}, "jobUuids": {job.JobUUID}})
			if _, ok := f.s.Job(job.JobUUID); ok != tt.kept || (resp.Env.Errno == 0) != tt.kept {
				t.Errorf("after the retention: kept %t, JobResult errno %d; want kept %t", ok, resp.Env.Errno, tt.kept)
			}
			if _, ok := f.s.Job(SeedJobGZ); !ok {
				t.Error("the seeded job was pruned")
			}
			if img, _ := f.s.Image(job.ResourceUUID); img.Status != ImageStatusReady {
				t.Errorf("pruning the job changed the image: %+v", img)
			}
		})
	}
}
