package cloud

import (
	"fmt"
	"slices"
	"time"
)

// What tests and tools do to an account out of band, the way its owner
// clicking in the console would (drift), and what they read of it.

// ImagesIn returns copies of the images in a region ("" for all regions),
// oldest first, including ones whose delete job is still running.
func (a *Account) ImagesIn(regionID string) []Image {
	recs := a.Images(func(rec *Record) bool { return regionID == "" || rec.img.InRegion(regionID) })
	out := make([]Image, len(recs))
	for i, rec := range recs {
		out[i] = a.View(rec)
	}
	return out
}

// Job returns a copy of one job, from any region.
func (a *Account) Job(uuid string) (Job, bool) {
	j, ok := a.jobs[uuid]
	if !ok {
		return Job{}, false
	}
	return j.view, true
}

// JobDuration is how long a job was set to take.
func (a *Account) JobDuration(uuid string) (time.Duration, bool) {
	j, ok := a.jobs[uuid]
	if !ok {
		return 0, false
	}
	return j.duration, true
}

// JobsOn returns copies of the jobs the cloud still keeps on one image,
// running or finished, the first started first.
func (a *Account) JobsOn(imageUUID string) []Job {
	var found []*job
	for _, j := range a.jobs {
		if j.view.ResourceUUID == imageUUID {
			found = append(found, j)
		}
	}
	slices.SortFunc(found, func(x, y *job) int { return x.started.Compare(y.started) })
	var views []Job
	for _, j := range found {
		views = append(views, j.view)
	}
	return views
}

// Counts says how many images and jobs (running ones among them) the
// account holds.
func (a *Account) Counts() (images, jobs, running int) {
	return len(a.images), len(a.jobs), len(a.running)
}

// AddImage stores a Ready image at once. Empty fields get defaults: a new
// uuid and cimgId, the default region, the current time. It replaces an
// image with the same uuid and returns what was stored.
func (a *Account) AddImage(img Image) Image {
	img = a.c.withImageDefaults(img.Clone())
	a.putImage(&Record{img: img})
	return img.Clone()
}

// RemoveImage deletes an image at once; a job still running on it will
// fail (a running delete succeeds).
func (a *Account) RemoveImage(uuid string) bool { return a.removeImage(uuid) }

// RenameImage renames an image at once.
func (a *Account) RenameImage(uuid, name string) bool {
	rec, ok := a.images[uuid]
	if !ok {
		return false
	}
	rec.img.Name = name
	rec.img.UpdateTime = millis(a.c.cfg.Now())
	a.changed.image(uuid)
	return true
}

// FailJob ends a running job now with done=true, success=false and result
// as the reason, applying the failure's effect on the image.
func (a *Account) FailJob(jobUUID, result string) error {
	j, ok := a.jobs[jobUUID]
	switch {
	case !ok:
		return ErrNoJob(jobUUID)
	case j.view.Done:
		return fmt.Errorf("job %s has already finished (success=%t)", jobUUID, j.view.Success)
	}
	if result == "" {
		result = "job failed (FailJob)"
	}
	a.finish(j, false, result)
	return nil
}

// withImageDefaults fills what AddImage leaves to the cloud.
func (c *Cloud) withImageDefaults(img Image) Image {
	img.Job = nil
	if img.CIMGUUID == "" {
		img.CIMGUUID = NewUUID()
	}
	if img.CIMGID == "" {
		img.CIMGID = newCIMGID()
	}
	if len(img.Regions) == 0 {
		img.Regions = []string{c.cfg.DefaultRegion}
	}
	home, _ := c.Region(img.Regions[0])
	if img.Zones == nil {
		img.Zones = home.ZoneIDs()
	}
	if img.CreateTime == 0 {
		img.CreateTime = millis(c.cfg.Now())
	}
	if img.UpdateTime == 0 {
		img.UpdateTime = img.CreateTime
	}
	fill := func(field *string, value string) {
		if *field == "" {
			*field = value
		}
	}
	fill(&img.Status, ImageStatusReady)
	fill(&img.Type, "custom")
	fill(&img.OSArch, "64bit")
	fill(&img.Platform, "Linux")
	fill(&img.CheckState, "uncheck")
	if img.Scenes == nil {
		img.Scenes = []string{}
	}
	if img.CIMGTags == nil {
		img.CIMGTags = []string{}
	}
	if img.BackupStorages == nil {
		img.BackupStorages = BackupStorages(img.Regions[0])
	}
	return img
}

// ErrNoJob says a job is not in the account.
func ErrNoJob(uuid string) error { return fmt.Errorf("job %s not found", uuid) }
