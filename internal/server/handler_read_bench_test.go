package server

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/basalt-db/basalt/internal/benchdata"
)

// The read path on the load generator's workload (bench/internal/workload,
// which this package cannot import, so its shape is repeated here): table
// readTable keyed pk (S) and sk (S), partitions of readPartitionSize items
// {"pk":{"S":"p0000123"},"sk":{"S":"s07"},"n":{"N":"0"},"data":{"S":<975
// lowercase letters and digits>}}, about 1 KB as DynamoDB counts them, and
// the request bodies aws-sdk-go-v2 sends for them (members in the order
// its serializers write them).

const (
	readTable         = "reads"
	readPartitions    = 300
	readPartitionSize = 10
	readDataLen       = 975
	readScanLimit     = 100
)

const readCreateTableBody = `{"TableName":"` + readTable + `","BillingMode":"PAY_PER_REQUEST",` +
	`"AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"S"}],` +
	`"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}]}`

func readPK(p int) string { return "p" + zeroPad(p, 7) }
func readSK(s int) string { return "s" + zeroPad(s, 2) }

func zeroPad(n, width int) string {
	s := strconv.Itoa(n)
	return strings.Repeat("0", max(width-len(s), 0)) + s
}

// readPayload is the data of item i: a window of a fixed pseudo-random
// sequence of lowercase letters and digits, as the workload cuts them.
func readPayload(i int) string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, readDataLen)
	x := uint64(0x9E3779B97F4A7C15) + uint64(i)*0x2545F4914F6CDD1D
	for j := range b {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		b[j] = alphabet[x%uint64(len(alphabet))]
	}
	return string(b)
}

func readKeyJSON(p, s int) string {
	return `{"pk":{"S":"` + readPK(p) + `"},"sk":{"S":"` + readSK(s) + `"}}`
}

// newReadBenchHandler returns an in-memory bench server holding readTable,
// loaded with readPartitions partitions.
func newReadBenchHandler(tb testing.TB) http.Handler {
	tb.Helper()
	h := newBenchHandler(tb, true, false)
	mustServe(tb, h, "CreateTable", readCreateTableBody)
	put := benchdata.NewRequest("PutItem")
	for p := range readPartitions {
		for s := range readPartitionSize {
			body := `{"Item":{"pk":{"S":"` + readPK(p) + `"},"sk":{"S":"` + readSK(s) + `"},"n":{"N":"0"},"data":{"S":"` +
				readPayload(p*readPartitionSize+s) + `"}},"TableName":"` + readTable + `"}`
			if w := put.Serve(h, []byte(body)); w.Status != 200 {
				tb.Fatalf("loading: PutItem = %d %s", w.Status, w.Body.String())
			}
		}
	}
	return h
}

func readGetItemCase() benchCase {
	return benchCase{
		target: "GetItem",
		bodies: bodies(readPartitions*readPartitionSize, func(i int) string {
			return `{"Key":` + readKeyJSON(i*7%readPartitions, i%readPartitionSize) + `,"TableName":"` + readTable + `"}`
		}),
		check: func(tb testing.TB, answer string) {
			if !strings.HasPrefix(answer, `{"Item":{"data":{"S":"`) {
				tb.Fatalf("GetItem answered %.200s…", answer)
			}
		},
	}
}

func readQueryCase() benchCase {
	return benchCase{
		target: "Query",
		bodies: bodies(readPartitions, func(i int) string {
			return `{"ExpressionAttributeValues":{":p":{"S":"` + readPK(i*7%readPartitions) + `"}},` +
				`"KeyConditionExpression":"pk = :p","TableName":"` + readTable + `"}`
		}),
		check: func(tb testing.TB, answer string) {
			if !strings.HasPrefix(answer, `{"Count":10,"Items":[{`) || !strings.HasSuffix(answer, `"ScannedCount":10}`) {
				tb.Fatalf("Query answered %.200s…", answer)
			}
		},
	}
}

// readScanCase pages through the whole table readScanLimit items at a
// time, as the workload's Scan does: every body but the first resumes from
// its predecessor's LastEvaluatedKey.
func readScanCase(tb testing.TB, h http.Handler) benchCase {
	tb.Helper()
	first := `{"Limit":` + strconv.Itoa(readScanLimit) + `,"TableName":"` + readTable + `"}`
	c := benchCase{
		target: "Scan",
		check: func(tb testing.TB, answer string) {
			if !strings.HasPrefix(answer, `{"Count":100,"Items":[{`) || !strings.HasSuffix(answer, `"ScannedCount":100}`) {
				tb.Fatalf("Scan answered %.200s…", answer)
			}
		},
	}
	req := benchdata.NewRequest("Scan")
	body := first
	for {
		w := req.Serve(h, []byte(body))
		if w.Status != 200 {
			tb.Fatalf("Scan = %d %s", w.Status, w.Body.String())
		}
		var out struct{ LastEvaluatedKey json.RawMessage }
		if err := json.Unmarshal(w.Body.Bytes(), &out); err != nil {
			tb.Fatal(err)
		}
		if out.LastEvaluatedKey == nil {
			break
		}
		body = `{"ExclusiveStartKey":` + string(out.LastEvaluatedKey) + `,"Limit":` + strconv.Itoa(readScanLimit) +
			`,"TableName":"` + readTable + `"}`
		c.bodies = append(c.bodies, []byte(body))
	}
	// Pages short of the limit (the table's last) would fail check.
	n := readPartitions * readPartitionSize / readScanLimit
	c.bodies = c.bodies[:min(len(c.bodies), n-1)]
	return c
}

// BenchmarkHandlerRead measures the read path end to end through the
// server's handler, in memory, on the load generator's workload: GetItem
// of one item, a Query of a 10-item partition, and a Scan page of 100
// items resuming from an ExclusiveStartKey. cpu-ns/op is the process's CPU
// time per request.
func BenchmarkHandlerRead(b *testing.B) {
	h := newReadBenchHandler(b)
	b.Run("GetItem", func(b *testing.B) { runCase(b, h, readGetItemCase()) })
	b.Run("Query10", func(b *testing.B) { runCase(b, h, readQueryCase()) })
	b.Run("Scan100", func(b *testing.B) { runCase(b, h, readScanCase(b, h)) })
}
