package regionview_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun/didiyuntest"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun/regionview"
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver"
)

// newView starts the mock behind a front door and a View with opts over a
// client of it, with short waits changed by client.
func newView(t *testing.T, opts regionview.Options, client func(*didiyun.Options)) (*didiyuntest.FrontDoor, *didiyun.Client, *regionview.View) {
	t.Helper()
	d := didiyuntest.NewFrontDoor(t)
	c := d.NewClient(client)
	return d, c, regionview.New(c, opts)
}

func TestView_concurrentReadsShareOneListing(t *testing.T) {
	t.Parallel()
	// A listing that outlives any scheduling delay, so the count
	// below depends on sharing alone, not on the machine's speed.
	d, _, view := newView(t, regionview.Options{ListingTTL: time.Hour}, nil)
	for i := range 250 {
		d.Mock.AddImage(mockserver.Image{Name: fmt.Sprintf("shared-read--%03d", i), Regions: []string{"gz"}})
	}
	before := d.Mock.Count(mockserver.EndpointListCIMG)
	var wg sync.WaitGroup
	for i := 0; i < 40; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, found, err := view.Find(didiyuntest.Ctx(t), "gz", mockserver.SeedImageGZ, ""); err != nil || !found {
				t.Errorf("FindCIMG: found %v, err %v", found, err)
			}
		}()
	}
	wg.Wait()
	// 257 images are 3 pages; 40 reads share them.
	if calls := d.Mock.Count(mockserver.EndpointListCIMG) - before; calls != 3 {
		t.Errorf("40 concurrent reads made %d ListCIMG calls, want 3 (one shared listing)", calls)
	}
}
