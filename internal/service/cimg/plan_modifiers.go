package cimg

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
)

// requiresReplaceUnlessImported replaces the image when a creation argument
// changes, but not when state lacks it: after `terraform import` the API
// cannot always tell where an image was copied from, and filling the value
// in must not destroy the image.
func requiresReplaceUnlessImported() planmodifier.String {
	return stringplanmodifier.RequiresReplaceIf(
		func(_ context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
			resp.RequiresReplace = !req.StateValue.IsNull()
		},
		"Changing this value forces a new image, except when it was unknown after an import.",
		"Changing this value forces a new image, except when it was unknown after an import.",
	)
}
