package didiyun

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// TestDecodeEnvelope feeds raw answers to the envelope decoder: every input
// gives data, an *APIError or a *ResponseError with the right reason, and
// none panics.
func TestDecodeEnvelope(t *testing.T) {
	t.Parallel()
	longHTML := "<html><body>" + strings.Repeat("网关错误 ", 100) + "</body></html>"
	tests := []struct {
		name       string
		status     int
		body       string
		wantErrno  int    // an *APIError with this errno
		wantReason string // a *ResponseError with this reason
		wantData   string // success with this data ("" for none)
	}{
		{name: "success", status: 200, body: `{"errno":0,"errmsg":"ok","requestId":"r1","data":[{"jobUuid":"j"}]}`, wantData: `[{"jobUuid":"j"}]`},
		{name: "success with unknown fields", status: 200, body: `{"errno":0,"errmsg":"","requestId":"r1","data":{"count":0,"items":[]},"traceId":"t","cost":3}`, wantData: `{"count":0,"items":[]}`},
		{name: "data null", status: 200, body: `{"errno":0,"errmsg":"ok","requestId":"r1","data":null}`, wantData: `null`},
		{name: "data missing", status: 200, body: `{"errno":0,"errmsg":"ok","requestId":"r1"}`},
		{name: "errno with HTTP 200", status: 200, body: `{"errno":4,"errmsg":"认证错误/AccessDenied","requestId":"r-auth","data":[]}`, wantErrno: 4},
		{name: "errno with HTTP 503", status: 503, body: `{"errno":2,"errmsg":"服务开小差","requestId":"r-503"}`, wantErrno: 2},
		{name: "large errno", status: 200, body: `{"errno":10000001,"errmsg":"没有权限","requestId":"r"}`, wantErrno: 10000001},
		{name: "empty body", status: 200, body: ``, wantReason: "empty body"},
		{name: "blank body", status: 502, body: " \r\n\t", wantReason: "empty body"},
		{name: "HTML page", status: 500, body: "<html><head><title>500</title></head></html>", wantReason: "not JSON"},
		{name: "long HTML page", status: 200, body: longHTML, wantReason: "not JSON"},
		{name: "plain text", status: 429, body: "Too Many Requests", wantReason: "not JSON"},
		{name: "binary", status: 200, body: "\x00\xff\xfe{\x01", wantReason: "not JSON"},
		{name: "truncated object", status: 200, body: `{"errno":0,"errmsg":"ok","requestId":"r1","data":[{"jobU`, wantReason: "truncated or malformed"},
		{name: "only a brace", status: 200, body: `{`, wantReason: "truncated or malformed"},
		{name: "errno as a string", status: 200, body: `{"errno":"0","data":[]}`, wantReason: "truncated or malformed"},
		{name: "errno as a float", status: 200, body: `{"errno":0.5}`, wantReason: "truncated or malformed"},
		{name: "errno overflows", status: 200, body: `{"errno":1e400}`, wantReason: "truncated or malformed"},
		{name: "array instead of an object", status: 200, body: `[{"errno":0}]`, wantReason: "truncated or malformed"},
		{name: "errno missing", status: 200, body: `{"errmsg":"ok","data":[]}`, wantReason: "not a DiDi API envelope"},
		{name: "errno null", status: 200, body: `{"errno":null,"data":[]}`, wantReason: "not a DiDi API envelope"},
		{name: "JSON null", status: 200, body: `null`, wantReason: "not a DiDi API envelope"},
		// A bare scalar is JSON but no envelope; either wording will do.
		{name: "JSON number", status: 200, body: `0`, wantReason: "the answer is not"},
		{name: "errno 0 with HTTP 500", status: 500, body: `{"errno":0,"errmsg":"ok","requestId":"r","data":[]}`, wantReason: "non-success HTTP status"},
		{name: "errno 0 with HTTP 302", status: 302, body: `{"errno":0,"data":[]}`, wantReason: "non-success HTTP status"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env, err := decodeEnvelope("ListCIMG", tt.status, "text/test", []byte(tt.body))
			switch {
			case tt.wantErrno != 0:
				var apiErr *APIError
				if !errors.As(err, &apiErr) {
					t.Fatalf("error %v (%T), want an *APIError", err, err)
				}
				if apiErr.Errno != tt.wantErrno || apiErr.HTTPStatus != tt.status || apiErr.Operation != "ListCIMG" ||
					apiErr.Errmsg == "" || apiErr.RequestID == "" {
					t.Errorf("APIError = %+v, want errno %d, HTTP %d, errmsg and requestId", apiErr, tt.wantErrno, tt.status)
				}
				if env == nil {
					t.Error("the envelope of an errno answer is lost")
				}
			case tt.wantReason != "":
				var respErr *ResponseError
				if !errors.As(err, &respErr) {
					t.Fatalf("error %v (%T), want a *ResponseError", err, err)
				}
				if !strings.Contains(respErr.Reason, tt.wantReason) || respErr.HTTPStatus != tt.status || respErr.Operation != "ListCIMG" {
					t.Errorf("ResponseError = %+v, want reason %q, HTTP %d", respErr, tt.wantReason, tt.status)
				}
				if respErr.ContentType != "text/test" {
					t.Errorf("ContentType = %q, want the answer's", respErr.ContentType)
				}
				if utf8.RuneCountInString(respErr.Snippet) > 121 {
					t.Errorf("snippet %q is not short", respErr.Snippet)
				}
				msg := err.Error()
				if !utf8.ValidString(msg) {
					t.Errorf("message %q is not valid UTF-8", msg)
				}
				if !strings.Contains(msg, "ListCIMG failed") || !strings.Contains(msg, tt.wantReason) {
					t.Errorf("message %q does not say what failed and why", msg)
				}
			default:
				if err != nil {
					t.Fatalf("decodeEnvelope: %v", err)
				}
				if string(env.Data) != tt.wantData {
					t.Errorf("data = %s, want %s", env.Data, tt.wantData)
				}
			}
		})
	}
}

func TestSnippet(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, want string
	}{
		{"", ""},
		{"  a \n\t b  ", "a b"},
		{strings.Repeat("x", 120), strings.Repeat("x", 120)},
		{strings.Repeat("x", 121), strings.Repeat("x", 120) + "…"},
		// 40 three-byte runes fill exactly 120 bytes; one more is cut on a rune boundary.
		{strings.Repeat("镜", 41), strings.Repeat("镜", 40) + "…"},
		{"a" + strings.Repeat("镜", 41), "a" + strings.Repeat("镜", 39) + "…"},
	}
	for _, tt := range tests {
		if got := snippet([]byte(tt.in)); got != tt.want {
			t.Errorf("snippet(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

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
	throttled := &http.Response{StatusCode: 429, Header: http.Header{"Retry-After": {"3"}}}
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

// TestPollOptionsDefaults fills zero fields and keeps the ceiling above the floor.
func TestPollOptionsDefaults(t *testing.T) {
	t.Parallel()
	got := PollOptions{}.withDefaults()
	want := PollOptions{Floor: DefaultPollFloor, Ceiling: DefaultPollCeiling, ChunkSize: DefaultPollChunkSize, MaxFailedPolls: DefaultMaxFailedPolls}
	if got != want {
		t.Errorf("defaults = %+v, want %+v", got, want)
	}
	if got := (PollOptions{Floor: time.Minute, Ceiling: time.Second}).withDefaults(); got.Ceiling < got.Floor {
		t.Errorf("ceiling %v below floor %v", got.Ceiling, got.Floor)
	}
}
