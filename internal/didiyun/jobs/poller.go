package jobs

import (
	"context"
	"errors"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
)

// Options shape how jobs are watched. Zero values take the defaults.
type Options struct {
	// Floor is the shortest gap between two looks at the same job.
	Floor time.Duration
	// Ceiling is the longest: a job's end, success or failure, is seen
	// within Ceiling of JobResult saying so, whatever the job's length.
	Ceiling time.Duration
	// ChunkSize bounds the job uuids sent in one JobResult call.
	ChunkSize int
	// LearnWindow is how long after a job started JobResult may not know it
	// yet (the docs do not promise it knows a job the moment its create is
	// answered): until then a miss is waited out; after it, the job is taken
	// as forgotten (past the server's retention), which tells nothing of how
	// it ended.
	LearnWindow time.Duration
	// Group is how much later than the earliest due job a look may come to
	// take in others due by then: one call for a few of them beats one each.
	Group time.Duration
}

// Defaults: a job is seen done within about max(Floor, 2 % of its length),
// and never later than Ceiling after it ended.
const (
	DefaultFloor       = 500 * time.Millisecond
	DefaultCeiling     = 15 * time.Second
	DefaultChunkSize   = 50
	DefaultLearnWindow = 10 * time.Minute
	DefaultGroup       = 200 * time.Millisecond
)

func (o Options) withDefaults() Options {
	if o.Floor <= 0 {
		o.Floor = DefaultFloor
	}
	if o.Ceiling < o.Floor {
		o.Ceiling = max(DefaultCeiling, o.Floor)
	}
	if o.ChunkSize <= 0 {
		o.ChunkSize = DefaultChunkSize
	}
	if o.LearnWindow <= 0 {
		o.LearnWindow = DefaultLearnWindow
	}
	if o.Group == 0 {
		o.Group = DefaultGroup
	}
	return o
}

// waiter is one caller waiting for one job.
type waiter struct {
	ctx     context.Context
	jobUUID string
	// known is when the job was last known to exist: its start, then each
	// answer about it. Only a job missing for LearnWindow since is forgotten:
	// a server's retention counts from a job's end, never from a look.
	known      time.Time
	started    time.Time // when the wait started, for progress estimates
	due        time.Time
	backoff    time.Duration
	onProgress func(didiyun.Job)
	result     chan result
}

type result struct {
	job didiyun.Job
	err error
}

// poller watches every outstanding job of one region, so that concurrent
// waits share JobResult calls instead of each polling alone.
type poller struct {
	api    *didiyun.Client
	region string
	opts   Options

	mu      sync.Mutex
	waiters map[*waiter]struct{}
	wake    chan struct{}
	running bool
	// ctx is the poll's own (Logger.Shared), and is cancelled as soon as
	// nobody waits, so no call outlives its waiters.
	ctx    context.Context
	cancel context.CancelFunc
}

func newPoller(api *didiyun.Client, region string, opts Options) *poller {
	return &poller{api: api, region: region, opts: opts, waiters: map[*waiter]struct{}{}, wake: make(chan struct{}, 1)}
}

func (p *poller) add(w *waiter) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.waiters[w] = struct{}{}
	if p.ctx == nil || p.ctx.Err() != nil {
		shared := p.api.Logger().Shared(context.WithoutCancel(w.ctx), "JobResult poll of region "+p.region)
		p.ctx, p.cancel = context.WithCancel(shared)
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

// nextLook is when to look next: when the first waiter is due, or a little
// later when that takes in others due by then. Callers hold p.mu.
func (p *poller) nextLook() time.Time {
	first := time.Time{}
	for w := range p.waiters {
		if first.IsZero() || w.due.Before(first) {
			first = w.due
		}
	}
	next := first
	for w := range p.waiters {
		if w.due.After(next) && !w.due.After(first.Add(p.opts.Group)) {
			next = w.due
		}
	}
	return next
}

// tick asks JobResult about every outstanding job, a chunk per call.
func (p *poller) tick() {
	p.mu.Lock()
	ctx := p.ctx
	byJob := make(map[string][]*waiter, len(p.waiters))
	var ids []string
	for w := range p.waiters {
		if _, ok := byJob[w.jobUUID]; !ok {
			ids = append(ids, w.jobUUID)
		}
		byJob[w.jobUUID] = append(byJob[w.jobUUID], w)
	}
	p.mu.Unlock()

	for start := 0; start < len(ids); start += p.opts.ChunkSize {
		chunk := ids[start:min(start+p.opts.ChunkSize, len(ids))]
		answers := p.fetch(ctx, chunk)
		now := time.Now()
		for _, id := range chunk {
			for _, w := range byJob[id] {
				if answers[id].err == nil && w.onProgress != nil {
					w.onProgress(answers[id].job)
				}
				if end, next := p.decide(w, now, answers[id]); end != nil {
					p.finish(w, *end)
				} else {
					p.reschedule(w, now.Add(next))
				}
			}
		}
	}
}

// decide is where a wait ends or goes on, after one look at its job. Only
// an answer about the job that says it is done ends it as done (failed when
// without success). A miss (JobResult does not know the job yet) and a
// failure that may pass mean another look, until the wait's context ends
// (Wait). A job JobResult has forgotten, and any other failure, end it.
func (p *poller) decide(w *waiter, now time.Time, look result) (end *result, next time.Duration) {
	if look.err == nil {
		w.known = now
	}
	switch {
	case look.err == nil && look.job.Failed():
		return &result{job: look.job, err: &didiyun.JobFailedError{Job: look.job}}, 0
	case look.err == nil && look.job.Done:
		return &look, 0
	case look.err == nil:
		return nil, p.nextWait(w, now, look.job.Progress)
	case IsUnknownJob(look.err) && now.Sub(w.known) >= p.opts.LearnWindow:
		return &look, 0 // forgotten: nothing can be said of how it ended
	case IsUnknownJob(look.err), didiyun.IsTransient(look.err):
		w.backoff = min(max(w.backoff*2, p.opts.Floor), p.opts.Ceiling)
		p.api.Logger().Warn(w.ctx, "no answer about the job yet; the wait goes on", map[string]any{
			"job_uuid": w.jobUUID, "region_id": p.region, "error": look.err.Error(), "next_look_in": w.backoff.String(),
		})
		return nil, w.backoff
	}
	return &look, 0
}

// fetch asks for a chunk of jobs in one call. When the API rejects the whole
// batch (one unknown uuid does that), it asks for each job alone so that one
// bad uuid fails only its own waiter.
func (p *poller) fetch(ctx context.Context, ids []string) map[string]result {
	answers := make(map[string]result, len(ids))
	jobs, err := p.api.JobResult(ctx, p.region, ids...)
	if err != nil && len(ids) > 1 && didiyun.ErrorErrno(err) == didiyun.ErrnoInvalidParameter {
		for _, id := range ids {
			job, err := p.askOne(ctx, id)
			answers[id] = result{job: job, err: err}
		}
		return answers
	}
	for _, id := range ids {
		answers[id] = p.pick(jobs, err, id)
	}
	return answers
}

// askOne asks JobResult about one job.
func (p *poller) askOne(ctx context.Context, id string) (didiyun.Job, error) {
	jobs, err := p.api.JobResult(ctx, p.region, id)
	res := p.pick(jobs, err, id)
	return res.job, res.err
}

// pick is the answer about job id in a JobResult answer (jobs, err).
func (p *poller) pick(jobs []didiyun.Job, err error, id string) result {
	switch {
	case err != nil && didiyun.ErrorErrno(err) == didiyun.ErrnoInvalidParameter:
		return result{err: &UnknownJobError{RegionID: p.region, JobUUID: id, Err: err}}
	case err != nil:
		return result{err: err}
	}
	job, ok := didiyun.JobByID(jobs, id)
	if !ok {
		return result{err: &UnknownJobError{RegionID: p.region, JobUUID: id, Err: errors.New("the answer does not report it")}}
	}
	return result{job: job}
}

// nextWait aims just past the moment the job should finish, estimated from
// its progress so far, and never past the ceiling: a job may fail early.
// Without progress it backs off from the floor.
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
	// A little jitter keeps many providers from polling in step.
	wait += time.Duration(rand.Float64() * float64(p.opts.Floor) / 10)
	return min(max(wait, p.opts.Floor), p.opts.Ceiling)
}

func (p *poller) reschedule(w *waiter, due time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	w.due = due
}

func (p *poller) finish(w *waiter, res result) {
	p.remove(w)
	w.result <- res
}
