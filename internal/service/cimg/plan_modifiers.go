package cimg

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
)

// unknownAfterImportValue is what state holds, after an import, for an
// argument that says where an image came from (origin_*, snap_uuid): ListCIMG
// does not report it.
const unknownAfterImportValue = ""

// unknownAfterImport forces a new image when an argument that says where the
// image came from changes. After an import that argument is unknown (empty in
// state); then the configured value cannot be compared, so the plan keeps
// the state value instead of replacing an image that may well match the
// configuration.
type unknownAfterImport struct{}

func (unknownAfterImport) Description(context.Context) string {
	return "Changing this value forces a new image. After an import the value is unknown and kept as it is."
}

func (m unknownAfterImport) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (unknownAfterImport) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() || req.StateValue.IsNull() {
		return // creating or destroying
	}
	if req.StateValue.ValueString() == unknownAfterImportValue {
		resp.PlanValue = req.StateValue
		return
	}
	if !req.PlanValue.Equal(req.StateValue) {
		resp.RequiresReplace = true
	}
}
