package didiyun

import (
	"context"
	"math/rand/v2"
	"sync"
	"time"
)

// PollOptions shape how jobs are watched. Zero values take the defaults.
type PollOptions struct {
	// Floor is the shortest gap between two looks at the same job.
	Floor time.Duration
	// Ceiling is the longest, so a stalled estimate is still checked.
	Ceiling time.Duration
	// ChunkSize bounds the job uuids sent in one JobResult call.
	ChunkSize int
	// MaxFailedPolls is how many JobResult failures in a row a waiter
	// tolerates (each already retried) before it gives up.
	MaxFailedPolls int
	// Group is how much later than the earliest due waiter a look may come
	// to take in others due by then: jobs of different lengths finish at
	// different times, and one call for a few of them beats one each.
	Group time.Duration
}

// Poll defaults: a job is seen done within about max(Floor, 5 % of its length).
const (
	DefaultPollFloor      = 500 * time.Millisecond
	DefaultPollCeiling    = 30 * time.Second
	DefaultPollChunkSize  = 50
	DefaultMaxFailedPolls = 3
	DefaultPollGroup      = 200 * time.Millisecond
)

func (o PollOptions) withDefaults() PollOptions {
	if o.Floor <= 0 {
		o.Floor = DefaultPollFloor
	}
	if o.Ceiling < o.Floor {
		o.Ceiling = max(DefaultPollCeiling, o.Floor)
	}
	if o.ChunkSize <= 0 {
		o.ChunkSize = DefaultPollChunkSize
	}
	if o.MaxFailedPolls <= 0 {
		o.MaxFailedPolls = DefaultMaxFailedPolls
	}
	if o.Group == 0 {
		o.Group = DefaultPollGroup
	}
	return o
}

// waiter is one caller waiting for one job.
type waiter struct {
	ctx     context.Context
	jobUUID string
	watch   *imageWatch // nil: asked about through JobResult only
	started time.Time
	due     time.Time
	// latest is when the next look must come at the latest: due, except for
	// the first look at a watched create, which only learns its pace and can
	// wait for a look others need (see firstLookLatest).
	latest     time.Time
	backoff    time.Duration
	failures   int
	onProgress func(Job)
	result     chan waitResult
}

type waitResult struct {
	job   Job
	image *Image // set when a listing showed the job's image done
	err   error
}

// poller watches every outstanding job of one region for one Client, so
// that concurrent waits share JobResult calls instead of each polling alone.
type poller struct {
	client *Client
	region string
	opts   PollOptions

	mu      sync.Mutex
	waiters map[*waiter]struct{}
	wake    chan struct{}
	running bool
	// shortestCreate is the shortest watched create seen to finish.
	shortestCreate time.Duration
	// ctx carries a waiter's logger into the JobResult calls, and is
	// cancelled as soon as nobody waits, so no call outlives its waiters.
	ctx    context.Context
	cancel context.CancelFunc
}

func newPoller(c *Client, region string, opts PollOptions) *poller {
	return &poller{client: c, region: region, opts: opts, waiters: map[*waiter]struct{}{}, wake: make(chan struct{}, 1)}
}

func (p *poller) add(w *waiter) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.waiters[w] = struct{}{}
	w.latest = p.firstLookLatest(w)
	if p.ctx == nil || p.ctx.Err() != nil {
		p.ctx, p.cancel = context.WithCancel(context.WithoutCancel(w.ctx))
	}
	if !p.running {
		p.running = true
		go p.loop()
	}
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

func (p *poller) remove(w *waiter) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.waiters, w)
	if len(p.waiters) == 0 && p.cancel != nil {
		p.cancel()
	}
}

// loop runs while anyone waits: it sleeps until the earliest waiter is due,
// then asks about all outstanding jobs at once.
func (p *poller) loop() {
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		p.mu.Lock()
		if len(p.waiters) == 0 {
			p.running = false
			p.mu.Unlock()
			return
		}
		next := p.nextLook()
		p.mu.Unlock()

		if wait := time.Until(next); wait > 0 {
			timer.Reset(wait)
			select {
			case <-timer.C:
			case <-p.wake:
				if !timer.Stop() {
					<-timer.C
				}
				continue
			}
		}
		p.tick()
	}
}

// firstLookLatest is how long the first look at a new job may wait for a
// look that others need: a create watched in the listing, once creates of
// the region were seen to take a while, can wait half the shortest of them,
// since it cannot have finished by then. Jobs that start while others run
// then cost no look of their own. Callers hold p.mu.
func (p *poller) firstLookLatest(w *waiter) time.Time {
	if w.watch == nil || p.shortestCreate <= 0 {
		return w.due
	}
	wait := min(max(p.shortestCreate/2, p.opts.Floor), p.opts.Ceiling)
	return later(w.due, w.started.Add(wait))
}

// nextLook is when to look next: when the first waiter must be looked at,
// or a little later when that takes in others due by then. Callers hold
// p.mu.
func (p *poller) nextLook() time.Time {
	first := time.Time{}
	for w := range p.waiters {
		if first.IsZero() || w.latest.Before(first) {
			first = w.latest
		}
	}
	next := first
	for w := range p.waiters {
		if w.due.Equal(w.latest) && w.due.After(next) && !w.due.After(first.Add(p.opts.Group)) {
			next = w.due
		}
	}
	return next
}

// tick looks at every outstanding job: the watched images in one listing,
// the other jobs (and those the listing could not tell about) in batched
// JobResult calls.
func (p *poller) tick() {
	p.mu.Lock()
	ctx := p.ctx
	var watched, asked []*waiter
	for w := range p.waiters {
		if w.watch != nil && !w.watch.byJobResult {
			watched = append(watched, w)
		} else {
			asked = append(asked, w)
		}
	}
	p.mu.Unlock()

	asked = append(asked, p.lookAtImages(ctx, watched)...)
	p.askJobResult(ctx, asked)
}

// askJobResult asks about the jobs of waiters, a chunk per call.
func (p *poller) askJobResult(ctx context.Context, waiters []*waiter) {
	byJob := make(map[string][]*waiter, len(waiters))
	var ids []string
	for _, w := range waiters {
		if _, ok := byJob[w.jobUUID]; !ok {
			ids = append(ids, w.jobUUID)
		}
		byJob[w.jobUUID] = append(byJob[w.jobUUID], w)
	}

	for start := 0; start < len(ids); start += p.opts.ChunkSize {
		chunk := ids[start:min(start+p.opts.ChunkSize, len(ids))]
		answers := p.fetch(ctx, chunk)
		now := time.Now()
		for _, id := range chunk {
			for _, w := range byJob[id] {
				if answer := answers[id]; answer.err != nil {
					p.failed(w, now, answer.err)
				} else {
					p.observed(w, now, answer.job)
				}
			}
		}
	}
}

// fetch asks for a chunk of jobs in one call. When the API rejects the whole
// batch (one unknown uuid does that), it asks for each job alone so that one
// bad uuid fails only its own waiter.
func (p *poller) fetch(ctx context.Context, ids []string) map[string]waitResult {
	answers := make(map[string]waitResult, len(ids))
	jobs, err := p.client.JobResult(ctx, p.region, ids...)
	if err != nil && len(ids) > 1 && ErrorErrno(err) == ErrnoInvalidParameter {
		for _, id := range ids {
			answers[id] = p.fetchOne(ctx, id)
		}
		return answers
	}
	for _, id := range ids {
		if err != nil {
			answers[id] = waitResult{err: err}
			continue
		}
		job, jerr := jobByID(jobs, id)
		answers[id] = waitResult{job: job, err: jerr}
	}
	return answers
}

func (p *poller) fetchOne(ctx context.Context, id string) waitResult {
	jobs, err := p.client.JobResult(ctx, p.region, id)
	if err != nil {
		return waitResult{err: err}
	}
	job, err := jobByID(jobs, id)
	return waitResult{job: job, err: err}
}

func (p *poller) failed(w *waiter, now time.Time, err error) {
	w.failures++
	if w.failures >= p.opts.MaxFailedPolls {
		p.finish(w, waitResult{err: err})
		return
	}
	p.reschedule(w, now.Add(p.opts.Floor*time.Duration(1<<w.failures)))
}

func (p *poller) observed(w *waiter, now time.Time, job Job) {
	w.failures = 0
	if w.onProgress != nil {
		w.onProgress(job)
	}
	switch {
	case job.Failed():
		p.finish(w, waitResult{job: job, err: &JobFailedError{Job: job}})
	case job.Done:
		p.finish(w, waitResult{job: job})
	default:
		p.reschedule(w, now.Add(p.nextWait(w, now, job.Progress)))
	}
}

// nextWait aims just past the moment the job should finish, estimated from
// its progress so far; without progress it backs off from the floor.
func (p *poller) nextWait(w *waiter, now time.Time, progress float64) time.Duration {
	var wait time.Duration
	if progress > 0 && progress < 100 {
		elapsed := now.Sub(w.started)
		remaining := time.Duration(float64(elapsed) * (100 - progress) / progress)
		wait = remaining + remaining/50
	} else {
		w.backoff = min(max(w.backoff*2, p.opts.Floor), p.opts.Ceiling)
		wait = w.backoff
	}
	wait = min(max(wait, p.opts.Floor), p.opts.Ceiling)
	// A little jitter keeps many providers from polling in step.
	return wait + time.Duration(rand.Float64()*float64(p.opts.Floor)/10)
}

func (p *poller) reschedule(w *waiter, due time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	w.due, w.latest = due, due
}

func (p *poller) finish(w *waiter, res waitResult) {
	p.remove(w)
	w.result <- res
}
