// Package workload is the shape of the data the load generator writes and
// the ceiling server answers with: one table, keys spread over partitions of
// ten items each, and items of a chosen size as DynamoDB counts it. Both
// sides build their JSON here, so a canned answer has the size and shape of
// a real one.
package workload

import (
	"strconv"
)

// Table is the name of the one table every phase uses.
const Table = "bench"

// ItemsPerPartition is how many items share a partition key; a Query of one
// partition returns this many items.
const ItemsPerPartition = 10

// Key names one item: partition P (pk = PK(P)) and sort key S (sk = SK(S)),
// 0 <= S < ItemsPerPartition.
type Key struct {
	P, S int
}

// PK returns the partition key value of partition p: "p" and p in at least
// seven digits.
func PK(p int) string {
	return "p" + pad(p, 7)
}

// SK returns the sort key value of index s: "s" and s in at least two
// digits.
func SK(s int) string {
	return "s" + pad(s, 2)
}

// pad formats n in at least width digits, zero-padded.
func pad(n, width int) string {
	s := strconv.Itoa(n)
	for len(s) < width {
		s = "0" + s
	}
	return s
}

// PayloadLen returns the length of the "data" string that makes an item of
// pk, sk, n (a one-digit number) and data about itemSize bytes as DynamoDB
// counts item size (attribute name lengths plus value lengths), and at
// least 1.
func PayloadLen(itemSize int) int {
	const fixed = len("pk") + 8 + len("sk") + 3 + len("n") + 2 + len("data")
	return max(itemSize-fixed, 1)
}

// Payload holds bytes of lowercase letters and digits to cut "data" values
// from: not trivially compressible, and safe in JSON without escaping.
type Payload struct {
	buf []byte
	n   int // length of one value
}

// NewPayload returns a Payload of values of length n, drawn from a fixed
// pseudo-random sequence (the same on every run).
func NewPayload(n int) *Payload {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	buf := make([]byte, n+64<<10)
	x := uint64(0x9E3779B97F4A7C15)
	for i := range buf {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		buf[i] = alphabet[x%uint64(len(alphabet))]
	}
	return &Payload{buf: buf, n: n}
}

// Len returns the length of each value.
func (p *Payload) Len() int { return p.n }

// At returns the value starting at offset i modulo the buffer's spare
// room; the bytes are shared and must not be modified.
func (p *Payload) At(i int) []byte {
	off := i % (len(p.buf) - p.n)
	if off < 0 {
		off = -off
	}
	return p.buf[off : off+p.n]
}

// AppendKeyJSON appends the DynamoDB JSON of k's key attributes,
// {"pk":{"S":…},"sk":{"S":…}}, to b.
func AppendKeyJSON(b []byte, k Key) []byte {
	b = append(b, `{"pk":{"S":"`...)
	b = append(b, PK(k.P)...)
	b = append(b, `"},"sk":{"S":"`...)
	b = append(b, SK(k.S)...)
	return append(b, `"}}`...)
}

// AppendItemJSON appends the DynamoDB JSON of the item at k with data
// value data (which must need no JSON escaping) and n = 0 to b.
func AppendItemJSON(b []byte, k Key, data []byte) []byte {
	b = append(b, `{"pk":{"S":"`...)
	b = append(b, PK(k.P)...)
	b = append(b, `"},"sk":{"S":"`...)
	b = append(b, SK(k.S)...)
	b = append(b, `"},"n":{"N":"0"},"data":{"S":"`...)
	b = append(b, data...)
	return append(b, `"}}`...)
}
