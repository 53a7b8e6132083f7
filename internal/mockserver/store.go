package mockserver

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"strings"
	"sync"
)

// store keeps the mock's state in one file that survives kill -9: an
// append-only log of batches of key changes, rewritten (compacted) once it
// is twice the size of the live data it holds. Writers wait for their batch to be
// written and synced before they answer, and batches that queue up while
// one is being synced share the next sync (group commit), so durability
// costs one sync per burst, not one per request, and never a rewrite of the
// whole file per change. The file format is in store_format.go.
type store struct {
	path string
	lock *os.File // the .lock file held while open; nil where locks are not supported
	storeOptions

	mu   sync.Mutex
	cond *sync.Cond
	// live is every key and value as of the last submitted batch; a
	// compaction writes it out.
	live      map[string][]byte
	liveBytes int
	pending   []byte // encoded records submitted but not yet written
	submitted uint64 // sequence number of the last submitted batch
	durable   uint64 // every batch up to this one is written and synced
	err       error  // sticky: once a write fails nothing more is written
	closing   bool
	done      chan struct{} // closed when the writer has stopped

	// Owned by the writer goroutine.
	file     *os.File // the log, open for appending
	logBytes int64    // the file's size
}

// storeOptions are for tests; the zero value is what the mock uses.
type storeOptions struct {
	noSync bool // skip fsync: a kill -9 loses nothing the kernel has, only a crash of the machine does
	// compactFrom is the least the file grows before it is rewritten;
	// defaultCompactFrom when zero. The file is rewritten once it is
	// larger than both this and twice the live data.
	compactFrom int
	kill        *killSwitch
}

// storeOp is one change in a batch: put Key = Value, delete Key (no Value),
// or delete every key starting with Key (Prefix).
type storeOp struct {
	Key    string          `json:"k"`
	Value  json.RawMessage `json:"v,omitempty"`
	Prefix bool            `json:"p,omitempty"`
}

// storeLoad says what opening found, for the command's banner.
type storeLoad struct {
	created      bool // there was no state file, or an empty one
	droppedBytes int  // an unfinished write at the end, never acknowledged
}

// defaultCompactFrom is the least a log grows before it is rewritten.
const defaultCompactFrom = 1 << 20

// errStoreClosed answers writes after close.
var errStoreClosed = errors.New("the state file is closed")

// openStore loads path, creating it when missing, and starts the writer.
// Anything it cannot read fails the open with an error naming path: the
// mock must never start empty over a state file it did not understand.
func openStore(path string, opts storeOptions) (*store, map[string][]byte, storeLoad, error) {
	lock, err := lockStateFile(path)
	if err != nil {
		return nil, nil, storeLoad{}, err
	}
	if opts.compactFrom == 0 {
		opts.compactFrom = defaultCompactFrom
	}
	st := &store{path: path, lock: lock, storeOptions: opts, done: make(chan struct{})}
	st.cond = sync.NewCond(&st.mu)
	live, load, err := st.recover()
	if err != nil {
		st.unlock()
		return nil, nil, storeLoad{}, fmt.Errorf("state file %s: %w", path, err)
	}
	st.live = live
	for k, v := range live {
		st.liveBytes += entrySize(k, v)
	}
	go st.writer()
	return st, maps.Clone(live), load, nil // values are never modified in place
}

// recover reads the file, drops an unfinished write at its end and opens
// it for appending.
func (st *store) recover() (map[string][]byte, storeLoad, error) {
	_ = os.Remove(st.compactPath()) // a rewrite cut short; the log is still whole
	data, err := os.ReadFile(st.path)
	if errors.Is(err, os.ErrNotExist) || err == nil && len(data) == 0 {
		if err := st.rewrite(nil); err != nil {
			return nil, storeLoad{}, err
		}
		return map[string][]byte{}, storeLoad{created: true}, nil
	}
	if err != nil {
		return nil, storeLoad{}, err
	}
	live, good, err := decodeLog(data)
	if err != nil {
		return nil, storeLoad{}, err
	}
	load := storeLoad{droppedBytes: len(data) - good}
	if load.droppedBytes > 0 {
		if err := os.Truncate(st.path, int64(good)); err != nil {
			return nil, storeLoad{}, err
		}
	}
	if st.file, err = os.OpenFile(st.path, os.O_WRONLY|os.O_APPEND, 0); err != nil {
		return nil, storeLoad{}, err
	}
	st.logBytes = int64(good)
	return live, load, nil
}

// submit queues a batch and returns its sequence number; with no ops it
// returns the last one queued, so a reader can wait until what it saw is
// durable. Callers submit in the order the changes were made. A batch the
// store can no longer write gets a number that never becomes durable, so
// its wait reports why.
func (st *store) submit(ops []storeOp) uint64 {
	st.mu.Lock()
	defer st.mu.Unlock()
	if len(ops) == 0 {
		return st.submitted
	}
	if st.err != nil || st.closing {
		return st.submitted + 1
	}
	for _, op := range ops {
		st.apply(op)
	}
	st.pending = appendRecord(st.pending, ops)
	st.submitted++
	st.cond.Broadcast()
	return st.submitted
}

// apply updates live with one op. Callers hold st.mu.
func (st *store) apply(op storeOp) {
	for _, key := range affectedKeys(st.live, op) {
		st.liveBytes -= entrySize(key, st.live[key])
		delete(st.live, key)
	}
	if op.Value != nil && !op.Prefix {
		st.live[op.Key] = op.Value
		st.liveBytes += entrySize(op.Key, op.Value)
	}
}

// wait blocks until batch seq is durable, or the store has failed.
func (st *store) wait(seq uint64) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	for st.durable < seq && st.err == nil {
		st.cond.Wait()
	}
	if st.durable >= seq {
		return nil
	}
	return st.err
}

// writer writes what is pending, one sync per turn, and rewrites the file
// when the log has grown past the live data.
func (st *store) writer() {
	defer close(st.done)
	for {
		st.mu.Lock()
		for len(st.pending) == 0 && !st.closing && st.err == nil {
			st.cond.Wait()
		}
		if st.err != nil || len(st.pending) == 0 && st.closing {
			st.mu.Unlock()
			return
		}
		batch, upto := st.pending, st.submitted
		st.pending = nil
		var snapshot map[string][]byte
		if st.logBytes+int64(len(batch)) > int64(max(st.compactFrom, 2*st.liveBytes)) {
			snapshot = maps.Clone(st.live) // as of upto: the batch is in it
		}
		st.mu.Unlock()

		var err error
		if snapshot != nil {
			err = st.rewrite(snapshot) // holds the batch: no need to append it
		} else {
			err = st.append(batch)
		}

		st.mu.Lock()
		if err != nil {
			st.err = fmt.Errorf("state file %s: %w", st.path, err)
		} else {
			st.durable = upto
		}
		st.cond.Broadcast()
		st.mu.Unlock()
	}
}

// append writes encoded records at the end of the log and syncs them.
func (st *store) append(batch []byte) error {
	n, killed := st.kill.allow("append", len(batch))
	if _, err := st.file.Write(batch[:n]); err != nil {
		return err
	}
	if killed {
		return errKilled
	}
	st.logBytes += int64(n)
	if st.noSync {
		return nil
	}
	return st.file.Sync()
}

// rewrite replaces the file with one holding live alone, through a synced
// temporary file and a rename, so a kill at any point leaves either the old
// file or the new one, whole.
func (st *store) rewrite(live map[string][]byte) error {
	data := encodeLog(live)
	tmp, err := os.OpenFile(st.compactPath(), os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	n, killed := st.kill.allow("rewrite", len(data))
	_, err = tmp.Write(data[:n])
	if err == nil && !killed && !st.noSync {
		err = tmp.Sync()
	}
	if closeErr := tmp.Close(); err == nil {
		err = closeErr
	}
	if err == nil && killed {
		err = errKilled
	}
	if err != nil {
		return err
	}
	if st.file != nil {
		// Windows cannot rename over an open file.
		if err := st.file.Close(); err != nil {
			return err
		}
		st.file = nil
	}
	if _, killed := st.kill.allow("rename", renameCost); killed {
		return errKilled
	}
	if err := os.Rename(st.compactPath(), st.path); err != nil {
		return err
	}
	if !st.noSync {
		if err := syncDir(st.path); err != nil {
			return err
		}
	}
	if st.file, err = os.OpenFile(st.path, os.O_WRONLY|os.O_APPEND, 0); err != nil {
		return err
	}
	st.logBytes = int64(len(data))
	return nil
}

// close writes what is pending and releases the file. After close every
// wait returns, and later batches fail with errStoreClosed.
func (st *store) close() error {
	st.mu.Lock()
	st.closing = true
	st.cond.Broadcast()
	st.mu.Unlock()
	<-st.done

	st.mu.Lock()
	err := st.err
	if st.err == nil {
		st.err = errStoreClosed
	}
	st.cond.Broadcast()
	st.mu.Unlock()
	if st.file != nil {
		if closeErr := st.file.Close(); err == nil {
			err = closeErr
		}
	}
	st.unlock()
	return err
}

func (st *store) unlock() {
	if st.lock != nil {
		_ = st.lock.Close() // closing the descriptor releases the lock
	}
}

func (st *store) compactPath() string { return st.path + ".compacting" }

// entrySize is about what a key takes in a rewritten file: the key, the
// value and the JSON around them.
func entrySize(key string, value []byte) int { return len(key) + len(value) + 16 }

// affectedKeys lists the keys an op removes or replaces.
func affectedKeys(live map[string][]byte, op storeOp) []string {
	if !op.Prefix {
		if _, ok := live[op.Key]; ok {
			return []string{op.Key}
		}
		return nil
	}
	var keys []string
	for key := range live {
		if strings.HasPrefix(key, op.Key) {
			keys = append(keys, key)
		}
	}
	return keys
}
