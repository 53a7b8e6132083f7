package cimg

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func deletionProtectionAttribute() schema.BoolAttribute {
	return schema.BoolAttribute{
		MarkdownDescription: "While `true`, destroying the image or replacing it (a change that forces a new image) " +
			"fails before anything is deleted. Set it to `false` and apply first to allow either. Changing it " +
			"calls no API. Defaults to `false`.",
		Optional: true,
		Computed: true,
		Default:  booldefault.StaticBool(false),
	}
}

// protected reports deletion_protection as state holds it: the value that
// guards the image now, whatever the plan would change it to.
func protected(ctx context.Context, state tfsdk.State, diags *diag.Diagnostics) bool {
	var on types.Bool
	diags.Append(state.GetAttribute(ctx, path.Root("deletion_protection"), &on)...)
	return on.ValueBool()
}

// refuseDeletion adds the error of a protected image that would be deleted;
// doing names the plan (destroy, replacement).
func refuseDeletion(diags *diag.Diagnostics, imageUUID, region, doing string) {
	diags.AddAttributeError(path.Root("deletion_protection"), "Image Is Protected From Deletion",
		fmt.Sprintf("Image %s in region %s has deletion_protection = true, so it cannot be deleted by %s. "+
			"Nothing was deleted. To proceed, set deletion_protection = false, apply, then run this again.",
			imageUUID, region, doing))
}
