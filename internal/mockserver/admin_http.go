package mockserver

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

// adminPrefix is where the admin HTTP API lives. It needs no token: it is a
// test tool's back door, never exposed like the API it mocks.
const adminPrefix = "/_mock/"

// adminRoute answers one admin request with a status and a JSON value.
type adminRoute func(s *Server, r *http.Request) (int, any)

var adminRoutes = map[string]adminRoute{
	"GET /_mock/requests":       (*Server).adminRequests,
	"GET /_mock/counters":       (*Server).adminCounters,
	"GET /_mock/images":         (*Server).adminImages,
	"POST /_mock/images/delete": (*Server).adminDeleteImage,
	"POST /_mock/images/rename": (*Server).adminRenameImage,
	"POST /_mock/jobs/fail":     (*Server).adminFailJob,
	"POST /_mock/faults":        (*Server).adminFaults,
	"POST /_mock/config":        (*Server).adminConfig,
	"POST /_mock/churn":         (*Server).adminChurn,
	"POST /_mock/job-outcome":   (*Server).adminJobOutcome,
	"POST /_mock/reset":         (*Server).adminReset,
}

// adminError is the body of a failed admin request.
type adminError struct {
	Error string `json:"error"`
}

func adminFail(status int, format string, args ...any) (int, any) {
	return status, adminError{Error: fmt.Sprintf(format, args...)}
}

var adminOK = map[string]bool{"ok": true}

func (s *Server) serveAdmin(w http.ResponseWriter, r *http.Request) int {
	route, ok := adminRoutes[r.Method+" "+r.URL.Path]
	status, body := http.StatusNotFound, any(adminError{Error: fmt.Sprintf("no admin route %s %s", r.Method, r.URL.Path)})
	if ok {
		status, body = route(s, r)
	}
	return writeBody(w, status, jsonContentType, encodeJSON(body))
}

// decodeAdmin reads a JSON admin body strictly: a typo in a test's admin call
// should fail loudly, unlike the API, which ignores unknown fields. An empty
// body counts as {}, so `curl -X POST .../_mock/faults` clears the faults.
func decodeAdmin(r *http.Request, v any) error {
	dec := json.NewDecoder(io.LimitReader(r.Body, maxBodyBytes))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("bad JSON body: %w", err)
	}
	return nil
}

func (s *Server) adminRequests(*http.Request) (int, any) {
	reqs := s.Requests()
	if reqs == nil {
		reqs = []RequestRecord{}
	}
	return http.StatusOK, reqs
}

// counters is the body of GET /_mock/counters.
type counters struct {
	Counts        map[string]int `json:"counts"`
	Faults        map[string]int `json:"faults"`
	JobUUIDsAsked int            `json:"jobUuidsAsked"`
	ChurnDeleted  int            `json:"churnDeleted"`
}

func (s *Server) adminCounters(*http.Request) (int, any) {
	return http.StatusOK, counters{
		Counts: s.Counts(), Faults: s.FaultCounts(), JobUUIDsAsked: s.JobUUIDsAsked(), ChurnDeleted: s.ChurnDeleted(),
	}
}

func (s *Server) adminImages(r *http.Request) (int, any) {
	return http.StatusOK, s.Images(r.URL.Query().Get("regionId"))
}

func (s *Server) adminDeleteImage(r *http.Request) (int, any) {
	var in struct {
		CIMGUUID string `json:"cimgUuid"`
	}
	if err := decodeAdmin(r, &in); err != nil {
		return adminFail(http.StatusBadRequest, "%v", err)
	}
	if !s.DeleteImage(in.CIMGUUID) {
		return adminFail(http.StatusNotFound, "image %q not found", in.CIMGUUID)
	}
	return http.StatusOK, adminOK
}

func (s *Server) adminRenameImage(r *http.Request) (int, any) {
	var in struct {
		CIMGUUID string `json:"cimgUuid"`
		Name     string `json:"name"`
	}
	if err := decodeAdmin(r, &in); err != nil {
		return adminFail(http.StatusBadRequest, "%v", err)
	}
	if !s.RenameImage(in.CIMGUUID, in.Name) {
		return adminFail(http.StatusNotFound, "image %q not found", in.CIMGUUID)
	}
	return http.StatusOK, adminOK
}

func (s *Server) adminFailJob(r *http.Request) (int, any) {
	var in struct {
		JobUUID string `json:"jobUuid"`
		Result  string `json:"result"`
	}
	if err := decodeAdmin(r, &in); err != nil {
		return adminFail(http.StatusBadRequest, "%v", err)
	}
	if err := s.FailJob(in.JobUUID, in.Result); err != nil {
		return adminFail(http.StatusConflict, "%v", err)
	}
	return http.StatusOK, adminOK
}

// faultRuleJSON is a FaultRule as the admin API spells it, durations in ms.
type faultRuleJSON struct {
	Endpoint     string    `json:"endpoint"`
	Kind         FaultKind `json:"kind"`
	Probability  float64   `json:"probability"`
	Errno        int       `json:"errno"`
	LatencyMs    int64     `json:"latencyMs"`
	RetryAfterMs int64     `json:"retryAfterMs"`
}

func (s *Server) adminFaults(r *http.Request) (int, any) {
	var in struct {
		Rules []faultRuleJSON `json:"rules"`
		Seed  *int64          `json:"seed"`
	}
	if err := decodeAdmin(r, &in); err != nil {
		return adminFail(http.StatusBadRequest, "%v", err)
	}
	rules := make([]FaultRule, len(in.Rules))
	for i, rj := range in.Rules {
		rules[i] = FaultRule{
			Endpoint:    rj.Endpoint,
			Kind:        rj.Kind,
			Probability: rj.Probability,
			Errno:       rj.Errno,
			Latency:     time.Duration(rj.LatencyMs) * time.Millisecond,
			RetryAfter:  time.Duration(rj.RetryAfterMs) * time.Millisecond,
		}
	}
	if err := checkRules(rules); err != nil {
		return adminFail(http.StatusBadRequest, "%v", err)
	}
	s.SetFaults(rules...)
	if in.Seed != nil {
		s.SetFaultSeed(*in.Seed)
	}
	return http.StatusOK, adminOK
}

// adminConfig changes the settings its body names and leaves the others; a
// body with one bad value changes nothing.
func (s *Server) adminConfig(r *http.Request) (int, any) {
	var in struct {
		JobDurationMs     *int64     `json:"jobDurationMs"`
		PageMax           *int       `json:"pageMax"`
		ListShape         ListShape  `json:"listShape"`
		NamesMatch        NamesMatch `json:"namesMatch"`
		DeleteCancelsJobs *bool      `json:"deleteCancelsJobs"`
	}
	if err := decodeAdmin(r, &in); err != nil {
		return adminFail(http.StatusBadRequest, "%v", err)
	}
	if err := in.ListShape.Validate(); in.ListShape != "" && err != nil {
		return adminFail(http.StatusBadRequest, "listShape: %v", err)
	}
	if err := in.NamesMatch.Validate(); in.NamesMatch != "" && err != nil {
		return adminFail(http.StatusBadRequest, "namesMatch: %v", err)
	}
	if in.JobDurationMs != nil {
		s.SetJobDuration(time.Duration(*in.JobDurationMs) * time.Millisecond)
	}
	if in.PageMax != nil {
		s.SetMaxPageSize(*in.PageMax)
	}
	if in.ListShape != "" {
		s.SetListShape(in.ListShape)
	}
	if in.NamesMatch != "" {
		s.SetNamesMatch(in.NamesMatch)
	}
	if in.DeleteCancelsJobs != nil {
		s.SetDeleteCancelsJobs(*in.DeleteCancelsJobs)
	}
	return http.StatusOK, adminOK
}

// adminChurn sets list churn; an empty body or perPage 0 turns it off.
func (s *Server) adminChurn(r *http.Request) (int, any) {
	var in struct {
		NamePrefix string `json:"namePrefix"`
		PerPage    int    `json:"perPage"`
	}
	if err := decodeAdmin(r, &in); err != nil {
		return adminFail(http.StatusBadRequest, "%v", err)
	}
	churn := ListChurn{NamePrefix: in.NamePrefix, PerPage: in.PerPage}
	if err := churn.Validate(); err != nil {
		return adminFail(http.StatusBadRequest, "%v", err)
	}
	s.SetListChurn(churn)
	return http.StatusOK, adminOK
}

func (s *Server) adminJobOutcome(r *http.Request) (int, any) {
	var in struct {
		Type   string `json:"type"`
		Fail   bool   `json:"fail"`
		Result string `json:"result"`
		Hang   bool   `json:"hang"`
	}
	if err := decodeAdmin(r, &in); err != nil {
		return adminFail(http.StatusBadRequest, "%v", err)
	}
	s.SetJobOutcome(in.Type, JobOutcome{Fail: in.Fail, Result: in.Result, Hang: in.Hang})
	return http.StatusOK, adminOK
}

func (s *Server) adminReset(_ *http.Request) (int, any) {
	s.Reset()
	return http.StatusOK, adminOK
}
