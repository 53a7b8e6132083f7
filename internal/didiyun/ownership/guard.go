// Package ownership holds the two rules that decide which image is a
// resource's own: a name identifies one image in a region while this
// provider creates or renames into it (ClaimName), and a create that may
// have reached the server is never sent again, its image taken only when it
// is provably the one the create made (CreateOnce).
package ownership

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun/jobs"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun/regionview"
)

// Guard applies the rules for one provider process.
type Guard struct {
	api    *didiyun.Client
	images *regionview.View
	jobs   *jobs.Waiter

	mu    sync.Mutex
	locks map[string]*nameLock
}

// New returns a Guard that looks images up in images and asks jobs about
// jobs; api paces its retries.
func New(api *didiyun.Client, images *regionview.View, jobs *jobs.Waiter) *Guard {
	return &Guard{api: api, images: images, jobs: jobs, locks: map[string]*nameLock{}}
}

// NameTakenError refuses to create an image, or rename one, into a name
// already used in the region: names are how a create that lost its answer
// finds its image, so they must identify one image.
type NameTakenError struct {
	RegionID string
	Name     string
	UUIDs    []string
}

func (e *NameTakenError) Error() string {
	return fmt.Sprintf("an image named %q already exists in region %s (%s)", e.Name, e.RegionID, strings.Join(e.UUIDs, ", "))
}

// ClaimName holds name in regionID for this Guard until release is called,
// after a names lookup of its own found no image other than except (a uuid,
// or "") carrying it. Callers create or rename into the name while they hold
// it, so two resources of one apply can never both take it.
func (g *Guard) ClaimName(ctx context.Context, regionID, name, except string) (release func(), err error) {
	unlock, err := g.lock(ctx, regionID, name)
	if err != nil {
		return nil, err
	}
	existing, err := g.images.ImagesNamed(ctx, regionID, name)
	if err != nil {
		unlock()
		return nil, err
	}
	var taken []string
	for _, img := range existing {
		if img.UUID != except {
			taken = append(taken, img.UUID)
		}
	}
	if len(taken) > 0 {
		unlock()
		return nil, &NameTakenError{RegionID: regionID, Name: name, UUIDs: taken}
	}
	return unlock, nil
}

type nameLock struct {
	held  chan struct{}
	users int
}

// lock waits for (region, name) or for ctx to end.
func (g *Guard) lock(ctx context.Context, regionID, name string) (unlock func(), err error) {
	key := regionID + "\x00" + name
	g.mu.Lock()
	l, ok := g.locks[key]
	if !ok {
		l = &nameLock{held: make(chan struct{}, 1)}
		g.locks[key] = l
	}
	l.users++
	g.mu.Unlock()

	leave := func() {
		g.mu.Lock()
		defer g.mu.Unlock()
		if l.users--; l.users == 0 {
			delete(g.locks, key)
		}
	}
	select {
	case l.held <- struct{}{}:
		return func() { <-l.held; leave() }, nil
	case <-ctx.Done():
		leave()
		return nil, context.Cause(ctx)
	}
}
