package mockserver

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"slices"
)

// A state file is storeMagic, then records. A record is a batch of storeOps
// as a JSON array, framed as
//
//	uint32 length of the payload, little-endian
//	CRC-32C of those 4 bytes
//	CRC-32C of the payload
//	payload
//
// A kill -9 can only cut the last record short, since records are only ever
// appended: a record that ends early is dropped (it was never acknowledged),
// while a checksum that does not match, anywhere, is corruption and stops
// the load. The length has a checksum of its own so that a damaged length
// cannot pass for a record cut short and hide the records after it.
const storeMagic = "didiyun-mock state v1\n"

const (
	recordHeaderSize = 12
	// maxRecordSize bounds one record; larger lengths are corruption.
	maxRecordSize = 64 << 20
	// snapshotRecordOps is how many keys one record of a rewritten file holds.
	snapshotRecordOps = 256
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// appendRecord frames ops as one record at the end of buf.
func appendRecord(buf []byte, ops []storeOp) []byte {
	payload, err := json.Marshal(ops)
	if err != nil {
		panic(fmt.Sprintf("mockserver: encode state record: %v", err)) // only our own JSON goes in
	}
	return appendFrame(buf, payload)
}

// appendFrame puts the header in front of payload.
func appendFrame(buf, payload []byte) []byte {
	var header [recordHeaderSize]byte
	binary.LittleEndian.PutUint32(header[0:4], uint32(len(payload))) //nolint:gosec // G115: a batch of a few changes is far below 4 GiB
	binary.LittleEndian.PutUint32(header[4:8], crc32.Checksum(header[0:4], castagnoli))
	binary.LittleEndian.PutUint32(header[8:12], crc32.Checksum(payload, castagnoli))
	buf = append(buf, header[:]...)
	return append(buf, payload...)
}

// encodeLog writes live as a whole state file, keys in order.
func encodeLog(live map[string][]byte) []byte {
	keys := make([]string, 0, len(live))
	for k := range live {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	buf := []byte(storeMagic)
	for chunk := range slices.Chunk(keys, snapshotRecordOps) {
		ops := make([]storeOp, len(chunk))
		for i, k := range chunk {
			ops[i] = storeOp{Key: k, Value: live[k]}
		}
		buf = appendRecord(buf, ops)
	}
	return buf
}

// decodeLog replays a state file. It returns the live keys and how many
// bytes hold whole records; the rest is a record cut short by a kill.
func decodeLog(data []byte) (live map[string][]byte, good int, err error) {
	if !bytes.HasPrefix(data, []byte(storeMagic)) {
		return nil, 0, fmt.Errorf("not a didiyun-mock state file: it does not start with %q", storeMagic)
	}
	st := &store{live: map[string][]byte{}}
	off := len(storeMagic)
	for off < len(data) {
		rest := data[off:]
		if len(rest) < recordHeaderSize {
			break // cut short
		}
		n := binary.LittleEndian.Uint32(rest[0:4])
		if crc32.Checksum(rest[0:4], castagnoli) != binary.LittleEndian.Uint32(rest[4:8]) {
			return nil, 0, fmt.Errorf("corrupt at byte %d: the record length fails its checksum", off)
		}
		if n > maxRecordSize {
			return nil, 0, fmt.Errorf("corrupt at byte %d: a record of %d bytes", off, n)
		}
		if len(rest) < recordHeaderSize+int(n) {
			break // cut short
		}
		payload := rest[recordHeaderSize : recordHeaderSize+int(n)]
		if crc32.Checksum(payload, castagnoli) != binary.LittleEndian.Uint32(rest[8:12]) {
			return nil, 0, fmt.Errorf("corrupt at byte %d: the record fails its checksum", off)
		}
		var ops []storeOp
		if err := json.Unmarshal(payload, &ops); err != nil {
			return nil, 0, fmt.Errorf("corrupt at byte %d: %w", off, err)
		}
		for _, op := range ops {
			if op.Value == nil && !op.Prefix && op.Key == "" {
				return nil, 0, fmt.Errorf("corrupt at byte %d: %w", off, errEmptyOp)
			}
			st.apply(op)
		}
		off += recordHeaderSize + int(n)
	}
	return st.live, off, nil
}

var errEmptyOp = errors.New("a change without a key")
