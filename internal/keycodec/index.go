package keycodec

import (
	"encoding/binary"
	"fmt"

	"github.com/basalt-db/basalt/internal/attr"
	"github.com/cespare/xxhash/v2"
)

// Index entry keys:
//
//	0x31 | table id (8) | index ordinal (2) | n (1) | hash (8) |
//	    enc(hk1) … enc(hkn) | enc(rk1) … enc(rkm) | enc(table pk) [| enc(table sk)]
//
// hk are the index's partition key values (n of them, 1 to 4), rk its sort
// key values (0 to 4); hash is XXH64 of the enc(hk…) bytes, as for items.
// The table's key at the end makes entries of items that share index keys
// distinct, and orders them by table key. The prefix up to enc(hkn) is the
// index partition: one contiguous range, and a prefix the store's bloom
// filters know (PartitionPrefixLen). The value is the item as the index
// projects it.
const indexHeader = 1 + tableIDLen + 2 + 1 + hashLen

// IndexPrefix returns 0x31 | table id | ordinal: the prefix of every entry
// of one index (see IndexSpan).
func IndexPrefix(tableID uint64, ordinal uint16) []byte {
	b := binary.BigEndian.AppendUint64(append(make([]byte, 0, indexHeader), SpaceIndexes), tableID)
	return binary.BigEndian.AppendUint16(b, ordinal)
}

// IndexSpan returns the range holding every entry of one index.
func IndexSpan(tableID uint64, ordinal uint16) (lower, upper []byte) {
	lower = IndexPrefix(tableID, ordinal)
	return lower, PrefixEnd(lower)
}

// TableIndexesSpan returns the range holding every index entry of a table,
// for dropping them with the table.
func TableIndexesSpan(tableID uint64) (lower, upper []byte) {
	lower = binary.BigEndian.AppendUint64([]byte{SpaceIndexes}, tableID)
	return lower, PrefixEnd(lower)
}

// IndexPartitionPrefix returns the prefix shared by exactly the entries of
// one index partition: those whose partition key values are hks (1 to 4
// S, N or B values). Errors as AppendValue, or for a count out of range.
func IndexPartitionPrefix(tableID uint64, ordinal uint16, hks []attr.Value) ([]byte, error) {
	if len(hks) < 1 || len(hks) > 4 {
		return nil, fmt.Errorf("keycodec: %d index partition key values, want 1 to 4", len(hks))
	}
	b := append(IndexPrefix(tableID, ordinal), byte(len(hks)))
	hashAt := len(b)
	b = append(b, make([]byte, hashLen)...)
	for _, v := range hks {
		var err error
		if b, err = AppendValue(b, v); err != nil {
			return nil, err
		}
	}
	binary.BigEndian.PutUint64(b[hashAt:], xxhash.Sum64(b[hashAt+hashLen:]))
	return b, nil
}

// IndexEntryKey returns the key of the entry of the item with table key
// (pk, sk) — sk nil for a table without a sort key — in the index
// partition hks, with sort key values rks. Errors as IndexPartitionPrefix.
func IndexEntryKey(tableID uint64, ordinal uint16, hks, rks []attr.Value, pk attr.Value, sk *attr.Value) ([]byte, error) {
	b, err := IndexPartitionPrefix(tableID, ordinal, hks)
	if err != nil {
		return nil, err
	}
	for _, v := range rks {
		if b, err = AppendValue(b, v); err != nil {
			return nil, err
		}
	}
	if b, err = AppendValue(b, pk); err != nil {
		return nil, err
	}
	if sk != nil {
		if b, err = AppendValue(b, *sk); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// IndexSegmentSpan returns the range of segment of total (0 <= segment <
// total) of a parallel Scan of one index, splitting it by partition hash as
// SegmentSpan splits a table. The count byte n sits before the hash, so
// each segment covers the hash range once for every n: lower and upper
// are the bounds for entries with n partition key values.
func IndexSegmentSpan(tableID uint64, ordinal uint16, n, segment, total int) (lower, upper []byte, err error) {
	if n < 1 || n > 4 {
		return nil, nil, fmt.Errorf("keycodec: %d index partition key values, want 1 to 4", n)
	}
	p := append(IndexPrefix(tableID, ordinal), byte(n))
	return hashSegment(p, segment, total)
}

// PartitionRange returns the range of the keys under prefix p (an item
// partition prefix, or an index partition prefix followed by any leading
// sort key values) whose next key value v satisfies op with operands a (and
// b, for OpBetween): the keys starting with p | enc(v). Unlike SortKeyRange
// it keeps every key that extends p | enc(v), as index entries do with the
// table key after their sort key. Errors as SortKeyRange.
func PartitionRange(p []byte, op Op, a, b attr.Value) (lower, upper []byte, err error) {
	return valueRange(p, op, a, b, PrefixEnd)
}
