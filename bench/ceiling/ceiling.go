// Package ceiling is the load generator's ceiling target: an http.Handler
// that answers every DynamoDB request with a canned response of the right
// shape and size for the operation named in X-Amz-Target, and does nothing
// else. What it costs per request is the cost of HTTP, the JSON 1.0
// framing and the client alone, the floor under any real server measured
// with the same load.
//
// It reads the whole request body (a real server must) but parses none of
// it and checks no signature. Responses are built once, at New, with their
// x-amz-crc32 (the CRC32, IEEE, of the body), which the AWS SDKs check.
package ceiling

import (
	"encoding/json"
	"hash/crc32"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/basalt-db/basalt/bench/internal/workload"
)

// TargetPrefix starts every DynamoDB X-Amz-Target.
const TargetPrefix = "DynamoDB_20120810."

// Options shape the canned answers. Zero fields take the defaults noted.
type Options struct {
	// ItemSize is the size of each returned item as DynamoDB counts it.
	// Default 1000.
	ItemSize int
	// ScanLimit is how many items each Scan page holds. Default 100.
	ScanLimit int
}

// Handler answers DynamoDB requests with canned responses. It is safe for
// concurrent use and never changes after New.
type Handler struct {
	answers map[string]answer // by operation name
	unknown answer
}

// answer is one canned response.
type answer struct {
	status int
	body   []byte
	crc    []string // x-amz-crc32 header value
	length []string // Content-Length header value
}

// contentType is what DynamoDB answers a JSON 1.0 request with.
var contentType = []string{"application/x-amz-json-1.0"}

// requestID is the x-amzn-RequestId of every answer.
var requestID = []string{"CEILING0000000000000000000000000000000000000000000000"[:52]}

// New returns a Handler whose answers follow opts.
func New(opts Options) *Handler {
	if opts.ItemSize <= 0 {
		opts.ItemSize = 1000
	}
	if opts.ScanLimit <= 0 {
		opts.ScanLimit = 100
	}
	data := workload.NewPayload(workload.PayloadLen(opts.ItemSize)).At(0)
	item := func(p, s int) []byte { return workload.AppendItemJSON(nil, workload.Key{P: p, S: s}, data) }
	items := func(n int) []byte {
		b := []byte{'['}
		for i := range n {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, item(i/workload.ItemsPerPartition, i%workload.ItemsPerPartition)...)
		}
		return append(b, ']')
	}
	table := tableDescription()
	lastKey := workload.AppendKeyJSON(nil, workload.Key{P: opts.ScanLimit / workload.ItemsPerPartition})
	n := workload.ItemsPerPartition
	h := &Handler{
		answers: map[string]answer{
			"ListTables":     ok(`{"TableNames":["` + workload.Table + `"]}`),
			"CreateTable":    ok(`{"TableDescription":` + table + `}`),
			"DescribeTable":  ok(`{"Table":` + table + `}`),
			"DeleteTable":    ok(`{"TableDescription":` + table + `}`),
			"PutItem":        ok(`{}`),
			"UpdateItem":     ok(`{}`),
			"DeleteItem":     ok(`{}`),
			"GetItem":        ok(`{"Item":` + string(item(0, 0)) + `}`),
			"BatchWriteItem": ok(`{"UnprocessedItems":{}}`),
			"Query": ok(`{"Count":` + strconv.Itoa(n) + `,"Items":` + string(items(n)) +
				`,"ScannedCount":` + strconv.Itoa(n) + `}`),
			"Scan": ok(`{"Count":` + strconv.Itoa(opts.ScanLimit) + `,"Items":` + string(items(opts.ScanLimit)) +
				`,"LastEvaluatedKey":` + string(lastKey) + `,"ScannedCount":` + strconv.Itoa(opts.ScanLimit) + `}`),
		},
		unknown: newAnswer(http.StatusBadRequest,
			`{"__type":"com.amazon.coral.service#UnknownOperationException","message":"ceiling: unknown operation"}`),
	}
	return h
}

// ok is a 200 answer with body.
func ok(body string) answer { return newAnswer(http.StatusOK, body) }

// newAnswer precomputes the headers of an answer; body must be valid JSON.
func newAnswer(status int, body string) answer {
	if !json.Valid([]byte(body)) {
		panic("ceiling: canned body is not JSON: " + body)
	}
	b := []byte(body)
	return answer{
		status: status,
		body:   b,
		crc:    []string{strconv.FormatUint(uint64(crc32.ChecksumIEEE(b)), 10)},
		length: []string{strconv.Itoa(len(b))},
	}
}

// tableDescription is the TableDescription of the bench table, ACTIVE.
func tableDescription() string {
	return `{"AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"S"}],` +
		`"BillingModeSummary":{"BillingMode":"PAY_PER_REQUEST"},"CreationDateTime":1.7E9,"ItemCount":0,` +
		`"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],` +
		`"ProvisionedThroughput":{"NumberOfDecreasesToday":0,"ReadCapacityUnits":0,"WriteCapacityUnits":0},` +
		`"TableArn":"arn:aws:dynamodb:us-east-1:000000000000:table/` + workload.Table + `",` +
		`"TableName":"` + workload.Table + `","TableSizeBytes":0,"TableStatus":"ACTIVE"}`
}

// ServeHTTP reads and discards the request body, then writes the canned
// answer for the operation in X-Amz-Target (an UnknownOperationException,
// 400, for any other).
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	io.Copy(io.Discard, r.Body) // an unreadable body still gets an answer
	a, found := h.answers[strings.TrimPrefix(r.Header.Get("X-Amz-Target"), TargetPrefix)]
	if !found {
		a = h.unknown
	}
	hdr := w.Header()
	hdr["Content-Type"] = contentType
	hdr["Content-Length"] = a.length
	hdr["X-Amz-Crc32"] = a.crc
	hdr["X-Amzn-Requestid"] = requestID
	w.WriteHeader(a.status)
	w.Write(a.body) // a failed write means the client has gone
}
