package didiyun

import (
	"context"
	"sync"
	"time"
)

// DefaultListingTTL is how long a region's image listing is shared. A
// refresh of a thousand images takes Terraform itself over a minute, and
// should page through ListCIMG once, not once per image or every few
// seconds. A client lives for one Terraform command, any write through it
// makes older listings stale at once, and an image missing from a listing
// is confirmed by fresh lookups (FindCIMG), so the age only delays noticing
// an image that others changed meanwhile until the next command.
const DefaultListingTTL = 5 * time.Minute

// listingTimeout bounds a shared listing, which runs on its own context so
// that one caller giving up does not fail the others.
const listingTimeout = 5 * time.Minute

// listing is one region's images, being fetched or fetched at a time.
type listing struct {
	done    chan struct{}
	images  []Image
	err     error
	calls   int // ListCIMG calls it took
	started time.Time
	fetched time.Time
}

// listingCache shares ListCIMG pages between concurrent reads (single
// flight) and for a while after, until a write of this client makes them
// stale.
type listingCache struct {
	ttl time.Duration

	mu       sync.Mutex
	byRegion map[string]*listing // the latest listing started
	writes   map[string]*regionWrites
}

// regionWrites is when this client last wrote to a region. A create only
// adds an image under its own name, so it makes listings stale for general
// reads but not for what they say about other names.
type regionWrites struct {
	any     time.Time            // renames, deletes, finished jobs: may change any image or name
	created map[string]time.Time // by name
	last    time.Time            // the latest of all
}

func newListingCache(ttl time.Duration) *listingCache {
	return &listingCache{ttl: ttl, byRegion: map[string]*listing{}, writes: map[string]*regionWrites{}}
}

func (lc *listingCache) writesTo(regionID string) *regionWrites {
	w, ok := lc.writes[regionID]
	if !ok {
		w = &regionWrites{created: map[string]time.Time{}}
		lc.writes[regionID] = w
	}
	return w
}

// invalidate makes the region's listings stale after a write there.
func (lc *listingCache) invalidate(regionID string) {
	lc.mu.Lock()
	defer lc.mu.Unlock()
	w := lc.writesTo(regionID)
	w.any, w.last = time.Now(), time.Now()
}

// created makes the region's listings stale after a create of name there,
// except for what they say about other names.
func (lc *listingCache) created(regionID, name string) {
	lc.mu.Lock()
	defer lc.mu.Unlock()
	w := lc.writesTo(regionID)
	w.created[name], w.last = time.Now(), time.Now()
}

// settled makes the region's listings stale for general reads after a job
// ended that changed no name (a create's image became Ready).
func (lc *listingCache) settled(regionID string) {
	lc.mu.Lock()
	defer lc.mu.Unlock()
	lc.writesTo(regionID).last = time.Now()
}

// staleBefore is when a listing must have started to be current: for every
// image (name == ""), or for what it says about one name.
func (lc *listingCache) staleBefore(regionID, name string) time.Time {
	w := lc.writesTo(regionID)
	if name == "" {
		return w.last
	}
	return later(w.any, w.created[name])
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// RegionImagesForName returns the images of a region from the listing
// shared with concurrent and recent callers (see DefaultListingTTL), for a
// question about one name ("" for every image): a listing that creates of
// other names made stale still answers it. What it shows may be up to that old; a decision that an
// image is absent needs FindCIMG.
func (c *Client) RegionImagesForName(ctx context.Context, regionID, name string) ([]Image, error) {
	images, _, err := c.sharedListing(ctx, regionID, name, time.Time{})
	return images, err
}

// regionImages returns the shared listing of the region that is current
// for every image, and when it started.
func (c *Client) regionImages(ctx context.Context, regionID string) ([]Image, time.Time, error) {
	return c.regionImagesAfter(ctx, regionID, time.Time{})
}

// regionImagesAfter is regionImages from a listing that started after
// after: confirming a miss needs a listing other than the one that missed,
// and many confirmations after one listing can still share the next one.
func (c *Client) regionImagesAfter(ctx context.Context, regionID string, after time.Time) ([]Image, time.Time, error) {
	return c.sharedListing(ctx, regionID, "", after)
}

// sharedListing returns a listing of the region that started after after
// and is current for name (every image when name is ""), starting one when
// the shared one is not.
func (c *Client) sharedListing(ctx context.Context, regionID, name string, after time.Time) ([]Image, time.Time, error) {
	lc := c.listings
	if lc.ttl < 0 {
		started := time.Now()
		images, err := c.ListAllCIMG(ctx, regionID)
		return images, started, err
	}
	lc.mu.Lock()
	after = later(after, lc.staleBefore(regionID, name))
	l, ok := lc.byRegion[regionID]
	if !ok || !l.started.After(after) || (!l.fetched.IsZero() && time.Since(l.fetched) > lc.ttl) {
		l = &listing{done: make(chan struct{}), started: time.Now()}
		lc.byRegion[regionID] = l
		go c.fill(context.WithoutCancel(ctx), regionID, l)
	}
	lc.mu.Unlock()
	return l.wait(ctx)
}

// recentListing is the shared listing of the region when it is done, read
// the region in one call (one page, one moment: a listing of several pages
// can miss an image made between them) that started within maxAge, and is
// current for name. It never waits for or starts a listing.
func (c *Client) recentListing(regionID, name string, maxAge time.Duration) ([]Image, bool) {
	lc := c.listings
	lc.mu.Lock()
	defer lc.mu.Unlock()
	l, found := lc.byRegion[regionID]
	if !found || l.fetched.IsZero() || l.err != nil || l.calls != 1 ||
		!l.started.After(lc.staleBefore(regionID, name)) || time.Since(l.started) > maxAge {
		return nil, false
	}
	return l.images, true
}

// listingCalls is how many ListCIMG calls the latest listing of the region
// took, or 0 when it is not done.
func (c *Client) listingCalls(regionID string) int {
	lc := c.listings
	lc.mu.Lock()
	defer lc.mu.Unlock()
	if l, ok := lc.byRegion[regionID]; ok && !l.fetched.IsZero() {
		return l.calls
	}
	return 0
}

func (l *listing) wait(ctx context.Context) ([]Image, time.Time, error) {
	select {
	case <-l.done:
		return l.images, l.started, l.err
	case <-ctx.Done():
		return nil, time.Time{}, context.Cause(ctx)
	}
}

func (c *Client) fill(ctx context.Context, regionID string, l *listing) {
	ctx, cancel := context.WithTimeout(ctx, listingTimeout)
	defer cancel()
	images, calls, err := c.listAllCIMG(ctx, regionID, nil)

	c.listings.mu.Lock()
	l.images, l.err, l.calls, l.fetched = images, err, calls, time.Now()
	if err != nil && c.listings.byRegion[regionID] == l {
		delete(c.listings.byRegion, regionID) // never share a failure
	}
	c.listings.mu.Unlock()
	close(l.done)
}
