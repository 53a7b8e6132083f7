package didiyun

import (
	"context"
	"sync"
	"time"
)

// DefaultNameBatchWindow is how long a names-filtered lookup waits for others
// of its region to share one ListCIMG call (condition.names takes many
// names). Creates and reads after finished jobs come in bursts: a burst of
// n costs one call instead of n, for a few milliseconds of waiting.
const DefaultNameBatchWindow = 20 * time.Millisecond

// maxNamesPerCall bounds the names of one batched ListCIMG; the docs give no
// limit, and a long list of names is a long request body.
const maxNamesPerCall = 100

// nameBatcher gathers names-filtered lookups of one region that start within
// a window into one ListAllCIMG call. A batch is joined only until it is
// sent, so every answer was asked for after its caller joined.
type nameBatcher struct {
	window time.Duration

	mu      sync.Mutex
	pending map[string]*nameBatch // by region; only batches not yet sent
}

type nameBatch struct {
	names  []string
	seen   map[string]bool
	done   chan struct{}
	images []Image
	err    error
}

// imagesNamed returns the images of region named exactly name, from a
// lookup shared with other callers of the same moment.
func (c *Client) imagesNamed(ctx context.Context, regionID, name string) ([]Image, error) {
	b := c.batcher.join(ctx, c, regionID, name)
	select {
	case <-b.done:
		if b.err != nil {
			return nil, b.err
		}
		return withNames(b.images, []string{name}), nil
	case <-ctx.Done():
		return nil, context.Cause(ctx)
	}
}

func (nb *nameBatcher) join(ctx context.Context, c *Client, regionID, name string) *nameBatch {
	nb.mu.Lock()
	defer nb.mu.Unlock()
	if nb.pending == nil {
		nb.pending = map[string]*nameBatch{}
	}
	b, ok := nb.pending[regionID]
	if !ok || len(b.names) >= maxNamesPerCall {
		b = &nameBatch{seen: map[string]bool{}, done: make(chan struct{})}
		nb.pending[regionID] = b
		go nb.send(context.WithoutCancel(ctx), c, regionID, b)
	}
	if !b.seen[name] {
		b.seen[name] = true
		b.names = append(b.names, name)
	}
	return b
}

// send waits out the window, closes the batch to newcomers and asks once.
func (nb *nameBatcher) send(ctx context.Context, c *Client, regionID string, b *nameBatch) {
	if nb.window > 0 {
		time.Sleep(nb.window)
	}
	nb.mu.Lock()
	if nb.pending[regionID] == b {
		delete(nb.pending, regionID)
	}
	names := b.names
	nb.mu.Unlock()

	ctx, cancel := context.WithTimeout(ctx, listingTimeout)
	defer cancel()
	b.images, b.err = c.ListAllCIMG(ctx, regionID, names...)
	close(b.done)
}
