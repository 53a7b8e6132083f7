package cimg

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The source arguments (origin_image_uuid, origin_region_id, snap_uuid) say
// what an image is made from. The API cannot report them, so an imported
// image holds "" for each (unknownAfterImportValue), and so does the
// configuration `terraform plan -generate-config-out` writes for it. They
// are therefore required only when a new image is made: checked at plan
// time by requireSources, not by the schema.

// emptyOr accepts "" (an imported image's unknown source) or what inner
// accepts.
func emptyOr(inner validator.String) validator.String { return emptyOrValidator{inner} }

type emptyOrValidator struct{ inner validator.String }

func (v emptyOrValidator) Description(ctx context.Context) string {
	return `"" (an imported image's unknown source) or ` + v.inner.Description(ctx)
}

func (v emptyOrValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v emptyOrValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.ValueString() == unknownAfterImportValue && !req.ConfigValue.IsNull() && !req.ConfigValue.IsUnknown() {
		return
	}
	v.inner.ValidateString(ctx, req, resp)
}

// requireSources refuses a plan that makes a new image while a source
// argument is empty or unset.
func (l *imageLifecycle) requireSources(ctx context.Context, resp *resource.ModifyPlanResponse) {
	for _, attr := range l.newModel().sourceAttributes() {
		var planned types.String
		resp.Diagnostics.Append(resp.Plan.GetAttribute(ctx, path.Root(attr), &planned)...)
		if resp.Diagnostics.HasError() || planned.IsUnknown() || planned.ValueString() != unknownAfterImportValue {
			continue
		}
		resp.Diagnostics.AddAttributeError(path.Root(attr), "Missing Source of a New Image",
			fmt.Sprintf("%s is empty, but this plan makes a new image, which needs it. An empty %s only stands "+
				"for the unknown source of an imported image (as `terraform plan -generate-config-out` writes it); "+
				"set it to make a new image.", attr, attr))
	}
}
