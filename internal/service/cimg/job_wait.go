package cimg

import (
	"context"
	"maps"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
)

// waitForJob waits for job and logs its progress at INFO, so TF_LOG=INFO
// shows a long copy moving.
func waitForJob(ctx context.Context, client *didiyun.Client, regionID string, job didiyun.Job) error {
	return logWait(ctx, regionID, job, func(onProgress func(didiyun.Job)) error {
		_, err := client.WaitJob(ctx, regionID, job.ID(), onProgress)
		return err
	})
}

// waitForCreate is waitForJob for the job of a create of the image named
// name. It returns the image as the client saw it finished, or nil when it
// still has to be read.
func waitForCreate(ctx context.Context, client *didiyun.Client, regionID string, job didiyun.Job, name string) (*didiyun.Image, error) {
	var image *didiyun.Image
	err := logWait(ctx, regionID, job, func(onProgress func(didiyun.Job)) error {
		var err error
		image, err = client.WaitCreated(ctx, regionID, job, name, onProgress)
		return err
	})
	return image, err
}

// logWait runs wait, logging the job's progress, unless the job is done.
func logWait(ctx context.Context, regionID string, job didiyun.Job, wait func(onProgress func(didiyun.Job)) error) error {
	if job.Done {
		// An adopted image whose job ended before we found it.
		if job.Failed() {
			return &didiyun.JobFailedError{Job: job}
		}
		return nil
	}
	fields := map[string]any{"job_uuid": job.ID(), "job_type": job.Type, "resource_uuid": job.ResourceUUID, "region_id": regionID}
	tflog.Info(ctx, "waiting for DiDi Cloud job", fields)
	last := -1.0
	err := wait(func(update didiyun.Job) {
		if update.Progress != last {
			last = update.Progress
			tflog.Info(ctx, "DiDi Cloud job progress", withField(fields, "progress", update.Progress))
		}
	})
	if err == nil {
		tflog.Info(ctx, "DiDi Cloud job done", fields)
	}
	return err
}

func withField(fields map[string]any, key string, value any) map[string]any {
	out := make(map[string]any, len(fields)+1)
	maps.Copy(out, fields)
	out[key] = value
	return out
}
