package mockserver

import (
	"errors"
	"fmt"
	"sort"

	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver/store"
)

// Every request ends by handing what it changed to the state file, in the
// order the changes were made (commitLocked, under s.mu), then, with the
// lock released so other requests can join the same write, by waiting until
// the file has it (waitDurable) before answering. A request that changed
// nothing still waits for the changes it saw, so no answer shows what a
// kill could take back.

// openStateFile loads the state file over the fresh seed, the accounts it
// holds winning, and writes the seed of the tokens it did not know.
func (s *Server) openStateFile() error {
	st, live, created, err := store.Open(s.opts.StateFile)
	if err != nil {
		return err
	}
	accounts, err := decodeAccounts(live)
	if err != nil {
		_ = st.Close()
		return fmt.Errorf("state file %s: %w", s.opts.StateFile, err)
	}
	s.store, s.created = st, created
	s.replaced = false // the file is kept, not started over
	for id, a := range accounts {
		s.accounts[id] = a
	}
	if err := s.store.Wait(s.commitLocked()); err != nil {
		_ = st.Close()
		return err
	}
	return nil
}

// commitLocked queues the changes made since the last commit and returns
// the sequence number to wait for. Callers hold s.mu (or own s).
func (s *Server) commitLocked() uint64 {
	var ops []store.Op
	if s.replaced {
		ops = append(ops, store.Op{Key: "", Prefix: true})
		s.replaced = false
	}
	for _, a := range s.accounts {
		if a.changed.empty() {
			continue
		}
		if s.store != nil {
			ops = append(ops, a.changeOps()...)
		}
		a.changed.reset()
	}
	if s.store == nil {
		return 0
	}
	return s.store.Submit(ops)
}

// waitDurable waits until batch seq is in the state file.
func (s *Server) waitDurable(seq uint64) error {
	if s.store == nil {
		return nil
	}
	err := s.store.Wait(seq)
	if err != nil && !errors.Is(err, store.ErrClosed) {
		s.writeFailed(err)
	}
	return err
}

// writeFailed records the first failed write and tells OnWriteError.
func (s *Server) writeFailed(err error) {
	s.failOnce.Do(func() {
		s.failure.Store(&err)
		if s.opts.OnWriteError != nil {
			s.opts.OnWriteError(err)
		}
	})
}

// writeFailure is the first failed write, if any.
func (s *Server) writeFailure() error {
	if p := s.failure.Load(); p != nil {
		return *p
	}
	return nil
}

// changeOps turns what changed in an account into state file changes:
// each changed record written whole, or deleted when it is gone.
func (a *account) changeOps() []store.Op {
	var ops []store.Op
	if a.changed.all {
		ops = append(ops, store.Op{Key: a.id + "/", Prefix: true}, putOp(accountKey(a.id), accountDoc{}))
		for _, snap := range sortedSnapshots(a.snapshots) {
			ops = append(ops, putOp(snapshotKey(a.id, snap.uuid), snapshotDocOf(snap)))
		}
		for uuid := range a.images {
			a.changed.image(uuid)
		}
		for uuid := range a.jobs {
			a.changed.job(uuid)
		}
	}
	for uuid := range a.changed.images {
		if rec, ok := a.images[uuid]; ok {
			ops = append(ops, putOp(imageKey(a.id, uuid), imageDoc{Image: rec.img, JobID: rec.jobID}))
		} else {
			ops = append(ops, store.Op{Key: imageKey(a.id, uuid)})
		}
	}
	for uuid := range a.changed.jobs {
		if j, ok := a.jobs[uuid]; ok {
			ops = append(ops, putOp(jobKey(a.id, uuid), jobDocOf(j)))
		} else {
			ops = append(ops, store.Op{Key: jobKey(a.id, uuid)})
		}
	}
	return ops
}

func sortedSnapshots(snaps map[string]snapshot) []snapshot {
	out := make([]snapshot, 0, len(snaps))
	for _, snap := range snaps {
		out = append(out, snap)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].uuid < out[j].uuid })
	return out
}

// StateFileSummary says what opening the state file found, for the
// command's banner: "new", or what it loaded. "" without a state file.
func (s *Server) StateFileSummary() string {
	if s.store == nil {
		return ""
	}
	if s.created {
		return "new"
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	images, running := 0, 0
	for _, a := range s.accounts {
		images += len(a.images)
		running += len(a.running)
	}
	return fmt.Sprintf("loaded %s, %s, %s running", count(len(s.accounts), "account"), count(images, "image"), count(running, "job"))
}

// count says "1 image" or "2 images".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
