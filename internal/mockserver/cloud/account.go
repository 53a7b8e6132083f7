package cloud

import (
	"cmp"
	"slices"
)

// Account is one token's cloud: its images, snapshots and jobs. Every
// account starts from its own copy of the seed data, so the official
// examples work for each token and no token changes what another sees.
// Its methods are called under the cloud's lock, from Cloud.Update.
type Account struct {
	c         *Cloud
	id        string
	images    map[string]*Record
	order     []*Record // the images oldest first, the order ListCIMG pages in
	snapshots map[string]Snapshot
	jobs      map[string]*job
	running   map[string]*job // unfinished jobs: the ones the clock moves
	finished  []*job          // finished jobs, first finished first, for pruning
	changed   changeSet       // what the state file has not seen yet
}

func (c *Cloud) newAccount(id string) *Account {
	return &Account{
		c:         c,
		id:        id,
		images:    map[string]*Record{},
		snapshots: map[string]Snapshot{},
		jobs:      map[string]*job{},
		running:   map[string]*job{},
		changed:   newChangeSet(),
	}
}

// addJob registers a job, running or finished.
func (a *Account) addJob(j *job) {
	a.jobs[j.view.JobUUID] = j
	if !j.view.Done {
		a.running[j.view.JobUUID] = j
	} else if !j.finishedAt.IsZero() {
		a.addFinished(j)
	}
	a.changed.job(j.view.JobUUID)
}

// addFinished queues a finished job for pruning, keeping the queue in the
// order the jobs finished. Jobs settled together may have finished in any
// order, but mostly after the ones before, so the search is short.
func (a *Account) addFinished(j *job) {
	i := len(a.finished)
	for i > 0 && a.finished[i-1].finishedAt.After(j.finishedAt) {
		i--
	}
	a.finished = slices.Insert(a.finished, i, j)
}

// ID is the account's AccountID.
func (a *Account) ID() string { return a.id }

// View renders an image as the wire shows it, with its running job if any.
func (a *Account) View(rec *Record) Image {
	img := rec.img.Clone()
	if j, ok := a.running[rec.jobID]; ok {
		v := j.view
		img.Job = &v
	}
	return img
}

// Images returns the records for which keep is true, oldest first. The
// order is kept as images come and go, so a page of a large account costs
// one pass, not a sort.
func (a *Account) Images(keep func(*Record) bool) []*Record {
	var out []*Record
	for _, rec := range a.order {
		if keep(rec) {
			out = append(out, rec)
		}
	}
	return out
}

// olderFirst orders images by createTime, then uuid.
func olderFirst(x, y *Record) int {
	return cmp.Or(cmp.Compare(x.img.CreateTime, y.img.CreateTime), cmp.Compare(x.img.CIMGUUID, y.img.CIMGUUID))
}

// putImage stores an image record, replacing one with the same uuid.
func (a *Account) putImage(rec *Record) {
	a.removeImage(rec.img.CIMGUUID)
	a.images[rec.img.CIMGUUID] = rec
	i, _ := slices.BinarySearchFunc(a.order, rec, olderFirst)
	a.order = slices.Insert(a.order, i, rec)
	a.changed.image(rec.img.CIMGUUID)
}

// removeImage deletes an image at once; a job still running on it will fail.
func (a *Account) removeImage(uuid string) bool {
	rec, ok := a.images[uuid]
	if !ok {
		return false
	}
	delete(a.images, uuid)
	if i, found := slices.BinarySearchFunc(a.order, rec, olderFirst); found {
		a.order = slices.Delete(a.order, i, i+1)
	}
	a.changed.image(uuid)
	return true
}
