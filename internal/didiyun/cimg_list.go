package didiyun

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
)

// MaxListLimit is the largest page ListCIMG is asked for. The docs give no
// bound; 100 is what the service and the mock accept.
const MaxListLimit = 100

// ListCIMGInput asks for one page of a region's images.
type ListCIMGInput struct {
	RegionID string
	Start    int
	Limit    int
	// Names filters by exact name.
	Names []string
}

// ListCIMGOutput is one page. Count is the total number of matching images,
// or -1 when the service answered the bare array shape that carries no total.
type ListCIMGOutput struct {
	Count int
	Items []Image
}

type listCIMGRequest struct {
	RegionID  string              `json:"regionId"`
	Start     int                 `json:"start"`
	Limit     int                 `json:"limit"`
	Condition *listCIMGConditions `json:"condition,omitempty"`
}

type listCIMGConditions struct {
	Names []string `json:"names,omitempty"`
}

// UnmarshalJSON accepts both documented shapes of data: an array of images,
// or {"count": N, "items": [...]}.
func (o *ListCIMGOutput) UnmarshalJSON(raw []byte) error {
	trimmed := bytes.TrimSpace(raw)
	switch {
	case isNullData(trimmed):
		*o = ListCIMGOutput{}
	case trimmed[0] == '[':
		var items []Image
		if err := json.Unmarshal(trimmed, &items); err != nil {
			return err
		}
		*o = ListCIMGOutput{Count: -1, Items: items}
	case trimmed[0] == '{':
		var page struct {
			Count *int    `json:"count"`
			Items []Image `json:"items"`
		}
		if err := json.Unmarshal(trimmed, &page); err != nil {
			return err
		}
		*o = ListCIMGOutput{Count: -1, Items: page.Items}
		if page.Count != nil {
			o.Count = *page.Count
		}
	default:
		return fmt.Errorf("image list is neither an array nor an object")
	}
	return nil
}

// ListCIMG returns one page of images.
func (c *Client) ListCIMG(ctx context.Context, in ListCIMGInput) (ListCIMGOutput, error) {
	req := listCIMGRequest{RegionID: in.RegionID, Start: in.Start, Limit: in.Limit}
	if req.Limit <= 0 || req.Limit > MaxListLimit {
		req.Limit = MaxListLimit
	}
	if len(in.Names) > 0 {
		req.Condition = &listCIMGConditions{Names: in.Names}
	}
	var out ListCIMGOutput
	err := c.call(ctx, opListCIMG, nil, req, &out)
	// A page longer than asked for would shift the paging; keep what was asked.
	if len(out.Items) > req.Limit {
		out.Items = out.Items[:req.Limit]
	}
	return out, err
}

// maxListPages stops a misbehaving service from paging us forever.
const maxListPages = 10000

// ListAllCIMG pages through every image of a region matching names (all
// images when names is empty).
func (c *Client) ListAllCIMG(ctx context.Context, regionID string, names ...string) ([]Image, error) {
	var all []Image
	seen := make(map[string]bool)
	for start, page := 0, 0; page < maxListPages; page++ {
		out, err := c.ListCIMG(ctx, ListCIMGInput{RegionID: regionID, Start: start, Limit: MaxListLimit, Names: names})
		if err != nil {
			return nil, err
		}
		for _, img := range out.Items {
			if !seen[img.UUID] {
				seen[img.UUID] = true
				all = append(all, img)
			}
		}
		start += len(out.Items)
		// With a total (object shape) a short page only means the service
		// caps pages below what was asked: go on until the total is reached.
		// Without one (array shape) a short page is the last.
		if len(out.Items) == 0 || (out.Count >= 0 && start >= out.Count) || (out.Count < 0 && len(out.Items) < MaxListLimit) {
			return all, nil
		}
	}
	return nil, fmt.Errorf("ListCIMG in region %s returned more than %d pages", regionID, maxListPages)
}

// FindCIMG looks up one image by uuid in a region's listing, shared with
// concurrent reads (see listingCache). It returns found=false when the image
// is gone.
func (c *Client) FindCIMG(ctx context.Context, regionID, imageUUID string) (img Image, found bool, err error) {
	images, err := c.regionImages(ctx, regionID)
	if err != nil {
		return Image{}, false, err
	}
	img, found = findByUUID(images, imageUUID)
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
