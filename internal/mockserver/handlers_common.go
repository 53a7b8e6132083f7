package mockserver

import (
	"net/url"
	"slices"
	"strings"
)

// jobResult reports on many jobs at once. One unknown uuid fails the whole
// call, so clients must cope with a strict server; another account's job is
// as unknown as one that never ran.
func (s *Server) jobResult(c *call) reply {
	target, rep := s.resolveRegion(c, c.query.Get("regionId"), false)
	if rep != nil {
		return *rep
	}
	uuids := jobUUIDsIn(c.query)
	if len(uuids) == 0 {
		return invalid("jobUuids is required: job uuids joined with commas")
	}
	found := make([]*job, 0, len(uuids))
	for _, uuid := range uuids {
		j, ok := c.acct.jobs[uuid]
		if !ok || j.regionID != target.ID {
			return invalid("job %s not found in region %s", uuid, target.ID)
		}
		found = append(found, j)
	}
	jobs := make([]Job, len(found))
	now := s.opts.Now()
	for i, j := range found {
		jobs[i] = j.view
		s.detection.observe(j, now)
	}
	return okReply(jobs)
}

// jobUUIDsIn reads jobUuids, comma-separated and possibly repeated.
func jobUUIDsIn(query url.Values) []string {
	var uuids []string
	for _, value := range query["jobUuids"] {
		for _, uuid := range strings.Split(value, ",") {
			if uuid = strings.TrimSpace(uuid); uuid != "" {
				uuids = append(uuids, uuid)
			}
		}
	}
	return uuids
}

type regionListRequest struct {
	Condition *struct {
		Product string `json:"product"`
	} `json:"condition"`
}

// listRegionAndZone answers the same regions whatever the product.
func (s *Server) listRegionAndZone(c *call) reply {
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
	regions := make([]region, len(s.regions))
	for i, r := range s.regions {
		r.Zone = slices.Clone(r.Zone)
		regions[i] = r
	}
	return okReply(regions)
}

// resolveRegion finds the region a request names. When allowDefault is set a
// missing regionId means Options.DefaultRegion, as the official examples
// that leave it out expect.
func (s *Server) resolveRegion(c *call, regionID string, allowDefault bool) (region, *reply) {
	if regionID == "" {
		if !allowDefault {
			return region{}, ptr(invalid("regionId is required"))
		}
		regionID = s.opts.DefaultRegion
	}
	c.regionID = regionID
	r, ok := s.region(regionID)
	if !ok {
		return region{}, ptr(invalid("unknown regionId %q (known: %s)", regionID, strings.Join(s.regionIDs(), ", ")))
	}
	return r, nil
}

// optionalRegion checks a regionId that may be left out (ChangeNameCIMG and
// DeleteCIMG); "" means any region.
func (s *Server) optionalRegion(c *call, regionID string) (string, *reply) {
	if regionID == "" {
		return "", nil
	}
	r, rep := s.resolveRegion(c, regionID, false)
	return r.ID, rep
}

func (s *Server) regionIDs() []string {
	ids := make([]string, len(s.regions))
	for i, r := range s.regions {
		ids[i] = r.ID
	}
	return ids
}

// region finds a region by id; regions never change, so no lock is needed.
func (s *Server) region(id string) (region, bool) {
	for _, r := range s.regions {
		if r.ID == id {
			return r, true
		}
	}
	return region{}, false
}
