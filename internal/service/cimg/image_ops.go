package cimg

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/didiyun/terraform-provider-didiyun/internal/conns"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun/jobs"
)

// errStillThere is a delete that reported success while the image is still
// listed without a job that would explain it.
var errStillThere = errors.New("the image is still listed after its delete job finished")

// worthAnotherTry reports a failed step of a delete or rename that may pass
// by trying again: a failure that may pass (didiyun.IsTransient), errno
// 41026 ("image query failed"), a job JobResult does not know, a job that
// ended without success, or errno 1: the docs do not say whether a write is
// refused while another job runs on the image, and such a refusal comes as
// errno 1 and passes when that job ends. Anything else (a refused token, a
// wrong endpoint) ends the operation at once.
func worthAnotherTry(err error) bool {
	var failed *didiyun.JobFailedError
	return didiyun.IsTransient(err) || didiyun.IsImageQueryFailed(err) || jobs.IsUnknownJob(err) ||
		errors.As(err, &failed) || didiyun.ErrorErrno(err) == didiyun.ErrnoInvalidParameter
}

// deleteImage deletes an image and returns nil only once a lookup confirms
// it is gone (regionview.View.Find). No error of DeleteCIMG or JobResult counts as
// "gone" by itself: errno 41026 is "image query failed", not "absent". Our
// own delete already running (resent after a lost answer) is waited for; so
// is a copy or rename running on the image when the server refuses to delete
// it meanwhile (the docs do not say whether it may). Failures that may pass
// are tried again until ctx ends (the delete timeout), never up to a count.
func deleteImage(ctx context.Context, m *conns.Meta, regionID, imageUUID, name string) error {
	client := m.Client
	var lastErr error
	sends, failures := 0, 0
	for {
		img, found, err := m.Images.Find(ctx, regionID, imageUUID, name)
		switch {
		case err == nil && !found:
			return nil
		case err == nil && running(img, jobTypeDelete):
			// Our own delete, resent after a lost answer: see it through.
			err = waitForJob(ctx, m, regionID, *img.Job, time.Time{})
		case err == nil:
			if sends > 0 {
				err = client.Pause(ctx, sends-1)
			}
			if err == nil {
				sends++
				err = sendAndWait(ctx, m, regionID, func() (didiyun.Job, error) {
					return client.DeleteCIMG(ctx, regionID, imageUUID)
				})
			}
			if err != nil && ctx.Err() == nil && running(img, "") {
				// Refused while a copy or rename runs: wait for that job,
				// whatever its outcome, and look again.
				tflog.Info(ctx, "the image is busy with another job; waiting for it before deleting", map[string]any{
					"image_uuid": imageUUID, "region_id": regionID, "job_uuid": img.Job.ID(), "job_type": img.Job.Type,
					"progress": img.Job.Progress, "bounded_by": "the delete entry of the timeouts block", "refusal": err.Error(),
				})
				if waitErr := waitForJob(ctx, m, regionID, *img.Job, time.Time{}); ctx.Err() != nil {
					err = waitErr
				} else {
					err = nil
				}
			}
			if err == nil {
				lastErr = errStillThere // unless the next look finds it gone
			}
		}
		if err == nil {
			continue
		}
		if ctx.Err() == nil || lastErr == nil {
			lastErr = err // what failed, rather than the time running out
		}
		failures++
		if !worthAnotherTry(err) {
			return fmt.Errorf("image %s is still in region %s: deleting it failed in a way another try cannot "+
				"mend (DeleteCIMG sent %d times): %w", imageUUID, regionID, sends, lastErr)
		}
		if ctx.Err() != nil || client.Pause(ctx, failures-1) != nil {
			return fmt.Errorf("image %s is still in region %s when the time allowed ran out (DeleteCIMG sent %d "+
				"times, each send retried as max_retries allows); the last failure: %w", imageUUID, regionID, sends, lastErr)
		}
	}
}

// sendAndWait sends a write and waits for its job.
func sendAndWait(ctx context.Context, m *conns.Meta, regionID string, send func() (didiyun.Job, error)) error {
	job, err := send()
	if err != nil {
		return err
	}
	return waitForJob(ctx, m, regionID, job, time.Time{})
}

// renameImage renames an image and waits for the job. A failed request or
// job is looked into before it is sent again: the rename may have happened
// after all, or be running (a resend whose first answer was lost).
func renameImage(ctx context.Context, m *conns.Meta, regionID, imageUUID, oldName, name string) error {
	client := m.Client
	release, err := m.Owners.ClaimName(ctx, regionID, name, imageUUID)
	if err != nil {
		return err
	}
	defer release()
	var sent didiyun.Job // the last rename job DiDi Cloud answered with
	for attempt := 0; ; attempt++ {
		err := sendAndWait(ctx, m, regionID, func() (didiyun.Job, error) {
			job, err := client.ChangeNameCIMG(ctx, regionID, imageUUID, name)
			if err == nil {
				sent = job
			}
			return job, err
		})
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return renameInterrupted(err, regionID, imageUUID, name, sent)
		}
		tflog.Debug(ctx, "rename failed; looking at the image", map[string]any{"image_uuid": imageUUID, "error": err.Error()})
		img, found, lookErr := m.Images.Find(ctx, regionID, imageUUID, oldName)
		switch {
		case lookErr != nil:
		case !found:
			// Not %w: the lookup explains the failure (an errno 41026 among
			// them), so no hint for the failure alone may say otherwise.
			return fmt.Errorf("%v; a lookup confirms that image %s is no longer in region %s: it was deleted "+
				"outside Terraform. The next refresh removes it from state, and the plan after that makes it anew",
				err, imageUUID, regionID)
		case running(img, ""):
			// A rename resent after its answer was lost finds the first one
			// running; any other job held the image: try again once it ends.
			waitErr := waitForJob(ctx, m, regionID, *img.Job, time.Time{})
			if waitErr == nil && img.Job.Type == jobTypeRename {
				return nil
			}
			if waitErr == nil {
				continue
			}
			err = waitErr
		case img.Name == name:
			return nil
		}
		if !worthAnotherTry(err) || ctx.Err() != nil {
			return fmt.Errorf("renaming image %s gave up after %d tries: %w", imageUUID, attempt+1, err)
		}
		if pauseErr := client.Pause(ctx, attempt); pauseErr != nil {
			return fmt.Errorf("renaming image %s: %w (last error: %v)", imageUUID, pauseErr, err)
		}
	}
}

// renameInterrupted says what an interrupted rename leaves behind. The next
// apply plans the rename again, is refused while the job runs, finds the job
// on the image, waits for it and is done (renameImage's running case).
func renameInterrupted(err error, regionID, imageUUID, name string, sent didiyun.Job) error {
	if sent.ID() != "" {
		return fmt.Errorf("renaming image %s in region %s to %q stopped (%w) while its rename job %s ran. "+
			"The job keeps running in DiDi Cloud, and the image takes the new name when it ends. The next apply "+
			"finds the job on the image and waits for it (DiDi Cloud refuses a second rename meanwhile)",
			imageUUID, regionID, name, err, sent.ID())
	}
	return fmt.Errorf("renaming image %s in region %s to %q stopped (%w) before DiDi Cloud answered, so the "+
		"rename may or may not have been sent. The next apply looks at the image first: it waits for a rename job "+
		"still running on it, and sends a rename only if none is", imageUUID, regionID, name, err)
}

// Job types as the docs show them.
const (
	jobTypeImport = "ImportCIMG"
	jobTypeCreate = "CreateCIMG"
	jobTypeRename = "ChangeCIMGName"
	jobTypeDelete = "DeleteCIMG"
)

// running reports a job of jobType ("" for any) running on img.
func running(img didiyun.Image, jobType string) bool {
	return img.Job != nil && !img.Job.Done && (jobType == "" || img.Job.Type == jobType)
}
