// Package paging reads a region's images through ListCIMG's offset paging
// without missing one, whatever the server does within the docs.
package paging

import "github.com/didiyun/terraform-provider-didiyun/internal/didiyun"

// pager walks ListCIMG's offset paging so that no image which exists for
// the whole listing is missed, whatever the server does within the docs:
//
//   - A page may be shorter than the limit asked for without being the last
//     (the docs give no page cap). In the object shape the end is a page
//     reaching count. The array shape carries no total, so its end is a page
//     shorter than the longest one the server has returned (a fixed cap),
//     or an empty page. A server may even switch shapes between pages, so
//     each page is judged by its own shape.
//   - Other users may delete images between two pages. Each deletion before
//     our offset moves every later image up one place, and one image would
//     fall between the pages. So each page after the first starts a little
//     before the end of the one before (overlap), and it must contain an
//     image already seen: that proves it joins them, given that the server
//     keeps a stable order. A page that does not join is asked again from
//     further back, and the overlap grows for the pages after it.
//   - Images are deduplicated by uuid; a later sighting replaces an earlier.
//
// With pages of one image nothing can prove two pages join; the pager then
// trusts the offsets.
type pager struct {
	images []didiyun.Image
	seen   map[string]int // uuid → index in images
	// next is the server index just past the last page that joined.
	next int
	// overlap is how many images of the last page the next one reads again.
	overlap int
	// retreat steps further back after a page that did not join.
	retreat int
	// widest is the longest page the server has returned.
	widest int
	// stale counts joined pages in a row that brought no new image without
	// a reason to expect that (a retreat).
	stale int
	// probing: the next page is asked for past the last image, which pages
	// of one image force, so it cannot hold a seen image.
	probing bool
}

func newPager() *pager {
	return &pager{seen: map[string]int{}, overlap: 1}
}

// nextStart is where to ask for the next page.
func (p *pager) nextStart() int {
	if p.probing {
		return p.next
	}
	return max(p.next-p.overlap-p.retreat, 0)
}

// take adds a page that was asked for at start and reports whether the
// listing is complete.
func (p *pager) take(start int, out didiyun.ListCIMGOutput) (done bool) {
	items := out.Items
	probed := p.probing
	if start > 0 && !probed && !p.joins(items) {
		// Images before our offset were deleted: step back, read more again.
		p.overlap = min(2*p.overlap, max(p.widest/2, 1))
		p.retreat = max(2*p.retreat, p.overlap)
		return false
	}
	retreated := p.retreat > 0
	widestBefore := p.widest
	p.retreat, p.probing = 0, false
	p.widest = max(p.widest, len(items))

	added := 0
	for _, img := range items {
		if i, ok := p.seen[img.UUID]; ok {
			p.images[i] = img
			continue
		}
		p.seen[img.UUID] = len(p.images)
		p.images = append(p.images, img)
		added++
	}
	switch {
	case added > 0:
		p.stale = 0
	case !retreated:
		p.stale++
	}

	end := start + len(items)
	switch {
	case len(items) == 0:
		// At start 0 the region is empty; past the last image, it ends there.
		return start == 0 || probed
	case out.Count >= 0 && end >= out.Count:
		return true
	case out.Count < 0 && len(items) < widestBefore:
		return true
	case added == 0 && len(items) == 1 && widestBefore <= 1:
		p.next, p.probing = end, true
		return false
	}
	p.next = end
	return false
}

// joins reports whether a page holds an image already seen.
func (p *pager) joins(items []didiyun.Image) bool {
	for _, img := range items {
		if _, ok := p.seen[img.UUID]; ok {
			return true
		}
	}
	return false
}
