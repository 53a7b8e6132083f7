package mockserver

import "time"

// DefaultJobRetention is how long a finished job stays for JobResult when
// Options.JobRetention is zero. Pruning keeps a long-running mock's memory
// flat: only the jobs of the last hour are kept, however many ran before.
const DefaultJobRetention = time.Hour

// pruneJobs forgets jobs that finished more than the retention ago; asking
// JobResult about one then fails as for any unknown job. A job finishes
// when its duration is up, whether or not anyone looked then; the oldest
// are first in a.finished. Callers hold s.mu.
func (s *Server) pruneJobs(a *account, now time.Time) {
	if s.opts.JobRetention < 0 {
		return
	}
	n := 0
	for _, j := range a.finished {
		if now.Sub(j.finishedAt) <= s.opts.JobRetention {
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
