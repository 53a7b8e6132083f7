package paging

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
)

// fakeListing is a region as a server within the docs could page it: a
// stable order, a page cap below the limit asked, either shape, and other
// users deleting their images between two pages.
type fakeListing struct {
	uuids []string
	cap   int
	// shape: "object", "array" or "alternate".
	shape string
	// churn deletes this many images before the offset on every page
	// asked for past the start, oldest "other" images first.
	churn int
	// ignoreStart answers page 0 whatever start was asked for.
	ignoreStart bool
	calls       int
}

func (f *fakeListing) page(start, limit int) didiyun.ListCIMGOutput {
	f.calls++
	if start > 0 {
		for range f.churn {
			i := slices.IndexFunc(f.uuids[:min(start, len(f.uuids))], func(u string) bool { return u[0] == 'o' })
			if i >= 0 {
				f.uuids = slices.Delete(f.uuids, i, i+1)
			}
		}
	}
	if f.ignoreStart {
		start = 0
	}
	n := min(limit, f.cap)
	lo, hi := min(start, len(f.uuids)), min(start+n, len(f.uuids))
	out := didiyun.ListCIMGOutput{Count: len(f.uuids)}
	for _, u := range f.uuids[lo:hi] {
		out.Items = append(out.Items, didiyun.Image{UUID: u})
	}
	if f.shape == "array" || (f.shape == "alternate" && f.calls%2 == 0) {
		out.Count = -1
	}
	return out
}

// list drives a pager the way ListAllCIMG does.
// ListCIMG makes fakeListing a Lister.
func (f *fakeListing) ListCIMG(_ context.Context, in didiyun.ListCIMGInput) (didiyun.ListCIMGOutput, error) {
	return f.page(in.Start, in.Limit), nil
}

func (f *fakeListing) list(t *testing.T) ([]string, error) {
	t.Helper()
	images, err := All(context.Background(), f, "gz")
	if err != nil {
		return nil, fmt.Errorf("%w (after %d calls)", err, f.calls)
	}
	return uuidsOf(images), nil
}

func uuidsOf(images []didiyun.Image) []string {
	out := make([]string, len(images))
	for i, img := range images {
		out[i] = img.UUID
	}
	return out
}

// region makes others "other" images followed by ours "ours" images, in the
// server's order: deleting others shifts every one of ours.
func region(others, ours int) (all, mine []string) {
	for i := range others {
		all = append(all, fmt.Sprintf("o%03d", i))
	}
	for i := range ours {
		mine = append(mine, fmt.Sprintf("m%03d", i))
	}
	return append(all, mine...), mine
}

func TestPager_neverMissesAnImageThatStays(t *testing.T) {
	t.Parallel()
	for _, shape := range []string{"object", "array", "alternate"} {
		for _, cap := range []int{1, 2, 20, 100} {
			for _, churn := range []int{0, 1, 3} {
				if cap == 1 && churn > 0 {
					continue // pages of one image cannot prove they join
				}
				t.Run(fmt.Sprintf("%s/cap=%d/churn=%d", shape, cap, churn), func(t *testing.T) {
					t.Parallel()
					all, mine := region(45, 25)
					f := &fakeListing{uuids: all, cap: cap, shape: shape, churn: churn}
					got, err := f.list(t)
					if err != nil {
						t.Fatal(err)
					}
					for _, u := range mine {
						if !slices.Contains(got, u) {
							t.Fatalf("image %s was missed (%d calls, %d images listed)", u, f.calls, len(got))
						}
					}
					if churn == 0 && len(got) != len(all) {
						t.Errorf("listed %d images, want %d", len(got), len(all))
					}
					if seen := map[string]bool{}; true {
						for _, u := range got {
							if seen[u] {
								t.Fatalf("image %s listed twice", u)
							}
							seen[u] = true
						}
					}
				})
			}
		}
	}
}

func TestPager_shortPagesAreNotTheEnd(t *testing.T) {
	t.Parallel()
	all, _ := region(0, 70)
	for _, shape := range []string{"object", "array", "alternate"} {
		f := &fakeListing{uuids: all, cap: 20, shape: shape}
		got, err := f.list(t)
		if err != nil || !slices.Equal(got, all) {
			t.Errorf("%s shape, pages of 20: listed %d of %d images (err %v)", shape, len(got), len(all), err)
		}
	}
}

func TestPager_emptyRegion(t *testing.T) {
	t.Parallel()
	for _, shape := range []string{"object", "array"} {
		f := &fakeListing{cap: 100, shape: shape}
		got, err := f.list(t)
		if err != nil || len(got) != 0 || f.calls != 1 {
			t.Errorf("%s shape: %v, %v after %d calls; want nothing after one call", shape, got, err, f.calls)
		}
	}
}

// A server that ignores start repeats its first page: the listing must stop
// with an error instead of paging forever or inventing an end.
func TestPager_boundedOnAServerThatRepeatsItself(t *testing.T) {
	t.Parallel()
	all, _ := region(0, 150)
	f := &fakeListing{uuids: all, cap: 100, shape: "array", ignoreStart: true}
	if got, err := f.list(t); err == nil {
		t.Fatalf("listed %d images from a server that ignores start, want an error", len(got))
	}
	if f.calls > maxStalePages+3 {
		t.Errorf("gave up after %d calls, want about %d", f.calls, maxStalePages+2)
	}
}

func TestWithNames_keepsExactMatchesOnly(t *testing.T) {
	t.Parallel()
	images := []didiyun.Image{{UUID: "1", Name: "lweb"}, {UUID: "2", Name: "lweb-old"}, {UUID: "3", Name: "xlweb"}, {UUID: "4", Name: "LWEB"}, {UUID: "5", Name: "db"}}
	tests := []struct {
		names []string
		want  []string
	}{
		{[]string{"lweb"}, []string{"1"}},
		{[]string{"lweb", "db"}, []string{"1", "5"}},
		{[]string{"web"}, nil},
		{nil, []string{"1", "2", "3", "4", "5"}},
	}
	for _, tt := range tests {
		if got := uuidsOf(ExactNames(images, tt.names)); !slices.Equal(got, tt.want) && len(got)+len(tt.want) > 0 {
			t.Errorf("ExactNames(%v) = %v, want %v", tt.names, got, tt.want)
		}
	}
}
