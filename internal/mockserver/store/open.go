package store

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

var (
	stateBucket = []byte("state")
	metaBucket  = []byte("meta")
	formatKey   = []byte("format")
)

// format names what the state bucket holds; a file that says otherwise is
// refused rather than misread.
const format = "didiyun-mock state v2"

// oldFormat starts a state file of the mock before bbolt: an append-only
// log it no longer reads.
const oldFormat = "didiyun-mock state v1\n"

// lockTimeout is how long Open waits for another mock to let go of the file.
const lockTimeout = 200 * time.Millisecond

// Open opens path, creating it when missing or empty, and returns what it
// holds. Every error names path: the mock must never start empty over a
// state file it did not understand, nor change one.
func Open(path string) (st *Store, live map[string][]byte, created bool, err error) {
	defer func() {
		if err != nil {
			err = fmt.Errorf("state file %s: %w", path, err)
		}
	}()
	created, err = checkFormat(path)
	if err != nil {
		return nil, nil, false, err
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: lockTimeout})
	if errors.Is(err, berrors.ErrTimeout) {
		return nil, nil, false, inUse(path)
	}
	var pathErr *fs.PathError
	if err != nil && !errors.As(err, &pathErr) {
		return nil, nil, false, fmt.Errorf("not a didiyun-mock state file (%w)", err)
	}
	if err != nil {
		return nil, nil, false, err
	}
	db.MaxBatchDelay = batchDelay
	if created {
		err = db.Update(initialize)
	}
	if err == nil {
		live, err = load(db)
	}
	if err != nil {
		_ = db.Close()
		return nil, nil, false, err
	}
	writeHolder(path)
	return &Store{path: path, db: db}, live, created, nil
}

// checkFormat reports a missing or empty file as new and refuses the old
// log format with a way out.
func checkFormat(path string) (created bool, err error) {
	f, err := os.Open(path) //nolint:gosec // G304: the state file the user named
	if errors.Is(err, os.ErrNotExist) {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	defer func() { _ = f.Close() }() // read only
	head := make([]byte, len(oldFormat))
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return false, err
	}
	if bytes.Equal(head[:n], []byte(oldFormat)) {
		return false, fmt.Errorf("written by an older didiyun-mock (an append-only log), which this one cannot read; to start afresh, move it away or delete it (rm %s)", path)
	}
	return n == 0, nil
}

func initialize(tx *bolt.Tx) error {
	meta, err := tx.CreateBucket(metaBucket)
	if err != nil {
		return err
	}
	if _, err := tx.CreateBucket(stateBucket); err != nil {
		return err
	}
	return meta.Put(formatKey, []byte(format))
}

// load reads every key, after checking the file is a state file at all.
func load(db *bolt.DB) (map[string][]byte, error) {
	live := map[string][]byte{}
	err := db.View(func(tx *bolt.Tx) error {
		meta, state := tx.Bucket(metaBucket), tx.Bucket(stateBucket)
		if meta == nil || state == nil {
			return errors.New("a bbolt file, but not a didiyun-mock state file")
		}
		if got := string(meta.Get(formatKey)); got != format {
			return fmt.Errorf("format %q, want %q", got, format)
		}
		return state.ForEach(func(k, v []byte) error {
			live[string(k)] = bytes.Clone(v) // bbolt's bytes live only as long as tx
			return nil
		})
	})
	return live, err
}

// The holder file beside the state file names the pid of the mock that
// holds it, for the message a second mock gets. The lock itself is bbolt's
// flock, which the kernel drops with the process, even after kill -9; a
// stale holder file is only ever read while someone holds the lock.
func holderPath(path string) string { return path + ".pid" }

func writeHolder(path string) {
	_ = os.WriteFile(holderPath(path), []byte(strconv.Itoa(os.Getpid())+"\n"), 0o600) // only for a message
}

func removeHolder(path string) { _ = os.Remove(holderPath(path)) }

func inUse(path string) error {
	holder := "another didiyun-mock"
	if data, err := os.ReadFile(holderPath(path)); err == nil {
		if pid, err := strconv.Atoi(strings.TrimSpace(string(data))); err == nil {
			holder = fmt.Sprintf("another didiyun-mock (pid %d)", pid)
		}
	}
	return fmt.Errorf("in use by %s; stop it, or give this one another -state-file", holder)
}
