// Package cimg holds the custom machine image (CIMG) resources and data sources.
package cimg

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/didiyun/terraform-provider-didiyun/internal/conns"
	"github.com/didiyun/terraform-provider-didiyun/internal/validate"
)

var (
	_ resource.ResourceWithConfigure   = (*importResource)(nil)
	_ resource.ResourceWithImportState = (*importResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*importResource)(nil)
)

// Default timeouts: a copy between regions can take an hour or more.
const (
	importCreateTimeout = 120 * time.Minute
	importUpdateTimeout = 20 * time.Minute
	importDeleteTimeout = 30 * time.Minute
)

// NewImportResource is the didiyun_cimg_import resource: an image copied
// from another region with ImportCIMG.
func NewImportResource() resource.Resource {
	return &importResource{}
}

type importResource struct {
	meta *conns.Meta
}

type importResourceModel struct {
	ID              types.String   `tfsdk:"id"`
	Name            types.String   `tfsdk:"name"`
	OriginImageUUID types.String   `tfsdk:"origin_image_uuid"`
	OriginRegionID  types.String   `tfsdk:"origin_region_id"`
	Description     types.String   `tfsdk:"description"`
	RegionID        types.String   `tfsdk:"region_id"`
	imageAttributes                // computed, shared with the other image types
	Timeouts        timeouts.Value `tfsdk:"timeouts"`
}

func (r *importResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cimg_import"
}

func (r *importResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	attributes := map[string]schema.Attribute{
		"id": schema.StringAttribute{
			MarkdownDescription: "Uuid of the copied image (the import job's `resourceUuid`).",
			Computed:            true,
			PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		"name": schema.StringAttribute{
			MarkdownDescription: "Name of the copied image in the target region. Changing it renames the image in place.",
			Required:            true,
			Validators:          []validator.String{validate.NotBlank()},
		},
		"origin_image_uuid": schema.StringAttribute{
			MarkdownDescription: "Uuid of the image to copy (32 lowercase hexadecimal characters). Shared images cannot " +
				"be copied. Changing it forces a new image.",
			Required:      true,
			Validators:    []validator.String{validate.UUID()},
			PlanModifiers: []planmodifier.String{originPlanModifier{}},
		},
		"origin_region_id": schema.StringAttribute{
			MarkdownDescription: "Region the origin image lives in, such as `bj`. It must differ from `region_id`. " +
				"Changing it forces a new image.",
			Required:      true,
			Validators:    []validator.String{validate.RegionID()},
			PlanModifiers: []planmodifier.String{originPlanModifier{}},
		},
		"description": schema.StringAttribute{
			MarkdownDescription: "Description of the copied image. The API cannot change it, so changing it forces a new image.",
			Optional:            true,
			Computed:            true,
			Default:             stringdefault.StaticString(""),
			PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
		},
		"region_id": schema.StringAttribute{
			MarkdownDescription: "Region to copy the image into, such as `gz`. Defaults to the provider's `region`. " +
				"Changing it forces a new image.",
			Optional:      true,
			Computed:      true,
			Validators:    []validator.String{validate.RegionID()},
			PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
		},
	}
	for name, attribute := range imageComputedAttributes() {
		attributes[name] = attribute
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Copies a custom machine image (CIMG) from one region into another with ImportCIMG and " +
			"manages the copy: rename in place, delete, import and drift detection.",
		Attributes: attributes,
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Update: true, Delete: true}),
		},
	}
}

func (r *importResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	meta, err := conns.FromProviderData(req.ProviderData)
	if err != nil {
		resp.Diagnostics.AddError("Unexpected Resource Configure Type", err.Error())
		return
	}
	r.meta = meta
}
