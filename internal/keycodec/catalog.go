package keycodec

import "fmt"

// Catalog keys: 0x11 | esc(table name) | 0x00 0x01, with esc as for S
// values, so catalog keys sort by table name bytewise, as ListTables
// returns them.

// CatalogKey returns the key of the description of the table named name.
func CatalogKey(name string) []byte {
	return AppendCatalogKey(make([]byte, 0, len(name)+3), name)
}

// AppendCatalogKey appends CatalogKey(name) to dst.
func AppendCatalogKey(dst []byte, name string) []byte {
	return appendEscaped(append(dst, SpaceCatalog), name)
}

// CatalogSpan returns the range holding every catalog key. For
// ListTables after ExclusiveStartTableName n, scan from
// KeyAfter(CatalogKey(n)) to upper.
func CatalogSpan() (lower, upper []byte) {
	return []byte{SpaceCatalog}, []byte{SpaceCatalog + 1}
}

// DecodeCatalogKey returns the table name of a catalog key, or a wrapped
// ErrCorrupt.
func DecodeCatalogKey(key []byte) (string, error) {
	if len(key) == 0 || key[0] != SpaceCatalog {
		return "", fmt.Errorf("%w: not a catalog key", ErrCorrupt)
	}
	name, rest, err := decodeEscaped(key[1:])
	if err != nil {
		return "", err
	}
	if len(rest) != 0 {
		return "", fmt.Errorf("%w: trailing bytes after table name", ErrCorrupt)
	}
	return string(name), nil
}

// System keys: 0x01 | name, for a small fixed set of store-wide settings
// read by point lookups (never scanned by prefix).

// SystemKey returns the key of the store-wide setting name.
func SystemKey(name string) []byte {
	return append([]byte{SpaceSystem}, name...)
}

// FormatKey returns the key holding the store's format version: one byte,
// FormatVersion, written when the store is created. A server must refuse
// to open a store whose version it does not know.
func FormatKey() []byte { return SystemKey("format") }
