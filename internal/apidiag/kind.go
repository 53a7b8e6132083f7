package apidiag

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"syscall"

	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
)

// Kind is what went wrong with an API call, as far as the fix is concerned:
// each kind has one hint, which names the setting that fixes it.
type Kind int

// The kinds of failure, from an answer of the API to no answer at all.
const (
	KindOther          Kind = iota
	KindErrno               // DiDi Cloud answered with errno ≠ 0
	KindThrottled           // HTTP 429
	KindServerError         // HTTP 5xx without an API answer
	KindNotAPI              // HTTP 4xx without an API answer: not the API's base URL
	KindBrokenAnswer        // a success status whose body is cut off or not the documented shape
	KindCancelled           // the operation was interrupted (Ctrl-C)
	KindDeadline            // the operation's own deadline: a resource's timeouts block
	KindRequestTimeout      // one HTTP request outlived request_timeout
	KindTLS                 // certificate not trusted, or not HTTPS at all
	KindUnreachable         // connection refused, host not found, no route
	KindTransport           // any other failure before an answer
)

var kindNames = [...]string{"Other", "Errno", "Throttled", "ServerError", "NotAPI", "BrokenAnswer", "Cancelled",
	"Deadline", "RequestTimeout", "TLS", "Unreachable", "Transport"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return "Kind" + kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Classify tells the kind of a client error. An answer of the API wins
// over anything else in the chain; the caller's context is checked before
// the transport because an interrupted request also fails in the transport.
func Classify(err error) Kind {
	var apiErr *didiyun.APIError
	var respErr *didiyun.ResponseError
	switch {
	case err == nil:
		return KindOther
	case errors.As(err, &apiErr):
		return KindErrno
	case chainHas(err, context.Canceled):
		return KindCancelled
	// By identity, not errors.Is: net/http's own Client.Timeout error also
	// matches context.DeadlineExceeded with errors.Is, and that one is
	// request_timeout, not the operation's deadline.
	case chainHas(err, context.DeadlineExceeded):
		return KindDeadline
	case errors.As(err, &respErr):
		return responseKind(respErr.HTTPStatus)
	case isTLS(err):
		return KindTLS
	case isTimeout(err):
		return KindRequestTimeout
	case isUnreachable(err):
		return KindUnreachable
	}
	var netErr net.Error
	if errors.As(err, &netErr) {
		return KindTransport
	}
	return KindOther
}

func responseKind(status int) Kind {
	switch {
	case status == http.StatusTooManyRequests:
		return KindThrottled
	case status >= 500:
		return KindServerError
	case status >= 400:
		return KindNotAPI
	}
	return KindBrokenAnswer
}

// chainHas reports target itself (by identity) anywhere in err's chain.
func chainHas(err, target error) bool {
	found := false
	walk(err, func(e error) bool {
		found = e == target //nolint:errorlint // identity is the point, see Classify
		return found
	})
	return found
}

// walk calls visit on every error of the chain, both Unwrap forms
// included, until visit returns true.
func walk(err error, visit func(error) bool) bool {
	if err == nil {
		return false
	}
	if visit(err) {
		return true
	}
	switch e := err.(type) { //nolint:errorlint // walking the chain by hand
	case interface{ Unwrap() error }:
		return walk(e.Unwrap(), visit)
	case interface{ Unwrap() []error }:
		for _, inner := range e.Unwrap() {
			if walk(inner, visit) {
				return true
			}
		}
	}
	return false
}

func isTimeout(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) {
		return true // net/http's Client.Timeout error
	}
	return walk(err, func(e error) bool {
		t, ok := e.(interface{ Timeout() bool })
		return ok && t.Timeout()
	})
}

func isTLS(err error) bool {
	var certErr *tls.CertificateVerificationError
	var recordErr tls.RecordHeaderError
	var authorityErr x509.UnknownAuthorityError
	var hostnameErr x509.HostnameError
	var invalidErr x509.CertificateInvalidError
	return errors.As(err, &certErr) || errors.As(err, &recordErr) || errors.As(err, &authorityErr) ||
		errors.As(err, &hostnameErr) || errors.As(err, &invalidErr) || errors.Is(err, http.ErrSchemeMismatch)
}

func isUnreachable(err error) bool {
	var dnsErr *net.DNSError
	var opErr *net.OpError
	return errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.EHOSTUNREACH) ||
		errors.Is(err, syscall.ENETUNREACH) || errors.As(err, &dnsErr) ||
		(errors.As(err, &opErr) && opErr.Op == "dial")
}
