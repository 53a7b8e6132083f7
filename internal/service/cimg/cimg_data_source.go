package cimg

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/boolvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
	"github.com/didiyun/terraform-provider-didiyun/internal/validate"
)

var (
	_ datasource.DataSourceWithConfigure      = (*imageDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*imageDataSource)(nil)
)

// NewImageDataSource is the didiyun_cimg data source: exactly one custom
// image of a region, selected by uuid or by name.
func NewImageDataSource() datasource.DataSource {
	return &imageDataSource{}
}

type imageDataSource struct {
	dataSourceBase
}

type imageDataSourceModel struct {
	ID         types.String `tfsdk:"id"`
	RegionID   types.String `tfsdk:"region_id"`
	MostRecent types.Bool   `tfsdk:"most_recent"`
	imageModel              // uuid and name are also the filters
}

func (d *imageDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cimg"
}

func (d *imageDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attributes := imageDataSourceAttributes()
	attributes["id"] = schema.StringAttribute{
		MarkdownDescription: "Uuid of the image, the same as `uuid`.",
		Computed:            true,
	}
	attributes["region_id"] = schema.StringAttribute{
		MarkdownDescription: regionIDDescription,
		Optional:            true,
		Computed:            true,
		Validators:          []validator.String{validate.RegionID()},
	}
	attributes["uuid"] = schema.StringAttribute{
		MarkdownDescription: "Uuid of the image to select (32 lowercase hexadecimal characters). Exactly one of " +
			"`uuid` and `name` must be set.",
		Optional:   true,
		Computed:   true,
		Validators: []validator.String{validate.UUID()},
	}
	attributes["name"] = schema.StringAttribute{
		MarkdownDescription: "Exact name of the image to select. Names are not unique: when several images carry " +
			"it, set `most_recent`. Exactly one of `uuid` and `name` must be set.",
		Optional:   true,
		Computed:   true,
		Validators: []validator.String{validate.NotBlank()},
	}
	attributes["most_recent"] = schema.BoolAttribute{
		MarkdownDescription: "When several images carry `name`, select the newest by `create_time` instead of " +
			"failing. Defaults to `false`, so that a new image with the same name cannot silently replace the " +
			"one in use. Only with `name`.",
		Optional:   true,
		Computed:   true,
		Validators: []validator.Bool{boolvalidator.ConflictsWith(path.MatchRoot("uuid"))},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Selects exactly one custom machine image (CIMG) of a region, by uuid or by name, " +
			"and reports its attributes. Reading fails when nothing matches, or when several images match " +
			"and `most_recent` is not set.",
		Attributes: attributes,
	}
}

// ValidateConfig asks for exactly one of uuid and name, and names both:
// the framework's one-of validator names only the other attribute.
func (d *imageDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var uuid, name types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("uuid"), &uuid)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("name"), &name)...)
	if resp.Diagnostics.HasError() || uuid.IsUnknown() || name.IsUnknown() {
		return
	}
	switch {
	case uuid.IsNull() && name.IsNull():
		resp.Diagnostics.AddError("Invalid Attribute Combination",
			"Select the image with exactly one of `uuid` or `name`: neither is set.")
	case !uuid.IsNull() && !name.IsNull():
		resp.Diagnostics.AddAttributeError(path.Root("name"), "Invalid Attribute Combination",
			"Select the image with exactly one of `uuid` or `name`: both are set. Keep `uuid` to select one image "+
				"for sure, or `name` (with `most_recent` when several images carry it).")
	}
}

func (d *imageDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var config imageDataSourceModel
	if !d.readConfig(ctx, req, resp, &config) {
		return
	}
	region := d.regionID(config.RegionID)
	mostRecent := config.MostRecent.ValueBool()

	var img didiyun.Image
	var found bool
	if uuid := config.UUID.ValueString(); uuid != "" {
		img, found = d.findByUUID(ctx, region, uuid, &resp.Diagnostics)
	} else {
		img, found = d.findByName(ctx, region, config.Name.ValueString(), mostRecent, &resp.Diagnostics)
	}
	if !found {
		return
	}
	state := imageDataSourceModel{
		ID:         types.StringValue(img.UUID),
		RegionID:   types.StringValue(region),
		MostRecent: types.BoolValue(mostRecent),
		imageModel: flattenImage(img),
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (d *imageDataSource) findByUUID(ctx context.Context, region, uuid string, diags *diag.Diagnostics) (didiyun.Image, bool) {
	tflog.Debug(ctx, "Looking up custom image by uuid", map[string]any{"region_id": region, "uuid": uuid})
	img, found, err := d.Meta.Images.Find(ctx, region, uuid, "")
	if err != nil {
		d.Meta.Settings.AddError(diags, "Error Reading Custom Image", err)
		return didiyun.Image{}, false
	}
	if !found {
		diags.AddAttributeError(path.Root("uuid"), "No Custom Image Found",
			fmt.Sprintf("No custom image with uuid %s exists in region %s. An image belongs to one region: check "+
				"the uuid and region_id, or list the region's images with the didiyun_cimgs data source.", uuid, region))
	}
	return img, found
}

func (d *imageDataSource) findByName(ctx context.Context, region, name string, mostRecent bool, diags *diag.Diagnostics) (didiyun.Image, bool) {
	tflog.Debug(ctx, "Looking up custom image by name", map[string]any{"region_id": region, "name": name, "most_recent": mostRecent})
	matches, ok := d.listImages(ctx, region, imageFilter{names: []string{name}}, diags)
	switch {
	case !ok:
		return didiyun.Image{}, false
	case len(matches) == 0:
		diags.AddAttributeError(path.Root("name"), "No Custom Image Found",
			fmt.Sprintf("No custom image named %q exists in region %s. The name must match exactly; check it and "+
				"region_id, or list the region's images with the didiyun_cimgs data source.", name, region))
		return didiyun.Image{}, false
	case len(matches) > 1 && !mostRecent:
		uuids := make([]string, len(matches))
		for i, img := range matches {
			uuids[i] = img.UUID
		}
		diags.AddAttributeError(path.Root("name"), "Multiple Custom Images Found",
			fmt.Sprintf("%d custom images named %q exist in region %s: %s.\n\nSet most_recent = true to select "+
				"the newest by create_time, or select one by uuid.", len(matches), name, region, strings.Join(uuids, ", ")))
		return didiyun.Image{}, false
	}
	return newest(matches), true
}

// newest returns the image created last; on a tie, the later one in the
// API's order, which lists older images first.
func newest(images []didiyun.Image) didiyun.Image {
	best := images[0]
	for _, img := range images[1:] {
		if img.CreateTime >= best.CreateTime {
			best = img
		}
	}
	return best
}
