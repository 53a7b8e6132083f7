package mockserver

import "errors"

// killSwitch plays kill -9 in tests of the store: once budget bytes have
// been written, the write under way stops where the budget ends and nothing
// more reaches the file, as when the process dies in the middle of a write.
// A rename costs renameCost, so that seeded budgets end on a rename about as
// often as on a write of that size. A nil killSwitch never fires.
type killSwitch struct {
	budget  int
	firedAt string // where it fired: "append", "rewrite" or "rename"
}

const renameCost = 512

var errKilled = errors.New("killed (a test's kill point)")

// allow returns how many of the n bytes a step (where) is about to write
// still get written, and whether the process dies at that point.
func (k *killSwitch) allow(where string, n int) (int, bool) {
	if k == nil {
		return n, false
	}
	if n <= k.budget {
		k.budget -= n
		return n, false
	}
	allowed := k.budget
	k.budget = 0
	if k.firedAt == "" {
		k.firedAt = where
	}
	return allowed, true
}
