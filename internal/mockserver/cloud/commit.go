package cloud

import (
	"errors"
	"sort"

	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver/store"
)

// Every update ends by handing what it changed to the store, in the order
// the changes were made (commitLocked, under c.mu), then, with the lock
// released so other updates can share the transaction, by waiting until
// the file has it (wait). An update that changed nothing still waits for
// the changes it saw, so no answer shows what a kill could take back.

// commitLocked queues the changes made since the last commit and returns
// the batch to wait for. Callers hold c.mu (or own c).
func (c *Cloud) commitLocked() uint64 {
	var ops []store.Op
	if c.replaced {
		ops = append(ops, store.Op{Key: "", Prefix: true})
		c.replaced = false
	}
	for _, a := range c.accounts {
		if a.changed.empty() {
			continue
		}
		if c.store != nil {
			ops = append(ops, a.changeOps()...)
		}
		a.changed.reset()
	}
	if c.store == nil {
		return 0
	}
	return c.store.Submit(ops)
}

// wait waits until batch seq is in the state file.
func (c *Cloud) wait(seq uint64) error {
	if c.store == nil {
		return nil
	}
	err := c.store.Wait(seq)
	if err != nil && !errors.Is(err, store.ErrClosed) && c.cfg.OnWriteError != nil {
		c.cfg.OnWriteError(err)
	}
	return err
}

// changeOps turns what changed in an account into store changes: each
// changed record written whole, or deleted when it is gone.
func (a *Account) changeOps() []store.Op {
	var ops []store.Op
	if a.changed.all {
		ops = append(ops, store.Op{Key: a.id + "/", Prefix: true}, putOp(accountKey(a.id), accountDoc{}))
		for _, snap := range sortedSnapshots(a.snapshots) {
			ops = append(ops, putOp(snapshotKey(a.id, snap.UUID), snap))
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
			ops = append(ops, putOp(imageKey(a.id, uuid), imageDoc{Image: rec.img, JobID: rec.jobID, MadeAt: rec.madeAt}))
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

func sortedSnapshots(snaps map[string]Snapshot) []Snapshot {
	out := make([]Snapshot, 0, len(snaps))
	for _, snap := range snaps {
		out = append(out, snap)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].UUID < out[j].UUID })
	return out
}
