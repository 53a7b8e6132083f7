package cloud

// Region is one entry of ListRegionAndZone; JSON tags are the wire names.
type Region struct {
	AreaName string `json:"areaName"`
	ID       string `json:"id"`
	Name     string `json:"name"`
	Stage    string `json:"stage,omitempty"`
	Zone     []Zone `json:"zone"`
}

// Zone is one zone of a region.
type Zone struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// ZoneIDs lists the region's zones.
func (r Region) ZoneIDs() []string {
	ids := make([]string, len(r.Zone))
	for i, z := range r.Zone {
		ids[i] = z.ID
	}
	return ids
}
