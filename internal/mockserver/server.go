package mockserver

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver/admin"
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver/cloud"
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver/openapi"
)

// Server is the mock DiDi Cloud: the OpenAPI and the admin API over one
// cloud, with fault injection, a request log and a journal. It is an
// http.Handler and safe for concurrent use.
type Server struct {
	opts       Options         // immutable after New
	accountIDs []string        // the accounts of Options' tokens, Token's first
	accepted   map[string]bool // the accounts a token opens
	cloud      *cloud.Cloud
	faults     *admin.Faults

	journalMu sync.Mutex
	closeOnce sync.Once
	closeErr  error
	failOnce  sync.Once
	failure   atomic.Pointer[error] // the first write to the state file or journal that failed

	mu            sync.Mutex // guards what the mock saw
	requests      requestRing
	counts        map[string]int
	jobUUIDsAsked int
}

// AccountID names the account a token opens: the first 16 hex digits of a
// SHA-256 of the token behind a fixed prefix. The state file, the journal
// and the admin API know accounts by it, so none of them holds a token.
func AccountID(token string) string {
	sum := sha256.Sum256([]byte("didiyun-mock account\x00" + token))
	return hex.EncodeToString(sum[:8])
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
	if err := check(opts); err != nil {
		return nil, err
	}
	s := &Server{opts: withDefaults(opts), accepted: map[string]bool{}, counts: map[string]int{}}
	for _, token := range s.Tokens() {
		id := AccountID(token)
		s.accountIDs = append(s.accountIDs, id)
		s.accepted[id] = true
	}
	c, err := cloud.Open(cloud.Config{
		Accounts: s.accountIDs, DefaultRegion: s.opts.DefaultRegion, JobRetention: s.opts.JobRetention,
		Seed: s.opts.Seed, Now: s.opts.Now, Settings: s.opts, StateFile: s.opts.StateFile,
		OnWriteError: s.writeFailed,
	})
	if err != nil {
		return nil, err
	}
	s.cloud, s.faults = c, admin.NewFaults(s.opts.Seed)
	return s, nil
}

// Close writes what is pending to the state file and releases it; without
// a state file it does nothing. Requests that change something after Close
// fail with errno 2; reads still answer. Closing again does nothing.
func (s *Server) Close() error {
	s.closeOnce.Do(func() { s.closeErr = s.cloud.Close() })
	return s.closeErr
}

// NewTestServer starts the mock on a local httptest server; the caller
// closes the httptest.Server.
func NewTestServer(opts Options) (*Server, *httptest.Server) {
	s := New(opts)
	return s, httptest.NewServer(s)
}

// ServeHTTP answers the API, and the admin API under /_mock/.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	started := time.Now()
	if strings.HasPrefix(r.URL.Path, admin.Prefix) {
		status := admin.Serve(adminView{s}, w, r)
		s.notify(RequestRecord{
			Time: s.opts.Now(), Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery,
			Endpoint: "admin", Status: status, Duration: time.Since(started),
		})
		return
	}
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
	body, readErr := io.ReadAll(http.MaxBytesReader(w, r.Body, openapi.MaxBodyBytes))
	rec = RequestRecord{
		Time:      s.opts.Now(),
		Account:   s.accountOf(r),
		Method:    r.Method,
		Path:      r.URL.Path,
		Query:     s.redactTokens(r.URL.RawQuery),
		RegionID:  openapi.RequestedRegion(r, body),
		RequestID: cloud.NewUUID(),
		Body:      loggableBody([]byte(s.redactTokens(string(body)))),
	}

	ep, known := openapi.Route(r.URL.Path)
	if !known {
		rep := openapi.ErrReply(openapi.ErrnoWrongCall, "unknown path %s", r.URL.Path)
		rep.Status = http.StatusNotFound
		writeReply(w, &rec, rep)
		return rec, false
	}
	rec.Endpoint = ep.Name
	s.count(ep.Name, r)
	plan := s.faults.Roll(ep.Name)
	rec.Fault = plan.Label()

	if plan.Latency > 0 && !sleepContext(r.Context(), plan.Latency) {
		return rec, false // the client gave up; Status stays 0
	}

	switch {
	case plan.Is(admin.FaultLost):
		return rec, true // lost before the handler: no effect, no answer
	case plan.Is(FaultHTTP500):
		rec.Status = openapi.WriteBody(w, http.StatusInternalServerError, "text/html", []byte(admin.HTTP500Page))
	case plan.Is(FaultHTTP429):
		w.Header().Set("Retry-After", strconv.Itoa(admin.RetryAfterSeconds(plan.Hit.RetryAfter)))
		rec.Status = openapi.WriteBody(w, http.StatusTooManyRequests, "text/html", []byte(admin.HTTP429Page))
	case plan.Is(FaultErrno):
		errno := plan.Hit.Errno
		if errno == 0 {
			errno = openapi.ErrnoServerError
		}
		writeReply(w, &rec, openapi.ErrReply(errno, "injected fault"))
	case plan.Is(FaultErrno41026):
		writeReply(w, &rec, openapi.ErrReply(openapi.ErrnoImageNotFound, "injected fault: the query failed, which says nothing about whether the image exists"))
	case plan.Is(FaultDataNull):
		writeReply(w, &rec, openapi.NullData())
	default:
		c := &openapi.Call{Body: body, Query: r.URL.Query(), AccountID: rec.Account, RegionID: rec.RegionID, Oversize: plan.Is(FaultOversizePage)}
		rep := s.handle(r, ep, c, readErr)
		rec.RegionID = c.RegionID
		rec.Errno = rep.Errno
		if plan.Is(FaultDrop) {
			return rec, true // the effect has happened; the answer is lost
		}
		payload := rep.Encode(rec.RequestID)
		if plan.Is(FaultTruncated) {
			payload = payload[:len(payload)/2] // the effect has happened; half the answer is lost
		}
		rec.Status = openapi.WriteBody(w, rep.Status, openapi.JSONContentType, payload)
	}
	return rec, false
}

// count counts a request to an endpoint, and the job uuids JobResult asks
// about.
func (s *Server) count(endpoint string, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.counts[endpoint]++
	if endpoint == EndpointJobResult {
		s.jobUUIDsAsked += len(openapi.JobUUIDsIn(r.URL.Query()))
	}
}

// handle checks auth and the call's shape, then runs the endpoint on the
// token's account. It answers once what the endpoint changed, and anything
// it saw, is in the state file.
func (s *Server) handle(r *http.Request, ep openapi.Endpoint, c *openapi.Call, readErr error) openapi.Reply {
	token, rep := openapi.BearerToken(r)
	if rep != nil {
		return *rep
	}
	if !s.accepted[AccountID(token)] {
		return openapi.ErrReply(openapi.ErrnoAuthFailed, "invalid token")
	}
	if rep := openapi.CheckCall(r, ep); rep != nil {
		return *rep
	}
	if readErr != nil {
		return openapi.ErrReply(openapi.ErrnoInvalidParameter, "cannot read body: %v", readErr)
	}
	if err := s.writeFailure(); err != nil {
		return openapi.ErrReply(openapi.ErrnoServerError, "the mock cannot keep its state any more (%v); restart it", err)
	}
	answered, err := ep.Serve(s.cloud, c)
	if err != nil {
		return openapi.ErrReply(openapi.ErrnoServerError, "the mock could not save its state (%v); restart it", err)
	}
	return answered
}

// tokenAccount is the account of the request's Bearer token, if it is one
// of the tokens. Tokens are looked up by their hash, so the time taken says
// nothing about how much of a token was right.
func (s *Server) tokenAccount(r *http.Request) (string, bool) {
	token, rep := openapi.BearerToken(r)
	if rep != nil || !s.accepted[AccountID(token)] {
		return "", false
	}
	return AccountID(token), true
}

// accountOf names the account of the request's token; "" when the request
// carries none of the tokens.
func (s *Server) accountOf(r *http.Request) string {
	id, _ := s.tokenAccount(r)
	return id
}

func writeReply(w http.ResponseWriter, rec *RequestRecord, rep openapi.Reply) {
	rec.Errno = rep.Errno
	rec.Status = openapi.WriteBody(w, rep.Status, openapi.JSONContentType, rep.Encode(rec.RequestID))
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
