package mockserver

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// storeModel is what a store should hold: the live keys after each batch.
type storeModel struct {
	states []map[string]string // states[i] is the state after i batches
}

func newStoreModel() *storeModel { return &storeModel{states: []map[string]string{{}}} }

func (m *storeModel) apply(ops []storeOp) {
	next := maps.Clone(m.states[len(m.states)-1])
	for _, op := range ops {
		for k := range next {
			if op.Prefix && strings.HasPrefix(k, op.Key) || !op.Prefix && k == op.Key {
				delete(next, k)
			}
		}
		if op.Value != nil && !op.Prefix {
			next[op.Key] = string(op.Value)
		}
	}
	m.states = append(m.states, next)
}

// randomBatch is one to four changes to keys k00..k19, values of up to
// 300 bytes, and now and then every key starting with k1 deleted at once.
func randomBatch(rng *rand.Rand) []storeOp {
	ops := make([]storeOp, 1+rng.IntN(4))
	for i := range ops {
		key := fmt.Sprintf("k%02d", rng.IntN(20))
		switch r := rng.IntN(20); {
		case r == 0:
			ops[i] = storeOp{Key: "k1", Prefix: true}
		case r < 5:
			ops[i] = storeOp{Key: key}
		default:
			ops[i] = storeOp{Key: key, Value: fmt.Appendf(nil, "%q", strings.Repeat("x", rng.IntN(300)))}
		}
	}
	return ops
}

func asStrings(live map[string][]byte) map[string]string {
	out := make(map[string]string, len(live))
	for k, v := range live {
		out[k] = string(v)
	}
	return out
}

func mustOpenStore(t *testing.T, path string, opts storeOptions) (*store, map[string][]byte, storeLoad) {
	t.Helper()
	st, live, load, err := openStore(path, opts)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	return st, live, load
}

// TestStoreKillPoints plays kill -9 at a few hundred seeded points of a run
// of batches, some of them waiting together for one write, with rewrites
// of the file along the way. Each time, opening the file again must give
// the state after some whole number of batches: every acknowledged batch,
// and perhaps some that were written but not yet acknowledged, never a
// part of one. Writing on after the restart must work too.
func TestStoreKillPoints(t *testing.T) {
	const seeds, batches = 300, 80
	dir := t.TempDir()
	fired := map[string]int{}
	for seed := range uint64(seeds) {
		rng := rand.New(rand.NewPCG(seed, 1))
		path := filepath.Join(dir, fmt.Sprintf("state-%d", seed))
		kill := &killSwitch{budget: rng.IntN(40000)}
		model := newStoreModel()
		acked := 0
		st, _, _, err := openStore(path, storeOptions{noSync: true, compactFrom: 2048, kill: kill})
		killedAtOpen := errors.Is(err, errKilled) // while creating the file
		if err != nil && !killedAtOpen {
			t.Fatal(err)
		}
		for !killedAtOpen && len(model.states)-1 < batches {
			group := 1 + rng.IntN(5) // submitted before waiting, so they may share a write
			var last uint64
			for range group {
				ops := randomBatch(rng)
				model.apply(ops)
				last = st.submit(ops)
			}
			if err := st.wait(last); err != nil {
				break
			}
			acked = len(model.states) - 1
		}
		if !killedAtOpen {
			_ = st.close()
		}
		fired[kill.firedAt]++

		st, live, _ := mustOpenStore(t, path, storeOptions{noSync: true})
		got := asStrings(live)
		recovered := -1
		for n := acked; n < len(model.states); n++ {
			if maps.Equal(got, model.states[n]) {
				recovered = n
				break
			}
		}
		if recovered < 0 {
			t.Fatalf("seed %d (killed at %q): the state after restart is not the state after %d or more whole batches of %d:\n%v",
				seed, kill.firedAt, acked, len(model.states)-1, got)
		}

		// Write on from what was recovered, and read it back again.
		model.states = model.states[:recovered+1]
		for range 3 {
			ops := randomBatch(rng)
			model.apply(ops)
			if err := st.wait(st.submit(ops)); err != nil {
				t.Fatalf("seed %d: write after restart: %v", seed, err)
			}
		}
		if err := st.close(); err != nil {
			t.Fatalf("seed %d: close: %v", seed, err)
		}
		_, live, _ = mustOpenStore(t, path, storeOptions{noSync: true})
		if want := model.states[len(model.states)-1]; !maps.Equal(asStrings(live), want) {
			t.Fatalf("seed %d: after writing on from the restart:\ngot  %v\nwant %v", seed, asStrings(live), want)
		}
	}
	// The seeds must reach every kind of kill point, or the test proves less
	// than it says.
	for _, where := range []string{"append", "rewrite", "rename"} {
		if fired[where] == 0 {
			t.Errorf("no seed killed the store during %s; kill points: %v", where, fired)
		}
	}
	t.Logf("kill points: %v", fired)
}

func TestStoreRoundTrip(t *testing.T) {
	tests := []struct {
		name        string
		compactFrom int
	}{
		{"log only", 1 << 30},
		{"rewritten often", 512},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "state")
			st, live, load := mustOpenStore(t, path, storeOptions{compactFrom: tt.compactFrom})
			if !load.created || len(live) != 0 {
				t.Fatalf("a new state file: created %t, %d keys", load.created, len(live))
			}
			model := newStoreModel()
			rng := rand.New(rand.NewPCG(7, 7))
			for range 200 {
				ops := randomBatch(rng)
				model.apply(ops)
				st.submit(ops)
			}
			if err := st.wait(st.submit(nil)); err != nil {
				t.Fatal(err)
			}
			if err := st.close(); err != nil {
				t.Fatal(err)
			}
			_, live, load = mustOpenStore(t, path, storeOptions{})
			if want := model.states[len(model.states)-1]; load.created || !maps.Equal(asStrings(live), want) {
				t.Errorf("reopened: created %t\ngot  %v\nwant %v", load.created, asStrings(live), want)
			}
			if info, err := os.Stat(path); err == nil && tt.compactFrom < 1<<20 && info.Size() > 32<<10 {
				t.Errorf("the file was not rewritten: %d bytes for %d live keys", info.Size(), len(live))
			}
		})
	}
}

// writeState makes a state file holding two records.
func writeState(t *testing.T) (path string, data []byte) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "state")
	st, _, _ := mustOpenStore(t, path, storeOptions{})
	st.submit([]storeOp{{Key: "a", Value: []byte(`"one"`)}})
	if err := st.wait(st.submit([]storeOp{{Key: "b", Value: []byte(`"two"`)}})); err != nil {
		t.Fatal(err)
	}
	if err := st.close(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return path, data
}

func TestStoreRefusesWhatItCannotRead(t *testing.T) {
	firstRecord := len(storeMagic)
	tests := []struct {
		name    string
		damage  func(data []byte) []byte
		wantErr string
	}{
		{"not a state file", func([]byte) []byte { return []byte(`{"images":[]}`) }, "not a didiyun-mock state file"},
		{"magic cut short", func(data []byte) []byte { return data[:5] }, "not a didiyun-mock state file"},
		{"a record's length damaged", func(data []byte) []byte { data[firstRecord] ^= 0x40; return data }, "corrupt at byte 22: the record length"},
		{"a record's payload damaged", func(data []byte) []byte { data[firstRecord+recordHeaderSize+3] ^= 1; return data }, "corrupt at byte 22: the record fails its checksum"},
		{"a valid frame around bad JSON", func([]byte) []byte { return appendFrame([]byte(storeMagic), []byte(`[{"k":`)) }, "corrupt at byte 22: unexpected end of JSON input"},
		{"a change without a key", func([]byte) []byte { return appendFrame([]byte(storeMagic), []byte(`[{}]`)) }, "corrupt at byte 22: a change without a key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path, data := writeState(t)
			damaged := tt.damage(bytes.Clone(data))
			if err := os.WriteFile(path, damaged, 0o600); err != nil {
				t.Fatal(err)
			}
			_, _, _, err := openStore(path, storeOptions{})
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.Contains(err.Error(), path) {
				t.Fatalf("open: %v, want an error naming %s and saying %q", err, path, tt.wantErr)
			}
			if after, _ := os.ReadFile(path); !bytes.Equal(after, damaged) {
				t.Error("a failed open changed the file")
			}
		})
	}
}

func TestStoreDropsAWriteCutShort(t *testing.T) {
	path, data := writeState(t)
	cut := appendRecord(nil, []storeOp{{Key: "c", Value: []byte(`"three"`)}})
	for _, keep := range []int{1, recordHeaderSize - 1, recordHeaderSize, len(cut) - 1} {
		if err := os.WriteFile(path, append(bytes.Clone(data), cut[:keep]...), 0o600); err != nil {
			t.Fatal(err)
		}
		st, live, load := mustOpenStore(t, path, storeOptions{})
		if load.droppedBytes != keep || len(live) != 2 || live["c"] != nil {
			t.Errorf("kept %d bytes of a record: dropped %d, live %v", keep, load.droppedBytes, asStrings(live))
		}
		_ = st.close()
		if after, _ := os.ReadFile(path); !bytes.Equal(after, data) {
			t.Errorf("kept %d bytes of a record: the file was not cut back to its whole records", keep)
		}
	}
}

func TestStoreEmptyFileIsNew(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	st, live, load := mustOpenStore(t, path, storeOptions{})
	t.Cleanup(func() { _ = st.close() })
	if !load.created || len(live) != 0 {
		t.Errorf("an empty file: created %t, %d keys", load.created, len(live))
	}
}

func TestStoreInUse(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no lock on Windows")
	}
	path := filepath.Join(t.TempDir(), "state")
	st, _, _ := mustOpenStore(t, path, storeOptions{})
	if _, _, _, err := openStore(path, storeOptions{}); err == nil || !strings.Contains(err.Error(), "in use by another didiyun-mock") {
		t.Errorf("a second open: %v", err)
	}
	_ = st.close()
	st, _, _ = mustOpenStore(t, path, storeOptions{})
	_ = st.close()
}
