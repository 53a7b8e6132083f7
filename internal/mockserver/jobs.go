package mockserver

import (
	"fmt"
	"math"
	"time"
)

// Job types the mock runs, as the docs' examples name them.
const (
	JobTypeImportCIMG     = "ImportCIMG"
	JobTypeCreateCIMG     = "CreateCIMG"
	JobTypeChangeCIMGName = "ChangeCIMGName"
	JobTypeDeleteCIMG     = "DeleteCIMG"
)

// Job statuses, as the docs' examples show them.
const (
	JobStatusProcessing = "Processing"
	JobStatusSuccess    = "Success"
	JobStatusFail       = "Fail"
)

// hangProgress is where a hanging job's progress stops.
const hangProgress = 50

// Job is an async job as JobResult returns it; JSON tags are the wire names.
type Job struct {
	JobUUID      string  `json:"jobUuid"`
	UUID         string  `json:"uuid"` // same value as JobUUID, as in the examples
	ResourceUUID string  `json:"resourceUuid"`
	ResourceType string  `json:"resourceType"`
	Type         string  `json:"type"`
	Progress     float64 `json:"progress"` // 0-100
	Done         bool    `json:"done"`
	Success      bool    `json:"success"`
	Result       string  `json:"result"` // failure reason
	Status       string  `json:"status"`
}

// JobOutcome steers how new jobs end, to test a client's failure paths.
type JobOutcome struct {
	Fail   bool   // end with done=true, success=false after the job duration
	Result string // failure reason; a default is used when empty
	Hang   bool   // never finish: progress stops at 50 and done stays false
}

// job is a Job plus what the mock needs to advance and settle it.
type job struct {
	view       Job
	regionID   string
	started    time.Time
	duration   time.Duration
	outcome    JobOutcome
	newName    string // ChangeCIMGName: the name applied on success
	prevStatus string // DeleteCIMG: the status restored on failure
}

// startJob registers a running job on an image. Callers hold s.mu.
func (s *Server) startJob(jobType, regionID, imageUUID string) *job {
	id := newUUID()
	j := &job{
		view: Job{
			JobUUID:      id,
			UUID:         id,
			ResourceUUID: imageUUID,
			ResourceType: "cimg",
			Type:         jobType,
			Status:       JobStatusProcessing,
		},
		regionID: regionID,
		started:  s.opts.Now(),
		duration: s.jobDuration,
		outcome:  s.outcomeFor(jobType),
	}
	s.st.jobs[id] = j
	if rec, ok := s.st.images[imageUUID]; ok {
		rec.jobID = id
	}
	return j
}

func (s *Server) outcomeFor(jobType string) JobOutcome {
	if o, ok := s.outcomes[jobType]; ok {
		return o
	}
	return s.outcomes[""]
}

// advanceJobs brings every running job up to the clock. It runs whenever
// state is touched, so jobs need no goroutines or timers. Callers hold s.mu.
func (s *Server) advanceJobs() {
	now := s.opts.Now()
	for _, j := range s.st.jobs {
		if !j.view.Done {
			s.step(j, now)
		}
	}
}

func (s *Server) step(j *job, now time.Time) {
	frac := 1.0
	if j.duration > 0 {
		frac = max(0, float64(now.Sub(j.started))/float64(j.duration))
	}
	switch {
	case j.outcome.Hang:
		j.view.Progress = roundProgress(min(frac*100, hangProgress))
	case frac < 1:
		j.view.Progress = roundProgress(frac * 100)
	default:
		s.finish(j, !j.outcome.Fail, j.outcome.Result)
	}
}

// finish ends a job and applies its effect on the image. Callers hold s.mu.
func (s *Server) finish(j *job, success bool, result string) {
	if reason := s.settle(j, success); reason != "" && success {
		success, result = false, reason
	}
	j.view.Done = true
	j.view.Success = success
	if success {
		j.view.Progress = 100
		j.view.Status = JobStatusSuccess
		j.view.Result = ""
		return
	}
	j.view.Status = JobStatusFail
	if result == "" {
		result = "job failed (injected by the mock)"
	}
	j.view.Result = result
}

// settle applies a finished job's effect on its image. It returns a failure
// reason when the image vanished out of band, which fails all but a delete.
func (s *Server) settle(j *job, success bool) string {
	uuid := j.view.ResourceUUID
	rec, ok := s.st.images[uuid]
	if !ok {
		if j.view.Type == JobTypeDeleteCIMG {
			return ""
		}
		return fmt.Sprintf("image %s no longer exists", uuid)
	}
	if rec.jobID == j.view.JobUUID {
		rec.jobID = ""
	}
	now := millis(s.opts.Now())
	switch j.view.Type {
	case JobTypeImportCIMG, JobTypeCreateCIMG:
		rec.img.Status = ImageStatusReady
		if !success {
			rec.img.Status = ImageStatusFailed
		}
		rec.img.UpdateTime = now
	case JobTypeChangeCIMGName:
		if success {
			rec.img.Name = j.newName
			rec.img.UpdateTime = now
		}
	case JobTypeDeleteCIMG:
		if success {
			delete(s.st.images, uuid)
			return ""
		}
		rec.img.Status = j.prevStatus
		rec.img.UpdateTime = now
	}
	return ""
}

// runningJob returns the unfinished job on an image, if any.
func (s *Server) runningJob(rec *imageRecord) (*job, bool) {
	j, ok := s.st.jobs[rec.jobID]
	if !ok || j.view.Done {
		return nil, false
	}
	return j, true
}

// roundProgress keeps two decimals, enough for a progress bar and easier to
// read in logs than float noise.
func roundProgress(p float64) float64 { return math.Round(p*100) / 100 }
