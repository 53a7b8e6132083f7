package cimg

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/didiyun/terraform-provider-didiyun/internal/apidiag"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
)

// imagePlan is what planImage found: the planned region, and whether the
// plan makes a new image for an existing one.
type imagePlan struct {
	region    types.String
	replacing bool
}

// planImage is the part of ModifyPlan every image resource shares: it fills
// in region_id when the configuration leaves it out, and refuses at plan time
// what cannot work at apply. It returns false when there is nothing more to
// check. Each resource ends its ModifyPlan with planName.
func (l *imageLifecycle) planImage(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) (imagePlan, bool) {
	if req.Plan.Raw.IsNull() {
		l.planDestroy(ctx, req, resp)
		return imagePlan{}, false
	}
	region, ok := l.planRegion(ctx, req, resp)
	if !ok {
		return imagePlan{region: region}, false
	}
	l.checkRegionExists(ctx, path.Root("region_id"), region, &resp.Diagnostics)
	replacing := l.replacing(ctx, req, resp)
	if replacing {
		l.planSources(ctx, req, resp)
		if protected(ctx, req.State, &resp.Diagnostics) {
			refuseDeletion(&resp.Diagnostics, l.stateID(ctx, req), region.ValueString(), "a replacement (a change to an argument that forces a new image)")
		}
	}
	if req.State.Raw.IsNull() || replacing {
		l.requireSources(ctx, resp)
	}
	l.planStatus(ctx, req, resp, replacing)
	return imagePlan{region: region, replacing: replacing}, !resp.Diagnostics.HasError()
}

// planName checks the planned name (checkNameUnique) last, so that a plan
// that fails anyway sends no image request for it.
func (l *imageLifecycle) planName(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse, planned imagePlan) {
	if !resp.Diagnostics.HasError() {
		l.checkNameUnique(ctx, req, resp, planned.region, planned.replacing)
	}
}

// planDestroy refuses, at plan time, to destroy a protected image.
func (l *imageLifecycle) planDestroy(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.State.Raw.IsNull() || !protected(ctx, req.State, &resp.Diagnostics) {
		return
	}
	var region types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("region_id"), &region)...)
	refuseDeletion(&resp.Diagnostics, l.stateID(ctx, req), region.ValueString(), "terraform destroy or by removing the resource")
}

func (l *imageLifecycle) stateID(ctx context.Context, req resource.ModifyPlanRequest) string {
	var id types.String
	req.State.GetAttribute(ctx, path.Root("id"), &id)
	return id.ValueString()
}

// planStatus keeps status from state when the apply will not touch the
// image, and leaves it unknown when it will: a rename, or a copy still
// running, may change it (status has no UseStateForUnknown for that reason).
//
// An image whose copy or creation still runs (a create that outlived its
// timeout, then untainted) plans status unknown too: that is an update, and
// Update waits for the job instead of copying again.
func (l *imageLifecycle) planStatus(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse, replacing bool) {
	if req.State.Raw.IsNull() || replacing || l.differs(ctx, req, resp, []string{"name"}) {
		return
	}
	var status types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("status"), &status)...)
	if stillBeingMade(status) {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("status"), types.StringUnknown())...)
		return
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("status"), status)...)
}

// stillBeingMade reports a status that says the copy or creation runs, as
// the mock and the docs' examples show them.
func stillBeingMade(status types.String) bool {
	switch status.ValueString() {
	case "Importing", "Creating":
		return true
	}
	return false
}

// planRegion plans region_id. A new image without one goes to the
// provider's region; an existing image without one stays where it is, even
// when the provider's region changes later: moving it would destroy it first,
// and that must be asked for by setting region_id. It returns the planned
// region, and false when there is nothing more to check: destroying, the
// provider not configured yet, or an error.
func (l *imageLifecycle) planRegion(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) (types.String, bool) {
	var region, configured, inState types.String
	if req.Plan.Raw.IsNull() || l.Meta == nil {
		return region, false
	}
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("region_id"), &region)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("region_id"), &configured)...)
	if !req.State.Raw.IsNull() {
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("region_id"), &inState)...)
	}
	if resp.Diagnostics.HasError() {
		return region, false
	}
	if !configured.IsNull() {
		return region, true
	}
	region = types.StringValue(l.Meta.Region)
	if !inState.IsNull() && inState.ValueString() != "" {
		region = inState
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("region_id"), region)...)
	return region, !resp.Diagnostics.HasError()
}

// planSources gives a replacement the configured source arguments. After an
// import they hold a placeholder the plan keeps (unknownAfterImport); a new
// image must be made from what the configuration says.
func (l *imageLifecycle) planSources(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	for _, attr := range l.newModel().sourceAttributes() {
		var planned, configured types.String
		resp.Diagnostics.Append(resp.Plan.GetAttribute(ctx, path.Root(attr), &planned)...)
		resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(attr), &configured)...)
		if resp.Diagnostics.HasError() {
			return
		}
		if planned.ValueString() == unknownAfterImportValue && !planned.Equal(configured) {
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root(attr), configured)...)
		}
	}
}

// replacing reports a plan that makes a new image for an existing one: one
// of the arguments that force a new image differs from state (or is unknown).
func (l *imageLifecycle) replacing(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) bool {
	return !req.State.Raw.IsNull() && l.differs(ctx, req, resp, l.newImageArguments())
}

// newImageArguments are the arguments whose change forces a new image.
func (l *imageLifecycle) newImageArguments() []string {
	return append([]string{"description", "region_id"}, l.newModel().sourceAttributes()...)
}

// differs reports whether any of the string attributes attrs is planned
// other than it is in state; an unknown planned value differs.
func (l *imageLifecycle) differs(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse, attrs []string) bool {
	for _, attr := range attrs {
		var planned, inState types.String
		resp.Diagnostics.Append(resp.Plan.GetAttribute(ctx, path.Root(attr), &planned)...)
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root(attr), &inState)...)
		if resp.Diagnostics.HasError() || !planned.Equal(inState) {
			return true
		}
	}
	return false
}

// operation names the entry of the timeouts block that bounds a call.
type operation int

const (
	opRead operation = iota // no timeout of its own
	opCreate
	opUpdate
	opDelete
)

// modelSource is a plan or a state.
type modelSource interface {
	Get(ctx context.Context, target any) diag.Diagnostics
}

// begin is how every CRUD call starts: it reads the plan or state into a new
// model and bounds ctx by op's timeout. The caller defers cancel at once and
// returns when ok is false (an error is then in diags).
func (l *imageLifecycle) begin(ctx context.Context, from modelSource, op operation, diags *diag.Diagnostics) (context.Context, context.CancelFunc, lifecycleModel, bool) {
	noCancel := func() {}
	if l.Meta == nil {
		apidiag.NotConfigured(diags)
		return ctx, noCancel, nil, false
	}
	model := l.newModel()
	diags.Append(from.Get(ctx, model)...)
	if diags.HasError() || op == opRead {
		return ctx, noCancel, model, !diags.HasError()
	}
	timeout, timeoutDiags := l.timeout(ctx, model.common().Timeouts, op)
	diags.Append(timeoutDiags...)
	if diags.HasError() {
		return ctx, noCancel, model, false
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	return ctx, cancel, model, true
}

// timeout is op's entry of the timeouts block, or the kind's default.
func (l *imageLifecycle) timeout(ctx context.Context, configured timeouts.Value, op operation) (time.Duration, diag.Diagnostics) {
	switch op {
	case opCreate:
		return configured.Create(ctx, l.kind.createTimeout)
	case opUpdate:
		return configured.Update(ctx, l.kind.updateTimeout)
	default:
		return configured.Delete(ctx, l.kind.deleteTimeout)
	}
}

func (l *imageLifecycle) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	ctx, cancel, model, ok := l.begin(ctx, req.Plan, opCreate, &resp.Diagnostics)
	defer cancel()
	if !ok {
		return
	}
	plan := model.common()
	if plan.RegionID.IsUnknown() {
		// The provider's configuration was unknown when this was planned.
		plan.RegionID = types.StringValue(l.Meta.Region)
	}
	client := l.Meta.Client
	region := plan.RegionID.ValueString()
	job, err := model.start(ctx, client)
	if err != nil {
		l.Meta.Settings.AddError(&resp.Diagnostics, "Error "+l.kind.creating+" Custom Image", err)
		return
	}

	// Record the new image before waiting: if the wait fails, Terraform
	// keeps it as tainted and replaces it, instead of losing track of it.
	plan.ID = types.StringValue(job.ResourceUUID)
	plan.nullUnknown()
	resp.Diagnostics.Append(resp.State.Set(ctx, model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	tflog.Info(ctx, "image "+strings.ToLower(l.kind.job)+" started", map[string]any{"image_uuid": job.ResourceUUID, "region_id": region})

	finished, err := waitForCreate(ctx, client, region, job, plan.Name.ValueString())
	if err != nil {
		l.createFailed(ctx, resp, region, job, plan.Name.ValueString(), err)
		return
	}
	if finished != nil {
		plan.flatten(*finished)
		resp.Diagnostics.Append(resp.State.Set(ctx, model)...)
		return
	}
	l.readBack(ctx, model, &resp.Diagnostics, &resp.State)
}

// createFailed reports a failed or interrupted create. A failed job's image
// is deleted so nothing is left that costs money; if that is impossible, the
// id stays in state and the resource is tainted.
func (l *imageLifecycle) createFailed(ctx context.Context, resp *resource.CreateResponse, region string, job didiyun.Job, name string, err error) {
	var failed *didiyun.JobFailedError
	if !errors.As(err, &failed) {
		resp.Diagnostics.AddError("Error Waiting for Custom Image "+l.kind.job,
			fmt.Sprintf("Image %s in region %s was started but not seen finished: %s\n\nIt is recorded in state "+
				"as tainted; the next apply deletes and replaces it.", job.ResourceUUID, region, l.Meta.Settings.Detail(err)))
		return
	}
	summary := "Custom Image " + l.kind.job + " Failed"
	cleanupCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), l.kind.deleteTimeout)
	defer cancel()
	if cleanupErr := deleteImage(cleanupCtx, l.Meta.Client, region, job.ResourceUUID, name); cleanupErr != nil {
		resp.Diagnostics.AddError(summary,
			fmt.Sprintf("%s\n\nDeleting the failed image %s also failed: %s\nIt is recorded in state as tainted; the "+
				"next apply or destroy deletes it.", err, job.ResourceUUID, l.Meta.Settings.Detail(cleanupErr)))
		return
	}
	resp.State.RemoveResource(ctx)
	resp.Diagnostics.AddError(summary,
		fmt.Sprintf("%s\n\nThe partly %s image %s was deleted. Check the %s, then apply again.",
			err, l.kind.made, job.ResourceUUID, l.kind.source))
}

func (l *imageLifecycle) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	ctx, cancel, model, ok := l.begin(ctx, req.State, opRead, &resp.Diagnostics)
	defer cancel()
	if !ok {
		return
	}
	l.refresh(ctx, model, &resp.Diagnostics, &resp.State)
}

// Update renames the image, waits for a copy still running (resume after
// untaint), or only records deletion_protection; every other argument forces
// a new image.
func (l *imageLifecycle) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var stateName, stateStatus types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("name"), &stateName)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("status"), &stateStatus)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resuming := stillBeingMade(stateStatus)
	op := opUpdate
	if resuming {
		op = opCreate // the wait is the rest of a copy
	}
	ctx, cancel, model, ok := l.begin(ctx, req.Plan, op, &resp.Diagnostics)
	defer cancel()
	if !ok {
		return
	}
	plan := model.common()
	region, id := plan.RegionID.ValueString(), plan.ID.ValueString()
	renaming := !plan.Name.Equal(stateName)
	if !renaming && !resuming && !plan.Status.IsUnknown() {
		// Only deletion_protection or timeouts changed: nothing to ask the API.
		resp.Diagnostics.Append(resp.State.Set(ctx, model)...)
		return
	}
	if resuming {
		if err := l.resume(ctx, region, id, stateName.ValueString()); err != nil {
			l.Meta.Settings.AddError(&resp.Diagnostics, "Error Waiting for Custom Image "+l.kind.job, err)
			return
		}
	}
	if renaming {
		if err := renameImage(ctx, l.Meta.Client, region, id, stateName.ValueString(), plan.Name.ValueString()); err != nil {
			l.Meta.Settings.AddError(&resp.Diagnostics, "Error Renaming Custom Image", err)
			return
		}
	}
	l.readBack(ctx, model, &resp.Diagnostics, &resp.State)
}

// resume waits for the job still making an image in state.
func (l *imageLifecycle) resume(ctx context.Context, region, id, name string) error {
	img, found, err := l.Meta.Client.FindCIMG(ctx, region, id, name)
	switch {
	case err != nil:
		return err
	case !found:
		return fmt.Errorf("image %s is no longer in region %s; the next refresh removes it from state", id, region)
	case !running(img, ""):
		return nil // it finished since the refresh
	}
	tflog.Info(ctx, "resuming the wait for an image still being made", map[string]any{"image_uuid": id, "region_id": region})
	return waitForJob(ctx, l.Meta.Client, region, *img.Job)
}

func (l *imageLifecycle) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	ctx, cancel, model, ok := l.begin(ctx, req.State, opDelete, &resp.Diagnostics)
	defer cancel()
	if !ok {
		return
	}
	state := model.common()
	if state.DeletionProtection.ValueBool() {
		refuseDeletion(&resp.Diagnostics, state.ID.ValueString(), state.RegionID.ValueString(), "this apply")
		return
	}
	if err := deleteImage(ctx, l.Meta.Client, state.RegionID.ValueString(), state.ID.ValueString(), state.Name.ValueString()); err != nil {
		l.Meta.Settings.AddError(&resp.Diagnostics, "Error Deleting Custom Image", err)
	}
}

// ImportState accepts "<region>/<uuid>" or a bare "<uuid>" in the provider's
// region. Read then fills in the rest.
func (l *imageLifecycle) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	region, id, err := checkImportID(ctx, req.ID, l.Meta)
	if err != nil {
		resp.Diagnostics.AddError("Invalid Import ID", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("region_id"), region)...)
}

// refresh reads the image into model and state. Only a confirmed miss
// (FindCIMG) removes the resource; any error keeps state as it was.
func (l *imageLifecycle) refresh(ctx context.Context, model lifecycleModel, diags *diag.Diagnostics, state *tfsdk.State) {
	image := model.common()
	region, id := image.RegionID.ValueString(), image.ID.ValueString()
	img, found, err := l.Meta.Client.FindCIMG(ctx, region, id, image.Name.ValueString())
	if err != nil {
		l.Meta.Settings.AddError(diags, "Error Reading Custom Image", err)
		return
	}
	if !found {
		looked := "the region's listing and a second listing agree"
		if image.Name.ValueString() != "" {
			looked = fmt.Sprintf("the region's listing, a lookup by its name %q and a second listing all agree", image.Name.ValueString())
		}
		diags.AddWarning("Custom Image Not Found",
			fmt.Sprintf("Image %s is not in region %s: %s. Removing it from state: while the configuration still "+
				"declares it, the next plan makes it again.", id, region, looked))
		state.RemoveResource(ctx)
		return
	}
	if img.IsShared {
		diags.AddError("Shared Custom Image Cannot Be Managed",
			fmt.Sprintf("Image %s in region %s is shared with this account by another one: it can be used and "+
				"copied from, but not renamed or deleted, so no resource can manage it. Read it with the "+
				"didiyun_cimg data source instead.", id, region))
		return
	}
	image.Name = types.StringValue(img.Name)
	image.Description = types.StringValue(img.Description)
	image.flatten(img)
	if image.DeletionProtection.IsNull() {
		image.DeletionProtection = types.BoolValue(false) // an import starts unprotected
	}
	model.markUnknownAfterImport()
	diags.Append(state.Set(ctx, model)...)
}

// readBackAttempts bounds the reads after a create or rename whose job
// succeeded; the operation's timeout bounds them too.
const readBackAttempts = 4

// readBack fills in what the API reports after a successful create or
// rename, keeping the planned name and description. It never removes the
// resource: when the image cannot be read, it stays in state with what is
// known, under a warning, and the next refresh completes or removes it.
func (l *imageLifecycle) readBack(ctx context.Context, model lifecycleModel, diags *diag.Diagnostics, state *tfsdk.State) {
	image := model.common()
	region, id := image.RegionID.ValueString(), image.ID.ValueString()
	var lastErr error
	for attempt := 0; ; attempt++ {
		img, found, err := l.Meta.Client.LookupCIMG(ctx, region, id, image.Name.ValueString())
		if err == nil && found {
			image.flatten(img)
			diags.Append(state.Set(ctx, model)...)
			return
		}
		lastErr = err
		if err == nil {
			lastErr = fmt.Errorf("image %s is not listed in region %s", id, region)
		}
		if attempt+1 >= readBackAttempts || l.Meta.Client.Pause(ctx, attempt) != nil {
			break
		}
	}
	image.nullUnknown()
	diags.AddWarning("Custom Image Not Read Back",
		fmt.Sprintf("The job on image %s in region %s succeeded, but reading the image afterwards failed: %s\n\n"+
			"The image is kept in state with what is known; the next refresh fills in the rest.", id, region, l.Meta.Settings.Detail(lastErr)))
	diags.Append(state.Set(ctx, model)...)
}
