package paging

import (
	"context"
	"fmt"
	"slices"

	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
)

// Lister reads one page of images: *didiyun.Client.
type Lister interface {
	ListCIMG(ctx context.Context, in didiyun.ListCIMGInput) (didiyun.ListCIMGOutput, error)
}

// maxPages bounds one listing, so a server that never ends its pages cannot
// keep us paging forever.
const maxPages = 2000

// maxStalePages is how many pages in a row may bring nothing new before the
// listing is taken to be going round in circles.
const maxStalePages = 8

// All pages through every image of a region whose name is exactly one of
// names (all images when names is empty). See pager for why a page shorter
// than asked is not the end, and how images that other users delete
// meanwhile cannot make it miss one.
func All(ctx context.Context, l Lister, regionID string, names ...string) ([]didiyun.Image, error) {
	p := newPager()
	for range maxPages {
		start := p.nextStart()
		out, err := l.ListCIMG(ctx, didiyun.ListCIMGInput{RegionID: regionID, Start: start, Limit: didiyun.MaxListLimit, Names: names})
		if err != nil {
			return nil, err
		}
		if p.take(start, out) {
			return ExactNames(p.images, names), nil
		}
		if p.stale > maxStalePages {
			return nil, fmt.Errorf("ListCIMG in region %s returned only images already seen for %d pages in a row", regionID, p.stale)
		}
	}
	return nil, fmt.Errorf("ListCIMG in region %s did not end within %d pages", regionID, maxPages)
}

// ExactNames keeps the images named exactly one of names (all when names is
// empty): the docs do not say how the server matches condition.names, so a
// prefix or substring match must not reach any decision.
func ExactNames(images []didiyun.Image, names []string) []didiyun.Image {
	if len(names) == 0 {
		return images
	}
	var exact []didiyun.Image
	for _, img := range images {
		if slices.Contains(names, img.Name) {
			exact = append(exact, img)
		}
	}
	return exact
}
