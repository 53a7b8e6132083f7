package cloud

import (
	"crypto/rand"
	"encoding/hex"
)

// NewUUID returns 32 random lowercase hex characters, the shape of every
// didiyun uuid and requestId. Ids come from crypto/rand rather than the seeded
// source, so a restarted mock never hands out an id an old state file knows
// and fault rolls do not depend on how many ids were made.
func NewUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand docs)
	return hex.EncodeToString(b[:])
}

// newCIMGID returns an id like "cimg-cy58anir", as in the ListCIMG example.
func newCIMGID() string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	var b [8]byte
	_, _ = rand.Read(b[:])
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return "cimg-" + string(b[:])
}
