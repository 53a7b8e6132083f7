package mockserver

import (
	"slices"

	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver/admin"
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver/cloud"
)

// The admin API lets tests and tools look at and steer the mock out of band,
// the way a user clicking in the console would.

// Token returns the Bearer token of the first account, the one the methods
// below act on.
func (s *Server) Token() string { return s.opts.Token }

// Tokens returns every token the mock accepts, Token first.
func (s *Server) Tokens() []string { return append([]string{s.opts.Token}, s.opts.Tokens...) }

// The methods below act on Token's account; Account reaches the others.

// Images returns copies of the images in a region ("" for all regions),
// oldest first, including ones whose delete job is still running.
func (s *Server) Images(regionID string) []Image { return s.defaultAccount().Images(regionID) }

// Image returns a copy of one image.
func (s *Server) Image(uuid string) (Image, bool) { return s.defaultAccount().Image(uuid) }

// Job returns a copy of one job, from any region.
func (s *Server) Job(uuid string) (Job, bool) { return s.defaultAccount().Job(uuid) }

// JobsOn is Account.JobsOn for the first account.
func (s *Server) JobsOn(imageUUID string) []Job { return s.defaultAccount().JobsOn(imageUUID) }

// AddImage stores a Ready image at once; see Account.AddImage.
func (s *Server) AddImage(img Image) Image { return s.defaultAccount().AddImage(img) }

// DeleteImage removes an image at once, as if deleted in the console. A job
// still running on it will fail (a running delete succeeds).
func (s *Server) DeleteImage(uuid string) bool { return s.defaultAccount().DeleteImage(uuid) }

// RenameImage renames an image at once, to simulate drift.
func (s *Server) RenameImage(uuid, name string) bool {
	return s.defaultAccount().RenameImage(uuid, name)
}

// FailJob ends a running job now with done=true, success=false and result as
// the reason, applying the failure's effect on the image.
func (s *Server) FailJob(jobUUID, result string) error {
	return s.defaultAccount().FailJob(jobUUID, result)
}

// SetFaults replaces the fault rules; none disables faults. It panics on an
// invalid rule, a programming error (the admin HTTP API answers 400 instead).
func (s *Server) SetFaults(rules ...FaultRule) {
	if err := s.faults.Set(rules); err != nil {
		panic("mockserver: SetFaults: " + err.Error())
	}
}

// SetFaultSeed restarts the fault dice from seed.
func (s *Server) SetFaultSeed(seed int64) { s.faults.Reseed(seed) }

// SetJobOutcome decides how new jobs of jobType end ("" for every type
// without a rule of its own). The zero JobOutcome restores normal success
// for jobType; for "" it clears the outcomes of every type.
func (s *Server) SetJobOutcome(jobType string, o JobOutcome) { s.cloud.SetJobOutcome(jobType, o) }

// Reset restores the seed data of every token's account (and forgets any
// other account the state file held), every setting Options gave (job
// duration and its spread, page cap, list shape, names match, hidden list
// jobs, list churn, delete cancels jobs, status while made, failing creates
// by name, omitted create resourceUuid, JobResult and listing lags), and clears the request log,
// counters, faults and job outcomes; the fault dice and the spread's source
// start again from the seed. Account.Reset resets one account alone.
func (s *Server) Reset() {
	_ = s.cloud.Reset() // a failed write reaches OnWriteError
	s.faults.Reset()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = requestRing{}
	s.counts = map[string]int{}
	s.jobUUIDsAsked = 0
}

// adminView is the server as the admin API sees it.
type adminView struct{ s *Server }

func (v adminView) Cloud() *cloud.Cloud     { return v.s.cloud }
func (v adminView) Faults() *admin.Faults   { return v.s.faults }
func (v adminView) TokenAccounts() []string { return v.s.accountIDs }
func (v adminView) Reset()                  { v.s.Reset() }
func (v adminView) WriteFailure() error     { return v.s.writeFailure() }
func (v adminView) Counters() any           { return v.s.counters() }
func (v adminView) RequestLog(account string) any {
	reqs := v.s.Requests()
	if account != "" {
		reqs = slices.DeleteFunc(reqs, func(rec RequestRecord) bool { return rec.Account != account })
	}
	if reqs == nil {
		reqs = []RequestRecord{}
	}
	return reqs
}
