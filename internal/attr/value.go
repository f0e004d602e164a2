// Package attr models DynamoDB attribute values: the ten data types, their
// validation, comparison, and size as AWS counts it.
//
// A Value is immutable once built: functions in this module never modify a
// Value they are given, and callers must not modify one after handing it over.
package attr

// Kind is the DynamoDB data type of a Value. Its String form is the type
// descriptor used on the wire ("S", "N", "B", "BOOL", "NULL", "L", "M", "SS",
// "NS", "BS").
type Kind uint8

// The ten DynamoDB data types. The zero Kind is invalid, so that a zero Value
// is recognisably "no value".
const (
	KindInvalid Kind = iota
	KindS
	KindN
	KindB
	KindBOOL
	KindNULL
	KindL
	KindM
	KindSS
	KindNS
	KindBS
)

var kindNames = [...]string{"", "S", "N", "B", "BOOL", "NULL", "L", "M", "SS", "NS", "BS"}

// String returns the wire type descriptor of k, or "" for KindInvalid.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return ""
}

// KindOf returns the Kind named by a wire type descriptor, or KindInvalid.
func KindOf(descriptor string) Kind {
	for k, name := range kindNames {
		if k != 0 && name == descriptor {
			return Kind(k)
		}
	}
	return KindInvalid
}

// IsSet reports whether k is one of the set types SS, NS, BS.
func (k Kind) IsSet() bool { return k == KindSS || k == KindNS || k == KindBS }

// Value is one DynamoDB attribute value. Exactly the fields of its Kind are
// meaningful:
//
//	S    → S (the string)
//	N    → S (the number in normalised form, see NormalizeNumber)
//	B    → B
//	BOOL → Bool
//	NULL → nothing (NULL is always true)
//	L    → L
//	M    → M
//	SS   → Strs
//	NS   → Strs (each normalised)
//	BS   → Bins
//
// Set elements keep the order in which they were given or added; sets never
// hold duplicates once validated.
type Value struct {
	Kind Kind
	Bool bool
	S    string
	B    []byte
	L    []Value
	M    map[string]Value
	Strs []string
	Bins [][]byte
}

// Item is a DynamoDB item: attribute names to values.
type Item = map[string]Value

// Constructors for the scalar and collection kinds. They do not validate.

// Str returns an S value.
func Str(s string) Value { return Value{Kind: KindS, S: s} }

// Num returns an N value holding s, which must already be normalised.
func Num(s string) Value { return Value{Kind: KindN, S: s} }

// Bin returns a B value.
func Bin(b []byte) Value { return Value{Kind: KindB, B: b} }

// Bool returns a BOOL value.
func Bool(b bool) Value { return Value{Kind: KindBOOL, Bool: b} }

// Null returns the NULL value.
func Null() Value { return Value{Kind: KindNULL, Bool: true} }

// List returns an L value.
func List(vs ...Value) Value { return Value{Kind: KindL, L: vs} }

// Map returns an M value.
func Map(m map[string]Value) Value { return Value{Kind: KindM, M: m} }

// StrSet returns an SS value.
func StrSet(ss ...string) Value { return Value{Kind: KindSS, Strs: ss} }

// NumSet returns an NS value; each element must already be normalised.
func NumSet(ns ...string) Value { return Value{Kind: KindNS, Strs: ns} }

// BinSet returns a BS value.
func BinSet(bs ...[]byte) Value { return Value{Kind: KindBS, Bins: bs} }

// IsZero reports whether v is the zero Value (no value at all).
func (v Value) IsZero() bool { return v.Kind == KindInvalid }
