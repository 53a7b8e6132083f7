package jobs

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver"
)

// TestWaitJob_cancelLeavesNoWaiter checks that a wait abandoned by its
// context leaves the region's poller at once, and that polling stops.
func TestWaitJob_cancelLeavesNoWaiter(t *testing.T) {
	t.Parallel()
	mock, server := mockserver.NewTestServer(mockserver.Options{JobDuration: 200 * time.Millisecond})
	defer server.Close()
	mock.SetJobOutcome("", mockserver.JobOutcome{Hang: true})
	c, err := didiyun.New(didiyun.Options{
		Endpoint: server.URL, Token: mock.Token(),
		RetryWaitMin: 5 * time.Millisecond, RetryWaitMax: 50 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	w := New(c, Options{Floor: 20 * time.Millisecond, Ceiling: 500 * time.Millisecond})
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	job, err := c.ImportCIMG(ctx, "gz", didiyun.ImportCIMGInput{Name: "hangs", OriginImageUUID: mockserver.SeedImageBJ, OriginRegionID: "bj"})
	if err != nil {
		t.Fatal(err)
	}

	waitCtx, stop := context.WithCancel(ctx)
	polls := 0
	_, err = w.Wait(waitCtx, "gz", job.ID(), time.Time{}, func(didiyun.Job) {
		if polls++; polls == 2 {
			stop()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Wait = %v, want context.Canceled", err)
	}
	p := w.pollerFor("gz")
	p.mu.Lock()
	waiters := len(p.waiters)
	p.mu.Unlock()
	if waiters != 0 {
		t.Errorf("%d waiters left on the poller after the wait ended", waiters)
	}
	// Nothing polls for the abandoned job: over two ceilings (a live wait
	// polls at least once a ceiling), JobResult is asked nothing more.
	asked := mock.Count(mockserver.EndpointJobResult)
	time.Sleep(2 * 500 * time.Millisecond)
	if more := mock.Count(mockserver.EndpointJobResult) - asked; more != 0 {
		t.Errorf("JobResult was asked %d more times after the wait ended", more)
	}
}

// TestOptionsDefaults fills zero fields and keeps the ceiling above the floor.
func TestOptionsDefaults(t *testing.T) {
	t.Parallel()
	got := Options{}.withDefaults()
	want := Options{Floor: DefaultFloor, Ceiling: DefaultCeiling, ChunkSize: DefaultChunkSize, LearnWindow: DefaultLearnWindow, Group: DefaultGroup}
	if got != want {
		t.Errorf("defaults = %+v, want %+v", got, want)
	}
	if got := (Options{Floor: time.Minute, Ceiling: time.Second}).withDefaults(); got.Ceiling < got.Floor {
		t.Errorf("ceiling %v below floor %v", got.Ceiling, got.Floor)
	}
}

// TestPollerNextLookGroupsCloseJobs: the next look waits for a waiter due
// within the group window, but not for one due after it.
func TestPollerNextLookGroupsCloseJobs(t *testing.T) {
	t.Parallel()
	base := time.Now()
	p := newPoller(nil, "gz", Options{Group: 200 * time.Millisecond}.withDefaults())
	for _, after := range []time.Duration{0, 150 * time.Millisecond, 190 * time.Millisecond, 250 * time.Millisecond} {
		p.waiters[&waiter{due: base.Add(after)}] = struct{}{}
	}
	if got, want := p.nextLook().Sub(base), 190*time.Millisecond; got != want {
		t.Errorf("next look %v after the earliest due, want %v", got, want)
	}
}

// TestNextWait_ceiling: however long a job's progress says it has left, the
// next look comes within the ceiling, so a job that fails early is seen
// within it.
func TestNextWait_ceiling(t *testing.T) {
	t.Parallel()
	opts := Options{Floor: 500 * time.Millisecond}.withDefaults()
	p := newPoller(nil, "gz", opts)
	start := time.Now()
	for _, tt := range []struct {
		elapsed  time.Duration
		progress float64
	}{{time.Second, 0.1}, {time.Minute, 1}, {time.Second, 50}, {0, 0}} {
		w := &waiter{started: start}
		got := p.nextWait(w, start.Add(tt.elapsed), tt.progress)
		if got > DefaultCeiling || got < opts.Floor {
			t.Errorf("after %v at %v %%: next look in %v, want between %v and %v", tt.elapsed, tt.progress, got, opts.Floor, DefaultCeiling)
		}
	}
	if got := p.nextWait(&waiter{started: start}, start.Add(2*time.Hour), 1); got != DefaultCeiling {
		t.Errorf("a 2 h job at 1 %%: next look in %v, want the ceiling %v", got, DefaultCeiling)
	}
}

// TestDecide_missAfterAnAnswerIsNotForgotten: a job JobResult has answered
// about cannot be past the server's retention a moment later, however long
// ago it started: a miss then means another look, not the end.
func TestDecide_missAfterAnAnswerIsNotForgotten(t *testing.T) {
	t.Parallel()
	api, err := didiyun.New(didiyun.Options{Endpoint: "http://127.0.0.1:1", Token: "t"}) // never called
	if err != nil {
		t.Fatal(err)
	}
	p := newPoller(api, "gz", Options{LearnWindow: time.Minute}.withDefaults())
	start := time.Now().Add(-time.Hour)
	w := &waiter{ctx: context.Background(), jobUUID: "j", known: start, started: start}
	now := time.Now()
	if end, _ := p.decide(w, now, result{job: didiyun.Job{JobUUID: "j", Progress: 50}}); end != nil {
		t.Fatalf("a running job ended the wait: %+v", end)
	}
	miss := result{err: &UnknownJobError{RegionID: "gz", JobUUID: "j", Err: errors.New("left out")}}
	if end, _ := p.decide(w, now.Add(time.Second), miss); end != nil {
		t.Errorf("a miss right after an answer ended the wait: %v", end.err)
	}
	if end, _ := p.decide(w, now.Add(2*time.Minute), miss); end == nil || !IsUnknownJob(end.err) {
		t.Errorf("a job missing for longer than LearnWindow did not end the wait as forgotten")
	}
}
