package httpapi

import (
	"context"
	"encoding/json"
	"log/slog"
	"testing"

	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/attr"
	"github.com/basalt-db/basalt/internal/benchdata"
)

// The HTTP layer's own work on the benchmarks' requests (see benchdata):
// decoding request bodies, encoding answers, and a whole exchange through
// the Handler over a service that answers at once.

// decodeAsHandler decodes body for the operation target as the Handler
// does between reading the body and calling the service.
func decodeAsHandler(ops map[string]*operation, target string, body []byte, in func() any) (any, error) {
	if v, ok := ops[target].decodeFast(body); ok {
		return v, nil
	}
	if !json.Valid(body) {
		return nil, errSerialization()
	}
	v := in()
	return v, decodeRequest(body, v)
}

func BenchmarkDecode(b *testing.B) {
	ops := operations(&fakeService{})
	pk := benchdata.PK(123)
	for _, c := range []struct {
		name string
		body string
		in   func() any
	}{
		{"GetItem", benchdata.GetItemBody(pk, 7), func() any { return new(api.GetItemInput) }},
		{"PutItem", benchdata.PutItemBody(pk, 7), func() any { return new(api.PutItemInput) }},
		{"Query", benchdata.QueryBody(pk), func() any { return new(api.QueryInput) }},
		{"UpdateItem", benchdata.UpdateItemBody(pk, 7), func() any { return new(api.UpdateItemInput) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			body := []byte(c.body)
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := decodeAsHandler(ops, c.name, body, c.in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// encodeAsHandler encodes out as the Handler does, into buf.
func encodeAsHandler(buf []byte, out any) ([]byte, error) {
	if b, ok, err := appendOutput(buf, out); ok && err == nil {
		return b, nil
	}
	return marshal(out)
}

// benchOutputs are the answers of the benchmarks' requests: GetItem's item,
// PutItem's empty answer, and a Query of a 10-item partition.
func benchOutputs(tb testing.TB) (get *api.GetItemOutput, put *api.PutItemOutput, query *api.QueryOutput) {
	tb.Helper()
	pk := benchdata.PK(123)
	item := func(sk int) attr.Item {
		it, err := attr.UnmarshalItem([]byte(benchdata.ItemJSON(pk, sk)))
		if err != nil {
			tb.Fatal(err)
		}
		return it
	}
	query = &api.QueryOutput{Count: benchdata.PartitionSize, ScannedCount: benchdata.PartitionSize}
	for sk := range benchdata.PartitionSize {
		query.Items = append(query.Items, item(sk))
	}
	return &api.GetItemOutput{Item: item(7)}, &api.PutItemOutput{}, query
}

func BenchmarkEncode(b *testing.B) {
	get, put, query := benchOutputs(b)
	for _, c := range []struct {
		name string
		out  any
	}{{"GetItem", get}, {"PutItem", put}, {"Query", query}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			var buf []byte
			for b.Loop() {
				var err error
				if buf, err = encodeAsHandler(buf[:0], c.out); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkHandlerOverhead is a whole exchange through the Handler
// (framing checks, request id, decoding, encoding, CRC, headers) with a
// service that answers at once with a canned output: the HTTP layer's
// share of a request.
func BenchmarkHandlerOverhead(b *testing.B) {
	get, put, query := benchOutputs(b)
	svc := &fakeService{
		getItem: func(context.Context, *api.GetItemInput) (*api.GetItemOutput, error) { return get, nil },
		putItem: func(context.Context, *api.PutItemInput) (*api.PutItemOutput, error) { return put, nil },
		query:   func(context.Context, *api.QueryInput) (*api.QueryOutput, error) { return query, nil },
		updateItem: func(context.Context, *api.UpdateItemInput) (*api.UpdateItemOutput, error) {
			return &api.UpdateItemOutput{}, nil
		},
	}
	h := New(svc, Options{Logger: slog.New(slog.DiscardHandler)})
	pk := benchdata.PK(123)
	for _, c := range []struct{ target, body string }{
		{"GetItem", benchdata.GetItemBody(pk, 7)},
		{"PutItem", benchdata.PutItemBody(pk, 7)},
		{"Query", benchdata.QueryBody(pk)},
		{"UpdateItem", benchdata.UpdateItemBody(pk, 7)},
	} {
		b.Run(c.target, func(b *testing.B) {
			req, body := benchdata.NewRequest(c.target), []byte(c.body)
			if w := req.Serve(h, body); w.Status != 200 {
				b.Fatalf("status %d: %s", w.Status, w.Body.String())
			}
			b.ReportAllocs()
			for b.Loop() {
				req.Serve(h, body)
			}
		})
	}
}
