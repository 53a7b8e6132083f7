package didiyun_test

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun/didiyuntest"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun/jobs"
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver"
)

// batchEnv is a mock on a frozen clock: its jobs sit at 0 % until the test
// moves the clock, so how many JobResult calls a wait makes depends on the
// client's batching, not on the machine's speed.
func batchEnv(t *testing.T, poll jobs.Options) (*testEnv, *fakeClock) {
	t.Helper()
	clock := newFakeClock()
	e := newEnv(t,
		withMock(func(o *mockserver.Options) { o.Now = clock.Now; o.JobDuration = time.Second }),
		withJobs(jobs.Options{Floor: 20 * time.Millisecond, Ceiling: 500 * time.Millisecond, ChunkSize: poll.ChunkSize,
			LearnWindow: poll.LearnWindow, Group: poll.Group}))
	return e, clock
}

// waitAll waits concurrently for every uuid in region, one WaitJob each. As
// soon as each of the jobs in finishOnceSeen has been reported once, the
// clock jumps past their end, so they finish on the next poll.
func waitAll(e *testEnv, clock *fakeClock, region string, uuids, finishOnceSeen []string) map[string]error {
	onProgress := advanceOnceSeen(clock, finishOnceSeen)

	var mu sync.Mutex
	errs := make(map[string]error, len(uuids))
	var wg sync.WaitGroup
	for _, id := range uuids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Started long ago: a job JobResult does not know is forgotten,
			// and fails its wait at once.
			job, err := e.Jobs.Wait(e.ctx(), region, id, time.Now().Add(-time.Hour), onProgress)
			if err == nil && (!job.Done || !job.Success || job.ID() != id) {
				err = fmt.Errorf("WaitJob returned %+v", job)
			}
			mu.Lock()
			defer mu.Unlock()
			errs[id] = err
		}()
	}
	wg.Wait()
	return errs
}

// advanceOnceSeen returns an onProgress that moves the clock an hour on
// once every job in ids has been reported.
func advanceOnceSeen(clock *fakeClock, ids []string) func(didiyun.Job) {
	var mu sync.Mutex
	seen := map[string]bool{}
	advanced := false
	return func(job didiyun.Job) {
		mu.Lock()
		defer mu.Unlock()
		seen[job.ID()] = true
		if advanced {
			return
		}
		for _, id := range ids {
			if !seen[id] {
				return
			}
		}
		advanced = true
		clock.Advance(time.Hour)
	}
}

// importJobs starts n imports into gz and returns their job uuids.
func importJobs(e *testEnv, n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = e.importImage(fmt.Sprintf("batched-%02d", i)).ID()
	}
	return ids
}

// jobUUIDsPerRequest returns how many job uuids each JobResult request named.
func jobUUIDsPerRequest(t *testing.T, e *testEnv) []int {
	t.Helper()
	var out []int
	for _, rec := range e.requests(mockserver.EndpointJobResult) {
		q, err := url.ParseQuery(rec.Query)
		if err != nil {
			t.Fatalf("query %q: %v", rec.Query, err)
		}
		ids := strings.Split(q.Get("jobUuids"), ",")
		if len(ids) != len(slices.Compact(slices.Sorted(slices.Values(ids)))) {
			t.Errorf("request %q names a job twice", rec.Query)
		}
		out = append(out, len(ids))
	}
	return out
}

// TestWaitJob_batchesConcurrentWaiters has 20 waiters of one client share
// JobResult calls: together they make about as many calls as one waiter
// alone, far fewer than one per waiter and poll.
func TestWaitJob_batchesConcurrentWaiters(t *testing.T) {
	t.Parallel()
	const n = 20

	single, singleClock := batchEnv(t, jobs.Options{ChunkSize: 50})
	one := importJobs(single, 1)
	for id, err := range waitAll(single, singleClock, "gz", one, one) {
		if err != nil {
			t.Fatalf("single waiter on %s: %v", id, err)
		}
	}
	singleCalls := single.Mock.Count(mockserver.EndpointJobResult)

	e, clock := batchEnv(t, jobs.Options{ChunkSize: 50})
	ids := importJobs(e, n)
	for id, err := range waitAll(e, clock, "gz", ids, ids) {
		if err != nil {
			t.Errorf("waiter on %s: %v", id, err)
		}
	}
	calls := e.Mock.Count(mockserver.EndpointJobResult)
	perRequest := jobUUIDsPerRequest(t, e)
	t.Logf("one waiter: %d JobResult calls; %d waiters: %d calls naming %v uuids", singleCalls, n, calls, perRequest)
	if calls >= n {
		t.Errorf("%d waiters made %d JobResult calls, want fewer than one per waiter", n, calls)
	}
	if slack := 3; calls > singleCalls+slack {
		t.Errorf("%d waiters made %d JobResult calls, want at most the %d of a single waiter plus %d", n, calls, singleCalls, slack)
	}
	if slices.Max(perRequest) < n/2 {
		t.Errorf("no JobResult call asked about more than %d jobs; want batches of up to %d", slices.Max(perRequest), n)
	}
}

// TestWaitJob_chunkSize bounds the uuids one JobResult call names.
func TestWaitJob_chunkSize(t *testing.T) {
	t.Parallel()
	const n, chunk = 20, 5
	e, clock := batchEnv(t, jobs.Options{ChunkSize: chunk})
	ids := importJobs(e, n)
	for id, err := range waitAll(e, clock, "gz", ids, ids) {
		if err != nil {
			t.Errorf("waiter on %s: %v", id, err)
		}
	}
	perRequest := jobUUIDsPerRequest(t, e)
	if len(perRequest) < n/chunk {
		t.Fatalf("%d JobResult calls, want at least %d to cover %d jobs in chunks of %d", len(perRequest), n/chunk, n, chunk)
	}
	for i, k := range perRequest {
		if k > chunk {
			t.Errorf("JobResult call %d named %d uuids, want at most %d", i, k, chunk)
		}
	}
	if !slices.Contains(perRequest, chunk) {
		t.Errorf("no call carried a full chunk: %v", perRequest)
	}
}

// TestWaitJob_sameJobTwice shares one poll between waiters on the same job.
func TestWaitJob_sameJobTwice(t *testing.T) {
	t.Parallel()
	e, clock := batchEnv(t, jobs.Options{})
	id := importJobs(e, 1)[0]
	var wg sync.WaitGroup
	errs := make([]error, 3)
	var once sync.Once
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = e.Jobs.Wait(e.ctx(), "gz", id, time.Time{}, func(didiyun.Job) {
				once.Do(func() { clock.Advance(time.Hour) })
			})
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("waiter %d: %v", i, err)
		}
	}
	for _, k := range jobUUIDsPerRequest(t, e) {
		if k != 1 {
			t.Errorf("a JobResult call named %d uuids for one job", k)
		}
	}
}

// TestWaitJob_unknownJobAmongGoodOnes: the API rejects a whole JobResult
// call for one unknown uuid; the good waiters must still finish and only
// the bad one fail, with the API's answer.
func TestWaitJob_unknownJobAmongGoodOnes(t *testing.T) {
	t.Parallel()
	for _, chunk := range []int{50, 2} {
		t.Run(fmt.Sprintf("chunk=%d", chunk), func(t *testing.T) {
			t.Parallel()
			e, clock := batchEnv(t, jobs.Options{ChunkSize: chunk})
			good := importJobs(e, 5)
			const bad = "0123456789abcdef0123456789abcdef"
			errs := waitAll(e, clock, "gz", append(slices.Clone(good), bad), good)
			for _, id := range good {
				if errs[id] != nil {
					t.Errorf("good waiter %s: %v", id, errs[id])
				}
			}
			apiErr := didiyuntest.AsError[*didiyun.APIError](t, errs[bad])
			if apiErr.Errno != didiyun.ErrnoInvalidParameter || !strings.Contains(apiErr.Errmsg, bad) {
				t.Errorf("bad waiter: %+v, want errno 1 naming %s", apiErr, bad)
			}
		})
	}
}

// TestWaitJob_regionsPollApart waits on jobs of two regions at once: each
// JobResult call asks one region about its own jobs.
func TestWaitJob_regionsPollApart(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	var gzJobs, bjJobs []string
	for i := range 3 {
		gzJobs = append(gzJobs, e.importImage(fmt.Sprintf("to-gz-%d", i)).ID())
		job, err := e.Client.ImportCIMG(e.ctx(), "bj", didiyun.ImportCIMGInput{Name: fmt.Sprintf("to-bj-%d", i), OriginImageUUID: mockserver.SeedImageGZ, OriginRegionID: "gz"})
		if err != nil {
			t.Fatal(err)
		}
		bjJobs = append(bjJobs, job.ID())
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var failures []error
	for region, ids := range map[string][]string{"gz": gzJobs, "bj": bjJobs} {
		for _, id := range ids {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := e.Jobs.Wait(e.ctx(), region, id, time.Time{}, nil); err != nil {
					mu.Lock()
					defer mu.Unlock()
					failures = append(failures, fmt.Errorf("%s/%s: %w", region, id, err))
				}
			}()
		}
	}
	wg.Wait()
	for _, err := range failures {
		t.Error(err)
	}
	for _, rec := range e.requests(mockserver.EndpointJobResult) {
		q, _ := url.ParseQuery(rec.Query)
		want := gzJobs
		if q.Get("regionId") == "bj" {
			want = bjJobs
		}
		for _, id := range strings.Split(q.Get("jobUuids"), ",") {
			if !slices.Contains(want, id) {
				t.Errorf("JobResult for region %s asked about %s, a job of the other region", q.Get("regionId"), id)
			}
		}
	}
}

// TestWaitJob_failingPolls: a miss about a young job (errno 1, JobResult
// does not know it yet) and an outage (errno 2) are ridden out until the
// wait's context ends, never up to a count; a miss about a job that started
// longer than LearnWindow ago (forgotten) and a failure waiting cannot mend
// (errno 4, a refused token) end the wait at its first look.
func TestWaitJob_failingPolls(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		errno        int
		failures     int           // -1: every poll fails
		jobAge       time.Duration // how long before the wait the job started
		wantRequests int           // 0: do not check
		wantErr      func(error) bool
	}{
		{"a young job unknown for eight polls", didiyun.ErrnoInvalidParameter, 8, 0, 0, nil},
		{"an outage of errno 2 is ridden out", didiyun.ErrnoSystemError, 8, 0, 0, nil},
		{"a forgotten job ends the wait at once", didiyun.ErrnoInvalidParameter, -1, time.Hour, 1, jobs.IsUnknownJob},
		{"a refused token ends the wait at once", didiyun.ErrnoAuthFailed, -1, 0, 1, didiyun.IsAuthError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, withMaxRetries(0), withJobs(jobs.Options{LearnWindow: 10 * time.Minute}))
			job := e.importImage("polled")
			rule := mockserver.FaultRule{Endpoint: mockserver.EndpointJobResult, Kind: mockserver.FaultErrno, Errno: tt.errno, Probability: 1}
			if tt.failures < 0 {
				e.Mock.SetFaults(rule)
			} else {
				e.FaultFirst(mockserver.EndpointJobResult, tt.failures, rule)
			}
			done, err := e.Jobs.Wait(e.ctx(), "gz", job.ID(), time.Now().Add(-tt.jobAge), nil)
			if tt.wantErr == nil {
				if err != nil || !done.Success {
					t.Fatalf("WaitJob = %+v, %v; want success", done, err)
				}
				return
			}
			if !tt.wantErr(err) {
				t.Fatalf("WaitJob error %v", err)
			}
			if got := e.Mock.Count(mockserver.EndpointJobResult); tt.wantRequests > 0 && got != tt.wantRequests {
				t.Errorf("%d JobResult requests, want %d", got, tt.wantRequests)
			}
		})
	}
}

// TestWaitJob_unknownJobUntilTimeout: a job JobResult never learns of is
// asked about until the wait's context ends, and the wait ends with that
// context's cause, not with a verdict on the job.
func TestWaitJob_unknownJobUntilTimeout(t *testing.T) {
	t.Parallel()
	e := newEnv(t, withMaxRetries(0))
	job := e.importImage("never-known")
	e.Mock.SetFaults(mockserver.FaultRule{Endpoint: mockserver.EndpointJobResult, Kind: mockserver.FaultErrno,
		Errno: didiyun.ErrnoInvalidParameter, Probability: 1})
	ctx, cancel := context.WithTimeout(e.ctx(), 700*time.Millisecond)
	defer cancel()
	_, err := e.Jobs.Wait(ctx, "gz", job.ID(), time.Time{}, nil)
	if !errors.Is(err, context.DeadlineExceeded) || jobs.IsUnknownJob(err) {
		t.Fatalf("WaitJob = %v, want the deadline", err)
	}
	if n := e.Mock.Count(mockserver.EndpointJobResult); n < 2 {
		t.Errorf("%d JobResult requests, want it asked again over time", n)
	}
}

// TestWaitJob_noUUID refuses to wait for nothing.
func TestWaitJob_noUUID(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	if _, err := e.Jobs.Wait(e.ctx(), "gz", "", time.Time{}, nil); err == nil {
		t.Fatal("WaitJob with no uuid succeeded")
	}
	if n := e.Mock.Count(mockserver.EndpointJobResult); n != 0 {
		t.Errorf("%d JobResult requests for no job", n)
	}
}
