// Package cloud is the mock's DiDi Cloud without HTTP: accounts with their
// images, snapshots and jobs, the regions, the seed data, how jobs move
// with the clock, and what reaches the state file. Its callers hold no
// lock: every method that touches an account takes the cloud's.
package cloud

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

// Clone returns a deep copy, so callers never share slices with the state.
func (img Image) Clone() Image {
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

// InRegion says whether the image is in a region.
func (img Image) InRegion(regionID string) bool {
	return slices.Contains(img.Regions, regionID)
}

// Snapshot is the source of CreateCIMG; there is no snapshot API, only
// seeds. JSON tags are the state file's names.
type Snapshot struct {
	UUID        string `json:"snapUuid"`
	RegionID    string `json:"regionId"`
	OSFamily    string `json:"osFamily"`
	OSVersion   string `json:"osVersion"`
	OSArch      string `json:"osArch"`
	Platform    string `json:"platform"`
	Size        int64  `json:"size"`
	MinDiskSize int64  `json:"minDiskSize"`
}

// Record is an image plus the uuid of the job running on it, if any; the
// wire `job` field is rendered from the job at read time.
type Record struct {
	img   Image
	jobID string
	// lastJobID is the latest job started on the image, running or not:
	// a listing that shows it ended counts for detection. Not persisted.
	lastJobID string
	// madeAt is when ImportCIMG or CreateCIMG made the image, for
	// ListingLag; zero for images seeded or added out of band.
	madeAt time.Time
}

// Image is the stored image, without its running job (see Account.View).
// Its slices are the record's: read them, do not change them.
func (rec *Record) Image() Image { return rec.img }

// homeRegion is the region a job on this image belongs to, for JobResult.
func (rec *Record) homeRegion() string {
	if len(rec.img.Regions) == 0 {
		return ""
	}
	return rec.img.Regions[0]
}

func millis(t time.Time) int64 { return t.UnixMilli() }
