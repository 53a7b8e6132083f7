package didiyun

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"
)

// NameTakenError refuses to create an image whose name is already used in
// the region: names are how a create that lost its answer finds its image.
type NameTakenError struct {
	RegionID string
	Name     string
	UUIDs    []string
}

func (e *NameTakenError) Error() string {
	return fmt.Sprintf("an image named %q already exists in region %s (%s)", e.Name, e.RegionID, strings.Join(e.UUIDs, ", "))
}

// ImportCIMGOnce is ImportCIMG made safe to retry. See createOnce.
func (c *Client) ImportCIMGOnce(ctx context.Context, regionID string, in ImportCIMGInput) (Job, error) {
	return c.createOnce(ctx, regionID, in.Name, func(ctx context.Context) (Job, error) {
		return c.ImportCIMG(ctx, regionID, in)
	})
}

// CreateCIMGOnce is CreateCIMG made safe to retry. See createOnce.
func (c *Client) CreateCIMGOnce(ctx context.Context, regionID string, in CreateCIMGInput) (Job, error) {
	return c.createOnce(ctx, regionID, in.Name, func(ctx context.Context) (Job, error) {
		return c.CreateCIMG(ctx, regionID, in)
	})
}

// createOnce sends a create that the API cannot make idempotent (it takes no
// client token) so that it creates exactly one image:
//
//  1. Before sending, the name must be free in the region; otherwise a
//     NameTakenError, and nothing is sent.
//  2. A clean refusal (errno 1 or 4, connection refused, 429) is returned or
//     was already retried by the transport: nothing was created.
//  3. When the request may have reached the server but no answer says so
//     (dropped connection, timeout, 5xx, errno 2/3, a broken body), look for
//     an image with that name: it can only be ours, so adopt it and its job.
//     Send again only when there is none, up to the retry budget.
func (c *Client) createOnce(ctx context.Context, regionID, name string, send func(context.Context) (Job, error)) (Job, error) {
	existing, err := c.ListAllCIMG(ctx, regionID, name)
	if err != nil {
		return Job{}, err
	}
	if len(existing) > 0 {
		return Job{}, &NameTakenError{RegionID: regionID, Name: name, UUIDs: imageUUIDs(existing)}
	}
	for attempt := 0; ; attempt++ {
		job, sendErr := send(ctx)
		if sendErr == nil || !IsOutcomeUnknown(sendErr) {
			return job, sendErr
		}
		found, err := c.ListAllCIMG(ctx, regionID, name)
		if err != nil {
			return Job{}, fmt.Errorf("%w; looking for the image it may have created also failed: %v", sendErr, err)
		}
		if len(found) > 0 {
			img := newest(found)
			c.logger.Debug(ctx, "adopting the image an unanswered create made", map[string]any{
				"image_uuid": img.UUID, "region_id": regionID, "error": sendErr.Error(),
			})
			return jobOf(img), nil
		}
		if attempt >= c.http.RetryMax {
			return Job{}, fmt.Errorf("%w; no image named %q appeared after %d tries", sendErr, name, attempt+1)
		}
		if err := sleep(ctx, c.http.Backoff(c.http.RetryWaitMin, c.http.RetryWaitMax, attempt, nil)); err != nil {
			return Job{}, err
		}
	}
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

func newest(images []Image) Image {
	sorted := append([]Image(nil), images...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].CreateTime > sorted[j].CreateTime })
	return sorted[0]
}

func imageUUIDs(images []Image) []string {
	uuids := make([]string, len(images))
	for i, img := range images {
		uuids[i] = img.UUID
	}
	return uuids
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
