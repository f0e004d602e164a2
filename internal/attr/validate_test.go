package attr

import (
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/basalt-db/basalt/internal/apierr"
)

// deepMap wraps a scalar in n single-entry maps: the scalar sits at level n+1.
func deepMap(n int) Value {
	v := Str("leaf")
	for i := 0; i < n; i++ {
		v = Map(map[string]Value{"n": v})
	}
	return v
}

func deepList(n int) Value {
	v := Num("1")
	for i := 0; i < n; i++ {
		v = List(v)
	}
	return v
}

func TestValidateFaults(t *testing.T) {
	manyStrs := make([]string, 40)
	for i := range manyStrs {
		manyStrs[i] = strconv.Itoa(i)
	}
	manyStrs[39] = "7"
	manyBins := make([][]byte, 17)
	for i := range manyBins {
		manyBins[i] = []byte{byte(i)}
	}
	manyBins[16] = []byte{0}
	for _, tc := range []struct {
		name string
		v    Value
		msg  string
	}{
		{"zero", Value{}, "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"},
		{"unknown kind", Value{Kind: 99}, "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"},
		{"null false", Value{Kind: KindNULL}, "One or more parameter values were invalid: Null attribute value types must have the value of true"},
		{"empty SS", StrSet(), "One or more parameter values were invalid: An string set  may not be empty"},
		{"empty NS", NumSet(), "One or more parameter values were invalid: An number set  may not be empty"},
		{"empty BS", BinSet(), "One or more parameter values were invalid: Binary sets should not be empty"},
		{"dup SS", StrSet("a", "a"), "One or more parameter values were invalid: Input collection [a, a] contains duplicates."},
		{"dup SS shows all", StrSet("b", "a", "c", "a"), "One or more parameter values were invalid: Input collection [b, a, c, a] contains duplicates."},
		{"dup empty SS", StrSet("", ""), "One or more parameter values were invalid: Input collection [, ] contains duplicates."},
		{"dup big SS", StrSet(manyStrs...), "One or more parameter values were invalid: Input collection [" + strings.Join(manyStrs, ", ") + "] contains duplicates."},
		{"dup BS", BinSet([]byte("b"), []byte("b")), "One or more parameter values were invalid: Input collection [Yg==, Yg==]of type BS contains duplicates."},
		{"dup big BS", BinSet(manyBins...), "One or more parameter values were invalid: Input collection [AA==, AQ==, Ag==, Aw==, BA==, BQ==, Bg==, Bw==, CA==, CQ==, Cg==, Cw==, DA==, DQ==, Dg==, Dw==, AA==]of type BS contains duplicates."},
		{"dup NS", NumSet("1", "1"), "Input collection contains duplicates"},
		{"dup NS numerically", NumSet("1", "1.0"), "Input collection contains duplicates"},
		{"dup NS exponent", NumSet("100", "1E2", "5"), "Input collection contains duplicates"},
		{"dup NS zero", NumSet("0", "-0.00"), "Input collection contains duplicates"},
		{"NS bad member first", NumSet("1", "1", "x"), "The parameter cannot be converted to a numeric value: x"},
		{"NS empty member", NumSet("1", ""), "The parameter cannot be converted to a numeric value"},
		{"N syntax", Num("b"), "The parameter cannot be converted to a numeric value: b"},
		{"N empty", Num(""), "The parameter cannot be converted to a numeric value"},
		{"N NaN", Num("NaN"), "The parameter cannot be converted to a numeric value: NaN"},
		{"N digits", Num("123456789012345678901234567890123456789"), "Attempting to store more than 38 significant digits in a Number"},
		{"N digits fraction", Num("-1.23456789012345678901234567890123456789"), "Attempting to store more than 38 significant digits in a Number"},
		{"N overflow", Num("1e126"), "Number overflow. Attempting to store a number with magnitude larger than supported range"},
		{"N overflow negative", Num("-1e126"), "Number overflow. Attempting to store a number with magnitude larger than supported range"},
		{"N underflow", Num("1e-131"), "Number underflow. Attempting to store a number with magnitude smaller than supported range"},
		{"N underflow negative", Num("-1e-131"), "Number underflow. Attempting to store a number with magnitude smaller than supported range"},
		{"nested in L", List(Str("ok"), Value{Kind: KindNULL}), "One or more parameter values were invalid: Null attribute value types must have the value of true"},
		{"nested in M", Map(map[string]Value{"a": List(NumSet())}), "One or more parameter values were invalid: An number set  may not be empty"},
		{"zero in L", List(Value{}), "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"},
		{"map nesting 33", deepMap(32), "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit"},
		{"list nesting 33", deepList(32), "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit"},
	} {
		err := Validate(&tc.v)
		var ae *apierr.Error
		if !errors.As(err, &ae) || ae.Code != apierr.Validation || ae.Message != tc.msg {
			t.Errorf("%s: Validate = %v; want Validation %q", tc.name, err, tc.msg)
		}
	}
}

func TestValidateNormalises(t *testing.T) {
	for _, tc := range []struct {
		name     string
		in, want Value
	}{
		{"N", Num("1.50"), Num("1.5")},
		{"N exponent", Num("-1.25e-2"), Num("-0.0125")},
		{"NS", NumSet("1E2", "+7", "-0"), NumSet("100", "7", "0")},
		{"in L", List(Num("01"), List(NumSet("2.0"))), List(Num("1"), List(NumSet("2")))},
		{"in M", Map(map[string]Value{"a": Num("3.00"), "b": Map(map[string]Value{"c": Num("4e0")})}),
			Map(map[string]Value{"a": Num("3"), "b": Map(map[string]Value{"c": Num("4")})})},
		{"empty S and B", List(Str(""), Bin(nil), StrSet(""), BinSet([]byte{})), List(Str(""), Bin(nil), StrSet(""), BinSet([]byte{}))},
		{"nesting 32", deepMap(31), deepMap(31)},
		{"list nesting 32", deepList(31), deepList(31)},
		{"NULL", Null(), Null()},
		{"BOOL", Bool(false), Bool(false)},
	} {
		v := tc.in
		if err := Validate(&v); err != nil {
			t.Errorf("%s: Validate = %v", tc.name, err)
			continue
		}
		if !reflect.DeepEqual(v, tc.want) {
			t.Errorf("%s: Validate left %#v; want %#v", tc.name, v, tc.want)
		}
	}
}

func TestValidateItem(t *testing.T) {
	item := Item{"a": Num("1.0"), "b": NumSet("2.50"), "c": Map(map[string]Value{"d": Num("0010")})}
	if err := ValidateItem(item); err != nil {
		t.Fatal(err)
	}
	want := Item{"a": Num("1"), "b": NumSet("2.5"), "c": Map(map[string]Value{"d": Num("10")})}
	if !reflect.DeepEqual(item, want) {
		t.Errorf("ValidateItem left %#v", item)
	}
	if err := ValidateItem(nil); err != nil {
		t.Errorf("ValidateItem(nil) = %v", err)
	}
	err := ValidateItem(Item{"a": Str("ok"), "b": deepMap(40)})
	if err == nil || !strings.HasSuffix(err.Error(), msgNesting) {
		t.Errorf("ValidateItem(deep) = %v", err)
	}
	if err := ValidateItem(Item{"a": StrSet("x", "x")}); !errors.Is(err, apierr.New(apierr.Validation, "")) {
		t.Errorf("ValidateItem(dup) = %v", err)
	}
}

// Decoded values reach Validate with number text as sent.
func TestDecodeThenValidate(t *testing.T) {
	var v Value
	if err := v.UnmarshalJSON([]byte(`{"M":{"n":{"NS":["1","1.00"]}}}`)); err != nil {
		t.Fatal(err)
	}
	if err := Validate(&v); err == nil || !strings.HasSuffix(err.Error(), msgDupNS) {
		t.Errorf("Validate = %v", err)
	}
}
