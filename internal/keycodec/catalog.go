package keycodec

import "fmt"

// Catalog keys: 0x11 | esc(account) | esc(region) | esc(table name), each
// part escaped and terminated (00 01) as S values are. Tables are
// namespaced per AWS account and region, as in AWS; the keys of one
// namespace are one contiguous range, sorted by table name bytewise, as
// ListTables returns them.

// CatalogKey returns the key of the description of the table named name
// in the namespace (account, region).
func CatalogKey(account, region, name string) []byte {
	dst := make([]byte, 0, len(account)+len(region)+len(name)+7)
	dst = appendEscaped(append(dst, SpaceCatalog), account)
	dst = appendEscaped(dst, region)
	return appendEscaped(dst, name)
}

// CatalogSpan returns the range holding every catalog key, of every
// namespace.
func CatalogSpan() (lower, upper []byte) {
	return []byte{SpaceCatalog}, []byte{SpaceCatalog + 1}
}

// DecodeCatalogKey returns the account, region and table name of a
// catalog key, or a wrapped ErrCorrupt.
func DecodeCatalogKey(key []byte) (account, region, name string, err error) {
	if len(key) == 0 || key[0] != SpaceCatalog {
		return "", "", "", fmt.Errorf("%w: not a catalog key", ErrCorrupt)
	}
	var parts [3]string
	rest := key[1:]
	for i := range parts {
		var part []byte
		if part, rest, err = decodeEscaped(rest); err != nil {
			return "", "", "", err
		}
		parts[i] = string(part)
	}
	if len(rest) != 0 {
		return "", "", "", fmt.Errorf("%w: trailing bytes after table name", ErrCorrupt)
	}
	return parts[0], parts[1], parts[2], nil
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
