package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver"
)

const testToken = "7465737474657374746573747465737474657374746573747465737474657374"

// api is a client of one mock, as one token.
type api struct {
	t       *testing.T
	baseURL string
	client  *http.Client
}

func (a api) call(method, path string, body any) (errno int, data json.RawMessage, err error) {
	var reader io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		reader = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, a.baseURL+path, reader)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+testToken)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := a.client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	var env struct {
		Errno int             `json:"errno"`
		Data  json.RawMessage `json:"data"`
	}
	err = json.NewDecoder(resp.Body).Decode(&env)
	return env.Errno, env.Data, err
}

func (a api) importImage(name string) (mockserver.Job, error) {
	errno, data, err := a.call(http.MethodPost, "/dicloud/i/storage/cimg/import", map[string]any{
		"regionId": "gz", "cimg": []map[string]string{{"name": name, "originImageUuid": mockserver.SeedImageBJ, "originRegionId": "bj"}},
	})
	var jobs []mockserver.Job
	if err == nil && errno == 0 {
		err = json.Unmarshal(data, &jobs)
	}
	if err == nil && (errno != 0 || len(jobs) != 1) {
		err = fmt.Errorf("errno %d, %d jobs", errno, len(jobs))
	}
	if err != nil {
		return mockserver.Job{}, err
	}
	return jobs[0], nil
}

// images lists gz page by page.
func (a api) images() map[string]mockserver.Image {
	a.t.Helper()
	out := map[string]mockserver.Image{}
	for start := 0; ; start += 100 {
		errno, data, err := a.call(http.MethodPost, "/dicloud/i/storage/cimg/list", map[string]any{"regionId": "gz", "start": start, "limit": 100})
		var page struct {
			Count int                `json:"count"`
			Items []mockserver.Image `json:"items"`
		}
		if err == nil {
			err = json.Unmarshal(data, &page)
		}
		if err != nil || errno != 0 {
			a.t.Fatalf("ListCIMG: errno %d, %v", errno, err)
		}
		for _, img := range page.Items {
			out[img.CIMGUUID] = img
		}
		if len(page.Items) == 0 || start+100 >= page.Count {
			return out
		}
	}
}

func (a api) job(uuid string) mockserver.Job {
	a.t.Helper()
	errno, data, err := a.call(http.MethodGet, "/dicloud/i/result?"+url.Values{"regionId": {"gz"}, "jobUuids": {uuid}}.Encode(), nil)
	var jobs []mockserver.Job
	if err == nil {
		err = json.Unmarshal(data, &jobs)
	}
	if err != nil || errno != 0 || len(jobs) != 1 {
		a.t.Fatalf("JobResult %s: errno %d, %v", uuid, errno, err)
	}
	return jobs[0]
}

// TestKilledMockKeepsItsImports kills a real didiyun-mock with SIGKILL,
// three times, each at a random moment while four clients import images,
// and starts it again on the same state file each time: every import that
// was answered is there and its job finishes, and the file holds no token.
func TestKilledMockKeepsItsImports(t *testing.T) {
	dir := t.TempDir()
	state, endpointFile := filepath.Join(dir, "state"), filepath.Join(dir, "endpoint")
	args := []string{"-state-file", state, "-token", testToken, "-job-duration", "500ms"}
	mock, baseURL := startChild(t, endpointFile, args...)
	client := api{t: t, baseURL: baseURL, client: &http.Client{Timeout: 10 * time.Second}}
	var answered []mockserver.Job
	for kill := range 3 {
		answered = append(answered, importUntilKilled(t, mock, client, kill)...)
		mock, baseURL = startChild(t, endpointFile, args...)
		client.baseURL = baseURL
		if banner := mock.stdout.String(); !strings.Contains(banner, "state file: "+state+" (loaded 1 account, ") {
			t.Errorf("the banner does not say what was loaded:\n%s", banner)
		}
		listed := client.images()
		for _, job := range answered {
			if _, ok := listed[job.ResourceUUID]; !ok {
				t.Errorf("kill %d: image %s was answered before a kill but is gone", kill, job.ResourceUUID)
			}
		}
		if extra := len(listed) - 4 - len(answered); extra < 0 || extra > 4*(kill+1) {
			t.Errorf("kill %d: %d images after the restart for %d answered imports (4 a kill were under way at most)", kill, len(listed)-4, len(answered))
		}
		t.Logf("kill %d: %d answered imports so far; %d images came back", kill, len(answered), len(listed)-4)
	}
	deadline := time.Now().Add(30 * time.Second)
	for _, job := range answered {
		for got := client.job(job.JobUUID); !got.Done; got = client.job(job.JobUUID) {
			if time.Now().After(deadline) {
				t.Fatalf("job %s does not finish after the restart: %+v", job.JobUUID, got)
			}
			time.Sleep(50 * time.Millisecond)
		}
		if got := client.job(job.JobUUID); !got.Success {
			t.Errorf("job %s after the restart: %+v", job.JobUUID, got)
		}
	}
	mock.stop(t)

	data, err := os.ReadFile(state)
	if err != nil || bytes.Contains(data, []byte(testToken)) {
		t.Errorf("the state file (%v) holds the token", err)
	}
}

// importUntilKilled has four clients import until the mock is killed, at a
// random moment once a few imports were answered, and returns the answered
// ones.
func importUntilKilled(t *testing.T, mock *child, client api, round int) []mockserver.Job {
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), uint64(round))) //nolint:gosec // G115: any seed will do
	killAfter := 10 + rng.IntN(40)
	var mu sync.Mutex
	var answered []mockserver.Job
	killNow := make(chan struct{})
	var wg sync.WaitGroup
	for c := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				job, err := client.importImage(fmt.Sprintf("r%d-c%d-%d", round, c, i))
				if err != nil {
					return // the mock is gone
				}
				mu.Lock()
				answered = append(answered, job)
				if len(answered) == killAfter {
					close(killNow)
				}
				mu.Unlock()
			}
		}()
	}
	<-killNow
	time.Sleep(time.Duration(rng.IntN(3000)) * time.Microsecond) // mid-request, mid-sync or between
	mock.kill(t)
	wg.Wait()
	return answered
}

// TestSecondMockIsRefused: a second process on the same state file exits
// 1 with a message naming the file and the holder's pid.
func TestSecondMockIsRefused(t *testing.T) {
	dir := t.TempDir()
	state := filepath.Join(dir, "state")
	first, _ := startChild(t, filepath.Join(dir, "endpoint"), "-state-file", state)
	code, stderr := runChild(t, "-listen", "127.0.0.1:0", "-state-file", state)
	want := fmt.Sprintf("didiyun-mock: state file %s: in use by another didiyun-mock (pid %d); stop it, or give this one another -state-file\n", state, first.cmd.Process.Pid)
	if code != 1 || stderr != want {
		t.Errorf("exit status %d, stderr %q\nwant 1, %q", code, stderr, want)
	}
	first.stop(t)
}

func TestCorruptStateFileStopsTheCommand(t *testing.T) {
	tests := []struct {
		name    string
		content []byte
		wantErr string
	}{
		{"not a state file", []byte(`{"images":[]}`), "not a didiyun-mock state file"},
		{"the old format", append([]byte("didiyun-mock state v1\n"), 0, 0, 0, 9, 1, 2, 3), "written by an older didiyun-mock"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			state := tempPath(t, "state")
			if err := os.WriteFile(state, tt.content, 0o600); err != nil {
				t.Fatal(err)
			}
			err := run(context.Background(), []string{"-listen", "127.0.0.1:0", "-state-file", state}, io.Discard, io.Discard)
			if err == nil || !strings.Contains(err.Error(), "state file "+state) || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("run: %v, want an error naming %s and saying %q", err, state, tt.wantErr)
			}
			if after, _ := os.ReadFile(state); !bytes.Equal(after, tt.content) {
				t.Error("the failed start changed the state file")
			}
		})
	}

	// And as a process: a message naming the file, exit status 1.
	state := tempPath(t, "state")
	if err := os.WriteFile(state, []byte("garbage"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, stderr := runChild(t, "-listen", "127.0.0.1:0", "-state-file", state)
	if code != 1 || !strings.HasPrefix(stderr, "didiyun-mock: state file "+state+": not a didiyun-mock state file") {
		t.Errorf("exit status %d, stderr %q", code, stderr)
	}
}

// TestRunWritesAJournal: one line per API request, none for admin calls,
// and never a token.
func TestRunWritesAJournal(t *testing.T) {
	journal := tempPath(t, "journal")
	endpointFile := tempPath(t, "endpoint")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	var stdout syncBuffer
	go func() {
		done <- run(ctx, []string{"-listen", "127.0.0.1:0", "-endpoint-file", endpointFile, "-journal", journal, "-token", testToken, "-token", mockserver.DefaultToken, "-print-env"}, &stdout, io.Discard)
	}()
	baseURL := waitForEndpoint(t, endpointFile, done)
	client := api{t: t, baseURL: baseURL, client: http.DefaultClient}
	for i := range 5 {
		if _, err := client.importImage(fmt.Sprint("journaled-", i)); err != nil {
			t.Fatal(err)
		}
	}
	client.images()
	resp, err := http.Get(baseURL + "/_mock/counters")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}

	data, err := os.ReadFile(journal)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	if len(lines) != 6 {
		t.Fatalf("%d journal lines for 6 API requests:\n%s", len(lines), data)
	}
	for _, line := range lines {
		var entry struct {
			Account string `json:"account"`
			Action  string `json:"action"`
			Errno   int    `json:"errno"`
			Status  int    `json:"status"`
		}
		if err := json.Unmarshal([]byte(line), &entry); err != nil || entry.Account != mockserver.AccountID(testToken) || entry.Status != 200 || entry.Errno != 0 {
			t.Errorf("journal line %s: %v", line, err)
		}
	}
	for _, token := range []string{testToken, mockserver.DefaultToken} {
		if bytes.Contains(data, []byte(token)) {
			t.Error("the journal holds a token")
		}
		if !strings.Contains(stdout.String(), "token: "+token+" (account "+mockserver.AccountID(token)+")") {
			t.Errorf("with -print-env, the banner lacks token %s:\n%s", token, stdout.String())
		}
	}
}
