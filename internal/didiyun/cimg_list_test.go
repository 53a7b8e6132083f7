package didiyun_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun/paging"
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver"
)

// TestListCIMG_bothShapesDecodeTheSame switches the mock between the array
// shape of the docs' table and the object shape of their example: the client
// must read the same images from both.
func TestListCIMG_bothShapesDecodeTheSame(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.addImages("bj", "shape", 3)
	want := e.imageUUIDs("bj")

	pages := map[mockserver.ListShape]didiyun.ListCIMGOutput{}
	for _, shape := range []mockserver.ListShape{mockserver.ListShapeArray, mockserver.ListShapeObject} {
		e.Mock.SetListShape(shape)
		out, err := e.Client.ListCIMG(e.ctx(), didiyun.ListCIMGInput{RegionID: "bj", Limit: 100})
		if err != nil {
			t.Fatalf("%s shape: ListCIMG: %v", shape, err)
		}
		if !slices.Equal(uuidsOf(out.Items), want) {
			t.Fatalf("%s shape: images %v, want %v", shape, uuidsOf(out.Items), want)
		}
		pages[shape] = out
	}
	if got := pages[mockserver.ListShapeObject].Count; got != len(want) {
		t.Errorf("object shape: Count = %d, want %d", got, len(want))
	}
	if got := pages[mockserver.ListShapeArray].Count; got != -1 {
		t.Errorf("array shape: Count = %d, want -1 (no total in that shape)", got)
	}
	if a, o := pages[mockserver.ListShapeArray].Items, pages[mockserver.ListShapeObject].Items; !reflect.DeepEqual(a, o) {
		t.Errorf("the shapes decode differently:\narray  %+v\nobject %+v", a, o)
	}
	// The ListCIMG example's image, field by field.
	seed := pages[mockserver.ListShapeArray].Items[slices.Index(want, mockserver.SeedImageBJ02)]
	if seed.Name != mockserver.SeedImageBJ02Name || seed.Status != mockserver.ImageStatusReady || seed.Size == 0 ||
		seed.CreateTime == 0 || seed.OSFamily == "" || seed.Requirement.MinDiskSize == 0 || !slices.Contains(seed.Regions, "bj") {
		t.Errorf("seed image decoded as %+v", seed)
	}
}

// TestListCIMG_pagingAndNames pages by start and limit and filters by name.
func TestListCIMG_pagingAndNames(t *testing.T) {
	t.Parallel()
	for _, shape := range []mockserver.ListShape{mockserver.ListShapeObject, mockserver.ListShapeArray} {
		t.Run(string(shape), func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, withMock(func(o *mockserver.Options) { o.ListShape = shape }))
			e.addImages("gz", "page", 25)
			all := e.imageUUIDs("gz")

			tests := []struct {
				name  string
				in    didiyun.ListCIMGInput
				want  []string
				count int // for the object shape
			}{
				{"first page", didiyun.ListCIMGInput{RegionID: "gz", Start: 0, Limit: 10}, all[:10], len(all)},
				{"middle page", didiyun.ListCIMGInput{RegionID: "gz", Start: 10, Limit: 10}, all[10:20], len(all)},
				{"last page", didiyun.ListCIMGInput{RegionID: "gz", Start: 20, Limit: 10}, all[20:], len(all)},
				{"past the end", didiyun.ListCIMGInput{RegionID: "gz", Start: len(all) + 5, Limit: 10}, nil, len(all)},
				{"limit 0 asks for the maximum", didiyun.ListCIMGInput{RegionID: "gz"}, all, len(all)},
				{"names", didiyun.ListCIMGInput{RegionID: "gz", Limit: 50, Names: []string{"page-003", "page-017", "no-such-image"}},
					namedUUIDs(e, "gz", "page-003", "page-017"), 2},
				{"unicode name", didiyun.ListCIMGInput{RegionID: "bj", Limit: 5, Names: []string{mockserver.SeedImageBJ02Name}},
					[]string{mockserver.SeedImageBJ02}, 1},
				{"names matching nothing", didiyun.ListCIMGInput{RegionID: "gz", Limit: 5, Names: []string{"nothing"}}, nil, 0},
			}
			for _, tt := range tests {
				out, err := e.Client.ListCIMG(e.ctx(), tt.in)
				if err != nil {
					t.Fatalf("%s: ListCIMG: %v", tt.name, err)
				}
				if got := uuidsOf(out.Items); !slices.Equal(got, tt.want) {
					t.Errorf("%s: images %v, want %v", tt.name, got, tt.want)
				}
				wantCount := tt.count
				if shape == mockserver.ListShapeArray {
					wantCount = -1
				}
				if out.Count != wantCount {
					t.Errorf("%s: Count = %d, want %d", tt.name, out.Count, wantCount)
				}
			}
			// limit 0 was sent as the documented maximum, not as 0.
			var body struct {
				Limit int `json:"limit"`
			}
			for _, rec := range e.requests(mockserver.EndpointListCIMG) {
				if err := json.Unmarshal(rec.Body, &body); err != nil || body.Limit <= 0 || body.Limit > didiyun.MaxListLimit {
					t.Errorf("request %s asked for limit %d (err %v), want 1..%d", rec.Body, body.Limit, err, didiyun.MaxListLimit)
				}
			}
		})
	}
}

// TestListAllCIMG_pagesOverEveryImage lists regions holding more images than
// one page, in both shapes, with and without a service that answers more
// items than asked, or fewer: every image comes back exactly once.
func TestListAllCIMG_pagesOverEveryImage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		shape       mockserver.ListShape
		oversize    bool
		maxPageSize int
		added       int
		wantCalls   int // 0: do not check
	}{
		// Each page after the first starts at the last image of the one
		// before, to prove the pages join: 254 images are pages at 0, 99
		// and 198. The array shape, which carries no total, ends on a page
		// shorter than the longest one before.
		{shape: mockserver.ListShapeObject, added: 250, wantCalls: 3},
		{shape: mockserver.ListShapeArray, added: 250, wantCalls: 3},
		{shape: mockserver.ListShapeObject, oversize: true, added: 250, wantCalls: 3},
		{shape: mockserver.ListShapeArray, oversize: true, added: 250, wantCalls: 3},
		{shape: mockserver.ListShapeArray, added: 200 - 4},
		{shape: mockserver.ListShapeObject, added: 200 - 4, wantCalls: 3},
		// A service that caps pages below what was asked, but says how many
		// images there are, must still be read to the end.
		{shape: mockserver.ListShapeObject, maxPageSize: 40, added: 150},
		{shape: mockserver.ListShapeObject, maxPageSize: 40, oversize: true, added: 150},
	}
	for _, tt := range tests {
		name := fmt.Sprintf("%s/oversize=%v/maxPage=%d/%d", tt.shape, tt.oversize, tt.maxPageSize, tt.added)
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, withMock(func(o *mockserver.Options) {
				o.ListShape = tt.shape
				o.MaxPageSize = tt.maxPageSize
			}))
			e.addImages("gz", "bulk", tt.added)
			if tt.oversize {
				e.Mock.SetFaults(mockserver.FaultRule{Endpoint: mockserver.EndpointListCIMG, Kind: mockserver.FaultOversizePage, Probability: 1})
			}
			want := e.imageUUIDs("gz")
			if len(want) != tt.added+4 {
				t.Fatalf("the mock holds %d gz images, want %d (4 seeded)", len(want), tt.added+4)
			}

			got, err := paging.All(e.ctx(), e.Client, "gz")
			if err != nil {
				t.Fatalf("ListAllCIMG: %v", err)
			}
			if !slices.Equal(uuidsOf(got), want) {
				t.Fatalf("ListAllCIMG returned %d images, want all %d in order, none twice (first difference at %d)",
					len(got), len(want), firstDifference(uuidsOf(got), want))
			}
			if calls := e.Mock.Count(mockserver.EndpointListCIMG); tt.wantCalls > 0 && calls != tt.wantCalls {
				t.Errorf("ListAllCIMG made %d ListCIMG calls, want %d", calls, tt.wantCalls)
			}
			if tt.oversize && e.Mock.FaultCounts()[string(mockserver.FaultOversizePage)] == 0 {
				t.Error("no oversize page was served; the case tests nothing")
			}
		})
	}
}

// TestListAllCIMG_byName pages over more than 100 images sharing a name.
func TestListAllCIMG_byName(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for range 130 {
		e.Mock.AddImage(mockserver.Image{Name: "same-name", Regions: []string{"gz"}})
	}
	e.addImages("gz", "other", 20)
	var want []string
	for _, img := range e.ImagesNamed("gz", "same-name") {
		want = append(want, img.CIMGUUID)
	}
	got, err := paging.All(e.ctx(), e.Client, "gz", "same-name")
	if err != nil {
		t.Fatalf("ListAllCIMG: %v", err)
	}
	if !slices.Equal(uuidsOf(got), want) {
		t.Fatalf("ListAllCIMG(same-name) returned %d images, want %d", len(got), len(want))
	}
	for _, rec := range e.requests(mockserver.EndpointListCIMG) {
		if !strings.Contains(string(rec.Body), `"names":["same-name"]`) {
			t.Errorf("request body %s does not filter by the name", rec.Body)
		}
	}
}

// TestListAllCIMG_importedImages lists images made through ImportCIMG, one
// of which is still importing and carries its job.
func TestListAllCIMG_importedImages(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.Mock.SetJobOutcome("", mockserver.JobOutcome{Hang: true})
	job := e.importImage("importing")
	got, err := paging.All(e.ctx(), e.Client, "gz", "importing")
	if err != nil {
		t.Fatalf("ListAllCIMG: %v", err)
	}
	if len(got) != 1 || got[0].UUID != job.ResourceUUID {
		t.Fatalf("ListAllCIMG = %v, want [%s]", uuidsOf(got), job.ResourceUUID)
	}
	if got[0].Status != mockserver.ImageStatusImporting || got[0].Job == nil || got[0].Job.ID() != job.ID() {
		t.Errorf("importing image = status %q job %+v, want Importing with job %s", got[0].Status, got[0].Job, job.ID())
	}
}

// TestListCIMGOutput_UnmarshalJSON feeds both documented shapes and odd
// inputs straight to the decoder: it never panics and says what it could
// not read.
func TestListCIMGOutput_UnmarshalJSON(t *testing.T) {
	t.Parallel()
	const item = `{"cimgUuid":"a1","name":"one","status":"Ready","size":7,"regions":["gz"],"surprise":{"x":[1]}}`
	const item2 = `{"cimgUuid":"b2","name":"two","job":{"jobUuid":"j","progress":12.5,"unknown":true}}`
	tests := []struct {
		name      string
		raw       string
		wantErr   bool
		wantCount int
		wantUUIDs []string
	}{
		{"array", `[` + item + `,` + item2 + `]`, false, -1, []string{"a1", "b2"}},
		{"object", `{"count":9,"items":[` + item + `,` + item2 + `]}`, false, 9, []string{"a1", "b2"}},
		{"object with extra fields", `{"count":2,"total":2,"pageNo":1,"items":[` + item + `]}`, false, 2, []string{"a1"}},
		{"object without count", `{"items":[` + item + `]}`, false, -1, []string{"a1"}},
		{"object with count 0", `{"count":0,"items":[]}`, false, 0, nil},
		{"empty object", `{}`, false, -1, nil},
		{"empty array", `[]`, false, -1, nil},
		{"null", `null`, false, 0, nil},
		{"blank", "  \n", false, 0, nil},
		{"padded", "\n\t[" + item + "]  ", false, -1, []string{"a1"}},
		{"string", `"images"`, true, 0, nil},
		{"number", `42`, true, 0, nil},
		{"bool", `true`, true, 0, nil},
		{"truncated array", `[` + item[:20], true, 0, nil},
		{"truncated object", `{"count":3,"items":[` + item, true, 0, nil},
		{"items not a list", `{"count":1,"items":{"cimgUuid":"a1"}}`, true, 0, nil},
		{"count not a number", `{"count":"many","items":[]}`, true, 0, nil},
		{"uuid not a string", `[{"cimgUuid":12}]`, true, 0, nil},
		{"array of junk", `[1,2,3]`, true, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out didiyun.ListCIMGOutput
			err := out.UnmarshalJSON([]byte(tt.raw))
			if tt.wantErr {
				if err == nil {
					t.Fatalf("UnmarshalJSON(%s) = %+v, want an error", tt.raw, out)
				}
				return
			}
			if err != nil {
				t.Fatalf("UnmarshalJSON(%s): %v", tt.raw, err)
			}
			if out.Count != tt.wantCount || !slices.Equal(uuidsOf(out.Items), tt.wantUUIDs) {
				t.Errorf("UnmarshalJSON(%s) = count %d %v, want count %d %v", tt.raw, out.Count, uuidsOf(out.Items), tt.wantCount, tt.wantUUIDs)
			}
		})
	}

	t.Run("shapes agree through encoding/json", func(t *testing.T) {
		var fromArray, fromObject didiyun.ListCIMGOutput
		if err := json.Unmarshal([]byte(`[`+item+`,`+item2+`]`), &fromArray); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(`{"count":2,"items":[`+item+`,`+item2+`]}`), &fromObject); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(fromArray.Items, fromObject.Items) {
			t.Errorf("array %+v\nobject %+v", fromArray.Items, fromObject.Items)
		}
		if j := fromArray.Items[1].Job; j == nil || j.ID() != "j" || j.Progress != 12.5 {
			t.Errorf("the running job decoded as %+v", j)
		}
	})
}

func firstDifference(a, b []string) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// namedUUIDs returns the uuids of region's images with one of names, in the
// mock's (and ListCIMG's) order.
func namedUUIDs(e *testEnv, region string, names ...string) []string {
	var out []string
	for _, img := range e.Mock.Images(region) {
		if slices.Contains(names, img.Name) {
			out = append(out, img.CIMGUUID)
		}
	}
	return out
}
