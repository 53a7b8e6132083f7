package cimg

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/didiyun/terraform-provider-didiyun/internal/apidiag"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun/jobs"
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
	checkRegionExists(ctx, l.Meta, path.Root("region_id"), region, &resp.Diagnostics)
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
// image, and leaves it unknown when it will: a rename, or a job still making
// the image, may change it (status has no UseStateForUnknown for that
// reason).
//
// An image whose making job was not seen ending (a create that outlived its
// timeout, then untainted; an import of an image still being copied) plans
// status unknown too: that is an update, and Update waits for that job
// through JobResult instead of copying again.
func (l *imageLifecycle) planStatus(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse, replacing bool) {
	if req.State.Raw.IsNull() || replacing || l.differs(ctx, req, resp, []string{"name"}) {
		return
	}
	if job := readMakingJob(ctx, req.Private, &resp.Diagnostics); job != nil && job.running() {
		// What the image reports may all change by the job's end, and a
		// listing may not have shown the image yet.
		for name, computed := range imageComputedAttributes() {
			var unknown attr.Value = types.StringUnknown()
			if _, isInt := computed.(schema.Int64Attribute); isInt {
				unknown = types.Int64Unknown()
			}
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root(name), unknown)...)
		}
		return
	}
	var status types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("status"), &status)...)
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("status"), status)...)
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
type operation string

const (
	opRead   operation = "read" // no timeout of its own
	opCreate operation = "create"
	opUpdate operation = "update"
	opDelete operation = "delete"
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
	// The cause names the entry, so that running out of time says which to raise.
	ctx, cancel := context.WithTimeoutCause(ctx, timeout, &apidiag.OperationDeadline{Entry: string(op), Limit: timeout})
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

// Create sends the request that makes the image once, records the image and
// its job, waits until JobResult says the job is done, and reads the image.
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
	region := plan.RegionID.ValueString()
	started := time.Now()
	job, err := l.Meta.Owners.CreateOnce(ctx, model.createRequest(l.Meta.Client))
	if err != nil {
		l.Meta.Settings.AddError(&resp.Diagnostics, "Error "+l.kind.creating+" Custom Image", err)
		return
	}
	making := makingJob{UUID: job.ID(), Type: l.kind.jobType, Started: started}
	if !l.recordMade(ctx, model, job, making, resp) {
		return
	}
	tflog.Info(ctx, "image "+strings.ToLower(l.kind.job)+" started", map[string]any{"image_uuid": job.ResourceUUID, "region_id": region})
	if err := waitForJob(ctx, l.Meta, region, job, started); err != nil {
		l.createFailed(ctx, resp, region, job, plan.Name.ValueString(), err)
		return
	}
	l.readBackMade(ctx, model, making, &resp.Diagnostics, &resp.State, resp.Private)
}

// readBackMade reads back an image whose job succeeded. While the image is
// not listed yet, its job stays in private state, marked succeeded, so that
// a refresh asks JobResult about it instead of taking the image for gone.
func (l *imageLifecycle) readBackMade(ctx context.Context, model lifecycleModel, making makingJob, diags *diag.Diagnostics, state *tfsdk.State, private privateWriter) {
	if l.readBack(ctx, model, diags, state) {
		diags.Append(writeMakingJob(ctx, private, nil)...)
		return
	}
	making.Succeeded = time.Now()
	diags.Append(writeMakingJob(ctx, private, &making)...)
}

// recordMade puts the new image and its job in state before the wait: if
// the wait fails, Terraform keeps the image as tainted, and `terraform
// untaint` resumes the wait on the job, instead of losing track of either.
func (l *imageLifecycle) recordMade(ctx context.Context, model lifecycleModel, job didiyun.Job, making makingJob, resp *resource.CreateResponse) bool {
	plan := model.common()
	plan.ID = types.StringValue(job.ResourceUUID)
	plan.nullUnknown()
	resp.Diagnostics.Append(resp.State.Set(ctx, model)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, plan.RegionID.ValueString(), job.ResourceUUID)...)
	resp.Diagnostics.Append(writeMakingJob(ctx, resp.Private, &making)...)
	return !resp.Diagnostics.HasError()
}

// createFailed reports a failed or interrupted create. A failed job's image
// is deleted so nothing is left that costs money; if that is impossible, the
// id stays in state and the resource is tainted.
func (l *imageLifecycle) createFailed(ctx context.Context, resp *resource.CreateResponse, region string, job didiyun.Job, name string, err error) {
	var failed *didiyun.JobFailedError
	if !errors.As(err, &failed) {
		resp.Diagnostics.AddError("Error Waiting for Custom Image "+l.kind.job,
			fmt.Sprintf("Image %s in region %s was started by job %s, and JobResult has not said it ended: %s\n\n%s",
				job.ResourceUUID, region, job.ID(), l.Meta.Settings.Detail(err), l.resumeHint()))
		return
	}
	l.failedJob(ctx, &resp.Diagnostics, &resp.State, region, job.ResourceUUID, name, err)
}

// resumeHint says what happens to an image whose job was not seen ending.
func (l *imageLifecycle) resumeHint() string {
	return "The image is kept in state, tainted. To wait for the same job again instead of starting a new one, " +
		"run\n\n  terraform untaint 'ADDRESS'\n\nand apply: the apply waits for the job and reports how it ended. " +
		"(ADDRESS is the resource address Terraform shows with this message, after \"with\"; the single quotes keep " +
		"a for_each address whole in the shell.) An apply without untaint deletes the image and makes a new one."
}

// failedJob reports a job that JobResult says failed, and deletes its image
// so nothing is left that costs money. The image leaves state only once a
// lookup confirms it is gone; else it stays, and the next apply deletes it.
func (l *imageLifecycle) failedJob(ctx context.Context, diags *diag.Diagnostics, state *tfsdk.State, region, imageUUID, name string, err error) {
	summary := "Custom Image " + l.kind.job + " Failed"
	cleanupCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), l.kind.deleteTimeout)
	defer cancel()
	if cleanupErr := deleteImage(cleanupCtx, l.Meta, region, imageUUID, name); cleanupErr != nil {
		diags.AddError(summary,
			fmt.Sprintf("%s\n\nDeleting the failed image %s also failed: %s\nIt stays in state, and the next apply or "+
				"destroy deletes it.", err, imageUUID, l.Meta.Settings.Detail(cleanupErr)))
		return
	}
	state.RemoveResource(ctx)
	diags.AddError(summary,
		fmt.Sprintf("%s\n\nThe partly %s image %s was deleted. Check the %s, then apply again.",
			err, l.kind.made, imageUUID, l.kind.source))
}

func (l *imageLifecycle) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	ctx, cancel, model, ok := l.begin(ctx, req.State, opRead, &resp.Diagnostics)
	defer cancel()
	if !ok {
		return
	}
	common := model.common()
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, common.RegionID.ValueString(), common.ID.ValueString())...)
	making := readMakingJob(ctx, req.Private, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if making != nil && l.readByJob(ctx, model, *making, resp) {
		return
	}
	if img, ok := l.refresh(ctx, model, &resp.Diagnostics, &resp.State); ok {
		l.noteMakingJob(ctx, img, making, resp)
	}
}

// readByJob reads an image that a job in private state was making, asking
// JobResult about that job before any listing decides, since a listing may
// show a new image late. It keeps state as it is while the job runs, while
// JobResult does not know it yet, and while it succeeded but the image is
// not listed yet (for as long as JobResult may learn of a job late). It
// returns false when the listing decides: the job failed or is forgotten.
func (l *imageLifecycle) readByJob(ctx context.Context, model lifecycleModel, making makingJob, resp *resource.ReadResponse) bool {
	image := model.common()
	region, id := image.RegionID.ValueString(), image.ID.ValueString()
	job, err := l.Meta.Jobs.Ask(ctx, region, making.UUID)
	switch {
	case jobs.IsUnknownJob(err) && !making.Started.IsZero() && l.Meta.Jobs.StillLearning(making.Started):
		return true
	case jobs.IsUnknownJob(err) || (err == nil && job.Failed()):
		return false
	case err != nil:
		l.Meta.Settings.AddError(&resp.Diagnostics, "Error Reading Custom Image", err)
		return true
	case !job.Done:
		return true
	}
	img, found, err := l.Meta.Images.Lookup(ctx, region, id, image.Name.ValueString())
	switch {
	case err != nil:
		l.Meta.Settings.AddError(&resp.Diagnostics, "Error Reading Custom Image", err)
	case found:
		readInto(model, img)
		resp.Diagnostics.Append(resp.State.Set(ctx, model)...)
		resp.Diagnostics.Append(writeMakingJob(ctx, resp.Private, nil)...)
	case making.Succeeded.IsZero():
		making.Succeeded = time.Now()
		resp.Diagnostics.Append(writeMakingJob(ctx, resp.Private, &making)...)
	case !l.Meta.Jobs.StillLearning(making.Succeeded):
		return false // listed late no more: the listing decides
	}
	return true
}

// noteMakingJob records the job a listing shows making the image, when state
// knows none (after an import), so that the next plan waits for it.
func (l *imageLifecycle) noteMakingJob(ctx context.Context, img didiyun.Image, known *makingJob, resp *resource.ReadResponse) {
	if !running(img, l.kind.jobType) || known != nil {
		return
	}
	noted := &makingJob{UUID: img.Job.ID(), Type: img.Job.Type, Started: time.Now()}
	resp.Diagnostics.Append(writeMakingJob(ctx, resp.Private, noted)...)
}

// Update waits for the job still making the image (resume after untaint or
// import), renames the image, or only records deletion_protection and
// timeouts; every other argument forces a new image.
func (l *imageLifecycle) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var stateName types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("name"), &stateName)...)
	making := readMakingJob(ctx, req.Private, &resp.Diagnostics)
	resuming := making != nil && making.running()
	if resp.Private != nil {
		// Only a replacement's second plan reads it (checkNameUnique).
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, replacedKey, nil)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
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
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, region, id)...)
	renaming := !plan.Name.Equal(stateName)
	if !renaming && !resuming && !plan.Status.IsUnknown() {
		// Only deletion_protection or timeouts changed: nothing to ask the API.
		resp.Diagnostics.Append(resp.State.Set(ctx, model)...)
		return
	}
	if resuming && !l.resume(ctx, resp, region, id, stateName.ValueString(), *making) {
		return
	}
	if renaming {
		if err := renameImage(ctx, l.Meta, region, id, stateName.ValueString(), plan.Name.ValueString()); err != nil {
			l.Meta.Settings.AddError(&resp.Diagnostics, "Error Renaming Custom Image", err)
			return
		}
	}
	if making != nil {
		l.readBackMade(ctx, model, *making, &resp.Diagnostics, &resp.State, resp.Private)
		return
	}
	l.readBack(ctx, model, &resp.Diagnostics, &resp.State)
}

// resume waits for the job still making an image in state, and reports
// false when the update cannot go on.
func (l *imageLifecycle) resume(ctx context.Context, resp *resource.UpdateResponse, region, id, name string, making makingJob) bool {
	tflog.Info(ctx, "resuming the wait for the job making an image", map[string]any{
		"image_uuid": id, "job_uuid": making.UUID, "region_id": region,
	})
	err := waitForJob(ctx, l.Meta, region, didiyun.Job{JobUUID: making.UUID, Type: making.Type, ResourceUUID: id}, making.Started)
	var failed *didiyun.JobFailedError
	switch {
	case err == nil:
	case jobs.IsUnknownJob(err):
		resp.Diagnostics.AddWarning("Custom Image "+l.kind.job+" Outcome Unknown",
			fmt.Sprintf("Job %s, which was making image %s in region %s, is no longer known to JobResult (%v): "+
				"it started long enough ago for DiDi Cloud to have forgotten it, so how it ended cannot be told. "+
				"The image stays in state as DiDi Cloud lists it; check its status in the console, and if it is not "+
				"usable, replace it with `terraform apply -replace='ADDRESS'` (ADDRESS is the resource address shown "+
				"with this message).", making.UUID, id, region, err))
	case errors.As(err, &failed):
		l.failedJob(ctx, &resp.Diagnostics, &resp.State, region, id, name, err)
		return false
	default:
		resp.Diagnostics.AddError("Error Waiting for Custom Image "+l.kind.job,
			fmt.Sprintf("Image %s in region %s is still being made by job %s, and JobResult has not said it "+
				"ended: %s\n\nState is unchanged: the next apply waits for the same job again.",
				id, region, making.UUID, l.Meta.Settings.Detail(err)))
		return false
	}
	return !resp.Diagnostics.HasError()
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
	if err := deleteImage(ctx, l.Meta, state.RegionID.ValueString(), state.ID.ValueString(), state.Name.ValueString()); err != nil {
		l.Meta.Settings.AddError(&resp.Diagnostics, "Error Deleting Custom Image", err)
	}
}

// ImportState accepts "<region>/<uuid>" or a bare "<uuid>" in the provider's
// region. Read then fills in the rest.
func (l *imageLifecycle) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	byIdentity := req.ID == "" && req.Identity != nil
	var region, id string
	var err error
	summary := "Invalid Import ID"
	if byIdentity {
		got := importIdentity(ctx, req.Identity, &resp.Diagnostics)
		if resp.Diagnostics.HasError() {
			return
		}
		summary = "Invalid Import Identity"
		region, id, err = checkImportIdentity(ctx, got, l.Meta)
	} else {
		region, id, err = checkImportID(ctx, req.ID, l.Meta)
	}
	if err != nil {
		resp.Diagnostics.AddError(summary, err.Error())
		return
	}
	if !l.importable(ctx, region, id, byIdentity, &resp.Diagnostics) {
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("region_id"), region)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, region, id)...)
}

// importable checks that the image is in the region the import names, so
// that an image in another region gets that region named instead of
// Terraform's "Cannot import non-existent remote object". A lookup that
// fails leaves the check to the read that follows the import.
func (l *imageLifecycle) importable(ctx context.Context, region, id string, byIdentity bool, diags *diag.Diagnostics) bool {
	if l.Meta == nil {
		return true
	}
	_, found, err := l.Meta.Images.Find(ctx, region, id, "")
	if err != nil || found {
		return true
	}
	detail := fmt.Sprintf("No image %s exists in region %s.", id, region)
	if other, ok := l.regionHolding(ctx, id, region); ok {
		if byIdentity {
			detail += fmt.Sprintf(" It is in region %s: import it from there, with\n  identity = { region_id = %q, id = %q }",
				other, other, id)
		} else {
			detail += fmt.Sprintf(" It is in region %s: import it from there, as\n  terraform import 'ADDRESS' %s/%s\n"+
				"or, in an import block, with id = \"%s/%s\".", other, other, id, other, id)
		}
	} else {
		detail += " Check the uuid, or list the region's images with the didiyun_cimgs data source."
	}
	diags.AddError("Custom Image Not Found", detail)
	return false
}

// refresh reads the image into model and state, and returns it. Only a
// confirmed miss (regionview.View.Find) removes the resource; any error
// keeps state as it was.
func (l *imageLifecycle) refresh(ctx context.Context, model lifecycleModel, diags *diag.Diagnostics, state *tfsdk.State) (didiyun.Image, bool) {
	image := model.common()
	region, id := image.RegionID.ValueString(), image.ID.ValueString()
	img, found, err := l.Meta.Images.Find(ctx, region, id, image.Name.ValueString())
	if err != nil {
		l.Meta.Settings.AddError(diags, "Error Reading Custom Image", err)
		return didiyun.Image{}, false
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
		return didiyun.Image{}, false
	}
	if img.IsShared {
		diags.AddError("Shared Custom Image Cannot Be Managed",
			fmt.Sprintf("Image %s in region %s is shared with this account by another one: it can be used to "+
				"create servers, but not renamed, deleted or copied, so no resource can manage it. Read it with the "+
				"didiyun_cimg data source instead.", id, region))
		return didiyun.Image{}, false
	}
	readInto(model, img)
	diags.Append(state.Set(ctx, model)...)
	return img, !diags.HasError()
}

// readInto fills model with what the API reports of img, as a refresh does;
// after an import (or for a `terraform query` result) the arguments the API
// cannot report are marked unknown-after-import.
func readInto(model lifecycleModel, img didiyun.Image) {
	image := model.common()
	image.Name = types.StringValue(img.Name)
	image.Description = types.StringValue(img.Description)
	image.flatten(img)
	if image.DeletionProtection.IsNull() {
		image.DeletionProtection = types.BoolValue(false) // an import starts unprotected
	}
	model.markUnknownAfterImport()
}

// readBack fills in what the API reports after a successful create or
// rename, keeping the planned name and description, and reports whether
// the image was found. A listing may show a new image late, so it looks
// until the operation's timeout. It never removes the resource: when the
// image cannot be read, it stays in state with what is known, under a
// warning, and the next refresh completes it.
func (l *imageLifecycle) readBack(ctx context.Context, model lifecycleModel, diags *diag.Diagnostics, state *tfsdk.State) bool {
	image := model.common()
	region, id := image.RegionID.ValueString(), image.ID.ValueString()
	var lastErr error
	for attempt := 0; ; attempt++ {
		img, found, err := l.Meta.Images.Lookup(ctx, region, id, image.Name.ValueString())
		if err == nil && found {
			image.flatten(img)
			diags.Append(state.Set(ctx, model)...)
			return true
		}
		lastErr = err
		if err == nil {
			lastErr = fmt.Errorf("image %s is not listed in region %s yet", id, region)
		} else if !didiyun.IsTransient(err) && !didiyun.IsImageQueryFailed(err) {
			break
		}
		if l.Meta.Client.Pause(ctx, attempt) != nil {
			break
		}
	}
	image.nullUnknown()
	diags.AddWarning("Custom Image Not Read Back",
		fmt.Sprintf("The job on image %s in region %s succeeded, but reading the image afterwards failed: %s\n\n"+
			"The image is kept in state with what is known; the next refresh fills in the rest.", id, region, l.Meta.Settings.Detail(lastErr)))
	diags.Append(state.Set(ctx, model)...)
	return false
}
