package mockserver

import (
	"errors"
	"io"
	"slices"
	"time"

	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver/cloud"
)

// DefaultToken is the Bearer token the mock accepts unless Options.Token says
// otherwise. It is the hex encoding of "didiyun-mock-token-not-a-secret!", so
// it looks like a real 64-hex token but says what it is when decoded.
const DefaultToken = "6469646979756e2d6d6f636b2d746f6b656e2d6e6f742d612d73656372657421"

// Defaults used when the matching Options field is left zero.
const (
	DefaultJobDuration = 3 * time.Second
	DefaultRegion      = "gz"
)

// Options configures a Server. The zero value is ready to use.
type Options struct {
	// Token is the Bearer token of the first account, the one the Go
	// methods on *Server and the admin API act on when no account is named;
	// DefaultToken when it and Tokens are both empty.
	Token string
	// Tokens are the Bearer tokens of more accounts. Each token is an account
	// with its own images, jobs and snapshots, each starting from the seed
	// data; no token sees or touches another's. When Token is empty the
	// first of these takes its place.
	Tokens []string
	// StateFile, when set, keeps the cloud (every account's images, jobs and
	// snapshots) in this file: it is loaded at start when it exists, and
	// every change is written and synced to it before the request that made
	// it is answered, so a kill -9 loses at most the requests being
	// answered. The file holds no token (accounts are known by AccountID).
	// Use Open, which returns the error when the file cannot be read.
	StateFile string
	// Journal, when set, gets one JSON line per API request (not admin
	// requests) as each is answered: time, account, action, body, errno,
	// HTTP status, duration and injected fault; never a token.
	Journal io.Writer
	// JobRetention is how long JobResult still knows a finished job;
	// DefaultJobRetention when zero, forever when negative.
	JobRetention time.Duration
	// OnWriteError, when set, is told once that the state file or the
	// journal could not be written. From then on every API request answers
	// errno 2, since what the mock holds is no longer what the file says.
	OnWriteError func(error)
	// JobDuration is how long a job takes from 0 to 100 %. Zero means
	// DefaultJobDuration; a negative value makes jobs finish on the next
	// request that looks at them.
	JobDuration time.Duration
	// JobDurationSpread varies job durations, so benchmarks meet jobs that
	// do not all end together: 0 gives every job JobDuration exactly; 0.4
	// draws each job's duration uniformly from JobDuration × [0.6, 1.4],
	// from a random source seeded with Seed. Between 0 and 1.
	JobDurationSpread float64
	// Seed seeds the random source used for fault rolls, so a run with the
	// same seed, rules and request sequence injects the same faults.
	Seed int64
	// DefaultRegion is used when a request that needs a region leaves regionId
	// out (the official ImportCIMG and CreateCIMG examples do). "gz" when empty.
	DefaultRegion string
	// MaxPageSize caps ListCIMG's limit. DefaultMaxPageSize when zero.
	// The docs set no maximum, so a small cap plays a server whose pages
	// end early without being the last.
	MaxPageSize int
	// ListShape is ListShapeObject when empty.
	ListShape ListShape
	// NamesMatch is how ListCIMG's condition.names matches; NamesMatchExact
	// when empty.
	NamesMatch NamesMatch
	// HideListJobs leaves `job` out of ListCIMG's images. The docs put it
	// there while a job runs; a server that trims it plays a client that
	// learns how jobs end from JobResult only.
	HideListJobs bool
	// ListChurn deletes another user's images between ListCIMG pages; off
	// when PerPage is zero.
	ListChurn ListChurn
	// DeleteCancelsJobs lets DeleteCIMG cancel an import, create or rename
	// still running on the image. When false, such a delete is refused with
	// errno 1, as a server reading the docs strictly may do.
	DeleteCancelsJobs bool
	// StatusWhileMade is the status a new image shows while the ImportCIMG or
	// CreateCIMG job making it runs: the docs name no status but Ready, so
	// a server may show any word, Ready included. Empty keeps the mock's
	// ImageStatusImporting and ImageStatusCreating. The image becomes Ready
	// or Failed when the job ends, whatever it showed.
	StatusWhileMade string
	// FailCreatesNamed, when not empty, makes every ImportCIMG or CreateCIMG
	// job whose new image's name starts with it fail after its duration,
	// whatever job outcome is set, so one request can hold a job that fails
	// beside ones that succeed.
	FailCreatesNamed string
	// OmitCreateResourceUUID leaves resourceUuid out of the jobs ImportCIMG
	// and CreateCIMG answer: nothing in the docs promises it there, so a
	// client must be able to learn the new image from JobResult.
	OmitCreateResourceUUID bool
	// JobResultLag plays a JobResult that learns of a new job late: for this
	// long after a job started, JobResult answers as if it did not know it,
	// the way JobResultLagMode says. Zero (the default) knows jobs at once;
	// negative is refused.
	JobResultLag time.Duration
	// JobResultLagMode is how JobResult answers about a job it does not know
	// yet: JobResultLagOmit (when empty) leaves it out of data, errno 0;
	// JobResultLagErrno fails the request with errno 1, as for an unknown job.
	JobResultLagMode JobResultLagMode
	// ListingLag plays a ListCIMG that lists a new image late: for this long
	// after the ImportCIMG or CreateCIMG that made it, the image is left out
	// of every listing, names lookups included. Zero (the default) lists it
	// at once; negative is refused.
	ListingLag time.Duration
	// Now is the clock; time.Now when nil. Tests pass a fake clock so jobs
	// progress without sleeping.
	Now func() time.Time
	// OnRequest, when set, is called after every request has been answered
	// (API, unknown path and admin requests alike), outside the lock. The
	// standalone command uses it to log one line per request.
	OnRequest func(RequestRecord)
}

// check rejects Options no server could play, a programming error.
func (o Options) check() error {
	if err := o.ListShape.Validate(); o.ListShape != "" && err != nil {
		return err
	}
	if err := o.NamesMatch.Validate(); o.NamesMatch != "" && err != nil {
		return err
	}
	if err := ValidateJobDurationSpread(o.JobDurationSpread); err != nil {
		return err
	}
	if err := o.JobResultLagMode.Validate(); o.JobResultLagMode != "" && err != nil {
		return err
	}
	if err := ValidateLag("JobResult lag", o.JobResultLag); err != nil {
		return err
	}
	if err := ValidateLag("listing lag", o.ListingLag); err != nil {
		return err
	}
	if slices.Contains(o.Tokens, "") {
		return errors.New("an empty token in Tokens")
	}
	return o.ListChurn.Validate()
}

func (o Options) withDefaults() Options {
	var tokens []string
	for _, t := range append([]string{o.Token}, o.Tokens...) {
		if t != "" && !slices.Contains(tokens, t) {
			tokens = append(tokens, t)
		}
	}
	if len(tokens) == 0 {
		tokens = []string{DefaultToken}
	}
	o.Token, o.Tokens = tokens[0], tokens[1:]
	if o.JobRetention == 0 {
		o.JobRetention = DefaultJobRetention
	}
	if o.JobDuration == 0 {
		o.JobDuration = DefaultJobDuration
	}
	if o.JobDuration < 0 {
		o.JobDuration = 0
	}
	if o.DefaultRegion == "" {
		o.DefaultRegion = DefaultRegion
	}
	if o.MaxPageSize <= 0 {
		o.MaxPageSize = DefaultMaxPageSize
	}
	if o.ListShape == "" {
		o.ListShape = ListShapeObject
	}
	if o.NamesMatch == "" {
		o.NamesMatch = NamesMatchExact
	}
	if o.JobResultLagMode == "" {
		o.JobResultLagMode = JobResultLagOmit
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// settings are the cloud's settings Options give (after withDefaults).
func (o Options) settings() cloud.Settings {
	return cloud.Settings{
		JobDuration: o.JobDuration, JobDurationSpread: o.JobDurationSpread, MaxPageSize: o.MaxPageSize,
		ListShape: o.ListShape, NamesMatch: o.NamesMatch, HideListJobs: o.HideListJobs, ListChurn: o.ListChurn,
		DeleteCancelsJobs: o.DeleteCancelsJobs, StatusWhileMade: o.StatusWhileMade,
		FailCreatesNamed: o.FailCreatesNamed, OmitCreateResourceUUID: o.OmitCreateResourceUUID,
		JobResultLag: o.JobResultLag, JobResultLagMode: o.JobResultLagMode, ListingLag: o.ListingLag,
	}
}
