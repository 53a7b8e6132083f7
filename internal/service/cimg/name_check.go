package cimg

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// checkNameUnique refuses, at plan time, two resources of one configuration
// that want one name in one region: only one image can carry it (the name is
// how a create whose answer was lost finds its image). The API check at
// apply (didiyun.Client.ClaimName) covers images outside the configuration.
//
// Terraform plans a replacement twice: once against the old image, then as a
// create with no prior state. Only the second counts, so that a resource
// never conflicts with itself.
func (l *imageLifecycle) checkNameUnique(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse, region types.String, replacing bool) {
	if replacing {
		return
	}
	var name, inState types.String
	resp.Diagnostics.Append(resp.Plan.GetAttribute(ctx, path.Root("name"), &name)...)
	if !req.State.Raw.IsNull() {
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("name"), &inState)...)
	}
	if resp.Diagnostics.HasError() || name.IsUnknown() || region.IsUnknown() {
		return
	}
	wants := req.State.Raw.IsNull() || !name.Equal(inState)
	if l.Meta.Names.Add(region.ValueString(), name.ValueString(), wants) {
		resp.Diagnostics.AddAttributeError(path.Root("name"), "Image Name Used Twice",
			fmt.Sprintf("Another resource of this configuration also names an image %q in region %s. Only one "+
				"image may carry a name in a region: give each resource its own name.",
				name.ValueString(), region.ValueString()))
	}
}
