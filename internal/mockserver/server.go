package mockserver

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver/store"
)

// Server is the mock DiDi Cloud API. It is an http.Handler and safe for
// concurrent use: one mutex guards all state, including the fault dice.
type Server struct {
	opts Options // immutable after New
	// Immutable after New.
	regions    []region        // the same for every account
	accountIDs []string        // the accounts of Options' tokens, Token's first
	accepted   map[string]bool // the accounts a token opens
	store      *store.Store    // nil without a state file
	created    bool            // the state file was new

	journalMu sync.Mutex
	closeOnce sync.Once
	closeErr  error
	failOnce  sync.Once
	failure   atomic.Pointer[error] // the first write to the state file or journal that failed

	mu       sync.Mutex
	accounts map[string]*account // by AccountID: the tokens' and any the state file holds
	replaced bool                // Reset replaced every account: the state file starts over
	// Settings Options give and the setters change.
	jobDuration            time.Duration
	jobDurationSpread      float64
	maxPageSize            int
	listShape              ListShape
	arrayNext              bool // with ListShapeAlternate: the next page is an array
	namesMatch             NamesMatch
	hideListJobs           bool
	listChurn              ListChurn
	deleteCancelsJobs      bool
	statusWhileMade        string
	failCreatesNamed       string
	omitCreateResourceUUID bool
	faults                 []FaultRule
	outcomes               map[string]JobOutcome // by job type; "" applies to all
	rng                    *rand.Rand            // the fault dice
	durationRng            *rand.Rand            // job durations with a spread
	// What the mock saw.
	requests      requestRing
	counts        map[string]int
	faultCounts   map[string]int
	jobUUIDsAsked int
	churnDeleted  int
	detection     detection
}

// New returns a mock holding the seed data (see the Seed* constants) for
// each token. It panics on Options no server could play (an unknown list
// shape or names match, churn without a name prefix), a programming error,
// and on a state file it cannot open; Open returns that error instead.
func New(opts Options) *Server {
	s, err := Open(opts)
	if err != nil {
		panic(fmt.Sprintf("mockserver: %v", err))
	}
	return s
}

// Open is New returning its error: with Options.StateFile it loads the
// file, or creates it, and fails with an error naming the file when the
// file cannot be read, locked or understood, rather than start empty over
// it. Close releases the file.
func Open(opts Options) (*Server, error) {
	if err := opts.check(); err != nil {
		return nil, err
	}
	s := &Server{opts: opts.withDefaults(), regions: seedRegions(), accepted: map[string]bool{}}
	for _, token := range s.Tokens() {
		id := AccountID(token)
		s.accountIDs = append(s.accountIDs, id)
		s.accepted[id] = true
	}
	s.reset()
	if s.opts.StateFile != "" {
		if err := s.openStateFile(); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// Close writes what is pending to the state file and releases it; without
// a state file it does nothing. Requests that change something after Close
// fail with errno 2; reads still answer.
// Closing again does nothing.
func (s *Server) Close() error {
	if s.store == nil {
		return nil
	}
	s.closeOnce.Do(func() { s.closeErr = s.store.Close() })
	return s.closeErr
}

// NewTestServer starts the mock on a local httptest server; the caller
// closes the httptest.Server.
func NewTestServer(opts Options) (*Server, *httptest.Server) {
	s := New(opts)
	return s, httptest.NewServer(s)
}

// reset restores the state New starts with: each token's account from the
// seed data (any other account the state file held is dropped), the
// Options' settings, empty logs. Callers hold s.mu (or own s).
func (s *Server) reset() {
	s.accounts = make(map[string]*account, len(s.accountIDs))
	for _, id := range s.accountIDs {
		s.accounts[id] = seedAccount(id, s.regions)
	}
	s.replaced = true
	s.jobDuration = s.opts.JobDuration
	s.jobDurationSpread = s.opts.JobDurationSpread
	s.maxPageSize = s.opts.MaxPageSize
	s.listShape = s.opts.ListShape
	s.arrayNext = false
	s.namesMatch = s.opts.NamesMatch
	s.hideListJobs = s.opts.HideListJobs
	s.listChurn = s.opts.ListChurn
	s.deleteCancelsJobs = s.opts.DeleteCancelsJobs
	s.statusWhileMade = s.opts.StatusWhileMade
	s.failCreatesNamed = s.opts.FailCreatesNamed
	s.omitCreateResourceUUID = s.opts.OmitCreateResourceUUID
	s.faults = nil
	s.outcomes = map[string]JobOutcome{}
	s.rng = newRand(s.opts.Seed)
	s.durationRng = newDurationRand(s.opts.Seed)
	s.requests = requestRing{}
	s.counts = map[string]int{}
	s.faultCounts = map[string]int{}
	s.jobUUIDsAsked = 0
	s.churnDeleted = 0
	s.detection = detection{}
}

// ServeHTTP answers the API, and the admin API under /_mock/.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	started := time.Now()
	if strings.HasPrefix(r.URL.Path, adminPrefix) {
		status := s.serveAdmin(w, r)
		s.notify(RequestRecord{
			Time: s.opts.Now(), Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery,
			Endpoint: "admin", Status: status, Duration: time.Since(started),
		})
		return
	}
	s.serveAPI(w, r, started)
}

func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request, started time.Time) {
	rec, drop := s.answer(w, r)
	// Log before dropping, so whoever sees the broken connection also sees
	// the record.
	s.record(rec, started)
	if drop {
		dropConnection(w)
	}
}

// answer handles an API request and writes the answer, unless the drop or
// lost fault asks for the connection to be closed instead (drop is then true).
func (s *Server) answer(w http.ResponseWriter, r *http.Request) (rec RequestRecord, drop bool) {
	body, readErr := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	rec = RequestRecord{
		Time:      s.opts.Now(),
		Account:   s.accountOf(r),
		Method:    r.Method,
		Path:      r.URL.Path,
		Query:     s.redactTokens(r.URL.RawQuery),
		RegionID:  requestedRegion(r, body),
		RequestID: newUUID(),
		Body:      loggableBody([]byte(s.redactTokens(string(body)))),
	}

	ep, known := routes[r.URL.Path]
	if !known {
		rep := errReply(ErrnoWrongCall, "unknown path %s", r.URL.Path)
		rep.status = http.StatusNotFound
		writeReply(w, &rec, rep)
		return rec, false
	}
	rec.Endpoint = ep.name

	s.mu.Lock()
	s.counts[ep.name]++
	if ep.name == EndpointJobResult {
		s.jobUUIDsAsked += len(jobUUIDsIn(r.URL.Query()))
	}
	plan := s.rollFaults(ep.name)
	s.mu.Unlock()
	rec.Fault = plan.label()

	if plan.latency > 0 && !sleepContext(r.Context(), plan.latency) {
		return rec, false // the client gave up; Status stays 0
	}

	switch {
	case plan.is(FaultLost):
		return rec, true // lost before the handler: no effect, no answer
	case plan.is(FaultHTTP500):
		rec.Status = writeBody(w, http.StatusInternalServerError, "text/html", []byte(http500Page))
	case plan.is(FaultHTTP429):
		w.Header().Set("Retry-After", strconv.Itoa(retryAfterSeconds(plan.hit.RetryAfter)))
		rec.Status = writeBody(w, http.StatusTooManyRequests, "text/html", []byte(http429Page))
	case plan.is(FaultErrno):
		errno := plan.hit.Errno
		if errno == 0 {
			errno = ErrnoServerError
		}
		writeReply(w, &rec, errReply(errno, "injected fault"))
	case plan.is(FaultErrno41026):
		writeReply(w, &rec, errReply(ErrnoImageNotFound, "injected fault: the query failed, which says nothing about whether the image exists"))
	case plan.is(FaultDataNull):
		writeReply(w, &rec, reply{status: http.StatusOK, nullData: true})
	default:
		c := &call{body: body, query: r.URL.Query(), accountID: rec.Account, regionID: rec.RegionID, oversize: plan.is(FaultOversizePage)}
		rep := s.handle(r, ep, c, readErr)
		rec.RegionID = c.regionID
		rec.Errno = rep.errno
		if plan.is(FaultDrop) {
			return rec, true // the effect has happened; the answer is lost
		}
		payload := rep.encode(rec.RequestID)
		if plan.is(FaultTruncated) {
			payload = payload[:len(payload)/2] // the effect has happened; half the answer is lost
		}
		rec.Status = writeBody(w, rep.status, jsonContentType, payload)
	}
	return rec, false
}

// handle checks auth and the call's shape, then runs the endpoint on the
// token's account with the lock held and its jobs brought up to the clock.
// It answers once what the endpoint changed, and anything it saw, is in the
// state file.
func (s *Server) handle(r *http.Request, ep endpoint, c *call, readErr error) reply {
	if rep := s.checkAuth(r); rep != nil {
		return *rep
	}
	if rep := checkCall(r, ep); rep != nil {
		return *rep
	}
	if readErr != nil {
		return invalid("cannot read body: %v", readErr)
	}
	if err := s.writeFailure(); err != nil {
		return errReply(ErrnoServerError, "the mock cannot keep its state any more (%v); restart it", err)
	}
	s.mu.Lock()
	c.acct = s.accounts[c.accountID]
	s.advanceJobs(c.acct)
	rep := ep.handle(s, c)
	seq := s.commitLocked()
	s.mu.Unlock()
	if err := s.waitDurable(seq); err != nil {
		return errReply(ErrnoServerError, "the mock could not save its state (%v); restart it", err)
	}
	return rep
}

const jsonContentType = "application/json; charset=utf-8"

func writeReply(w http.ResponseWriter, rec *RequestRecord, rep reply) {
	rec.Errno = rep.errno
	rec.Status = writeBody(w, rep.status, jsonContentType, rep.encode(rec.RequestID))
}

// writeBody writes a complete answer with its length and returns the status.
func writeBody(w http.ResponseWriter, status int, contentType string, body []byte) int {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body) // the client may be gone; nothing to do about it
	return status
}

// dropConnection closes the connection without an answer. Without a
// hijackable connection (HTTP/2, a recorder) it aborts the handler, which
// net/http turns into a reset stream or a closed connection.
func dropConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}

func sleepContext(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// record logs an API request, writes it to the journal and tells OnRequest.
func (s *Server) record(rec RequestRecord, started time.Time) {
	rec.Duration = time.Since(started)
	s.mu.Lock()
	s.logRequest(rec)
	s.mu.Unlock()
	s.writeJournal(rec)
	s.notify(rec)
}

func (s *Server) notify(rec RequestRecord) {
	if s.opts.OnRequest != nil {
		s.opts.OnRequest(rec)
	}
}
