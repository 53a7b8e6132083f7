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
	res := c.wait(ctx, regionID, c.newWaiter(ctx, jobUUID, nil, onProgress))
	return res.job, res.err
}

// WaitCreated is WaitJob for the job of a create (ImportCIMG, CreateCIMG)
// on the image named name. It watches the image in ListCIMG, which shows an
// image's running job (the docs: `job` is there while a job runs, absent
// otherwise), so one listing tells the progress of every copy of the region
// and hands over each finished image: no read after the job. image is the
// image as that listing showed it, or nil when only JobResult could tell
// how the job ended (the image was not listed, or not Ready with no job).
func (c *Client) WaitCreated(ctx context.Context, regionID string, job Job, name string, onProgress func(Job)) (image *Image, err error) {
	if job.ID() == "" || job.ResourceUUID == "" {
		return nil, fmt.Errorf("WaitCreated: no job or image uuid to wait for in region %s", regionID)
	}
	watch := &imageWatch{uuid: job.ResourceUUID, name: name, jobType: job.Type}
	res := c.wait(ctx, regionID, c.newWaiter(ctx, job.ID(), watch, onProgress))
	return res.image, res.err
}

func (c *Client) newWaiter(ctx context.Context, jobUUID string, watch *imageWatch, onProgress func(Job)) *waiter {
	now := time.Now()
	return &waiter{
		ctx:        ctx,
		jobUUID:    jobUUID,
		watch:      watch,
		started:    now,
		due:        now.Add(c.poll.Floor),
		onProgress: onProgress,
		result:     make(chan waitResult, 1),
	}
}

func (c *Client) wait(ctx context.Context, regionID string, w *waiter) waitResult {
	p := c.pollerFor(regionID)
	p.add(w)
	select {
	case res := <-w.result:
		if res.image != nil {
			// Seen in a listing after it ended: only that image changed.
			c.listings.settled(regionID)
		} else {
			// A finished job changed the region: listings from before are stale.
			c.listings.invalidate(regionID)
		}
		return res
	case <-ctx.Done():
		p.remove(w)
		return waitResult{err: context.Cause(ctx)}
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
