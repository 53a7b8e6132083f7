package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver"
)

// syncBuffer is written by server goroutines while the test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// officialExamples are the docs' curl examples, bodies verbatim.
var officialExamples = []struct {
	name, method, path, body string
}{
	{"ImportCIMG", "POST", "/dicloud/i/storage/cimg/import", `{"cimg":{"name":"openapi自定义镜像跨地域","originImageUuid":"4a48f88391134a01befe88ff98b68af8","originRegionId":"bj","description":"openapi测试"}}`},
	{"CreateCIMG", "POST", "/dicloud/i/storage/cimg/create", `{"cimg":{"name":"openapi自定义镜像","snapUuid":"3fd352092a3f553cb124223f6a7f09b4","description":"测试自定义镜像"}}`},
	{"ListCIMG", "POST", "/dicloud/i/storage/cimg/list", `{"regionId":"bj","limit":1,"condition":{"names":["北京02"]}}`},
	{"ChangeNameCIMG", "POST", "/dicloud/i/storage/cimg/changeName", `{"cimg":[{"cimgUuid":"cbdba09c4ad4475f9f3d399947aaa99e","name":"openapi自定义镜像修改名称_test"}]}`},
	{"DeleteCIMG", "POST", "/dicloud/i/storage/cimg/delete", `{"cimg":[{"cimgUuid":"579ddc8d6c364e6fa798698113260e6b"}]}`},
	{"JobResult", "GET", "/dicloud/i/result?jobUuids=c23fd05f26ef5b718507f1926a4271cc&regionId=gz", ""},
	{"ListRegionAndZone", "POST", "/dicloud/i/region/list", `{"condition":{"product":"dc2"}}`},
}

func TestRunServesOfficialExamples(t *testing.T) {
	endpointFile := filepath.Join(t.TempDir(), "endpoint")
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-listen", "127.0.0.1:0", "-endpoint-file", endpointFile, "-job-duration", "0"}, &stdout, &stderr)
	}()

	baseURL := waitForEndpoint(t, endpointFile, done)
	for _, want := range []string{"export DIDIYUN_ENDPOINT=" + baseURL, "export DIDIYUN_REGION=gz",
		"account " + mockserver.AccountID(mockserver.DefaultToken) + " (its token is not shown; -print-env prints it)"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("banner lacks %q:\n%s", want, stdout.String())
		}
	}
	if strings.Contains(stdout.String(), mockserver.DefaultToken) || strings.Contains(stderr.String(), mockserver.DefaultToken) {
		t.Errorf("the mock printed its token without -print-env:\n%s\n%s", stdout.String(), stderr.String())
	}

	for _, ex := range officialExamples {
		req, err := http.NewRequest(ex.method, baseURL+ex.path, strings.NewReader(ex.body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("authorization", "Bearer "+mockserver.DefaultToken)
		if ex.method == "POST" {
			req.Header.Set("content-type", "application/json")
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s: %v", ex.name, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var env struct {
			Errno int             `json:"errno"`
			Data  json.RawMessage `json:"data"`
		}
		if err := json.Unmarshal(body, &env); err != nil || resp.StatusCode != http.StatusOK || env.Errno != 0 || len(env.Data) < 3 {
			t.Errorf("%s: HTTP %d err %v: %s", ex.name, resp.StatusCode, err, body)
		}
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not stop after cancel")
	}
	if _, err := os.Stat(endpointFile); !os.IsNotExist(err) {
		t.Errorf("endpoint file left behind: %v", err)
	}
	logged := stderr.String()
	if strings.Count(logged, "errno=0 status=200") != len(officialExamples) {
		t.Errorf("want one log line per request:\n%s", logged)
	}
	if strings.Contains(logged, mockserver.DefaultToken) {
		t.Error("the request log printed the token")
	}
}

// waitForEndpoint polls for the endpoint file, as a script would.
func waitForEndpoint(t *testing.T, path string, done <-chan error) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-done:
			t.Fatalf("run stopped early: %v", err)
		default:
		}
		if b, err := os.ReadFile(path); err == nil {
			return strings.TrimSpace(string(b))
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("no endpoint file after 10s")
	return ""
}

func TestParseFlags(t *testing.T) {
	tests := []struct {
		args    []string
		wantErr string
	}{
		{nil, ""},
		{[]string{"-list-shape", "array", "-seed", "7", "-job-duration", "500ms"}, ""},
		{[]string{"-list-shape", "table"}, "-list-shape"},
		{[]string{"-list-shape", ""}, "-list-shape"},
		{[]string{"-names-match", "regex"}, "-names-match"},
		{[]string{"-job-duration-spread", "0.4"}, ""},
		{[]string{"-job-duration-spread", "1.2"}, "-job-duration-spread"},
		{[]string{"-job-duration-spread", "-1"}, "-job-duration-spread"},
		{[]string{"-job-duration-spread", "NaN"}, "-job-duration-spread"},
		{[]string{"-page-max", "0"}, "-page-max"},
		{[]string{"-page-max", "-5"}, "-page-max"},
		{[]string{"-page-max", "ten"}, "-page-max"},
		{[]string{"-list-churn", "other-"}, "-list-churn"},
		{[]string{"-list-churn", "other-:0"}, "-list-churn"},
		{[]string{"-list-churn", "other-:-1"}, "-list-churn"},
		{[]string{"-list-churn", "other-:x"}, "-list-churn"},
		{[]string{"-list-churn", ":1"}, "-list-churn"},
		{[]string{"-delete-cancels-jobs=maybe"}, "-delete-cancels-jobs"},
		{[]string{"-hide-list-jobs=maybe"}, "-hide-list-jobs"},
		{[]string{"-omit-create-resource-uuid=maybe"}, "-omit-create-resource-uuid"},
		{[]string{"-status-while-made", "Ready", "-fail-creates-named", "bad-", "-omit-create-resource-uuid"}, ""},
		{[]string{"-status-while-made"}, "-status-while-made"},
		{[]string{"-fail-creates-named"}, "-fail-creates-named"},
		{[]string{"-token", ""}, "-token"},
		{[]string{"-token", "a", "-token", "b", "-state-file", "s", "-journal", "j", "-job-retention", "0"}, ""},
		{[]string{"-job-retention", "-1s"}, "-job-retention"},
		{[]string{"-job-result-lag", "5s", "-job-result-lag-mode", "errno", "-listing-lag", "6s"}, ""},
		{[]string{"-job-result-lag", "-1s"}, "-job-result-lag"},
		{[]string{"-job-result-lag", "soon"}, "-job-result-lag"},
		{[]string{"-job-result-lag-mode", "drop"}, "-job-result-lag-mode"},
		{[]string{"-job-result-lag-mode", ""}, "-job-result-lag-mode"},
		{[]string{"-listing-lag", "-6s"}, "-listing-lag"},
		{[]string{"-listing-lag", "6"}, "-listing-lag"},
		{[]string{"extra"}, "unexpected arguments"},
	}
	for _, tt := range tests {
		_, err := parseFlags(tt.args, io.Discard)
		if (err == nil) != (tt.wantErr == "") || (err != nil && !strings.Contains(err.Error(), tt.wantErr)) {
			t.Errorf("parseFlags(%q) = %v, want error containing %q", tt.args, err, tt.wantErr)
		}
	}
}

// TestFlagsReachOptions checks each adversarial flag lands in the Options.
func TestFlagsReachOptions(t *testing.T) {
	// settings is the part of Options the flags set; Options itself holds funcs.
	type settings struct {
		tokens            string
		jobRetention      time.Duration
		stateFile         string
		jobDurationSpread float64
		maxPageSize       int
		listShape         mockserver.ListShape
		namesMatch        mockserver.NamesMatch
		listChurn         mockserver.ListChurn
		deleteCancelsJobs bool
		hideListJobs      bool
		statusWhileMade   string
		failCreatesNamed  string
		omitCreateUUID    bool
		jobResultLag      time.Duration
		jobResultLagMode  mockserver.JobResultLagMode
		listingLag        time.Duration
	}
	defaults := settings{mockserver.DefaultToken, mockserver.DefaultJobRetention, "", 0, mockserver.DefaultMaxPageSize, mockserver.ListShapeObject, mockserver.NamesMatchExact, mockserver.ListChurn{}, false, false, "", "", false, 0, mockserver.JobResultLagOmit, 0}
	tests := []struct {
		args []string
		want func(s *settings)
	}{
		{nil, func(*settings) {}},
		{[]string{"-token", "a", "-token", "b"}, func(s *settings) { s.tokens = "a b" }},
		{[]string{"-job-retention", "0"}, func(s *settings) { s.jobRetention = -1 }},
		{[]string{"-job-retention", "5m"}, func(s *settings) { s.jobRetention = 5 * time.Minute }},
		{[]string{"-state-file", "/tmp/x"}, func(s *settings) { s.stateFile = "/tmp/x" }},
		{[]string{"-job-duration-spread", "0.4"}, func(s *settings) { s.jobDurationSpread = 0.4 }},
		{[]string{"-page-max", "7"}, func(s *settings) { s.maxPageSize = 7 }},
		{[]string{"-list-shape", "array"}, func(s *settings) { s.listShape = mockserver.ListShapeArray }},
		{[]string{"-list-shape", "alternate"}, func(s *settings) { s.listShape = mockserver.ListShapeAlternate }},
		{[]string{"-names-match", "substring"}, func(s *settings) { s.namesMatch = mockserver.NamesMatchSubstring }},
		{[]string{"-names-match", "prefix"}, func(s *settings) { s.namesMatch = mockserver.NamesMatchPrefix }},
		{[]string{"-list-churn", "other-:2"}, func(s *settings) { s.listChurn = mockserver.ListChurn{NamePrefix: "other-", PerPage: 2} }},
		{[]string{"-list-churn", "a:b:1"}, func(s *settings) { s.listChurn = mockserver.ListChurn{NamePrefix: "a:b", PerPage: 1} }},
		{[]string{"-delete-cancels-jobs"}, func(s *settings) { s.deleteCancelsJobs = true }},
		{[]string{"-hide-list-jobs"}, func(s *settings) { s.hideListJobs = true }},
		{[]string{"-status-while-made", "Ready"}, func(s *settings) { s.statusWhileMade = "Ready" }},
		{[]string{"-status-while-made=Processing"}, func(s *settings) { s.statusWhileMade = "Processing" }},
		{[]string{"-fail-creates-named", "bad-"}, func(s *settings) { s.failCreatesNamed = "bad-" }},
		{[]string{"-omit-create-resource-uuid"}, func(s *settings) { s.omitCreateUUID = true }},
		{[]string{"-omit-create-resource-uuid=false"}, func(*settings) {}},
		{[]string{"-job-result-lag", "5s"}, func(s *settings) { s.jobResultLag = 5 * time.Second }},
		{[]string{"-job-result-lag", "5s", "-job-result-lag-mode", "errno"}, func(s *settings) {
			s.jobResultLag, s.jobResultLagMode = 5*time.Second, mockserver.JobResultLagErrno
		}},
		{[]string{"-job-result-lag-mode=omit"}, func(*settings) {}},
		{[]string{"-listing-lag", "6s"}, func(s *settings) { s.listingLag = 6 * time.Second }},
		{[]string{"-listing-lag", "0"}, func(*settings) {}},
	}
	for _, tt := range tests {
		cfg, err := parseFlags(tt.args, io.Discard)
		if err != nil {
			t.Errorf("parseFlags(%q): %v", tt.args, err)
			continue
		}
		opts := cfg.options(nil)
		got := settings{strings.Join(append([]string{opts.Token}, opts.Tokens...), " "), opts.JobRetention, opts.StateFile, opts.JobDurationSpread, opts.MaxPageSize, opts.ListShape, opts.NamesMatch, opts.ListChurn, opts.DeleteCancelsJobs, opts.HideListJobs, opts.StatusWhileMade, opts.FailCreatesNamed, opts.OmitCreateResourceUUID, opts.JobResultLag, opts.JobResultLagMode, opts.ListingLag}
		want := defaults
		tt.want(&want)
		if got != want {
			t.Errorf("parseFlags(%q) gives %+v, want %+v", tt.args, got, want)
		}
		opts.StateFile = ""  // the Options are checked, not a file
		mockserver.New(opts) // panics on Options it could not play
	}
}

// TestTokenSources: tokens come from -token, -token-file and DIDIYUN_MOCK_TOKEN,
// so a pipeline can keep them out of ps.
func TestTokenSources(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "tokens")
	if err := os.WriteFile(file, []byte("# team tokens\nfile-a\n\n  file-b  \n"), 0o600); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty")
	if err := os.WriteFile(empty, []byte("# nothing\n\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		env     string
		args    []string
		want    string
		wantErr string
	}{
		{"default", "", nil, mockserver.DefaultToken, ""},
		{"env", "env-token", nil, "env-token", ""},
		{"flag wins over env", "env-token", []string{"-token", "flag"}, "flag", ""},
		{"file", "", []string{"-token-file", file}, "file-a file-b", ""},
		{"flags then file, env ignored", "env-token", []string{"-token-file", file, "-token", "flag"}, "flag file-a file-b", ""},
		{"file without a token", "", []string{"-token-file", empty}, "", "-token-file " + empty + ": holds no token"},
		{"missing file", "", []string{"-token-file", filepath.Join(dir, "nope")}, "", "-token-file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(TokenEnv, tt.env)
			cfg, err := parseFlags(tt.args, io.Discard)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("parseFlags(%q) = %v, want error containing %q", tt.args, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(cfg.tokens, " "); got != tt.want {
				t.Errorf("tokens = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestBannerWarnsBeyondLoopback: the admin API has no authentication, so a
// mock reachable from other hosts says so where its user looks first.
func TestBannerWarnsBeyondLoopback(t *testing.T) {
	for _, tt := range []struct {
		listen string
		warn   bool
	}{
		{"127.0.0.1:0", false},
		{"localhost:0", false},
		{"0.0.0.0:0", true},
		{":0", true},
	} {
		t.Run(tt.listen, func(t *testing.T) {
			endpointFile := filepath.Join(t.TempDir(), "endpoint")
			ctx, cancel := context.WithCancel(context.Background())
			var stdout, stderr syncBuffer
			done := make(chan error, 1)
			go func() {
				done <- run(ctx, []string{"-listen", tt.listen, "-endpoint-file", endpointFile}, &stdout, &stderr)
			}()
			waitForEndpoint(t, endpointFile, done)
			cancel()
			if err := <-done; err != nil {
				t.Fatal(err)
			}
			for name, out := range map[string]string{"banner": stdout.String(), "log": stderr.String()} {
				got := strings.Contains(out, "WARNING: listening on") && strings.Contains(out, "admin API, which has no authentication")
				if got != tt.warn {
					t.Errorf("-listen %s: warning in the %s is %v, want %v:\n%s", tt.listen, name, got, tt.warn, out)
				}
			}
		})
	}
}
