package didiyun

import "context"

// DefaultProduct is the product whose regions ListRegionAndZone reports by
// default: images serve DC2 virtual machines.
const DefaultProduct = "dc2"

type listRegionRequest struct {
	Condition struct {
		Product string `json:"product"`
	} `json:"condition"`
}

// ListRegionAndZone returns the regions and zones where product is sold.
func (c *Client) ListRegionAndZone(ctx context.Context, product string) ([]Region, error) {
	var req listRegionRequest
	req.Condition.Product = product
	if req.Condition.Product == "" {
		req.Condition.Product = DefaultProduct
	}
	var regions []Region
	err := c.call(ctx, opListRegionAndZone, nil, req, &regions)
	return regions, err
}
