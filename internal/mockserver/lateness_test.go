package mockserver

import (
	"encoding/json"
	"net/http"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver/openapi"
)

// askJobs asks JobResult about uuids in gz and returns the raw answer.
func (f *fixture) askJobs(uuids ...string) response {
	f.t.Helper()
	return f.get(pathResult, url.Values{"regionId": {"gz"}, "jobUuids": {strings.Join(uuids, ",")}})
}

func jobUUIDsOf(jobs []Job) []string {
	var uuids []string
	for _, j := range jobs {
		uuids = append(uuids, j.JobUUID)
	}
	return uuids
}

// TestJobResultLag: a job is unknown to JobResult for the lag after it
// started, in the way the mode says, and known from then on; the other jobs
// of the same request are answered as always.
func TestJobResultLag(t *testing.T) {
	const lag = 5 * time.Second
	tests := []struct {
		name string
		opts Options
		set  func(s *Server) // when not nil, the lag is set while the mock runs
		lag  time.Duration   // the lag in force; 0 knows every job at once
		mode JobResultLagMode
	}{
		{"omit by Options", Options{JobResultLag: lag, JobResultLagMode: JobResultLagOmit}, nil, lag, JobResultLagOmit},
		{"omit is the default mode", Options{JobResultLag: lag}, nil, lag, JobResultLagOmit},
		{"errno by Options", Options{JobResultLag: lag, JobResultLagMode: JobResultLagErrno}, nil, lag, JobResultLagErrno},
		{"omit by setter", Options{}, func(s *Server) { s.SetJobResultLag(lag, JobResultLagOmit) }, lag, JobResultLagOmit},
		{"errno by setter", Options{}, func(s *Server) { s.SetJobResultLag(lag, JobResultLagErrno) }, lag, JobResultLagErrno},
		{"zero lag, errno mode", Options{JobResultLagMode: JobResultLagErrno}, nil, 0, JobResultLagErrno},
		{"setter back to zero", Options{JobResultLag: lag}, func(s *Server) { s.SetJobResultLag(0, "") }, 0, JobResultLagOmit},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, tt.opts)
			if tt.set != nil {
				tt.set(f.s)
			}
			old := f.importOne("old").JobUUID
			f.clock.Advance(lag)
			late := f.importOne("late").JobUUID
			renamed := f.post(pathChangeName, map[string]any{"cimg": map[string]string{"cimgUuid": SeedImageGZ, "name": "renamed"}})
			var renames []Job
			f.ok(renamed, &renames)
			lateRename := renames[0].JobUUID
			asked := []string{SeedJobGZ, old, late, lateRename}

			f.clock.Advance(max(0, tt.lag-time.Millisecond))
			resp := f.askJobs(asked...)
			switch {
			case tt.lag <= 0:
				var jobs []Job
				f.ok(resp, &jobs)
				if got := jobUUIDsOf(jobs); !slices.Equal(got, asked) {
					t.Errorf("JobResult with no lag answered %v at once, want %v", got, asked)
				}
			case tt.mode == JobResultLagErrno:
				f.wantErrno(resp, openapi.ErrnoInvalidParameter, "job "+late+" not found in region gz")
			default:
				var jobs []Job
				f.ok(resp, &jobs)
				if got, want := jobUUIDsOf(jobs), []string{SeedJobGZ, old}; !slices.Equal(got, want) {
					t.Errorf("JobResult within the lag answered %v, want the known jobs alone %v", got, want)
				}
				if !jobs[1].Done || !jobs[1].Success {
					t.Errorf("the old job is answered as %+v, want done and successful", jobs[1])
				}
			}
			if tt.lag > 0 {
				// The request that did not know them does not teach the mock either.
				f.clock.Advance(time.Millisecond)
			}
			var jobs []Job
			f.ok(f.askJobs(asked...), &jobs)
			if got := jobUUIDsOf(jobs); !slices.Equal(got, asked) {
				t.Errorf("JobResult after the lag answered %v, want %v", got, asked)
			}
		})
	}
}

// TestJobResultLagLeavesUnknownJobsAlone: a job that never ran is errno 1
// in either mode, as without a lag.
func TestJobResultLagLeavesUnknownJobsAlone(t *testing.T) {
	for _, mode := range []JobResultLagMode{JobResultLagOmit, JobResultLagErrno} {
		t.Run(string(mode), func(t *testing.T) {
			f := newFixture(t, Options{JobResultLag: time.Minute, JobResultLagMode: mode})
			late := f.importOne("late").JobUUID
			unknown := "ffffffffffffffffffffffffffffffff"
			f.wantErrno(f.askJobs(SeedJobGZ, unknown), openapi.ErrnoInvalidParameter, "job "+unknown+" not found in region gz")
			// In omit mode the late job is passed over and the unknown one still fails the request.
			want := unknown
			if mode == JobResultLagErrno {
				want = late
			}
			f.wantErrno(f.askJobs(late, unknown), openapi.ErrnoInvalidParameter, "job "+want+" not found")
		})
	}
}

// TestListingLag: an image an import or create made is left out of full
// listings and names lookups, count included, for the lag after the create,
// and listed from then on; images seeded or added out of band are not late.
func TestListingLag(t *testing.T) {
	const lag = 6 * time.Second
	tests := []struct {
		name    string
		opts    Options
		set     func(s *Server)
		jobType string
		lag     time.Duration
	}{
		{"import, Options", Options{ListingLag: lag}, nil, JobTypeImportCIMG, lag},
		{"create, Options", Options{ListingLag: lag}, nil, JobTypeCreateCIMG, lag},
		{"import, setter", Options{}, func(s *Server) { s.SetListingLag(lag) }, JobTypeImportCIMG, lag},
		{"create, array shape", Options{ListingLag: lag, ListShape: ListShapeArray}, nil, JobTypeCreateCIMG, lag},
		{"zero lag", Options{}, nil, JobTypeImportCIMG, 0},
		{"setter back to zero", Options{ListingLag: lag}, func(s *Server) { s.SetListingLag(0) }, JobTypeCreateCIMG, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, tt.opts)
			if tt.set != nil {
				tt.set(f.s)
			}
			added := f.s.AddImage(Image{Name: "added"})
			made := f.makeOne(tt.jobType, "made").ResourceUUID
			if made == "" {
				t.Fatal("the create answered no resourceUuid")
			}
			full := map[string]any{"regionId": "gz", "limit": 100}
			byName := map[string]any{"regionId": "gz", "limit": 100, "condition": map[string]any{"names": []string{"made"}}}
			listed := func(body map[string]any) (uuids []string, count int) {
				t.Helper()
				resp := f.post(pathList, body)
				var page listPage
				if f.shapeOf(resp) == ListShapeArray {
					f.ok(resp, &page.Items)
					page.Count = len(page.Items)
				} else {
					f.ok(resp, &page)
				}
				for _, img := range page.Items {
					uuids = append(uuids, img.CIMGUUID)
				}
				return uuids, page.Count
			}

			f.clock.Advance(max(0, tt.lag-time.Millisecond))
			wantListed := tt.lag <= 0
			all, count := listed(full)
			if slices.Contains(all, made) != wantListed || count != 5+boolInt(wantListed) {
				t.Errorf("full listing within the lag: %v (count %d), want the made image listed: %t", all, count, wantListed)
			}
			if !slices.Contains(all, SeedImageGZ) || !slices.Contains(all, added.CIMGUUID) {
				t.Errorf("full listing %v lacks the seeded or the added image, which are never late", all)
			}
			if named, count := listed(byName); slices.Contains(named, made) != wantListed || count != boolInt(wantListed) {
				t.Errorf("names lookup within the lag: %v (count %d), want the made image listed: %t", named, count, wantListed)
			}
			if _, ok := f.s.Image(made); !ok {
				t.Error("the admin view lost the image: only ListCIMG is late")
			}

			f.clock.Advance(time.Millisecond)
			if all, count := listed(full); !slices.Contains(all, made) || count != 6 {
				t.Errorf("full listing after the lag: %v (count %d), want the made image too", all, count)
			}
			if named, _ := listed(byName); !slices.Equal(named, []string{made}) {
				t.Errorf("names lookup after the lag: %v, want %s", named, made)
			}
		})
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestListingLagKeptAcrossRestart: a restart within the lag does not list
// the image early, as the state file keeps when the create made it.
func TestListingLagKeptAcrossRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state")
	clock := newFakeClock()
	opts := Options{ListingLag: 6 * time.Second}
	f := openFixture(t, clock, opts, path)
	made := f.importOne("made").ResourceUUID
	if err := f.s.Close(); err != nil {
		t.Fatal(err)
	}
	f = openFixture(t, clock, opts, path)
	t.Cleanup(func() { _ = f.s.Close() })
	clock.Advance(3 * time.Second)
	if _, ok := f.listed("gz", made); ok {
		t.Error("listed 3 s after its create, after a restart; want it 6 s late")
	}
	clock.Advance(3 * time.Second)
	if _, ok := f.listed("gz", made); !ok {
		t.Error("not listed once the lag passed after a restart")
	}
}

// TestAdminLags: POST /_mock/config sets the lags, GET shows them, a bad
// value is refused and changes nothing, and Reset restores the Options'.
func TestAdminLags(t *testing.T) {
	opts := Options{JobResultLag: time.Second, ListingLag: 2 * time.Second}
	f := newFixture(t, opts)
	show := func() configJSONView {
		t.Helper()
		resp := f.admin(http.MethodGet, "/_mock/config", "")
		if resp.Status != http.StatusOK {
			t.Fatalf("GET config: HTTP %d: %s", resp.Status, resp.Body)
		}
		var got configJSONView
		if err := json.Unmarshal(resp.Body, &got); err != nil {
			t.Fatalf("GET config: %v: %s", err, resp.Body)
		}
		return got
	}
	start := configJSONView{JobResultLagMs: 1000, JobResultLagMode: JobResultLagOmit, ListingLagMs: 2000}
	if got := show(); got != start {
		t.Fatalf("GET config = %+v, want the Options' %+v", got, start)
	}

	f.configure(`{"jobResultLagMs":5000,"jobResultLagMode":"errno","listingLagMs":6000}`)
	set := configJSONView{JobResultLagMs: 5000, JobResultLagMode: JobResultLagErrno, ListingLagMs: 6000}
	if got := show(); got != set {
		t.Errorf("GET config = %+v, want %+v", got, set)
	}
	late := f.importOne("late").JobUUID
	f.clock.Advance(5*time.Second - time.Millisecond)
	f.wantErrno(f.askJobs(late), openapi.ErrnoInvalidParameter, "job "+late+" not found")
	f.clock.Advance(time.Millisecond)
	f.job("gz", late)

	f.configure(`{"pageMax":50}`) // other settings leave the lags alone
	if got := show(); got != set {
		t.Errorf("GET config after an unrelated change = %+v, want %+v", got, set)
	}

	for _, body := range []string{
		`{"pageMax":1,"jobResultLagMs":-1}`,
		`{"pageMax":1,"listingLagMs":-1000}`,
		`{"pageMax":1,"jobResultLagMode":"drop"}`,
		`{"pageMax":1,"jobResultLagMs":"5s"}`,
		`{"pageMax":1,"listingLag":1000}`,
	} {
		resp := f.admin(http.MethodPost, "/_mock/config", body)
		if resp.Status != http.StatusBadRequest {
			t.Errorf("config %s: HTTP %d, want 400: %s", body, resp.Status, resp.Body)
		}
		if strings.Contains(body, "-") && !strings.Contains(string(resp.Body), "negative") {
			t.Errorf("config %s: %s, want it to say the lag is negative", body, resp.Body)
		}
	}
	if got := show(); got != set {
		t.Errorf("GET config after refused bodies = %+v, want %+v unchanged", got, set)
	}

	f.configure(`{"jobResultLagMs":0,"listingLagMs":0}`)
	if got := show(); got.JobResultLagMs != 0 || got.ListingLagMs != 0 || got.JobResultLagMode != JobResultLagErrno {
		t.Errorf("GET config = %+v, want both lags off, the mode kept", got)
	}

	f.s.SetJobResultLag(7*time.Second, JobResultLagOmit)
	f.s.SetListingLag(8 * time.Second)
	if got, want := show(), (configJSONView{JobResultLagMs: 7000, JobResultLagMode: JobResultLagOmit, ListingLagMs: 8000}); got != want {
		t.Errorf("GET config after the setters = %+v, want %+v", got, want)
	}
	if resp := f.admin(http.MethodPost, "/_mock/reset", ""); resp.Status != http.StatusOK {
		t.Fatalf("reset: HTTP %d: %s", resp.Status, resp.Body)
	}
	if got := show(); got != start {
		t.Errorf("GET config after reset = %+v, want the Options' %+v", got, start)
	}
	f.s.SetJobResultLag(0, "")
	f.s.SetListingLag(0)
	f.s.Reset()
	if got := show(); got != start {
		t.Errorf("GET config after Reset = %+v, want the Options' %+v", got, start)
	}
}

// configJSONView is the part of GET /_mock/config about lateness.
type configJSONView struct {
	JobResultLagMs   int64            `json:"jobResultLagMs"`
	JobResultLagMode JobResultLagMode `json:"jobResultLagMode"`
	ListingLagMs     int64            `json:"listingLagMs"`
}

// TestAdminConfigShowsEverySetting: GET /_mock/config shows each setting
// POST takes, and its body can be posted back unchanged.
func TestAdminConfigShowsEverySetting(t *testing.T) {
	f := newFixture(t, Options{})
	body := `{"jobDurationMs":1500,"jobDurationSpread":0.25,"pageMax":7,"listShape":"array","namesMatch":"prefix",` +
		`"hideListJobs":true,"deleteCancelsJobs":true,"statusWhileMade":"Ready","failCreatesNamed":"bad-",` +
		`"omitCreateResourceUuid":true,"jobResultLagMs":5000,"jobResultLagMode":"errno","listingLagMs":6000}`
	f.configure(body)
	resp := f.admin(http.MethodGet, "/_mock/config", "")
	if got := strings.TrimSpace(string(resp.Body)); got != body {
		t.Errorf("GET config =\n%s\nwant\n%s", got, body)
	}
	f.s.Reset()
	f.configure(body)
	if again := f.admin(http.MethodGet, "/_mock/config", ""); string(again.Body) != string(resp.Body) {
		t.Errorf("posting GET's body back gave\n%s\nwant\n%s", again.Body, resp.Body)
	}
}
