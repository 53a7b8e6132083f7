package cimg

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/didiyun/terraform-provider-didiyun/internal/conns"
)

// checkRegionExists turns a region the API does not know into a plan-time
// error naming the attribute, instead of an apply-time errno 1. When the
// region list cannot be read, the check is skipped: the apply reports it.
func checkRegionExists(ctx context.Context, meta *conns.Meta, attr path.Path, region types.String, diags *diag.Diagnostics) {
	if meta == nil || region.IsNull() || region.IsUnknown() || region.ValueString() == "" {
		return
	}
	known, err := meta.Client.RegionIDs(ctx)
	if err != nil {
		tflog.Warn(ctx, "cannot list regions to check "+attr.String(), map[string]any{"error": err.Error()})
		return
	}
	if slices.Contains(known, region.ValueString()) {
		return
	}
	diags.AddAttributeError(attr, "Unknown Region",
		fmt.Sprintf("Attribute %s is %q, which DiDi Cloud does not offer; it must be one of: %s.",
			attr, region.ValueString(), strings.Join(known, ", ")))
}
