package attr

import (
	"strings"
	"testing"
)

func TestNumberSize(t *testing.T) {
	for _, tc := range []struct {
		n    string
		want int
	}{
		{"0", 1},
		{"1", 2},
		{"12", 2},
		{"123", 3},
		{"1234", 3},
		{"100", 2},
		{"1000", 2},
		{"101", 3},
		{"1.5", 3},   // 01.50
		{"12.34", 3}, // 12.34
		{"1.234", 4}, // 01.23 40
		{"12.3", 3},
		{"0.5", 2},
		{"0.05", 2},
		{"0.005", 2},
		{"0.0125", 3}, // .01 25
		{"-1", 3},
		{"-12.34", 4},
		{"1E2", 2},     // normalised first
		{"1.50", 3},    // trailing zero trimmed
		{"-1e-130", 3}, // the smallest magnitude
		{strings.Repeat("9", 38), 20},
		{"-" + strings.Repeat("9", 38), 21},
		{"1." + strings.Repeat("1", 37), 21},
		{"-1." + strings.Repeat("1", 37), 21}, // 20 base-100 digits: no terminator
		{"9.9999999999999999999999999999999999999E+125", 20}, // 38 digits, aligned: 19 pairs
		{"not a number", len("not a number")},
	} {
		if got := numberSize(tc.n); got != tc.want {
			t.Errorf("numberSize(%q) = %d; want %d", tc.n, got, tc.want)
		}
	}
}

func TestSize(t *testing.T) {
	for _, tc := range []struct {
		name string
		v    Value
		want int
	}{
		{"zero", Value{}, 0},
		{"S ascii", Str("hello"), 5},
		{"S utf8", Str("é日"), 5},
		{"S empty", Str(""), 0},
		{"N", Num("123"), 3},
		{"B raw bytes", Bin([]byte{1, 2, 3}), 3},
		{"BOOL", Bool(false), 1},
		{"NULL", Null(), 1},
		{"empty L", List(), 3},
		{"empty M", Map(nil), 3},
		{"L", List(Str("ab"), Num("1")), 3 + (1 + 2) + (1 + 2)},
		{"M", Map(map[string]Value{"ab": Str("xyz"), "c": Null()}), 3 + (1 + 2 + 3) + (1 + 1 + 1)},
		{"nested", List(List(Bool(true))), 3 + 1 + (3 + 1 + 1)},
		{"SS", StrSet("a", "bc", ""), 3},
		{"NS", NumSet("1", "-1", "1.5"), 2 + 3 + 3},
		{"BS", BinSet([]byte{1}, []byte{1, 2}), 3},
	} {
		if got := Size(tc.v); got != tc.want {
			t.Errorf("%s: Size = %d; want %d", tc.name, got, tc.want)
		}
	}
}

func TestItemSize(t *testing.T) {
	// The Developer Guide's example style: names count, in UTF-8 bytes.
	item := Item{
		"id":    Str("abc"),                           // 2 + 3
		"n":     Num("12345"),                         // 1 + 4
		"bool":  Bool(true),                           // 4 + 1
		"é":     Null(),                               // 2 + 1
		"tags":  StrSet("x", "yz"),                    // 4 + 3
		"doc":   Map(map[string]Value{"k": Str("v")}), // 3 + 3 + 1 + 1 + 1
		"items": List(Num("1")),                       // 5 + 3 + 1 + 2
	}
	if got, want := ItemSize(item), 5+5+5+3+7+9+11; got != want {
		t.Errorf("ItemSize = %d; want %d", got, want)
	}
	if ItemSize(nil) != 0 {
		t.Error("ItemSize(nil) != 0")
	}
	big := Item{"a": Bin(make([]byte, MaxItemSize-1))}
	if ItemSize(big) != MaxItemSize || MaxItemSize != 409600 {
		t.Errorf("ItemSize(big) = %d", ItemSize(big))
	}
}
