// Package regionview reads a region's images for many callers at once: one
// shared listing of the region, and names lookups batched into one call.
// One rule keeps what it shares current: a listing that started before this
// client's last change to the region (didiyun.Client.LastChange) is never
// handed out again.
package regionview

import (
	"context"
	"sync"
	"time"

	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun/paging"
)

// Options shape the sharing. Zero values take the defaults.
type Options struct {
	// ListingTTL is how long a region's listing is shared; DefaultListingTTL
	// when zero, no sharing beyond one flight when negative.
	ListingTTL time.Duration
	// NameBatchWindow is how long a names lookup waits to share one call
	// with others; DefaultNameBatchWindow when zero, none when negative.
	NameBatchWindow time.Duration
}

// DefaultListingTTL is how long a region's listing is shared. A refresh of
// a thousand images takes Terraform itself over a minute, and should page
// through ListCIMG once. A client lives for one Terraform command, any
// change it makes to a region makes older listings stale at once, and a
// miss is always confirmed by fresh lookups (Find), so the age only delays
// noticing what others changed until the next command.
const DefaultListingTTL = 5 * time.Minute

// DefaultNameBatchWindow is how long a names lookup waits for others of its
// region to share one ListCIMG call (condition.names takes many names):
// creates and reads after finished jobs come in bursts.
const DefaultNameBatchWindow = 20 * time.Millisecond

// listingTimeout bounds a shared listing or lookup, which runs on its own
// context so that one caller giving up does not fail the others.
const listingTimeout = 5 * time.Minute

// View shares a client's reads of regions' images.
type View struct {
	api *didiyun.Client
	ttl time.Duration

	mu       sync.Mutex
	byRegion map[string]*listing // the latest listing started
	batcher  nameBatcher
}

// New returns a View reading through api.
func New(api *didiyun.Client, opts Options) *View {
	if opts.ListingTTL == 0 {
		opts.ListingTTL = DefaultListingTTL
	}
	if opts.NameBatchWindow == 0 {
		opts.NameBatchWindow = DefaultNameBatchWindow
	}
	return &View{api: api, ttl: opts.ListingTTL, byRegion: map[string]*listing{},
		batcher: nameBatcher{window: opts.NameBatchWindow}}
}

// listing is one region's images, being fetched or fetched at a time.
type listing struct {
	done    chan struct{}
	images  []didiyun.Image
	err     error
	started time.Time
	fetched time.Time
}

// RegionImages returns every image of the region from the listing shared
// with concurrent and recent callers. What it shows may be up to the TTL
// old (never older than this client's last change to the region); a
// decision that an image is absent needs Find.
func (v *View) RegionImages(ctx context.Context, regionID string) ([]didiyun.Image, error) {
	images, _, err := v.listingAfter(ctx, regionID, time.Time{})
	return images, err
}

// listingAfter returns a listing of the region that started after after and
// after the client's last change there, starting one when the shared one is
// not, and when it started.
func (v *View) listingAfter(ctx context.Context, regionID string, after time.Time) ([]didiyun.Image, time.Time, error) {
	if v.ttl < 0 {
		started := time.Now()
		images, err := paging.All(ctx, v.api, regionID)
		return images, started, err
	}
	after = later(after, v.api.LastChange(regionID))
	v.mu.Lock()
	l, ok := v.byRegion[regionID]
	if !ok || !l.started.After(after) || (!l.fetched.IsZero() && time.Since(l.fetched) > v.ttl) {
		l = &listing{done: make(chan struct{}), started: time.Now()}
		v.byRegion[regionID] = l
		go v.fill(v.api.Logger().Shared(context.WithoutCancel(ctx), "listing of region "+regionID), regionID, l)
	}
	v.mu.Unlock()
	select {
	case <-l.done:
		return l.images, l.started, l.err
	case <-ctx.Done():
		return nil, time.Time{}, context.Cause(ctx)
	}
}

func (v *View) fill(ctx context.Context, regionID string, l *listing) {
	ctx, cancel := context.WithTimeout(ctx, listingTimeout)
	defer cancel()
	images, err := paging.All(ctx, v.api, regionID)

	v.mu.Lock()
	l.images, l.err, l.fetched = images, err, time.Now()
	if err != nil && v.byRegion[regionID] == l {
		delete(v.byRegion, regionID) // never share a failure
	}
	v.mu.Unlock()
	close(l.done)
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
