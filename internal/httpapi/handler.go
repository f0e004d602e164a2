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
	ops     map[string]operation
	log     *slog.Logger
	health  []byte
	maxBody int64
	gzip    sync.Pool // *gzip.Writer
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
	if len(body) > 0 && !json.Valid(body) {
		x.fail(errSerialization())
		return
	}
	run := h.lookup(x, r.Header.Get("X-Amz-Target"))
	if run == nil {
		x.fail(apierr.New(apierr.UnknownOperation, ""))
		return
	}
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
	out, err := run(ctx, body)
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
	var buf bytes.Buffer
	if r.ContentLength > 0 {
		buf.Grow(int(r.ContentLength))
	}
	n, err := buf.ReadFrom(io.LimitReader(r.Body, h.maxBody+1))
	if err != nil {
		x.fail(errSerialization())
		return nil, false
	}
	if n > h.maxBody {
		x.tooLarge()
		return nil, false
	}
	x.bytesIn = int(n)
	return buf.Bytes(), true
}

// lookup returns the operation named by target, recording its name in x,
// or nil if target names none.
func (h *Handler) lookup(x *exchange, target string) operation {
	name, ok := strings.CutPrefix(target, TargetPrefix)
	if !ok {
		return nil
	}
	run := h.ops[name]
	if run != nil {
		x.op = name
	}
	return run
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
