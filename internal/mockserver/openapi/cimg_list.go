package openapi

import "github.com/didiyun/terraform-provider-didiyun/internal/mockserver/cloud"

type listRequest struct {
	RegionID  string `json:"regionId"`
	Start     *int   `json:"start"`
	Limit     *int   `json:"limit"`
	Condition *struct {
		Names []string `json:"names"`
	} `json:"condition"`
}

// listPage is ListCIMG's data in the object shape of the official example.
type listPage struct {
	Count int           `json:"count"`
	Items []cloud.Image `json:"items"`
}

// listCIMG pages through a region's images, oldest first.
func listCIMG(c *call) Reply {
	var in listRequest
	if rep := c.decode(&in); rep != nil {
		return *rep
	}
	target, rep := resolveRegion(c, in.RegionID, false)
	if rep != nil {
		return *rep
	}
	start := 0
	if in.Start != nil {
		start = *in.Start
	}
	if start < 0 {
		return invalid("start must be 0 or more, got %d", start)
	}
	if in.Limit == nil || *in.Limit <= 0 {
		return invalid("limit is required and must be greater than 0")
	}
	settings := c.acct.Settings()
	limit := min(*in.Limit, settings.MaxPageSize)
	if start > 0 {
		c.acct.Churn(target.ID)
	}

	var names []string
	if in.Condition != nil {
		names = in.Condition.Names
	}
	// An image not listed yet (ListingLag) is left out of count and pages
	// alike, with or without names.
	matching := c.acct.Images(func(rec *cloud.Record) bool {
		img := rec.Image()
		return img.InRegion(target.ID) && (len(names) == 0 || settings.NamesMatch.Matches(img.Name, names)) && c.acct.Listed(rec)
	})

	end := start + limit
	if c.Oversize {
		end = start + limit*2 + 1
	}
	start, end = min(start, len(matching)), min(end, len(matching))
	items := make([]cloud.Image, 0, end-start)
	for _, rec := range matching[start:end] {
		img := c.acct.View(rec)
		if settings.HideListJobs {
			img.Job = nil
		}
		items = append(items, img)
	}
	if c.acct.PageShape() == cloud.ListShapeArray {
		return okReply(items)
	}
	return okReply(listPage{Count: len(matching), Items: items})
}
