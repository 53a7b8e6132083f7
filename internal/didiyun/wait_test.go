package didiyun

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver"
)

// TestWaitJob_cancelLeavesNoWaiter checks that a wait abandoned by its
// context leaves the region's poller at once, so nothing keeps polling for it.
func TestWaitJob_cancelLeavesNoWaiter(t *testing.T) {
	t.Parallel()
	mock, server := mockserver.NewTestServer(mockserver.Options{JobDuration: 200 * time.Millisecond})
	defer server.Close()
	mock.SetJobOutcome("", mockserver.JobOutcome{Hang: true})
	c, err := New(Options{
		Endpoint: server.URL, Token: mock.Token(),
		RetryWaitMin: 5 * time.Millisecond, RetryWaitMax: 50 * time.Millisecond,
		Poll: PollOptions{Floor: 20 * time.Millisecond, Ceiling: 500 * time.Millisecond},
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	job, err := c.ImportCIMG(ctx, "gz", ImportCIMGInput{Name: "hangs", OriginImageUUID: mockserver.SeedImageBJ, OriginRegionID: "bj"})
	if err != nil {
		t.Fatal(err)
	}

	waitCtx, stop := context.WithCancel(ctx)
	polls := 0
	_, err = c.WaitJob(waitCtx, "gz", job.ID(), func(Job) {
		if polls++; polls == 2 {
			stop()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("WaitJob = %v, want context.Canceled", err)
	}
	p := c.pollerFor("gz")
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.waiters) != 0 {
		t.Errorf("%d waiters left on the poller after the wait ended", len(p.waiters))
	}
}

// TestPollOptionsDefaults fills zero fields and keeps the ceiling above the floor.
func TestPollOptionsDefaults(t *testing.T) {
	t.Parallel()
	got := PollOptions{}.withDefaults()
	want := PollOptions{Floor: DefaultPollFloor, Ceiling: DefaultPollCeiling, ChunkSize: DefaultPollChunkSize, MaxFailedPolls: DefaultMaxFailedPolls, Group: DefaultPollGroup}
	if got != want {
		t.Errorf("defaults = %+v, want %+v", got, want)
	}
	if got := (PollOptions{Floor: time.Minute, Ceiling: time.Second}).withDefaults(); got.Ceiling < got.Floor {
		t.Errorf("ceiling %v below floor %v", got.Ceiling, got.Floor)
	}
}

// TestPollerNextLookGroupsCloseJobs: the next look waits for a waiter due
// within the group window, but not for one due after it.
func TestPollerNextLookGroupsCloseJobs(t *testing.T) {
	t.Parallel()
	base := time.Now()
	p := newPoller(nil, "gz", PollOptions{Group: 200 * time.Millisecond}.withDefaults())
	for _, after := range []time.Duration{0, 150 * time.Millisecond, 190 * time.Millisecond, 250 * time.Millisecond} {
		p.waiters[&waiter{due: base.Add(after), latest: base.Add(after)}] = struct{}{}
	}
	if got, want := p.nextLook().Sub(base), 190*time.Millisecond; got != want {
		t.Errorf("next look %v after the earliest due, want %v", got, want)
	}
}

// TestPollerFirstLookWaitsForAnother: once creates of the region were seen
// to take 3 s, the first look at a new one may wait up to 1.5 s for a look
// another job needs; with no such history it comes at the floor.
func TestPollerFirstLookWaitsForAnother(t *testing.T) {
	t.Parallel()
	base := time.Now()
	opts := PollOptions{Floor: 500 * time.Millisecond, Group: 200 * time.Millisecond}.withDefaults()
	newWatch := func() *waiter {
		return &waiter{watch: &imageWatch{}, started: base, due: base.Add(opts.Floor)}
	}

	fresh := newPoller(nil, "gz", opts)
	w := newWatch()
	w.latest = fresh.firstLookLatest(w)
	fresh.waiters[w] = struct{}{}
	if got := fresh.nextLook().Sub(base); got != opts.Floor {
		t.Errorf("with no history the first look comes %v after the start, want the floor %v", got, opts.Floor)
	}

	seasoned := newPoller(nil, "gz", opts)
	seasoned.shortestCreate = 3 * time.Second
	w = newWatch()
	w.latest = seasoned.firstLookLatest(w)
	seasoned.waiters[w] = struct{}{}
	if got, want := seasoned.nextLook().Sub(base), 1500*time.Millisecond; got != want {
		t.Errorf("alone, the first look comes %v after the start, want %v", got, want)
	}
	other := base.Add(time.Second)
	seasoned.waiters[&waiter{due: other, latest: other}] = struct{}{}
	if got, want := seasoned.nextLook().Sub(base), time.Second; got != want {
		t.Errorf("with another job due at 1s, the look comes %v after the start, want %v", got, want)
	}
}
