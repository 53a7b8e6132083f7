package didiyun_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun/didiyuntest"
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver"
)

// TestAPIErrors checks that an errno answer becomes an *APIError carrying
// errno, errmsg, requestId and HTTP status, that the predicates recognise
// it, and that a clean refusal is neither retried nor outcome-unknown.
func TestAPIErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name             string
		token            string // "" for the right one
		endpoint         string
		call             func(ctx context.Context, c *didiyun.Client) error
		wantErrno        int
		wantInMsg        string
		imageQueryFailed bool
		isAuth           bool
	}{
		{
			name: "wrong token", token: "0000000000000000000000000000000000000000000000000000000000000000",
			endpoint: mockserver.EndpointListCIMG,
			call: func(ctx context.Context, c *didiyun.Client) error {
				return errOf(c.ListCIMG(ctx, didiyun.ListCIMGInput{RegionID: "gz"}))
			},
			wantErrno: didiyun.ErrnoAuthFailed, wantInMsg: "invalid token", isAuth: true,
		},
		{
			name: "wrong token on a write", token: "wrong",
			endpoint: mockserver.EndpointImportCIMG,
			call: func(ctx context.Context, c *didiyun.Client) error {
				return errOf(c.ImportCIMG(ctx, "gz", didiyun.ImportCIMGInput{Name: "x", OriginImageUUID: mockserver.SeedImageBJ, OriginRegionID: "bj"}))
			},
			wantErrno: didiyun.ErrnoAuthFailed, isAuth: true,
		},
		{
			name:     "unknown origin image",
			endpoint: mockserver.EndpointImportCIMG,
			call: func(ctx context.Context, c *didiyun.Client) error {
				return errOf(c.ImportCIMG(ctx, "gz", didiyun.ImportCIMGInput{Name: "x", OriginImageUUID: "ffffffffffffffffffffffffffffffff", OriginRegionID: "bj"}))
			},
			wantErrno: didiyun.ErrnoImageQuery, wantInMsg: "ffffffffffffffffffffffffffffffff", imageQueryFailed: true,
		},
		{
			name:     "origin image in another region",
			endpoint: mockserver.EndpointImportCIMG,
			call: func(ctx context.Context, c *didiyun.Client) error {
				return errOf(c.ImportCIMG(ctx, "bj", didiyun.ImportCIMGInput{Name: "x", OriginImageUUID: mockserver.SeedImageBJ02, OriginRegionID: "gz"}))
			},
			wantErrno: didiyun.ErrnoImageQuery, imageQueryFailed: true,
		},
		{
			name:     "shared image copy refused",
			endpoint: mockserver.EndpointImportCIMG,
			call: func(ctx context.Context, c *didiyun.Client) error {
				return errOf(c.ImportCIMG(ctx, "gz", didiyun.ImportCIMGInput{Name: "x", OriginImageUUID: mockserver.SeedImageBJShared, OriginRegionID: "bj"}))
			},
			wantErrno: didiyun.ErrnoImageQuery, wantInMsg: "shared", imageQueryFailed: true,
		},
		{
			name:     "import into its own region",
			endpoint: mockserver.EndpointImportCIMG,
			call: func(ctx context.Context, c *didiyun.Client) error {
				return errOf(c.ImportCIMG(ctx, "bj", didiyun.ImportCIMGInput{Name: "x", OriginImageUUID: mockserver.SeedImageBJ, OriginRegionID: "bj"}))
			},
			wantErrno: didiyun.ErrnoInvalidParameter, wantInMsg: "target region",
		},
		{
			name:     "unknown snapshot",
			endpoint: mockserver.EndpointCreateCIMG,
			call: func(ctx context.Context, c *didiyun.Client) error {
				return errOf(c.CreateCIMG(ctx, "gz", didiyun.CreateCIMGInput{Name: "x", SnapUUID: mockserver.SeedSnapshotBJ}))
			},
			wantErrno: didiyun.ErrnoSnapshotQuery, wantInMsg: "snapshot",
		},
		{
			name:     "delete an unknown image",
			endpoint: mockserver.EndpointDeleteCIMG,
			call: func(ctx context.Context, c *didiyun.Client) error {
				return errOf(c.DeleteCIMG(ctx, "gz", "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"))
			},
			wantErrno: didiyun.ErrnoImageQuery, imageQueryFailed: true,
		},
		{
			name:     "rename a shared image",
			endpoint: mockserver.EndpointChangeNameCIMG,
			call: func(ctx context.Context, c *didiyun.Client) error {
				return errOf(c.ChangeNameCIMG(ctx, "gz", mockserver.SeedImageGZShared, "mine"))
			},
			wantErrno: didiyun.ErrnoInvalidParameter, wantInMsg: "shared",
		},
		{
			name:     "unknown job",
			endpoint: mockserver.EndpointJobResult,
			call: func(ctx context.Context, c *didiyun.Client) error {
				return errOf(c.JobResult(ctx, "gz", mockserver.SeedJobGZ, "no-such-job"))
			},
			wantErrno: didiyun.ErrnoInvalidParameter, wantInMsg: "no-such-job",
		},
		{
			name:     "unknown region",
			endpoint: mockserver.EndpointListCIMG,
			call: func(ctx context.Context, c *didiyun.Client) error {
				return errOf(c.ListCIMG(ctx, didiyun.ListCIMGInput{RegionID: "mars"}))
			},
			wantErrno: didiyun.ErrnoInvalidParameter, wantInMsg: "mars",
		},
		{
			name:      "account in arrears (injected)",
			endpoint:  mockserver.EndpointListRegionAndZone,
			call:      func(ctx context.Context, c *didiyun.Client) error { return errOf(c.ListRegionAndZone(ctx, "")) },
			wantErrno: didiyun.ErrnoArrears,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, withClient(func(o *didiyun.Options) {
				if tt.token != "" {
					o.Token = tt.token
				}
			}))
			if tt.wantErrno == didiyun.ErrnoArrears {
				e.Mock.SetFaults(mockserver.FaultRule{Kind: mockserver.FaultErrno, Errno: didiyun.ErrnoArrears, Probability: 1})
			}
			imagesBefore := len(e.Mock.Images(""))

			err := tt.call(e.ctx(), e.Client)
			apiErr := didiyuntest.AsError[*didiyun.APIError](t, err)
			if apiErr.Errno != tt.wantErrno || didiyun.ErrorErrno(err) != tt.wantErrno {
				t.Errorf("errno = %d, want %d", apiErr.Errno, tt.wantErrno)
			}
			if apiErr.Errmsg == "" || !strings.Contains(apiErr.Errmsg, tt.wantInMsg) {
				t.Errorf("errmsg = %q, want one mentioning %q", apiErr.Errmsg, tt.wantInMsg)
			}
			if apiErr.Operation != tt.endpoint || apiErr.HTTPStatus != http.StatusOK {
				t.Errorf("operation %q HTTP %d, want %s and 200", apiErr.Operation, apiErr.HTTPStatus, tt.endpoint)
			}
			if got := didiyun.IsImageQueryFailed(err); got != tt.imageQueryFailed {
				t.Errorf("IsImageQueryFailed = %v, want %v", got, tt.imageQueryFailed)
			}
			if got := didiyun.IsAuthError(err); got != tt.isAuth {
				t.Errorf("IsAuthError = %v, want %v", got, tt.isAuth)
			}
			if didiyun.IsOutcomeUnknown(err) {
				t.Errorf("a clean refusal is marked outcome-unknown: %v", err)
			}
			var attempts *didiyun.AttemptsError
			if errors.As(err, &attempts) {
				t.Errorf("a permanent errno was retried: %v", err)
			}
			for _, part := range []string{apiErr.RequestID, tt.endpoint, apiErr.Errmsg} {
				if !strings.Contains(err.Error(), part) {
					t.Errorf("error %q does not say %q", err, part)
				}
			}
			if len(e.Mock.Images("")) != imagesBefore {
				t.Error("a refused call changed the mock's images")
			}
			records := e.requests(tt.endpoint)
			if len(records) != 1 {
				t.Fatalf("%d requests, want exactly 1 (no retry of errno %d)", len(records), tt.wantErrno)
			}
			if records[0].RequestID == "" || records[0].RequestID != apiErr.RequestID {
				t.Errorf("RequestID = %q, want the mock's %q", apiErr.RequestID, records[0].RequestID)
			}
		})
	}
}

// TestResponseErrors feeds the client answers that are not DiDi envelopes:
// HTML pages, truncated and empty bodies, wrong data. Each becomes a
// *ResponseError naming the operation, the status and the reason; nothing panics.
func TestResponseErrors(t *testing.T) {
	t.Parallel()
	importCall := func(ctx context.Context, c *didiyun.Client) error {
		return errOf(c.ImportCIMG(ctx, "gz", didiyun.ImportCIMGInput{Name: "answer-test", OriginImageUUID: mockserver.SeedImageBJ, OriginRegionID: "bj"}))
	}
	listCall := func(ctx context.Context, c *didiyun.Client) error {
		return errOf(c.ListCIMG(ctx, didiyun.ListCIMGInput{RegionID: "gz"}))
	}
	jobCall := func(ctx context.Context, c *didiyun.Client) error {
		return errOf(c.JobResult(ctx, "gz", mockserver.SeedJobGZ))
	}
	fault := func(endpoint string, kind mockserver.FaultKind) []mockserver.FaultRule {
		return []mockserver.FaultRule{{Endpoint: endpoint, Kind: kind, Probability: 1}}
	}
	fixed := func(status int, contentType, body string) didiyuntest.Intercept {
		return func(w http.ResponseWriter, _ *http.Request, _ int) bool {
			return didiyuntest.Answer(w, status, contentType, body)
		}
	}
	tests := []struct {
		name       string
		maxRetries int
		faults     []mockserver.FaultRule
		intercept  didiyuntest.Intercept
		endpoint   string
		call       func(context.Context, *didiyun.Client) error
		wantStatus int
		wantReason string
		wantTries  int
		// wantOutcomeUnknown: a write whose answer was lost may have acted.
		wantOutcomeUnknown bool
		// wantImage: the mock acted on the write although the answer broke.
		wantImage bool
	}{
		{
			name: "HTTP 500 HTML page on ImportCIMG", faults: fault(mockserver.EndpointImportCIMG, mockserver.FaultHTTP500),
			endpoint: mockserver.EndpointImportCIMG, call: importCall,
			wantStatus: 500, wantReason: "not JSON", wantTries: 1, wantOutcomeUnknown: true,
		},
		{
			name: "truncated body on ImportCIMG", faults: fault(mockserver.EndpointImportCIMG, mockserver.FaultTruncated),
			endpoint: mockserver.EndpointImportCIMG, call: importCall,
			wantStatus: 200, wantReason: "truncated or malformed JSON", wantTries: 1, wantOutcomeUnknown: true, wantImage: true,
		},
		{
			name: "null data on ImportCIMG", faults: fault(mockserver.EndpointImportCIMG, mockserver.FaultDataNull),
			endpoint: mockserver.EndpointImportCIMG, call: importCall,
			wantStatus: 200, wantReason: "carries no data", wantTries: 1, wantOutcomeUnknown: true,
		},
		{
			name: "proxy HTML with HTTP 200 on ImportCIMG", intercept: fixed(200, "text/html", htmlPage),
			endpoint: mockserver.EndpointImportCIMG, call: importCall,
			wantStatus: 200, wantReason: "not JSON", wantTries: 1, wantOutcomeUnknown: true,
		},
		{
			name: "HTTP 502 HTML on a read, no retries", maxRetries: 0, intercept: fixed(502, "text/html; charset=utf-8", htmlPage),
			endpoint: mockserver.EndpointListCIMG, call: listCall,
			wantStatus: 502, wantReason: "not JSON", wantTries: 1,
		},
		{
			name: "HTTP 500 HTML on a read, retried", maxRetries: 2, faults: fault(mockserver.EndpointListCIMG, mockserver.FaultHTTP500),
			endpoint: mockserver.EndpointListCIMG, call: listCall,
			wantStatus: 500, wantReason: "not JSON", wantTries: 3,
		},
		{
			name: "HTML with HTTP 200 on a read, retried", maxRetries: 1, intercept: fixed(200, "text/html", htmlPage),
			endpoint: mockserver.EndpointListCIMG, call: listCall,
			wantStatus: 200, wantReason: "not JSON", wantTries: 2,
		},
		{
			name: "truncated body on a read, retried", maxRetries: 2, faults: fault(mockserver.EndpointJobResult, mockserver.FaultTruncated),
			endpoint: mockserver.EndpointJobResult, call: jobCall,
			wantStatus: 200, wantReason: "truncated or malformed JSON", wantTries: 3,
		},
		{
			name: "empty body", intercept: fixed(200, "application/json", ""),
			endpoint: mockserver.EndpointListRegionAndZone, call: func(ctx context.Context, c *didiyun.Client) error { return errOf(c.ListRegionAndZone(ctx, "")) },
			wantStatus: 200, wantReason: "empty body", wantTries: 1,
		},
		{
			name: "JSON without errno", intercept: fixed(200, "application/json", `{"message":"rate limited by gateway"}`),
			endpoint: mockserver.EndpointListCIMG, call: listCall,
			wantStatus: 200, wantReason: "not a DiDi API envelope", wantTries: 1,
		},
		{
			name: "errno 0 with HTTP 503", intercept: fixed(503, "application/json", `{"errno":0,"errmsg":"ok","requestId":"r","data":[]}`),
			endpoint: mockserver.EndpointListCIMG, call: listCall,
			wantStatus: 503, wantReason: "non-success HTTP status", wantTries: 1,
		},
		{
			name: "data of the wrong type", intercept: fixed(200, "application/json", `{"errno":0,"errmsg":"ok","requestId":"r","data":"surprise"}`),
			endpoint: mockserver.EndpointListCIMG, call: listCall,
			wantStatus: 200, wantReason: "unexpected data", wantTries: 1,
		},
		{
			name: "jobs of the wrong type", intercept: fixed(200, "application/json", `{"errno":0,"errmsg":"ok","requestId":"r","data":{"jobUuid":"x"}}`),
			endpoint: mockserver.EndpointImportCIMG, call: importCall,
			wantStatus: 200, wantReason: "unexpected data", wantTries: 1, wantOutcomeUnknown: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, withMaxRetries(tt.maxRetries))
			e.Mock.SetFaults(tt.faults...)
			e.SetIntercept(tt.intercept)

			var err error
			func() {
				defer func() {
					if p := recover(); p != nil {
						t.Fatalf("the call panicked: %v", p)
					}
				}()
				err = tt.call(e.ctx(), e.Client)
			}()
			respErr := didiyuntest.AsError[*didiyun.ResponseError](t, err)
			if respErr.HTTPStatus != tt.wantStatus || respErr.Operation != tt.endpoint {
				t.Errorf("ResponseError = %+v, want HTTP %d from %s", respErr, tt.wantStatus, tt.endpoint)
			}
			if !strings.Contains(respErr.Reason, tt.wantReason) {
				t.Errorf("reason = %q, want one saying %q", respErr.Reason, tt.wantReason)
			}
			msg := err.Error()
			for _, part := range []string{tt.endpoint, fmt.Sprintf("HTTP %d", tt.wantStatus), tt.wantReason} {
				if !strings.Contains(msg, part) {
					t.Errorf("error %q does not say %q", msg, part)
				}
			}
			if tt.wantReason == "not JSON" && !strings.Contains(respErr.Snippet, "<html") {
				t.Errorf("snippet = %q, want the start of the page", respErr.Snippet)
			}
			if len(respErr.Snippet) > 130 {
				t.Errorf("snippet is %d bytes long; keep error messages short", len(respErr.Snippet))
			}

			var attempts *didiyun.AttemptsError
			if tt.wantTries > 1 {
				if !errors.As(err, &attempts) || attempts.Attempts != tt.wantTries {
					t.Errorf("error %v: want an AttemptsError after %d tries", err, tt.wantTries)
				}
			} else if errors.As(err, &attempts) {
				t.Errorf("error %v was retried, want one try", err)
			}
			if got := len(e.ArrivalsAt(tt.endpoint)); got != tt.wantTries {
				t.Errorf("%d tries reached the server, want %d", got, tt.wantTries)
			}
			if got := didiyun.IsOutcomeUnknown(err); got != tt.wantOutcomeUnknown {
				t.Errorf("IsOutcomeUnknown = %v, want %v (err %v)", got, tt.wantOutcomeUnknown, err)
			}
			if got := len(e.ImagesNamed("gz", "answer-test")) == 1; got != tt.wantImage {
				t.Errorf("image made = %v, want %v", got, tt.wantImage)
			}
		})
	}
}
