package mockserver

import (
	"fmt"
	"slices"
)

// Account is one account, for tests and tools that look at or change it out
// of band, the way its owner clicking in the console would. Every method
// brings the account's jobs up to the clock first, as API requests do, and
// returns once what it changed is in the state file.
type Account struct {
	s  *Server
	id string
}

// Account returns the account with this AccountID: a token's, or one only
// the state file knows.
func (s *Server) Account(id string) (*Account, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.accounts[id]
	return &Account{s: s, id: id}, ok
}

// AccountIDs lists the accounts: the tokens' in the order Options gave
// them, then any only the state file knows, sorted.
func (s *Server) AccountIDs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var others []string
	for id := range s.accounts {
		if !s.accepted[id] {
			others = append(others, id)
		}
	}
	slices.Sort(others)
	return append(slices.Clone(s.accountIDs), others...)
}

// defaultAccount is Token's account, the one the Go methods on *Server and
// the admin API act on when no account is named.
func (s *Server) defaultAccount() *Account { return &Account{s: s, id: s.accountIDs[0]} }

// ID is the account's AccountID.
func (acc *Account) ID() string { return acc.id }

// update runs f on the account with the lock held and its jobs brought up
// to the clock, then waits until what f changed is in the state file. It
// returns false, without running f, when the account is gone (Reset drops
// accounts no token opens). A failed write is told to OnWriteError and
// answered by every later API request.
func (acc *Account) update(f func(a *account)) bool {
	s := acc.s
	s.mu.Lock()
	a, ok := s.accounts[acc.id]
	if ok {
		s.advanceJobs(a)
		f(a)
	}
	seq := s.commitLocked()
	s.mu.Unlock()
	_ = s.waitDurable(seq)
	return ok
}

// Images returns copies of the account's images in a region ("" for all
// regions), oldest first, including ones whose delete job is still running.
func (acc *Account) Images(regionID string) []Image {
	var out []Image
	acc.update(func(a *account) {
		recs := a.sortedImages(func(rec *imageRecord) bool {
			return regionID == "" || rec.img.inRegion(regionID)
		})
		out = make([]Image, len(recs))
		for i, rec := range recs {
			out[i] = a.view(rec)
		}
	})
	return out
}

// Image returns a copy of one image.
func (acc *Account) Image(uuid string) (img Image, found bool) {
	acc.update(func(a *account) {
		if rec, ok := a.images[uuid]; ok {
			img, found = a.view(rec), true
		}
	})
	return img, found
}

// Job returns a copy of one job, from any region.
func (acc *Account) Job(uuid string) (view Job, found bool) {
	acc.update(func(a *account) {
		if j, ok := a.jobs[uuid]; ok {
			view, found = j.view, true
		}
	})
	return view, found
}

// JobsOn returns copies of the jobs the mock still keeps on one image,
// running or finished, the first started first: tests ask JobResult about
// them to learn how the image's jobs ended.
func (acc *Account) JobsOn(imageUUID string) []Job {
	var views []Job
	acc.update(func(a *account) {
		var found []*job
		for _, j := range a.jobs {
			if j.view.ResourceUUID == imageUUID {
				found = append(found, j)
			}
		}
		slices.SortFunc(found, func(x, y *job) int { return x.started.Compare(y.started) })
		for _, j := range found {
			views = append(views, j.view)
		}
	})
	return views
}

// AddImage stores a Ready image at once, for tests that need many images
// (paging) or particular ones. Empty fields get defaults: a new uuid and
// cimgId, the default region, the current time. It replaces an image with
// the same uuid and returns what was stored.
func (acc *Account) AddImage(img Image) Image {
	img = acc.s.withImageDefaults(img.clone())
	acc.update(func(a *account) { a.putImage(&imageRecord{img: img}) })
	return img.clone()
}

// DeleteImage removes an image at once, as if deleted in the console. A job
// still running on it will fail (a running delete succeeds).
func (acc *Account) DeleteImage(uuid string) bool {
	deleted := false
	acc.update(func(a *account) { deleted = a.removeImage(uuid) })
	return deleted
}

// RenameImage renames an image at once, to simulate drift.
func (acc *Account) RenameImage(uuid, name string) bool {
	renamed := false
	acc.update(func(a *account) {
		rec, ok := a.images[uuid]
		if !ok {
			return
		}
		rec.img.Name = name
		rec.img.UpdateTime = millis(acc.s.opts.Now())
		a.changed.image(uuid)
		renamed = true
	})
	return renamed
}

// FailJob ends a running job now with done=true, success=false and result as
// the reason, applying the failure's effect on the image.
func (acc *Account) FailJob(jobUUID, result string) error {
	err := fmt.Errorf("job %s not found", jobUUID)
	acc.update(func(a *account) {
		j, ok := a.jobs[jobUUID]
		switch {
		case !ok:
		case j.view.Done:
			err = fmt.Errorf("job %s has already finished (success=%t)", jobUUID, j.view.Success)
		default:
			if result == "" {
				result = "job failed (FailJob)"
			}
			acc.s.finish(a, j, false, result)
			err = nil
		}
	})
	return err
}

// Reset puts the account back to the seed data, leaving every other
// account, the settings and the logs as they are.
func (acc *Account) Reset() bool {
	s := acc.s
	s.mu.Lock()
	_, ok := s.accounts[acc.id]
	if ok {
		s.accounts[acc.id] = seedAccount(acc.id, s.regions)
	}
	seq := s.commitLocked()
	s.mu.Unlock()
	_ = s.waitDurable(seq)
	return ok
}

// withImageDefaults fills what AddImage leaves to the mock.
func (s *Server) withImageDefaults(img Image) Image {
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
	home, _ := s.region(img.Regions[0])
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
	return img
}
