package didiyun

import (
	"context"
	"sync"
	"time"
)

// nameCheckMaxAge is how old a shared listing of the region may be to tell
// that a name is free: a one-page listing that started after every write of
// this client that could change the answer, and no more than this before
// the create or rename that takes the name. Jobs that finish together free their slots
// together, so the listing that saw them finish answers the checks of the
// creates Terraform starts next, instead of one lookup more each time.
const nameCheckMaxAge = time.Second

// nameClaims serialises, within one Client, checking that a name is free in
// a region and the write that takes it, so that two resources of one apply
// can never both pass the check and both take the name.
type nameClaims struct {
	mu    sync.Mutex
	locks map[string]*nameLock
}

type nameLock struct {
	held  chan struct{}
	users int
}

// lock waits for (region, name) or for ctx to end.
func (n *nameClaims) lock(ctx context.Context, regionID, name string) (unlock func(), err error) {
	key := regionID + "\x00" + name
	n.mu.Lock()
	if n.locks == nil {
		n.locks = map[string]*nameLock{}
	}
	l, ok := n.locks[key]
	if !ok {
		l = &nameLock{held: make(chan struct{}, 1)}
		n.locks[key] = l
	}
	l.users++
	n.mu.Unlock()

	leave := func() {
		n.mu.Lock()
		defer n.mu.Unlock()
		if l.users--; l.users == 0 {
			delete(n.locks, key)
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

// ClaimName holds name in regionID for this Client until release is called,
// after checking that no image other than except (a uuid, or "") carries it.
// Callers create or rename into the name while they hold it.
func (c *Client) ClaimName(ctx context.Context, regionID, name, except string) (release func(), err error) {
	unlock, err := c.names.lock(ctx, regionID, name)
	if err != nil {
		return nil, err
	}
	existing, err := c.imagesNamedNow(ctx, regionID, name)
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

// imagesNamedNow is imagesNamed, answered by a listing of the region of the
// last moment when there is one (see nameCheckMaxAge).
func (c *Client) imagesNamedNow(ctx context.Context, regionID, name string) ([]Image, error) {
	if listed, ok := c.recentListing(regionID, name, nameCheckMaxAge); ok {
		return withNames(listed, []string{name}), nil
	}
	return c.imagesNamed(ctx, regionID, name)
}
