package didiyun_test

import (
	"context"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun/didiyuntest"
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver"
)

// TestRequestWireFormat checks each call's request against the docs: method,
// path, where regionId goes, the body's fields (cimg always an array), and
// the headers (Bearer token, JSON Content-Type on POST, a User-Agent).
func TestRequestWireFormat(t *testing.T) {
	t.Parallel()
	tests := []struct {
		endpoint string
		method   string
		call     func(ctx context.Context, c *didiyun.Client) error
		// wantBody is the JSON body, compared as decoded values (nil for GET).
		wantBody  string
		wantQuery url.Values
	}{
		{
			endpoint: mockserver.EndpointImportCIMG, method: http.MethodPost,
			call: func(ctx context.Context, c *didiyun.Client) error {
				_, err := c.ImportCIMG(ctx, "gz", didiyun.ImportCIMGInput{
					Name: "copy", OriginImageUUID: mockserver.SeedImageBJ, OriginRegionID: "bj", Description: "d",
				})
				return err
			},
			wantBody: `{"regionId":"gz","cimg":[{"name":"copy","originImageUuid":"` + mockserver.SeedImageBJ + `","originRegionId":"bj","description":"d"}]}`,
		},
		{
			endpoint: mockserver.EndpointImportCIMG, method: http.MethodPost,
			call: func(ctx context.Context, c *didiyun.Client) error {
				return errOf(c.ImportCIMG(ctx, "bj", didiyun.ImportCIMGInput{Name: "copy", OriginImageUUID: mockserver.SeedImageGZ, OriginRegionID: "gz"}))
			},
			// description is optional and left out when empty.
			wantBody: `{"regionId":"bj","cimg":[{"name":"copy","originImageUuid":"` + mockserver.SeedImageGZ + `","originRegionId":"gz"}]}`,
		},
		{
			endpoint: mockserver.EndpointCreateCIMG, method: http.MethodPost,
			call: func(ctx context.Context, c *didiyun.Client) error {
				return errOf(c.CreateCIMG(ctx, "gz", didiyun.CreateCIMGInput{Name: "snap-image", SnapUUID: mockserver.SeedSnapshotGZ, Description: "from a snapshot"}))
			},
			wantBody: `{"regionId":"gz","cimg":[{"name":"snap-image","snapUuid":"` + mockserver.SeedSnapshotGZ + `","description":"from a snapshot"}]}`,
		},
		{
			endpoint: mockserver.EndpointListCIMG, method: http.MethodPost,
			call: func(ctx context.Context, c *didiyun.Client) error {
				return errOf(c.ListCIMG(ctx, didiyun.ListCIMGInput{RegionID: "bj", Start: 5, Limit: 20, Names: []string{"a", "北京02"}}))
			},
			wantBody: `{"regionId":"bj","start":5,"limit":20,"condition":{"names":["a","北京02"]}}`,
		},
		{
			endpoint: mockserver.EndpointListCIMG, method: http.MethodPost,
			call: func(ctx context.Context, c *didiyun.Client) error {
				return errOf(c.ListCIMG(ctx, didiyun.ListCIMGInput{RegionID: "gz"}))
			},
			// No names: no condition at all; no limit: the maximum.
			wantBody: `{"regionId":"gz","start":0,"limit":100}`,
		},
		{
			endpoint: mockserver.EndpointChangeNameCIMG, method: http.MethodPost,
			call: func(ctx context.Context, c *didiyun.Client) error {
				return errOf(c.ChangeNameCIMG(ctx, "gz", mockserver.SeedImageGZ, "new-name"))
			},
			wantBody: `{"regionId":"gz","cimg":[{"cimgUuid":"` + mockserver.SeedImageGZ + `","name":"new-name"}]}`,
		},
		{
			endpoint: mockserver.EndpointDeleteCIMG, method: http.MethodPost,
			call: func(ctx context.Context, c *didiyun.Client) error {
				return errOf(c.DeleteCIMG(ctx, "gz", mockserver.SeedImageGZDelete))
			},
			wantBody: `{"regionId":"gz","cimg":[{"cimgUuid":"` + mockserver.SeedImageGZDelete + `"}]}`,
		},
		{
			endpoint: mockserver.EndpointListRegionAndZone, method: http.MethodPost,
			call:     func(ctx context.Context, c *didiyun.Client) error { return errOf(c.ListRegionAndZone(ctx, "")) },
			wantBody: `{"condition":{"product":"dc2"}}`,
		},
		{
			endpoint: mockserver.EndpointListRegionAndZone, method: http.MethodPost,
			call:     func(ctx context.Context, c *didiyun.Client) error { return errOf(c.ListRegionAndZone(ctx, "ebs")) },
			wantBody: `{"condition":{"product":"ebs"}}`,
		},
		{
			endpoint: mockserver.EndpointJobResult, method: http.MethodGet,
			call: func(ctx context.Context, c *didiyun.Client) error {
				return errOf(c.JobResult(ctx, "gz", mockserver.SeedJobGZ, mockserver.SeedJobGZ))
			},
			wantQuery: url.Values{"regionId": {"gz"}, "jobUuids": {mockserver.SeedJobGZ + "," + mockserver.SeedJobGZ}},
		},
	}
	for i, tt := range tests {
		t.Run(fmt.Sprintf("%s/%d", tt.endpoint, i), func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			if err := tt.call(e.ctx(), e.Client); err != nil {
				t.Fatalf("call: %v", err)
			}

			arrivals := e.ArrivalsAt(tt.endpoint)
			records := e.requests(tt.endpoint)
			if len(arrivals) != 1 || len(records) != 1 {
				t.Fatalf("%d arrivals and %d mock records, want one request", len(arrivals), len(records))
			}
			a, rec := arrivals[0], records[0]
			if rec.Method != tt.method || a.Method != tt.method {
				t.Errorf("method = %s, want %s", rec.Method, tt.method)
			}
			if rec.Path != didiyuntest.Paths[tt.endpoint] {
				t.Errorf("path = %s, want %s", rec.Path, didiyuntest.Paths[tt.endpoint])
			}
			if rec.Status != http.StatusOK || rec.Errno != 0 {
				t.Errorf("mock answered HTTP %d errno %d, want a clean success", rec.Status, rec.Errno)
			}
			checkHeaders(t, a, e.Mock.Token(), tt.method)

			if tt.method == http.MethodGet {
				if len(rec.Body) != 0 {
					t.Errorf("GET carries a body: %s", rec.Body)
				}
				query, err := url.ParseQuery(rec.Query)
				if err != nil || !reflect.DeepEqual(query, tt.wantQuery) {
					t.Errorf("query = %v (err %v), want %v", query, err, tt.wantQuery)
				}
				return
			}
			if rec.Query != "" {
				t.Errorf("POST carries a query %q; parameters belong in the body", rec.Query)
			}
			var got, want any
			if err := json.Unmarshal(rec.Body, &got); err != nil {
				t.Fatalf("body %s is not JSON: %v", rec.Body, err)
			}
			if err := json.Unmarshal([]byte(tt.wantBody), &want); err != nil {
				t.Fatalf("bad wantBody: %v", err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("body = %s\nwant   %s", rec.Body, tt.wantBody)
			}
			if cimg, ok := got.(map[string]any)["cimg"]; ok {
				if _, isArray := cimg.([]any); !isArray {
					t.Errorf("cimg is %T, want a JSON array", cimg)
				}
			}
		})
	}
}

func checkHeaders(t *testing.T, a didiyuntest.Arrival, token, method string) {
	t.Helper()
	if got := a.Header.Get("Authorization"); got != "Bearer "+token {
		t.Errorf("Authorization = %q, want \"Bearer <the token>\"", got)
	}
	if got := a.Header.Get("User-Agent"); got != didiyuntest.UserAgent {
		t.Errorf("User-Agent = %q, want %q", got, didiyuntest.UserAgent)
	}
	if got := a.Header.Get("Accept"); !strings.Contains(got, "application/json") {
		t.Errorf("Accept = %q, want application/json", got)
	}
	contentType := a.Header.Get("Content-Type")
	if method == http.MethodPost {
		if mediaType, _, err := mime.ParseMediaType(contentType); err != nil || mediaType != "application/json" {
			t.Errorf("Content-Type = %q, want application/json", contentType)
		}
	} else if contentType != "" {
		t.Errorf("GET sent Content-Type %q", contentType)
	}
}

// TestRequestHeaders_everyTry checks that retried requests carry the same
// headers as the first try.
func TestRequestHeaders_everyTry(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.FaultFirst(mockserver.EndpointListCIMG, 2, mockserver.FaultRule{Endpoint: mockserver.EndpointListCIMG, Kind: mockserver.FaultHTTP500, Probability: 1})
	if _, err := e.Client.ListCIMG(e.ctx(), didiyun.ListCIMGInput{RegionID: "gz"}); err != nil {
		t.Fatalf("ListCIMG: %v", err)
	}
	arrivals := e.ArrivalsAt(mockserver.EndpointListCIMG)
	if len(arrivals) != 3 {
		t.Fatalf("%d tries, want 3", len(arrivals))
	}
	for _, a := range arrivals {
		checkHeaders(t, a, e.Mock.Token(), http.MethodPost)
	}
	bodies := map[string]bool{}
	for _, rec := range e.requests(mockserver.EndpointListCIMG) {
		bodies[string(rec.Body)] = true
	}
	if len(bodies) != 1 {
		t.Errorf("the tries sent different bodies: %v", bodies)
	}
}

// recordingLogger keeps everything the client logs.
type recordingLogger struct {
	mu      sync.Mutex
	entries []string
}

func (l *recordingLogger) add(level, msg string, fields map[string]any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries = append(l.entries, fmt.Sprintf("%s %s %v", level, msg, fields))
}

func (l *recordingLogger) Shared(ctx context.Context, _ string) context.Context { return ctx }

func (l *recordingLogger) Debug(_ context.Context, msg string, fields map[string]any) {
	l.add("DEBUG", msg, fields)
}

func (l *recordingLogger) Warn(_ context.Context, msg string, fields map[string]any) {
	l.add("WARN", msg, fields)
}

func (l *recordingLogger) Trace(_ context.Context, msg string, fields map[string]any) {
	l.add("TRACE", msg, fields)
}

// TestToken_neverLoggedNorInErrors runs successful, failing and retried
// calls and checks that the token appears in no log line and no error, while
// the logs still say which request and answer they are about.
func TestToken_neverLoggedNorInErrors(t *testing.T) {
	t.Parallel()
	logger := &recordingLogger{}
	e := newEnv(t, withClient(func(o *didiyun.Options) { o.Logger = logger }))
	token := e.Mock.Token()

	var errs []error
	e.FaultFirst(mockserver.EndpointListCIMG, 1, mockserver.FaultRule{Endpoint: mockserver.EndpointListCIMG, Kind: mockserver.FaultErrno, Probability: 1})
	if _, err := e.Client.ListCIMG(e.ctx(), didiyun.ListCIMGInput{RegionID: "gz"}); err != nil {
		t.Fatalf("ListCIMG: %v", err)
	}
	_, err := e.Client.ImportCIMG(e.ctx(), "gz", didiyun.ImportCIMGInput{Name: "x", OriginImageUUID: "missing", OriginRegionID: "bj"})
	errs = append(errs, err)
	e.Mock.SetFaults(mockserver.FaultRule{Endpoint: mockserver.EndpointJobResult, Kind: mockserver.FaultHTTP500, Probability: 1})
	_, err = e.Client.JobResult(e.ctx(), "gz", mockserver.SeedJobGZ)
	errs = append(errs, err)

	wrong, err := didiyun.New(didiyun.Options{Endpoint: e.Server.URL, Token: "not-the-token-" + token[:8], Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	_, err = wrong.ListRegionAndZone(e.ctx(), "")
	errs = append(errs, err)

	for _, err := range errs {
		if err == nil {
			t.Fatal("a call meant to fail succeeded")
		}
		if strings.Contains(err.Error(), token) || strings.Contains(err.Error(), "not-the-token-") {
			t.Errorf("error quotes the token: %v", err)
		}
	}
	logger.mu.Lock()
	defer logger.mu.Unlock()
	if len(logger.entries) == 0 {
		t.Fatal("nothing was logged")
	}
	var sawMasked, sawErrno bool
	for _, entry := range logger.entries {
		if strings.Contains(entry, token) || strings.Contains(entry, "not-the-token-") {
			t.Errorf("log line quotes the token: %s", entry)
		}
		sawMasked = sawMasked || strings.Contains(entry, "Bearer ***")
		sawErrno = sawErrno || strings.Contains(entry, "errno:2")
	}
	if !sawMasked || !sawErrno {
		t.Errorf("logs lack the masked Authorization header (%v) or the errno (%v):\n%s", sawMasked, sawErrno, strings.Join(logger.entries, "\n"))
	}
}

// TestRetries_loggedAtWarn: each retry of a request is a WARN line that says
// what failed and which try comes next, so an outage shows at TF_LOG=WARN.
func TestRetries_loggedAtWarn(t *testing.T) {
	t.Parallel()
	logger := &recordingLogger{}
	e := newEnv(t, withClient(func(o *didiyun.Options) { o.Logger = logger }))
	e.FaultFirst(mockserver.EndpointListCIMG, 2, mockserver.FaultRule{Endpoint: mockserver.EndpointListCIMG, Kind: mockserver.FaultHTTP500, Probability: 1})
	if _, err := e.Client.ListCIMG(e.ctx(), didiyun.ListCIMGInput{RegionID: "gz"}); err != nil {
		t.Fatalf("ListCIMG: %v", err)
	}
	logger.mu.Lock()
	defer logger.mu.Unlock()
	var warns []string
	for _, entry := range logger.entries {
		if strings.HasPrefix(entry, "WARN ") {
			warns = append(warns, entry)
		}
	}
	if len(warns) != 2 {
		t.Fatalf("%d WARN lines for two retries: %v", len(warns), warns)
	}
	for i, line := range warns {
		for _, want := range []string{"trying again", "HTTP 500", "operation:ListCIMG", fmt.Sprintf("attempt:%d", i+2)} {
			if !strings.Contains(line, want) {
				t.Errorf("WARN line %q lacks %q", line, want)
			}
		}
	}
}
