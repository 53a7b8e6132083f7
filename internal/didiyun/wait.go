package didiyun

import (
	"context"
	"fmt"
	"time"
)

// WaitJob blocks until the job is done, the job fails (a *JobFailedError
// carrying its result) or ctx ends. onProgress, if set, sees every answer.
// Concurrent waits of one Client share their JobResult calls.
func (c *Client) WaitJob(ctx context.Context, regionID, jobUUID string, onProgress func(Job)) (Job, error) {
	if jobUUID == "" {
		return Job{}, fmt.Errorf("WaitJob: no job uuid to wait for in region %s", regionID)
	}
	w := &waiter{
		ctx:        ctx,
		jobUUID:    jobUUID,
		started:    time.Now(),
		onProgress: onProgress,
		result:     make(chan waitResult, 1),
	}
	w.due = w.started.Add(c.poll.Floor)
	p := c.pollerFor(regionID)
	p.add(w)
	select {
	case res := <-w.result:
		// A finished job changed the region: listings from before are stale.
		c.listings.invalidate(regionID)
		return res.job, res.err
	case <-ctx.Done():
		p.remove(w)
		return Job{}, context.Cause(ctx)
	}
}

func (c *Client) pollerFor(regionID string) *poller {
	c.pollersMu.Lock()
	defer c.pollersMu.Unlock()
	p, ok := c.pollers[regionID]
	if !ok {
		p = newPoller(c, regionID, c.poll)
		c.pollers[regionID] = p
	}
	return p
}
