package cimg

import (
	"context"
	"fmt"
	"regexp"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/didiyun/terraform-provider-didiyun/internal/apidiag"
	"github.com/didiyun/terraform-provider-didiyun/internal/conns"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun/paging"
)

// imageModel is one image as the data sources report it: didiyun_cimgs lists
// them, didiyun_cimg embeds one at its top level.
type imageModel struct {
	UUID        types.String   `tfsdk:"uuid"`
	Name        types.String   `tfsdk:"name"`
	Description types.String   `tfsdk:"description"`
	IsShared    types.Bool     `tfsdk:"is_shared"`
	Regions     []types.String `tfsdk:"regions"`
	imageAttributes
}

// imageDataSourceAttributes is the schema of imageModel, every attribute
// computed. The attributes the resources share come from
// imageComputedAttributes, so their descriptions are written once.
func imageDataSourceAttributes() map[string]schema.Attribute {
	attributes := map[string]schema.Attribute{
		"uuid": schema.StringAttribute{
			MarkdownDescription: "Uuid of the image (32 lowercase hexadecimal characters), what `origin_image_uuid` " +
				"of `didiyun_cimg_import` takes.",
			Computed: true,
		},
		"name": schema.StringAttribute{
			MarkdownDescription: "Name of the image. Names are not unique within a region.",
			Computed:            true,
		},
		"description": schema.StringAttribute{
			MarkdownDescription: "Description of the image; empty when it has none.",
			Computed:            true,
		},
		"is_shared": schema.BoolAttribute{
			MarkdownDescription: "Whether another account shares the image with this one. A shared image can be " +
				"used but not copied with `didiyun_cimg_import`.",
			Computed: true,
		},
		"regions": schema.ListAttribute{
			MarkdownDescription: "Regions the image is available in.",
			ElementType:         types.StringType,
			Computed:            true,
		},
	}
	for name, attribute := range imageComputedAttributes() {
		attributes[name] = dataSourceAttribute(name, attribute)
	}
	return attributes
}

// dataSourceAttribute turns a computed resource attribute into its data
// source twin; the plan modifiers a data source has no use for are dropped.
func dataSourceAttribute(name string, attribute rschema.Attribute) schema.Attribute {
	switch a := attribute.(type) {
	case rschema.StringAttribute:
		return schema.StringAttribute{MarkdownDescription: a.MarkdownDescription, Computed: true}
	case rschema.Int64Attribute:
		return schema.Int64Attribute{MarkdownDescription: a.MarkdownDescription, Computed: true}
	}
	// Only reachable when someone adds an attribute of a new type to
	// imageComputedAttributes; the schema unit test catches it first.
	panic(fmt.Sprintf("image attribute %q has type %T, which dataSourceAttribute does not convert: "+
		"this is a bug in the provider", name, attribute))
}

func flattenImage(img didiyun.Image) imageModel {
	regions := make([]types.String, len(img.Regions))
	for i, region := range img.Regions {
		regions[i] = types.StringValue(region)
	}
	m := imageModel{
		UUID:        types.StringValue(img.UUID),
		Name:        types.StringValue(img.Name),
		Description: types.StringValue(img.Description),
		IsShared:    types.BoolValue(img.IsShared),
		Regions:     regions,
	}
	m.flatten(img)
	return m
}

// dataSourceBase holds what both image data sources need: the configured
// client and the provider's default region.
type dataSourceBase struct {
	conns.DataSourceBase
}

// regionID is the configured region_id, or the provider's region when unset.
func (d *dataSourceBase) regionID(configured types.String) string {
	if configured.IsNull() || configured.ValueString() == "" {
		return d.Meta.Region
	}
	return configured.ValueString()
}

// readConfig starts a data source's Read: it fails when the provider is not
// configured and reads the configuration into config.
func (d *dataSourceBase) readConfig(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse, config any) bool {
	if d.Meta == nil {
		apidiag.NotConfigured(&resp.Diagnostics)
		return false
	}
	resp.Diagnostics.Append(req.Config.Get(ctx, config)...)
	return !resp.Diagnostics.HasError()
}

// imageFilter is what both data sources select images by: exact names and
// a pattern on the name.
type imageFilter struct {
	names     []string       // none: every name
	nameRegex *regexp.Regexp // nil: every name
}

// keeps reports whether img passes the filter. The API filters on names
// already, but its matching is not documented, so the exact names are
// checked again here.
func (f imageFilter) keeps(img didiyun.Image) bool {
	return (len(f.names) == 0 || slices.Contains(f.names, img.Name)) &&
		(f.nameRegex == nil || f.nameRegex.MatchString(img.Name))
}

// listImages lists the images of region the filter keeps, in the API's order
// (oldest first), asking the API for the filter's names only.
func (d *dataSourceBase) listImages(ctx context.Context, region string, f imageFilter, diags *diag.Diagnostics) ([]didiyun.Image, bool) {
	images, err := paging.All(ctx, d.Meta.Client, region, f.names...)
	if err != nil {
		d.Meta.Settings.AddError(diags, "Error Listing Custom Images", err)
		return nil, false
	}
	kept := make([]didiyun.Image, 0, len(images))
	for _, img := range images {
		if f.keeps(img) {
			kept = append(kept, img)
		}
	}
	tflog.Debug(ctx, "Listed custom images", map[string]any{"region_id": region, "listed": len(images), "kept": len(kept)})
	return kept, true
}

const regionIDDescription = "Region to look in, such as `gz` or `bj`. Defaults to the provider's `region`."
