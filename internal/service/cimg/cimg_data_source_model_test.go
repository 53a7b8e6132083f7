package cimg

import (
	"context"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"

	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
)

func TestDataSourceSchemas(t *testing.T) {
	for name, newDataSource := range map[string]func() datasource.DataSource{
		"didiyun_cimg":  NewImageDataSource,
		"didiyun_cimgs": NewImagesDataSource,
	} {
		t.Run(name, func(t *testing.T) {
			var resp datasource.SchemaResponse
			newDataSource().Schema(context.Background(), datasource.SchemaRequest{}, &resp)
			if resp.Diagnostics.HasError() {
				t.Fatalf("schema: %v", resp.Diagnostics)
			}
			if diags := resp.Schema.ValidateImplementation(context.Background()); diags.HasError() {
				t.Fatalf("schema implementation: %v", diags)
			}
		})
	}
}

func TestImageDataSourceAttributesCoverModel(t *testing.T) {
	attributes := imageDataSourceAttributes()
	for _, name := range []string{"uuid", "name", "description", "is_shared", "regions", "cimg_id", "status",
		"size", "min_disk_size", "os_family", "os_version", "os_arch", "platform", "create_time"} {
		a, ok := attributes[name]
		if !ok {
			t.Errorf("attribute %q is missing", name)
			continue
		}
		if a.GetMarkdownDescription() == "" {
			t.Errorf("attribute %q has no MarkdownDescription", name)
		}
	}
	if len(attributes) != 14 {
		t.Errorf("got %d attributes, want 14", len(attributes))
	}
}

func TestFlattenImageRegionsNeverNull(t *testing.T) {
	m := flattenImage(didiyun.Image{UUID: "a"})
	if m.Regions == nil {
		t.Error("regions of an image without regions is nil, which would be stored as null; want an empty list")
	}
}

func TestNewest(t *testing.T) {
	tests := []struct {
		name   string
		images []didiyun.Image
		want   string
	}{
		{"one", []didiyun.Image{{UUID: "a", CreateTime: 1}}, "a"},
		{"newest last", []didiyun.Image{{UUID: "a", CreateTime: 1}, {UUID: "b", CreateTime: 2}}, "b"},
		{"newest first", []didiyun.Image{{UUID: "b", CreateTime: 2}, {UUID: "a", CreateTime: 1}}, "b"},
		{"tie takes the later", []didiyun.Image{{UUID: "a", CreateTime: 2}, {UUID: "b", CreateTime: 2}}, "b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := newest(tt.images).UUID; got != tt.want {
				t.Errorf("newest = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestImagesID(t *testing.T) {
	if got := imagesID("bj", nil, ""); got != "bj" {
		t.Errorf("unfiltered id = %q, want bj", got)
	}
	a := imagesID("bj", []string{"x", "y"}, "^w")
	if b := imagesID("bj", []string{"y", "x", "x"}, "^w"); a != b {
		t.Errorf("the same filters in another order give %q and %q", a, b)
	}
	for _, other := range []string{imagesID("bj", []string{"xy"}, "^w"), imagesID("bj", []string{"x", "y"}, ""), imagesID("gz", []string{"x", "y"}, "^w")} {
		if other == a {
			t.Errorf("different filters share the id %q", a)
		}
	}
}

// A server whose names filter matches loosely (by substring, say) must not
// widen what either data source selects.
func TestImageFilterKeeps(t *testing.T) {
	img := didiyun.Image{Name: "web-2"}
	for _, tt := range []struct {
		name   string
		filter imageFilter
		want   bool
	}{
		{"no filter", imageFilter{}, true},
		{"exact name", imageFilter{names: []string{"web-2"}}, true},
		{"a name it only contains", imageFilter{names: []string{"web"}}, false},
		{"one of the names", imageFilter{names: []string{"db", "web-2"}}, true},
		{"pattern matches", imageFilter{nameRegex: regexp.MustCompile(`^web-\d$`)}, true},
		{"name but not pattern", imageFilter{names: []string{"web-2"}, nameRegex: regexp.MustCompile(`^db`)}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.filter.keeps(img); got != tt.want {
				t.Errorf("keeps(%q) = %v, want %v", img.Name, got, tt.want)
			}
		})
	}
}
