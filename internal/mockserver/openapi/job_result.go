package openapi

import (
	"net/url"
	"strings"
)

// jobResult reports on many jobs at once. One unknown uuid fails the whole
// call, so clients must cope with a strict server; another account's job is
// as unknown as one that never ran, and so is a job JobResult has not learnt
// of yet with JobResultLagErrno (with JobResultLagOmit it is left out).
func jobResult(c *call) Reply {
	target, rep := resolveRegion(c, c.Query.Get("regionId"), false)
	if rep != nil {
		return *rep
	}
	uuids := JobUUIDsIn(c.Query)
	if len(uuids) == 0 {
		return invalid("jobUuids is required: job uuids joined with commas")
	}
	jobs, missing := c.acct.JobResults(target.ID, uuids)
	if missing != "" {
		return invalid("job %s not found in region %s", missing, target.ID)
	}
	return okReply(jobs)
}

// JobUUIDsIn reads jobUuids, comma-separated and possibly repeated.
func JobUUIDsIn(query url.Values) []string {
	var uuids []string
	for _, value := range query["jobUuids"] {
		for _, uuid := range strings.Split(value, ",") {
			if uuid = strings.TrimSpace(uuid); uuid != "" {
				uuids = append(uuids, uuid)
			}
		}
	}
	return uuids
}
