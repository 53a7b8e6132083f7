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
	if got.Jobs != 1 || got.MeanMs != 300 || got.MaxMs != 300 {
		t.Errorf("detection = %+v, want one job 300 ms late", got)
	}
	if _, again := f.s.adminDetection(&http.Request{}); again.(detectionReport).Jobs != 0 {
		t.Errorf("the figures were not reset: %+v", again)
	}
}
