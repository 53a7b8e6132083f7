package cimg

import (
	"context"
	"errors"
	"maps"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/didiyun/terraform-provider-didiyun/internal/apidiag"
	"github.com/didiyun/terraform-provider-didiyun/internal/conns"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
)

// waitForJob waits until JobResult says the job is done, and logs at INFO
// each of its answers about the job's progress: the wait asks at least every
// jobs.Options.Ceiling (15 s by default), so TF_LOG=INFO shows a long copy
// moving that often. started is when the job is known to have started
// (zero: now), which tells a job JobResult does not know yet from one it
// forgot.
func waitForJob(ctx context.Context, m *conns.Meta, regionID string, job didiyun.Job, started time.Time) error {
	fields := map[string]any{"job_uuid": job.ID(), "job_type": job.Type, "resource_uuid": job.ResourceUUID, "region_id": regionID}
	tflog.Info(ctx, "waiting for DiDi Cloud job", fields)
	start := time.Now()
	seen := apidiag.JobProgress{}
	_, err := m.Jobs.Wait(ctx, regionID, job.ID(), started, func(update didiyun.Job) {
		at := time.Since(start)
		if seen.LastAt == 0 {
			seen.FirstAt, seen.FirstPercent = at, update.Progress
		}
		seen.LastAt, seen.Percent = at, update.Progress
		tflog.Info(ctx, "DiDi Cloud job progress", withField(fields, "progress", update.Progress))
	})
	if err == nil {
		tflog.Info(ctx, "DiDi Cloud job done", fields)
		return nil
	}
	if errors.Is(err, context.DeadlineExceeded) && seen.LastAt > 0 {
		// The timeout hint says how long the job needs, from how it moved.
		seen.Err, seen.Waited = err, time.Since(start)
		return &seen
	}
	return err
}

func withField(fields map[string]any, key string, value any) map[string]any {
	out := make(map[string]any, len(fields)+1)
	maps.Copy(out, fields)
	out[key] = value
	return out
}
