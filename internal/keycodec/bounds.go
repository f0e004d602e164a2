package keycodec

import (
	"encoding/binary"
	"fmt"
	"math/bits"

	"github.com/basalt-db/basalt/internal/attr"
)

// Key ranges below are half-open, [lower, upper), as storage.Reader.Scan
// takes them; a nil upper means "no upper bound".

// PrefixEnd returns the smallest key greater than every key that starts
// with prefix, or nil if there is none (prefix is empty or all 0xFF).
func PrefixEnd(prefix []byte) []byte {
	end := append([]byte(nil), prefix...)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i] != 0xFF {
			end[i]++
			return end[:i+1]
		}
	}
	return nil
}

// KeyAfter returns the smallest key greater than key (key | 0x00): the
// lower bound that resumes a forward scan after key, as an
// ExclusiveStartKey does.
func KeyAfter(key []byte) []byte {
	return append(append(make([]byte, 0, len(key)+1), key...), 0x00)
}

// TableSpan returns the range holding every item of the table.
func TableSpan(tableID uint64) (lower, upper []byte) {
	lower = TablePrefix(tableID)
	return lower, PrefixEnd(lower)
}

// PartitionSpan returns the range holding every item of partition pk.
// Errors as AppendValue.
func PartitionSpan(tableID uint64, pk attr.Value) (lower, upper []byte, err error) {
	lower, err = PartitionPrefix(tableID, pk)
	if err != nil {
		return nil, nil, err
	}
	return lower, PrefixEnd(lower), nil
}

// SegmentSpan returns the range of segment of total (0 <= segment < total)
// in a parallel Scan of the table: the items whose partition hash h
// satisfies floor(segment·2⁶⁴/total) <= h < floor((segment+1)·2⁶⁴/total).
// The segments of one total are disjoint and together cover TableSpan.
func SegmentSpan(tableID uint64, segment, total int) (lower, upper []byte, err error) {
	return hashSegment(TablePrefix(tableID), segment, total)
}

// hashSegment returns segment of total of the keys p | hash | …: those
// whose 8-byte hash after p lies in [floor(segment·2⁶⁴/total),
// floor((segment+1)·2⁶⁴/total)).
func hashSegment(p []byte, segment, total int) (lower, upper []byte, err error) {
	if total < 1 || segment < 0 || segment >= total {
		return nil, nil, fmt.Errorf("keycodec: segment %d of %d out of range", segment, total)
	}
	bound := func(i int) []byte {
		h, _ := bits.Div64(uint64(i), 0, uint64(total)) // i·2⁶⁴/total
		return binary.BigEndian.AppendUint64(append([]byte(nil), p...), h)
	}
	lower = bound(segment)
	if segment+1 == total {
		return lower, PrefixEnd(p), nil
	}
	return lower, bound(segment + 1), nil
}

// Op is a sort-key comparison of a key condition.
type Op uint8

// Sort-key operators, as in a KeyConditionExpression.
const (
	OpEQ         Op = iota + 1 // sk = a
	OpLT                       // sk < a
	OpLE                       // sk <= a
	OpGT                       // sk > a
	OpGE                       // sk >= a
	OpBetween                  // a <= sk <= b
	OpBeginsWith               // begins_with(sk, a); S and B only
)

// SortKeyRange returns the range of the items of partition pk whose sort
// key satisfies op with operands a (and b, for OpBetween; ignored
// otherwise). Scanning it forwards or backwards yields the items in
// ascending or descending sort-key order.
//
// The caller checks that the operands have the table's sort-key type: an
// operand of another type yields a range with no items of the partition or
// all of them. For OpBetween with a > b the range is empty (lower >= upper);
// DynamoDB rejects that query, so callers should too. It returns
// ErrUnsupportedType for begins_with on N, and errors as AppendValue.
func SortKeyRange(tableID uint64, pk attr.Value, op Op, a, b attr.Value) (lower, upper []byte, err error) {
	p, err := PartitionPrefix(tableID, pk)
	if err != nil {
		return nil, nil, err
	}
	return valueRange(p, op, a, b, KeyAfter)
}

// valueRange returns the range of the keys p | enc(v) … whose value v
// satisfies op with a (and b); past(k) is the smallest key after every key
// that equals k or extends it by what may follow the value.
func valueRange(p []byte, op Op, a, b attr.Value, past func([]byte) []byte) (lower, upper []byte, err error) {
	if op == OpBeginsWith {
		return beginsWithRange(p, a)
	}
	at := func(v attr.Value) ([]byte, error) { // p | enc(v)
		return AppendValue(append(make([]byte, 0, len(p)+32), p...), v)
	}
	ka, err := at(a)
	if err != nil {
		return nil, nil, err
	}
	switch op {
	case OpEQ:
		return ka, past(ka), nil
	case OpLT:
		return p, ka, nil
	case OpLE:
		return p, past(ka), nil
	case OpGT:
		return past(ka), PrefixEnd(p), nil
	case OpGE:
		return ka, PrefixEnd(p), nil
	case OpBetween:
		kb, err := at(b)
		if err != nil {
			return nil, nil, err
		}
		return ka, past(kb), nil
	}
	return nil, nil, fmt.Errorf("keycodec: unknown sort key operator %d", op)
}

// beginsWithRange returns the range of keys p | enc(v) for S or B values v
// that start with prefix: those starting with p | tag | esc(prefix).
func beginsWithRange(p []byte, prefix attr.Value) (lower, upper []byte, err error) {
	lower = append(make([]byte, 0, len(p)+len(prefix.S)+len(prefix.B)+8), p...)
	switch prefix.Kind {
	case attr.KindS:
		lower = appendEscaped(append(lower, tagS), prefix.S)
	case attr.KindB:
		lower = appendEscaped(append(lower, tagB), prefix.B)
	default:
		return nil, nil, fmt.Errorf("%w: begins_with on %q", ErrUnsupportedType, prefix.Kind.String())
	}
	lower = lower[:len(lower)-2] // drop the terminator
	return lower, PrefixEnd(lower), nil
}
