package didiyun

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"time"
)

// checkRetry decides, per operation kind, whether another try is safe and
// useful, and notes why the try failed for the retry's log line.
func checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	retry, checkErr := shouldRetry(ctx, resp, err)
	if state := stateFrom(ctx); retry && state != nil {
		state.failure = describeFailure(resp, err)
	}
	return retry, checkErr
}

func describeFailure(resp *http.Response, err error) string {
	switch {
	case err != nil:
		return err.Error()
	case resp != nil:
		return "HTTP " + strconv.Itoa(resp.StatusCode)
	}
	return "no answer"
}

func shouldRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, context.Cause(ctx)
	}
	state := stateFrom(ctx)
	repeatable := state != nil && state.op.repeatable

	if err != nil {
		var apiErr *APIError
		if errors.As(err, &apiErr) {
			return repeatable && isRetryableErrno(apiErr.Errno), err
		}
		var respErr *ResponseError
		if errors.As(err, &respErr) {
			// A broken or truncated answer to a read is worth another try.
			return repeatable && respErr.HTTPStatus < 300, err
		}
		if isPermanentTransportError(err) {
			return false, err
		}
		// The request never left: safe to send again whatever it is.
		if isDialError(err) {
			return true, nil
		}
		return repeatable, err
	}

	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		// Throttled before processing: nothing happened, so any call may retry.
		return true, nil
	case resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented:
		return repeatable, nil
	}
	return false, nil
}

// backoffWithJitter honours Retry-After; otherwise it doubles from min up to
// max and picks a random point in the upper half, so that many clients that
// failed together do not come back together.
func backoffWithJitter(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
	if wait, ok := retryAfter(resp); ok {
		return wait
	}
	exp := float64(minWait) * math.Pow(2, float64(attempt))
	if exp > float64(maxWait) || math.IsInf(exp, 0) {
		exp = float64(maxWait)
	}
	half := exp / 2
	return time.Duration(half + rand.Float64()*half)
}

// maxRetryAfter caps a server's request to wait, so a bad header cannot stall
// a run. With it, one call's retries end after at most MaxRetries waits of
// max(RetryWaitMax, maxRetryAfter) each; the caller's context (a resource's
// timeouts, Ctrl-C) ends them sooner.
const maxRetryAfter = time.Minute

func retryAfter(resp *http.Response) (time.Duration, bool) {
	if resp == nil || (resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode != http.StatusServiceUnavailable) {
		return 0, false
	}
	header := resp.Header.Get("Retry-After")
	if header == "" {
		return 0, false
	}
	if seconds, err := strconv.Atoi(header); err == nil && seconds >= 0 {
		return min(time.Duration(seconds)*time.Second, maxRetryAfter), true
	}
	if at, err := http.ParseTime(header); err == nil {
		return min(max(time.Until(at), 0), maxRetryAfter), true
	}
	return 0, false
}

// isDialError reports a connection that was never made, so no request was sent.
func isDialError(err error) bool {
	var opErr *net.OpError
	return errors.As(err, &opErr) && opErr.Op == "dial"
}

// isPermanentTransportError covers errors another try cannot fix.
func isPermanentTransportError(err error) bool {
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) && dnsErr.IsNotFound {
		return true
	}
	var certErr *tls.CertificateVerificationError
	var authorityErr x509.UnknownAuthorityError
	var hostnameErr x509.HostnameError
	return errors.As(err, &certErr) || errors.As(err, &authorityErr) || errors.As(err, &hostnameErr) ||
		errors.Is(err, http.ErrSchemeMismatch)
}
