package didiyun

import (
	"context"
	"fmt"
	"net/url"
	"strings"
)

// JobResult asks about many jobs of one region in a single call.
func (c *Client) JobResult(ctx context.Context, regionID string, jobUUIDs ...string) ([]Job, error) {
	if len(jobUUIDs) == 0 {
		return nil, nil
	}
	query := url.Values{}
	query.Set("regionId", regionID)
	query.Set("jobUuids", strings.Join(jobUUIDs, ","))
	var jobs []Job
	if err := c.call(ctx, opJobResult, query, nil, &jobs); err != nil {
		return nil, err
	}
	return jobs, nil
}

// jobByID picks one job out of a JobResult answer.
func jobByID(jobs []Job, jobUUID string) (Job, error) {
	for _, job := range jobs {
		if job.ID() == jobUUID {
			return job, nil
		}
	}
	return Job{}, fmt.Errorf("JobResult did not report job %s", jobUUID)
}
