package didiyun

import (
	"context"
)

// FindCIMG looks an image up by uuid in a region. It first reads the
// region's shared listing (see listingCache). A miss there is only a
// suspicion: the API has no get-by-id, and a paged listing can miss an image
// on a server that pages differently. So found is false only when two more
// lookups agree: a names-filtered lookup of nameHint (the name the caller
// last knew, when it knows one) and a fresh listing of the region, one that
// started after the listing that missed (shared only with other
// confirmations that may use it).
func (c *Client) FindCIMG(ctx context.Context, regionID, imageUUID, nameHint string) (img Image, found bool, err error) {
	images, started, err := c.regionImages(ctx, regionID)
	if err != nil {
		return Image{}, false, err
	}
	if img, found = findByUUID(images, imageUUID); found {
		return img, true, nil
	}
	c.logger.Debug(ctx, "image missing from the region listing; confirming", map[string]any{
		"image_uuid": imageUUID, "region_id": regionID, "name": nameHint,
	})
	if nameHint != "" {
		named, err := c.imagesNamed(ctx, regionID, nameHint)
		if err != nil {
			return Image{}, false, err
		}
		if img, found = findByUUID(named, imageUUID); found {
			return img, true, nil
		}
	}
	fresh, _, err := c.regionImagesAfter(ctx, regionID, started)
	if err != nil {
		return Image{}, false, err
	}
	img, found = findByUUID(fresh, imageUUID)
	return img, found, nil
}

func findByUUID(images []Image, uuid string) (Image, bool) {
	for _, img := range images {
		if img.UUID == uuid {
			return img, true
		}
	}
	return Image{}, false
}

// LookupCIMG is FindCIMG for an image whose name the caller has just set (a
// create or rename it saw finish): a names-filtered lookup, shared with the
// other lookups of the moment, answers it without listing the region; only a
// miss there falls back to FindCIMG.
func (c *Client) LookupCIMG(ctx context.Context, regionID, imageUUID, name string) (Image, bool, error) {
	named, err := c.imagesNamed(ctx, regionID, name)
	if err != nil {
		return Image{}, false, err
	}
	if img, found := findByUUID(named, imageUUID); found {
		return img, true, nil
	}
	return c.FindCIMG(ctx, regionID, imageUUID, "") // the names lookup just ran
}
