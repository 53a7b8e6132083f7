package mockserver

import (
	"testing"
	"time"

	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver/cloud"
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
	got := f.detection()
	if got.Jobs != 1 || got.MeanMs != 300 || got.MaxMs != 300 || len(got.DurationsMs) != 1 || got.DurationsMs[0] != 1000 {
		t.Errorf("detection = %+v, want one job of 1000 ms seen 300 ms late", got)
	}
	if again := f.detection(); again.Jobs != 0 {
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
	if report := f.detection(); report.Jobs != 0 {
		t.Fatalf("a listing counted as seeing a job done: %+v", report)
	}
	_ = f.jobs("gz", first.JobUUID, second.JobUUID)
	_ = f.jobs("gz", first.JobUUID, second.JobUUID)
	got := f.detection()
	if got.Jobs != 2 || len(got.DurationsMs) != 2 {
		t.Fatalf("detection = %+v, want both copies seen done once", got)
	}
	for i, job := range []Job{first, second} {
		var want int64
		_, _ = f.s.cloud.Update(f.s.accountIDs[0], func(a *cloud.Account) { d, _ := a.JobDuration(job.JobUUID); want = d.Milliseconds() })
		if got.DurationsMs[i] != want {
			t.Errorf("duration %d = %d ms, want %d (start order)", i, got.DurationsMs[i], want)
		}
	}
}

// detection takes the detection report, as POST /_mock/detection/reset does.
func (f *fixture) detection() cloud.DetectionReport { return f.s.cloud.TakeDetection() }
