package cimg

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
)

// recoverOrigin fills origin_* after an import. ListCIMG does not say where
// an image was copied from, but a copy keeps its origin's system and size:
// when exactly one older image in another region matches, that is the
// origin. Otherwise the values stay null and the next apply records the
// configured ones in place, never replacing the image.
func (r *importResource) recoverOrigin(ctx context.Context, model *importResourceModel, img didiyun.Image) {
	client := r.meta.Client
	regions, err := client.ListRegionAndZone(ctx, didiyun.DefaultProduct)
	if err != nil {
		tflog.Warn(ctx, "cannot list regions to find an imported image's origin", map[string]any{"error": err.Error()})
		return
	}
	var matches []didiyun.Image
	var matchRegions []string
	for _, region := range regions {
		if region.ID == model.RegionID.ValueString() {
			continue
		}
		images, err := client.ListAllCIMG(ctx, region.ID)
		if err != nil {
			tflog.Warn(ctx, "cannot list images to find an imported image's origin",
				map[string]any{"region_id": region.ID, "error": err.Error()})
			return
		}
		for _, candidate := range images {
			if sameContent(candidate, img) {
				matches = append(matches, candidate)
				matchRegions = append(matchRegions, region.ID)
			}
		}
	}
	if len(matches) != 1 {
		tflog.Info(ctx, "origin of imported image not determined", map[string]any{"image_uuid": img.UUID, "candidates": len(matches)})
		return
	}
	model.OriginImageUUID = types.StringValue(matches[0].UUID)
	model.OriginRegionID = types.StringValue(matchRegions[0])
}

func sameContent(candidate, copied didiyun.Image) bool {
	return candidate.UUID != copied.UUID && !candidate.IsShared &&
		candidate.Size == copied.Size && candidate.OSFamily == copied.OSFamily &&
		candidate.OSVersion == copied.OSVersion && candidate.Platform == copied.Platform &&
		candidate.OSArch == copied.OSArch && candidate.CreateTime <= copied.CreateTime
}
