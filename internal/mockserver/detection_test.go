package mockserver

import (
	"net/http"
	"testing"
	"time"
)

// TestDetection: a job seen done 300 ms after its end counts 300 ms late,
// once; a job nobody asked about does not count.
func TestDetection(t *testing.T) {
	t.Parallel()
	f := newFixture(t, Options{JobDuration: time.Second})
	done := f.importOne("seen-late")
	_ = f.importOne("never-asked")
	f.clock.Advance(1300 * time.Millisecond)
	_ = f.jobs("gz", done.JobUUID)
	_ = f.jobs("gz", done.JobUUID) // a second look at a done job is not a detection
	_, report := f.s.adminDetection(&http.Request{})
	got := report.(detectionReport)
	if got.Jobs != 1 || got.MeanMs != 300 || got.MaxMs != 300 || len(got.DurationsMs) != 1 || got.DurationsMs[0] != 1000 {
		t.Errorf("detection = %+v, want one job of 1000 ms seen 300 ms late", got)
	}
	if _, again := f.s.adminDetection(&http.Request{}); again.(detectionReport).Jobs != 0 {
		t.Errorf("the figures were not reset: %+v", again)
	}
}

// TestDetection_byJobResultOnly: a listing that shows a finished copy counts
// for nothing (it does not say how a job ended); JobResult reporting each
// job done counts it once, and the report gives the durations in the order
// the jobs started.
func TestDetection_byJobResultOnly(t *testing.T) {
	t.Parallel()
	f := newFixture(t, Options{JobDuration: time.Second, JobDurationSpread: 0.5, Seed: 3})
	first := f.importOne("first")
	f.clock.Advance(100 * time.Millisecond)
	second := f.importOne("second")
	f.clock.Advance(time.Hour)
	_, _ = f.listed("gz", first.ResourceUUID)
	if _, report := f.s.adminDetection(&http.Request{}); report.(detectionReport).Jobs != 0 {
		t.Fatalf("a listing counted as seeing a job done: %+v", report)
	}
	_ = f.jobs("gz", first.JobUUID, second.JobUUID)
	_ = f.jobs("gz", first.JobUUID, second.JobUUID)
	_, report := f.s.adminDetection(&http.Request{})
	got := report.(detectionReport)
	if got.Jobs != 2 || len(got.DurationsMs) != 2 {
		t.Fatalf("detection = %+v, want both copies seen done once", got)
	}
	for i, job := range []Job{first, second} {
		want := f.s.accounts[f.s.accountIDs[0]].jobs[job.JobUUID].duration.Milliseconds()
		if got.DurationsMs[i] != want {
			t.Errorf("duration %d = %d ms, want %d (start order)", i, got.DurationsMs[i], want)
		}
	}
}
