// Package cimg holds the custom machine image (CIMG) resources and data sources.
package cimg

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun/ownership"
	"github.com/didiyun/terraform-provider-didiyun/internal/validate"
)

var (
	_ resource.ResourceWithConfigure   = (*importResource)(nil)
	_ resource.ResourceWithImportState = (*importResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*importResource)(nil)
	_ resource.ResourceWithIdentity    = (*importResource)(nil)
)

// NewImportResource is the didiyun_cimg_import resource: an image copied
// from another region with ImportCIMG.
func NewImportResource() resource.Resource {
	return &importResource{imageLifecycle{
		kind: imageKind{
			typeName: "didiyun_cimg_import", creating: "Importing", job: "Copy", jobType: jobTypeImport, made: "copied", source: "origin image",
			// A copy between regions can take an hour or more.
			createTimeout: 120 * time.Minute, updateTimeout: 20 * time.Minute, deleteTimeout: 30 * time.Minute,
		},
		newModel: func() lifecycleModel { return &importResourceModel{} },
	}}
}

// importResource gets its Configure, Create, Read, Update, Delete and
// ImportState from imageLifecycle.
type importResource struct {
	imageLifecycle
}

type importResourceModel struct {
	commonImageModel
	OriginImageUUID types.String `tfsdk:"origin_image_uuid"`
	OriginRegionID  types.String `tfsdk:"origin_region_id"`
}

func (r *importResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cimg_import"
}

func (r *importResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = imageResourceSchema(ctx, imageDocs{
		resource: "Copies a custom machine image (CIMG) from one region into another with ImportCIMG and " +
			"manages the copy: rename in place, delete, import and drift detection.",
		id:          "Uuid of the copied image (the import job's `resourceUuid`).",
		name:        "Name of the copied image in the target region. Changing it renames the image in place.",
		description: "Description of the copied image. The API cannot change it, so changing it forces a new image.",
		regionID: "Region to copy the image into, such as `gz`. Defaults to the provider's `region` when the " +
			"copy is made; an existing copy stays in its region when the provider's `region` changes later. " +
			"Changing it forces a new image.",
	}, map[string]schema.Attribute{
		"origin_image_uuid": schema.StringAttribute{
			MarkdownDescription: "Uuid of the image to copy (32 lowercase hexadecimal characters). Shared images cannot " +
				"be copied. Changing it forces a new image.",
			Required:      true,
			Validators:    []validator.String{emptyOr(validate.UUID())},
			PlanModifiers: []planmodifier.String{unknownAfterImport{}},
		},
		"origin_region_id": schema.StringAttribute{
			MarkdownDescription: "Region the origin image lives in, such as `bj`. It must differ from `region_id`. " +
				"Changing it forces a new image.",
			Required:      true,
			Validators:    []validator.String{emptyOr(validate.RegionID())},
			PlanModifiers: []planmodifier.String{unknownAfterImport{}},
		},
	})
}

// ModifyPlan plans like every image resource (planImage), then checks that
// a new copy goes to another region from an origin that can be copied.
func (r *importResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	planned, ok := r.planImage(ctx, req, resp)
	if !ok {
		return
	}
	region := planned.region
	var origin types.String
	resp.Diagnostics.Append(resp.Plan.GetAttribute(ctx, path.Root("origin_region_id"), &origin)...)
	checkRegionExists(ctx, r.Meta, path.Root("origin_region_id"), origin, &resp.Diagnostics)
	if !region.IsUnknown() && !origin.IsUnknown() && region.Equal(origin) {
		resp.Diagnostics.AddAttributeError(path.Root("origin_region_id"), "Origin Region Equals Target Region",
			fmt.Sprintf("origin_region_id and region_id are both %q. ImportCIMG copies an image from one region "+
				"into another: set origin_region_id to the region the image lives in and region_id (or the "+
				"provider's region) to a different region.", region.ValueString()))
	}
	if !resp.Diagnostics.HasError() && (req.State.Raw.IsNull() || planned.replacing) {
		r.checkOrigin(ctx, resp)
	}
	r.planName(ctx, req, resp, planned)
}

func (m *importResourceModel) common() *commonImageModel { return &m.commonImageModel }

func (m *importResourceModel) createRequest(client *didiyun.Client) ownership.Create {
	region, in := m.RegionID.ValueString(), didiyun.ImportCIMGInput{
		Name:            m.Name.ValueString(),
		OriginImageUUID: m.OriginImageUUID.ValueString(),
		OriginRegionID:  m.OriginRegionID.ValueString(),
		Description:     m.Description.ValueString(),
	}
	return ownership.Create{RegionID: region, Name: in.Name, JobType: jobTypeImport,
		Send: func(ctx context.Context) (didiyun.Job, error) { return client.ImportCIMG(ctx, region, in) }}
}

func (m *importResourceModel) sourceAttributes() []string {
	return []string{"origin_image_uuid", "origin_region_id"}
}

func (m *importResourceModel) markUnknownAfterImport() {
	if m.OriginImageUUID.IsNull() || m.OriginRegionID.IsNull() {
		m.OriginImageUUID = types.StringValue(unknownAfterImportValue)
		m.OriginRegionID = types.StringValue(unknownAfterImportValue)
	}
}
