package cloud

import "time"

// pruneJobs forgets jobs that finished more than the retention ago; asking
// JobResult about one then fails as for any unknown job. A job finishes
// when its duration is up, whether or not anyone looked then; the oldest
// are first in a.finished.
func (a *Account) pruneJobs(now time.Time) {
	if a.c.cfg.JobRetention < 0 {
		return
	}
	n := 0
	for _, j := range a.finished {
		if now.Sub(j.finishedAt) <= a.c.cfg.JobRetention {
			break
		}
		n++
		if a.jobs[j.view.JobUUID] == j {
			delete(a.jobs, j.view.JobUUID)
			a.changed.job(j.view.JobUUID)
		}
	}
	clear(a.finished[:n]) // let the pruned jobs go before append reallocates
	a.finished = a.finished[n:]
}
