package mockserver

import (
	"errors"
	"slices"
	"time"
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

// check rejects Options no server could play, a programming error.
func check(o Options) error {
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

// withDefaults fills the zero fields of o.
func withDefaults(o Options) Options {
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
