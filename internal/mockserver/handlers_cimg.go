package mockserver

import (
	"strings"
)

// Every handler validates the whole request before changing anything, so a
// request with one bad item has no effect at all.

type importItem struct {
	Name            string `json:"name"`
	OriginImageUUID string `json:"originImageUuid"`
	OriginRegionID  string `json:"originRegionId"`
	Description     string `json:"description"`
}

type importRequest struct {
	RegionID string                `json:"regionId"`
	CIMG     oneOrMany[importItem] `json:"cimg"`
}

// importCIMG copies images from other regions into the target region.
func (s *Server) importCIMG(c *call) reply {
	var in importRequest
	if rep := c.decode(&in); rep != nil {
		return *rep
	}
	target, rep := s.resolveRegion(c, in.RegionID, true)
	if rep != nil {
		return *rep
	}
	if len(in.CIMG) == 0 {
		return invalid("cimg is required: an array of {name, originImageUuid, originRegionId, description?}")
	}
	origins := make([]Image, len(in.CIMG))
	for i, item := range in.CIMG {
		switch {
		case strings.TrimSpace(item.Name) == "":
			return invalid("cimg[%d].name is required", i)
		case item.OriginImageUUID == "":
			return invalid("cimg[%d].originImageUuid is required", i)
		case item.OriginRegionID == "":
			return invalid("cimg[%d].originRegionId is required", i)
		}
		if _, ok := s.region(item.OriginRegionID); !ok {
			return invalid("cimg[%d].originRegionId: unknown region %q", i, item.OriginRegionID)
		}
		if item.OriginRegionID == target.ID {
			return invalid("cimg[%d].originRegionId %q is the target region; ImportCIMG copies an image to another region", i, item.OriginRegionID)
		}
		rec, rep := lookupImage(c.acct, item.OriginImageUUID, item.OriginRegionID)
		if rep != nil {
			return *rep
		}
		if rec.img.IsShared {
			return errReply(ErrnoImageNotFound, "image %s is shared and cannot be copied", item.OriginImageUUID)
		}
		// The job, not the status word, says whether the image is made yet:
		// with StatusWhileMade it may say Ready while its copy runs.
		if j, busy := c.acct.runningJob(rec); busy && makesImage(j) {
			return invalid("cimg[%d]: image %s is still being made by job %s (%s); only a Ready image can be copied", i, item.OriginImageUUID, j.view.JobUUID, j.view.Type)
		}
		if rec.img.Status != ImageStatusReady {
			return invalid("cimg[%d]: image %s is %s; only a Ready image can be copied", i, item.OriginImageUUID, rec.img.Status)
		}
		origins[i] = rec.img
	}

	jobs := make([]Job, len(in.CIMG))
	for i, item := range in.CIMG {
		origin := origins[i]
		img := s.newImage(target, item.Name, item.Description, ImageStatusImporting)
		img.OSFamily, img.OSVersion, img.OSArch, img.Platform = origin.OSFamily, origin.OSVersion, origin.OSArch, origin.Platform
		img.Size = origin.Size
		img.Requirement = origin.Requirement
		img.Scenes = append([]string{}, origin.Scenes...)
		jobs[i] = s.addImageWithJob(c.acct, img, JobTypeImportCIMG, "copy of image "+origin.CIMGUUID)
	}
	return okReply(jobs)
}

type createItem struct {
	Name        string `json:"name"`
	SnapUUID    string `json:"snapUuid"`
	Description string `json:"description"`
}

type createRequest struct {
	RegionID string                `json:"regionId"`
	CIMG     oneOrMany[createItem] `json:"cimg"`
}

// createCIMG makes images from snapshots in the same region.
func (s *Server) createCIMG(c *call) reply {
	var in createRequest
	if rep := c.decode(&in); rep != nil {
		return *rep
	}
	target, rep := s.resolveRegion(c, in.RegionID, true)
	if rep != nil {
		return *rep
	}
	if len(in.CIMG) == 0 {
		return invalid("cimg is required: an array of {name, snapUuid, description?}")
	}
	snaps := make([]snapshot, len(in.CIMG))
	for i, item := range in.CIMG {
		switch {
		case strings.TrimSpace(item.Name) == "":
			return invalid("cimg[%d].name is required", i)
		case item.SnapUUID == "":
			return invalid("cimg[%d].snapUuid is required", i)
		}
		snap, ok := c.acct.snapshots[item.SnapUUID]
		if !ok || snap.regionID != target.ID {
			return errReply(ErrnoSnapshotNotFound, "snapshot %s not found in region %s", item.SnapUUID, target.ID)
		}
		snaps[i] = snap
	}

	jobs := make([]Job, len(in.CIMG))
	for i, item := range in.CIMG {
		snap := snaps[i]
		img := s.newImage(target, item.Name, item.Description, ImageStatusCreating)
		img.OSFamily, img.OSVersion, img.OSArch, img.Platform = snap.osFamily, snap.osVersion, snap.osArch, snap.platform
		img.Size = snap.size
		img.Requirement = Requirement{MinDiskSize: snap.minDiskSize}
		img.Scenes = []string{"base"}
		jobs[i] = s.addImageWithJob(c.acct, img, JobTypeCreateCIMG, "image from snapshot "+snap.uuid)
	}
	return okReply(jobs)
}

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
	Count int     `json:"count"`
	Items []Image `json:"items"`
}

// listCIMG pages through a region's images, oldest first.
func (s *Server) listCIMG(c *call) reply {
	var in listRequest
	if rep := c.decode(&in); rep != nil {
		return *rep
	}
	target, rep := s.resolveRegion(c, in.RegionID, false)
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
	limit := min(*in.Limit, s.maxPageSize)
	if start > 0 {
		s.churn(c.acct, target.ID)
	}

	var names []string
	if in.Condition != nil {
		names = in.Condition.Names
	}
	matching := c.acct.sortedImages(func(rec *imageRecord) bool {
		return rec.img.inRegion(target.ID) && (len(names) == 0 || s.namesMatch.matches(rec.img.Name, names))
	})

	end := start + limit
	if c.oversize {
		end = start + limit*2 + 1
	}
	start, end = min(start, len(matching)), min(end, len(matching))
	items := make([]Image, 0, end-start)
	for _, rec := range matching[start:end] {
		img := c.acct.view(rec)
		if s.hideListJobs {
			img.Job = nil
		}
		items = append(items, img)
	}
	if s.pageShape() == ListShapeArray {
		return okReply(items)
	}
	return okReply(listPage{Count: len(matching), Items: items})
}

type renameItem struct {
	CIMGUUID string `json:"cimgUuid"`
	Name     string `json:"name"`
}

type renameRequest struct {
	RegionID string                `json:"regionId"`
	CIMG     oneOrMany[renameItem] `json:"cimg"`
}

// changeNameCIMG renames images; the new name shows when the job is done.
func (s *Server) changeNameCIMG(c *call) reply {
	var in renameRequest
	if rep := c.decode(&in); rep != nil {
		return *rep
	}
	regionID, rep := s.optionalRegion(c, in.RegionID)
	if rep != nil {
		return *rep
	}
	if len(in.CIMG) == 0 {
		return invalid("cimg is required: an array of {cimgUuid, name}")
	}
	uuids := make([]string, len(in.CIMG))
	for i, item := range in.CIMG {
		uuids[i] = item.CIMGUUID
	}
	recs, rep := resolveImages(c.acct, regionID, uuids, "renamed")
	if rep != nil {
		return *rep
	}
	for i, item := range in.CIMG {
		if strings.TrimSpace(item.Name) == "" {
			return invalid("cimg[%d].name is required", i)
		}
		if j, busy := c.acct.runningJob(recs[i]); busy {
			return invalid("image %s is busy with job %s (%s); wait until it is done", item.CIMGUUID, j.view.JobUUID, j.view.Type)
		}
	}

	jobs := make([]Job, len(in.CIMG))
	for i, item := range in.CIMG {
		j := s.startJob(c.acct, JobTypeChangeCIMGName, recs[i].homeRegion(), item.CIMGUUID)
		j.newName = item.Name
		jobs[i] = j.view
	}
	return okReply(jobs)
}

type deleteItem struct {
	CIMGUUID string `json:"cimgUuid"`
}

type deleteRequest struct {
	RegionID string                `json:"regionId"`
	CIMG     oneOrMany[deleteItem] `json:"cimg"`
}

// deleteCIMG deletes images; they leave ListCIMG when the job is done. The
// docs do not say whether a delete may interrupt another job on the image,
// so by default one is refused while that job runs; with deleteCancelsJobs
// it cancels the job instead, as a lenient server may.
func (s *Server) deleteCIMG(c *call) reply {
	var in deleteRequest
	if rep := c.decode(&in); rep != nil {
		return *rep
	}
	regionID, rep := s.optionalRegion(c, in.RegionID)
	if rep != nil {
		return *rep
	}
	if len(in.CIMG) == 0 {
		return invalid("cimg is required: an array of {cimgUuid}")
	}
	uuids := make([]string, len(in.CIMG))
	for i, item := range in.CIMG {
		uuids[i] = item.CIMGUUID
	}
	recs, rep := resolveImages(c.acct, regionID, uuids, "deleted")
	if rep != nil {
		return *rep
	}
	for _, rec := range recs {
		j, busy := c.acct.runningJob(rec)
		switch {
		case !busy:
		case j.view.Type == JobTypeDeleteCIMG:
			return invalid("image %s is already being deleted by job %s", rec.img.CIMGUUID, j.view.JobUUID)
		case !s.deleteCancelsJobs:
			return invalid("image %s is busy with job %s (%s); wait until it is done", rec.img.CIMGUUID, j.view.JobUUID, j.view.Type)
		}
	}

	jobs := make([]Job, len(in.CIMG))
	for i, item := range in.CIMG {
		rec := recs[i]
		if running, busy := c.acct.runningJob(rec); busy { // only with deleteCancelsJobs, checked above
			s.finish(c.acct, running, false, "cancelled: the image is being deleted")
		}
		prev := rec.img.Status
		rec.img.Status = ImageStatusDeleting
		j := s.startJob(c.acct, JobTypeDeleteCIMG, rec.homeRegion(), item.CIMGUUID)
		j.prevStatus = prev
		jobs[i] = j.view
	}
	return okReply(jobs)
}

// resolveImages finds the images a rename or delete names, all or nothing:
// each uuid given once, known (in regionID when one was sent), and not a
// shared image, which this account may use but not change. verb words that
// refusal.
func resolveImages(a *account, regionID string, uuids []string, verb string) ([]*imageRecord, *reply) {
	refuse := func(r reply) ([]*imageRecord, *reply) { return nil, &r }
	recs := make([]*imageRecord, len(uuids))
	seen := map[string]bool{}
	for i, uuid := range uuids {
		switch {
		case uuid == "":
			return refuse(invalid("cimg[%d].cimgUuid is required", i))
		case seen[uuid]:
			return refuse(invalid("cimg[%d].cimgUuid %s appears twice in the request", i, uuid))
		}
		seen[uuid] = true
		rec, rep := lookupImage(a, uuid, regionID)
		if rep != nil {
			return nil, rep
		}
		if rec.img.IsShared {
			return refuse(invalid("image %s is shared with this account and cannot be %s", uuid, verb))
		}
		recs[i] = rec
	}
	return recs, nil
}

// newImage returns a custom image in the target region, created now, with
// status while its job runs, or StatusWhileMade when that is set: the
// setting in force now is the one the image keeps.
func (s *Server) newImage(target region, name, description, status string) Image {
	if s.statusWhileMade != "" {
		status = s.statusWhileMade
	}
	now := millis(s.opts.Now())
	return Image{
		CIMGUUID:       newUUID(),
		CIMGID:         newCIMGID(),
		Name:           name,
		CreateTime:     now,
		UpdateTime:     now,
		Regions:        []string{target.ID},
		Zones:          target.zoneIDs(),
		Description:    description,
		Status:         status,
		Type:           "custom",
		CheckState:     "uncheck",
		CIMGTags:       []string{},
		BackupStorages: backupStorages(target.ID),
	}
}

// addImageWithJob stores a new image and starts the job that readies it;
// making words what the job does, for a failure reason. It answers the job
// without resourceUuid when omitCreateResourceUUID is on; the job itself
// keeps it, for JobResult.
func (s *Server) addImageWithJob(a *account, img Image, jobType, making string) Job {
	rec := &imageRecord{img: img}
	a.putImage(rec)
	j := s.startJob(a, jobType, rec.homeRegion(), img.CIMGUUID)
	if o, fails := s.failsByName(img.Name, making); fails {
		j.outcome = o
	}
	view := j.view
	if s.omitCreateResourceUUID {
		view.ResourceUUID = ""
	}
	return view
}

// lookupImage finds an image of the account, in regionID when it is not
// empty; 41026 otherwise, the same for another account's image as for one
// that never existed.
func lookupImage(a *account, uuid, regionID string) (*imageRecord, *reply) {
	rec, ok := a.images[uuid]
	if !ok {
		return nil, ptr(errReply(ErrnoImageNotFound, "image %s not found", uuid))
	}
	if regionID != "" && !rec.img.inRegion(regionID) {
		return nil, ptr(errReply(ErrnoImageNotFound, "image %s not found in region %s", uuid, regionID))
	}
	return rec, nil
}
