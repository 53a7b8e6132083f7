package openapi

import (
	"strings"

	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver/cloud"
)

// Every handler validates the whole request before changing anything, so a
// request with one bad item has no effect at all.

type importItem struct {
	Name            string `json:"name"`
	OriginImageUUID string `json:"originImageUuid"`
	OriginRegionID  string `json:"originRegionId"`
	Description     string `json:"description"`
}

// importCIMG copies images from other regions into the target region.
func importCIMG(c *call) Reply {
	items, target, rep := makeRequest[importItem](c, "{name, originImageUuid, originRegionId, description?}")
	if rep != nil {
		return *rep
	}
	origins := make([]cloud.Image, len(items))
	for i, item := range items {
		switch {
		case strings.TrimSpace(item.Name) == "":
			return invalid("cimg[%d].name is required", i)
		case item.OriginImageUUID == "":
			return invalid("cimg[%d].originImageUuid is required", i)
		case item.OriginRegionID == "":
			return invalid("cimg[%d].originRegionId is required", i)
		}
		if _, ok := c.cloud.Region(item.OriginRegionID); !ok {
			return invalid("cimg[%d].originRegionId: unknown region %q", i, item.OriginRegionID)
		}
		if item.OriginRegionID == target.ID {
			return invalid("cimg[%d].originRegionId %q is the target region; ImportCIMG copies an image to another region", i, item.OriginRegionID)
		}
		rec, rep := lookupImage(c.acct, item.OriginImageUUID, item.OriginRegionID)
		if rep != nil {
			return *rep
		}
		origin := rec.Image()
		if origin.IsShared {
			return ErrReply(ErrnoImageNotFound, "image %s is shared and cannot be copied", item.OriginImageUUID)
		}
		// The job, not the status word, says whether the image is made yet:
		// with StatusWhileMade it may say Ready while its copy runs.
		if j, busy := c.acct.RunningJob(rec); busy && j.MakesImage() {
			return invalid("cimg[%d]: image %s is still being made by job %s (%s); only a Ready image can be copied", i, item.OriginImageUUID, j.JobUUID, j.Type)
		}
		if origin.Status != cloud.ImageStatusReady {
			return invalid("cimg[%d]: image %s is %s; only a Ready image can be copied", i, item.OriginImageUUID, origin.Status)
		}
		origins[i] = origin
	}

	jobs := make([]cloud.Job, len(items))
	for i, item := range items {
		origin := origins[i]
		img := cloud.Image{
			Name: item.Name, Description: item.Description,
			OSFamily: origin.OSFamily, OSVersion: origin.OSVersion, OSArch: origin.OSArch, Platform: origin.Platform,
			Size: origin.Size, Requirement: origin.Requirement, Scenes: append([]string{}, origin.Scenes...),
		}
		jobs[i] = c.acct.Make(target, img, cloud.JobTypeImportCIMG, "copy of image "+origin.CIMGUUID)
	}
	return okReply(jobs)
}

type createItem struct {
	Name        string `json:"name"`
	SnapUUID    string `json:"snapUuid"`
	Description string `json:"description"`
}

// createCIMG makes images from snapshots in the same region.
func createCIMG(c *call) Reply {
	items, target, rep := makeRequest[createItem](c, "{name, snapUuid, description?}")
	if rep != nil {
		return *rep
	}
	snaps := make([]cloud.Snapshot, len(items))
	for i, item := range items {
		switch {
		case strings.TrimSpace(item.Name) == "":
			return invalid("cimg[%d].name is required", i)
		case item.SnapUUID == "":
			return invalid("cimg[%d].snapUuid is required", i)
		}
		snap, ok := c.acct.Snapshot(item.SnapUUID)
		if !ok || snap.RegionID != target.ID {
			return ErrReply(ErrnoSnapshotNotFound, "snapshot %s not found in region %s", item.SnapUUID, target.ID)
		}
		snaps[i] = snap
	}

	jobs := make([]cloud.Job, len(items))
	for i, item := range items {
		snap := snaps[i]
		img := cloud.Image{
			Name: item.Name, Description: item.Description,
			OSFamily: snap.OSFamily, OSVersion: snap.OSVersion, OSArch: snap.OSArch, Platform: snap.Platform,
			Size: snap.Size, Requirement: cloud.Requirement{MinDiskSize: snap.MinDiskSize}, Scenes: []string{"base"},
		}
		jobs[i] = c.acct.Make(target, img, cloud.JobTypeCreateCIMG, "image from snapshot "+snap.UUID)
	}
	return okReply(jobs)
}

// itemsRequest is the body of every CIMG call but ListCIMG: a region and
// the images to act on.
type itemsRequest[T any] struct {
	RegionID string       `json:"regionId"`
	CIMG     oneOrMany[T] `json:"cimg"`
}

// makeRequest reads an import or create: the body, the target region (the
// default when left out) and at least one item; shape words an item.
func makeRequest[T any](c *call, shape string) ([]T, cloud.Region, *Reply) {
	var in itemsRequest[T]
	if rep := c.decode(&in); rep != nil {
		return nil, cloud.Region{}, rep
	}
	target, rep := resolveRegion(c, in.RegionID, true)
	if rep == nil && len(in.CIMG) == 0 {
		rep = ptr(invalid("cimg is required: an array of %s", shape))
	}
	return in.CIMG, target, rep
}
