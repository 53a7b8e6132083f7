package mockserver

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// addChurnImages adds to gz, after the 4 seeded images and alternating,
// other-0, mine-0, other-1, mine-1, ... other-5, mine-5, and other-bj in bj.
func addChurnImages(f *fixture) {
	for i := range 6 {
		f.s.AddImage(Image{Name: fmt.Sprintf("other-%d", i), CreateTime: int64(1700000000000 + 2*i)})
		f.s.AddImage(Image{Name: fmt.Sprintf("mine-%d", i), CreateTime: int64(1700000000000 + 2*i + 1)})
	}
	f.s.AddImage(Image{Name: "other-bj", Regions: []string{"bj"}})
}

// naivePaging pages gz by offset, limit 4, until a short page, as a client
// that trusts offsets would, and returns the mine-* names it saw.
func naivePaging(f *fixture) []string {
	f.t.Helper()
	var seen []string
	for start := 0; ; start += 4 {
		page := f.list(map[string]any{"regionId": "gz", "start": start, "limit": 4})
		for _, img := range page.Items {
			if strings.HasPrefix(img.Name, "mine-") {
				seen = append(seen, img.Name)
			}
		}
		if len(page.Items) < 4 {
			return seen
		}
	}
}

func TestListChurn(t *testing.T) {
	tests := []struct {
		name        string
		churn       ListChurn
		wantMissed  []string // mine-* images the naive pager never sees
		wantDeleted int
	}{
		{"off", ListChurn{}, nil, 0},
		{"off with a prefix", ListChurn{NamePrefix: "other-"}, nil, 0},
		// Pages start at 0, 4, 8, 12: three churn, one image each.
		{"one per page", ListChurn{NamePrefix: "other-", PerPage: 1}, []string{"mine-2"}, 3},
		{"two per page", ListChurn{NamePrefix: "other-", PerPage: 2}, []string{"mine-3"}, 6},
		// All go before the second page, so none of them shifts a page seen.
		{"more than there are", ListChurn{NamePrefix: "other-", PerPage: 10}, nil, 6},
		{"prefix matching nothing", ListChurn{NamePrefix: "nobody-", PerPage: 3}, nil, 0},
	}
	all := []string{"mine-0", "mine-1", "mine-2", "mine-3", "mine-4", "mine-5"}
	for _, tt := range tests {
		for _, viaSetter := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/setter=%t", tt.name, viaSetter), func(t *testing.T) {
				f := newFixture(t, Options{ListChurn: tt.churn})
				if viaSetter {
					f = newFixture(t, Options{})
					f.s.SetListChurn(tt.churn)
				}
				addChurnImages(f)
				seen := naivePaging(f)
				var missed []string
				for _, name := range all {
					if !slices.Contains(seen, name) {
						missed = append(missed, name)
					}
				}
				if !slices.Equal(missed, tt.wantMissed) {
					t.Errorf("the naive pager missed %v, want %v (saw %v)", missed, tt.wantMissed, seen)
				}
				if got := f.s.ChurnDeleted(); got != tt.wantDeleted {
					t.Errorf("ChurnDeleted = %d, want %d", got, tt.wantDeleted)
				}
				if got := len(f.s.Images("gz")); got != 16-tt.wantDeleted {
					t.Errorf("gz holds %d images, want %d", got, 16-tt.wantDeleted)
				}
				if got := len(f.s.Images("bj")); got != 4 {
					t.Errorf("churn in gz deleted in bj: bj holds %d images, want 4", got)
				}
			})
		}
	}
}

func TestListChurnOnlyBetweenPages(t *testing.T) {
	tests := []struct {
		name string
		body map[string]any
	}{
		{"first page", map[string]any{"regionId": "gz", "limit": 4}},
		{"start 0", map[string]any{"regionId": "gz", "start": 0, "limit": 4}},
		{"refused: no limit", map[string]any{"regionId": "gz", "start": 4}},
		{"refused: unknown region", map[string]any{"regionId": "xx", "start": 4, "limit": 4}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, Options{ListChurn: ListChurn{NamePrefix: "other-", PerPage: 1}})
			addChurnImages(f)
			for range 3 {
				f.post(pathList, tt.body)
			}
			if got := f.s.ChurnDeleted(); got != 0 || len(f.s.Images("gz")) != 16 {
				t.Errorf("ChurnDeleted = %d, gz holds %d images; want no churn", got, len(f.s.Images("gz")))
			}
		})
	}

	// Churn picks the other user's images by region and prefix, whatever the
	// page's own names filter.
	f := newFixture(t, Options{})
	addChurnImages(f)
	f.s.SetListChurn(ListChurn{NamePrefix: "other-", PerPage: 1})
	f.list(map[string]any{"regionId": "gz", "start": 4, "limit": 4, "condition": map[string]any{"names": []string{"mine-5"}}})
	if got := gzNames(f); slices.Contains(got, "other-0") || !slices.Contains(got, "other-1") {
		t.Errorf("gz after one churn: %v, want other-0 gone, the oldest of the other user's", got)
	}
	f.s.SetListChurn(ListChurn{})
	f.list(map[string]any{"regionId": "gz", "start": 4, "limit": 4})
	if got := f.s.ChurnDeleted(); got != 1 {
		t.Errorf("ChurnDeleted = %d after turning churn off, want the 1 from before", got)
	}
}

func gzNames(f *fixture) []string {
	var names []string
	for _, img := range f.s.Images("gz") {
		names = append(names, img.Name)
	}
	return names
}

func TestListChurnFailsJobOnDeletedImage(t *testing.T) {
	f := newFixture(t, Options{ListChurn: ListChurn{NamePrefix: "other-", PerPage: 1}})
	job := f.importOne("other-importing")
	f.list(map[string]any{"regionId": "gz", "start": 1, "limit": 1})
	f.clock.Advance(DefaultJobDuration)
	if got := f.job("gz", job.JobUUID); got.Success || !strings.Contains(got.Result, "no longer exists") {
		t.Errorf("job on a churned image = %+v, want failed as after DeleteImage", got)
	}
}

func TestListChurnValidate(t *testing.T) {
	tests := []struct {
		churn   ListChurn
		wantErr string
	}{
		{ListChurn{}, ""},
		{ListChurn{NamePrefix: "other-"}, ""},
		{ListChurn{NamePrefix: "other-", PerPage: 1}, ""},
		{ListChurn{PerPage: 1}, "name prefix"},
		{ListChurn{NamePrefix: "other-", PerPage: -1}, "negative"},
	}
	for _, tt := range tests {
		err := tt.churn.Validate()
		if (err == nil) != (tt.wantErr == "") || (err != nil && !strings.Contains(err.Error(), tt.wantErr)) {
			t.Errorf("%+v.Validate() = %v, want an error containing %q", tt.churn, err, tt.wantErr)
		}
	}
}
