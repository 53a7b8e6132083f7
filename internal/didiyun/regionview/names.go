package regionview

import (
	"context"
	"sync"
	"time"

	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun/paging"
)

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
	images []didiyun.Image
	err    error
}

// ImagesNamed returns the images of the region named exactly name, from a
// names lookup sent after this call began, shared with other callers of the
// same moment.
func (v *View) ImagesNamed(ctx context.Context, regionID, name string) ([]didiyun.Image, error) {
	b := v.batcher.join(ctx, v.api, regionID, name)
	select {
	case <-b.done:
		if b.err != nil {
			return nil, b.err
		}
		return paging.ExactNames(b.images, []string{name}), nil
	case <-ctx.Done():
		return nil, context.Cause(ctx)
	}
}

func (nb *nameBatcher) join(ctx context.Context, api *didiyun.Client, regionID, name string) *nameBatch {
	nb.mu.Lock()
	defer nb.mu.Unlock()
	if nb.pending == nil {
		nb.pending = map[string]*nameBatch{}
	}
	b, ok := nb.pending[regionID]
	if !ok || len(b.names) >= maxNamesPerCall {
		b = &nameBatch{seen: map[string]bool{}, done: make(chan struct{})}
		nb.pending[regionID] = b
		go nb.send(api.Logger().Shared(context.WithoutCancel(ctx), "names lookup in region "+regionID), api, regionID, b)
	}
	if !b.seen[name] {
		b.seen[name] = true
		b.names = append(b.names, name)
	}
	return b
}

// send waits out the window, closes the batch to newcomers and asks once.
func (nb *nameBatcher) send(ctx context.Context, api *didiyun.Client, regionID string, b *nameBatch) {
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
	b.images, b.err = paging.All(ctx, api, regionID, names...)
	close(b.done)
}
