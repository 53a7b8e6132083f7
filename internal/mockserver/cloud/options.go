package cloud

import (
	"encoding/json"
	"io"
	"time"
)

// The mock's settings are declared here once: the server is made with
// Options, and the cloud plays the readings among them (JobDuration on),
// which the setters and the admin API change and Reset restores.

// Options configures a Server (mockserver.Options). The zero value is ready to use.
type Options struct {
	// Token is the Bearer token of the first account, the one the Go
	// methods on *Server and the admin API act on when no account is named;
	// mockserver.DefaultToken when it and Tokens are both empty.
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
	// Use mockserver.Open, which returns the error when the file cannot be read.
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
	// mockserver.DefaultJobDuration; a negative value makes jobs finish on the next
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

// Settings are the Options in force; the cloud reads the readings of the
// docs and how jobs run among them, the server the rest.
type Settings = Options

// RequestRecord describes one API request as the mock saw and answered it.
// Headers are never recorded, and a token in the body or query is blanked,
// so no token can leak through the log.
type RequestRecord struct {
	Time      time.Time       `json:"time"`              // from Options.Now
	Account   string          `json:"account,omitempty"` // AccountID of the token; "" when the request carried none of the tokens
	Method    string          `json:"method"`
	Path      string          `json:"path"`
	Query     string          `json:"query,omitempty"`
	Endpoint  string          `json:"endpoint"` // "" for an unknown path, "admin" for /_mock/ (OnRequest only)
	RegionID  string          `json:"regionId,omitempty"`
	Status    int             `json:"status"` // HTTP status; 0 when the connection was dropped or the client left
	Errno     int             `json:"errno"`  // 0 also when no envelope was sent (HTTP 500/429 faults)
	Fault     string          `json:"fault,omitempty"`
	RequestID string          `json:"requestId"`
	Body      json.RawMessage `json:"body,omitempty"`
	Duration  time.Duration   `json:"duration"` // wall time spent answering
}
