package regionview

import (
	"time"

	"context"

	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
)

// Find looks an image up by uuid in a region. It first reads the region's
// shared listing. A miss there is only a suspicion: the API has no
// get-by-id, and a paged listing can miss an image on a server that pages
// differently. So found is false only when two more lookups agree: a names
// lookup of nameHint (the name the caller last knew, when it knows one) and
// a listing of the region that started after the one that missed.
func (v *View) Find(ctx context.Context, regionID, imageUUID, nameHint string) (img didiyun.Image, found bool, err error) {
	images, started, err := v.listingAfter(ctx, regionID, time.Time{})
	if err != nil {
		return didiyun.Image{}, false, err
	}
	if img, found = byUUID(images, imageUUID); found {
		return img, true, nil
	}
	v.api.Logger().Debug(ctx, "image missing from the region listing; confirming", map[string]any{
		"image_uuid": imageUUID, "region_id": regionID, "name": nameHint,
	})
	if nameHint != "" {
		named, err := v.ImagesNamed(ctx, regionID, nameHint)
		if err != nil {
			return didiyun.Image{}, false, err
		}
		if img, found = byUUID(named, imageUUID); found {
			return img, true, nil
		}
	}
	fresh, _, err := v.listingAfter(ctx, regionID, started)
	if err != nil {
		return didiyun.Image{}, false, err
	}
	img, found = byUUID(fresh, imageUUID)
	return img, found, nil
}

// Lookup is Find for an image whose name the caller has just set (a create
// or rename it saw finish): a names lookup, shared with the other lookups of
// the moment, answers it without listing the region; only a miss there
// falls back to Find.
func (v *View) Lookup(ctx context.Context, regionID, imageUUID, name string) (didiyun.Image, bool, error) {
	named, err := v.ImagesNamed(ctx, regionID, name)
	if err != nil {
		return didiyun.Image{}, false, err
	}
	if img, found := byUUID(named, imageUUID); found {
		return img, true, nil
	}
	return v.Find(ctx, regionID, imageUUID, "") // the names lookup just ran
}

func byUUID(images []didiyun.Image, uuid string) (didiyun.Image, bool) {
	for _, img := range images {
		if img.UUID == uuid {
			return img, true
		}
	}
	return didiyun.Image{}, false
}
