package didiyun

import (
	"context"
	"errors"
	"net"
	"net/http"
	"testing"
	"time"
)

// TestRetryAfter reads the header on 429 and 503 only, in both forms, and
// caps what a server may ask.
func TestRetryAfter(t *testing.T) {
	t.Parallel()
	resp := func(status int, header string) *http.Response {
		r := &http.Response{StatusCode: status, Header: http.Header{}}
		if header != "" {
			r.Header.Set("Retry-After", header)
		}
		return r
	}
	future := time.Now().Add(time.Hour).UTC().Format(http.TimeFormat)
	past := time.Now().Add(-time.Hour).UTC().Format(http.TimeFormat)
	tests := []struct {
		name   string
		resp   *http.Response
		want   time.Duration
		wantOK bool
	}{
		{"no response", nil, 0, false},
		{"429 seconds", resp(429, "1"), time.Second, true},
		{"503 seconds", resp(503, "7"), 7 * time.Second, true},
		{"429 zero", resp(429, "0"), 0, true},
		{"500 ignored", resp(500, "3"), 0, false},
		{"200 ignored", resp(200, "3"), 0, false},
		{"429 without header", resp(429, ""), 0, false},
		{"429 negative", resp(429, "-5"), 0, false},
		{"429 garbage", resp(429, "soon"), 0, false},
		{"429 capped", resp(429, "86400"), maxRetryAfter, true},
		{"429 date in the past", resp(429, past), 0, true},
		{"429 date in the future", resp(429, future), maxRetryAfter, true}, // an hour, capped
	}
	for _, tt := range tests {
		got, ok := retryAfter(tt.resp)
		if ok != tt.wantOK {
			t.Errorf("%s: ok = %v, want %v", tt.name, ok, tt.wantOK)
			continue
		}
		if got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestBackoffWithJitter stays within [half, full] of the doubled wait,
// bounded by max, and follows Retry-After when the server sends it.
func TestBackoffWithJitter(t *testing.T) {
	t.Parallel()
	const minWait, maxWait = 100 * time.Millisecond, 2 * time.Second
	for attempt := range 70 {
		full := min(minWait<<min(attempt, 20), maxWait)
		for range 20 {
			got := backoffWithJitter(minWait, maxWait, attempt, nil)
			if got < full/2 || got > full {
				t.Fatalf("attempt %d: wait %v outside [%v, %v]", attempt, got, full/2, full)
			}
		}
	}
	throttled := &http.Response{StatusCode: http.StatusTooManyRequests, Header: http.Header{"Retry-After": {"3"}}}
	if got := backoffWithJitter(minWait, maxWait, 0, throttled); got != 3*time.Second {
		t.Errorf("with Retry-After: 3, wait %v, want 3s", got)
	}
}

// TestCheckRetry is the retry policy as a table: what may be resent, by
// operation kind and failure.
func TestCheckRetry(t *testing.T) {
	t.Parallel()
	read := context.WithValue(context.Background(), callStateKey{}, &callState{op: opListCIMG})
	write := context.WithValue(context.Background(), callStateKey{}, &callState{op: opImportCIMG})
	cancelled, cancel := context.WithCancel(read)
	cancel()
	status := func(code int) *http.Response { return &http.Response{StatusCode: code, Header: http.Header{}} }
	dialErr := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
	readErr := &net.OpError{Op: "read", Net: "tcp", Err: errors.New("connection reset by peer")}
	tests := []struct {
		name string
		ctx  context.Context
		resp *http.Response
		err  error
		want bool
	}{
		{"read 200", read, status(200), nil, false},
		{"read 500", read, status(500), nil, true},
		{"read 502", read, status(502), nil, true},
		{"read 501", read, status(501), nil, false},
		{"read 429", read, status(429), nil, true},
		{"read 404", read, status(404), nil, false},
		{"write 500", write, status(500), nil, false},
		{"write 429", write, status(429), nil, true},
		{"read errno 2", read, status(200), &APIError{Errno: 2}, true},
		{"read errno 3", read, status(200), &APIError{Errno: 3}, true},
		{"read errno 1", read, status(200), &APIError{Errno: 1}, false},
		{"read errno 4", read, status(200), &APIError{Errno: 4}, false},
		{"write errno 2", write, status(200), &APIError{Errno: 2}, false},
		{"read broken body", read, status(200), &ResponseError{HTTPStatus: 200}, true},
		{"read HTML 500 body", read, status(500), &ResponseError{HTTPStatus: 500}, false},
		{"write broken body", write, status(200), &ResponseError{HTTPStatus: 200}, false},
		{"read connection reset", read, nil, readErr, true},
		{"write connection reset", write, nil, readErr, false},
		{"read dial error", read, nil, dialErr, true},
		{"write dial error", write, nil, dialErr, true},
		{"unknown host", read, nil, &net.DNSError{Err: "no such host", Name: "x.invalid", IsNotFound: true}, false},
		{"no call state", context.Background(), status(500), nil, false},
		{"cancelled", cancelled, status(500), nil, false},
	}
	for _, tt := range tests {
		got, _ := checkRetry(tt.ctx, tt.resp, tt.err)
		if got != tt.want {
			t.Errorf("%s: retry = %v, want %v", tt.name, got, tt.want)
		}
	}
	if _, err := checkRetry(cancelled, status(500), nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: error %v, want context.Canceled", err)
	}
}
