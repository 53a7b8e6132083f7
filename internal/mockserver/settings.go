package mockserver

import (
	"fmt"
	"time"

	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver/cloud"
)

// Each setter changes, while the mock runs, one thing Options set at New;
// Reset restores the Options' value. The setters panic on a value no server
// could play, a programming error (the admin HTTP API answers 400 instead).

// SetJobDuration sets how long jobs started from now on take; zero or less
// makes them finish on the next request that looks at them.
func (s *Server) SetJobDuration(d time.Duration) {
	s.cloud.Configure(func(st *cloud.Settings) { st.JobDuration = max(0, d) })
}

// SetJobDurationSpread varies the duration of jobs started from now on:
// each draws it uniformly from the job duration × [1-spread, 1+spread]; 0
// gives every job the job duration exactly. spread is between 0 and 1.
func (s *Server) SetJobDurationSpread(spread float64) {
	mustBeValid(ValidateJobDurationSpread(spread))
	s.cloud.Configure(func(st *cloud.Settings) { st.JobDurationSpread = spread })
}

// SetMaxPageSize caps ListCIMG's limit at n; n <= 0 restores
// DefaultMaxPageSize.
func (s *Server) SetMaxPageSize(n int) {
	s.cloud.Configure(func(st *cloud.Settings) { st.MaxPageSize = cloud.PageSize(n) })
}

// SetListShape switches ListCIMG's data between the object and array shapes,
// or makes it alternate, starting with the object shape; "" means object.
func (s *Server) SetListShape(shape ListShape) {
	if shape == "" {
		shape = ListShapeObject
	}
	mustBeValid(shape.Validate())
	s.cloud.SetListShape(shape)
}

// SetNamesMatch sets how ListCIMG matches condition.names; "" means exact.
func (s *Server) SetNamesMatch(m NamesMatch) {
	if m == "" {
		m = NamesMatchExact
	}
	mustBeValid(m.Validate())
	s.cloud.Configure(func(st *cloud.Settings) { st.NamesMatch = m })
}

// SetHideListJobs leaves `job` out of ListCIMG's images, or puts it back.
func (s *Server) SetHideListJobs(hide bool) {
	s.cloud.Configure(func(st *cloud.Settings) { st.HideListJobs = hide })
}

// SetListChurn starts deleting another user's images between ListCIMG pages;
// the zero ListChurn stops it.
func (s *Server) SetListChurn(c ListChurn) {
	mustBeValid(c.Validate())
	s.cloud.Configure(func(st *cloud.Settings) { st.ListChurn = c })
}

// SetDeleteCancelsJobs decides whether DeleteCIMG cancels a job still running
// on the image (true) or is refused with errno 1 (false).
func (s *Server) SetDeleteCancelsJobs(cancels bool) {
	s.cloud.Configure(func(st *cloud.Settings) { st.DeleteCancelsJobs = cancels })
}

// SetStatusWhileMade sets the status images made from now on show while
// the job making them runs; "" restores Importing and Creating. Images
// already made keep the status they were made with.
func (s *Server) SetStatusWhileMade(status string) {
	s.cloud.Configure(func(st *cloud.Settings) { st.StatusWhileMade = status })
}

// SetFailCreatesNamed makes imports and creates started from now on fail
// when the new image's name starts with prefix; "" stops it. Running jobs
// keep the outcome they started with.
func (s *Server) SetFailCreatesNamed(prefix string) {
	s.cloud.Configure(func(st *cloud.Settings) { st.FailCreatesNamed = prefix })
}

// SetOmitCreateResourceUUID leaves resourceUuid out of the jobs ImportCIMG
// and CreateCIMG answer, or puts it back.
func (s *Server) SetOmitCreateResourceUUID(omit bool) {
	s.cloud.Configure(func(st *cloud.Settings) { st.OmitCreateResourceUUID = omit })
}

// SetJobResultLag makes JobResult learn of each job lag after it started:
// until then it answers about the job the way mode says (JobResultLagOmit,
// the default for "", leaves it out of data; JobResultLagErrno fails the
// request with errno 1). The lag in force when JobResult answers counts, for
// jobs already running too; zero turns it off. A negative lag or an unknown
// mode panics.
func (s *Server) SetJobResultLag(lag time.Duration, mode JobResultLagMode) {
	if mode == "" {
		mode = JobResultLagOmit
	}
	mustBeValid(ValidateLag("JobResult lag", lag))
	mustBeValid(mode.Validate())
	s.cloud.Configure(func(st *cloud.Settings) { st.JobResultLag, st.JobResultLagMode = lag, mode })
}

// SetListingLag makes ListCIMG list each image an ImportCIMG or CreateCIMG
// makes lag after that create, in full listings and names lookups alike.
// The lag in force when ListCIMG answers counts, for images already made
// too; zero turns it off. A negative lag panics.
func (s *Server) SetListingLag(lag time.Duration) {
	mustBeValid(ValidateLag("listing lag", lag))
	s.cloud.Configure(func(st *cloud.Settings) { st.ListingLag = lag })
}

func mustBeValid(err error) {
	if err != nil {
		panic(fmt.Sprintf("mockserver: %v", err))
	}
}
