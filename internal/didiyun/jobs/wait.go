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

// UnknownJobError is a job JobResult does not know (any more): it rejected
// the uuid, or answered without it. Nothing can be said about how it ended.
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
// may pass (outages, throttling) are ridden out until ctx ends; a job that
// JobResult does not know fails the wait (UnknownJobError). onProgress, if
// set, sees every answer about the job.
func (w *Waiter) Wait(ctx context.Context, regionID, jobUUID string, onProgress func(didiyun.Job)) (didiyun.Job, error) {
	if jobUUID == "" {
		return didiyun.Job{}, fmt.Errorf("no job uuid to wait for in region %s", regionID)
	}
	now := time.Now()
	wt := &waiter{ctx: ctx, jobUUID: jobUUID, started: now, due: now.Add(w.opts.Floor), onProgress: onProgress,
		result: make(chan result, 1)}
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
