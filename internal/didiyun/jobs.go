package didiyun

import (
	"context"
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
	for _, job := range jobs {
		if job.Done {
			c.changes.note(regionID, false) // the job's effect is there now
			break
		}
	}
	return jobs, nil
}

// JobByID picks one job out of a JobResult answer.
func JobByID(jobs []Job, jobUUID string) (Job, bool) {
	for _, job := range jobs {
		if job.ID() == jobUUID {
			return job, true
		}
	}
	return Job{}, false
}
