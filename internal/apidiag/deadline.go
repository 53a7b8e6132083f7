package apidiag

import (
	"context"
	"fmt"
	"time"
)

// OperationDeadline is the cause a resource gives its operation's context:
// the entry of the `timeouts` block that bounds it, so that running out of
// time names the entry to raise.
type OperationDeadline struct {
	Entry string // create, update or delete
	Limit time.Duration
}

func (d *OperationDeadline) Error() string {
	return fmt.Sprintf("the %s timeout (%s) ran out", d.Entry, d.Limit)
}

// Unwrap keeps it a context.DeadlineExceeded for errors.Is and Classify.
func (d *OperationDeadline) Unwrap() error { return context.DeadlineExceeded }

// JobProgress is what a wait saw of its job when it ended: the progress of
// the first and last JobResult answers and when they came (since the wait
// began), and how long the wait ran. A timeout that ran out is then told
// how long the job needs, rather than a guess.
type JobProgress struct {
	Err                   error
	FirstAt, LastAt       time.Duration
	FirstPercent, Percent float64
	Waited                time.Duration
}

func (p *JobProgress) Error() string { return p.Err.Error() }

// Unwrap keeps the wait's error (a deadline, a failed job) what it was.
func (p *JobProgress) Unwrap() error { return p.Err }

// needed estimates how long the whole operation needs, limit being what it
// had: the time before the wait, what the wait saw the job take, and what is
// left at the rate the job moved between the first and the last answer
// (from the wait's start at 0 % when they are one).
func (p *JobProgress) needed(limit time.Duration) (time.Duration, bool) {
	if p.Percent <= 0 || p.Percent >= 100 {
		return 0, false
	}
	fromAt, fromPercent := time.Duration(0), 0.0
	if p.LastAt > p.FirstAt && p.Percent > p.FirstPercent {
		fromAt, fromPercent = p.FirstAt, p.FirstPercent
	}
	rate := (p.Percent - fromPercent) / (p.LastAt - fromAt).Seconds() // percent a second
	if rate <= 0 || (p.LastAt-fromAt) <= 0 {
		return 0, false
	}
	left := time.Duration((100 - p.Percent) / rate * float64(time.Second))
	before := max(limit-p.Waited, 0)
	return before + p.LastAt + left, true
}

// roundUpTimeout rounds a needed time up to a timeout a person would write:
// whole 10 s under 2 minutes, whole minutes under an hour, then 10 minutes.
func roundUpTimeout(d time.Duration) time.Duration {
	step := 10 * time.Second
	switch {
	case d >= time.Hour:
		step = 10 * time.Minute
	case d >= 2*time.Minute:
		step = time.Minute
	}
	return (d + step - 1) / step * step
}

// formatTimeout writes a duration as a timeouts entry: "80s", "5m", "1h10m".
func formatTimeout(d time.Duration) string {
	switch {
	case d < 2*time.Minute:
		return fmt.Sprintf("%ds", int(d/time.Second))
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d/time.Minute))
	case d%time.Hour == 0:
		return fmt.Sprintf("%dh", int(d/time.Hour))
	}
	return fmt.Sprintf("%dh%dm", int(d/time.Hour), int(d%time.Hour/time.Minute))
}
