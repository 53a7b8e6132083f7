package openapi

import (
	"strings"

	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver/cloud"
)

type renameItem struct {
	CIMGUUID string `json:"cimgUuid"`
	Name     string `json:"name"`
}

func (item renameItem) uuid() string { return item.CIMGUUID }

// changeNameCIMG renames images; the new name shows when the job is done.
func changeNameCIMG(c *call) Reply {
	items, recs, rep := changeRequest[renameItem](c, "{cimgUuid, name}", "renamed")
	if rep != nil {
		return *rep
	}
	for i, item := range items {
		if strings.TrimSpace(item.Name) == "" {
			return invalid("cimg[%d].name is required", i)
		}
		if j, busy := c.acct.RunningJob(recs[i]); busy {
			return invalid("image %s is busy with job %s (%s); wait until it is done", item.CIMGUUID, j.JobUUID, j.Type)
		}
	}

	jobs := make([]cloud.Job, len(items))
	for i, item := range items {
		jobs[i] = c.acct.Rename(recs[i], item.Name)
	}
	return okReply(jobs)
}

type deleteItem struct {
	CIMGUUID string `json:"cimgUuid"`
}

func (item deleteItem) uuid() string { return item.CIMGUUID }

// deleteCIMG deletes images; they leave ListCIMG when the job is done. The
// docs do not say whether a delete may interrupt another job on the image,
// so by default one is refused while that job runs; with deleteCancelsJobs
// it cancels the job instead, as a lenient server may.
func deleteCIMG(c *call) Reply {
	items, recs, rep := changeRequest[deleteItem](c, "{cimgUuid}", "deleted")
	if rep != nil {
		return *rep
	}
	for i, rec := range recs {
		j, busy := c.acct.RunningJob(rec)
		switch {
		case !busy:
		case j.Type == cloud.JobTypeDeleteCIMG:
			return invalid("image %s is already being deleted by job %s", items[i].CIMGUUID, j.JobUUID)
		case !c.acct.Settings().DeleteCancelsJobs:
			return invalid("image %s is busy with job %s (%s); wait until it is done", items[i].CIMGUUID, j.JobUUID, j.Type)
		}
	}

	jobs := make([]cloud.Job, len(items))
	for i, rec := range recs {
		jobs[i] = c.acct.Delete(rec) // cancels a running job: allowed above only with DeleteCancelsJobs
	}
	return okReply(jobs)
}

// changeRequest reads a rename or delete: the body, the region if named,
// at least one item (shape words one) and the images they name, all or
// nothing (see resolveImages).
func changeRequest[T interface{ uuid() string }](c *call, shape, verb string) ([]T, []*cloud.Record, *Reply) {
	var in itemsRequest[T]
	if rep := c.decode(&in); rep != nil {
		return nil, nil, rep
	}
	regionID, rep := optionalRegion(c, in.RegionID)
	if rep != nil {
		return nil, nil, rep
	}
	if len(in.CIMG) == 0 {
		return nil, nil, ptr(invalid("cimg is required: an array of %s", shape))
	}
	uuids := make([]string, len(in.CIMG))
	for i, item := range in.CIMG {
		uuids[i] = item.uuid()
	}
	recs, rep := resolveImages(c.acct, regionID, uuids, verb)
	return in.CIMG, recs, rep
}

// resolveImages finds the images a rename or delete names, all or nothing:
// each uuid given once, known (in regionID when one was sent), and not a
// shared image, which this account may use but not change. verb words that
// refusal.
func resolveImages(a *cloud.Account, regionID string, uuids []string, verb string) ([]*cloud.Record, *Reply) {
	refuse := func(r Reply) ([]*cloud.Record, *Reply) { return nil, &r }
	recs := make([]*cloud.Record, len(uuids))
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
		if rec.Image().IsShared {
			return refuse(invalid("image %s is shared with this account and cannot be %s", uuid, verb))
		}
		recs[i] = rec
	}
	return recs, nil
}

// lookupImage finds an image of the account, in regionID when it is not
// empty; 41026 otherwise, the same for another account's image as for one
// that never existed.
func lookupImage(a *cloud.Account, uuid, regionID string) (*cloud.Record, *Reply) {
	rec, ok := a.Lookup(uuid)
	if !ok {
		return nil, ptr(ErrReply(ErrnoImageNotFound, "image %s not found", uuid))
	}
	if regionID != "" && !rec.Image().InRegion(regionID) {
		return nil, ptr(ErrReply(ErrnoImageNotFound, "image %s not found in region %s", uuid, regionID))
	}
	return rec, nil
}
