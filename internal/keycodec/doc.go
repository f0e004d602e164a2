// Package keycodec maps Basalt's data onto the keys of the ordered key-value
// store (package storage): items, table metadata, and the key ranges that
// Query, Scan and parallel Scan read. See DESIGN.md in this directory for the
// byte layout; the testdata files pin it byte for byte.
//
// Every key starts with one key-space byte whose high nibble names the key
// space and whose low nibble is the format version of that space, so a future
// layout can live next to the current one while data migrates:
//
//	0x01 system     0x01 | name                       → store-wide settings
//	0x11 catalog    0x11 | esc(account) | esc(region) | esc(table name) → table description
//	0x21 items      0x21 | table id | hash | pk [| sk] → item
//	0x31 indexes    reserved for GSI/LSI entries
//	0x41 streams    reserved for stream records
//	0x51 ttl        reserved for TTL expiry queues
//
// Key attribute values (S, N, B) are encoded so that bytes.Compare of two
// encodings orders them as DynamoDB orders sort keys, and so that no encoding
// is a prefix of another (see AppendValue).
//
// Functions here are pure and safe for concurrent use. Append* functions
// append to dst and return the extended slice, like strconv.Append*; slices
// returned by other functions are freshly allocated and owned by the caller.
package keycodec

import "errors"

// FormatVersion is the version of the key layout written by this package. It
// is the low nibble of every key-space byte, and the value stored at
// FormatKey when a store is created.
const FormatVersion = 1

// Key-space bytes: the first byte of every key.
const (
	SpaceSystem  byte = 0x00 | FormatVersion
	SpaceCatalog byte = 0x10 | FormatVersion
	SpaceItems   byte = 0x20 | FormatVersion
	SpaceIndexes byte = 0x30 | FormatVersion // reserved: index entries
	SpaceStreams byte = 0x40 | FormatVersion // reserved: stream records
	SpaceTTL     byte = 0x50 | FormatVersion // reserved: TTL queues
)

// Errors. Decoders wrap ErrCorrupt with detail; encoders return
// ErrUnsupportedType or wrap an attr number error.
var (
	// ErrCorrupt is returned (wrapped) when bytes are not a well-formed key
	// of the expected kind. Decoders accept only canonical encodings: a
	// key that decodes without error re-encodes to the same bytes.
	ErrCorrupt = errors.New("keycodec: malformed key")
	// ErrUnsupportedType is returned when a key attribute is not S, N or B,
	// or when an operator does not apply to the operand's type.
	ErrUnsupportedType = errors.New("keycodec: unsupported key attribute type")
)
