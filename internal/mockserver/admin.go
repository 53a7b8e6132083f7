package mockserver

import (
	"fmt"
	"slices"
)

// The admin API lets tests and tools look at and steer the mock out of band,
// the way a user clicking in the console would. Every method brings jobs up
// to the clock first, as API requests do.

// Token returns the Bearer token the mock accepts.
func (s *Server) Token() string { return s.opts.Token }

// Images returns copies of the images in a region ("" for all regions),
// oldest first, including ones whose delete job is still running.
func (s *Server) Images(regionID string) []Image {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.advanceJobs()
	recs := s.st.sortedImages(func(rec *imageRecord) bool {
		return regionID == "" || rec.img.inRegion(regionID)
	})
	out := make([]Image, len(recs))
	for i, rec := range recs {
		out[i] = s.st.view(rec)
	}
	return out
}

// Image returns a copy of one image.
func (s *Server) Image(uuid string) (Image, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.advanceJobs()
	rec, ok := s.st.images[uuid]
	if !ok {
		return Image{}, false
	}
	return s.st.view(rec), true
}

// Job returns a copy of one job, from any region.
func (s *Server) Job(uuid string) (Job, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.advanceJobs()
	j, ok := s.st.jobs[uuid]
	if !ok {
		return Job{}, false
	}
	return j.view, true
}

// AddImage stores a Ready image at once, for tests that need many images
// (paging) or particular ones. Empty fields get defaults: a new uuid and
// cimgId, the default region, the current time. It replaces an image with
// the same uuid and returns what was stored.
func (s *Server) AddImage(img Image) Image {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.advanceJobs()
	img = img.clone()
	img.Job = nil
	if img.CIMGUUID == "" {
		img.CIMGUUID = newUUID()
	}
	if img.CIMGID == "" {
		img.CIMGID = newCIMGID()
	}
	if len(img.Regions) == 0 {
		img.Regions = []string{s.opts.DefaultRegion}
	}
	home, _ := s.st.region(img.Regions[0])
	if img.Zones == nil {
		img.Zones = home.zoneIDs()
	}
	if img.CreateTime == 0 {
		img.CreateTime = millis(s.opts.Now())
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
		img.BackupStorages = backupStorages(img.Regions[0])
	}
	s.st.images[img.CIMGUUID] = &imageRecord{img: img}
	return img.clone()
}

// DeleteImage removes an image at once, as if deleted in the console. A job
// still running on it will fail (a running delete succeeds).
func (s *Server) DeleteImage(uuid string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.advanceJobs()
	if _, ok := s.st.images[uuid]; !ok {
		return false
	}
	delete(s.st.images, uuid)
	return true
}

// RenameImage renames an image at once, to simulate drift.
func (s *Server) RenameImage(uuid, name string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.advanceJobs()
	rec, ok := s.st.images[uuid]
	if !ok {
		return false
	}
	rec.img.Name = name
	rec.img.UpdateTime = millis(s.opts.Now())
	return true
}

// FailJob ends a running job now with done=true, success=false and result as
// the reason, applying the failure's effect on the image.
func (s *Server) FailJob(jobUUID, result string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.advanceJobs()
	j, ok := s.st.jobs[jobUUID]
	if !ok {
		return fmt.Errorf("job %s not found", jobUUID)
	}
	if j.view.Done {
		return fmt.Errorf("job %s has already finished (success=%t)", jobUUID, j.view.Success)
	}
	if result == "" {
		result = "job failed (FailJob)"
	}
	s.finish(j, false, result)
	return nil
}

// SetFaults replaces the fault rules; none disables faults. It panics on an
// invalid rule, a programming error (the admin HTTP API answers 400 instead).
func (s *Server) SetFaults(rules ...FaultRule) {
	if err := checkRules(rules); err != nil {
		panic("mockserver: SetFaults: " + err.Error())
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = slices.Clone(rules)
}

// SetFaultSeed restarts the fault dice from seed.
func (s *Server) SetFaultSeed(seed int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rng = newRand(seed)
}

// SetJobOutcome decides how new jobs of jobType end ("" for every type
// without a rule of its own). The zero JobOutcome restores normal success.
func (s *Server) SetJobOutcome(jobType string, o JobOutcome) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if o == (JobOutcome{}) {
		delete(s.outcomes, jobType)
		return
	}
	s.outcomes[jobType] = o
}

// Reset restores the seed data and every setting Options gave (job duration,
// page cap, list shape, names match, list churn, delete cancels jobs), and
// clears the request log, counters, faults (re-seeding the dice) and job
// outcomes.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reset()
}
