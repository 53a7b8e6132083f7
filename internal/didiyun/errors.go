package didiyun

import (
	"context"
	"errors"
	"fmt"
	"net/http"
)

// Errnos the client and its callers act on (see basics-response-and-errnos).
const (
	ErrnoInvalidParameter = 1
	ErrnoSystemError      = 2
	ErrnoUnknownError     = 3
	ErrnoAuthFailed       = 4
	ErrnoInvalidCall      = 13
	ErrnoSnapshotQuery    = 41017
	ErrnoImageQuery       = 41026
	ErrnoArrears          = 1000011
	ErrnoNoPermission     = 10000001
)

// APIError is an answer whose errno is not 0.
type APIError struct {
	Operation  string
	Errno      int
	Errmsg     string
	RequestID  string
	HTTPStatus int
}

func (e *APIError) Error() string {
	return fmt.Sprintf("%s failed: errno %d: %s (requestId %s, HTTP %d)",
		e.Operation, e.Errno, e.Errmsg, e.RequestID, e.HTTPStatus)
}

// ResponseError is an answer that is not a DiDi envelope: an HTML page from a
// proxy, a truncated body, or an HTTP error without JSON.
type ResponseError struct {
	Operation   string
	HTTPStatus  int
	ContentType string
	Snippet     string
	Reason      string
	// NotEnvelope is a whole body that is not the API's answer (an HTML
	// page, JSON without errno), as opposed to one cut off on the way.
	NotEnvelope bool
}

func (e *ResponseError) Error() string {
	msg := fmt.Sprintf("%s failed: %s (HTTP %d", e.Operation, e.Reason, e.HTTPStatus)
	if e.ContentType != "" {
		msg += ", Content-Type " + e.ContentType
	}
	msg += ")"
	if e.Snippet != "" {
		msg += fmt.Sprintf("; body starts with %q", e.Snippet)
	}
	return msg
}

// AttemptsError says how many tries a retried request took before giving up.
type AttemptsError struct {
	Operation string
	Attempts  int
	// Limit is the most tries max_retries allows; with fewer, Stopped says
	// why the retries ended early, so the count never reads as a limit.
	Limit   int
	Stopped string
	Err     error
}

func (e *AttemptsError) Error() string {
	if e.Attempts >= e.Limit || e.Stopped == "" {
		return fmt.Sprintf("%s gave up after %d attempts: %v", e.Operation, e.Attempts, e.Err)
	}
	return fmt.Sprintf("%s gave up after %d of up to %d attempts, %s: %v", e.Operation, e.Attempts, e.Limit, e.Stopped, e.Err)
}

func (e *AttemptsError) Unwrap() error { return e.Err }

// StoppedError is a call that its context (a deadline, an interrupt) ended.
// Last, the failure of its last try, is kept out of the chain, so that why
// the call stopped decides how it is classified.
type StoppedError struct {
	Operation string
	Cause     error
	Last      error
}

func (e *StoppedError) Error() string {
	return fmt.Sprintf("%s: %v (%v)", e.Operation, e.Cause, e.Last)
}

func (e *StoppedError) Unwrap() error { return e.Cause }

// LastFailure is the failure of the last try of a call its context ended,
// nil for any other error.
func LastFailure(err error) error {
	var stopped *StoppedError
	if errors.As(err, &stopped) {
		return stopped.Last
	}
	return nil
}

// ErrOutcomeUnknown marks a failed create whose request may still have
// reached the server: the resource may exist although no answer said so.
var ErrOutcomeUnknown = errors.New("the request may have taken effect")

type outcomeUnknownError struct{ err error }

func (e *outcomeUnknownError) Error() string {
	return e.err.Error() + " (" + ErrOutcomeUnknown.Error() + ")"
}
func (e *outcomeUnknownError) Unwrap() []error {
	return []error{e.err, ErrOutcomeUnknown}
}

// JobFailedError is a job that finished without success.
type JobFailedError struct {
	Job Job
}

func (e *JobFailedError) Error() string {
	reason := e.Job.Result
	if reason == "" {
		reason = "no reason given"
	}
	return fmt.Sprintf("job %s (%s) on %s failed: %s", e.Job.ID(), e.Job.Type, e.Job.ResourceUUID, reason)
}

// ErrorErrno returns the errno inside err, or 0 when there is none.
func ErrorErrno(err error) int {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.Errno
	}
	return 0
}

// IsImageQueryFailed reports errno 41026, "image query failed". It is not
// evidence that an image is absent (the docs do not say so, and it may be
// transient): only a lookup tells that.
func IsImageQueryFailed(err error) bool { return ErrorErrno(err) == ErrnoImageQuery }

// IsAuthError reports a rejected token.
func IsAuthError(err error) bool { return ErrorErrno(err) == ErrnoAuthFailed }

// IsOutcomeUnknown reports a write that may have taken effect.
func IsOutcomeUnknown(err error) bool { return errors.Is(err, ErrOutcomeUnknown) }

// IsTransient reports a failure that says nothing about the request itself
// and may pass by waiting: no connection (refused, reset, a timeout), HTTP
// 429 or 5xx, an answer cut off on the way, errno 2 or 3. Waits ride these
// out. Any other failure will not pass by waiting and ends a wait at once:
// an API answer with another errno (a refused token is errno 4), an unknown
// host, a certificate that is not trusted, an HTTP 4xx without an API
// answer, or a whole body that is not the API's envelope (a wrong endpoint).
func IsTransient(err error) bool {
	var apiErr *APIError
	var respErr *ResponseError
	switch {
	case errors.As(err, &apiErr):
		return isRetryableErrno(apiErr.Errno)
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return false
	case errors.As(err, &respErr):
		switch {
		case respErr.HTTPStatus == http.StatusTooManyRequests, respErr.HTTPStatus >= 500:
			return true
		case respErr.HTTPStatus >= 400:
			return false
		}
		return !respErr.NotEnvelope
	}
	return !isPermanentTransportError(err)
}

func isRetryableErrno(errno int) bool {
	return errno == ErrnoSystemError || errno == ErrnoUnknownError
}
