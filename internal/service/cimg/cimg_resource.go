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
	_ resource.ResourceWithConfigure   = (*cimgResource)(nil)
	_ resource.ResourceWithImportState = (*cimgResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*cimgResource)(nil)
	_ resource.ResourceWithIdentity    = (*cimgResource)(nil)
)

// NewCIMGResource is the didiyun_cimg resource: an image made from a
// snapshot with CreateCIMG.
func NewCIMGResource() resource.Resource {
	return &cimgResource{imageLifecycle{
		kind: imageKind{
			typeName: "didiyun_cimg", creating: "Creating", job: "Creation", jobType: jobTypeCreate, made: "created", source: "snapshot",
			createTimeout: 60 * time.Minute, updateTimeout: 20 * time.Minute, deleteTimeout: 30 * time.Minute,
		},
		newModel: func() lifecycleModel { return &cimgResourceModel{} },
	}}
}

// cimgResource gets its Configure, ModifyPlan, Create, Read, Update, Delete
// and ImportState from imageLifecycle.
type cimgResource struct {
	imageLifecycle
}

type cimgResourceModel struct {
	commonImageModel
	SnapUUID types.String `tfsdk:"snap_uuid"`
}

func (r *cimgResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cimg"
}

func (r *cimgResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = imageResourceSchema(ctx, imageDocs{
		resource: "Makes a custom machine image (CIMG) from a snapshot with CreateCIMG and manages it: rename in " +
			"place, delete, import and drift detection.",
		id:          "Uuid of the image (the create job's `resourceUuid`).",
		name:        "Name of the image, unique in its region. Changing it renames the image in place.",
		description: "Description of the image. The API cannot change it, so changing it forces a new image.",
		regionID: "Region to make the image in, such as `gz`; the snapshot must be in the same region. Defaults " +
			"to the provider's `region` when the image is made; an existing image stays in its region when the " +
			"provider's `region` changes later. Changing it forces a new image, and is refused at plan time " +
			"while `snap_uuid` stays the same (a snapshot lives in one region).",
	}, map[string]schema.Attribute{
		"snap_uuid": schema.StringAttribute{
			MarkdownDescription: "Uuid of the snapshot to make the image from (32 lowercase hexadecimal characters), " +
				"in `region_id`. Changing it forces a new image.",
			Required:      true,
			Validators:    []validator.String{emptyOr(validate.UUID())},
			PlanModifiers: []planmodifier.String{unknownAfterImport{}},
		},
	})
}

// ModifyPlan plans like every image resource (planImage), then refuses to
// move an image to another region from the same snapshot: a snapshot lives
// in one region, so that replacement would delete the image and then fail.
func (r *cimgResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	planned, ok := r.planImage(ctx, req, resp)
	if !ok {
		return
	}
	if !req.State.Raw.IsNull() {
		r.refuseRegionMove(ctx, req, resp, planned.region)
	}
	r.planName(ctx, req, resp, planned)
}

// refuseRegionMove refuses a new region_id with the same snap_uuid.
func (r *cimgResource) refuseRegionMove(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse, region types.String) {
	var inState cimgResourceModel
	var snap types.String
	resp.Diagnostics.Append(req.State.Get(ctx, &inState)...)
	resp.Diagnostics.Append(resp.Plan.GetAttribute(ctx, path.Root("snap_uuid"), &snap)...)
	if resp.Diagnostics.HasError() || region.IsUnknown() || region.Equal(inState.RegionID) {
		return
	}
	if inState.SnapUUID.ValueString() != unknownAfterImportValue && snap.Equal(inState.SnapUUID) {
		resp.Diagnostics.AddAttributeError(path.Root("region_id"), "Image Cannot Move to Another Region",
			fmt.Sprintf("region_id changes from %q to %q, but snap_uuid %s stays, and that snapshot is in %q: "+
				"CreateCIMG makes an image only from a snapshot of its own region, so the new image could not be "+
				"made after the old one was deleted. Set snap_uuid to a snapshot in %q as well, or keep region_id.",
				inState.RegionID.ValueString(), region.ValueString(), snap.ValueString(),
				inState.RegionID.ValueString(), region.ValueString()))
	}
}

func (m *cimgResourceModel) common() *commonImageModel { return &m.commonImageModel }

func (m *cimgResourceModel) createRequest(client *didiyun.Client) ownership.Create {
	region, in := m.RegionID.ValueString(), didiyun.CreateCIMGInput{
		Name:        m.Name.ValueString(),
		SnapUUID:    m.SnapUUID.ValueString(),
		Description: m.Description.ValueString(),
	}
	return ownership.Create{RegionID: region, Name: in.Name, JobType: jobTypeCreate,
		Send: func(ctx context.Context) (didiyun.Job, error) { return client.CreateCIMG(ctx, region, in) }}
}

func (m *cimgResourceModel) sourceAttributes() []string { return []string{"snap_uuid"} }

func (m *cimgResourceModel) markUnknownAfterImport() {
	if m.SnapUUID.IsNull() {
		m.SnapUUID = types.StringValue(unknownAfterImportValue)
	}
}
