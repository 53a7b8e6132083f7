package didiyun

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// NameTakenError refuses to create an image, or rename one, into a name
// already used in the region: names are how a create that lost its answer
// finds its image, so they must identify one image.
type NameTakenError struct {
	RegionID string
	Name     string
	UUIDs    []string
}

func (e *NameTakenError) Error() string {
	return fmt.Sprintf("an image named %q already exists in region %s (%s)", e.Name, e.RegionID, strings.Join(e.UUIDs, ", "))
}

// CreateUnresolvedError is a create whose request may have made an image that
// could not be identified: none adopted, none left unaccounted for by us.
type CreateUnresolvedError struct {
	RegionID string
	Name     string
	// Candidates are new images with the name that could each be ours.
	Candidates []string
	// Looked is false when the lookup never ran (the operation was cancelled).
	Looked bool
	Err    error
}

func (e *CreateUnresolvedError) Error() string {
	switch {
	case !e.Looked:
		return fmt.Sprintf("%v; the request may have created an image named %q in region %s, and the operation "+
			"ended before it could be looked for", e.Err, e.Name, e.RegionID)
	case len(e.Candidates) > 1:
		return fmt.Sprintf("%v; %d new images named %q appeared in region %s (%s) and nothing tells which one this "+
			"request made, so none was adopted", e.Err, len(e.Candidates), e.Name, e.RegionID, strings.Join(e.Candidates, ", "))
	default:
		return fmt.Sprintf("%v; no image named %q appeared in region %s", e.Err, e.Name, e.RegionID)
	}
}

func (e *CreateUnresolvedError) Unwrap() error { return e.Err }

// ImportCIMGOnce is ImportCIMG made safe to retry. See createOnce.
func (c *Client) ImportCIMGOnce(ctx context.Context, regionID string, in ImportCIMGInput) (Job, error) {
	return c.createOnce(ctx, regionID, in.Name, opImportCIMG.name, func(ctx context.Context) (Job, error) {
		return c.ImportCIMG(ctx, regionID, in)
	})
}

// CreateCIMGOnce is CreateCIMG made safe to retry. See createOnce.
func (c *Client) CreateCIMGOnce(ctx context.Context, regionID string, in CreateCIMGInput) (Job, error) {
	return c.createOnce(ctx, regionID, in.Name, opCreateCIMG.name, func(ctx context.Context) (Job, error) {
		return c.CreateCIMG(ctx, regionID, in)
	})
}

// createOnce sends a create that the API cannot make idempotent (it takes no
// client token) so that it creates exactly one image, and never claims an
// image it did not make:
//
//  1. It claims the name (ClaimName): within this Client nobody else creates
//     or renames into it meanwhile, and no image in the region carries it.
//  2. A clean refusal (errno 1 or 4, connection refused, 429) is returned or
//     was already retried by the transport: nothing was created.
//  3. When the request may have reached the server but no answer says what
//     it made (dropped connection, timeout, 5xx, errno 2/3, a broken body, a
//     job without resourceUuid), it looks
//     for images named exactly so. Step 1 saw none, so any found is new; one
//     whose running job is of another type is not ours. Exactly one left is
//     adopted with its job; none means send again, within the retry budget;
//     several is an error that adopts none.
func (c *Client) createOnce(ctx context.Context, regionID, name, jobType string, send func(context.Context) (Job, error)) (Job, error) {
	release, err := c.ClaimName(ctx, regionID, name, "")
	if err != nil {
		return Job{}, err
	}
	defer release()
	for attempt := 0; ; attempt++ {
		job, sendErr := send(ctx)
		if sendErr == nil && job.ResourceUUID == "" {
			// The new image's uuid is what enters state: without it, look.
			sendErr = &outcomeUnknownError{err: fmt.Errorf("the answer's job %s names no resourceUuid", job.ID())}
		}
		if sendErr == nil || !IsOutcomeUnknown(sendErr) {
			return job, sendErr
		}
		unresolved := &CreateUnresolvedError{RegionID: regionID, Name: name, Err: sendErr}
		if ctx.Err() != nil {
			return Job{}, unresolved
		}
		found, err := c.ListAllCIMG(ctx, regionID, name)
		if err != nil {
			return Job{}, fmt.Errorf("%w; looking for an image named %q that it may have created also failed: %v", unresolved, name, err)
		}
		unresolved.Looked = true
		candidates := madeBy(found, jobType)
		switch {
		case len(candidates) == 1:
			img := candidates[0]
			c.logger.Debug(ctx, "adopting the image an unanswered create made", map[string]any{
				"image_uuid": img.UUID, "region_id": regionID, "error": sendErr.Error(),
			})
			return jobOf(img), nil
		case len(candidates) > 1:
			unresolved.Candidates = imageUUIDs(candidates)
			return Job{}, unresolved
		case attempt >= c.http.RetryMax:
			return Job{}, unresolved
		}
		if err := c.Pause(ctx, attempt); err != nil {
			return Job{}, unresolved
		}
	}
}

// madeBy keeps the images that a create of jobType could have made: any
// without a running job, and those whose running job is of that type.
func madeBy(images []Image, jobType string) []Image {
	var out []Image
	for _, img := range images {
		if img.Job == nil || img.Job.Done || img.Job.Type == "" || img.Job.Type == jobType {
			out = append(out, img)
		}
	}
	return out
}

// jobOf is the job behind an image found by listing: its running job, or a
// finished one when the image has none any more.
func jobOf(img Image) Job {
	if img.Job != nil {
		job := *img.Job
		if job.ResourceUUID == "" {
			job.ResourceUUID = img.UUID
		}
		return job
	}
	failed := img.Status == "Failed"
	return Job{ResourceUUID: img.UUID, Done: true, Success: !failed, Progress: 100, Result: "image status " + img.Status}
}

func imageUUIDs(images []Image) []string {
	uuids := make([]string, len(images))
	for i, img := range images {
		uuids[i] = img.UUID
	}
	return uuids
}

// Pause waits the client's backoff before retry number attempt+1, or until
// ctx ends. Callers that retry a whole operation (a create whose answer was
// lost, a delete they must see through) use it between tries.
func (c *Client) Pause(ctx context.Context, attempt int) error {
	return sleep(ctx, c.http.Backoff(c.http.RetryWaitMin, c.http.RetryWaitMax, attempt, nil))
}

func sleep(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}
