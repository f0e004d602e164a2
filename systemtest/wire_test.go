package systemtest

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"hash/crc32"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// rawResponse is one HTTP exchange with the server, read whole.
type rawResponse struct {
	status int
	header http.Header
	body   []byte
}

// json decodes the body into a map, failing the test if it is not JSON.
func (r rawResponse) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("response body is not a JSON object: %v: %q", err, r.body)
	}
	return m
}

// rawOpts shape a raw request.
type rawOpts struct {
	target      string // X-Amz-Target; none when empty
	contentType string // defaults to application/x-amz-json-1.0
	noSign      bool   // send no Authorization header
	method      string // defaults to POST
	header      map[string]string
}

// rawClient sends requests as written: no transparent gzip, so that the
// body read is the body whose CRC32 the server announced.
var rawClient = &http.Client{Transport: &http.Transport{DisableCompression: true}}

// raw sends body to the shared server as the wire protocol prescribes,
// signed with SigV4 by the SDK's signer unless o.noSign.
func raw(t *testing.T, o rawOpts, body string) rawResponse {
	t.Helper()
	method := o.method
	if method == "" {
		method = http.MethodPost
	}
	req, err := http.NewRequestWithContext(ctxT(t), method, endpoint()+"/", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	ct := o.contentType
	if ct == "" {
		ct = "application/x-amz-json-1.0"
	}
	if method == http.MethodPost {
		req.Header.Set("Content-Type", ct)
	}
	if o.target != "" {
		req.Header.Set("X-Amz-Target", o.target)
	}
	if !o.noSign {
		sum := sha256.Sum256([]byte(body))
		creds := aws.Credentials{AccessKeyID: testAccessKey, SecretAccessKey: testSecretKey}
		if err := v4.NewSigner().SignHTTP(context.Background(), creds, req, hex.EncodeToString(sum[:]), "dynamodb", testRegion, time.Now()); err != nil {
			t.Fatalf("signing: %v", err)
		}
	}
	for k, v := range o.header {
		req.Header.Set(k, v)
	}
	resp, err := rawClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, o.target, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("reading the response: %v", err)
	}
	return rawResponse{status: resp.StatusCode, header: resp.Header, body: b}
}

// wantEnvelope asserts the headers every DynamoDB response carries: a
// request id and the CRC32 (IEEE) of the body, as the SDKs verify it.
func wantEnvelope(t *testing.T, r rawResponse) {
	t.Helper()
	if r.header.Get("X-Amzn-Requestid") == "" {
		t.Errorf("no x-amzn-RequestId header")
	}
	got := r.header.Get("X-Amz-Crc32")
	if want := strconv.FormatUint(uint64(crc32.ChecksumIEEE(r.body)), 10); got != want {
		t.Errorf("x-amz-crc32 = %q, want %s (CRC32 of the %d-byte body)", got, want, len(r.body))
	}
}

// wantWireError asserts a 400 whose body is {"__type": typ, ...} and, when
// msg is not empty, whose "message" is msg.
func wantWireError(t *testing.T, r rawResponse, typ, msg string) {
	t.Helper()
	wantEnvelope(t, r)
	if r.status != http.StatusBadRequest {
		t.Errorf("status = %d, want 400 (body %s)", r.status, r.body)
	}
	m := r.json(t)
	if m["__type"] != typ {
		t.Errorf("__type = %v, want %s (body %s)", m["__type"], typ, r.body)
	}
	if msg != "" && m["message"] != msg {
		t.Errorf("message = %q, want %q", m["message"], msg)
	}
}

const (
	target     = "DynamoDB_20120810."
	coral      = "com.amazon.coral.service#"
	validateNS = "com.amazon.coral.validate#"
	dynamoNS   = "com.amazonaws.dynamodb.v20120810#"
)

func TestWireHealthCheck(t *testing.T) {
	t.Parallel()
	r := raw(t, rawOpts{method: http.MethodGet, noSign: true}, "")
	if r.status != http.StatusOK {
		t.Errorf("GET / = %d, want 200 (body %q)", r.status, r.body)
	}
	wantEnvelope(t, r)
}

func TestWireSuccessfulCall(t *testing.T) {
	t.Parallel()
	r := raw(t, rawOpts{target: target + "ListTables"}, "{}")
	if r.status != http.StatusOK {
		t.Fatalf("ListTables = %d: %s", r.status, r.body)
	}
	wantEnvelope(t, r)
	if ct := r.header.Get("Content-Type"); ct != "application/x-amz-json-1.0" {
		t.Errorf("Content-Type = %q, want application/x-amz-json-1.0", ct)
	}
	if _, ok := r.json(t)["TableNames"].([]any); !ok {
		t.Errorf("ListTables body has no TableNames list: %s", r.body)
	}
	r2 := raw(t, rawOpts{target: target + "ListTables"}, "{}")
	if r.header.Get("X-Amzn-Requestid") == r2.header.Get("X-Amzn-Requestid") {
		t.Errorf("two requests share the request id %q", r.header.Get("X-Amzn-Requestid"))
	}
	// application/json is accepted too, and answered in kind.
	r3 := raw(t, rawOpts{target: target + "ListTables", contentType: "application/json"}, "{}")
	if r3.status != http.StatusOK {
		t.Errorf("ListTables as application/json = %d: %s", r3.status, r3.body)
	}
	wantEnvelope(t, r3)
}

func TestWireGzipResponse(t *testing.T) {
	t.Parallel()
	r := raw(t, rawOpts{target: target + "ListTables", header: map[string]string{"Accept-Encoding": "gzip"}}, "{}")
	if r.status != http.StatusOK {
		t.Fatalf("ListTables = %d: %s", r.status, r.body)
	}
	// The checksum covers the bytes on the wire, compressed or not.
	wantEnvelope(t, r)
	body := r.body
	if r.header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(bytes.NewReader(r.body))
		if err != nil {
			t.Fatalf("gzip body: %v", err)
		}
		if body, err = io.ReadAll(zr); err != nil {
			t.Fatalf("gunzip: %v", err)
		}
	}
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil || m["TableNames"] == nil {
		t.Errorf("ListTables body %q: %v", body, err)
	}
}

func TestWireUnknownOperation(t *testing.T) {
	t.Parallel()
	wantWireError(t, raw(t, rawOpts{target: target + "ListTable"}, "{}"), coral+"UnknownOperationException", "")
	wantWireError(t, raw(t, rawOpts{target: "whatever"}, "{}"), coral+"UnknownOperationException", "")
	wantWireError(t, raw(t, rawOpts{}, "{}"), coral+"UnknownOperationException", "")
}

func TestWireMissingAuthentication(t *testing.T) {
	t.Parallel()
	wantWireError(t, raw(t, rawOpts{target: target + "ListTables", noSign: true}, "{}"),
		coral+"MissingAuthenticationTokenException", "Request is missing Authentication Token")
}

func TestWireSerializationErrors(t *testing.T) {
	t.Parallel()
	wantWireError(t, raw(t, rawOpts{target: target + "ListTables"}, "hi"), coral+"SerializationException", "")
	wantWireError(t, raw(t, rawOpts{target: target + "DescribeTable"}, `{"TableName": `), coral+"SerializationException", "")
	wantWireError(t, raw(t, rawOpts{target: target + "DescribeTable"}, `{"TableName": 5}`), coral+"SerializationException", "")
	wantWireError(t, raw(t, rawOpts{target: target + "PutItem"}, `{"TableName": "abc", "Item": []}`), coral+"SerializationException", "")
	// The body is parsed before the operation is looked up.
	wantWireError(t, raw(t, rawOpts{target: target + "NoSuchThing"}, "hi"), coral+"SerializationException", "")
}

func TestWireErrorBodies(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := hashTable(t, c)
	missing := tableName("missing")
	wantWireError(t, raw(t, rawOpts{target: target + "DescribeTable"}, `{"TableName": "`+missing+`"}`),
		dynamoNS+"ResourceNotFoundException", "Requested resource not found: Table: "+missing+" not found")
	wantWireError(t, raw(t, rawOpts{target: target + "GetItem"}, `{"TableName": "`+missing+`", "Key": {"pk": {"S": "a"}}}`),
		dynamoNS+"ResourceNotFoundException", "Requested resource not found")
	wantWireError(t, raw(t, rawOpts{target: target + "PutItem"}, `{"TableName": "`+table+`", "Item": {"pk": {"S": "a"}}, "ReturnValues": "ALL_NEW"}`),
		validateNS+"ValidationException", "ReturnValues can only be ALL_OLD or NONE")
	put(t, c, table, Item{"pk": S("a")})
	wantWireError(t, raw(t, rawOpts{target: target + "PutItem"}, `{"TableName": "`+table+`", "Item": {"pk": {"S": "a"}}, "ConditionExpression": "attribute_not_exists(pk)"}`),
		dynamoNS+"ConditionalCheckFailedException", "The conditional request failed")
	wantWireError(t, raw(t, rawOpts{target: target + "CreateTable"}, `{"TableName": "`+table+`", "BillingMode": "PAY_PER_REQUEST",
		"AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}], "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}]}`),
		dynamoNS+"ResourceInUseException", "Table already exists: "+table)
	wantWireError(t, raw(t, rawOpts{target: target + "DescribeTable"}, `{}`),
		validateNS+"ValidationException", "The parameter 'TableName' is required but was not present in the request")
	wantWireError(t, raw(t, rawOpts{target: target + "PutItem"}, `{"TableName": "`+table+`"}`),
		validateNS+"ValidationException", "1 validation error detected: Value null at 'item' failed to satisfy constraint: Member must not be null")
}

func TestWireAttributeValueShapes(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := hashTable(t, c)
	putRaw := func(item string) rawResponse {
		return raw(t, rawOpts{target: target + "PutItem"}, `{"TableName": "`+table+`", "Item": `+item+`}`)
	}
	const empty = "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"
	wantWireError(t, putRaw(`{"pk": {"S": "a"}, "x": {}}`), validateNS+"ValidationException", empty)
	wantWireError(t, putRaw(`{"pk": {"S": "a"}, "x": {"M": {"y": {}}}}`), validateNS+"ValidationException", empty)
	wantWireError(t, putRaw(`{"pk": {"S": "a"}, "x": {"L": [{}]}}`), validateNS+"ValidationException", empty)
	wantWireError(t, putRaw(`{"pk": {"S": "a"}, "x": {"S": "a", "N": "1"}}`), validateNS+"ValidationException",
		"Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes")
	wantWireError(t, putRaw(`{"pk": {"S": "a"}, "x": {"NULL": false}}`), validateNS+"ValidationException",
		"One or more parameter values were invalid: Null attribute value types must have the value of true")

	// Numbers travel as strings and come back normalised; binaries as base64.
	r := putRaw(`{"pk": {"S": "n"}, "n": {"N": "001.50"}, "b": {"B": "AAEC/w=="}}`)
	if r.status != http.StatusOK {
		t.Fatalf("PutItem = %d: %s", r.status, r.body)
	}
	wantEnvelope(t, r)
	if string(bytes.TrimSpace(r.body)) != "{}" {
		t.Errorf("PutItem body = %s, want {}", r.body)
	}
	g := raw(t, rawOpts{target: target + "GetItem"}, `{"TableName": "`+table+`", "Key": {"pk": {"S": "n"}}, "ConsistentRead": true}`)
	var got struct {
		Item map[string]map[string]any
	}
	if err := json.Unmarshal(g.body, &got); err != nil {
		t.Fatalf("GetItem body %q: %v", g.body, err)
	}
	if got.Item["n"]["N"] != "1.5" || got.Item["b"]["B"] != "AAEC/w==" {
		t.Errorf("GetItem = %s, want n 1.5 and b AAEC/w==", g.body)
	}
}
