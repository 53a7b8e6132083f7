package mockserver

import (
	"encoding/json"
	"time"

	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver/openapi"
)

// journalLine is one API request in the journal, a JSON line written as the
// request is answered. It never holds a token: the account is its AccountID
// and a token in the body or query is blanked.
type journalLine struct {
	Time       time.Time       `json:"time"`
	Account    string          `json:"account"` // "" when the request carried none of the tokens
	Action     string          `json:"action"`  // the endpoint, e.g. ImportCIMG; "" for an unknown path
	Method     string          `json:"method"`
	Path       string          `json:"path"`
	Query      string          `json:"query,omitempty"`
	RegionID   string          `json:"regionId,omitempty"`
	Body       json.RawMessage `json:"body,omitempty"`
	Errno      int             `json:"errno"`
	Status     int             `json:"status"` // 0 when the connection was dropped or the client left
	DurationMs float64         `json:"durationMs"`
	Fault      string          `json:"fault,omitempty"`
	RequestID  string          `json:"requestId"`
}

// writeJournal appends one line with a single write, so the line reaches
// the file (or whatever Journal is) whole and at once. A failed write is
// told to OnWriteError.
func (s *Server) writeJournal(rec RequestRecord) {
	if s.opts.Journal == nil {
		return
	}
	line := openapi.EncodeJSON(journalLine{
		Time: rec.Time, Account: rec.Account, Action: rec.Endpoint, Method: rec.Method, Path: rec.Path,
		Query: rec.Query, RegionID: rec.RegionID, Body: rec.Body, Errno: rec.Errno, Status: rec.Status,
		DurationMs: float64(rec.Duration.Microseconds()) / 1000, Fault: rec.Fault, RequestID: rec.RequestID,
	})
	s.journalMu.Lock()
	defer s.journalMu.Unlock()
	if _, err := s.opts.Journal.Write(line); err != nil {
		s.writeFailed(err)
	}
}
