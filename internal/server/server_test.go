package server

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/basalt-db/basalt/internal/config"
)

func testOptions(t *testing.T) config.Options {
	o := config.Defaults()
	o.Addr = "127.0.0.1:0"
	o.DataDir = t.TempDir()
	return o
}

func quietLogger() *slog.Logger {
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// post sends a DynamoDB request with a well-formed (unchecked) signature.
func post(t *testing.T, addr, op, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest("POST", "http://"+addr+"/", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-amz-json-1.0")
	req.Header.Set("X-Amz-Target", "DynamoDB_20120810."+op)
	req.Header.Set("X-Amz-Date", "20240101T000000Z")
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/dynamodb/aws4_request, "+
		"SignedHeaders=host;x-amz-date, Signature=00")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

const createBody = `{"TableName":"tbl","BillingMode":"PAY_PER_REQUEST",
	"AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],
	"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}]}`

func TestStartServeClose(t *testing.T) {
	for _, inMemory := range []bool{false, true} {
		o := testOptions(t)
		o.InMemory = inMemory
		start := time.Now()
		s, err := Start(context.Background(), o, quietLogger())
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("in-memory=%v: started in %v on %s", inMemory, time.Since(start), s.Addr())
		if strings.HasSuffix(s.Addr(), ":0") {
			t.Fatalf("Addr() = %s, want the chosen port", s.Addr())
		}
		res, err := http.Get("http://" + s.Addr() + "/")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || string(b) != "healthy: dynamodb.us-east-1.amazonaws.com " {
			t.Fatalf("GET / = %d %q", res.StatusCode, b)
		}
		if code, body := post(t, s.Addr(), "CreateTable", createBody); code != 200 {
			t.Fatalf("CreateTable = %d %s", code, body)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		if err := s.Close(); err != nil {
			t.Fatalf("second Close: %v", err)
		}
		if _, err := http.Get("http://" + s.Addr() + "/"); err == nil {
			t.Fatal("server still answers after Close")
		}
	}
}

// Data on disk survives a restart on the same directory.
func TestRestartKeepsData(t *testing.T) {
	o := testOptions(t)
	s, err := Start(context.Background(), o, quietLogger())
	if err != nil {
		t.Fatal(err)
	}
	if code, body := post(t, s.Addr(), "CreateTable", createBody); code != 200 {
		t.Fatalf("CreateTable = %d %s", code, body)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = Start(context.Background(), o, quietLogger())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	code, body := post(t, s.Addr(), "ListTables", `{}`)
	if code != 200 || !strings.Contains(body, `"tbl"`) {
		t.Fatalf("ListTables after restart = %d %s", code, body)
	}
}

func TestStartErrors(t *testing.T) {
	o := testOptions(t)
	o.AccountID = "x"
	if _, err := Start(context.Background(), o, quietLogger()); err == nil || !strings.Contains(err.Error(), "account id") {
		t.Fatalf("invalid options: %v", err)
	}

	// An address in use: the store opened before listening is released, so
	// the directory can be opened again at once.
	first, err := Start(context.Background(), testOptions(t), quietLogger())
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	o = testOptions(t)
	o.Addr = first.Addr()
	if _, err := Start(context.Background(), o, quietLogger()); err == nil {
		t.Fatal("Start on a used address succeeded")
	}
	o.Addr = "127.0.0.1:0"
	s, err := Start(context.Background(), o, quietLogger())
	if err != nil {
		t.Fatalf("store not released after a failed Start: %v", err)
	}
	s.Close()

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Start(ctx, testOptions(t), quietLogger()); err == nil {
		t.Fatal("Start with a cancelled context succeeded")
	}
}

// Close waits for a request in flight.
func TestCloseIsGraceful(t *testing.T) {
	s, err := Start(context.Background(), testOptions(t), quietLogger())
	if err != nil {
		t.Fatal(err)
	}
	// A slow client: the request is sent in two parts.
	pr, pw := io.Pipe()
	req, _ := http.NewRequest("POST", "http://"+s.Addr()+"/", pr)
	req.Header.Set("Content-Type", "application/x-amz-json-1.0")
	req.Header.Set("X-Amz-Target", "DynamoDB_20120810.ListTables")
	req.Header.Set("X-Amz-Date", "20240101T000000Z")
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=a/b/c/d/e, SignedHeaders=host, Signature=00")
	type result struct {
		code int
		err  error
	}
	got := make(chan result, 1)
	go func() {
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			got <- result{0, err}
			return
		}
		res.Body.Close()
		got <- result{res.StatusCode, nil}
	}()
	pw.Write([]byte("{"))
	time.Sleep(100 * time.Millisecond) // the request is now in flight
	closed := make(chan error, 1)
	go func() { closed <- s.Close() }()
	time.Sleep(100 * time.Millisecond)
	pw.Write([]byte("}"))
	pw.Close()
	if r := <-got; r.err != nil || r.code != 200 {
		t.Fatalf("request in flight: %d %v", r.code, r.err)
	}
	if err := <-closed; err != nil {
		t.Fatal(err)
	}
}
