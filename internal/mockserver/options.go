package mockserver

import "time"

// DefaultToken is the Bearer token the mock accepts unless Options.Token says
// otherwise. It is the hex encoding of "didiyun-mock-token-not-a-secret!", so
// it looks like a real 64-hex token but says what it is when decoded.
const DefaultToken = "6469646979756e2d6d6f636b2d746f6b656e2d6e6f742d612d73656372657421"

// Defaults used when the matching Options field is left zero.
const (
	DefaultJobDuration = 3 * time.Second
	DefaultRegion      = "gz"
	DefaultMaxPageSize = 100
)

// Options configures a Server. The zero value is ready to use.
type Options struct {
	// Token is the only Bearer token accepted; DefaultToken when empty.
	Token string
	// JobDuration is how long a job takes from 0 to 100 %. Zero means
	// DefaultJobDuration; a negative value makes jobs finish on the next
	// request that looks at them.
	JobDuration time.Duration
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
	// ListChurn deletes another user's images between ListCIMG pages; off
	// when PerPage is zero.
	ListChurn ListChurn
	// DeleteCancelsJobs lets DeleteCIMG cancel an import, create or rename
	// still running on the image. When false, such a delete is refused with
	// errno 1, as a server reading the docs strictly may do.
	DeleteCancelsJobs bool
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
	return o.ListChurn.Validate()
}

func (o Options) withDefaults() Options {
	if o.Token == "" {
		o.Token = DefaultToken
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
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}
