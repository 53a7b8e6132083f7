package didiyun

import (
	"errors"
	"strings"
	"testing"
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
	// Long binary bodies are cut to valid UTF-8 without panicking.
	for _, body := range []string{"\xff" + strings.Repeat("a", 200), strings.Repeat("\xfe\xff", 100), strings.Repeat("a", 119) + "\xe9\x95\x9c\x00"} {
		if got := snippet([]byte(body)); !utf8.ValidString(got) || len(got) > 120+len("…") {
			t.Errorf("snippet of %d binary bytes = %q, want at most 120 bytes of valid UTF-8", len(body), got)
		}
	}
}
