package cloud

// What the API's requests do to an account, once the handler has judged
// the request whole: these change the account and never refuse.

// Lookup finds an image of the account.
func (a *Account) Lookup(uuid string) (*Record, bool) {
	rec, ok := a.images[uuid]
	return rec, ok
}

// Snapshot finds a snapshot of the account.
func (a *Account) Snapshot(uuid string) (Snapshot, bool) {
	snap, ok := a.snapshots[uuid]
	return snap, ok
}

// Make stores a new image in target and starts the job of jobType that
// readies it (ImportCIMG or CreateCIMG); img brings what it is made from
// (name, description, OS, size, scenes), the rest is filled here. making
// words what the job does, for a failure reason. It answers the job as the
// request's answer shows it: without resourceUuid when
// OmitCreateResourceUUID is on, though the job itself keeps it.
func (a *Account) Make(target Region, img Image, jobType, making string) Job {
	s := a.c.settings
	status := ImageStatusImporting
	if jobType == JobTypeCreateCIMG {
		status = ImageStatusCreating
	}
	if s.StatusWhileMade != "" {
		status = s.StatusWhileMade // the setting in force now is the one the image keeps
	}
	now := millis(a.c.cfg.Now())
	img.CIMGUUID, img.CIMGID = NewUUID(), newCIMGID()
	img.CreateTime, img.UpdateTime = now, now
	img.Regions, img.Zones = []string{target.ID}, target.ZoneIDs()
	img.Status, img.Type, img.CheckState = status, "custom", "uncheck"
	img.CIMGTags, img.BackupStorages = []string{}, BackupStorages(target.ID)
	rec := &Record{img: img, madeAt: a.c.cfg.Now()}
	a.putImage(rec)
	j := a.startJob(jobType, rec.homeRegion(), img.CIMGUUID)
	if o, fails := a.c.failsByName(img.Name, making); fails {
		j.outcome = o
	}
	view := j.view
	if s.OmitCreateResourceUUID {
		view.ResourceUUID = ""
	}
	return view
}

// Rename starts the job that renames an image; the new name shows when it
// is done.
func (a *Account) Rename(rec *Record, name string) Job {
	j := a.startJob(JobTypeChangeCIMGName, rec.homeRegion(), rec.img.CIMGUUID)
	j.newName = name
	return j.view
}

// Delete starts the job that deletes an image, cancelling a job still
// running on it (the handler allows that only with DeleteCancelsJobs).
func (a *Account) Delete(rec *Record) Job {
	if running, busy := a.runningJob(rec); busy {
		a.finish(running, false, "cancelled: the image is being deleted")
	}
	prev := rec.img.Status
	rec.img.Status = ImageStatusDeleting
	j := a.startJob(JobTypeDeleteCIMG, rec.homeRegion(), rec.img.CIMGUUID)
	j.prevStatus = prev
	return j.view
}

// JobResults reports on jobs in a region, all or none: missing is the first
// uuid that is not a job of the account in that region. A job JobResult has
// not learnt of yet (JobResultLag) is left out, or is missing with
// JobResultLagErrno. Each job reported done counts once for detection.
func (a *Account) JobResults(regionID string, uuids []string) (jobs []Job, missing string) {
	now := a.c.cfg.Now()
	found := make([]*job, 0, len(uuids))
	for _, uuid := range uuids {
		j, ok := a.jobs[uuid]
		if !ok || j.regionID != regionID {
			return nil, uuid
		}
		if !a.c.jobKnownYet(j, now) {
			if a.c.settings.JobResultLagMode == JobResultLagErrno {
				return nil, uuid
			}
			continue
		}
		found = append(found, j)
	}
	jobs = make([]Job, len(found))
	for i, j := range found {
		jobs[i] = j.view
		a.c.detection.observe(j, now)
	}
	return jobs, ""
}
