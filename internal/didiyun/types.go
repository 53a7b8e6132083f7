package didiyun

// Job is an asynchronous operation. Every write in the DiDi API returns one.
type Job struct {
	JobUUID      string  `json:"jobUuid"`
	UUID         string  `json:"uuid,omitempty"`
	ResourceUUID string  `json:"resourceUuid"`
	ResourceType string  `json:"resourceType,omitempty"`
	Type         string  `json:"type"`
	Progress     float64 `json:"progress"`
	Done         bool    `json:"done"`
	Success      bool    `json:"success"`
	Result       string  `json:"result,omitempty"`
	Status       string  `json:"status,omitempty"`
}

// ID returns the job's uuid; some answers fill only `uuid`.
func (j Job) ID() string {
	if j.JobUUID != "" {
		return j.JobUUID
	}
	return j.UUID
}

// Failed reports a finished job that did not succeed; Result says why.
func (j Job) Failed() bool { return j.Done && !j.Success }

// Image is a custom machine image (CIMG) as ListCIMG returns it.
type Image struct {
	UUID        string   `json:"cimgUuid"`
	CIMGID      string   `json:"cimgId,omitempty"`
	Name        string   `json:"name"`
	Description string   `json:"description"`
	Status      string   `json:"status"`
	CreateTime  int64    `json:"createTime"`
	UpdateTime  int64    `json:"updateTime,omitempty"`
	IsShared    bool     `json:"isShared"`
	Regions     []string `json:"regions"`
	Zones       []string `json:"zones,omitempty"`
	OSFamily    string   `json:"osFamily"`
	OSVersion   string   `json:"osVersion"`
	OSArch      string   `json:"osArch,omitempty"`
	Platform    string   `json:"platform"`
	Size        int64    `json:"size"`
	Type        string   `json:"type,omitempty"`
	Requirement struct {
		MinDiskSize int64 `json:"minDiskSize"`
	} `json:"requirement"`
	// Job is present only while an operation on the image runs.
	Job *Job `json:"job,omitempty"`
}

// Region is a DiDi Cloud region with its zones.
type Region struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	AreaName string `json:"areaName"`
	Zones    []Zone `json:"zone"`
}

// Zone is an availability zone.
type Zone struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}
