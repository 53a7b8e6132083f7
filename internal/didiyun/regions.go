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

// Regions returns the regions where DefaultProduct is sold. It asks once per
// Client: regions do not change during a Terraform run.
func (c *Client) Regions(ctx context.Context) ([]Region, error) {
	c.regionsMu.Lock()
	defer c.regionsMu.Unlock()
	if c.regions != nil {
		return c.regions, nil
	}
	regions, err := c.ListRegionAndZone(ctx, DefaultProduct)
	if err != nil {
		return nil, err
	}
	c.regions = regions
	return regions, nil
}

// RegionIDs returns the ids of the regions Regions returns.
func (c *Client) RegionIDs(ctx context.Context) ([]string, error) {
	regions, err := c.Regions(ctx)
	ids := make([]string, len(regions))
	for i, r := range regions {
		ids[i] = r.ID
	}
	return ids, err
}
