package cimg

import (
	"context"
	"encoding/json"
	"time"

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
	// Started is when the job is known to have started: JobResult may not
	// know it yet for a while after (jobs.Waiter.StillLearning).
	Started time.Time `json:"started,omitzero"`
	// Succeeded is when JobResult was first seen saying the job succeeded
	// while the image was not listed yet: a listing may show it late.
	Succeeded time.Time `json:"succeeded,omitzero"`
}

// running reports a job no JobResult answer has said ended yet; one that
// succeeded is kept only until its image is listed.
func (j makingJob) running() bool { return j.Succeeded.IsZero() }

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
		raw, _ = json.Marshal(job) // strings and times always marshal
	}
	return private.SetKey(ctx, makingJobKey, raw)
}
