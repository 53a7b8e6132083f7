package cloud

import (
	"fmt"
	"math"
	"strings"
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

// HangProgress is where a hanging job's progress stops.
const HangProgress = 50

// Job is an async job as JobResult returns it; JSON tags are the wire names.
// ResourceUUID is empty, and so left out, only in the answer to an import
// or create with OmitCreateResourceUUID.
type Job struct {
	JobUUID      string  `json:"jobUuid"`
	UUID         string  `json:"uuid"` // same value as JobUUID, as in the examples
	ResourceUUID string  `json:"resourceUuid,omitempty"`
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
	newName    string    // ChangeCIMGName: the name applied on success
	prevStatus string    // DeleteCIMG: the status restored on failure
	finishedAt time.Time // zero for the seeded job, which is never pruned
	seenDone   bool      // an answer has shown it done (see detection)
}

// startJob registers a running job on an image.
func (a *Account) startJob(jobType, regionID, imageUUID string) *job {
	id := NewUUID()
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
		started:  a.c.cfg.Now(),
		duration: a.c.newJobDuration(),
		outcome:  a.c.outcomeFor(jobType),
	}
	a.addJob(j)
	if rec, ok := a.images[imageUUID]; ok {
		rec.jobID, rec.lastJobID = id, id
		a.changed.image(imageUUID)
	}
	return j
}

// outcomeFor is how a new job of jobType ends, as SetJobOutcome says.
func (c *Cloud) outcomeFor(jobType string) JobOutcome {
	if o, ok := c.outcomes[jobType]; ok {
		return o
	}
	return c.outcomes[""]
}

// failsByName is the outcome FailCreatesNamed gives the job making an image
// named name; fails is false when the setting does not pick that name. It
// is decided as the job starts, so a later change of the setting leaves
// running jobs alone, and it wins over the job type's outcome: it is the
// more specific of the two. making words the job for the reason.
func (c *Cloud) failsByName(name, making string) (o JobOutcome, fails bool) {
	prefix := c.settings.FailCreatesNamed
	if prefix == "" || !strings.HasPrefix(name, prefix) {
		return JobOutcome{}, false
	}
	result := fmt.Sprintf("%s failed: simulated failure for names starting with %q", making, prefix)
	return JobOutcome{Fail: true, Result: result}, true
}

// MakesImage says whether the job is the import or create that makes its
// image.
func (j Job) MakesImage() bool {
	return j.Type == JobTypeImportCIMG || j.Type == JobTypeCreateCIMG
}

// advanceJobs brings an account's running jobs up to the clock and prunes
// the ones that finished longer ago than the retention. It runs whenever
// the account is touched, so jobs need no goroutines or timers.
func (a *Account) advanceJobs() {
	now := a.c.cfg.Now()
	for _, j := range a.running {
		a.step(j, now)
	}
	a.pruneJobs(now)
}

func (a *Account) step(j *job, now time.Time) {
	frac := 1.0
	if j.duration > 0 {
		frac = max(0, float64(now.Sub(j.started))/float64(j.duration))
	}
	switch {
	case j.outcome.Hang:
		j.view.Progress = roundProgress(min(frac*100, HangProgress))
	case frac < 1:
		j.view.Progress = roundProgress(frac * 100)
	default:
		a.finishAt(j, !j.outcome.Fail, j.outcome.Result, j.started.Add(j.duration))
	}
}

// finish ends a job now and applies its effect on the image.
func (a *Account) finish(j *job, success bool, result string) {
	a.finishAt(j, success, result, a.c.cfg.Now())
}

// finishAt ends a job that finished at the given time, which may be before
// now when nobody looked at the account since.
func (a *Account) finishAt(j *job, success bool, result string, at time.Time) {
	if reason := a.settle(j, success); reason != "" && success {
		success, result = false, reason
	}
	j.view.Done = true
	j.view.Success = success
	j.finishedAt = at
	delete(a.running, j.view.JobUUID)
	a.addFinished(j)
	a.changed.job(j.view.JobUUID)
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
func (a *Account) settle(j *job, success bool) string {
	uuid := j.view.ResourceUUID
	rec, ok := a.images[uuid]
	if !ok {
		if j.view.Type == JobTypeDeleteCIMG {
			return ""
		}
		return fmt.Sprintf("image %s no longer exists", uuid)
	}
	a.changed.image(uuid)
	if rec.jobID == j.view.JobUUID {
		rec.jobID = ""
	}
	now := millis(a.c.cfg.Now())
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
			a.removeImage(uuid)
			return ""
		}
		rec.img.Status = j.prevStatus
		rec.img.UpdateTime = now
	}
	return ""
}

// runningJob returns the unfinished job on an image, if any.
func (a *Account) runningJob(rec *Record) (*job, bool) {
	j, ok := a.running[rec.jobID]
	return j, ok
}

// roundProgress keeps two decimals, enough for a progress bar and easier to
// read in logs than float noise.
func roundProgress(p float64) float64 { return math.Round(p*100) / 100 }

// RunningJob returns the unfinished job on an image, if any, as JobResult
// would show it.
func (a *Account) RunningJob(rec *Record) (Job, bool) {
	j, ok := a.runningJob(rec)
	if !ok {
		return Job{}, false
	}
	return j.view, true
}
