package cimg

import (
	"context"
	"regexp"

	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
)

var uuidPattern = regexp.MustCompile(`^[0-9a-f]{32}$`)

func isUUID(s string) bool { return uuidPattern.MatchString(s) }

// renameImage changes an image's name and waits for the job.
func renameImage(ctx context.Context, client *didiyun.Client, regionID, imageUUID, name string) error {
	job, err := client.ChangeNameCIMG(ctx, regionID, imageUUID, name)
	if err != nil {
		return err
	}
	_, err = waitForJob(ctx, client, regionID, job)
	return err
}

// deleteImage deletes an image and waits for the job; an image that is
// already gone counts as deleted.
func deleteImage(ctx context.Context, client *didiyun.Client, regionID, imageUUID string) error {
	job, err := client.DeleteCIMG(ctx, regionID, imageUUID)
	if didiyun.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	_, err = waitForJob(ctx, client, regionID, job)
	return err
}
