// Package httpapi serves the DynamoDB JSON 1.0 protocol over HTTP: POST /
// with X-Amz-Target: DynamoDB_20120810.<Operation> and a JSON body, answered
// with a JSON body, x-amzn-RequestId and x-amz-crc32, errors in AWS's
// {"__type":…,"message":…} form. It checks the request's framing (method,
// content type, body size, JSON syntax, target, the form of the SigV4
// Authorization header and its region) in AWS's order, decodes the body
// into the api package's input type, calls the Service with the request's
// region as its service.Scope and encodes the result. See
// DESIGN.md for the wire behaviours and where each was confirmed.
package httpapi

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/basalt-db/basalt/internal/apierr"
	"github.com/basalt-db/basalt/internal/service"
	"github.com/basalt-db/basalt/internal/sigv4"
)

const (
	// TargetPrefix starts every DynamoDB X-Amz-Target.
	TargetPrefix = "DynamoDB_20120810."
	// DefaultMaxBodyBytes is AWS's request size limit, 16 MB.
	DefaultMaxBodyBytes = 16 << 20

	contentTypeAmzJSON = "application/x-amz-json-1.0"
	contentTypeJSON    = "application/json"
)

// notFoundBody is what AWS answers, with 404, to anything but a POST of JSON.
const notFoundBody = "<UnknownOperationException/>\n"

// Options configure a Handler. Zero fields take the defaults noted.
type Options struct {
	// Logger receives internal faults (error level) and one line per
	// request (debug level). Default slog.Default().
	Logger *slog.Logger
	// Region names the endpoint in the health check. Default "us-east-1".
	Region string
	// MaxBodyBytes is the largest request body accepted; larger ones get
	// 413. Default DefaultMaxBodyBytes.
	MaxBodyBytes int64
}

// Handler is the http.Handler for the DynamoDB protocol. It is safe for
// concurrent use.
type Handler struct {
	ops     map[string]*operation
	log     *slog.Logger
	health  []byte
	maxBody int64
	gzip    sync.Pool // *gzip.Writer
	buffers sync.Pool // *[]byte: request and response bodies (see getBuffer)
}

// New returns a Handler that serves svc.
func New(svc Service, opts Options) *Handler {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Region == "" {
		opts.Region = "us-east-1"
	}
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = DefaultMaxBodyBytes
	}
	return &Handler{
		ops:     operations(svc),
		log:     opts.Logger,
		health:  []byte("healthy: dynamodb." + opts.Region + ".amazonaws.com "),
		maxBody: opts.MaxBodyBytes,
	}
}

// ServeHTTP answers one request. It never panics: a panic below it is
// logged and answered with InternalServerError.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	x := newExchange(h, w, r)
	defer x.finish()
	h.serve(x)
}

// serve checks the request in AWS's order and answers at the first fault.
func (h *Handler) serve(x *exchange) {
	r := x.r
	body, ok := h.readBody(x)
	if !ok {
		return
	}
	if r.Header.Get("Origin") != "" {
		x.w.Header().Set("Access-Control-Allow-Origin", "*")
		if r.Method == http.MethodOptions {
			x.preflight()
			return
		}
	}
	if r.Method == http.MethodGet && r.URL.Path == "/" {
		x.send(http.StatusOK, "text/plain; charset=utf-8", h.health)
		return
	}
	ct, known := responseContentType(r.Header.Get("Content-Type"))
	if r.Method != http.MethodPost || (len(body) > 0 && !known) {
		x.send(http.StatusNotFound, "", []byte(notFoundBody))
		return
	}
	x.contentType = ct
	name, run := h.lookup(r.Header.Get("X-Amz-Target"))
	in, decoded := run.decodeFast(body)
	if len(body) > 0 && !decoded && !json.Valid(body) {
		x.fail(errSerialization())
		return
	}
	if run == nil {
		x.fail(apierr.New(apierr.UnknownOperation, ""))
		return
	}
	x.op = name
	auth, err := sigv4.ParseAuthorization(r.Header.Get("Authorization"),
		r.Header.Get("X-Amz-Date"), r.Header.Get("Date"))
	if err == nil {
		err = sigv4.CheckRegion(auth.Credential.Region)
	}
	if err != nil {
		x.fail(err)
		return
	}
	if len(body) == 0 {
		x.fail(errSerialization())
		return
	}
	ctx := service.WithScope(r.Context(), service.Scope{Region: auth.Credential.Region})
	out, err := run.run(ctx, body, in)
	if err != nil {
		x.fail(err)
		return
	}
	x.sendJSON(http.StatusOK, out)
}

// readBody reads the whole body, at most maxBody bytes. A larger body is
// answered with 413 and an empty body, as AWS answers it, without reading
// it all; a body that cannot be read gets a SerializationException.
func (h *Handler) readBody(x *exchange) ([]byte, bool) {
	r := x.r
	if r.ContentLength > h.maxBody {
		x.tooLarge()
		return nil, false
	}
	x.body = h.getBuffer() // given back by finish: decoding copies what it keeps
	if r.ContentLength > 0 && int64(cap(*x.body)) <= r.ContentLength {
		*x.body = slices.Grow(*x.body, int(r.ContentLength)+1) // +1: room to see the end
	}
	body, err := readAtMost(r.Body, *x.body, h.maxBody+1)
	*x.body = body[:0]
	if err != nil {
		x.fail(errSerialization())
		return nil, false
	}
	if int64(len(body)) > h.maxBody {
		x.tooLarge()
		return nil, false
	}
	x.bytesIn = len(body)
	return body, true
}

// readAtMost appends what r yields to b until r ends (io.EOF, which is not
// an error) or limit bytes were read, growing b as needed.
func readAtMost(r io.Reader, b []byte, limit int64) ([]byte, error) {
	start := len(b)
	for int64(len(b)-start) < limit {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		end := min(int64(cap(b)), int64(len(b))+limit-int64(len(b)-start))
		n, err := r.Read(b[len(b):end])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
	}
	return b, nil
}

// lookup returns the name of the operation target names and the
// operation, or nil if target names none.
func (h *Handler) lookup(target string) (string, *operation) {
	name, ok := strings.CutPrefix(target, TargetPrefix)
	if !ok {
		return "", nil
	}
	if o, ok := h.ops[name]; ok {
		return name, o
	}
	return "", nil
}

// decodeFast decodes body with o's fast decoder, if o has one and body is
// not empty. A body it decodes is valid JSON. o may be nil.
func (o *operation) decodeFast(body []byte) (any, bool) {
	if o == nil || o.fast == nil || len(body) == 0 {
		return nil, false
	}
	return o.fast(body)
}

// responseContentType returns the content type to answer a request of
// content type ct with (AWS echoes application/x-amz-json-1.0 and answers
// anything else with application/json), and whether ct is one AWS accepts
// for a body. Parameters such as charset are ignored.
func responseContentType(ct string) (string, bool) {
	media, _, _ := strings.Cut(ct, ";")
	switch strings.ToLower(strings.TrimSpace(media)) {
	case contentTypeAmzJSON:
		return contentTypeAmzJSON, true
	case contentTypeJSON:
		return contentTypeJSON, true
	}
	return contentTypeJSON, false
}

// compress gzips body.
func (h *Handler) compress(body []byte) []byte {
	var buf bytes.Buffer
	zw, _ := h.gzip.Get().(*gzip.Writer)
	if zw == nil {
		zw = gzip.NewWriter(&buf)
	} else {
		zw.Reset(&buf)
	}
	zw.Write(body) // writes to a bytes.Buffer do not fail
	zw.Close()
	h.gzip.Put(zw)
	return buf.Bytes()
}

// maxPooledBuffer is the largest buffer getBuffer's pool keeps: a rare huge
// answer (a 1 MB Query page) is left to the garbage collector rather than
// held for ever.
const maxPooledBuffer = 256 << 10

// getBuffer returns an empty buffer for a request or response body;
// putBuffer gives it back once the body has been written
// (http.ResponseWriter.Write does not keep the slice it is given), or
// decoded.
func (h *Handler) getBuffer() *[]byte {
	if b, ok := h.buffers.Get().(*[]byte); ok {
		return b
	}
	b := make([]byte, 0, 4096)
	return &b
}

func (h *Handler) putBuffer(b *[]byte) {
	if cap(*b) <= maxPooledBuffer {
		*b = (*b)[:0]
		h.buffers.Put(b)
	}
}
