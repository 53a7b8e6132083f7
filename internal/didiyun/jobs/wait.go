// Package jobs waits for DiDi Cloud jobs. Only a JobResult answer about a
// job says whether it ended and how: done and success, the job succeeded;
// done without success, it failed with its result. Concurrent waits of one
// region share their JobResult calls.
package jobs

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
)

// Waiter waits for jobs through one API client.
type Waiter struct {
	api  *didiyun.Client
	opts Options

	mu      sync.Mutex
	pollers map[string]*poller
}

// New returns a Waiter; zero Options take the defaults.
func New(api *didiyun.Client, opts Options) *Waiter {
	return &Waiter{api: api, opts: opts.withDefaults(), pollers: map[string]*poller{}}
}

// UnknownJobError is a job JobResult does not know: it rejected the uuid, or
// answered without it. Within a wait it means the job is forgotten (see
// Options.LearnWindow); nothing can be said about how it ended.
type UnknownJobError struct {
	RegionID, JobUUID string
	Err               error
}

func (e *UnknownJobError) Error() string {
	return fmt.Sprintf("JobResult does not know job %s in region %s: %v", e.JobUUID, e.RegionID, e.Err)
}

func (e *UnknownJobError) Unwrap() error { return e.Err }

// IsUnknownJob reports an UnknownJobError.
func IsUnknownJob(err error) bool {
	var unknown *UnknownJobError
	return errors.As(err, &unknown)
}

// Wait blocks until JobResult says the job is done (a *didiyun.JobFailedError
// carrying its result when it did not succeed), or ctx ends. Failures that
// may pass (outages, throttling) and a job JobResult does not know yet are
// ridden out until ctx ends; a job it has not known for LearnWindow, since
// jobStarted (when the job is known to have started; zero: now) or its last
// answer about it, ends the wait with an UnknownJobError, and so does any failure that will not pass
// by waiting. onProgress, if set, sees every answer about the job.
func (w *Waiter) Wait(ctx context.Context, regionID, jobUUID string, jobStarted time.Time, onProgress func(didiyun.Job)) (didiyun.Job, error) {
	if jobUUID == "" {
		return didiyun.Job{}, fmt.Errorf("no job uuid to wait for in region %s", regionID)
	}
	now := time.Now()
	if jobStarted.IsZero() {
		jobStarted = now
	}
	wt := &waiter{ctx: ctx, jobUUID: jobUUID, known: jobStarted, started: now, due: now.Add(w.opts.Floor),
		onProgress: onProgress, result: make(chan result, 1)}
	p := w.pollerFor(regionID)
	p.add(wt)
	select {
	case res := <-wt.result:
		return res.job, res.err
	case <-ctx.Done():
		p.remove(wt)
		return didiyun.Job{}, context.Cause(ctx)
	}
}

// StillLearning reports whether JobResult may not know a job that started
// at started yet (Options.LearnWindow): a miss about it is no answer.
func (w *Waiter) StillLearning(started time.Time) bool {
	return time.Since(started) < w.opts.LearnWindow
}

// Ask returns JobResult's answer about one job, without waiting for it to
// end: its resourceUuid, progress and state now.
func (w *Waiter) Ask(ctx context.Context, regionID, jobUUID string) (didiyun.Job, error) {
	return w.pollerFor(regionID).askOne(ctx, jobUUID)
}

func (w *Waiter) pollerFor(regionID string) *poller {
	w.mu.Lock()
	defer w.mu.Unlock()
	p, ok := w.pollers[regionID]
	if !ok {
		p = newPoller(w.api, regionID, w.opts)
		w.pollers[regionID] = p
	}
	return p
}
