package mockserver

import (
	"context"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Server is the mock DiDi Cloud API. It is an http.Handler and safe for
// concurrent use: one mutex guards all state, including the fault dice.
type Server struct {
	opts Options // immutable after New

	mu sync.Mutex
	st *state
	// Settings Options give and the setters change.
	jobDuration       time.Duration
	maxPageSize       int
	listShape         ListShape
	arrayNext         bool // with ListShapeAlternate: the next page is an array
	namesMatch        NamesMatch
	listChurn         ListChurn
	deleteCancelsJobs bool
	faults            []FaultRule
	outcomes          map[string]JobOutcome // by job type; "" applies to all
	rng               *rand.Rand
	// What the mock saw.
	requests      []RequestRecord
	counts        map[string]int
	faultCounts   map[string]int
	jobUUIDsAsked int
	churnDeleted  int
}

// New returns a mock holding the seed data (see the Seed* constants). It
// panics on Options no server could play (an unknown list shape or names
// match, churn without a name prefix), a programming error.
func New(opts Options) *Server {
	mustBeValid(opts.check())
	s := &Server{opts: opts.withDefaults()}
	s.reset()
	return s
}

// NewTestServer starts the mock on a local httptest server; the caller
// closes the httptest.Server.
func NewTestServer(opts Options) (*Server, *httptest.Server) {
	s := New(opts)
	return s, httptest.NewServer(s)
}

// reset restores the state New starts with. Callers hold s.mu (or own s).
func (s *Server) reset() {
	s.st = seedState()
	s.jobDuration = s.opts.JobDuration
	s.maxPageSize = s.opts.MaxPageSize
	s.listShape = s.opts.ListShape
	s.arrayNext = false
	s.namesMatch = s.opts.NamesMatch
	s.listChurn = s.opts.ListChurn
	s.deleteCancelsJobs = s.opts.DeleteCancelsJobs
	s.faults = nil
	s.outcomes = map[string]JobOutcome{}
	s.rng = newRand(s.opts.Seed)
	s.requests = nil
	s.counts = map[string]int{}
	s.faultCounts = map[string]int{}
	s.jobUUIDsAsked = 0
	s.churnDeleted = 0
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
		Method:    r.Method,
		Path:      r.URL.Path,
		Query:     r.URL.RawQuery,
		RegionID:  requestedRegion(r, body),
		RequestID: newUUID(),
		Body:      loggableBody(body),
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
		c := &call{body: body, query: r.URL.Query(), regionID: rec.RegionID, oversize: plan.is(FaultOversizePage)}
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

// handle checks auth and the call's shape, then runs the endpoint with the
// lock held and jobs brought up to the clock.
func (s *Server) handle(r *http.Request, ep endpoint, c *call, readErr error) reply {
	if rep := checkAuth(r, s.opts.Token); rep != nil {
		return *rep
	}
	if rep := checkCall(r, ep); rep != nil {
		return *rep
	}
	if readErr != nil {
		return invalid("cannot read body: %v", readErr)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.advanceJobs()
	return ep.handle(s, c)
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

// record logs an API request and tells OnRequest.
func (s *Server) record(rec RequestRecord, started time.Time) {
	rec.Duration = time.Since(started)
	s.mu.Lock()
	s.logRequest(rec)
	s.mu.Unlock()
	s.notify(rec)
}

func (s *Server) notify(rec RequestRecord) {
	if s.opts.OnRequest != nil {
		s.opts.OnRequest(rec)
	}
}
