package mockserver

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"
)

// progressOf starts n imports and returns their progress once the clock has
// moved by after, with the jobs that are done.
func progressOf(f *fixture, n int, after time.Duration) (progress []float64, done int) {
	f.t.Helper()
	uuids := make([]string, n)
	for i := range uuids {
		uuids[i] = f.importOne("spread").JobUUID
	}
	f.clock.Advance(after)
	for _, job := range f.jobs("gz", uuids...) {
		progress = append(progress, job.Progress)
		if job.Done {
			done++
		}
	}
	return progress, done
}

func TestJobDurationSpread(t *testing.T) {
	const base, jobs = 10 * time.Second, 60
	tests := []struct {
		spread float64
		// shortest and longest a job may take
		shortest, longest time.Duration
		// probe is when most jobs still run, so their progress tells
		// their durations apart
		probe time.Duration
	}{
		{0, base, base, 5 * time.Second},
		{0.4, 6 * time.Second, 14 * time.Second, 3 * time.Second},
		{1, 0, 20 * time.Second, 2 * time.Second},
	}
	for _, tt := range tests {
		opts := Options{JobDuration: base, JobDurationSpread: tt.spread, Seed: 3}
		if tt.shortest > 0 {
			_, done := progressOf(newFixture(t, opts), jobs, tt.shortest-time.Millisecond)
			if done != 0 {
				t.Errorf("spread %v: %d jobs done before %s", tt.spread, done, tt.shortest)
			}
		}
		if _, done := progressOf(newFixture(t, opts), jobs, tt.longest); done != jobs {
			t.Errorf("spread %v: %d of %d jobs done after %s", tt.spread, done, jobs, tt.longest)
		}

		progress, _ := progressOf(newFixture(t, opts), jobs, tt.probe)
		distinct := len(slices.Compact(slices.Sorted(slices.Values(progress))))
		if tt.spread == 0 && distinct != 1 || tt.spread > 0 && distinct < jobs/2 {
			t.Errorf("spread %v: %d distinct durations among %d jobs", tt.spread, distinct, jobs)
		}
		again, _ := progressOf(newFixture(t, opts), jobs, tt.probe)
		if !slices.Equal(progress, again) {
			t.Errorf("spread %v: the same seed drew other durations:\n%v\n%v", tt.spread, progress, again)
		}
		opts.Seed++
		other, _ := progressOf(newFixture(t, opts), jobs, tt.probe)
		if tt.spread > 0 && slices.Equal(progress, other) {
			t.Errorf("spread %v: another seed drew the same durations", tt.spread)
		}
	}
}

// TestJobDurationSpreadLeavesFaultsAlone: the spread draws from a source of
// its own, so turning it on does not move which requests a fault hits.
func TestJobDurationSpreadLeavesFaultsAlone(t *testing.T) {
	faulted := func(spread float64) []int {
		f := newFixture(t, Options{JobDurationSpread: spread, Seed: 9})
		f.s.SetFaults(FaultRule{Endpoint: EndpointListCIMG, Kind: FaultErrno, Probability: 0.5})
		var hits []int
		for i := range 20 {
			f.importOne("x")
			if resp := f.post(pathList, map[string]any{"regionId": "gz", "limit": 1}); resp.Env.Errno != 0 {
				hits = append(hits, i)
			}
		}
		return hits
	}
	if without, with := faulted(0), faulted(0.4); !slices.Equal(without, with) {
		t.Errorf("faults hit %v without a spread, %v with one", without, with)
	}
}

func TestSetJobDurationSpread(t *testing.T) {
	const base = 10 * time.Second
	f := newFixture(t, Options{JobDuration: base, JobDurationSpread: 0.5, Seed: 1})
	durations := func() int {
		progress, _ := progressOf(f, 20, time.Second)
		return len(slices.Compact(slices.Sorted(slices.Values(progress))))
	}
	f.s.SetJobDurationSpread(0)
	if n := durations(); n != 1 {
		t.Errorf("SetJobDurationSpread(0): %d distinct durations, want 1", n)
	}
	f.s.Reset()
	if n := durations(); n < 10 {
		t.Errorf("after Reset: %d distinct durations, want the Options' spread back", n)
	}

	admin := func(body string) int {
		rec := httptest.NewRecorder()
		f.s.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/_mock/config", strings.NewReader(body)))
		return rec.Code
	}
	f.s.Reset()
	for _, bad := range []string{`{"jobDurationSpread":1.5}`, `{"jobDurationSpread":-0.1}`, `{"jobDurationMs":1,"jobDurationSpread":2}`} {
		if code := admin(bad); code != http.StatusBadRequest {
			t.Errorf("config %s: HTTP %d, want 400", bad, code)
		}
	}
	if n := durations(); n < 10 {
		t.Errorf("a refused config changed the spread: %d distinct durations", n)
	}
	if code := admin(`{"jobDurationSpread":0}`); code != http.StatusOK {
		t.Fatalf("config jobDurationSpread 0: HTTP %d", code)
	}
	if n := durations(); n != 1 {
		t.Errorf("config jobDurationSpread 0: %d distinct durations, want 1", n)
	}
}
