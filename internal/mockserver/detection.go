package mockserver

import (
	"net/http"
	"time"
)

// detection measures how late clients see jobs done: for each job that
// ends on its own, the time from its end (start plus duration) to the first
// JobResult answer reporting it done. Benchmarks read it to judge a
// client's polling schedule by the mock's clock alone.
type detection struct {
	jobs       int
	total, max time.Duration
}

// observe counts j the first time an answer reports it done. Callers hold
// s.mu.
func (d *detection) observe(j *job, now time.Time) {
	if j == nil || j.seenDone || !j.view.Done || j.outcome != (JobOutcome{}) || j.duration <= 0 {
		return
	}
	j.seenDone = true
	late := max(0, now.Sub(j.started.Add(j.duration)))
	d.jobs++
	d.total += late
	d.max = max(d.max, late)
}

// detectionReport is the body of POST /_mock/detection/reset.
type detectionReport struct {
	Jobs   int   `json:"jobs"`
	MeanMs int64 `json:"meanMs"`
	MaxMs  int64 `json:"maxMs"`
}

// adminDetection returns the figures since the last call and starts afresh.
func (s *Server) adminDetection(*http.Request) (int, any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.detection
	s.detection = detection{}
	report := detectionReport{Jobs: d.jobs, MaxMs: d.max.Milliseconds()}
	if d.jobs > 0 {
		report.MeanMs = (d.total / time.Duration(d.jobs)).Milliseconds()
	}
	return http.StatusOK, report
}
