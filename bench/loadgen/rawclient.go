package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/basalt-db/basalt/bench/internal/workload"
)

// rawClient sends DynamoDB requests as hand-built JSON over net/http,
// signed with aws-sdk-go-v2's SigV4 signer (aws/signer/v4), and decodes
// only what the phases check. It measures how much of the client's CPU per
// call is the SDK's own machinery. It is safe for concurrent use; its
// callers are not.
type rawClient struct {
	url    string
	hc     *http.Client
	signer *v4.Signer
	creds  aws.Credentials
}

// newRawClient returns a rawClient for the server at url.
func newRawClient(url string, hc *http.Client) *rawClient {
	return &rawClient{
		url: url, hc: hc, signer: v4.NewSigner(),
		creds: aws.Credentials{AccessKeyID: accessKey, SecretAccessKey: secretKey},
	}
}

// apiError is a DynamoDB error answer: its HTTP status and the exception
// name from __type. ErrorCode makes it classify as the SDK's errors do.
type apiError struct {
	Status  int
	Code    string
	Message string
}

func (e *apiError) Error() string {
	return fmt.Sprintf("HTTP %d %s: %s", e.Status, e.Code, e.Message)
}

// ErrorCode returns the exception name, as smithy.APIError does.
func (e *apiError) ErrorCode() string { return e.Code }

// call signs and sends one request of operation op with body, reads the
// whole answer into buf, checks its x-amz-crc32 if present, and returns it.
// Errors: transport failures, a CRC mismatch, and any status but 200 as an
// *apiError. buf is reset first; the bytes returned live in it.
func (c *rawClient) call(ctx context.Context, op string, body []byte, buf *bytes.Buffer) ([]byte, error) {
	sum := sha256.Sum256(body)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header["Content-Type"] = []string{"application/x-amz-json-1.0"}
	req.Header["X-Amz-Target"] = []string{"DynamoDB_20120810." + op}
	err = c.signer.SignHTTP(ctx, c.creds, req, hex.EncodeToString(sum[:]), "dynamodb", region, time.Now())
	if err != nil {
		return nil, err
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	buf.Reset()
	if _, err := buf.ReadFrom(resp.Body); err != nil {
		return nil, fmt.Errorf("reading the %s answer: %w", op, err)
	}
	out := buf.Bytes()
	if want := resp.Header.Get("X-Amz-Crc32"); want != "" {
		if got := strconv.FormatUint(uint64(crc32.ChecksumIEEE(out)), 10); got != want {
			return nil, fmt.Errorf("%s answer: x-amz-crc32 is %s, body's CRC32 is %s", op, want, got)
		}
	}
	if resp.StatusCode != http.StatusOK {
		return nil, decodeAPIError(resp.StatusCode, out)
	}
	return out, nil
}

// decodeAPIError turns an error answer into an *apiError.
func decodeAPIError(status int, body []byte) error {
	var e struct {
		Type    string `json:"__type"`
		Message string `json:"message"`
		Upper   string `json:"Message"`
	}
	if json.Unmarshal(body, &e) != nil || e.Type == "" {
		return &apiError{Status: status, Code: "HTTP" + strconv.Itoa(status), Message: truncate(string(body), 200)}
	}
	code := e.Type[strings.LastIndexByte(e.Type, '#')+1:]
	return &apiError{Status: status, Code: code, Message: e.Message + e.Upper}
}

// ListTables sends one ListTables request; the startup probe.
func (c *rawClient) ListTables(ctx context.Context) error {
	var buf bytes.Buffer
	_, err := c.call(ctx, "ListTables", []byte("{}"), &buf)
	return err
}

// newCaller returns a caller for one worker.
func (c *rawClient) newCaller() *rawCaller { return &rawCaller{c: c} }

// rawCaller is one worker's raw caller: its answer buffer and Scan cursor.
type rawCaller struct {
	c       *rawClient
	buf     bytes.Buffer
	lastKey json.RawMessage // where the next Scan starts; nil at the start
}

// body starts a request body naming the table: {"TableName":"bench".
func body(capacity int) []byte {
	b := make([]byte, 0, capacity)
	return append(b, `{"TableName":"`+workload.Table+`"`...)
}

func (r *rawCaller) PutItem(ctx context.Context, w write) error {
	b := append(body(len(w.Data)+128), `,"Item":`...)
	b = append(workload.AppendItemJSON(b, w.Key, w.Data), '}')
	_, err := r.c.call(ctx, "PutItem", b, &r.buf)
	return err
}

func (r *rawCaller) GetItem(ctx context.Context, k workload.Key) error {
	b := append(body(96), `,"Key":`...)
	b = append(workload.AppendKeyJSON(b, k), '}')
	out, err := r.c.call(ctx, "GetItem", b, &r.buf)
	if err != nil {
		return err
	}
	var v struct{ Item json.RawMessage }
	if err := json.Unmarshal(out, &v); err != nil {
		return fmt.Errorf("GetItem answer: %w", err)
	}
	if len(v.Item) == 0 || string(v.Item) == "null" {
		return errNoItem
	}
	return nil
}

func (r *rawCaller) Query(ctx context.Context, p int) error {
	b := append(body(160), `,"KeyConditionExpression":"pk = :p","ExpressionAttributeValues":{":p":{"S":"`...)
	b = append(append(b, workload.PK(p)...), `"}}}`...)
	out, err := r.c.call(ctx, "Query", b, &r.buf)
	if err != nil {
		return err
	}
	var v struct {
		Count int
		Items []json.RawMessage
	}
	if err := json.Unmarshal(out, &v); err != nil {
		return fmt.Errorf("Query answer: %w", err)
	}
	if v.Count != workload.ItemsPerPartition || len(v.Items) != workload.ItemsPerPartition {
		return fmt.Errorf("%w: %d", errCount, len(v.Items))
	}
	return nil
}

func (r *rawCaller) UpdateItem(ctx context.Context, k workload.Key) error {
	b := append(body(224), `,"Key":`...)
	b = workload.AppendKeyJSON(b, k)
	b = append(b, `,"ConditionExpression":"attribute_exists(pk)","UpdateExpression":"ADD n :one",`+
		`"ExpressionAttributeValues":{":one":{"N":"1"}}}`...)
	_, err := r.c.call(ctx, "UpdateItem", b, &r.buf)
	return err
}

func (r *rawCaller) BatchWriteItem(ctx context.Context, ws []write) error {
	b := make([]byte, 0, len(ws)*(len(ws[0].Data)+96)+64)
	b = append(b, `{"RequestItems":{"`+workload.Table+`":[`...)
	for i, w := range ws {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"PutRequest":{"Item":`...)
		b = append(workload.AppendItemJSON(b, w.Key, w.Data), "}}"...)
	}
	b = append(b, "]}}"...)
	out, err := r.c.call(ctx, "BatchWriteItem", b, &r.buf)
	if err != nil {
		return err
	}
	var v struct {
		UnprocessedItems map[string][]json.RawMessage
	}
	if err := json.Unmarshal(out, &v); err != nil {
		return fmt.Errorf("BatchWriteItem answer: %w", err)
	}
	if n := len(v.UnprocessedItems[workload.Table]); n > 0 {
		return fmt.Errorf("%w: %d of %d", errUnprocessed, n, len(ws))
	}
	return nil
}

func (r *rawCaller) Scan(ctx context.Context, limit int) error {
	b := append(body(160), `,"Limit":`...)
	b = strconv.AppendInt(b, int64(limit), 10)
	if r.lastKey != nil {
		b = append(append(b, `,"ExclusiveStartKey":`...), r.lastKey...)
	}
	b = append(b, '}')
	out, err := r.c.call(ctx, "Scan", b, &r.buf)
	r.lastKey = nil
	if err != nil {
		return err
	}
	var v struct {
		LastEvaluatedKey json.RawMessage
	}
	if err := json.Unmarshal(out, &v); err != nil {
		return fmt.Errorf("Scan answer: %w", err)
	}
	if len(v.LastEvaluatedKey) > 0 && string(v.LastEvaluatedKey) != "null" {
		r.lastKey = v.LastEvaluatedKey
	}
	return nil
}

// truncate cuts s to at most n bytes, marking the cut.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
