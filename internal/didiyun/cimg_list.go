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
	// Names filters by name; how loosely the server matches is not
	// documented (the paging package keeps exact matches only).
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
