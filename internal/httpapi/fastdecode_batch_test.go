package httpapi

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/benchdata"
)

// batchWriteBody is a BatchWriteItem of n puts of the benchmarks' item, as
// an SDK sends it.
func batchWriteBody(n int) string {
	var b strings.Builder
	b.WriteString(`{"RequestItems":{"` + benchdata.Table + `":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"PutRequest":{"Item":` + benchdata.ItemJSON(benchdata.PK(i), i) + `}}`)
	}
	b.WriteString(`]}}`)
	return b.String()
}

func batchWriteCase(t *testing.T) fastCase {
	for _, c := range fastCases() {
		if c.op == "BatchWriteItem" {
			return c
		}
	}
	t.Fatal("no BatchWriteItem fast case")
	return fastCase{}
}

func TestFastBatchWriteFieldLists(t *testing.T) {
	got := slices.Sorted(slices.Values(writeRequestFields))
	want := slices.Sorted(slices.Values(jsonNames(reflect.TypeFor[api.WriteRequest]())))
	if !slices.Equal(got, want) {
		t.Errorf("WriteRequest fields %v, the struct has %v", got, want)
	}
	for _, c := range []struct {
		field string
		typ   reflect.Type
	}{{"Item", reflect.TypeFor[api.PutRequest]()}, {"Key", reflect.TypeFor[api.DeleteRequest]()}} {
		if names := jsonNames(c.typ); !slices.Equal(names, []string{c.field}) {
			t.Errorf("%s has fields %v, the fast path decodes only %s", c.typ, names, c.field)
		}
	}
}

func TestFastBatchWriteMatchesGeneral(t *testing.T) {
	c := batchWriteCase(t)
	taken := []string{
		batchWriteBody(1), batchWriteBody(25),
		`{"RequestItems":{"t":[{"DeleteRequest":{"Key":{"k":{"S":"v"}}}},{"PutRequest":{"Item":{"k":{"S":"w"}}}}],` +
			`"u":[{"PutRequest":{"Item":{"k":{"N":"1.50"},"b":{"B":"AQI="}}}}]},` +
			`"ReturnConsumedCapacity":"INDEXES","ReturnItemCollectionMetrics":"SIZE"}`,
		`{"RequestItems":{}}`, `{"RequestItems":{"t":[]}}`, `{"RequestItems":{"t":[{}]}}`,
		`{"RequestItems":{"t":[{"PutRequest":{}}]}}`, `{"RequestItems":{"t":[{"DeleteRequest":{}}]}}`,
		`{"RequestItems":{"t":[{"PutRequest":{"Item":{}}}]}}`,
		`{"RequestItems":{"t":[{"PutRequest":{"Item":{"k":{"S":"v"}}},"DeleteRequest":{"Key":{"k":{"S":"v"}}}}]}}`,
		`{"RequestItems":{"t\u00e9\\u0041":[{"PutRequest":{"Item":{"k":{"S":"v"}},"Other":[1]},"More":{}}]},"Unknown":2}`,
		` { "RequestItems" : { "t" : [ { "PutRequest" : { "Item" : { "k" : { "S" : "v" } } } } ] } } `,
	}
	for _, body := range taken {
		if !checkFastDecode(t, c, []byte(body)) {
			t.Errorf("the fast path refused %s", body)
		}
	}
	refused := []string{
		`{"RequestItems":null}`, `{"RequestItems":[]}`, `{"RequestItems":{"t":null}}`, `{"RequestItems":{"t":{}}}`,
		`{"RequestItems":{"t":[null]}}`, `{"RequestItems":{"t":[1]}}`, `{"RequestItems":{"t":[[]]}}`,
		`{"RequestItems":{"t":[],"t":[]}}`, `{"RequestItems":{"t":[],"\u0074":[]}}`,
		`{"RequestItems":{"t":[{"PutRequest":null}]}}`, `{"RequestItems":{"t":[{"DeleteRequest":null}]}}`,
		`{"RequestItems":{"t":[{"PutRequest":{"Item":null}}]}}`, `{"RequestItems":{"t":[{"DeleteRequest":{"Key":null}}]}}`,
		`{"RequestItems":{"t":[{"PutRequest":{},"PutRequest":{}}]}}`,
		`{"RequestItems":{"t":[{"DeleteRequest":{},"DeleteRequest":{}}]}}`,
		`{"RequestItems":{"t":[{"PutRequest":{"Item":{},"Item":{}}}]}}`,
		`{"RequestItems":{"t":[{"DeleteRequest":{"Key":{},"Key":{}}}]}}`,
		`{"RequestItems":{"t":[{"putrequest":{}}]}}`, `{"RequestItems":{"t":[{"DELETEREQUEST":{}}]}}`,
		`{"RequestItems":{"t":[{"PutRequest":{"item":{}}}]}}`, `{"RequestItems":{"t":[{"DeleteRequest":{"KEY":{}}}]}}`,
		`{"RequestItems":{"t":[{"PutRequest":{"Key":{}}}]}}` + "x", `{"RequestItems":{"t":[{"Put\u0052equest":{}}]}}`,
		`{"RequestItems":{"t":[{"PutRequest":{"Item":{"k":{"S":1}}}}]}}`,
		`{"RequestItems":{"t":[{"PutRequest":{"Item":{"k":{"B":"!!"}}}}]}}`,
		`{"RequestItems":{"t":[{"PutRequest":{"Item":{"k":{"N":"x"}}}}]}}` + ",",
		`{"RequestItems":{"t":[{"PutRequest":{"Item":{"k":{}}}}]}}`,
		`{"RequestItems":{"t":[{"PutRequest":{"Item":{"k":{"S":"v"}}}},]}}`,
		`{"RequestItems":{"t":[{"PutRequest":{"Item":{"k":{"S":"v"}}}}]},}`,
		`{"RequestItems":{"t":[{"PutRequest":{"Item":{"k":{"S":"v"}}}}]}`,
		`{"RequestItems":{"t":[]},"RequestItems":{"u":[]}}`, `{"requestitems":{}}`, `{"ReturnConsumedCapacity":1}`,
		`{"ReturnItemCollectionMetrics":null}`,
	}
	for _, body := range refused {
		if checkFastDecode(t, c, []byte(body)) {
			t.Errorf("the fast path took %q", body)
		}
	}
}

func TestFastBatchWriteErrorsAsBefore(t *testing.T) {
	// A body the fast path refuses gets the general path's answer: the
	// same SerializationException it always got.
	h := newHarness(t, &fakeService{}, Options{})
	for _, body := range []string{
		`{"RequestItems":{"t":[{"PutRequest":{"Item":{"k":{"S":1}}}}]}}`,
		`{"RequestItems":{"t":[{"PutRequest":{"Item":[]}}]}}`,
		`{"RequestItems":{"t":[1]}}`, `{"RequestItems":{"t":{}}}`,
	} {
		r := h.do(h.request("BatchWriteItem", body))
		if r.status != 400 || !strings.Contains(r.body, "SerializationException") {
			t.Errorf("%s: answered %d %s", body, r.status, r.body)
		}
	}
}

// BenchmarkDecodeBatchWrite measures decoding a BatchWriteItem of 25 puts
// of the benchmarks' item: the fast path, and the general one it replaces
// (json.Valid, then decodeRequest).
func BenchmarkDecodeBatchWrite(b *testing.B) {
	body := []byte(batchWriteBody(25))
	b.Run("fast", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		for b.Loop() {
			var in api.BatchWriteItemInput
			if !fastBatchWriteItem(&in, body) {
				b.Fatal("refused")
			}
		}
	})
	b.Run("general", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		for b.Loop() {
			var in api.BatchWriteItemInput
			if !json.Valid(body) {
				b.Fatal("invalid")
			}
			if err := decodeRequest(body, &in); err != nil {
				b.Fatal(err)
			}
		}
	})
}
