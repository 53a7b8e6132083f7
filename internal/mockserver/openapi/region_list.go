package openapi

import (
	"strings"

	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver/cloud"
)

type regionListRequest struct {
	Condition *struct {
		Product string `json:"product"`
	} `json:"condition"`
}

// listRegionAndZone answers the same regions whatever the product.
func listRegionAndZone(c *call) Reply {
	var in regionListRequest
	if rep := c.decode(&in); rep != nil {
		return *rep
	}
	if in.Condition == nil {
		return invalid(`condition is required, e.g. {"condition":{"product":"dc2"}}`)
	}
	if in.Condition.Product == "" {
		return invalid("condition.product is required")
	}
	return okReply(c.cloud.Regions())
}

// resolveRegion finds the region a request names. When allowDefault is set a
// missing regionId means the default region, as the official examples
// that leave it out expect.
func resolveRegion(c *call, regionID string, allowDefault bool) (cloud.Region, *Reply) {
	if regionID == "" {
		if !allowDefault {
			return cloud.Region{}, ptr(invalid("regionId is required"))
		}
		regionID = c.cloud.DefaultRegion()
	}
	c.RegionID = regionID
	r, ok := c.cloud.Region(regionID)
	if !ok {
		return cloud.Region{}, ptr(invalid("unknown regionId %q (known: %s)", regionID, strings.Join(regionIDs(c.cloud), ", ")))
	}
	return r, nil
}

// optionalRegion checks a regionId that may be left out (ChangeNameCIMG and
// DeleteCIMG); "" means any region.
func optionalRegion(c *call, regionID string) (string, *Reply) {
	if regionID == "" {
		return "", nil
	}
	r, rep := resolveRegion(c, regionID, false)
	return r.ID, rep
}

func regionIDs(cl *cloud.Cloud) []string {
	var ids []string
	for _, r := range cl.Regions() {
		ids = append(ids, r.ID)
	}
	return ids
}
