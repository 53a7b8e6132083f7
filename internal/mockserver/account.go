package mockserver

import (
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver/cloud"
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
	return &Account{s: s, id: id}, s.cloud.HasAccount(id)
}

// AccountIDs lists the accounts: the tokens' in the order Options gave
// them, then any only the state file knows, sorted.
func (s *Server) AccountIDs() []string { return s.cloud.AccountIDs() }

// defaultAccount is Token's account, the one the Go methods on *Server and
// the admin API act on when no account is named.
func (s *Server) defaultAccount() *Account { return &Account{s: s, id: s.accountIDs[0]} }

// ID is the account's AccountID.
func (acc *Account) ID() string { return acc.id }

// update runs f on the account (see cloud.Cloud.Update); a failed write
// reaches OnWriteError and every later API request.
func (acc *Account) update(f func(a *cloud.Account)) bool {
	ok, _ := acc.s.cloud.Update(acc.id, f)
	return ok
}

// Images returns copies of the account's images in a region ("" for all
// regions), oldest first, including ones whose delete job is still running.
func (acc *Account) Images(regionID string) []Image {
	var out []Image
	acc.update(func(a *cloud.Account) { out = a.ImagesIn(regionID) })
	return out
}

// Image returns a copy of one image.
func (acc *Account) Image(uuid string) (img Image, found bool) {
	acc.update(func(a *cloud.Account) {
		if rec, ok := a.Lookup(uuid); ok {
			img, found = a.View(rec), true
		}
	})
	return img, found
}

// Job returns a copy of one job, from any region.
func (acc *Account) Job(uuid string) (view Job, found bool) {
	acc.update(func(a *cloud.Account) { view, found = a.Job(uuid) })
	return view, found
}

// JobsOn returns copies of the jobs the mock still keeps on one image,
// running or finished, the first started first: tests ask JobResult about
// them to learn how the image's jobs ended.
func (acc *Account) JobsOn(imageUUID string) []Job {
	var views []Job
	acc.update(func(a *cloud.Account) { views = a.JobsOn(imageUUID) })
	return views
}

// AddImage stores a Ready image at once, for tests that need many images
// (paging) or particular ones. Empty fields get defaults: a new uuid and
// cimgId, the default region, the current time. It replaces an image with
// the same uuid and returns what was stored.
func (acc *Account) AddImage(img Image) Image {
	acc.update(func(a *cloud.Account) { img = a.AddImage(img) })
	return img
}

// DeleteImage removes an image at once, as if deleted in the console. A job
// still running on it will fail (a running delete succeeds).
func (acc *Account) DeleteImage(uuid string) bool {
	deleted := false
	acc.update(func(a *cloud.Account) { deleted = a.RemoveImage(uuid) })
	return deleted
}

// RenameImage renames an image at once, to simulate drift.
func (acc *Account) RenameImage(uuid, name string) bool {
	renamed := false
	acc.update(func(a *cloud.Account) { renamed = a.RenameImage(uuid, name) })
	return renamed
}

// FailJob ends a running job now with done=true, success=false and result as
// the reason, applying the failure's effect on the image.
func (acc *Account) FailJob(jobUUID, result string) error {
	err := cloud.ErrNoJob(jobUUID)
	acc.update(func(a *cloud.Account) { err = a.FailJob(jobUUID, result) })
	return err
}

// Reset puts the account back to the seed data, leaving every other
// account, the settings and the logs as they are.
func (acc *Account) Reset() bool {
	ok, _ := acc.s.cloud.ResetAccount(acc.id)
	return ok
}
