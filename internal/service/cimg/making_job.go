package cimg

import (
	"context"
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// makingJobKey is the private state key of the job making an image that
// no JobResult answer has yet said ended. Only its uuid says whether the
// image is finished: an image's status word does not (the docs name no
// status but Ready, and a new image may show Ready while it is copied).
const makingJobKey = "making_job"

type makingJob struct {
	UUID string `json:"uuid"`
	Type string `json:"type"`
}

// privateReader and privateWriter are a request's and a response's private
// state.
type privateReader interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

type privateWriter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// readMakingJob is the job recorded by writeMakingJob, or nil. Reading a
// missing private state finds nothing.
func readMakingJob(ctx context.Context, private privateReader, diags *diag.Diagnostics) *makingJob {
	raw, getDiags := private.GetKey(ctx, makingJobKey)
	diags.Append(getDiags...)
	var job makingJob
	if len(raw) == 0 || json.Unmarshal(raw, &job) != nil || job.UUID == "" {
		return nil
	}
	return &job
}

// writeMakingJob records job, or forgets it when job is nil.
func writeMakingJob(ctx context.Context, private privateWriter, job *makingJob) diag.Diagnostics {
	var raw []byte
	if job != nil {
		raw, _ = json.Marshal(job) // two strings always marshal
	}
	return private.SetKey(ctx, makingJobKey, raw)
}
