package keycodec

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/basalt-db/basalt/internal/attr"
	"github.com/cespare/xxhash/v2"
)

// randNumber returns a random normalised number across DynamoDB's whole
// range, biased towards small exponents and short digit strings so that
// pairs often collide in exponent and leading digits.
func randNumber(r *rand.Rand) string {
	if r.IntN(20) == 0 {
		return "0"
	}
	n := 1 + r.IntN(maxDigits)
	if r.IntN(2) == 0 {
		n = 1 + r.IntN(4)
	}
	digits := make([]byte, n)
	for i := range digits {
		digits[i] = byte('0' + r.IntN(10))
	}
	digits[0] = byte('1' + r.IntN(9))
	exp := r.IntN(maxExp+expBias+1) - expBias
	if r.IntN(2) == 0 {
		exp = r.IntN(7) - 3
	}
	s := fmt.Sprintf("%c.%sE%d", digits[0], digits[1:], exp)
	if r.IntN(2) == 0 {
		s = "-" + s
	}
	out, err := attr.NormalizeNumber(s)
	if err != nil {
		panic(fmt.Sprintf("%s: %v", s, err))
	}
	return out
}

// nearNumber returns a number close to s: s with a digit appended or
// changed, or s negated.
func nearNumber(r *rand.Rand, s string) string {
	var t string
	switch r.IntN(3) {
	case 0:
		t = s + "1"
		if !strings.Contains(s, ".") {
			t = s + ".1"
		}
	case 1:
		t = s[:len(s)-1] + string(rune('0'+r.IntN(10)))
	default:
		t = "-" + strings.TrimPrefix(s, "-")
	}
	if n, err := attr.NormalizeNumber(t); err == nil {
		return n
	}
	return s
}

// randBytes returns short byte strings over an alphabet rich in the
// escape-sensitive bytes 0x00, 0x01 and 0xFF.
func randBytes(r *rand.Rand) []byte {
	alphabet := []byte{0x00, 0x01, 0xFF, 'a', 'b', 0xFE}
	b := make([]byte, r.IntN(6))
	for i := range b {
		b[i] = alphabet[r.IntN(len(alphabet))]
	}
	return b
}

func randValue(r *rand.Rand, kind attr.Kind) attr.Value {
	switch kind {
	case attr.KindN:
		return attr.Num(randNumber(r))
	case attr.KindB:
		return attr.Bin(randBytes(r))
	}
	return attr.Str(string(randBytes(r)))
}

func sign(c int) int { return max(-1, min(1, c)) }

func TestNumberOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 50000 {
		a := randNumber(r)
		b := randNumber(r)
		if r.IntN(2) == 0 {
			b = nearNumber(r, a)
		}
		ea, eb := mustEncode(t, attr.Num(a)), mustEncode(t, attr.Num(b))
		if got, want := sign(bytes.Compare(ea, eb)), attr.CompareNumbers(a, b); got != want {
			t.Fatalf("%s vs %s: encodings compare %d, numbers %d\n%x\n%x", a, b, got, want, ea, eb)
		}
		back, rest, err := DecodeValue(ea)
		if err != nil || len(rest) != 0 || back.S != a {
			t.Fatalf("decode(%x) = %q, %x, %v; want %q", ea, back.S, rest, err, a)
		}
	}
}

func TestBytesOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 100000 {
		kind := []attr.Kind{attr.KindS, attr.KindB}[r.IntN(2)]
		a, b := randValue(r, kind), randValue(r, kind)
		ea, eb := mustEncode(t, a), mustEncode(t, b)
		if got, want := sign(bytes.Compare(ea, eb)), compareValues(a, b); got != want {
			t.Fatalf("%s vs %s: encodings compare %d, want %d", formatValue(a), formatValue(b), got, want)
		}
		if want := compareValues(a, b) != 0; want && (bytes.HasPrefix(ea, eb) || bytes.HasPrefix(eb, ea)) {
			t.Fatalf("%s and %s: one encoding prefixes the other", formatValue(a), formatValue(b))
		}
		back, rest, err := DecodeValue(ea)
		if err != nil || len(rest) != 0 || !valueEqual(back, a) {
			t.Fatalf("decode(%x) = %s, %x, %v", ea, formatValue(back), rest, err)
		}
	}
}

func TestNumberErrors(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want error
	}{
		{"abc", attr.ErrNumberSyntax},
		{"", attr.ErrNumberSyntax},
		{"1e126", attr.ErrNumberOverflow},
		{"1e-131", attr.ErrNumberUnderflow},
		{strings.Repeat("1", 39), attr.ErrNumberDigits},
		{"0." + strings.Repeat("1", 39), attr.ErrNumberDigits},
	} {
		if _, err := AppendValue(nil, attr.Num(tc.in)); !errors.Is(err, tc.want) {
			t.Errorf("AppendValue(N %q) error %v; want %v", tc.in, err, tc.want)
		}
	}
	for _, v := range []attr.Value{attr.Bool(true), attr.Null(), attr.StrSet("a"), {}} {
		if _, err := ItemKey(1, v, nil); !errors.Is(err, ErrUnsupportedType) {
			t.Errorf("ItemKey(%v) error %v; want ErrUnsupportedType", v.Kind, err)
		}
	}
}

func TestItemKeyRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	kinds := []attr.Kind{attr.KindS, attr.KindN, attr.KindB}
	for range 20000 {
		table := r.Uint64()
		pk := randValue(r, kinds[r.IntN(3)])
		var sk *attr.Value
		if r.IntN(3) > 0 {
			v := randValue(r, kinds[r.IntN(3)])
			sk = &v
		}
		key, err := ItemKey(table, pk, sk)
		if err != nil {
			t.Fatal(err)
		}
		gotTable, gotPK, gotSK, err := DecodeItemKey(key)
		if err != nil || gotTable != table || !valueEqual(gotPK, pk) || (gotSK == nil) != (sk == nil) ||
			(sk != nil && !valueEqual(*gotSK, *sk)) {
			t.Fatalf("DecodeItemKey(%x) = %d, %v, %v, %v", key, gotTable, gotPK, gotSK, err)
		}
		prefix, _ := PartitionPrefix(table, pk)
		if !bytes.HasPrefix(key, prefix) || !bytes.HasPrefix(key, TablePrefix(table)) {
			t.Fatalf("key %x lacks its prefixes", key)
		}
		if again, _ := AppendItemKey([]byte("junk"), table, pk, sk); !bytes.Equal(again[4:], key) {
			t.Fatalf("AppendItemKey differs from ItemKey")
		}
	}
}

// TestPartitionsDoNotInterleave checks that a partition's span holds only
// its own keys, even for partition keys that prefix one another.
func TestPartitionsDoNotInterleave(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for range 50000 {
		kind := []attr.Kind{attr.KindS, attr.KindB}[r.IntN(2)]
		a, b := randValue(r, kind), randValue(r, kind)
		sk := randValue(r, attr.KindS)
		lower, upper, err := PartitionSpan(1, a)
		if err != nil {
			t.Fatal(err)
		}
		key, _ := ItemKey(1, b, &sk)
		inside := bytes.Compare(lower, key) <= 0 && bytes.Compare(key, upper) < 0
		if inside != valueEqual(a, b) {
			t.Fatalf("key of pk %s inside span of pk %s: %v", formatValue(b), formatValue(a), inside)
		}
	}
}

// TestSortKeyRange compares every range against a brute-force filter of a
// table holding several partitions, including ones whose keys prefix the
// queried one.
func TestSortKeyRange(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for _, kind := range []attr.Kind{attr.KindS, attr.KindN, attr.KindB} {
		pks := []attr.Value{attr.Str("p"), attr.Str("p\x00"), attr.Str("pp"), attr.Str("")}
		type entry struct {
			key []byte
			pk  attr.Value
			sk  attr.Value
		}
		var table []entry
		for range 300 {
			pk, sk := pks[r.IntN(len(pks))], randValue(r, kind)
			key, _ := ItemKey(3, pk, &sk)
			table = append(table, entry{key, pk, sk})
		}
		slices.SortFunc(table, func(a, b entry) int { return bytes.Compare(a.key, b.key) })
		for range 2000 {
			op := Op(1 + r.IntN(7))
			if op == OpBeginsWith && kind == attr.KindN {
				continue
			}
			a, b := randValue(r, kind), randValue(r, kind)
			if op == OpBetween && compareValues(a, b) > 0 {
				a, b = b, a
			}
			lower, upper, err := SortKeyRange(3, pks[0], op, a, b)
			if err != nil {
				t.Fatal(err)
			}
			var got, want []string
			for _, e := range table {
				if bytes.Compare(lower, e.key) <= 0 && bytes.Compare(e.key, upper) < 0 {
					got = append(got, formatValue(e.sk))
				}
				if valueEqual(e.pk, pks[0]) && matches(op, e.sk, a, b) {
					want = append(want, formatValue(e.sk))
				}
			}
			if !slices.Equal(got, want) {
				t.Fatalf("op %d a=%s b=%s:\ngot  %v\nwant %v", op, formatValue(a), formatValue(b), got, want)
			}
		}
	}
}

// matches is DynamoDB's meaning of a sort-key condition.
func matches(op Op, sk, a, b attr.Value) bool {
	c := compareValues(sk, a)
	switch op {
	case OpEQ:
		return c == 0
	case OpLT:
		return c < 0
	case OpLE:
		return c <= 0
	case OpGT:
		return c > 0
	case OpGE:
		return c >= 0
	case OpBetween:
		return c >= 0 && compareValues(sk, b) <= 0
	case OpBeginsWith:
		if sk.Kind == attr.KindB {
			return bytes.HasPrefix(sk.B, a.B)
		}
		return strings.HasPrefix(sk.S, a.S)
	}
	return false
}

// TestSegmentSpan checks that segments tile the table and that each key
// falls in the segment its hash names.
func TestSegmentSpan(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for _, total := range []int{1, 2, 3, 7, 1000, 1000000} {
		lower, upper := TableSpan(5)
		prev := lower
		for _, s := range []int{0, 1, total / 2, total - 1} {
			if s >= total {
				continue
			}
			l, u, err := SegmentSpan(5, s, total)
			if err != nil || bytes.Compare(l, u) >= 0 {
				t.Fatalf("segment %d/%d = %x, %x, %v", s, total, l, u, err)
			}
			if s == 0 && !bytes.HasPrefix(l, prev) {
				t.Fatalf("segment 0 starts at %x, not at the table start", l)
			}
			if s == total-1 && !bytes.Equal(u, upper) {
				t.Fatalf("last segment ends at %x, not %x", u, upper)
			}
		}
		for range 1000 {
			pk := randValue(r, attr.KindS)
			key, _ := ItemKey(5, pk, nil)
			h, _ := PartitionHash(pk)
			s := int((h>>32)*uint64(total)>>32) - 1 // a guess near the right segment
			found := 0
			for i := max(s, 0); i < min(s+3, total); i++ {
				l, u, _ := SegmentSpan(5, i, total)
				if bytes.Compare(l, key) <= 0 && bytes.Compare(key, u) < 0 {
					found++
				}
			}
			if found != 1 {
				t.Fatalf("key %x (hash %x) in %d segments near %d of %d", key, h, found, s, total)
			}
		}
	}
	if _, _, err := SegmentSpan(5, 3, 3); err == nil {
		t.Error("SegmentSpan(5, 3, 3) succeeded")
	}
}

func TestPrefixEnd(t *testing.T) {
	for _, tc := range []struct{ in, want []byte }{
		{[]byte{1, 2}, []byte{1, 3}},
		{[]byte{1, 0xFF}, []byte{2}},
		{[]byte{0xFF, 0xFF}, nil},
		{nil, nil},
	} {
		if got := PrefixEnd(tc.in); !bytes.Equal(got, tc.want) || (got == nil) != (tc.want == nil) {
			t.Errorf("PrefixEnd(%x) = %x; want %x", tc.in, got, tc.want)
		}
	}
	if got := KeyAfter([]byte{7}); !bytes.Equal(got, []byte{7, 0}) {
		t.Errorf("KeyAfter = %x", got)
	}
}

func TestCatalogKeys(t *testing.T) {
	type ref struct{ account, region, name string }
	refs := []ref{
		{"000000000000", "us-east-1", "b"}, {"000000000000", "us-east-1", "a"},
		{"000000000000", "us-east-1", "a.b"}, {"000000000000", "us-east-1", "a-b"},
		{"000000000000", "us-east-1", "A"}, {"000000000000", "us-east-1", "ab"},
		{"000000000000", "eu-west-1", "a_b"}, {"000000000000", "us-east-10", "Music"},
		{"111111111111", "us-east-1", "Music"}, {"000000000000", "us-east-1", "Music"},
	}
	keys := make([][]byte, len(refs))
	for i, r := range refs {
		keys[i] = CatalogKey(r.account, r.region, r.name)
	}
	slices.SortFunc(keys, bytes.Compare)
	slices.SortFunc(refs, func(x, y ref) int {
		return cmp.Or(cmp.Compare(x.account, y.account), cmp.Compare(x.region, y.region), cmp.Compare(x.name, y.name))
	})
	lower, upper := CatalogSpan()
	for i, k := range keys {
		a, r, n, err := DecodeCatalogKey(k)
		if err != nil || (ref{a, r, n}) != refs[i] {
			t.Errorf("catalog key %d: %q %q %q, %v; want %v", i, a, r, n, err, refs[i])
		}
		if bytes.Compare(k, lower) < 0 || bytes.Compare(k, upper) >= 0 {
			t.Errorf("catalog key %x outside span", k)
		}
	}
	for _, bad := range [][]byte{
		{SpaceCatalog, 'a', 0, 1, 2},
		{SpaceCatalog, 'a', 0, 1, 'b', 0, 1, 'c', 0, 1, 2},
		{SpaceCatalog, 'a', 0, 1}, // a key of before namespaces: one part
	} {
		if _, _, _, err := DecodeCatalogKey(bad); !errors.Is(err, ErrCorrupt) {
			t.Errorf("DecodeCatalogKey(%x) accepted: %v", bad, err)
		}
	}
}

// TestHashIsXXH64 pins the partition hash to XXH64 with seed 0 (the
// published test vector for the empty input), and to its input: the
// encoded partition key.
func TestHashIsXXH64(t *testing.T) {
	if got := xxhash.Sum64(nil); got != 0xef46db3751d8e999 {
		t.Fatalf("XXH64(\"\") = %x", got)
	}
	h, err := PartitionHash(attr.Str("a"))
	if want := xxhash.Sum64([]byte{tagS, 'a', 0x00, 0x01}); err != nil || h != want {
		t.Fatalf("PartitionHash(S a) = %x, %v; want %x", h, err, want)
	}
}
