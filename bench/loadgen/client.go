package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/basalt-db/basalt/bench/internal/workload"
)

// Static request settings: any credentials are accepted by the targets.
const (
	region    = "us-east-1"
	accessKey = "bench"
	secretKey = "bench"
)

// Errors a caller reports for answers that are well-formed but wrong; they
// count as errors of the phase.
var (
	errNoItem      = errors.New("GetItem returned no item")
	errCount       = errors.New("Query returned the wrong number of items")
	errUnprocessed = errors.New("BatchWriteItem left UnprocessedItems")
)

// write is one item to put: its key and its "data" value.
type write struct {
	workload.Key
	Data []byte
}

// caller sends the requests of the phases, for one worker goroutine; it is
// not safe for concurrent use. Each method sends exactly one request and
// returns its error, or one of the errors above for a wrong answer.
type caller interface {
	// PutItem writes the item w.
	PutItem(ctx context.Context, w write) error
	// GetItem reads the item at k; errNoItem if there is none.
	GetItem(ctx context.Context, k workload.Key) error
	// Query reads partition p whole; errCount unless it holds
	// workload.ItemsPerPartition items.
	Query(ctx context.Context, p int) error
	// UpdateItem adds 1 to n of the item at k, on condition that the item
	// exists.
	UpdateItem(ctx context.Context, k workload.Key) error
	// BatchWriteItem puts ws (at most 25, distinct keys) in one request;
	// errUnprocessed if any is left unprocessed.
	BatchWriteItem(ctx context.Context, ws []write) error
	// Scan reads the next page of at most limit items, from where the
	// caller's last Scan stopped; after the last page it starts over.
	Scan(ctx context.Context, limit int) error
}

// clientKinds names the callers newCaller makes.
var clientKinds = []string{"sdk", "raw"}

// endpoint is one target's address and the clients that talk to it.
type endpoint struct {
	url  string
	http *http.Client
	sdk  *dynamodb.Client
	raw  *rawClient
}

// newEndpoint returns the clients for the server at url, with room for
// conns idle keep-alive connections (one per worker: fewer would make
// the load open new connections) and timeout on every request.
func newEndpoint(url string, conns int, timeout time.Duration) *endpoint {
	tr := &http.Transport{
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
		MaxIdleConns:        0, // no limit
		MaxIdleConnsPerHost: conns + 8,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true, // no Accept-Encoding: gzip from Go itself
	}
	hc := &http.Client{Transport: tr, Timeout: timeout}
	return &endpoint{
		url:  url,
		http: hc,
		sdk:  newSDKClient(url, inMemoryBody{hc}),
		raw:  newRawClient(url, hc),
	}
}

// close drops the endpoint's idle connections.
func (e *endpoint) close() { e.http.CloseIdleConnections() }

// newCaller returns a caller of kind ("sdk" or "raw") for one worker.
func (e *endpoint) newCaller(kind string) (caller, error) {
	switch kind {
	case "sdk":
		return &sdkCaller{c: e.sdk}, nil
	case "raw":
		return e.raw.newCaller(), nil
	}
	return nil, fmt.Errorf("unknown client %q (want one of %v)", kind, clientKinds)
}

// newSDKClient returns an aws-sdk-go-v2 DynamoDB client for url that never
// retries: every failed request is an error of the phase, never hidden.
func newSDKClient(url string, hc dynamodb.HTTPClient) *dynamodb.Client {
	return dynamodb.New(dynamodb.Options{
		Region:       region,
		BaseEndpoint: aws.String(url),
		Credentials:  credentials.NewStaticCredentialsProvider(accessKey, secretKey, ""),
		HTTPClient:   hc,
		Retryer:      aws.NopRetryer{},
	})
}

// inMemoryBody is the SDK's HTTP client: it hands net/http each request
// body as a bytes.Reader read from the SDK's stream. Without it, under this
// load, a few large answers (Query, Scan) per thousand failed on the client
// side with "deserialization failed, read tcp …: use of closed network
// connection" after a 200 (the SDK's known issues 1825 and 2737; smithy-go
// closes its request body stream as soon as Do returns, and net/http treats
// a body it does not know to be in memory differently). With it they do
// not, against every target; the raw client never met them. The copy costs
// the client well under a microsecond per request.
type inMemoryBody struct{ hc *http.Client }

// Do sends r with its body read into memory first.
func (c inMemoryBody) Do(r *http.Request) (*http.Response, error) {
	if r.Body != nil && r.Body != http.NoBody {
		b, err := io.ReadAll(r.Body)
		r.Body.Close()
		if err != nil {
			return nil, err
		}
		r.Body = io.NopCloser(bytes.NewReader(b))
	}
	return c.hc.Do(r)
}

// sdkCaller sends the phases' requests through aws-sdk-go-v2.
type sdkCaller struct {
	c       *dynamodb.Client
	lastKey map[string]types.AttributeValue // where the next Scan starts
}

var tableName = aws.String(workload.Table)

// sdkKey is the key attributes of k.
func sdkKey(k workload.Key) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{
		"pk": &types.AttributeValueMemberS{Value: workload.PK(k.P)},
		"sk": &types.AttributeValueMemberS{Value: workload.SK(k.S)},
	}
}

// sdkItem is the item of w.
func sdkItem(w write) map[string]types.AttributeValue {
	m := sdkKey(w.Key)
	m["n"] = &types.AttributeValueMemberN{Value: "0"}
	m["data"] = &types.AttributeValueMemberS{Value: string(w.Data)}
	return m
}

func (s *sdkCaller) PutItem(ctx context.Context, w write) error {
	_, err := s.c.PutItem(ctx, &dynamodb.PutItemInput{TableName: tableName, Item: sdkItem(w)})
	return err
}

func (s *sdkCaller) GetItem(ctx context.Context, k workload.Key) error {
	out, err := s.c.GetItem(ctx, &dynamodb.GetItemInput{TableName: tableName, Key: sdkKey(k)})
	if err == nil && out.Item == nil {
		err = errNoItem
	}
	return err
}

func (s *sdkCaller) Query(ctx context.Context, p int) error {
	out, err := s.c.Query(ctx, &dynamodb.QueryInput{
		TableName:                 tableName,
		KeyConditionExpression:    aws.String("pk = :p"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":p": &types.AttributeValueMemberS{Value: workload.PK(p)}},
	})
	if err == nil && (out.Count != workload.ItemsPerPartition || len(out.Items) != workload.ItemsPerPartition) {
		err = fmt.Errorf("%w: %d", errCount, len(out.Items))
	}
	return err
}

func (s *sdkCaller) UpdateItem(ctx context.Context, k workload.Key) error {
	_, err := s.c.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                 tableName,
		Key:                       sdkKey(k),
		ConditionExpression:       aws.String("attribute_exists(pk)"),
		UpdateExpression:          aws.String("ADD n :one"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":one": &types.AttributeValueMemberN{Value: "1"}},
	})
	return err
}

func (s *sdkCaller) BatchWriteItem(ctx context.Context, ws []write) error {
	reqs := make([]types.WriteRequest, len(ws))
	for i, w := range ws {
		reqs[i] = types.WriteRequest{PutRequest: &types.PutRequest{Item: sdkItem(w)}}
	}
	out, err := s.c.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{
		RequestItems: map[string][]types.WriteRequest{workload.Table: reqs},
	})
	if err == nil && len(out.UnprocessedItems[workload.Table]) > 0 {
		err = fmt.Errorf("%w: %d of %d", errUnprocessed, len(out.UnprocessedItems[workload.Table]), len(ws))
	}
	return err
}

func (s *sdkCaller) Scan(ctx context.Context, limit int) error {
	out, err := s.c.Scan(ctx, &dynamodb.ScanInput{
		TableName: tableName, Limit: aws.Int32(int32(limit)), ExclusiveStartKey: s.lastKey,
	})
	if err != nil {
		s.lastKey = nil
		return err
	}
	s.lastKey = out.LastEvaluatedKey
	return nil
}
