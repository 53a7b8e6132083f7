package cimg

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// checkOrigin fails, at plan time, a copy that cannot work: the origin image
// is not in origin_region_id (and, when it is found elsewhere, says where),
// is shared, or is not Ready. It runs only for a plan that makes a new copy
// with both values known, and reads the origin region's shared listing, so
// many copies from one region cost one listing. When the API cannot be
// asked, a warning says the origin was not checked.
//
// didiyun_cimg has no such check: the API documents no way to look a
// snapshot up, so a wrong snap_uuid shows at apply (errno 41017).
func (r *importResource) checkOrigin(ctx context.Context, resp *resource.ModifyPlanResponse) {
	var uuid, region types.String
	resp.Diagnostics.Append(resp.Plan.GetAttribute(ctx, path.Root("origin_image_uuid"), &uuid)...)
	resp.Diagnostics.Append(resp.Plan.GetAttribute(ctx, path.Root("origin_region_id"), &region)...)
	if resp.Diagnostics.HasError() || uuid.IsUnknown() || region.IsUnknown() ||
		uuid.ValueString() == unknownAfterImportValue || region.ValueString() == unknownAfterImportValue {
		return
	}
	attr := path.Root("origin_image_uuid")
	img, found, err := r.Meta.Images.Find(ctx, region.ValueString(), uuid.ValueString(), "")
	if err != nil {
		resp.Diagnostics.AddAttributeWarning(attr, "Origin Image Not Checked",
			fmt.Sprintf("Looking up image %s in region %s failed, so this plan could not check that it can be "+
				"copied; the apply will tell.\n\n%s", uuid.ValueString(), region.ValueString(), r.Meta.Settings.Detail(err)))
		return
	}
	switch {
	case !found:
		resp.Diagnostics.AddAttributeError(attr, "Origin Image Not Found",
			fmt.Sprintf("No image %s exists in region %s (origin_region_id).%s", uuid.ValueString(),
				region.ValueString(), r.elsewhere(ctx, uuid.ValueString(), region.ValueString())))
	case img.IsShared:
		resp.Diagnostics.AddAttributeError(attr, "Origin Image Is Shared",
			fmt.Sprintf("Image %s in region %s is shared with this account by another one, and DiDi Cloud does "+
				"not copy shared images. Copy an image of your own account.", uuid.ValueString(), region.ValueString()))
	case img.Status != "Ready":
		resp.Diagnostics.AddAttributeError(attr, "Origin Image Not Ready",
			fmt.Sprintf("Image %s in region %s has status %q; only a Ready image can be copied. Wait until it "+
				"is Ready, then plan again.", uuid.ValueString(), region.ValueString(), img.Status))
	}
}

// elsewhere names the other region that holds the image, if any.
func (r *importResource) elsewhere(ctx context.Context, uuid, skip string) string {
	if other, ok := r.regionHolding(ctx, uuid, skip); ok {
		return fmt.Sprintf(" It is in region %s: set origin_region_id = %q.", other, other)
	}
	return " Check the uuid, or list the region's images with the didiyun_cimgs data source."
}

// regionHolding returns the region other than skip that holds the image.
// Regions that cannot be listed are passed over: this only words a hint.
func (l *imageLifecycle) regionHolding(ctx context.Context, uuid, skip string) (string, bool) {
	regions, err := l.Meta.Client.RegionIDs(ctx)
	if err != nil {
		return "", false
	}
	for _, other := range regions {
		if other == skip {
			continue
		}
		if _, found, err := l.Meta.Images.Find(ctx, other, uuid, ""); err == nil && found {
			return other, true
		}
	}
	return "", false
}
