package cimg

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/didiyun/terraform-provider-didiyun/internal/apidiag"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun/ownership"
	"github.com/didiyun/terraform-provider-didiyun/internal/planned"
)

// checkNameUnique refuses, at plan time, a name that only one image can
// carry (the name is how a create whose answer was lost finds its image):
// two resources of one configuration that want one name in one region, and
// a new image or rename into a name an image of the region already carries.
// The API check at apply (ownership.Guard.ClaimName) covers what the plan
// could not see.
//
// Terraform plans a replacement twice: once against the old image, then as a
// create with no prior state. The first plan cannot always tell (-replace
// says nothing to the provider), so every plan with prior state tells the
// second, through private state, which image it would replace; with it the
// second plan never conflicts with the resource's own image.
func (l *imageLifecycle) checkNameUnique(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse, region types.String, replacing bool) {
	var replaced string
	if req.State.Raw.IsNull() {
		replaced = takeReplaced(ctx, req, resp)
	} else {
		l.rememberReplaced(ctx, req, resp)
		if replacing {
			// Terraform shows only the errors of the second plan, which
			// checks the new image's name: warn here.
			l.warnReplacedUnderSameName(ctx, req, resp, region)
			return
		}
	}
	var name, inState, id types.String
	resp.Diagnostics.Append(resp.Plan.GetAttribute(ctx, path.Root("name"), &name)...)
	if !req.State.Raw.IsNull() {
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("name"), &inState)...)
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("id"), &id)...)
	}
	if resp.Diagnostics.HasError() || name.IsUnknown() || region.IsUnknown() {
		return
	}
	use := planned.NameUse{
		Region: region.ValueString(), Name: name.ValueString(),
		Wants: req.State.Raw.IsNull() || !name.Equal(inState),
		Who:   l.describe(ctx, req, id), Image: id.ValueString(), Replaces: replaced,
	}
	if other, conflict := l.Meta.Names.Add(use); conflict {
		resp.Diagnostics.AddAttributeError(path.Root("name"), "Image Name Used Twice",
			fmt.Sprintf("Another resource of this configuration, %s, also names an image %q in region %s. "+
				"Only one image may carry a name in a region: give each resource its own name (with count or "+
				"for_each, put count.index or each.key into the name).",
				other, name.ValueString(), region.ValueString()))
		return
	}
	if use.Wants {
		l.checkNameFree(ctx, resp, use.Region, use.Name, use.Image, replaced)
	}
}

// describe names this resource for another resource's diagnostic. The
// plugin protocol never tells a provider a resource's address, so it is named
// by its type and by the image it holds or the arguments it is made from.
func (l *imageLifecycle) describe(ctx context.Context, req resource.ModifyPlanRequest, id types.String) string {
	if id.ValueString() != "" {
		return fmt.Sprintf("the %s holding image %s", l.kind.typeName, id.ValueString())
	}
	var made []string
	for _, attribute := range l.newModel().sourceAttributes() {
		var value types.String
		req.Plan.GetAttribute(ctx, path.Root(attribute), &value)
		shown := strconv.Quote(value.ValueString())
		if value.IsUnknown() {
			shown = "(known after apply)"
		}
		made = append(made, attribute+" = "+shown)
	}
	return fmt.Sprintf("a %s with %s", l.kind.typeName, strings.Join(made, ", "))
}

// checkNameFree reports the name when another image of the region carries
// it. ownID is the image a rename renames ("" for a new image); replaced is
// the image a replacement replaces ("" when unknown).
//
// An image that no resource in state holds is someone else's: Terraform
// hands the provider every object in state, tainted ones included, before
// it plans it (planned.StateImages), so it cannot be this resource's own, and
// the plan fails. An image held in state (the one a replacement or a tainted
// resource replaces) only warns: Terraform deletes it before making the new
// image unless the resource has create_before_destroy, which the provider
// cannot see; then the claim at apply refuses the name before making anything.
//
// Once this provider process has sent a write to the region it is applying,
// and the claim that runs before each create or rename decides alone.
func (l *imageLifecycle) checkNameFree(ctx context.Context, resp *resource.ModifyPlanResponse, region, name, ownID, replaced string) {
	if l.Meta.Client.HasWritten(region) {
		return
	}
	skip := func(uuid string) bool { return uuid == ownID || uuid == replaced }
	taken, err := l.takenBy(ctx, region, name, skip)
	if err != nil {
		tflog.Warn(ctx, "cannot look the name up; the apply checks it again", map[string]any{
			"region_id": region, "name": name, "error": err.Error(),
		})
		return
	}
	var foreign, inState []string
	for _, uuid := range taken {
		if ownID == "" && l.Meta.StateImages.Has(region, uuid) {
			inState = append(inState, uuid)
		} else {
			foreign = append(foreign, uuid)
		}
	}
	if len(foreign) > 0 {
		nameTaken := &ownership.NameTakenError{RegionID: region, Name: name, UUIDs: foreign}
		resp.Diagnostics.AddAttributeError(path.Root("name"), l.nameSummary(ownID), l.Meta.Settings.NameTakenAtPlan(nameTaken))
		return
	}
	if len(inState) > 0 {
		summary, detail := apidiag.HeldUnderSameName(region, name, inState[0])
		resp.Diagnostics.AddAttributeWarning(path.Root("name"), summary, detail)
	}
}

// warnReplacedUnderSameName warns of a replacement whose new image keeps
// the old one's name: fine when the old image goes first, impossible under
// create_before_destroy, which the provider cannot see.
func (l *imageLifecycle) warnReplacedUnderSameName(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse, region types.String) {
	var name, inState, oldRegion, id types.String
	resp.Diagnostics.Append(resp.Plan.GetAttribute(ctx, path.Root("name"), &name)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("name"), &inState)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("region_id"), &oldRegion)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("id"), &id)...)
	if !resp.Diagnostics.HasError() && name.Equal(inState) && region.Equal(oldRegion) {
		summary, detail := apidiag.ReplacedUnderSameName(region.ValueString(), name.ValueString(), id.ValueString())
		resp.Diagnostics.AddAttributeWarning(path.Root("name"), summary, detail)
	}
}

// takenBy returns the uuids of the region's images named name, those skip
// accepts left out. It reads the client's shared listing of the region (one
// per region for the whole plan), and confirms what that shows with a fresh
// lookup of the exact name: the listing may predate a delete of this apply.
func (l *imageLifecycle) takenBy(ctx context.Context, region, name string, skip func(uuid string) bool) ([]string, error) {
	listed, err := l.Meta.Images.RegionImages(ctx, region)
	if err != nil || !slices.ContainsFunc(listed, func(img didiyun.Image) bool { return img.Name == name && !skip(img.UUID) }) {
		return nil, err
	}
	images, err := l.Meta.Images.ImagesNamed(ctx, region, name)
	var taken []string
	for _, img := range images {
		if !skip(img.UUID) {
			taken = append(taken, img.UUID)
		}
	}
	return taken, err
}

// nameSummary is the summary of the write a taken name stops.
func (l *imageLifecycle) nameSummary(ownID string) string {
	if ownID != "" {
		return "Error Renaming Custom Image"
	}
	return "Error " + l.kind.creating + " Custom Image"
}

// replacedKey is the private state key under which every plan with prior
// state tells a second plan of the same resource, the new half of a
// replacement, which image it replaces.
const replacedKey = "replaced_image"

// rememberReplaced records the uuid of the image in state.
func (l *imageLifecycle) rememberReplaced(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	var id types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("id"), &id)...)
	if resp.Private == nil || resp.Diagnostics.HasError() {
		return
	}
	value, _ := json.Marshal(id.ValueString()) // a string always marshals
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, replacedKey, value)...)
}

// takeReplaced reads what rememberReplaced recorded, "" when this plan
// replaces nothing (Terraform passes no private state to the plan of a new or
// tainted resource), and drops it so that it never reaches the new state.
func takeReplaced(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) string {
	if req.Private == nil || resp.Private == nil {
		return ""
	}
	value, diags := req.Private.GetKey(ctx, replacedKey)
	resp.Diagnostics.Append(diags...)
	if len(value) == 0 {
		return ""
	}
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, replacedKey, nil)...)
	var uuid string
	_ = json.Unmarshal(value, &uuid) // anything else replaces nothing
	return uuid
}
