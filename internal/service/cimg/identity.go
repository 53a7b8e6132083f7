package cimg

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// imageIdentity is how Terraform 1.12+ names an image resource's object
// (an import block's `identity`, `terraform query` results): its region and
// uuid. Neither changes in place: another region is another image.
type imageIdentity struct {
	RegionID types.String `tfsdk:"region_id"`
	ID       types.String `tfsdk:"id"`
}

func (l *imageLifecycle) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"region_id": identityschema.StringAttribute{
				OptionalForImport: true,
				Description:       "Region of the image, such as `gz`. Defaults to the provider's `region` in an import.",
			},
			"id": identityschema.StringAttribute{
				RequiredForImport: true,
				Description:       "Uuid of the image (32 lowercase hexadecimal characters).",
			},
		},
	}
}

// setIdentity records the identity of the image in region. The framework
// asks for one after every create, read and update that returns no error
// (even when the resource is removed, and on CLIs that store none), so it is
// set from what state already knows as early as that is known.
func setIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, region, id string) diag.Diagnostics {
	if identity == nil || id == "" {
		return nil
	}
	return identity.Set(ctx, imageIdentity{RegionID: types.StringValue(region), ID: types.StringValue(id)})
}

// importIdentity reads an import block's identity.
func importIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics) imageIdentity {
	var got imageIdentity
	diags.Append(identity.Get(ctx, &got)...)
	return got
}
