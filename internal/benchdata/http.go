package benchdata

import (
	"bytes"
	"net/http"
)

// Headers of a signed-looking DynamoDB request (the signature is not
// checked by Basalt, only its form).
const (
	authorization = "AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/dynamodb/aws4_request, " +
		"SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=0123456789abcdef"
	amzDate = "20240101T000000Z"
)

// Request drives an http.Handler with one DynamoDB request over and over,
// without a network and without allocating anything per call outside the
// handler, so that a benchmark's allocs/op are the handler's own. It is not
// safe for concurrent use.
type Request struct {
	r    *http.Request
	body body
	w    Writer
}

type body struct{ bytes.Reader }

func (*body) Close() error { return nil }

// NewRequest returns a POST / of the DynamoDB operation target (such as
// "GetItem") with the headers an SDK sends.
func NewRequest(target string) *Request {
	q := &Request{}
	r, err := http.NewRequest(http.MethodPost, "http://localhost:8000/", nil)
	if err != nil {
		panic(err)
	}
	r.Header.Set("Content-Type", "application/x-amz-json-1.0")
	r.Header.Set("X-Amz-Target", "DynamoDB_20120810."+target)
	r.Header.Set("X-Amz-Date", amzDate)
	r.Header.Set("Authorization", authorization)
	r.Header.Set("Accept-Encoding", "identity")
	r.Header.Set("User-Agent", "aws-sdk-go-v2/1.30.0 os/linux lang/go#1.26 md/GOOS#linux md/GOARCH#amd64 api/dynamodb#1.34.0")
	q.r = r
	q.w.h = make(http.Header)
	return q
}

// Serve sends the request with body to h and returns the answer, which is
// valid until the next Serve.
func (q *Request) Serve(h http.Handler, body []byte) *Writer {
	q.body.Reset(body)
	q.r.Body = &q.body
	q.r.ContentLength = int64(len(body))
	q.w.reset()
	h.ServeHTTP(&q.w, q.r)
	return &q.w
}

// Writer is the http.ResponseWriter of a Request: it keeps the status,
// headers and body of the last answer, reusing its memory.
type Writer struct {
	h      http.Header
	Status int
	Body   bytes.Buffer
}

func (w *Writer) reset() {
	clear(w.h)
	w.Status = 0
	w.Body.Reset()
}

// Header implements http.ResponseWriter.
func (w *Writer) Header() http.Header { return w.h }

// WriteHeader implements http.ResponseWriter.
func (w *Writer) WriteHeader(status int) {
	if w.Status == 0 {
		w.Status = status
	}
}

// Write implements http.ResponseWriter.
func (w *Writer) Write(p []byte) (int, error) {
	if w.Status == 0 {
		w.Status = http.StatusOK
	}
	return w.Body.Write(p)
}
