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

// ListShape selects how ListCIMG wraps its images, because the docs disagree:
// the table says an array, the example shows {"count","items"}.
type ListShape string

// The two shapes ListCIMG can answer with.
const (
	ListShapeObject ListShape = "object" // {"count": N, "items": [...]}, like the official example
	ListShapeArray  ListShape = "array"  // a plain array, like the doc's table
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
	MaxPageSize int
	// ListShape is ListShapeObject when empty.
	ListShape ListShape
	// Now is the clock; time.Now when nil. Tests pass a fake clock so jobs
	// progress without sleeping.
	Now func() time.Time
	// OnRequest, when set, is called after every request has been answered
	// (API, unknown path and admin requests alike), outside the lock. The
	// standalone command uses it to log one line per request.
	OnRequest func(RequestRecord)
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
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}
