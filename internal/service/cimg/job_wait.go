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
	_, err := client.WaitJob(ctx, regionID, job.ID(), func(update didiyun.Job) {
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
