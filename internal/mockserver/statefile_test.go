package mockserver

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver/openapi"

	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver/store"
)

// openFixture is a fixture whose mock keeps its state in path.
func openFixture(t *testing.T, clock *fakeClock, opts Options, path string) *fixture {
	t.Helper()
	opts.Now, opts.StateFile = clock.Now, path
	s, err := Open(opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return &fixture{t: t, s: s, clock: clock}
}

// accountView is everything an account's owner can see, to compare before and
// after a restart.
type accountView struct {
	Images []Image
	Jobs   []Job
}

func cloudOf(t *testing.T, s *Server, id string, jobUUIDs []string) accountView {
	t.Helper()
	acc, ok := s.Account(id)
	if !ok {
		t.Fatalf("no account %s", id)
	}
	c := accountView{Images: acc.Images("")}
	for _, uuid := range append([]string{SeedJobGZ}, jobUUIDs...) {
		if job, ok := acc.Job(uuid); ok {
			c.Jobs = append(c.Jobs, job)
		}
	}
	return c
}

// TestStateFileRestart runs a seeded mix of requests and admin calls on two
// accounts, stops the mock and starts another on the same file: each
// account's cloud must be as it was, and its jobs must go on and finish.
func TestStateFileRestart(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "state")
			clock := newFakeClock()
			opts := Options{Token: tokenA, Tokens: []string{tokenB}, JobDuration: 10 * time.Second, DeleteCancelsJobs: true}
			f := openFixture(t, clock, opts, path)
			jobUUIDs := runMix(f, rand.New(rand.NewPCG(seed, 0)), 150)

			ids := f.s.AccountIDs()
			before := map[string]accountView{}
			for _, id := range ids {
				before[id] = cloudOf(t, f.s, id, jobUUIDs)
			}
			if err := f.s.Close(); err != nil {
				t.Fatal(err)
			}
			f = openFixture(t, clock, opts, path)
			t.Cleanup(func() { _ = f.s.Close() })
			for _, id := range ids {
				if after := cloudOf(t, f.s, id, jobUUIDs); !reflect.DeepEqual(after, before[id]) {
					t.Errorf("account %s after the restart:\n got %+v\nwant %+v", id, after, before[id])
				}
			}
			clock.Advance(time.Minute)
			for _, id := range ids {
				for _, job := range cloudOf(t, f.s, id, jobUUIDs).Jobs {
					if !job.Done {
						t.Errorf("job %s did not finish after the restart: %+v", job.JobUUID, job)
					}
				}
			}
		})
	}
}

// runMix sends n random requests as either token: imports, renames,
// deletes, polls, lists, and admin renames, deletes and failed jobs, with
// the clock moving. It returns the jobs started.
func runMix(f *fixture, rng *rand.Rand, n int) []string {
	f.t.Helper()
	var jobs []Job
	tokens := []string{tokenA, tokenB}
	for range n {
		token := tokens[rng.IntN(2)]
		acc, _ := f.s.Account(AccountID(token))
		some := "0123456789abcdef0123456789abcdef" // when every image is gone
		if imgs := acc.Images("gz"); len(imgs) > 0 {
			some = imgs[rng.IntN(len(imgs))].CIMGUUID
		}
		var got []Job
		switch rng.IntN(8) {
		case 0, 1:
			f.ok(f.do(as(token, f.newPost(pathImport, map[string]any{"regionId": "gz", "cimg": map[string]string{"name": fmt.Sprint("img-", rng.IntN(1000)), "originImageUuid": SeedImageBJ, "originRegionId": "bj"}}))), &got)
		case 2:
			f.do(as(token, f.newPost(pathChangeName, map[string]any{"cimg": map[string]string{"cimgUuid": some, "name": "renamed"}}))).decodeJobs(&got)
		case 3:
			f.do(as(token, f.newPost(pathDelete, map[string]any{"cimg": map[string]string{"cimgUuid": some}}))).decodeJobs(&got)
		case 4:
			acc.RenameImage(some, "drift")
		case 5:
			if len(jobs) > 0 {
				_ = acc.FailJob(jobs[rng.IntN(len(jobs))].JobUUID, "admin")
			}
		case 6:
			acc.DeleteImage(some)
		default:
			f.do(as(token, f.newPost(pathList, map[string]any{"regionId": "gz", "limit": 10})))
		}
		jobs = append(jobs, got...)
		f.clock.Advance(time.Duration(rng.IntN(3000)) * time.Millisecond)
	}
	uuids := make([]string, len(jobs))
	for i, j := range jobs {
		uuids[i] = j.JobUUID
	}
	return uuids
}

// decodeJobs reads the jobs of a successful answer, none otherwise.
func (r response) decodeJobs(jobs *[]Job) {
	if r.Env.Errno == 0 {
		_ = json.Unmarshal(r.Env.Data, jobs)
	}
}

func TestCorruptStateFileFailsTheStart(t *testing.T) {
	record := func(key, value string) func(*testing.T, string) {
		return func(t *testing.T, path string) { putRaw(t, path, key, value) }
	}
	write := func(data string) func(*testing.T, string) {
		return func(t *testing.T, path string) {
			if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
	tests := []struct {
		name    string
		spoil   func(t *testing.T, path string)
		wantErr string
	}{
		{"not a state file", write("{}\n" + strings.Repeat("x", 8192)), "not a didiyun-mock state file"},
		{"the old format", write("didiyun-mock state v1\n\x00\x00"), "written by an older didiyun-mock (an append-only log), which this one cannot read; to start afresh, move it away or delete it (rm "},
		{"a record it does not know", record("x/volume/1", `{}`), `record "x/volume/1": unknown kind of record`},
		{"an image that is not one", record(AccountID(DefaultToken)+"/image/1", `{"image":{"cimgUuid":1}}`), `/image/1"`},
		{"records without their account", record("x/job/1", `{"view":{"jobUuid":"1"}}`), "account x has records but no account record"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "state")
			s, err := Open(Options{StateFile: path})
			if err != nil {
				t.Fatal(err)
			}
			_ = s.Close()
			tt.spoil(t, path)
			bad, _ := os.ReadFile(path)
			_, err = Open(Options{StateFile: path})
			if err == nil || !strings.Contains(err.Error(), "state file "+path) || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Open: %v, want an error naming %s and saying %q", err, path, tt.wantErr)
			}
			if after, _ := os.ReadFile(path); !bytes.Equal(after, bad) {
				t.Error("the failed start changed the state file")
			}
			func() {
				defer func() {
					if r, _ := recover().(string); !strings.Contains(r, path) {
						t.Errorf("New on a corrupt file: panic %q, want one naming the file", r)
					}
				}()
				New(Options{StateFile: path})
			}()
		})
	}
}

// putRaw writes one key into a closed state file behind the mock's back.
func putRaw(t *testing.T, path, key, value string) {
	t.Helper()
	st, _, _, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Wait(st.Submit([]store.Op{{Key: key, Value: []byte(value)}})); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestStateFileKeepsAccountsAndNoToken: an account whose token is not
// given this time stays in the file, untouched, until its token comes back;
// the file never holds a token.
func TestStateFileKeepsAccountsAndNoToken(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state")
	clock := newFakeClock()
	f := openFixture(t, clock, Options{Token: tokenA, Tokens: []string{tokenB}}, path)
	f.do(as(tokenB, f.newPost(pathImport, map[string]any{"cimg": map[string]string{"name": "kept-for-b", "originImageUuid": SeedImageBJ, "originRegionId": "bj"}})))
	_ = f.s.Close()

	f = openFixture(t, clock, Options{Token: tokenA}, path)
	if ids := f.s.AccountIDs(); len(ids) != 2 || ids[1] != AccountID(tokenB) {
		t.Errorf("AccountIDs without token B: %v", ids)
	}
	if resp := f.do(as(tokenB, f.newPost(pathList, map[string]any{"regionId": "gz", "limit": 1}))); resp.Env.Errno != openapi.ErrnoAuthFailed {
		t.Errorf("token B without -token B: errno %d", resp.Env.Errno)
	}
	_ = f.s.Close()

	f = openFixture(t, clock, Options{Token: tokenB}, path)
	t.Cleanup(func() { _ = f.s.Close() })
	if imgs := f.s.Images("gz"); len(imgs) != 5 || imgs[4].Name != "kept-for-b" {
		t.Errorf("B's images when its token is back: %+v", imgs)
	}
	data, _ := os.ReadFile(path)
	for _, token := range []string{tokenA, tokenB} {
		if bytes.Contains(data, []byte(token)) {
			t.Errorf("the state file holds a token")
		}
	}
}

// TestResetReachesTheStateFile: after Reset a restart finds the seed data,
// not what was there before.
func TestResetReachesTheStateFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state")
	clock := newFakeClock()
	f := openFixture(t, clock, Options{}, path)
	f.importOne("gone-after-reset")
	f.s.DeleteImage(SeedImageGZ)
	f.s.Reset()
	_ = f.s.Close()
	f = openFixture(t, clock, Options{}, path)
	t.Cleanup(func() { _ = f.s.Close() })
	if imgs := f.s.Images(""); len(imgs) != 7 {
		t.Errorf("after Reset and a restart: %d images, want the 7 seeded", len(imgs))
	}
}

// TestChangesAfterCloseFail: a change after Close is refused with errno 2,
// never answered as done and then lost; a read still answers.
func TestChangesAfterCloseFail(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state")
	clock := newFakeClock()
	f := openFixture(t, clock, Options{}, path)
	if err := f.s.Close(); err != nil {
		t.Fatal(err)
	}
	resp := f.post(pathImport, map[string]any{"cimg": map[string]string{"name": "after-close", "originImageUuid": SeedImageBJ, "originRegionId": "bj"}})
	f.wantErrno(resp, openapi.ErrnoServerError, "could not save its state")
	f.ok(f.post(pathList, map[string]any{"regionId": "gz", "limit": 1}), nil)
}

// TestWriteFailureStopsTheMock: once the state file cannot be written, the
// request that changed something and every one after it answer errno 2, the
// admin API 500, and OnWriteError hears of it once.
func TestWriteFailureStopsTheMock(t *testing.T) {
	full := errors.New("no space left on device (a test's)")
	var told []error
	opts := Options{OnWriteError: func(err error) { told = append(told, err) }}
	f := openFixture(t, newFakeClock(), opts, filepath.Join(t.TempDir(), "state"))
	t.Cleanup(func() { _ = f.s.Close() })
	f.s.cloud.FailWrites(full)

	resp := f.post(pathImport, map[string]any{"cimg": map[string]string{"name": "x", "originImageUuid": SeedImageBJ, "originRegionId": "bj"}})
	f.wantErrno(resp, openapi.ErrnoServerError, "could not save its state")
	f.wantErrno(f.post(pathList, map[string]any{"regionId": "gz", "limit": 1}), openapi.ErrnoServerError, "cannot keep its state")
	admin := httptest.NewRecorder()
	f.s.ServeHTTP(admin, httptest.NewRequest(http.MethodGet, "/_mock/counters", nil))
	if admin.Code != http.StatusInternalServerError {
		t.Errorf("admin API after a failed write: HTTP %d", admin.Code)
	}
	if len(told) != 1 || !errors.Is(told[0], full) {
		t.Errorf("OnWriteError heard %v", told)
	}
}
