package mockserver

import (
	"fmt"
	"time"

	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver/cloud"
)

// Each setter changes one of the Options while the mock runs ("" means the
// Options' default); Reset restores the Options' value. The setters panic on
// a value no server could play, a programming error (the admin HTTP API
// answers 400 instead).

// SetJobDuration sets Options.JobDuration for jobs started from now on;
// zero or less makes them end on the next look.
func (s *Server) SetJobDuration(d time.Duration) {
	s.cloud.Configure(func(st *cloud.Settings) { st.JobDuration = max(0, d) })
}

// SetJobDurationSpread sets Options.JobDurationSpread for jobs started from
// now on.
func (s *Server) SetJobDurationSpread(spread float64) {
	mustBeValid(ValidateJobDurationSpread(spread))
	s.cloud.Configure(func(st *cloud.Settings) { st.JobDurationSpread = spread })
}

// SetMaxPageSize sets Options.MaxPageSize; n <= 0 restores
// DefaultMaxPageSize.
func (s *Server) SetMaxPageSize(n int) {
	s.cloud.Configure(func(st *cloud.Settings) { st.MaxPageSize = cloud.PageSize(n) })
}

// SetListShape sets Options.ListShape; an alternating shape starts again
// with the object shape.
func (s *Server) SetListShape(shape ListShape) {
	if shape == "" {
		shape = ListShapeObject
	}
	mustBeValid(shape.Validate())
	s.cloud.SetListShape(shape)
}

// SetNamesMatch sets Options.NamesMatch.
func (s *Server) SetNamesMatch(m NamesMatch) {
	if m == "" {
		m = NamesMatchExact
	}
	mustBeValid(m.Validate())
	s.cloud.Configure(func(st *cloud.Settings) { st.NamesMatch = m })
}

// SetHideListJobs sets Options.HideListJobs.
func (s *Server) SetHideListJobs(hide bool) {
	s.cloud.Configure(func(st *cloud.Settings) { st.HideListJobs = hide })
}

// SetListChurn sets Options.ListChurn; the zero ListChurn stops it.
func (s *Server) SetListChurn(c ListChurn) {
	mustBeValid(c.Validate())
	s.cloud.Configure(func(st *cloud.Settings) { st.ListChurn = c })
}

// SetDeleteCancelsJobs sets Options.DeleteCancelsJobs.
func (s *Server) SetDeleteCancelsJobs(cancels bool) {
	s.cloud.Configure(func(st *cloud.Settings) { st.DeleteCancelsJobs = cancels })
}

// SetStatusWhileMade sets Options.StatusWhileMade for images made from now
// on; images already made keep theirs.
func (s *Server) SetStatusWhileMade(status string) {
	s.cloud.Configure(func(st *cloud.Settings) { st.StatusWhileMade = status })
}

// SetFailCreatesNamed sets Options.FailCreatesNamed for jobs started from
// now on; running jobs keep their outcome.
func (s *Server) SetFailCreatesNamed(prefix string) {
	s.cloud.Configure(func(st *cloud.Settings) { st.FailCreatesNamed = prefix })
}

// SetOmitCreateResourceUUID sets Options.OmitCreateResourceUUID.
func (s *Server) SetOmitCreateResourceUUID(omit bool) {
	s.cloud.Configure(func(st *cloud.Settings) { st.OmitCreateResourceUUID = omit })
}

// SetJobResultLag sets Options.JobResultLag and JobResultLagMode; the lag in
// force when JobResult answers counts, for jobs already running too.
func (s *Server) SetJobResultLag(lag time.Duration, mode JobResultLagMode) {
	if mode == "" {
		mode = JobResultLagOmit
	}
	mustBeValid(ValidateLag("JobResult lag", lag))
	mustBeValid(mode.Validate())
	s.cloud.Configure(func(st *cloud.Settings) { st.JobResultLag, st.JobResultLagMode = lag, mode })
}

// SetListingLag sets Options.ListingLag; the lag in force when ListCIMG
// answers counts, for images already made too.
func (s *Server) SetListingLag(lag time.Duration) {
	mustBeValid(ValidateLag("listing lag", lag))
	s.cloud.Configure(func(st *cloud.Settings) { st.ListingLag = lag })
}

func mustBeValid(err error) {
	if err != nil {
		panic(fmt.Sprintf("mockserver: %v", err))
	}
}
