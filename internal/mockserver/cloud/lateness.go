package cloud

import (
	"fmt"
	"slices"
	"time"
)

// The docs promise neither that JobResult knows a job the moment its create
// is answered nor that a new image is listed at once (shared/didiyun-api
// README items 10-11). The lags below play a server that learns late; each
// counts from the job's start or the image's create, by the cloud's clock,
// with the setting in force when the request is answered.

// JobResultLagMode is how JobResult answers about a job it has not learnt
// of yet: both are readings of a server that does not know the job.
type JobResultLagMode string

// The ways JobResult can answer about a job it does not know yet.
const (
	// JobResultLagOmit leaves the job out of data: errno 0, the request's
	// other jobs answered as always.
	JobResultLagOmit JobResultLagMode = "omit"
	// JobResultLagErrno fails the whole request with errno 1, "job ... not
	// found in region ...", as for a job that never ran.
	JobResultLagErrno JobResultLagMode = "errno"
)

var jobResultLagModes = []JobResultLagMode{JobResultLagOmit, JobResultLagErrno}

// Validate rejects an unknown mode; the flag, the admin API, the setter and
// New share it.
func (m JobResultLagMode) Validate() error {
	if slices.Contains(jobResultLagModes, m) {
		return nil
	}
	return fmt.Errorf("unknown JobResult lag mode %q (want one of %v)", m, jobResultLagModes)
}

// ValidateLag rejects a negative lag: a server cannot learn of a job, or
// list an image, before it was made. what names the setting.
func ValidateLag(what string, lag time.Duration) error {
	if lag < 0 {
		return fmt.Errorf("%s %s is negative: want 0 (no lag) or more", what, lag)
	}
	return nil
}

// jobKnownYet says whether JobResult has learnt of a job by now.
func (c *Cloud) jobKnownYet(j *job, now time.Time) bool {
	return !now.Before(j.started.Add(c.settings.JobResultLag))
}

// Listed says whether ListCIMG shows an image yet: one an ImportCIMG or
// CreateCIMG made is left out for ListingLag after that create; images
// seeded or added out of band are listed at once.
func (a *Account) Listed(rec *Record) bool {
	return rec.madeAt.IsZero() || !a.c.cfg.Now().Before(rec.madeAt.Add(a.c.settings.ListingLag))
}
