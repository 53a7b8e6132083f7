package cimg

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
)

// originUnknown is what state holds for origin_* after an import: ListCIMG
// does not say where an image was copied from.
const originUnknown = ""

// originPlanModifier forces a new image when an origin argument changes. After
// an import the origin is unknown (empty in state); then the configured value
// cannot be compared, so the plan keeps the state value instead of replacing
// an image that may well match the configuration.
type originPlanModifier struct{}

func (originPlanModifier) Description(context.Context) string {
	return "Changing this value forces a new image. After an import the origin is unknown and kept as it is."
}

func (m originPlanModifier) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (originPlanModifier) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() || req.StateValue.IsNull() {
		return // creating or destroying
	}
	if req.StateValue.ValueString() == originUnknown {
		resp.PlanValue = req.StateValue
		return
	}
	if !req.PlanValue.Equal(req.StateValue) {
		resp.RequiresReplace = true
	}
}
