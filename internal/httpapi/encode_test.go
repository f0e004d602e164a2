package httpapi

import (
	"bytes"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/attr"
)

// checkEncodesAsMarshal fails unless appendOutput writes exactly what
// marshal writes for out, or fails where marshal fails.
func checkEncodesAsMarshal(t *testing.T, out any) {
	t.Helper()
	want, wantErr := marshal(out)
	got, ok, err := appendOutput([]byte("prefix"), out)
	if !ok {
		t.Fatalf("appendOutput does not encode %T", out)
	}
	if (err != nil) != (wantErr != nil) {
		t.Fatalf("appendOutput error %v, marshal error %v", err, wantErr)
	}
	if err != nil {
		return
	}
	if !bytes.HasPrefix(got, []byte("prefix")) || !bytes.Equal(got[len("prefix"):], want) {
		t.Fatalf("appendOutput wrote\n%s\nmarshal wrote\n%s", got, want)
	}
}

// trickyStrings hold everything the two string escapers of encoding/json
// and attr treat differently or specially.
var trickyStrings = []string{
	"", "a", "plain text", "<&>", `quote " and \ backslash`, "\n\r\t\b\f\x00\x01\x1f\x7f",
	"line\u2028sep\u2029para", "bad \xff utf8 \xc3", "é ü 日本 🎉", "\u2027\u202a",
}

func randString(r *rand.Rand) string {
	if r.IntN(3) == 0 {
		return trickyStrings[r.IntN(len(trickyStrings))]
	}
	const alphabet = "ab<>&\"\\\n\x01\u2028\u2029é\xff"
	runes := []rune(alphabet)
	n := r.IntN(6)
	var b []byte
	for range n {
		if r.IntN(8) == 0 {
			b = append(b, 0xff) // invalid UTF-8
			continue
		}
		b = append(b, string(runes[r.IntN(len(runes))])...)
	}
	return string(b)
}

func randValue(r *rand.Rand, depth int) attr.Value {
	k := r.IntN(10)
	if depth > 3 && k >= 5 && k <= 6 {
		k = 0
	}
	switch k {
	case 0:
		return attr.Str(randString(r))
	case 1:
		return attr.Num([]string{"0", "-1.5", "12345678901234567890123456789012345678", "1E+2"}[r.IntN(4)])
	case 2:
		return attr.Bin([]byte(randString(r)))
	case 3:
		return attr.Bool(r.IntN(2) == 0)
	case 4:
		return attr.Null()
	case 5:
		l := make([]attr.Value, r.IntN(4))
		for i := range l {
			l[i] = randValue(r, depth+1)
		}
		return attr.List(l...)
	case 6:
		return attr.Map(randItem(r, depth+1))
	case 7:
		return attr.StrSet(randString(r), randString(r)+"x")
	case 8:
		return attr.NumSet("1", "2.5")
	default:
		return attr.BinSet([]byte{0, 1}, []byte(randString(r)))
	}
}

func randItem(r *rand.Rand, depth int) attr.Item {
	it := attr.Item{}
	for range r.IntN(5) {
		it[randString(r)] = randValue(r, depth)
	}
	return it
}

func TestAppendOutputMatchesMarshal(t *testing.T) {
	half, big, tiny := 0.5, 1e21, 1e-7
	cc := &api.ConsumedCapacity{
		CapacityUnits: 1.5, TableName: "t", ReadCapacityUnits: &half, WriteCapacityUnits: &big,
		Table:                  &api.Capacity{CapacityUnits: &tiny},
		GlobalSecondaryIndexes: map[string]api.Capacity{"g1": {CapacityUnits: &half}, "g0": {}},
	}
	icm := &api.ItemCollectionMetrics{
		ItemCollectionKey:   attr.Item{"pk": attr.Str("<a&b>")},
		SizeEstimateRangeGB: []float64{0, 1},
	}
	item := attr.Item{"pk": attr.Str("x"), "n": attr.Num("1.5"), "line\u2028name": attr.Map(attr.Item{"in\u2029ner": attr.Str("v\u2028")})}
	zero := attr.Item{"bad": {}}
	nested := attr.Item{"l": attr.List(attr.Str("a"), attr.Value{})}
	outs := []any{
		struct{}{},
		&api.GetItemOutput{}, &api.GetItemOutput{Item: attr.Item{}}, &api.GetItemOutput{Item: item},
		&api.GetItemOutput{Item: item, ConsumedCapacity: cc}, &api.GetItemOutput{Item: zero},
		&api.GetItemOutput{Item: nested},
		&api.PutItemOutput{}, &api.PutItemOutput{Attributes: attr.Item{}}, &api.PutItemOutput{Attributes: item},
		&api.PutItemOutput{Attributes: item, ConsumedCapacity: cc, ItemCollectionMetrics: icm},
		&api.PutItemOutput{ItemCollectionMetrics: &api.ItemCollectionMetrics{}},
		&api.UpdateItemOutput{Attributes: item, ConsumedCapacity: cc}, &api.UpdateItemOutput{Attributes: zero},
		&api.DeleteItemOutput{Attributes: item, ItemCollectionMetrics: icm}, &api.DeleteItemOutput{},
		&api.QueryOutput{}, &api.QueryOutput{Items: []attr.Item{}}, &api.QueryOutput{Items: []attr.Item{nil, item, {}}},
		&api.QueryOutput{Count: 2, ScannedCount: 7, Items: []attr.Item{item, item}, LastEvaluatedKey: item, ConsumedCapacity: cc},
		&api.QueryOutput{LastEvaluatedKey: attr.Item{}}, &api.QueryOutput{Items: []attr.Item{zero}},
		&api.ScanOutput{Count: -1, ScannedCount: math.MaxInt64, Items: []attr.Item{item}, LastEvaluatedKey: item},
		&api.QueryOutput{ConsumedCapacity: &api.ConsumedCapacity{CapacityUnits: math.NaN()}},
	}
	for _, out := range outs {
		checkEncodesAsMarshal(t, out)
	}
	r := rand.New(rand.NewPCG(7, 11))
	for range 2000 {
		it := randItem(r, 1)
		checkEncodesAsMarshal(t, &api.GetItemOutput{Item: it})
		checkEncodesAsMarshal(t, &api.QueryOutput{Count: 1, Items: []attr.Item{it, randItem(r, 1)}, LastEvaluatedKey: randItem(r, 1)})
	}
}

func TestAppendOutputLeavesOthers(t *testing.T) {
	if _, ok, _ := appendOutput(nil, &api.DescribeTableOutput{}); ok {
		t.Fatal("appendOutput encoded a DescribeTableOutput")
	}
}

// TestAppendOutputEncodedItems checks that items given as stored encode as
// the same items decoded would.
func TestAppendOutputEncodedItems(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	checked := 0
	for range 2000 {
		it, next := randItem(r, 1), randItem(r, 1)
		enc, encNext := attr.AppendItem(nil, it), attr.AppendItem(nil, next)
		dec, err1 := attr.DecodeItem(enc)
		decNext, err2 := attr.DecodeItem(encNext)
		if err1 != nil || err2 != nil {
			continue // a number randItem leaves unnormalised
		}
		checked++
		for _, c := range []struct{ encoded, decoded any }{
			{&api.GetItemOutput{EncodedItem: enc}, &api.GetItemOutput{Item: dec}},
			{&api.QueryOutput{Count: 2, EncodedItems: [][]byte{enc, encNext}, LastEvaluatedKey: dec},
				&api.QueryOutput{Count: 2, Items: []attr.Item{dec, decNext}, LastEvaluatedKey: dec}},
			{&api.ScanOutput{EncodedItems: [][]byte{}}, &api.ScanOutput{Items: []attr.Item{}}},
		} {
			got, ok, err := appendOutput(nil, c.encoded)
			want, werr := marshal(c.decoded)
			if !ok || err != nil || werr != nil || !bytes.Equal(got, want) {
				t.Fatalf("encoded items wrote %s (%v), decoded ones %s (%v)", got, err, want, werr)
			}
		}
	}
	if checked < 500 {
		t.Fatalf("only %d items checked", checked)
	}
	if _, _, err := appendOutput(nil, &api.GetItemOutput{EncodedItem: []byte{9}}); err == nil {
		t.Fatal("a corrupt encoded item encoded without error")
	}
}
