// Package store keeps the mock's state in a bbolt file: keys and values it
// neither reads nor interprets, written in the order they were submitted.
// Every write is synced before the writers that queued it hear so, and
// writers that wait at the same time share one transaction and one sync
// (bbolt's DB.Batch).
package store

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Op is one change: put Key = Value, delete Key (Value nil), or delete
// every key starting with Key (Prefix).
type Op struct {
	Key    string
	Value  []byte
	Prefix bool
}

// Store is one open state file. Safe for concurrent use.
type Store struct {
	path string
	db   *bolt.DB

	mu      sync.Mutex
	queue   []batch // submitted and not yet known to be synced, in order
	last    uint64  // the last batch submitted
	durable uint64  // every batch up to this one is synced
	err     error   // sticky: once a write failed, or after Close
	failAll error   // see FailWrites
	// The write transaction running now, if it has the queue, and the
	// last batch it holds; bbolt runs one at a time.
	written *bolt.Tx
	upto    uint64
}

type batch struct {
	seq uint64
	ops []Op
}

// ErrClosed answers waits after Close.
var ErrClosed = errors.New("the state file is closed")

// batchDelay is how long bbolt gathers writers into one transaction: about
// one sync, so requests arriving during a sync share the next one.
const batchDelay = time.Millisecond

// Submit queues ops and returns their batch number for Wait; with no ops it
// returns the last one queued, so a reader can wait until what it saw is
// synced. Callers submit in the order the changes were made. After a
// failure or Close the number never becomes durable, so Wait says why.
func (st *Store) Submit(ops []Op) uint64 {
	st.mu.Lock()
	defer st.mu.Unlock()
	if len(ops) == 0 {
		return st.last
	}
	if st.err != nil {
		return st.last + 1
	}
	st.last++
	st.queue = append(st.queue, batch{seq: st.last, ops: ops})
	return st.last
}

// Wait returns once batch seq and every one before it are synced, or the
// error that stops them being so.
func (st *Store) Wait(seq uint64) error {
	for {
		if done, err := st.reached(seq); done || err != nil {
			return err
		}
		var upto uint64 // what the committed transaction held
		err := st.db.Batch(func(tx *bolt.Tx) (err error) {
			upto, err = st.write(tx)
			return err
		})
		st.synced(upto, err)
	}
}

// synced records how a transaction ended.
func (st *Store) synced(upto uint64, err error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if err != nil && st.err == nil {
		st.err = fmt.Errorf("state file %s: %w", st.path, err)
	}
	if err == nil && upto > st.durable {
		st.durable = upto
		n, _ := slices.BinarySearchFunc(st.queue, upto+1, func(b batch, seq uint64) int { return cmp.Compare(b.seq, seq) })
		st.queue = st.queue[n:] // never moved in place: a write may be reading it
	}
}

func (st *Store) reached(seq uint64) (bool, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.durable >= seq {
		return true, nil
	}
	return false, st.err
}

// write puts every queued batch into tx, in order, and returns the last
// it put. bbolt calls it once per waiting writer, all in one transaction,
// and again if that transaction is retried; only the first call in a
// transaction writes. Writing a batch again that an earlier transaction
// held is harmless: each op sets a key to its final value or deletes it.
func (st *Store) write(tx *bolt.Tx) (uint64, error) {
	st.mu.Lock()
	if st.written == tx {
		defer st.mu.Unlock()
		return st.upto, nil
	}
	queue, upto, fail := st.queue, st.last, st.failAll
	st.mu.Unlock()
	if fail != nil {
		return 0, fail
	}
	b := tx.Bucket(stateBucket)
	for _, q := range queue {
		for _, op := range q.ops {
			if err := apply(b, op); err != nil {
				return 0, err
			}
		}
	}
	st.mu.Lock()
	st.written, st.upto = tx, upto
	st.mu.Unlock()
	return upto, nil
}

func apply(b *bolt.Bucket, op Op) error {
	switch {
	case op.Prefix:
		var keys [][]byte
		c := b.Cursor()
		for k, _ := c.Seek([]byte(op.Key)); k != nil && strings.HasPrefix(string(k), op.Key); k, _ = c.Next() {
			keys = append(keys, slices.Clone(k))
		}
		for _, k := range keys {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
		return nil
	case op.Value == nil:
		return b.Delete([]byte(op.Key))
	default:
		return b.Put([]byte(op.Key), op.Value)
	}
}

// Close syncs what is queued and releases the file. Later waits return
// ErrClosed.
func (st *Store) Close() error {
	st.mu.Lock()
	last := st.last
	st.mu.Unlock()
	err := st.Wait(last)
	st.mu.Lock()
	if st.err == nil {
		st.err = ErrClosed
	}
	st.mu.Unlock()
	removeHolder(st.path)
	if closeErr := st.db.Close(); err == nil {
		err = closeErr
	}
	return err
}

// FailWrites makes every later write fail with err, as a full disk would;
// for tests of what the mock does then.
func (st *Store) FailWrites(err error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.failAll = err
}
