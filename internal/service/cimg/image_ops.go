package cimg

import (
	"context"

	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
)

// renameImage changes an image's name and waits for the job. If the request
// was resent after its answer was lost, the image is already busy with our
// rename: wait for that job instead.
func renameImage(ctx context.Context, client *didiyun.Client, regionID, imageUUID, name string) error {
	job, err := client.ChangeNameCIMG(ctx, regionID, imageUUID, name)
	if err != nil {
		img, found, lookErr := client.FindCIMG(ctx, regionID, imageUUID)
		running, ok := runningJob(img, "ChangeCIMGName")
		if lookErr != nil || !found || !ok {
			return err
		}
		job = running
	}
	err = waitForJob(ctx, client, regionID, job)
	return err
}

// deleteImage deletes an image and waits for the job. An image that is
// already gone counts as deleted; one already being deleted (a resent
// request whose first answer was lost) is waited for.
func deleteImage(ctx context.Context, client *didiyun.Client, regionID, imageUUID string) error {
	job, err := client.DeleteCIMG(ctx, regionID, imageUUID)
	if didiyun.IsNotFound(err) {
		return nil
	}
	if err != nil {
		img, found, lookErr := client.FindCIMG(ctx, regionID, imageUUID)
		if lookErr != nil {
			return err
		}
		if !found {
			return nil
		}
		running, ok := runningJob(img, "DeleteCIMG")
		if !ok {
			return err
		}
		job = running
	}
	err = waitForJob(ctx, client, regionID, job)
	if didiyun.IsNotFound(err) {
		return nil
	}
	return err
}

// runningJob returns the job of jobType running on an image, if any.
func runningJob(img didiyun.Image, jobType string) (didiyun.Job, bool) {
	if img.Job == nil || img.Job.Type != jobType {
		return didiyun.Job{}, false
	}
	return *img.Job, true
}
