package apidiag_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/didiyun/terraform-provider-didiyun/internal/apidiag"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun/ownership"
)

// call sends one ListRegionAndZone through a real client to handler, so
// that transport errors are the ones net/http makes.
func call(ctx context.Context, t *testing.T, endpoint string, tune func(*didiyun.Options)) error {
	t.Helper()
	opts := didiyun.Options{Endpoint: endpoint, Token: "t", MaxRetries: 1,
		RetryWaitMin: time.Millisecond, RetryWaitMax: time.Millisecond, RequestTimeout: 5 * time.Second}
	if tune != nil {
		tune(&opts)
	}
	client, err := didiyun.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	_, err = client.ListRegionAndZone(ctx, "")
	if err == nil {
		t.Fatal("the call succeeded")
	}
	return err
}

func server(t *testing.T, handler http.HandlerFunc) string {
	t.Helper()
	s := httptest.NewServer(handler)
	t.Cleanup(s.Close)
	return s.URL
}

func slow(d time.Duration) http.HandlerFunc {
	return func(_ http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(d):
		case <-r.Context().Done():
		}
	}
}

// settings are what a provider block with request_timeout = "1s" and
// max_retries = 1, its token from DIDIYUN_ACCESS_TOKEN, hands to apidiag.
var settings = apidiag.Settings{ //nolint:gosec // G101: TokenFrom names a variable, not a credential
	TokenFrom:      "the DIDIYUN_ACCESS_TOKEN environment variable (read because DIDIYUN_TOKEN is unset)",
	Endpoint:       "https://api.example",
	EndpointFrom:   "the DIDIYUN_ENDPOINT environment variable",
	RequestTimeout: time.Second,
	MaxRetries:     1,
}

// Each kind of failure gets one hint that names the knob to turn, and no
// other kind's hint.
func TestDetail_oneHintPerKind(t *testing.T) {
	cases := []struct {
		name string
		err  func(t *testing.T) error
		kind apidiag.Kind
		want []string
		not  []string
	}{
		{name: "request timeout",
			err: func(t *testing.T) error {
				return call(context.Background(), t, server(t, slow(200*time.Millisecond)), func(o *didiyun.Options) {
					o.RequestTimeout = 20 * time.Millisecond
				})
			},
			kind: apidiag.KindRequestTimeout,
			want: []string{"gave up after 2 attempts", "Client.Timeout exceeded", "Raise `request_timeout`", "`request_timeout` (1s here)", "`max_retries` (1 here)"},
			not:  []string{"Raise the matching entry", "endpoint"}},
		{name: "deadline of the operation",
			err: func(t *testing.T) error {
				ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
				defer cancel()
				return call(ctx, t, server(t, slow(200*time.Millisecond)), nil)
			},
			kind: apidiag.KindDeadline,
			want: []string{"ran out of time", "`timeouts` block"},
			not:  []string{"Raise `request_timeout`"}},
		{name: "deadline of a resource's create",
			err: func(t *testing.T) error {
				ctx, cancel := context.WithTimeoutCause(context.Background(), 20*time.Millisecond,
					&apidiag.OperationDeadline{Entry: "create", Limit: 20 * time.Millisecond})
				defer cancel()
				return call(ctx, t, server(t, slow(200*time.Millisecond)), nil)
			},
			kind: apidiag.KindDeadline,
			want: []string{"the create timeout (20ms) ran out", "the `create` entry of the resource's `timeouts` block", "(20ms here)", "`timeouts { create = \"40ms\" }`"},
			not:  []string{"Raise the matching entry", "Raise `request_timeout`"}},
		{name: "interrupted",
			err: func(t *testing.T) error {
				ctx, cancel := context.WithCancel(context.Background())
				time.AfterFunc(20*time.Millisecond, cancel)
				return call(ctx, t, server(t, slow(200*time.Millisecond)), nil)
			},
			kind: apidiag.KindCancelled,
			want: []string{"interrupted"},
			not:  []string{"timeouts", "endpoint"}},
		{name: "connection refused",
			err: func(t *testing.T) error {
				return call(context.Background(), t, "http://127.0.0.1:1", nil)
			},
			kind: apidiag.KindUnreachable,
			want: []string{"connection refused", "No answer came from DiDi Cloud", "the endpoint https://api.example (from the DIDIYUN_ENDPOINT environment variable)"}},
		{name: "certificate not trusted",
			err: func(t *testing.T) error {
				s := httptest.NewTLSServer(http.NotFoundHandler())
				t.Cleanup(s.Close)
				return call(context.Background(), t, s.URL, nil)
			},
			kind: apidiag.KindTLS,
			want: []string{"certificate", "https:// for DiDi Cloud", "the endpoint https://api.example"}},
		{name: "connection closed without an answer",
			err: func(t *testing.T) error {
				return call(context.Background(), t, server(t, func(w http.ResponseWriter, _ *http.Request) {
					conn, _, err := w.(http.Hijacker).Hijack()
					if err == nil {
						_ = conn.Close()
					}
				}), nil)
			},
			kind: apidiag.KindTransport,
			want: []string{"before DiDi Cloud answered", "HTTPS_PROXY"}},
		{name: "throttled",
			err: func(*testing.T) error {
				return &didiyun.ResponseError{Operation: "ListCIMG", HTTPStatus: 429, Reason: "the answer is not JSON"}
			},
			kind: apidiag.KindThrottled,
			want: []string{"HTTP 429", "throttling", "`max_retries` (1 here)"}},
		{name: "server error page",
			err: func(*testing.T) error {
				return &didiyun.ResponseError{Operation: "ListCIMG", HTTPStatus: 502, Reason: "the answer is not JSON"}
			},
			kind: apidiag.KindServerError,
			want: []string{"HTTP 502", "run the command again later", "`max_retries`"}},
		{name: "not the API",
			err: func(*testing.T) error {
				return &didiyun.ResponseError{Operation: "ListCIMG", HTTPStatus: 404, Reason: "the answer is not JSON"}
			},
			kind: apidiag.KindNotAPI,
			want: []string{"HTTP 404", "base URL", "the endpoint https://api.example"}},
		{name: "broken answer",
			err: func(*testing.T) error {
				return &didiyun.ResponseError{Operation: "ListCIMG", HTTPStatus: 200, Reason: "truncated or malformed JSON"}
			},
			kind: apidiag.KindBrokenAnswer,
			want: []string{"cut off", "proxy"}},
		{name: "rejected token",
			err: func(*testing.T) error {
				return &didiyun.APIError{Operation: "ListCIMG", Errno: 4, Errmsg: "认证错误", RequestID: "r1"}
			},
			kind: apidiag.KindErrno,
			want: []string{"errno 4", "requestId r1", "rejected the token from the DIDIYUN_ACCESS_TOKEN environment variable"},
			not:  []string{"`token` in the provider block"}},
		{name: "arrears",
			err: func(*testing.T) error {
				return &didiyun.APIError{Operation: "ImportCIMG", Errno: 1000011, RequestID: "r2"}
			},
			kind: apidiag.KindErrno, want: []string{"Top it up"}},
		{name: "unknown origin image",
			err:  func(*testing.T) error { return &didiyun.APIError{Operation: "ImportCIMG", Errno: 41026} },
			kind: apidiag.KindErrno, want: []string{"not a shared image"}},
		{name: "image query failed on a delete",
			err:  func(*testing.T) error { return &didiyun.APIError{Operation: "DeleteCIMG", Errno: 41026} },
			kind: apidiag.KindErrno, want: []string{"does not mean it is gone", "stays in state"}, not: []string{"endpoint"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.err(t)
			if got := apidiag.Classify(err); got != c.kind {
				t.Errorf("Classify(%v) = %v, want %v", err, got, c.kind)
			}
			detail := settings.Detail(err)
			checkDetail(t, detail, c.want, c.not)
		})
	}
}

// checkDetail reports each of want that detail lacks and each of not it has.
func checkDetail(t *testing.T, detail string, want, not []string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(detail, w) {
			t.Errorf("detail lacks %q:\n%s", w, detail)
		}
	}
	for _, n := range not {
		if strings.Contains(detail, n) {
			t.Errorf("detail has %q:\n%s", n, detail)
		}
	}
}

// Without the provider's settings, hints name every place a value can come from.
func TestDetail_withoutSettings(t *testing.T) {
	detail := apidiag.Settings{}.Detail(&didiyun.APIError{Operation: "ListCIMG", Errno: 4})
	checkDetail(t, detail, []string{"`token` in the provider block", "DIDIYUN_TOKEN", "DIDIYUN_ACCESS_TOKEN"}, nil)
	detail = apidiag.Settings{}.Detail(fmt.Errorf("ListCIMG: %w", &didiyun.ResponseError{HTTPStatus: 429}))
	if !strings.Contains(detail, "`max_retries` (5 unless set)") {
		t.Errorf("detail lacks the default of max_retries:\n%s", detail)
	}
}

// A create whose image could not be proven its own never claims a lookup
// that did not run, names each candidate with a runnable import, says the
// create was not sent again, and names the job when one was answered.
func TestDetail_unresolvedCreate(t *testing.T) {
	sent := fmt.Errorf("ImportCIMG: %w (%v) (%w)", context.Canceled, "net/http: request canceled", didiyun.ErrOutcomeUnknown)
	running := &didiyun.Job{JobUUID: "j1", Type: "CreateCIMG"}
	cases := []struct {
		name string
		err  error
		want []string
		not  []string
	}{
		{"interrupted before any lookup",
			&ownership.UnresolvedError{RegionID: "gz", Name: "web", Err: sent},
			[]string{"interrupted", `may have made an image named "web" in region gz`, "not known", `names = ["web"]`, `region_id = "gz"`, "not sent again"},
			[]string{"appeared"}},
		{"the lookup itself failed",
			&ownership.UnresolvedError{RegionID: "gz", Name: "web", Err: errors.New("EOF"), LookErr: errors.New("ListCIMG failed")},
			[]string{"not known", `names = ["web"]`, "ListCIMG failed"},
			[]string{"appeared in region gz"}},
		{"looked and found none",
			&ownership.UnresolvedError{RegionID: "gz", Name: "web", Looked: true, Err: errors.New("EOF")},
			[]string{`No image named "web" was listed in region gz`, "may still appear", "names = [\"web\"]",
				"terraform query", "terraform import 'ADDRESS' gz/<uuid>"},
			[]string{"not known", "apply again"}},
		{"looked and found candidates",
			&ownership.UnresolvedError{RegionID: "gz", Name: "web", Looked: true, Err: errors.New("EOF"), Candidates: []didiyun.Image{
				{UUID: "u1", Status: "Ready"}, {UUID: "u2", Status: "Importing", Job: running}}},
			[]string{"terraform import 'ADDRESS' gz/u1", "terraform import 'ADDRESS' gz/u2", `u1 (status "Ready", no running job shown)`,
				"j1 (CreateCIMG", "after \"with\"", "not sent again"},
			[]string{"not known"}},
		{"an answer without the image",
			&ownership.UnresolvedError{RegionID: "gz", Name: "web", JobUUID: "j9", Err: errors.New("ImportCIMG answered job j9 without the new image's uuid")},
			[]string{"job j9", "terraform import 'ADDRESS' gz/<uuid>", "not sent again"},
			nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			detail := apidiag.Settings{}.Detail(c.err)
			checkDetail(t, detail, c.want, c.not)
		})
	}
}

// A taken name comes with a runnable import command and the
// create_before_destroy case, at plan time and at apply alike.
func TestDetail_nameTaken(t *testing.T) {
	detail := apidiag.Settings{}.Detail(&ownership.NameTakenError{RegionID: "gz", Name: "web", UUIDs: []string{"u1"}})
	checkDetail(t, detail, []string{
		`an image named "web" already exists in region gz (u1)`,
		"terraform import 'ADDRESS' gz/u1",
		`ADDRESS is the resource address Terraform shows with this message (after "with")`,
		"create_before_destroy", `"web-2"`,
	}, []string{"<address>"})
	summary, warning := apidiag.ReplacedUnderSameName("gz", "web", "u1")
	if summary == "" || !strings.Contains(warning, "create_before_destroy") || !strings.Contains(warning, `"web-2"`) {
		t.Errorf("replacement warning %q: %q", summary, warning)
	}
}
