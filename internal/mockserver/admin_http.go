package mockserver

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"time"
)

// adminPrefix is where the admin HTTP API lives. It needs no token: it is a
// test tool's back door, never exposed like the API it mocks.
const adminPrefix = "/_mock/"

// adminRoute answers one admin request with a status and a JSON value.
type adminRoute func(s *Server, r *http.Request) (int, any)

var adminRoutes = map[string]adminRoute{
	"GET /_mock/accounts":         (*Server).adminAccounts,
	"GET /_mock/requests":         (*Server).adminRequests,
	"GET /_mock/counters":         (*Server).adminCounters,
	"GET /_mock/images":           (*Server).adminImages,
	"POST /_mock/images/delete":   (*Server).adminDeleteImage,
	"POST /_mock/images/rename":   (*Server).adminRenameImage,
	"POST /_mock/jobs/fail":       (*Server).adminFailJob,
	"POST /_mock/faults":          (*Server).adminFaults,
	"POST /_mock/config":          (*Server).adminConfig,
	"POST /_mock/churn":           (*Server).adminChurn,
	"POST /_mock/job-outcome":     (*Server).adminJobOutcome,
	"POST /_mock/reset":           (*Server).adminReset,
	"POST /_mock/detection/reset": (*Server).adminDetection,
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
	if err := s.writeFailure(); err != nil {
		status, body = adminFail(http.StatusInternalServerError, "the mock cannot keep its state any more (%v); restart it", err)
	}
	return writeBody(w, status, jsonContentType, encodeJSON(body))
}

// adminAccount is the account a call names with ?account=<AccountID>, or
// Token's account when it names none.
func (s *Server) adminAccount(r *http.Request) (*Account, error) {
	id := r.URL.Query().Get("account")
	if id == "" {
		return s.defaultAccount(), nil
	}
	acc, ok := s.Account(id)
	if !ok {
		return nil, fmt.Errorf("no account %q (GET /_mock/accounts lists them)", id)
	}
	return acc, nil
}

// notInAccount says that what was named is not in acc, and how to name
// another account: with several tokens, a missing ?account= is the usual
// cause.
func notInAccount(what, uuid string, acc *Account) string {
	return fmt.Sprintf("%s %q is not in account %s; name another with ?account=<id> (GET /_mock/accounts lists them)", what, uuid, acc.id)
}

// accountInfo is one entry of GET /_mock/accounts.
type accountInfo struct {
	Account     string `json:"account"`
	Token       bool   `json:"token"` // a token of this mock opens it; otherwise only the state file knows it
	Images      int    `json:"images"`
	Jobs        int    `json:"jobs"`
	RunningJobs int    `json:"runningJobs"`
}

func (s *Server) adminAccounts(*http.Request) (int, any) {
	ids := s.AccountIDs()
	infos := make([]accountInfo, 0, len(ids))
	for _, id := range ids {
		acc, _ := s.Account(id)
		info := accountInfo{Account: id, Token: s.accepted[id]}
		acc.update(func(a *account) {
			info.Images, info.Jobs, info.RunningJobs = len(a.images), len(a.jobs), len(a.running)
		})
		infos = append(infos, info)
	}
	return http.StatusOK, infos
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

// adminRequests answers the request log, one account's with ?account=.
func (s *Server) adminRequests(r *http.Request) (int, any) {
	reqs := s.Requests()
	if id := r.URL.Query().Get("account"); id != "" {
		reqs = slices.DeleteFunc(reqs, func(rec RequestRecord) bool { return rec.Account != id })
	}
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
	acc, err := s.adminAccount(r)
	if err != nil {
		return adminFail(http.StatusNotFound, "%v", err)
	}
	return http.StatusOK, acc.Images(r.URL.Query().Get("regionId"))
}

func (s *Server) adminDeleteImage(r *http.Request) (int, any) {
	var in struct {
		CIMGUUID string `json:"cimgUuid"`
	}
	if err := decodeAdmin(r, &in); err != nil {
		return adminFail(http.StatusBadRequest, "%v", err)
	}
	acc, err := s.adminAccount(r)
	if err != nil {
		return adminFail(http.StatusNotFound, "%v", err)
	}
	if !acc.DeleteImage(in.CIMGUUID) {
		return adminFail(http.StatusNotFound, "%s", notInAccount("image", in.CIMGUUID, acc))
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
	acc, err := s.adminAccount(r)
	if err != nil {
		return adminFail(http.StatusNotFound, "%v", err)
	}
	if !acc.RenameImage(in.CIMGUUID, in.Name) {
		return adminFail(http.StatusNotFound, "%s", notInAccount("image", in.CIMGUUID, acc))
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
	acc, err := s.adminAccount(r)
	if err != nil {
		return adminFail(http.StatusNotFound, "%v", err)
	}
	if _, known := acc.Job(in.JobUUID); !known {
		return adminFail(http.StatusNotFound, "%s", notInAccount("job", in.JobUUID, acc))
	}
	if err := acc.FailJob(in.JobUUID, in.Result); err != nil {
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
		JobDurationSpread *float64   `json:"jobDurationSpread"`
		PageMax           *int       `json:"pageMax"`
		ListShape         ListShape  `json:"listShape"`
		NamesMatch        NamesMatch `json:"namesMatch"`
		HideListJobs      *bool      `json:"hideListJobs"`
		DeleteCancelsJobs *bool      `json:"deleteCancelsJobs"`
		StatusWhileMade   *string    `json:"statusWhileMade"`
		FailCreatesNamed  *string    `json:"failCreatesNamed"`
		OmitCreateUUID    *bool      `json:"omitCreateResourceUuid"`
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
	if in.JobDurationSpread != nil {
		if err := ValidateJobDurationSpread(*in.JobDurationSpread); err != nil {
			return adminFail(http.StatusBadRequest, "jobDurationSpread: %v", err)
		}
	}
	if in.JobDurationMs != nil {
		s.SetJobDuration(time.Duration(*in.JobDurationMs) * time.Millisecond)
	}
	if in.JobDurationSpread != nil {
		s.SetJobDurationSpread(*in.JobDurationSpread)
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
	if in.HideListJobs != nil {
		s.SetHideListJobs(*in.HideListJobs)
	}
	if in.DeleteCancelsJobs != nil {
		s.SetDeleteCancelsJobs(*in.DeleteCancelsJobs)
	}
	if in.StatusWhileMade != nil {
		s.SetStatusWhileMade(*in.StatusWhileMade)
	}
	if in.FailCreatesNamed != nil {
		s.SetFailCreatesNamed(*in.FailCreatesNamed)
	}
	if in.OmitCreateUUID != nil {
		s.SetOmitCreateResourceUUID(*in.OmitCreateUUID)
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

// adminReset resets everything, or with ?account= that account alone.
func (s *Server) adminReset(r *http.Request) (int, any) {
	if r.URL.Query().Get("account") == "" {
		s.Reset()
		return http.StatusOK, adminOK
	}
	acc, err := s.adminAccount(r)
	if err != nil {
		return adminFail(http.StatusNotFound, "%v", err)
	}
	acc.Reset()
	return http.StatusOK, adminOK
}
