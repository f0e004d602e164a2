package httpapi

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"hash/crc32"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/apierr"
)

const (
	testAuth = "AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/dynamodb/aws4_request, " +
		"SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=0123456789abcdef"
	testDate = "20240101T000000Z"
)

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// harness is a Handler behind a real HTTP server, so that headers go
// through the wire as clients see them.
type harness struct {
	t      *testing.T
	srv    *httptest.Server
	logs   *syncBuffer
	client *http.Client
}

func newHarness(t *testing.T, svc Service, opts Options) *harness {
	t.Helper()
	logs := &syncBuffer{}
	opts.Logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	srv := httptest.NewServer(New(svc, opts))
	t.Cleanup(srv.Close)
	// No transparent gzip: the tests see the bytes on the wire.
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	return &harness{t: t, srv: srv, logs: logs, client: client}
}

// request builds a signed-looking DynamoDB request; edit may change it.
func (h *harness) request(target, body string, edit ...func(*http.Request)) *http.Request {
	r, err := http.NewRequest(http.MethodPost, h.srv.URL+"/", strings.NewReader(body))
	if err != nil {
		h.t.Fatal(err)
	}
	r.Header.Set("Content-Type", contentTypeAmzJSON)
	if target != "" {
		r.Header.Set("X-Amz-Target", TargetPrefix+target)
	}
	r.Header.Set("Authorization", testAuth)
	r.Header.Set("X-Amz-Date", testDate)
	for _, e := range edit {
		e(r)
	}
	return r
}

type response struct {
	status int
	header http.Header
	body   string // as on the wire
}

func (h *harness) do(r *http.Request) response {
	h.t.Helper()
	res, err := h.client.Do(r)
	if err != nil {
		h.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		h.t.Fatal(err)
	}
	return response{res.StatusCode, res.Header, string(b)}
}

var requestIDPattern = regexp.MustCompile(`^[0-9A-Z]{52}$`)

// check asserts status and body, and the headers every answer carries.
func (r response) check(t *testing.T, status int, body string) {
	t.Helper()
	if r.status != status || r.body != body {
		t.Fatalf("got %d %q\nwant %d %q", r.status, r.body, status, body)
	}
	if id := r.header.Get("X-Amzn-Requestid"); !requestIDPattern.MatchString(id) {
		t.Errorf("x-amzn-RequestId = %q", id)
	}
	want := strconv.FormatUint(uint64(crc32.ChecksumIEEE([]byte(r.body))), 10)
	if got := r.header.Get("X-Amz-Crc32"); got != want {
		t.Errorf("x-amz-crc32 = %q, want %q", got, want)
	}
	if got := r.header.Get("Content-Length"); got != strconv.Itoa(len(r.body)) {
		t.Errorf("Content-Length = %q, want %d", got, len(r.body))
	}
}

func (r response) contentType(t *testing.T, want string) {
	t.Helper()
	if got := r.header.Get("Content-Type"); got != want {
		t.Errorf("Content-Type = %q, want %q", got, want)
	}
}

func setHeader(k, v string) func(*http.Request) {
	return func(r *http.Request) {
		if v == "" {
			r.Header.Del(k)
		} else {
			r.Header.Set(k, v)
		}
	}
}

func method(m string) func(*http.Request) { return func(r *http.Request) { r.Method = m } }

// Bodies and checksums AWS sends, as recorded against DynamoDB in
// dynalite's test/connection.js.
const (
	bodySerialization = `{"__type":"com.amazon.coral.service#SerializationException"}`
	bodyUnknownOp     = `{"__type":"com.amazon.coral.service#UnknownOperationException"}`
	bodyMissingAuth   = `{"__type":"com.amazon.coral.service#MissingAuthenticationTokenException",` +
		`"message":"Request is missing Authentication Token"}`
	bodyIncomplete = `{"__type":"com.amazon.coral.service#IncompleteSignatureException",` +
		`"message":"Authorization header requires 'Credential' parameter. ` +
		`Authorization header requires 'Signature' parameter. ` +
		`Authorization header requires 'SignedHeaders' parameter. ` +
		`Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ` +
		`Authorization=AWS4-"}`
)

func TestFraming(t *testing.T) {
	h := newHarness(t, &fakeService{}, Options{})
	noAuth := setHeader("Authorization", "")
	tests := []struct {
		name   string
		req    *http.Request
		status int
		body   string
		crc    string // AWS's x-amz-crc32 for this body, where recorded
		ctype  string
	}{
		{"GET health", h.request("", "", method("GET")), 200, "healthy: dynamodb.us-east-1.amazonaws.com ", "",
			"text/plain; charset=utf-8"},
		{"PUT", h.request("", "", method("PUT")), 404, notFoundBody, "3552371480", ""},
		{"DELETE", h.request("", "", method("DELETE")), 404, notFoundBody, "3552371480", ""},
		{"OPTIONS without Origin", h.request("", "", method("OPTIONS")), 404, notFoundBody, "", ""},
		{"GET other path", h.request("", "", method("GET"), func(r *http.Request) { r.URL.Path = "/x" }),
			404, notFoundBody, "", ""},
		{"body, no content type", h.request("ListTables", "hi", setHeader("Content-Type", "")), 404, notFoundBody, "", ""},
		{"body, wrong content type", h.request("ListTables", "hi", setHeader("Content-Type", "whatever")),
			404, notFoundBody, "", ""},
		{"not JSON, application/json", h.request("", "hi", setHeader("Content-Type", "application/json"), noAuth),
			400, bodySerialization, "3948637019", "application/json"},
		{"not JSON, amz-json", h.request("", "hi", noAuth), 400, bodySerialization, "3948637019", contentTypeAmzJSON},
		{"truncated JSON", h.request("ListTables", `{"Limit":`), 400, bodySerialization, "", contentTypeAmzJSON},
		{"no target", h.request("", "", setHeader("Content-Type", ""), noAuth), 400, bodyUnknownOp, "1368724161",
			"application/json"},
		{"no target, JSON", h.request("", "{}", noAuth), 400, bodyUnknownOp, "1368724161", contentTypeAmzJSON},
		{"bad target", h.request("", "", setHeader("X-Amz-Target", "whatever"), noAuth), 400, bodyUnknownOp, "", ""},
		{"unknown operation", h.request("ListTable", "", noAuth), 400, bodyUnknownOp, "", ""},
		{"old API version", h.request("", "", setHeader("X-Amz-Target", "DynamoDB_20111205.ListTables")),
			400, bodyUnknownOp, "", ""},
		{"no Authorization", h.request("ListTables", "", noAuth), 400, bodyMissingAuth, "2088342776", ""},
		{"Authorization AWS4", h.request("ListTables", "", setHeader("Authorization", "AWS4")), 400, bodyMissingAuth,
			"2088342776", ""},
		{"Authorization AWS4-", h.request("ListTables", "", setHeader("Authorization", "AWS4-"),
			setHeader("X-Amz-Date", "")), 400, bodyIncomplete, "1828866742", ""},
		{"empty body", h.request("ListTables", ""), 400, bodySerialization, "3948637019", ""},
		{"charset parameter", h.request("ListTables", "{}", setHeader("Content-Type", "application/x-amz-json-1.0; charset=utf-8")),
			200, `{"TableNames":null}`, "", contentTypeAmzJSON},
		{"ok", h.request("ListTables", "{}"), 200, `{"TableNames":null}`, "", contentTypeAmzJSON},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := h.do(tt.req)
			r.check(t, tt.status, tt.body)
			if tt.crc != "" && r.header.Get("X-Amz-Crc32") != tt.crc {
				t.Errorf("x-amz-crc32 = %s, AWS sends %s", r.header.Get("X-Amz-Crc32"), tt.crc)
			}
			if tt.ctype != "" {
				r.contentType(t, tt.ctype)
			}
		})
	}
}

func TestServiceErrors(t *testing.T) {
	var calls int
	svc := &fakeService{
		describeTable: func(_ context.Context, in *api.DescribeTableInput) (*api.DescribeTableOutput, error) {
			calls++
			switch in.TableName {
			case "missing":
				return nil, apierr.New(apierr.ResourceNotFound, apierr.MsgResourceNotFound)
			case "invalid":
				return nil, apierr.New(apierr.Validation, "1 validation error detected: x")
			case "wrapped":
				return nil, errors.Join(errors.New("context"), apierr.New(apierr.ResourceInUse, "in use"))
			case "denied":
				return nil, apierr.New(apierr.AccessDenied, "no")
			case "broken":
				return nil, errors.New("disk on fire")
			case "panic":
				panic("boom")
			}
			return nil, nil
		},
		putItem: func(context.Context, *api.PutItemInput) (*api.PutItemOutput, error) {
			return nil, &apierr.Error{Code: apierr.ConditionalCheckFailed, Message: apierr.MsgConditionFailed,
				Item: map[string]any{"k": map[string]string{"S": "<v&>"}}}
		},
	}
	h := newHarness(t, svc, Options{})
	tests := []struct {
		table  string
		status int
		body   string
	}{
		{"missing", 400, `{"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException",` +
			`"message":"Requested resource not found"}`},
		{"invalid", 400, `{"__type":"com.amazon.coral.validate#ValidationException","message":"1 validation error detected: x"}`},
		{"wrapped", 400, `{"__type":"com.amazonaws.dynamodb.v20120810#ResourceInUseException","message":"in use"}`},
		{"denied", 400, `{"__type":"com.amazon.coral.service#AccessDeniedException","Message":"no"}`},
		{"broken", 500, `{"__type":"com.amazonaws.dynamodb.v20120810#InternalServerError","message":"Internal server error"}`},
		{"panic", 500, `{"__type":"com.amazonaws.dynamodb.v20120810#InternalServerError","message":"Internal server error"}`},
		{"ok", 200, `{}`},
	}
	for _, tt := range tests {
		t.Run(tt.table, func(t *testing.T) {
			r := h.do(h.request("DescribeTable", `{"TableName":"`+tt.table+`"}`))
			r.check(t, tt.status, tt.body)
			r.contentType(t, contentTypeAmzJSON)
		})
	}
	logs := h.logs.String()
	for _, want := range []string{`msg="internal error"`, `operation=DescribeTable`, `error="disk on fire"`,
		`msg="panic serving request"`, `panic=boom`} {
		if !strings.Contains(logs, want) {
			t.Errorf("logs lack %q:\n%s", want, logs)
		}
	}

	r := h.do(h.request("PutItem", `{"TableName":"t","Item":{"k":{"S":"v"}}}`))
	r.check(t, 400, `{"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",`+
		`"message":"The conditional request failed","Item":{"k":{"S":"<v&>"}}}`)
}

func TestInternalErrorLogNamesRequest(t *testing.T) {
	svc := &fakeService{listTables: func(context.Context, *api.ListTablesInput) (*api.ListTablesOutput, error) {
		return nil, errors.New("oops")
	}}
	h := newHarness(t, svc, Options{})
	r := h.do(h.request("ListTables", "{}"))
	id := r.header.Get("X-Amzn-Requestid")
	if !strings.Contains(h.logs.String(), "level=ERROR msg=\"internal error\" request_id="+id+" operation=ListTables") {
		t.Fatalf("no error line for %s:\n%s", id, h.logs.String())
	}
}

func TestDecodeAndEncode(t *testing.T) {
	var got *api.ListTablesInput
	svc := &fakeService{listTables: func(_ context.Context, in *api.ListTablesInput) (*api.ListTablesOutput, error) {
		got = in
		return &api.ListTablesOutput{TableNames: []string{"a<b>&c", "é"}, LastEvaluatedTableName: "é"}, nil
	}}
	h := newHarness(t, svc, Options{})
	r := h.do(h.request("ListTables", `{"Limit": 3, "ExclusiveStartTableName": "x", "Unknown": [1]}`))
	r.check(t, 200, `{"LastEvaluatedTableName":"é","TableNames":["a<b>&c","é"]}`)
	if got == nil || *got.Limit != 3 || got.ExclusiveStartTableName != "x" {
		t.Fatalf("service got %+v", got)
	}

	r = h.do(h.request("ListTables", `{"Limit": "3"}`))
	r.check(t, 400, `{"__type":"com.amazon.coral.service#SerializationException",`+
		`"Message":"STRING_VALUE cannot be converted to Integer"}`)
	r = h.do(h.request("PutItem", `{"TableName": 5}`))
	r.check(t, 400, `{"__type":"com.amazon.coral.service#SerializationException",`+
		`"Message":"NUMBER_VALUE cannot be converted to String"}`)
	r = h.do(h.request("PutItem", `{"TableName": "t", "Item": []}`))
	r.check(t, 400, `{"__type":"com.amazon.coral.service#SerializationException","Message":`+
		`"Unrecognized collection type java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>"}`)
	r = h.do(h.request("PutItem", `{"TableName": "t", "Item": {"a": "x"}}`))
	r.check(t, 400, `{"__type":"com.amazon.coral.service#SerializationException","Message":"Unexpected value type in payload"}`)
	r = h.do(h.request("UpdateItem", `{"Expected": {"a": {"Value": "x"}}}`))
	r.check(t, 400, `{"__type":"com.amazon.coral.service#SerializationException","Message":"Unexpected field type"}`)
}

func TestGzip(t *testing.T) {
	svc := &fakeService{listTables: func(context.Context, *api.ListTablesInput) (*api.ListTablesOutput, error) {
		return &api.ListTablesOutput{TableNames: []string{"alpha", "beta"}}, nil
	}}
	h := newHarness(t, svc, Options{})
	for _, ae := range []string{"gzip", "deflate, gzip;q=0.5", "*", "GZIP"} {
		r := h.do(h.request("ListTables", "{}", setHeader("Accept-Encoding", ae)))
		r.check(t, 200, r.body) // x-amz-crc32 is of the gzipped bytes on the wire
		if r.header.Get("Content-Encoding") != "gzip" {
			t.Fatalf("Accept-Encoding %q: Content-Encoding = %q", ae, r.header.Get("Content-Encoding"))
		}
		zr, err := gzip.NewReader(strings.NewReader(r.body))
		if err != nil {
			t.Fatal(err)
		}
		plain, err := io.ReadAll(zr)
		if err != nil || string(plain) != `{"TableNames":["alpha","beta"]}` {
			t.Fatalf("gunzipped %q, %v", plain, err)
		}
	}
	for _, ae := range []string{"", "identity", "gzip;q=0", "deflate", "*;q=0"} {
		r := h.do(h.request("ListTables", "{}", setHeader("Accept-Encoding", ae)))
		r.check(t, 200, `{"TableNames":["alpha","beta"]}`)
		if r.header.Get("Content-Encoding") != "" {
			t.Fatalf("Accept-Encoding %q: Content-Encoding = %q", ae, r.header.Get("Content-Encoding"))
		}
	}
	// Errors are gzipped too.
	r := h.do(h.request("", "{}", setHeader("Accept-Encoding", "gzip")))
	r.check(t, 400, r.body)
	if r.header.Get("Content-Encoding") != "gzip" {
		t.Fatal("error not gzipped")
	}
}

func TestBodyLimit(t *testing.T) {
	svc := &fakeService{describeTable: func(_ context.Context, in *api.DescribeTableInput) (*api.DescribeTableOutput, error) {
		return &api.DescribeTableOutput{Table: &api.TableDescription{TableName: in.TableName}}, nil
	}}
	h := newHarness(t, svc, Options{})
	body := `{"TableName":"t"}`
	atLimit := body + strings.Repeat(" ", DefaultMaxBodyBytes-len(body))
	r := h.do(h.request("DescribeTable", atLimit))
	if r.status != 200 {
		t.Fatalf("16 MiB body: status %d %s", r.status, r.body)
	}
	r = h.do(h.request("DescribeTable", atLimit+" "))
	r.check(t, 413, "")

	// Without Content-Length (chunked), the limit holds while reading.
	small := newHarness(t, svc, Options{MaxBodyBytes: 64})
	chunked := func(r *http.Request) { r.ContentLength = -1; r.Body = io.NopCloser(r.Body) }
	r = small.do(small.request("DescribeTable", body+strings.Repeat(" ", 64-len(body)), chunked))
	if r.status != 200 {
		t.Fatalf("chunked at limit: status %d %s", r.status, r.body)
	}
	r = small.do(small.request("DescribeTable", body+strings.Repeat(" ", 65-len(body)), chunked))
	r.check(t, 413, "")
}

func TestCORS(t *testing.T) {
	h := newHarness(t, &fakeService{}, Options{})
	r := h.do(h.request("", "", method("OPTIONS"), setHeader("Origin", "http://example.com"),
		setHeader("Access-Control-Request-Headers", "a, b"), setHeader("Access-Control-Request-Method", "POST")))
	r.check(t, 200, "")
	for k, v := range map[string]string{"Access-Control-Allow-Origin": "*", "Access-Control-Allow-Headers": "a, b",
		"Access-Control-Allow-Methods": "POST", "Access-Control-Max-Age": "172800"} {
		if got := r.header.Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	r = h.do(h.request("", "", setHeader("Origin", "http://example.com")))
	r.check(t, 400, bodyUnknownOp)
	if r.header.Get("Access-Control-Allow-Origin") != "*" {
		t.Error("no Access-Control-Allow-Origin on a POST with Origin")
	}
}

func TestRequestIDsAndDebugLog(t *testing.T) {
	h := newHarness(t, &fakeService{}, Options{Region: "eu-west-1"})
	seen := map[string]bool{}
	for range 20 {
		r := h.do(h.request("ListTables", "{}"))
		id := r.header.Get("X-Amzn-Requestid")
		if seen[id] {
			t.Fatalf("request id %s repeated", id)
		}
		seen[id] = true
		if !strings.Contains(h.logs.String(), "request_id="+id+" method=POST path=/ operation=ListTables status=200") {
			t.Fatalf("no debug line for %s:\n%s", id, h.logs.String())
		}
	}
	r := h.do(h.request("", "", method("GET")))
	r.check(t, 200, "healthy: dynamodb.eu-west-1.amazonaws.com ")
}

// The headers keep AWS's spelling on the wire.
func TestHeaderSpelling(t *testing.T) {
	rec := httptest.NewRecorder()
	New(&fakeService{}, Options{}).ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	for _, k := range []string{"x-amzn-RequestId", "x-amz-crc32"} {
		if len(rec.Header()[k]) != 1 {
			t.Errorf("header %q not set as spelled; headers %v", k, rec.Header())
		}
	}
}

func TestAcceptsGzip(t *testing.T) {
	for h, want := range map[string]bool{"gzip": true, " x-gzip ": true, "br, gzip; q=0.1": true,
		"gzip;q=0": false, "gzip;q=0.0, *": false, "*": true, "*;q=0": false, "": false, "identity": false,
		"gzip;q=bad": false} {
		if got := acceptsGzip(h); got != want {
			t.Errorf("acceptsGzip(%q) = %v, want %v", h, got, want)
		}
	}
}

// A client that goes away is not an internal fault.
func TestAbandonedRequest(t *testing.T) {
	started := make(chan struct{})
	finished := make(chan struct{})
	svc := &fakeService{listTables: func(ctx context.Context, _ *api.ListTablesInput) (*api.ListTablesOutput, error) {
		defer close(finished)
		close(started)
		<-ctx.Done()
		return nil, ctx.Err()
	}}
	h := newHarness(t, svc, Options{})
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-started; cancel() }()
	if _, err := h.client.Do(h.request("ListTables", "{}").WithContext(ctx)); err == nil {
		t.Fatal("request not cancelled")
	}
	<-finished
	h.srv.Close() // waits for the handler to finish logging
	logs := h.logs.String()
	if strings.Contains(logs, "internal error") || !strings.Contains(logs, `msg="request abandoned"`) {
		t.Fatalf("logs:\n%s", logs)
	}
}
