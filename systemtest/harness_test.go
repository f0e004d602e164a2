// Package systemtest drives the real Basalt server through the real
// aws-sdk-go-v2 DynamoDB client, in process on loopback. The expected
// behaviour, exception names and messages are AWS's (API Reference, Developer
// Guide, and messages recorded against the live service by other emulators'
// test suites); a failing test here means Basalt differs from DynamoDB.
package systemtest

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"

	"github.com/basalt-db/basalt/internal/config"
	"github.com/basalt-db/basalt/internal/server"
)

// Region and the dummy credentials every client signs with.
const (
	testRegion    = "us-east-1"
	testAccessKey = "AKIDBASALTTEST"
	testSecretKey = "basalt-test-secret"
)

// srvAddr is the host:port of the one in-memory server the package's tests
// share; TestMain starts it before any test and stops it after the last.
var srvAddr string

func TestMain(m *testing.M) {
	os.Exit(runMain(m))
}

func runMain(m *testing.M) int {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	level := slog.LevelWarn
	if os.Getenv("BASALT_TEST_LOG") != "" {
		level = slog.LevelDebug
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	opts := config.Defaults()
	opts.Addr = "127.0.0.1:0"
	opts.InMemory = true
	srv, err := server.Start(ctx, opts, logger)
	if err != nil {
		fmt.Fprintln(os.Stderr, "systemtest: starting the server:", err)
		return 1
	}
	srvAddr = srv.Addr()
	code := m.Run()
	if err := srv.Close(); err != nil {
		fmt.Fprintln(os.Stderr, "systemtest: closing the server:", err)
	}
	return code
}

// endpoint is the base URL of the shared server.
func endpoint() string { return "http://" + srvAddr }

// client returns a DynamoDB client for the shared server: static dummy
// credentials, region us-east-1, and no retries, so that every error the
// server returns reaches the assertion as it was sent.
func client(t testing.TB) *dynamodb.Client {
	t.Helper()
	return newClient(endpoint())
}

// newClient returns a non-retrying client for the server at base.
func newClient(base string) *dynamodb.Client { return newRegionClient(base, testRegion) }

// newRegionClient returns a non-retrying client for the server at base
// that signs its requests for region.
func newRegionClient(base, region string) *dynamodb.Client {
	return dynamodb.New(dynamodb.Options{
		Region:       region,
		BaseEndpoint: aws.String(base),
		Credentials:  credentials.NewStaticCredentialsProvider(testAccessKey, testSecretKey, ""),
		Retryer:      aws.NopRetryer{},
		HTTPClient:   ownBodyClient{awshttp.NewBuildableClient()},
	})
}

// ownBodyClient is the SDK's default HTTP client, except that the Transport
// sends a body of its own instead of the SDK's request body.
//
// The reason is a race in smithy-go (v1.28.9; aws-sdk-go-v2 issues #1825
// and #2737). ClientHandler closes the request body as soon as Do returns
// the response headers. net/http's writeLoop may not have finished with the
// body yet: after the Content-Length bytes it copies the rest to io.Discard,
// which goes through the body's WriteTo, and once the body is closed that
// WriteTo returns io.EOF. The Transport then takes the request write as
// failed and closes the connection, possibly while the caller is still
// reading the response body. The call then fails on a 200 with "use of
// closed network connection". Under -race this happens on hundreds of
// requests a run and fails a test when the response is a large Scan page.
// Request bodies are small, buffered JSON, so copying one is cheap, and a
// copy that nothing else closes leaves the SDK's Close nothing to race with.
type ownBodyClient struct{ c *awshttp.BuildableClient }

func (o ownBodyClient) Do(req *http.Request) (*http.Response, error) {
	if req.Body == nil || req.Body == http.NoBody {
		return o.c.Do(req)
	}
	body, err := io.ReadAll(req.Body)
	if err != nil {
		return nil, fmt.Errorf("reading the request body: %w", err)
	}
	own := req.WithContext(req.Context()) // a shallow copy; req.Body stays the SDK's to close
	own.Body = io.NopCloser(bytes.NewReader(body))
	return o.c.Do(own)
}

// ctxT returns a context that ends with the test or after a minute.
func ctxT(t testing.TB) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return ctx
}

var nameSeq atomic.Int64

// tableName returns a table name unique within the test run.
func tableName(prefix string) string {
	return fmt.Sprintf("%s-%d-%d", prefix, time.Now().UnixNano()%1e9, nameSeq.Add(1))
}

// keyDef describes one key attribute: its name and type (S, N or B).
type keyDef struct{ name, typ string }

// createTable creates an on-demand table keyed by hash (and rng, when its
// name is not empty), waits until it is ACTIVE and deletes it when the test
// ends. It returns the table's name.
func createTable(t testing.TB, c *dynamodb.Client, hash, rng keyDef) string {
	t.Helper()
	name := tableName("t")
	in := &dynamodb.CreateTableInput{
		TableName:   aws.String(name),
		BillingMode: types.BillingModePayPerRequest,
		AttributeDefinitions: []types.AttributeDefinition{
			{AttributeName: aws.String(hash.name), AttributeType: types.ScalarAttributeType(hash.typ)},
		},
		KeySchema: []types.KeySchemaElement{{AttributeName: aws.String(hash.name), KeyType: types.KeyTypeHash}},
	}
	if rng.name != "" {
		in.AttributeDefinitions = append(in.AttributeDefinitions,
			types.AttributeDefinition{AttributeName: aws.String(rng.name), AttributeType: types.ScalarAttributeType(rng.typ)})
		in.KeySchema = append(in.KeySchema, types.KeySchemaElement{AttributeName: aws.String(rng.name), KeyType: types.KeyTypeRange})
	}
	mustCreateTable(t, c, in)
	return name
}

// hashTable creates a table keyed by the string attribute "pk".
func hashTable(t testing.TB, c *dynamodb.Client) string {
	t.Helper()
	return createTable(t, c, keyDef{"pk", "S"}, keyDef{})
}

// rangeTable creates a table keyed by the string "pk" and the number "sk".
func rangeTable(t testing.TB, c *dynamodb.Client) string {
	t.Helper()
	return createTable(t, c, keyDef{"pk", "S"}, keyDef{"sk", "N"})
}

// mustCreateTable runs CreateTable, waits for ACTIVE, and registers a
// cleanup that deletes the table.
func mustCreateTable(t testing.TB, c *dynamodb.Client, in *dynamodb.CreateTableInput) *dynamodb.CreateTableOutput {
	t.Helper()
	out, err := c.CreateTable(ctxT(t), in)
	if err != nil {
		t.Fatalf("CreateTable %s: %v", aws.ToString(in.TableName), err)
	}
	t.Cleanup(func() {
		_, _ = c.DeleteTable(context.Background(), &dynamodb.DeleteTableInput{TableName: in.TableName})
	})
	waitActive(t, c, aws.ToString(in.TableName))
	return out
}

// waitActive polls DescribeTable until the table is ACTIVE.
func waitActive(t testing.TB, c *dynamodb.Client, name string) *types.TableDescription {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		out, err := c.DescribeTable(ctxT(t), &dynamodb.DescribeTableInput{TableName: aws.String(name)})
		if err != nil {
			t.Fatalf("DescribeTable %s: %v", name, err)
		}
		if out.Table.TableStatus == types.TableStatusActive {
			return out.Table
		}
		if time.Now().After(deadline) {
			t.Fatalf("table %s still %s after 30s", name, out.Table.TableStatus)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// apiError returns err's smithy.APIError, failing the test when err is nil
// or carries none.
func apiError(t testing.TB, err error) smithy.APIError {
	t.Helper()
	if err == nil {
		t.Fatalf("expected an error, got success")
	}
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("expected a DynamoDB API error, got %T: %v", err, err)
	}
	return ae
}

// wantErr asserts that err is the DynamoDB exception code with exactly msg.
func wantErr(t testing.TB, err error, code, msg string) {
	t.Helper()
	ae := apiError(t, err)
	if ae.ErrorCode() != code || ae.ErrorMessage() != msg {
		t.Errorf("error mismatch\n got: %s: %q\nwant: %s: %q", ae.ErrorCode(), ae.ErrorMessage(), code, msg)
	}
}

// wantErrPrefix asserts that err is the exception code and that its message
// begins with prefix (used only where AWS's message continues with parser
// context, such as a syntax error's "near:" fragment).
func wantErrPrefix(t testing.TB, err error, code, prefix string) {
	t.Helper()
	ae := apiError(t, err)
	if ae.ErrorCode() != code || !strings.HasPrefix(ae.ErrorMessage(), prefix) {
		t.Errorf("error mismatch\n got: %s: %q\nwant: %s: %q…", ae.ErrorCode(), ae.ErrorMessage(), code, prefix)
	}
}

// wantValidation asserts a ValidationException with exactly msg.
func wantValidation(t testing.TB, err error, msg string) {
	t.Helper()
	wantErr(t, err, "ValidationException", msg)
}

// wantConditionFailed asserts a ConditionalCheckFailedException with AWS's
// message and returns it for further checks of its Item.
func wantConditionFailed(t testing.TB, err error) *types.ConditionalCheckFailedException {
	t.Helper()
	wantErr(t, err, "ConditionalCheckFailedException", "The conditional request failed")
	var ccf *types.ConditionalCheckFailedException
	if !errors.As(err, &ccf) {
		t.Fatalf("error is not a *types.ConditionalCheckFailedException: %T", err)
	}
	return ccf
}

// Item is an item or key in the SDK's form.
type Item = map[string]types.AttributeValue

// Attribute value constructors, named after the wire type.
func S(v string) types.AttributeValue  { return &types.AttributeValueMemberS{Value: v} }
func N(v string) types.AttributeValue  { return &types.AttributeValueMemberN{Value: v} }
func B(v []byte) types.AttributeValue  { return &types.AttributeValueMemberB{Value: v} }
func BOOL(v bool) types.AttributeValue { return &types.AttributeValueMemberBOOL{Value: v} }
func NULL() types.AttributeValue       { return &types.AttributeValueMemberNULL{Value: true} }
func SS(v ...string) types.AttributeValue {
	return &types.AttributeValueMemberSS{Value: v}
}
func NS(v ...string) types.AttributeValue {
	return &types.AttributeValueMemberNS{Value: v}
}
func BS(v ...[]byte) types.AttributeValue {
	return &types.AttributeValueMemberBS{Value: v}
}
func L(v ...types.AttributeValue) types.AttributeValue {
	if v == nil {
		v = []types.AttributeValue{}
	}
	return &types.AttributeValueMemberL{Value: v}
}
func M(v Item) types.AttributeValue {
	if v == nil {
		v = Item{}
	}
	return &types.AttributeValueMemberM{Value: v}
}

// plain turns an attribute value into plain JSON-able data, sets sorted, so
// that two values compare equal exactly when DynamoDB considers them equal.
func plain(av types.AttributeValue) any {
	switch v := av.(type) {
	case *types.AttributeValueMemberS:
		return map[string]any{"S": v.Value}
	case *types.AttributeValueMemberN:
		return map[string]any{"N": v.Value}
	case *types.AttributeValueMemberB:
		return map[string]any{"B": base64.StdEncoding.EncodeToString(v.Value)}
	case *types.AttributeValueMemberBOOL:
		return map[string]any{"BOOL": v.Value}
	case *types.AttributeValueMemberNULL:
		return map[string]any{"NULL": v.Value}
	case *types.AttributeValueMemberSS:
		s := append([]string(nil), v.Value...)
		sort.Strings(s)
		return map[string]any{"SS": s}
	case *types.AttributeValueMemberNS:
		s := append([]string(nil), v.Value...)
		sort.Strings(s)
		return map[string]any{"NS": s}
	case *types.AttributeValueMemberBS:
		s := make([]string, len(v.Value))
		for i, b := range v.Value {
			s[i] = base64.StdEncoding.EncodeToString(b)
		}
		sort.Strings(s)
		return map[string]any{"BS": s}
	case *types.AttributeValueMemberL:
		l := make([]any, len(v.Value))
		for i, e := range v.Value {
			l[i] = plain(e)
		}
		return map[string]any{"L": l}
	case *types.AttributeValueMemberM:
		return map[string]any{"M": plainItem(v.Value)}
	case nil:
		return nil
	default:
		return fmt.Sprintf("unknown %T", av)
	}
}

// plainItem is plain for a whole item.
func plainItem(it Item) map[string]any {
	if it == nil {
		return nil
	}
	out := make(map[string]any, len(it))
	for k, v := range it {
		out[k] = plain(v)
	}
	return out
}

// show renders an item (or nil) as compact JSON for messages.
func show(it Item) string {
	if it == nil {
		return "<none>"
	}
	b, _ := json.Marshal(plainItem(it))
	return string(b)
}

// wantItem asserts that got and want are the same item.
func wantItem(t testing.TB, got, want Item) {
	t.Helper()
	if g, w := show(got), show(want); g != w {
		t.Errorf("item mismatch\n got: %s\nwant: %s", g, w)
	}
}

// put writes item to table, failing the test on error.
func put(t testing.TB, c *dynamodb.Client, table string, item Item) {
	t.Helper()
	if _, err := c.PutItem(ctxT(t), &dynamodb.PutItemInput{TableName: aws.String(table), Item: item}); err != nil {
		t.Fatalf("PutItem %s: %v", show(item), err)
	}
}

// get reads key from table with a strongly consistent read; nil when absent.
func get(t testing.TB, c *dynamodb.Client, table string, key Item) Item {
	t.Helper()
	out, err := c.GetItem(ctxT(t), &dynamodb.GetItemInput{TableName: aws.String(table), Key: key, ConsistentRead: aws.Bool(true)})
	if err != nil {
		t.Fatalf("GetItem %s: %v", show(key), err)
	}
	return out.Item
}
