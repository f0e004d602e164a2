package keycodec

import "bytes"

// PrefixLen returns the length of the partition prefix of an item key,
// 0x21 | table id | hash | enc(pk) (see PartitionPrefix), or of an index
// entry key (see IndexPartitionPrefix): the part every key of one
// partition shares. For any other key, and for any byte string
// that does not start with a well-formed partition prefix (such as the
// bounds of a table or segment range), it returns len(key).
//
// It is the store's prefix extractor (Pebble's Comparer.Split): bloom
// filters are built on partition prefixes, so a read of one partition can
// skip every sstable that holds none of it. Its contract with bytewise key
// order holds because a partition prefix is self-delimiting: no partition
// prefix is a proper prefix of another key's partition prefix, so ordering
// keys by prefix, then by the rest, is ordering them bytewise. It does not
// allocate.
func PrefixLen(key []byte) int {
	if n, ok := PartitionPrefixLen(key); ok {
		return n
	}
	return len(key)
}

// PartitionPrefixLen returns the length of the partition prefix key starts
// with, and false when key does not start with one.
func PartitionPrefixLen(key []byte) (int, bool) {
	switch {
	case len(key) > itemHeader && key[0] == SpaceItems:
		return valuesEnd(key, itemHeader, 1)
	case len(key) > indexHeader && key[0] == SpaceIndexes:
		n := int(key[indexHeader-hashLen-1])
		if n < 1 || n > 4 {
			return 0, false
		}
		return valuesEnd(key, indexHeader, n)
	}
	return 0, false
}

// valuesEnd returns the offset in key just past the n encoded values that
// start at from, and false if key does not hold them.
func valuesEnd(key []byte, from, n int) (int, bool) {
	at := from
	for range n {
		l := valueLen(key[at:])
		if l < 0 {
			return 0, false
		}
		at += l
	}
	return at, true
}

// valueLen returns the length of the encoded key attribute value at the
// front of b (see AppendValue), or -1 if b does not start with one.
func valueLen(b []byte) int {
	if len(b) < 2 {
		return -1
	}
	switch b[0] {
	case tagS, tagB:
		for i := 1; i+1 < len(b); i++ {
			if b[i] == escByte {
				if b[i+1] == escTerm {
					return i + 2
				}
				i++ // an escaped 0x00
			}
		}
		return -1
	case tagN:
		return numberLen(b)
	}
	return -1
}

// numberLen returns the length of 'N' | number at the front of b, or -1.
func numberLen(b []byte) int {
	switch b[1] {
	case numZero:
		return 2
	case numPos, numNeg:
	default:
		return -1
	}
	if len(b) < 3 {
		return -1
	}
	term := byte(0x00) // after the exponent, pairs run to the terminator
	if b[1] == numNeg {
		term = 0xFF
	}
	if i := bytes.IndexByte(b[3:], term); i >= 0 {
		return 3 + i + 1
	}
	return -1
}
