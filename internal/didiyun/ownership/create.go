package ownership

import (
	"context"
	"fmt"
	"strings"

	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun/jobs"
)

// Create is one create request: ImportCIMG or CreateCIMG of one image.
type Create struct {
	RegionID string
	Name     string
	// JobType is the type of the job the request starts, as the docs name
	// it ("ImportCIMG", "CreateCIMG").
	JobType string
	Send    func(ctx context.Context) (didiyun.Job, error)
}

// CreateOnce claims the name, sends the create once, and returns its job
// with the new image's uuid in ResourceUUID. Nothing is ever sent twice:
//
//   - A clean refusal (errno 1 or 4, a refused connection, 429) made
//     nothing: its error is returned.
//   - An answer whose job names no resourceUuid: JobResult about that job
//     names it, once it knows the job.
//   - No answer (dropped connection, timeout, 5xx, errno 2 or 3, a broken
//     body): the claim saw no image with the name, so an image with it is
//     new. Exactly one, with a running job of the create's type, is the
//     create's: its job is returned. Anything else is an UnresolvedError
//     naming what was found.
//
// A miss (JobResult does not know the job yet, the image is not listed yet)
// is no answer: both are asked again until ctx ends.
func (g *Guard) CreateOnce(ctx context.Context, c Create) (didiyun.Job, error) {
	release, err := g.ClaimName(ctx, c.RegionID, c.Name, "")
	if err != nil {
		return didiyun.Job{}, err
	}
	defer release()
	job, err := c.Send(ctx)
	switch {
	case err == nil:
		return g.withImage(ctx, c, job)
	case !didiyun.IsOutcomeUnknown(err):
		return didiyun.Job{}, err
	}
	return g.findMade(ctx, c, err)
}

// withImage fills in the image of a job answered without resourceUuid.
func (g *Guard) withImage(ctx context.Context, c Create, job didiyun.Job) (didiyun.Job, error) {
	var err error
	for try := 0; job.ResourceUUID == ""; try++ {
		if try > 0 {
			if err = g.api.Pause(ctx, try-1); err != nil {
				break
			}
		}
		var asked didiyun.Job
		asked, err = g.jobs.Ask(ctx, c.RegionID, job.ID())
		if err == nil {
			job.ResourceUUID = asked.ResourceUUID
		} else if !jobs.IsUnknownJob(err) && !didiyun.IsTransient(err) {
			break
		}
	}
	if job.ResourceUUID == "" {
		if err == nil {
			err = fmt.Errorf("JobResult does not name it either")
		}
		return didiyun.Job{}, &UnresolvedError{RegionID: c.RegionID, Name: c.Name, JobUUID: job.ID(),
			Err: fmt.Errorf("%s answered job %s without the new image's uuid: %w", c.JobType, job.ID(), err)}
	}
	return job, nil
}

// findMade looks for the image of a create whose answer was lost.
func (g *Guard) findMade(ctx context.Context, c Create, sendErr error) (didiyun.Job, error) {
	unresolved := &UnresolvedError{RegionID: c.RegionID, Name: c.Name, Err: sendErr}
	for try := 0; ctx.Err() == nil; try++ {
		if try > 0 && g.api.Pause(ctx, try-1) != nil {
			break
		}
		found, err := g.images.ImagesNamed(ctx, c.RegionID, c.Name)
		if ctx.Err() != nil {
			break // the lookup did not run to its end: say nothing of it
		}
		if err != nil {
			unresolved.LookErr = err
			if !didiyun.IsTransient(err) && !didiyun.IsImageQueryFailed(err) {
				break
			}
			continue
		}
		unresolved.Looked, unresolved.LookErr, unresolved.Candidates = true, nil, found
		switch {
		case len(found) == 0:
			continue // not listed yet, or never made
		case len(found) == 1 && runsJob(found[0], c.JobType):
			job := *found[0].Job
			job.ResourceUUID = found[0].UUID
			g.api.Logger().Debug(ctx, "adopting the image an unanswered create made", map[string]any{
				"image_uuid": job.ResourceUUID, "job_uuid": job.ID(), "region_id": c.RegionID, "error": sendErr.Error(),
			})
			return job, nil
		}
		return didiyun.Job{}, unresolved
	}
	return didiyun.Job{}, unresolved
}

// runsJob reports an image whose listing shows a running job of jobType.
func runsJob(img didiyun.Image, jobType string) bool {
	return img.Job != nil && img.Job.ID() != "" && !img.Job.Done && img.Job.Type == jobType
}

// UnresolvedError is a create that may have made an image that could not be
// proven to be its own: none was adopted, and the create was not sent again.
type UnresolvedError struct {
	RegionID string
	Name     string
	// JobUUID is the create's job when an answer named one.
	JobUUID string
	// Looked is true once a lookup for the name ran; Candidates is what the
	// last one found, LookErr why the last one failed.
	Looked     bool
	Candidates []didiyun.Image
	LookErr    error
	Err        error
}

func (e *UnresolvedError) Error() string {
	var b strings.Builder
	b.WriteString(e.Err.Error())
	switch {
	case e.JobUUID != "":
		fmt.Fprintf(&b, "; job %s may still make an image named %q in region %s", e.JobUUID, e.Name, e.RegionID)
	case !e.Looked && e.LookErr != nil:
		fmt.Fprintf(&b, "; looking for an image named %q in region %s that it may have made failed too: %v", e.Name, e.RegionID, e.LookErr)
	case !e.Looked:
		fmt.Fprintf(&b, "; it may have made an image named %q in region %s, and the operation ended before it could be looked for", e.Name, e.RegionID)
	case len(e.Candidates) == 0:
		fmt.Fprintf(&b, "; no image named %q was listed in region %s before the time allowed ran out", e.Name, e.RegionID)
	default:
		fmt.Fprintf(&b, "; found in region %s with the name %q, none provably made by this request: %s", e.RegionID, e.Name, e.describeCandidates())
	}
	return b.String()
}

// describeCandidates lists each candidate with its status and job.
func (e *UnresolvedError) describeCandidates() string {
	parts := make([]string, len(e.Candidates))
	for i, img := range e.Candidates {
		job := "no running job shown"
		if img.Job != nil {
			job = fmt.Sprintf("job %s (%s, done=%t)", img.Job.ID(), img.Job.Type, img.Job.Done)
		}
		parts[i] = fmt.Sprintf("%s (status %q, %s)", img.UUID, img.Status, job)
	}
	return strings.Join(parts, ", ")
}

func (e *UnresolvedError) Unwrap() error { return e.Err }
