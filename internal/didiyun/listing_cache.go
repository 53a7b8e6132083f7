package didiyun

import (
	"context"
	"sync"
	"time"
)

// DefaultListingTTL is how long a region's image listing is shared. A
// refresh of a thousand images takes Terraform itself about a minute, and
// should page through ListCIMG once, not once per image or every few
// seconds. A client lives for one Terraform command, any write through it
// drops the listing at once, and an image missing from it is confirmed by
// fresh lookups (FindCIMG), so the age only delays noticing an image that
// others deleted or renamed meanwhile until the next command.
const DefaultListingTTL = time.Minute

// listingTimeout bounds a shared listing, which runs on its own context so
// that one caller giving up does not fail the others.
const listingTimeout = 5 * time.Minute

// listing is one region's images, being fetched or fetched at a time.
type listing struct {
	done    chan struct{}
	images  []Image
	err     error
	started time.Time
	fetched time.Time
}

// listingCache shares ListCIMG pages between concurrent reads (single
// flight) and for a short while after.
type listingCache struct {
	ttl time.Duration

	mu       sync.Mutex
	byRegion map[string]*listing
}

func newListingCache(ttl time.Duration) *listingCache {
	return &listingCache{ttl: ttl, byRegion: map[string]*listing{}}
}

// invalidate forgets a region's listing after a write there.
func (lc *listingCache) invalidate(regionID string) {
	lc.mu.Lock()
	defer lc.mu.Unlock()
	delete(lc.byRegion, regionID)
}

// RegionImages returns every image of a region from the listing shared with
// concurrent and recent callers (see DefaultListingTTL). What it shows may
// be up to that old; a decision that an image is absent needs FindCIMG.
func (c *Client) RegionImages(ctx context.Context, regionID string) ([]Image, error) {
	images, _, err := c.regionImages(ctx, regionID)
	return images, err
}

// regionImages is RegionImages, and when that listing started.
func (c *Client) regionImages(ctx context.Context, regionID string) ([]Image, time.Time, error) {
	return c.regionImagesAfter(ctx, regionID, time.Time{})
}

// regionImagesAfter is regionImages from a listing that started after
// after: confirming a miss needs a listing other than the one that missed,
// and many confirmations after one listing can still share the next one.
func (c *Client) regionImagesAfter(ctx context.Context, regionID string, after time.Time) ([]Image, time.Time, error) {
	lc := c.listings
	if lc.ttl < 0 {
		started := time.Now()
		images, err := c.ListAllCIMG(ctx, regionID)
		return images, started, err
	}
	lc.mu.Lock()
	l, ok := lc.byRegion[regionID]
	if ok && (!l.started.After(after) || (!l.fetched.IsZero() && time.Since(l.fetched) > lc.ttl)) {
		ok = false
	}
	if !ok {
		l = &listing{done: make(chan struct{}), started: time.Now()}
		lc.byRegion[regionID] = l
		go c.fill(context.WithoutCancel(ctx), regionID, l)
	}
	lc.mu.Unlock()

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
	images, err := c.ListAllCIMG(ctx, regionID)

	c.listings.mu.Lock()
	l.images, l.err, l.fetched = images, err, time.Now()
	if err != nil && c.listings.byRegion[regionID] == l {
		delete(c.listings.byRegion, regionID) // never share a failure
	}
	c.listings.mu.Unlock()
	close(l.done)
}
