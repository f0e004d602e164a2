package keycodec

import (
	"encoding/binary"
	"fmt"

	"github.com/basalt-db/basalt/internal/attr"
	"github.com/cespare/xxhash/v2"
)

// Item keys:
//
//	0x21 | table id (8, big-endian) | hash (8, big-endian) | enc(pk) [| enc(sk)]
//
// enc is AppendValue. hash is XXH64 with seed 0 of the enc(pk) bytes, the
// bytes that follow it; it must never change. It spreads partitions evenly
// over the table's key range, so Scan visits partitions in hash order and
// parallel Scan splits the range by hash (SegmentSpan).
const (
	tableIDLen = 8
	hashLen    = 8
	itemHeader = 1 + tableIDLen + hashLen // space byte, table id, hash
)

// TablePrefix returns 0x21 | tableID: the prefix of every item key of the
// table (for Scan and DeleteTable; see TableSpan).
func TablePrefix(tableID uint64) []byte {
	return AppendTablePrefix(make([]byte, 0, 1+tableIDLen), tableID)
}

// AppendTablePrefix appends TablePrefix(tableID) to dst.
func AppendTablePrefix(dst []byte, tableID uint64) []byte {
	return binary.BigEndian.AppendUint64(append(dst, SpaceItems), tableID)
}

// PartitionPrefix returns the prefix shared by exactly the item keys of
// partition pk (for Query; see PartitionSpan). Errors as AppendValue.
func PartitionPrefix(tableID uint64, pk attr.Value) ([]byte, error) {
	p, err := AppendPartitionPrefix(make([]byte, 0, itemHeader+valueCap(pk)), tableID, pk)
	if err != nil {
		return nil, err
	}
	return p, nil
}

// valueCap is room enough for AppendValue(v) unless v's bytes need
// escaping: so that a key is built in one allocation.
func valueCap(v attr.Value) int {
	const framing, maxNumber = 3, 3 + maxPairs
	if v.Kind == attr.KindN {
		return maxNumber
	}
	return framing + len(v.S) + len(v.B)
}

// AppendPartitionPrefix appends PartitionPrefix(tableID, pk) to dst. On
// error it returns dst unchanged.
func AppendPartitionPrefix(dst []byte, tableID uint64, pk attr.Value) ([]byte, error) {
	start := len(dst)
	dst = AppendTablePrefix(dst, tableID)
	hashAt := len(dst)
	dst = append(dst, make([]byte, hashLen)...)
	dst, err := AppendValue(dst, pk)
	if err != nil {
		return dst[:start], err
	}
	h := xxhash.Sum64(dst[hashAt+hashLen:])
	binary.BigEndian.PutUint64(dst[hashAt:], h)
	return dst, nil
}

// ItemKey returns the key of the item with partition key pk and sort key sk
// (nil for a table without a sort key). pk and sk must be S, N or B; it
// returns ErrUnsupportedType or a wrapped attr number error otherwise.
func ItemKey(tableID uint64, pk attr.Value, sk *attr.Value) ([]byte, error) {
	n := itemHeader + valueCap(pk)
	if sk != nil {
		n += valueCap(*sk)
	}
	k, err := AppendItemKey(make([]byte, 0, n), tableID, pk, sk)
	if err != nil {
		return nil, err
	}
	return k, nil
}

// AppendItemKey appends ItemKey(tableID, pk, sk) to dst. On error it
// returns dst unchanged.
func AppendItemKey(dst []byte, tableID uint64, pk attr.Value, sk *attr.Value) ([]byte, error) {
	start := len(dst)
	dst, err := AppendPartitionPrefix(dst, tableID, pk)
	if err != nil || sk == nil {
		return dst, err
	}
	if dst, err = AppendValue(dst, *sk); err != nil {
		return dst[:start], err
	}
	return dst, nil
}

// DecodeItemKey splits an item key into its table id, partition key and sort
// key (nil when the key has none). It checks the space byte, the hash and
// that nothing follows the sort key, and returns a wrapped ErrCorrupt if any
// part is malformed. The values do not alias key.
func DecodeItemKey(key []byte) (tableID uint64, pk attr.Value, sk *attr.Value, err error) {
	if len(key) < itemHeader || key[0] != SpaceItems {
		return 0, attr.Value{}, nil, fmt.Errorf("%w: not an item key", ErrCorrupt)
	}
	tableID = binary.BigEndian.Uint64(key[1:])
	hash := binary.BigEndian.Uint64(key[1+tableIDLen:])
	pkBytes := key[itemHeader:]
	pk, rest, err := DecodeValue(pkBytes)
	if err != nil {
		return 0, attr.Value{}, nil, err
	}
	if xxhash.Sum64(pkBytes[:len(pkBytes)-len(rest)]) != hash {
		return 0, attr.Value{}, nil, fmt.Errorf("%w: partition hash mismatch", ErrCorrupt)
	}
	if len(rest) == 0 {
		return tableID, pk, nil, nil
	}
	v, rest, err := DecodeValue(rest)
	if err != nil {
		return 0, attr.Value{}, nil, err
	}
	if len(rest) != 0 {
		return 0, attr.Value{}, nil, fmt.Errorf("%w: trailing bytes after sort key", ErrCorrupt)
	}
	return tableID, pk, &v, nil
}

// PartitionHash returns the hash that ItemKey places before the partition
// key pk. Errors as AppendValue.
func PartitionHash(pk attr.Value) (uint64, error) {
	var buf [64]byte
	enc, err := AppendValue(buf[:0], pk)
	if err != nil {
		return 0, err
	}
	return xxhash.Sum64(enc), nil
}
