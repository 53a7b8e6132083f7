package didiyun

import (
	"context"
	"time"
)

// imageWatch is a wait on a create job that watches its image in ListCIMG
// rather than asking JobResult (see WaitCreated).
type imageWatch struct {
	uuid, name, jobType string
	// byJobResult is set once a listing could not tell how the job ended:
	// from then on the job itself is asked about.
	byJobResult bool
}

// imageStatusReady is the status of an image that can be used.
const imageStatusReady = "Ready"

// lookAtImages reads the watched images in one listing and settles every
// wait it can tell about; it returns the waits it cannot: their image is
// not listed, or shows neither their job nor Ready (a failed copy, another
// job, a server that leaves `job` out), or the listing failed. The listing
// only saves calls: JobResult still tells how those jobs end.
func (p *poller) lookAtImages(ctx context.Context, watched []*waiter) (unclear []*waiter) {
	if len(watched) == 0 {
		return nil
	}
	names := make([]string, 0, len(watched))
	for _, w := range watched {
		names = append(names, w.watch.name)
	}
	images, err := p.client.watchListing(ctx, p.region, names)
	now := time.Now()
	if err != nil {
		p.client.logger.Debug(ctx, "watching copies in the listing failed; asking JobResult", map[string]any{
			"region_id": p.region, "error": err.Error(),
		})
	}
	for _, w := range watched {
		img, found := findByUUID(images, w.watch.uuid)
		switch {
		case err != nil:
			w.watch.byJobResult = true
			unclear = append(unclear, w)
		case found && img.Job != nil && img.Job.ID() == w.jobUUID && !img.Job.Done:
			p.observed(w, now, *img.Job)
		case found && img.Job == nil && img.Status == imageStatusReady:
			p.observedReady(w, img)
		default:
			w.watch.byJobResult = true
			unclear = append(unclear, w)
		}
	}
	return unclear
}

// observedReady ends a wait whose image is Ready with no job running: its
// create succeeded.
func (p *poller) observedReady(w *waiter, img Image) {
	job := Job{JobUUID: w.jobUUID, ResourceUUID: img.UUID, Type: w.watch.jobType, Progress: 100, Done: true, Success: true}
	if w.onProgress != nil {
		w.onProgress(job)
	}
	p.mu.Lock()
	if took := time.Since(w.started); p.shortestCreate <= 0 || took < p.shortestCreate {
		p.shortestCreate = took
	}
	p.mu.Unlock()
	p.finish(w, waitResult{job: job, image: &img})
}

// watchListing reads the images named names in region: the whole region in
// one shared listing when the last one took a single call (it then answers
// the name checks of the creates that follow too, see nameCheckMaxAge),
// else names-filtered lookups.
func (c *Client) watchListing(ctx context.Context, regionID string, names []string) ([]Image, error) {
	if c.listingCalls(regionID) == 1 {
		images, _, err := c.regionImagesAfter(ctx, regionID, time.Now())
		return images, err
	}
	var images []Image
	for start := 0; start < len(names); start += maxNamesPerCall {
		found, err := c.ListAllCIMG(ctx, regionID, names[start:min(start+maxNamesPerCall, len(names))]...)
		if err != nil {
			return nil, err
		}
		images = append(images, found...)
	}
	return images, nil
}
