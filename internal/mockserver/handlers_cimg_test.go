package mockserver

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver/cloud"
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver/openapi"
)

func TestImportCIMGShapes(t *testing.T) {
	item := map[string]string{"name": "copy", "originImageUuid": SeedImageBJ, "originRegionId": "bj", "description": "d"}
	tests := []struct {
		name     string
		body     map[string]any
		wantJobs int
	}{
		{"object without regionId (official example)", map[string]any{"cimg": item}, 1},
		{"array with regionId (doc table)", map[string]any{"regionId": "gz", "cimg": []any{item}}, 1},
		{"array of two", map[string]any{"regionId": "gz", "cimg": []any{item, item}}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, Options{})
			var jobs []Job
			f.ok(f.post(pathImport, tt.body), &jobs)
			if len(jobs) != tt.wantJobs {
				t.Fatalf("got %d jobs, want %d", len(jobs), tt.wantJobs)
			}
			for _, job := range jobs {
				if job.Type != JobTypeImportCIMG || job.ResourceType != "cimg" || job.ResourceUUID == SeedImageBJ {
					t.Errorf("job = %+v", job)
				}
				if _, ok := f.listed("gz", job.ResourceUUID); !ok {
					t.Errorf("new image %s is not listed in gz", job.ResourceUUID)
				}
			}
		})
	}
}

func TestImportCIMGCopiesOrigin(t *testing.T) {
	f := newFixture(t, Options{})
	job := f.importOne("copy")
	origin, _ := f.s.Image(SeedImageBJ)
	img, _ := f.s.Image(job.ResourceUUID)
	now := f.clock.Now().UnixMilli()
	switch {
	case !hex32.MatchString(img.CIMGUUID), len(img.CIMGID) != len("cimg-")+8:
		t.Errorf("ids = %s %s", img.CIMGUUID, img.CIMGID)
	case img.OSFamily != origin.OSFamily, img.OSVersion != origin.OSVersion, img.OSArch != origin.OSArch,
		img.Platform != origin.Platform, img.Size != origin.Size, img.Requirement != origin.Requirement,
		!slices.Equal(img.Scenes, origin.Scenes):
		t.Errorf("os data not copied: %+v\nfrom %+v", img, origin)
	case img.Name != "copy", img.Type != "custom", img.IsShared, img.CreateTime != now, img.UpdateTime != now:
		t.Errorf("new image = %+v", img)
	case !slices.Equal(img.Regions, []string{"gz"}), !slices.Equal(img.Zones, []string{"gz01", "gz02"}):
		t.Errorf("regions %v zones %v", img.Regions, img.Zones)
	}
}

func TestImportCIMGRefusals(t *testing.T) {
	tests := []struct {
		name   string
		item   map[string]string
		errno  int
		detail string
	}{
		{"unknown image", map[string]string{"originImageUuid": "ffffffffffffffffffffffffffffffff", "originRegionId": "bj"}, openapi.ErrnoImageNotFound, "ffffffffffffffffffffffffffffffff"},
		{"image of another region", map[string]string{"originImageUuid": SeedImageGZ, "originRegionId": "bj"}, openapi.ErrnoImageNotFound, "not found in region bj"},
		{"shared image", map[string]string{"originImageUuid": SeedImageBJShared, "originRegionId": "bj"}, openapi.ErrnoImageNotFound, "image " + SeedImageBJShared + " is shared and cannot be copied"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, Options{})
			tt.item["name"] = "copy"
			f.wantErrno(f.post(pathImport, map[string]any{"regionId": "gz", "cimg": []any{tt.item}}), tt.errno, tt.detail)
			if n := len(f.s.Images("gz")); n != 4 {
				t.Errorf("gz has %d images after a refused import, want the 4 seeded", n)
			}
		})
	}
}

func TestImportOfNotReadyImage(t *testing.T) {
	f := newFixture(t, Options{})
	job := f.importOne("in-flight")
	f.wantErrno(f.post(pathImport, map[string]any{"regionId": "bj", "cimg": map[string]string{"name": "x", "originImageUuid": job.ResourceUUID, "originRegionId": "gz"}}), openapi.ErrnoInvalidParameter, "only a Ready image")
}

func TestCreateCIMG(t *testing.T) {
	f := newFixture(t, Options{})
	var jobs []Job
	f.ok(f.post(pathCreate, map[string]any{"cimg": []map[string]string{{"name": "snap-img", "snapUuid": SeedSnapshotGZ, "description": "from snap"}}}), &jobs)
	img, _ := f.s.Image(jobs[0].ResourceUUID)
	if jobs[0].Type != JobTypeCreateCIMG || img.Status != cloud.ImageStatusCreating || img.Description != "from snap" || img.OSFamily != "CentOS" {
		t.Errorf("job %+v image %+v", jobs[0], img)
	}
	f.clock.Advance(DefaultJobDuration)
	if img, _ := f.s.Image(jobs[0].ResourceUUID); img.Status != ImageStatusReady {
		t.Errorf("status = %s, want Ready", img.Status)
	}

	f.wantErrno(f.post(pathCreate, map[string]any{"regionId": "gz", "cimg": map[string]string{"name": "x", "snapUuid": SeedSnapshotBJ}}), openapi.ErrnoSnapshotNotFound, SeedSnapshotBJ)
	f.wantErrno(f.post(pathCreate, map[string]any{"regionId": "bj", "cimg": map[string]string{"name": "x", "snapUuid": "0000"}}), openapi.ErrnoSnapshotNotFound, "0000")
}

func TestChangeNameAndDeleteRefusals(t *testing.T) {
	tests := []struct {
		name   string
		path   string
		body   map[string]any
		errno  int
		detail string
	}{
		{"rename unknown", pathChangeName, map[string]any{"cimg": map[string]string{"cimgUuid": "ffffffffffffffffffffffffffffffff", "name": "x"}}, openapi.ErrnoImageNotFound, "not found"},
		{"rename in the wrong region", pathChangeName, map[string]any{"regionId": "bj", "cimg": map[string]string{"cimgUuid": SeedImageGZ, "name": "x"}}, openapi.ErrnoImageNotFound, "not found in region bj"},
		{"rename shared", pathChangeName, map[string]any{"cimg": map[string]string{"cimgUuid": SeedImageGZShared, "name": "x"}}, openapi.ErrnoInvalidParameter, "shared"},
		{"delete unknown", pathDelete, map[string]any{"cimg": []map[string]string{{"cimgUuid": "ffffffffffffffffffffffffffffffff"}}}, openapi.ErrnoImageNotFound, "not found"},
		{"delete in the wrong region", pathDelete, map[string]any{"regionId": "gz", "cimg": map[string]string{"cimgUuid": SeedImageBJ}}, openapi.ErrnoImageNotFound, "not found in region gz"},
		{"delete shared", pathDelete, map[string]any{"cimg": map[string]string{"cimgUuid": SeedImageBJShared}}, openapi.ErrnoInvalidParameter, "shared"},
		{"delete one good one unknown", pathDelete, map[string]any{"cimg": []map[string]string{{"cimgUuid": SeedImageGZDelete}, {"cimgUuid": "ffffffffffffffffffffffffffffffff"}}}, openapi.ErrnoImageNotFound, "ffffffffffffffffffffffffffffffff"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, Options{})
			f.wantErrno(f.post(tt.path, tt.body), tt.errno, tt.detail)
			for _, img := range f.s.Images("") {
				if img.Job != nil || img.Status != ImageStatusReady {
					t.Errorf("a refused request started work on %s: %+v", img.CIMGUUID, img)
				}
			}
		})
	}
}

func TestRenameSharedIsRefusedButPlainSeedIsNot(t *testing.T) {
	f := newFixture(t, Options{})
	var jobs []Job
	f.ok(f.post(pathChangeName, map[string]any{"cimg": map[string]string{"cimgUuid": SeedImageBJ02, "name": "北京03"}}), &jobs)
	if jobs[0].ResourceUUID != SeedImageBJ02 {
		t.Errorf("job = %+v", jobs[0])
	}
	f.clock.Advance(DefaultJobDuration)
	if got := f.job("bj", jobs[0].JobUUID); !got.Success {
		t.Errorf("rename job (asked in the image's region) = %+v", got)
	}
}

func TestListCIMGShapes(t *testing.T) {
	for _, shape := range []ListShape{ListShapeObject, ListShapeArray} {
		t.Run(string(shape), func(t *testing.T) {
			f := newFixture(t, Options{ListShape: shape})
			resp := f.post(pathList, map[string]any{"regionId": "gz", "limit": 2})
			f.ok(resp, nil)
			var items []Image
			if shape == ListShapeArray {
				f.ok(resp, &items)
			} else {
				var page listPage
				f.ok(resp, &page)
				if page.Count != 4 {
					t.Errorf("count = %d, want 4", page.Count)
				}
				items = page.Items
			}
			if len(items) != 2 {
				t.Errorf("got %d items, want 2", len(items))
			}
		})
	}

	f := newFixture(t, Options{})
	f.s.SetListShape(ListShapeArray)
	var items []Image
	f.ok(f.post(pathList, map[string]any{"regionId": "bj", "limit": 10}), &items)
	if len(items) != 3 {
		t.Errorf("SetListShape(array): got %d items", len(items))
	}
}

func TestListCIMGPaging(t *testing.T) {
	f := newFixture(t, Options{MaxPageSize: 5})
	for i := range 10 {
		f.s.AddImage(Image{Name: fmt.Sprintf("extra-%02d", i), CreateTime: int64(1700000000000 + i)})
	}
	// gz now holds 4 seeded images (older) and the 10 extras, oldest first.
	var all []string
	for start := 0; ; start += 5 {
		page := f.list(map[string]any{"regionId": "gz", "start": start, "limit": 100})
		if page.Count != 14 {
			t.Fatalf("count = %d, want 14", page.Count)
		}
		if len(page.Items) > 5 {
			t.Fatalf("limit 100 was not clamped to MaxPageSize 5: %d items", len(page.Items))
		}
		for _, img := range page.Items {
			all = append(all, img.Name)
		}
		if len(page.Items) < 5 {
			break
		}
	}
	if len(all) != 14 || all[4] != "extra-00" || all[13] != "extra-09" {
		t.Errorf("paged names = %v", all)
	}
	if page := f.list(map[string]any{"regionId": "gz", "start": 100, "limit": 5}); page.Count != 14 || len(page.Items) != 0 {
		t.Errorf("start past the end: %+v", page)
	}
}

func TestListCIMGOrderAndNames(t *testing.T) {
	f := newFixture(t, Options{})
	page := f.list(map[string]any{"regionId": "gz", "limit": 10})
	for i := 1; i < len(page.Items); i++ {
		if page.Items[i-1].CreateTime > page.Items[i].CreateTime {
			t.Errorf("not ordered by createTime: %v", page.Items)
		}
	}
	tests := []struct {
		names []string
		want  []string
	}{
		{[]string{SeedImageGZName}, []string{SeedImageGZ}},
		{[]string{SeedImageGZName, SeedImageGZUbuntuName, "nope"}, []string{SeedImageGZUbuntu, SeedImageGZ}},
		{[]string{"gz-web"}, nil}, // exact match only
		{[]string{SeedImageBJName}, nil},
		{[]string{}, []string{SeedImageGZUbuntu, SeedImageGZShared, SeedImageGZ, SeedImageGZDelete}},
	}
	for _, tt := range tests {
		page := f.list(map[string]any{"regionId": "gz", "limit": 10, "condition": map[string]any{"names": tt.names}})
		var got []string
		for _, img := range page.Items {
			got = append(got, img.CIMGUUID)
		}
		if !slices.Equal(got, tt.want) || page.Count != len(tt.want) {
			t.Errorf("names %v: got %v (count %d), want %v", tt.names, got, page.Count, tt.want)
		}
	}
}

func TestListCIMGWireFields(t *testing.T) {
	f := newFixture(t, Options{})
	job := f.importOne("copy")
	resp := f.post(pathList, map[string]any{"regionId": "gz", "limit": 10, "condition": map[string]any{"names": []string{"copy"}}})
	var raw struct {
		Items []map[string]json.RawMessage `json:"items"`
	}
	f.ok(resp, &raw)
	fields := []string{"cimgUuid", "cimgId", "name", "createTime", "updateTime", "isShared", "regions", "zones", "description",
		"status", "osFamily", "osVersion", "osArch", "platform", "size", "type", "scenes", "requirement", "checkState",
		"isExternal", "cimgTags", "backupStorages", "job"}
	for _, field := range fields {
		if _, ok := raw.Items[0][field]; !ok {
			t.Errorf("image lacks %q", field)
		}
	}
	f.clock.Advance(DefaultJobDuration)
	var after struct {
		Items []map[string]json.RawMessage `json:"items"`
	}
	f.ok(f.post(pathList, map[string]any{"regionId": "gz", "limit": 10, "condition": map[string]any{"names": []string{"copy"}}}), &after)
	if _, ok := after.Items[0]["job"]; ok {
		t.Errorf("job %s is done but the image still has a job field", job.JobUUID)
	}
}

// shapeOf tells which shape a ListCIMG answer's data has.
func (f *fixture) shapeOf(resp response) ListShape {
	f.t.Helper()
	f.ok(resp, nil)
	if bytes.HasPrefix(resp.Env.Data, []byte("[")) {
		return ListShapeArray
	}
	return ListShapeObject
}

func TestListCIMGAlternateShape(t *testing.T) {
	page := map[string]any{"regionId": "gz", "limit": 2}
	tests := []struct {
		name    string
		between func(f *fixture) // runs between two pages
		want    []ListShape
	}{
		{"nothing", func(*fixture) {}, []ListShape{ListShapeObject, ListShapeArray, ListShapeObject}},
		{"a refused request", func(f *fixture) {
			f.wantErrno(f.post(pathList, map[string]any{"regionId": "gz"}), openapi.ErrnoInvalidParameter, "limit")
		}, []ListShape{ListShapeObject, ListShapeArray, ListShapeObject}},
		{"a request faulted before the handler", func(f *fixture) {
			f.s.SetFaults(FaultRule{Endpoint: EndpointListCIMG, Kind: FaultHTTP500, Probability: 1})
			defer f.s.SetFaults()
			if resp := f.post(pathList, page); resp.Status != 500 {
				f.t.Errorf("HTTP %d, want the injected 500", resp.Status)
			}
		}, []ListShape{ListShapeObject, ListShapeArray, ListShapeObject}},
		{"another endpoint", func(f *fixture) {
			f.ok(f.post(pathRegions, `{"condition":{"product":"dc2"}}`), nil)
		}, []ListShape{ListShapeObject, ListShapeArray, ListShapeObject}},
		{"SetListShape(alternate)", func(f *fixture) { f.s.SetListShape(ListShapeAlternate) },
			[]ListShape{ListShapeObject, ListShapeObject, ListShapeObject}}, // each restart answers object first
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, Options{ListShape: ListShapeAlternate})
			var got []ListShape
			for i := range len(tt.want) {
				if i > 0 {
					tt.between(f)
				}
				got = append(got, f.shapeOf(f.post(pathList, page)))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("shapes %v, want %v", got, tt.want)
			}
		})
	}

	f := newFixture(t, Options{})
	f.s.SetListShape(ListShapeAlternate)
	var obj listPage
	f.ok(f.post(pathList, map[string]any{"regionId": "gz", "limit": 10}), &obj)
	var arr []Image
	f.ok(f.post(pathList, map[string]any{"regionId": "gz", "limit": 10}), &arr)
	if obj.Count != 4 || len(obj.Items) != 4 || len(arr) != 4 {
		t.Errorf("object page %+v, array page of %d images; want the 4 of gz in both", obj, len(arr))
	}
}

func TestListCIMGPageCap(t *testing.T) {
	tests := []struct {
		name    string
		option  int
		set     int // SetMaxPageSize's argument, when setCall
		setCall bool
		limit   int
		want    int
	}{
		{"default cap", 0, 0, false, 500, DefaultMaxPageSize},
		{"below the cap", 0, 0, false, 7, 7},
		{"option cap", 5, 0, false, 500, 5},
		{"limit below the option cap", 5, 0, false, 3, 3},
		{"setter lowers the cap", 5, 2, true, 500, 2},
		{"setter raises the cap", 5, 110, true, 500, 110},
		{"setter 0 restores the default", 5, 0, true, 500, DefaultMaxPageSize},
		{"setter negative restores the default", 5, -3, true, 500, DefaultMaxPageSize},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, Options{MaxPageSize: tt.option})
			for i := range 120 {
				f.s.AddImage(Image{Name: fmt.Sprintf("extra-%03d", i), CreateTime: int64(1700000000000 + i)})
			}
			if tt.setCall {
				f.s.SetMaxPageSize(tt.set)
			}
			page := f.list(map[string]any{"regionId": "gz", "limit": tt.limit})
			if len(page.Items) != tt.want || page.Count != 124 {
				t.Errorf("limit %d: %d items (count %d), want %d (count 124)", tt.limit, len(page.Items), page.Count, tt.want)
			}
		})
	}
}

func TestListCIMGNamesMatch(t *testing.T) {
	const (
		ubuntu = SeedImageGZUbuntu // ubuntu-18.04-base
		shared = SeedImageGZShared // shared-debian-10
		web    = SeedImageGZ       // gz-web-base
		temp   = SeedImageGZDelete // gz-scratch
	)
	tests := []struct {
		names                    []string
		exact, substring, prefix []string // uuids, oldest first
	}{
		{[]string{SeedImageGZName}, []string{web}, []string{web}, []string{web}},
		{[]string{"gz-web"}, nil, []string{web}, []string{web}},
		{[]string{"base"}, nil, []string{ubuntu, web}, nil},
		{[]string{"gz"}, nil, []string{web, temp}, []string{web, temp}},
		{[]string{"shared", "-base"}, nil, []string{ubuntu, shared, web}, []string{shared}},
		{[]string{"centos"}, nil, nil, nil}, // a bj image: names never cross regions
		{nil, []string{ubuntu, shared, web, temp}, []string{ubuntu, shared, web, temp}, []string{ubuntu, shared, web, temp}},
	}
	for _, mode := range []NamesMatch{"", NamesMatchExact, NamesMatchSubstring, NamesMatchPrefix} {
		for _, viaSetter := range []bool{false, true} {
			t.Run(fmt.Sprintf("%q/setter=%t", mode, viaSetter), func(t *testing.T) {
				f := newFixture(t, Options{NamesMatch: mode})
				if viaSetter {
					f = newFixture(t, Options{NamesMatch: NamesMatchPrefix})
					f.s.SetNamesMatch(mode)
				}
				for _, tt := range tests {
					want := map[NamesMatch][]string{"": tt.exact, NamesMatchExact: tt.exact, NamesMatchSubstring: tt.substring, NamesMatchPrefix: tt.prefix}[mode]
					page := f.list(map[string]any{"regionId": "gz", "limit": 10, "condition": map[string]any{"names": tt.names}})
					var got []string
					for _, img := range page.Items {
						got = append(got, img.CIMGUUID)
					}
					if !slices.Equal(got, want) || page.Count != len(want) {
						t.Errorf("names %q: got %v (count %d), want %v", tt.names, got, page.Count, want)
					}
				}
			})
		}
	}
}
