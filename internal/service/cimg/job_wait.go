package cimg

import (
	"context"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
)

// waitForJob waits for job and logs its progress at INFO, so TF_LOG=INFO
// shows a long copy moving.
func waitForJob(ctx context.Context, client *didiyun.Client, regionID string, job didiyun.Job) (didiyun.Job, error) {
	if job.Done {
		// An adopted image whose job ended before we found it.
		if job.Failed() {
			return job, &didiyun.JobFailedError{Job: job}
		}
		return job, nil
	}
	fields := map[string]any{"job_uuid": job.ID(), "job_type": job.Type, "resource_uuid": job.ResourceUUID, "region_id": regionID}
	tflog.Info(ctx, "waiting for DiDi Cloud job", fields)
	last := -1.0
	done, err := client.WaitJob(ctx, regionID, job.ID(), func(update didiyun.Job) {
		if update.Progress != last {
			last = update.Progress
			tflog.Info(ctx, "DiDi Cloud job progress", withField(fields, "progress", update.Progress))
		}
	})
	if err == nil {
		tflog.Info(ctx, "DiDi Cloud job done", fields)
	}
	return done, err
}

func withField(fields map[string]any, key string, value any) map[string]any {
	out := make(map[string]any, len(fields)+1)
	for k, v := range fields {
		out[k] = v
	}
	out[key] = value
	return out
}
