package didiyun

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
)

// MaxListLimit is the largest page ListCIMG is asked for. The docs give no
// bound; 100 is what the service and the mock accept.
const MaxListLimit = 100

// ListCIMGInput asks for one page of a region's images.
type ListCIMGInput struct {
	RegionID string
	Start    int
	Limit    int
	// Names filters by name; how loosely the server matches is not
	// documented (ListAllCIMG keeps exact matches only).
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

// maxListPages bounds one listing, so a server that never ends its pages
// cannot keep us paging forever.
const maxListPages = 2000

// maxStalePages is how many pages in a row may bring nothing new before the
// listing is taken to be going round in circles.
const maxStalePages = 8

// ListAllCIMG pages through every image of a region whose name is exactly
// one of names (all images when names is empty). See pager for why a page
// shorter than asked is not the end, and how images that other users delete
// meanwhile cannot make it miss one.
func (c *Client) ListAllCIMG(ctx context.Context, regionID string, names ...string) ([]Image, error) {
	images, _, err := c.listAllCIMG(ctx, regionID, names)
	return images, err
}

// listAllCIMG is ListAllCIMG, and how many ListCIMG calls it took.
func (c *Client) listAllCIMG(ctx context.Context, regionID string, names []string) ([]Image, int, error) {
	p := newPager()
	for page := 0; page < maxListPages; page++ {
		start := p.nextStart()
		out, err := c.ListCIMG(ctx, ListCIMGInput{RegionID: regionID, Start: start, Limit: MaxListLimit, Names: names})
		if err != nil {
			return nil, page + 1, err
		}
		if p.take(start, out) {
			return withNames(p.images, names), page + 1, nil
		}
		if p.stale > maxStalePages {
			return nil, page + 1, fmt.Errorf("ListCIMG in region %s returned only images already seen for %d pages in a row", regionID, p.stale)
		}
	}
	return nil, maxListPages, fmt.Errorf("ListCIMG in region %s did not end within %d pages", regionID, maxListPages)
}

// withNames keeps the images named exactly one of names (all when names is
// empty): the docs do not say how the server matches condition.names, so a
// prefix or substring match must not reach any decision.
func withNames(images []Image, names []string) []Image {
	if len(names) == 0 {
		return images
	}
	var exact []Image
	for _, img := range images {
		if slices.Contains(names, img.Name) {
			exact = append(exact, img)
		}
	}
	return exact
}
