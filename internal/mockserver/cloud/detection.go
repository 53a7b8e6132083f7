package cloud

import (
	"slices"
	"time"
)

// detection measures how late clients see jobs done: for each job that
// ends on its own, the time from its end (start plus duration) to the first
// JobResult answer that reports it done (the only answer that says a job
// ended, whatever a listing shows). Benchmarks read it to judge a
// client's polling schedule by the mock's clock alone.
type detection struct {
	jobs       int
	total, max time.Duration
	timings    []jobTiming
}

// jobTiming is when a job started and how long it was set to take.
type jobTiming struct {
	started  time.Time
	duration time.Duration
}

// maxTimings bounds the timings a report keeps between resets.
const maxTimings = 100_000

// observe counts j the first time an answer reports it done.
func (d *detection) observe(j *job, now time.Time) {
	if j == nil || j.seenDone || !j.view.Done || j.outcome != (JobOutcome{}) || j.duration <= 0 {
		return
	}
	j.seenDone = true
	late := max(0, now.Sub(j.started.Add(j.duration)))
	d.jobs++
	d.total += late
	d.max = max(d.max, late)
	if len(d.timings) < maxTimings {
		d.timings = append(d.timings, jobTiming{j.started, j.duration})
	}
}

// DetectionReport is the body of POST /_mock/detection/reset.
type DetectionReport struct {
	Jobs   int   `json:"jobs"`
	MeanMs int64 `json:"meanMs"`
	MaxMs  int64 `json:"maxMs"`
	// DurationsMs are the jobs' set durations in the order they started:
	// with a parallelism, the time the jobs alone needed.
	DurationsMs []int64 `json:"durationsMs"`
}

// TakeDetection returns the figures since the last call and starts afresh.
func (c *Cloud) TakeDetection() DetectionReport {
	c.mu.Lock()
	d := c.detection
	c.detection = detection{}
	c.mu.Unlock()
	report := DetectionReport{Jobs: d.jobs, MaxMs: d.max.Milliseconds()}
	if d.jobs > 0 {
		report.MeanMs = (d.total / time.Duration(d.jobs)).Milliseconds()
	}
	slices.SortFunc(d.timings, func(a, b jobTiming) int { return a.started.Compare(b.started) })
	report.DurationsMs = make([]int64, len(d.timings))
	for i, t := range d.timings {
		report.DurationsMs[i] = t.duration.Milliseconds()
	}
	return report
}
