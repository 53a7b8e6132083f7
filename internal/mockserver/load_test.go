package mockserver

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver/cloud"
)

// loadShape is the size of a load run. CI runs a small one; set
// MOCK_LOAD_REQUESTS (and MOCK_LOAD_CLIENTS, MOCK_LOAD_IMAGES,
// MOCK_LOAD_ROUNDS) for the run the README reports.
type loadShape struct {
	clients, requests, images, rounds int
}

func loadShapeFromEnv(t *testing.T) loadShape {
	shape := loadShape{clients: 50, requests: 4000, images: 2000, rounds: 2}
	if testing.Short() {
		shape.requests = 600
	}
	for name, field := range map[string]*int{
		"MOCK_LOAD_CLIENTS": &shape.clients, "MOCK_LOAD_REQUESTS": &shape.requests,
		"MOCK_LOAD_IMAGES": &shape.images, "MOCK_LOAD_ROUNDS": &shape.rounds,
	} {
		if v := os.Getenv(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				t.Fatalf("%s=%q: want a whole number, 1 or more", name, v)
			}
			*field = n
		}
	}
	return shape
}

// Mock time moves by loadTick a request, so jobs finish and are pruned
// during the run, without the test sleeping: by clients × loadTick each
// time the slowest client sends one more, so a client whose request is
// slow (a busy machine) does not see the clock run ahead while it waits.
// A round of the CI size spans more mock time than the retention, so a
// client that stopped polling a job it waits for would be told it is gone.
const (
	loadTick         = time.Millisecond
	loadJobDuration  = 125 * time.Millisecond
	loadJobRetention = 500 * time.Millisecond
	// loadPollEvery is how long a client leaves a job it waits for
	// unasked, as a waiter polls on a schedule: well within the retention.
	loadPollEvery = loadJobDuration
)

// TestLoad runs clients on loopback against a mock holding many images,
// mixing ListCIMG pages, imports, renames, deletes and job polls, in
// memory and with a state file. It passes when every answer is HTTP 200
// with errno 0 and when, after each round, the jobs done, the mock holds no
// more jobs than it started with. It reports requests per second, latency
// and heap in the log; the README quotes them.
func TestLoad(t *testing.T) {
	shape := loadShapeFromEnv(t)
	for _, withStateFile := range []bool{false, true} {
		name := "in memory"
		if withStateFile {
			name = "state file"
		}
		t.Run(name, func(t *testing.T) {
			clock := newFakeClock()
			opts := Options{JobDuration: loadJobDuration, JobRetention: loadJobRetention, Seed: 1, Now: clock.Now}
			if withStateFile {
				opts.StateFile = filepath.Join(t.TempDir(), "state")
			}
			s, err := Open(opts)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = s.Close() })
			for i := range shape.images {
				s.AddImage(Image{Name: fmt.Sprintf("preloaded-%04d", i), CreateTime: int64(1_600_000_000_000 + i)})
			}
			ts := httptest.NewServer(s)
			defer ts.Close()
			transport := &http.Transport{MaxIdleConnsPerHost: shape.clients}
			defer transport.CloseIdleConnections()
			l := &loadRun{t: t, url: ts.URL, token: s.Token(), client: &http.Client{Transport: transport, Timeout: time.Minute}, clock: clock}
			clients := make([]*loadClient, shape.clients)
			l.steps = make([]atomic.Int64, shape.clients)
			for i := range clients {
				clients[i] = &loadClient{run: l, id: i, rng: rand.New(rand.NewPCG(uint64(i), 3)), images: shape.images}
			}

			heap := []uint64{heapInUse()}
			start := time.Now()
			for round := range shape.rounds {
				l.round(clients, shape.requests/shape.rounds)
				if t.Failed() {
					return
				}
				// Let every job finish and the clients see it, then let
				// the retention pass: nothing but the seeded job is left.
				clock.Advance(loadJobDuration)
				for _, c := range clients {
					c.drain()
				}
				clock.Advance(loadJobRetention + time.Millisecond)
				jobs, running := s.jobCounts(s.accountIDs[0])
				if jobs != 1 || running != 0 {
					t.Errorf("round %d: %d jobs held (%d running) once all were done, want only the seeded one", round, jobs, running)
				}
				heap = append(heap, heapInUse())
			}
			elapsed := time.Since(start)

			done := len(l.latencies)
			slices.Sort(l.latencies)
			t.Logf("%s: %d requests, %d clients, %d images, -race %t: %.0f requests/s, p50 %s, p99 %s, max %s",
				name, done, shape.clients, shape.images, raceEnabled, float64(done)/elapsed.Seconds(),
				percentile(l.latencies, 50), percentile(l.latencies, 99), l.latencies[done-1].Round(10*time.Microsecond))
			t.Logf("%s: heap in use after preloading and after each round: %s; %d images at the end", name, mib(heap), len(s.Images("")))
			t.Logf("%s: %d polls came after the retention of a job asked about (the client's lateness, not the mock's)", name, l.late.Load())

			if withStateFile {
				before := len(s.Images(""))
				if err := s.Close(); err != nil {
					t.Fatal(err)
				}
				info, _ := os.Stat(opts.StateFile)
				again, err := Open(opts)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { _ = again.Close() })
				if after := len(again.Images("")); after != before {
					t.Errorf("after a restart: %d images, want %d", after, before)
				}
				t.Logf("%s: %d images in a state file of %d KiB", name, before, info.Size()>>10)
			}
		})
	}
}

// loadRun is what the clients of one run share.
type loadRun struct {
	t      *testing.T
	url    string
	token  string
	client *http.Client
	clock  *fakeClock

	mu        sync.Mutex
	latencies []time.Duration

	steps  []atomic.Int64 // requests each client sent this round
	ticked int64          // the fewest any client sent, as the clock shows it; under mu
	late   atomic.Int64   // polls of jobs that may have ended more than the retention before
}

// tick counts a client's request and moves the clock when the slowest
// client has sent one more.
func (l *loadRun) tick(client int) {
	l.steps[client].Add(1)
	l.mu.Lock()
	defer l.mu.Unlock()
	fewest := l.steps[0].Load()
	for i := range l.steps {
		fewest = min(fewest, l.steps[i].Load())
	}
	if fewest > l.ticked {
		l.clock.Advance(time.Duration(fewest-l.ticked) * time.Duration(len(l.steps)) * loadTick)
		l.ticked = fewest
	}
}

// loadClient is one client: the images it imported, the ones it may
// rename or delete (no job of its own runs on them), and the jobs it polls.
type loadClient struct {
	run      *loadRun
	id       int
	rng      *rand.Rand
	images   int          // preloaded
	ready    []string     // its images with no job of its own running
	waiting  []waitingJob // least recently asked first
	answered time.Time    // when the last answer came, by the mock's clock
}

// waitingJob is a job a client was handed and has not yet seen done.
type waitingJob struct {
	job, image string
	sent       time.Time // when the request that started it was sent: it ended loadJobDuration after, or later
	asked      time.Time // when last asked about, or handed
}

// round sends requests from all clients until the round's share is spent.
// Clients draw from one count, so none sits idle while the others move the
// clock: an idle client would stop polling its jobs, which a real waiter
// does not.
func (l *loadRun) round(clients []*loadClient, requests int) {
	for i := range l.steps {
		l.steps[i].Store(0)
	}
	l.ticked = 0
	var left atomic.Int64
	left.Store(int64(requests))
	var wg sync.WaitGroup
	for _, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for left.Add(-1) >= 0 {
				if !c.step() {
					return
				}
			}
		}()
	}
	wg.Wait()
}

// step sends one request: a poll when a job has gone unasked for
// loadPollEvery, else 35 % list pages, 15 % imports, 10 % renames, 15 %
// deletes and 25 % job polls.
func (c *loadClient) step() bool {
	if len(c.waiting) > 0 && c.run.clock.Now().Sub(c.waiting[0].asked) >= loadPollEvery {
		return c.poll()
	}
	var jobs []Job
	switch r := c.rng.IntN(100); {
	case r < 15:
		sent := c.run.clock.Now()
		ok := c.call(http.MethodPost, pathImport, fmt.Sprintf(`{"regionId":"gz","cimg":[{"name":"load-%d","originImageUuid":"%s","originRegionId":"bj"}]}`, c.rng.Int(), SeedImageBJ), &jobs)
		c.wait(jobs, sent)
		return ok
	case r < 25 && len(c.ready) > 0:
		img := c.take()
		sent := c.run.clock.Now()
		ok := c.call(http.MethodPost, pathChangeName, fmt.Sprintf(`{"cimg":[{"cimgUuid":"%s","name":"renamed-%d"}]}`, img, c.rng.Int()), &jobs)
		c.wait(jobs, sent)
		return ok
	case r < 40 && len(c.ready) > 0:
		return c.call(http.MethodPost, pathDelete, fmt.Sprintf(`{"cimg":[{"cimgUuid":"%s"}]}`, c.take()), nil)
	case r < 65 && len(c.waiting) > 0:
		return c.poll()
	default:
		return c.call(http.MethodPost, pathList, fmt.Sprintf(`{"regionId":"gz","start":%d,"limit":20}`, c.rng.IntN(c.images)), nil)
	}
}

// poll asks about the ten jobs the client has asked about least recently,
// as a batching client does; the ones not done go to the back.
func (c *loadClient) poll() bool {
	batch := c.waiting[:min(10, len(c.waiting))]
	c.waiting = c.waiting[len(batch):]
	ids := make([]string, len(batch))
	for i, w := range batch {
		ids[i] = w.job
	}
	var jobs []Job
	err := c.send(http.MethodGet, pathResult+"?regionId=gz&jobUuids="+strings.Join(ids, ","), "", &jobs)
	now := c.run.clock.Now()
	if late, ok := c.lateFor(batch, err, c.answered); ok {
		c.run.late.Add(1) // the client's lateness, not the mock's: drop the job, ask about the rest again
		c.waiting = append(c.waiting, slices.DeleteFunc(batch, func(w waitingJob) bool { return w.job == late })...)
		return true
	}
	ok := c.run.report(http.MethodGet, pathResult, err)
	for _, w := range batch {
		i := slices.IndexFunc(jobs, func(j Job) bool { return j.JobUUID == w.job })
		switch {
		case i < 0 || !jobs[i].Done:
			w.asked = now
			c.waiting = append(c.waiting, w)
		case jobs[i].Success:
			c.ready = append(c.ready, w.image)
		}
	}
	return ok
}

var jobNotFound = regexp.MustCompile(`job ([0-9a-f]{32}) not found in region`)

// lateFor reads an answer that a job of batch is not found, and says
// whether the mock may rightly have forgotten it: whether, as late as the
// answer came, the job may have ended more than the retention before. A
// client on a busy machine can be that late; the mock forgetting a job
// sooner fails the test.
func (c *loadClient) lateFor(batch []waitingJob, err error, now time.Time) (string, bool) {
	m := jobNotFound.FindStringSubmatch(fmt.Sprint(err))
	if err == nil || m == nil {
		return "", false
	}
	i := slices.IndexFunc(batch, func(w waitingJob) bool { return w.job == m[1] })
	if i < 0 || now.Sub(batch[i].sent.Add(loadJobDuration)) <= loadJobRetention {
		return "", false
	}
	return m[1], true
}

// drain polls until the client waits for no job, once all are done.
func (c *loadClient) drain() {
	for len(c.waiting) > 0 {
		if !c.poll() {
			return
		}
	}
}

// take picks one of the client's ready images, which its request will make
// busy or delete.
func (c *loadClient) take() string {
	i := c.rng.IntN(len(c.ready))
	img := c.ready[i]
	c.ready = slices.Delete(c.ready, i, i+1)
	return img
}

func (c *loadClient) wait(jobs []Job, sent time.Time) {
	now := c.run.clock.Now()
	for _, j := range jobs {
		c.waiting = append(c.waiting, waitingJob{job: j.JobUUID, image: j.ResourceUUID, sent: sent, asked: now})
	}
}

// call sends one request and checks the answer: anything but HTTP 200
// errno 0 fails the test.
func (c *loadClient) call(method, path, body string, data any) bool {
	return c.run.report(method, path, c.send(method, path, body, data))
}

// send sends one request, times it, and decodes the answer's data; it
// notes in c.answered the mock time by which the answer came.
func (c *loadClient) send(method, path, body string, data any) error {
	l := c.run
	req, _ := http.NewRequest(method, l.url+path, bytes.NewReader([]byte(body)))
	req.Header.Set("Authorization", "Bearer "+l.token)
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/json")
	}
	started := time.Now()
	resp, err := l.client.Do(req)
	var env struct {
		Errno  int             `json:"errno"`
		Errmsg string          `json:"errmsg"`
		Data   json.RawMessage `json:"data"`
	}
	if err == nil {
		err = json.NewDecoder(resp.Body).Decode(&env)
		resp.Body.Close()
	}
	took := time.Since(started)
	c.answered = l.clock.Now()
	l.tick(c.id)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("HTTP %d", resp.StatusCode)
	}
	if err == nil && env.Errno != 0 {
		err = fmt.Errorf("errno %d: %s", env.Errno, env.Errmsg)
	}
	if err == nil && data != nil {
		err = json.Unmarshal(env.Data, data)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.latencies = append(l.latencies, took)
	return err
}

// report fails the test on err.
func (l *loadRun) report(method, path string, err error) bool {
	if err != nil {
		l.t.Errorf("%s %s: %v", method, path, err)
		return false
	}
	return true
}

// jobCounts brings an account's jobs up to the clock and counts them.
func (s *Server) jobCounts(id string) (jobs, running int) {
	_, _ = s.cloud.Update(id, func(a *cloud.Account) { _, jobs, running = a.Counts() })
	return jobs, running
}

func percentile(sorted []time.Duration, p int) time.Duration {
	return sorted[(len(sorted)-1)*p/100].Round(10 * time.Microsecond)
}

func heapInUse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

func mib(sizes []uint64) string {
	parts := make([]string, len(sizes))
	for i, n := range sizes {
		parts[i] = fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return strings.Join(parts, ", ")
}
