package store

import (
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// model applies ops as the store should, to compare with what it loads.
func model(state map[string]string, ops []Op) {
	for _, op := range ops {
		switch {
		case op.Prefix:
			maps.DeleteFunc(state, func(k, _ string) bool { return strings.HasPrefix(k, op.Key) })
		case op.Value == nil:
			delete(state, op.Key)
		default:
			state[op.Key] = string(op.Value)
		}
	}
}

func randomOps(rng *rand.Rand) []Op {
	ops := make([]Op, 1+rng.IntN(4))
	for i := range ops {
		key := fmt.Sprintf("a%d/k%d", rng.IntN(3), rng.IntN(20))
		switch r := rng.IntN(20); {
		case r == 0:
			ops[i] = Op{Key: key[:2], Prefix: true}
		case r < 6:
			ops[i] = Op{Key: key}
		default:
			ops[i] = Op{Key: key, Value: fmt.Appendf(nil, "v%d", rng.Int())}
		}
	}
	return ops
}

func mustOpen(t *testing.T, path string) (*Store, map[string]string, bool) {
	t.Helper()
	st, live, created, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for k, v := range live {
		got[k] = string(v)
	}
	return st, got, created
}

// Writers submit in turn, as the mock does under its lock, and wait at
// the same time, sharing transactions: what a reopen loads is every batch
// applied in the order submitted.
func TestConcurrentWritersKeepTheirOrder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state")
	st, live, created := mustOpen(t, path)
	if !created || len(live) != 0 {
		t.Fatalf("a new file: created %t, %d keys", created, len(live))
	}
	want := map[string]string{}
	var order sync.Mutex // the mock's lock: changes are made and submitted in turn
	var wg sync.WaitGroup
	for w := range uint64(8) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(w, 1))
			for range 200 {
				ops := randomOps(rng)
				order.Lock()
				model(want, ops)
				seq := st.Submit(ops)
				order.Unlock()
				if err := st.Wait(seq); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	st, got, created := mustOpen(t, path)
	defer func() { _ = st.Close() }()
	if created || !maps.Equal(got, want) {
		t.Errorf("after a reopen (created %t):\n got %v\nwant %v", created, got, want)
	}
}

// A reader that saw a change waits for it: Submit without ops names the
// last batch queued.
func TestReaderWaitsForWhatItSaw(t *testing.T) {
	st, _, _ := mustOpen(t, filepath.Join(t.TempDir(), "state"))
	defer func() { _ = st.Close() }()
	seq := st.Submit([]Op{{Key: "k", Value: []byte("v")}})
	if got := st.Submit(nil); got != seq {
		t.Fatalf("Submit(nil) = %d, want the last batch %d", got, seq)
	}
	if err := st.Wait(st.Submit(nil)); err != nil {
		t.Fatal(err)
	}
	if done, _ := st.reached(seq); !done {
		t.Error("the batch the reader saw is not synced after its wait")
	}
}

func TestOpenRefusesWhatItCannotRead(t *testing.T) {
	foreign := func(t *testing.T, path string) {
		db, err := bolt.Open(path, 0o600, nil)
		if err == nil {
			err = db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("other")); return err })
		}
		if err == nil {
			err = db.Close()
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	wrongFormat := func(t *testing.T, path string) {
		st, _, _ := mustOpen(t, path)
		_ = st.Close()
		db, err := bolt.Open(path, 0o600, nil)
		if err == nil {
			err = db.Update(func(tx *bolt.Tx) error { return tx.Bucket(metaBucket).Put(formatKey, []byte("v9")) })
		}
		if err == nil {
			err = db.Close()
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	content := func(data string) func(*testing.T, string) {
		return func(t *testing.T, path string) {
			if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
	tests := []struct {
		name    string
		make    func(*testing.T, string)
		wantErr string
	}{
		{"garbage", content(strings.Repeat("not a database\n", 1000)), "not a didiyun-mock state file (invalid database)"},
		{"the old log", content(oldFormat + "\x00\x00\x00\x09"), "written by an older didiyun-mock (an append-only log), which this one cannot read; to start afresh, move it away or delete it (rm "},
		{"another program's bbolt file", foreign, "a bbolt file, but not a didiyun-mock state file"},
		{"another format", wrongFormat, `format "v9", want "didiyun-mock state v2"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "state")
			tt.make(t, path)
			before, _ := os.ReadFile(path)
			_, _, _, err := Open(path)
			if err == nil || !strings.HasPrefix(err.Error(), "state file "+path+": ") || !strings.Contains(err.Error(), tt.wantErr) || strings.Contains(err.Error(), "\n") {
				t.Errorf("Open: %v\nwant one line naming %s and saying %q", err, path, tt.wantErr)
			}
			if after, _ := os.ReadFile(path); string(after) != string(before) {
				t.Error("the failed open changed the file")
			}
		})
	}
}

func TestEmptyFileIsNew(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	st, live, created := mustOpen(t, path)
	defer func() { _ = st.Close() }()
	if !created || len(live) != 0 {
		t.Errorf("an empty file: created %t, %d keys", created, len(live))
	}
}

// A second store on the same file is refused, naming the file and the
// holder's pid; once the first is closed the file opens again.
func TestSecondOpenIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state")
	st, _, _ := mustOpen(t, path)
	_, _, _, err := Open(path)
	want := fmt.Sprintf("state file %s: in use by another didiyun-mock (pid %d); stop it, or give this one another -state-file", path, os.Getpid())
	if err == nil || err.Error() != want {
		t.Errorf("second Open: %v\nwant %s", err, want)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	st, _, _ = mustOpen(t, path)
	_ = st.Close()
}

func TestAfterCloseNothingIsDurable(t *testing.T) {
	st, _, _ := mustOpen(t, filepath.Join(t.TempDir(), "state"))
	seq := st.Submit([]Op{{Key: "k", Value: []byte("v")}})
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	if err := st.Wait(seq); err != nil {
		t.Errorf("a batch submitted before Close: %v", err)
	}
	if err := st.Wait(st.Submit([]Op{{Key: "late", Value: []byte("v")}})); !errors.Is(err, ErrClosed) {
		t.Errorf("a batch after Close: %v, want ErrClosed", err)
	}
}

func TestFailedWriteSticks(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state")
	st, _, _ := mustOpen(t, path)
	full := errors.New("disk full")
	st.FailWrites(full)
	err := st.Wait(st.Submit([]Op{{Key: "k", Value: []byte("v")}}))
	if !errors.Is(err, full) || !strings.Contains(err.Error(), path) {
		t.Errorf("Wait: %v, want the write's error naming %s", err, path)
	}
	st.FailWrites(nil)
	if err := st.Wait(st.Submit([]Op{{Key: "k2", Value: []byte("v")}})); !errors.Is(err, full) {
		t.Errorf("after a failed write: %v, want it again", err)
	}
	_ = st.Close()
	st, live, _ := mustOpen(t, path)
	defer func() { _ = st.Close() }()
	if len(live) != 0 {
		t.Errorf("what failed was kept: %v", live)
	}
}
