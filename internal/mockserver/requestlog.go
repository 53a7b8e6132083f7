package mockserver

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"
)

// maxLoggedRequests bounds the request log of a long-running mock; counters
// are kept apart and never lose anything.
const maxLoggedRequests = 10000

// maxLoggedBody bounds one logged body.
const maxLoggedBody = 64 << 10

// loggableBody keeps a JSON body as is and turns anything else into a JSON
// string, so /_mock/requests always encodes.
func loggableBody(body []byte) json.RawMessage {
	if len(body) == 0 {
		return nil
	}
	if len(body) > maxLoggedBody {
		body = body[:maxLoggedBody]
	}
	if json.Valid(body) {
		return json.RawMessage(slices.Clone(body))
	}
	quoted, _ := json.Marshal(string(body))
	return quoted
}

// requestRing keeps the last maxLoggedRequests records. Once full it
// overwrites the oldest in place, so logging costs the same however long
// the mock runs.
type requestRing struct {
	recs []RequestRecord // grows to maxLoggedRequests, then wraps
	next int             // once full: the oldest, overwritten next
}

func (r *requestRing) add(rec RequestRecord) {
	if len(r.recs) < maxLoggedRequests {
		r.recs = append(r.recs, rec)
		return
	}
	r.recs[r.next] = rec
	r.next = (r.next + 1) % len(r.recs)
}

// all returns a copy, oldest first; nil when empty.
func (r *requestRing) all() []RequestRecord {
	if len(r.recs) == 0 {
		return nil
	}
	out := make([]RequestRecord, 0, len(r.recs))
	out = append(out, r.recs[r.next:]...)
	return append(out, r.recs[:r.next]...)
}

// logRequest adds to the bounded log. Callers hold s.mu.
func (s *Server) logRequest(rec RequestRecord) { s.requests.add(rec) }

// Requests returns a copy of the request log, oldest first (the last 10000).
func (s *Server) Requests() []RequestRecord {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests.all()
}

// redactedToken replaces a token found in a logged body or query.
const redactedToken = "[token]"

// redactTokens blanks every token in text, for a client that sent one where
// it does not belong.
func (s *Server) redactTokens(text string) string {
	if text == "" {
		return text
	}
	for _, token := range s.Tokens() {
		text = strings.ReplaceAll(text, token, redactedToken)
	}
	return text
}

// Counts returns how many requests each endpoint received, faulted and
// failed ones included.
func (s *Server) Counts() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return maps.Clone(s.counts)
}

// Count returns how many requests one endpoint received.
func (s *Server) Count(endpoint string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.counts[endpoint]
}

// FaultCounts returns how many faults of each kind were injected.
func (s *Server) FaultCounts() map[string]int { return s.faults.Counts() }

// JobUUIDsAsked returns how many job uuids all JobResult requests named,
// faulted ones included; with Count(EndpointJobResult) it shows whether a
// client batches its polls.
func (s *Server) JobUUIDsAsked() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.jobUUIDsAsked
}

// ChurnDeleted returns how many images list churn has deleted.
func (s *Server) ChurnDeleted() int { return s.cloud.ChurnDeleted() }

// counters is the body of GET /_mock/counters.
type counters struct {
	Counts        map[string]int `json:"counts"`
	Faults        map[string]int `json:"faults"`
	JobUUIDsAsked int            `json:"jobUuidsAsked"`
	ChurnDeleted  int            `json:"churnDeleted"`
}

func (s *Server) counters() counters {
	return counters{Counts: s.Counts(), Faults: s.FaultCounts(), JobUUIDsAsked: s.JobUUIDsAsked(), ChurnDeleted: s.ChurnDeleted()}
}
