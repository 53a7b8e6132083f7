package mockserver

import (
	"slices"
	"time"
)

// Image statuses the mock uses.
const (
	ImageStatusReady     = "Ready"
	ImageStatusImporting = "Importing"
	ImageStatusCreating  = "Creating"
	ImageStatusDeleting  = "Deleting"
	ImageStatusFailed    = "Failed"
)

// Image is a custom image as ListCIMG returns it; JSON tags are the wire names.
type Image struct {
	CIMGUUID       string          `json:"cimgUuid"`
	CIMGID         string          `json:"cimgId"`
	Name           string          `json:"name"`
	CreateTime     int64           `json:"createTime"` // ms since the epoch
	UpdateTime     int64           `json:"updateTime"` // ms since the epoch
	IsShared       bool            `json:"isShared"`
	Regions        []string        `json:"regions"`
	Zones          []string        `json:"zones"`
	Description    string          `json:"description"`
	Status         string          `json:"status"`
	OSFamily       string          `json:"osFamily"`
	OSVersion      string          `json:"osVersion"`
	OSArch         string          `json:"osArch"`
	Platform       string          `json:"platform"`
	Size           int64           `json:"size"` // bytes
	Type           string          `json:"type"`
	Scenes         []string        `json:"scenes"`
	Requirement    Requirement     `json:"requirement"`
	CheckState     string          `json:"checkState"`
	IsExternal     bool            `json:"isExternal"`
	CIMGTags       []string        `json:"cimgTags"`
	BackupStorages []BackupStorage `json:"backupStorages"`
	// Job is set only while a job on this image runs.
	Job *Job `json:"job,omitempty"`
}

// Requirement is what an instance needs to boot the image.
type Requirement struct {
	MinDiskSize int64 `json:"minDiskSize"` // bytes
}

// BackupStorage is one storage backend holding the image; the mock returns a
// fixed list per region, as the ListCIMG example does.
type BackupStorage struct {
	BSUUID   string `json:"bsUuid"`
	DiskType string `json:"diskType"`
	Name     string `json:"name"`
	State    string `json:"state"`
	Status   string `json:"status"`
	Type     string `json:"type"`
	Zone     string `json:"zone"`
}

// clone returns a deep copy, so callers never share slices with the state.
func (img Image) clone() Image {
	img.Regions = slices.Clone(img.Regions)
	img.Zones = slices.Clone(img.Zones)
	img.Scenes = slices.Clone(img.Scenes)
	img.CIMGTags = slices.Clone(img.CIMGTags)
	img.BackupStorages = slices.Clone(img.BackupStorages)
	if img.Job != nil {
		j := *img.Job
		img.Job = &j
	}
	return img
}

func (img Image) inRegion(regionID string) bool {
	return slices.Contains(img.Regions, regionID)
}

// region is one entry of ListRegionAndZone.
type region struct {
	AreaName string `json:"areaName"`
	ID       string `json:"id"`
	Name     string `json:"name"`
	Stage    string `json:"stage,omitempty"`
	Zone     []zone `json:"zone"`
}

type zone struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

func (r region) zoneIDs() []string {
	ids := make([]string, len(r.Zone))
	for i, z := range r.Zone {
		ids[i] = z.ID
	}
	return ids
}

// snapshot is the source of CreateCIMG; there is no snapshot API, only seeds.
type snapshot struct {
	uuid        string
	regionID    string
	osFamily    string
	osVersion   string
	osArch      string
	platform    string
	size        int64
	minDiskSize int64
}

// imageRecord is an image plus the uuid of the job running on it, if any; the
// wire `job` field is rendered from the job at read time.
type imageRecord struct {
	img   Image
	jobID string
	// lastJobID is the latest job started on the image, running or not:
	// a listing that shows it ended counts for detection. Not persisted.
	lastJobID string
}

// homeRegion is the region a job on this image belongs to, for JobResult.
func (rec *imageRecord) homeRegion() string {
	if len(rec.img.Regions) == 0 {
		return ""
	}
	return rec.img.Regions[0]
}

func millis(t time.Time) int64 { return t.UnixMilli() }
