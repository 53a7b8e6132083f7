package cimg

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
)

func (r *importResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.meta == nil {
		return // destroying, or the provider is not configured yet
	}
	var plan importResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if plan.RegionID.IsUnknown() {
		var config importResourceModel
		resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
		if resp.Diagnostics.HasError() {
			return
		}
		if config.RegionID.IsNull() {
			plan.RegionID = types.StringValue(r.meta.Region)
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("region_id"), plan.RegionID)...)
			if !req.State.Raw.IsNull() {
				var state importResourceModel
				resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
				if state.RegionID != plan.RegionID {
					resp.RequiresReplace.Append(path.Root("region_id"))
				}
			}
		}
	}
	if !plan.RegionID.IsUnknown() && !plan.OriginRegionID.IsUnknown() && plan.RegionID == plan.OriginRegionID {
		resp.Diagnostics.AddAttributeError(path.Root("origin_region_id"), "Origin Region Equals Target Region",
			fmt.Sprintf("origin_region_id and region_id are both %q. ImportCIMG copies an image from one region "+
				"into another: set origin_region_id to the region the image lives in and region_id (or the "+
				"provider's region) to a different region.", plan.RegionID.ValueString()))
	}
}

func (r *importResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	if r.meta == nil {
		notConfigured(&resp.Diagnostics)
		return
	}
	var plan importResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, importCreateTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	client := r.meta.Client
	region := plan.RegionID.ValueString()
	job, err := client.ImportCIMGOnce(ctx, region, didiyun.ImportCIMGInput{
		Name:            plan.Name.ValueString(),
		OriginImageUUID: plan.OriginImageUUID.ValueString(),
		OriginRegionID:  plan.OriginRegionID.ValueString(),
		Description:     plan.Description.ValueString(),
	})
	if err != nil {
		addError(&resp.Diagnostics, "Error Importing Custom Image", err)
		return
	}

	// Record the new image before waiting: if the wait fails, Terraform
	// keeps it as tainted and replaces it, instead of losing track of it.
	plan.ID = types.StringValue(job.ResourceUUID)
	plan.clearUnknown()
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	tflog.Info(ctx, "image copy started", map[string]any{"image_uuid": job.ResourceUUID, "region_id": region})

	if _, err := waitForJob(ctx, client, region, job); err != nil {
		r.createFailed(ctx, resp, region, job, err)
		return
	}
	r.readInto(ctx, &plan, &resp.Diagnostics, &resp.State)
}

// createFailed reports a failed or interrupted copy. A failed job's image is
// deleted so nothing is left that costs money; if that is impossible, the id
// stays in state and the resource is tainted.
func (r *importResource) createFailed(ctx context.Context, resp *resource.CreateResponse, region string, job didiyun.Job, err error) {
	var failed *didiyun.JobFailedError
	if !errors.As(err, &failed) {
		resp.Diagnostics.AddError("Error Waiting for Custom Image Copy",
			fmt.Sprintf("Image %s in region %s was started but not seen finished: %s\n\nIt is recorded in state "+
				"as tainted; the next apply deletes and replaces it.", job.ResourceUUID, region, errorDetail(err)))
		return
	}
	cleanupCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), importDeleteTimeout)
	defer cancel()
	if cleanupErr := deleteImage(cleanupCtx, r.meta.Client, region, job.ResourceUUID); cleanupErr != nil {
		resp.Diagnostics.AddError("Custom Image Copy Failed",
			fmt.Sprintf("%s\n\nDeleting the failed image %s also failed: %s\nIt is recorded in state as tainted; the "+
				"next apply or destroy deletes it.", err, job.ResourceUUID, errorDetail(cleanupErr)))
		return
	}
	resp.State.RemoveResource(ctx)
	resp.Diagnostics.AddError("Custom Image Copy Failed",
		fmt.Sprintf("%s\n\nThe partly copied image %s was deleted. Check the origin image, then apply again.",
			err, job.ResourceUUID))
}

func (r *importResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if r.meta == nil {
		notConfigured(&resp.Diagnostics)
		return
	}
	var state importResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.readInto(ctx, &state, &resp.Diagnostics, &resp.State)
}

func (r *importResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	if r.meta == nil {
		notConfigured(&resp.Diagnostics)
		return
	}
	var plan, state importResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := plan.Timeouts.Update(ctx, importUpdateTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	if !plan.Name.Equal(state.Name) {
		if err := renameImage(ctx, r.meta.Client, plan.RegionID.ValueString(), plan.ID.ValueString(), plan.Name.ValueString()); err != nil {
			addError(&resp.Diagnostics, "Error Renaming Custom Image", err)
			return
		}
	}
	r.readInto(ctx, &plan, &resp.Diagnostics, &resp.State)
}

func (r *importResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	if r.meta == nil {
		notConfigured(&resp.Diagnostics)
		return
	}
	var state importResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := state.Timeouts.Delete(ctx, importDeleteTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if err := deleteImage(ctx, r.meta.Client, state.RegionID.ValueString(), state.ID.ValueString()); err != nil {
		addError(&resp.Diagnostics, "Error Deleting Custom Image", err)
	}
}

// ImportState accepts "<region>/<uuid>" or a bare "<uuid>" in the provider's region.
func (r *importResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	region, id, err := parseImportID(req.ID, r.defaultRegion())
	if err != nil {
		resp.Diagnostics.AddError("Invalid Import ID", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("region_id"), region)...)
}

func (r *importResource) defaultRegion() string {
	if r.meta == nil {
		return ""
	}
	return r.meta.Region
}

// readInto refreshes model from the API and writes it to state, or removes
// the resource when the image is gone.
func (r *importResource) readInto(ctx context.Context, model *importResourceModel, diags *diag.Diagnostics, state *tfsdk.State) {
	region := model.RegionID.ValueString()
	img, found, err := r.meta.Client.FindCIMG(ctx, region, model.ID.ValueString())
	if err != nil {
		diags.AddError("Error Reading Custom Image", errorDetail(err))
		return
	}
	if !found {
		diags.AddWarning("Custom Image Not Found",
			fmt.Sprintf("Image %s no longer exists in region %s; removing it from state so the next apply creates it again.",
				model.ID.ValueString(), region))
		state.RemoveResource(ctx)
		return
	}
	model.Name = types.StringValue(img.Name)
	model.Description = types.StringValue(img.Description)
	model.flatten(img)
	if model.OriginImageUUID.IsNull() || model.OriginRegionID.IsNull() {
		model.OriginImageUUID = types.StringValue(originUnknown)
		model.OriginRegionID = types.StringValue(originUnknown)
	}
	diags.Append(state.Set(ctx, model)...)
}

func parseImportID(raw, defaultRegion string) (region, id string, err error) {
	id = raw
	if before, after, ok := strings.Cut(raw, "/"); ok {
		region, id = before, after
	} else {
		region = defaultRegion
	}
	if region == "" {
		return "", "", fmt.Errorf("import ID %q names no region and the provider has none: use <region>/<uuid>, such as gz/4a48f88391134a01befe88ff98b68af8", raw)
	}
	if !isUUID(id) {
		return "", "", fmt.Errorf("import ID %q must be <region>/<uuid> or <uuid>, where uuid is 32 lowercase hexadecimal characters", raw)
	}
	return region, id, nil
}
