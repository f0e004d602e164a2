package httpapi

import (
	"bytes"
	"crypto/rand"
	"encoding/base32"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"log/slog"
	"net/http"
	"reflect"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/basalt-db/basalt/internal/apierr"
)

// exchange is one request and the state of its answer.
type exchange struct {
	h     *Handler
	w     http.ResponseWriter
	r     *http.Request
	start time.Time

	id          string // x-amzn-RequestId
	op          string // operation name, once known
	contentType string // of JSON answers
	gzip        bool   // the client accepts gzip

	wrote    bool
	status   int
	bytesIn  int
	bytesOut int
}

func newExchange(h *Handler, w http.ResponseWriter, r *http.Request) *exchange {
	x := &exchange{
		h: h, w: w, r: r, start: time.Now(),
		id:          newRequestID(),
		contentType: contentTypeJSON,
		gzip:        acceptsGzip(r.Header.Get("Accept-Encoding")),
	}
	// Header names as AWS spells them; Go would canonicalise them.
	w.Header()["x-amzn-RequestId"] = []string{x.id}
	return x
}

// requestIDEncoding gives AWS's request id alphabet, [0-9A-V].
var requestIDEncoding = base32.HexEncoding.WithPadding(base32.NoPadding)

// newRequestID returns a fresh 52-character request id of digits and
// upper-case letters, the form DynamoDB's ids have.
func newRequestID() string {
	var b [33]byte
	rand.Read(b[:]) // never fails (crypto/rand)
	return requestIDEncoding.EncodeToString(b[:])[:52]
}

// send writes the answer: body, gzipped if the client accepts gzip, with
// x-amz-crc32 the CRC32 (IEEE) of the bytes on the wire, that is of the
// gzipped bytes when gzipped, as the AWS SDKs check it. An empty
// contentType sends none.
func (x *exchange) send(status int, contentType string, body []byte) {
	h := x.w.Header()
	if x.gzip && len(body) > 0 {
		body = x.h.compress(body)
		h.Set("Content-Encoding", "gzip")
	}
	h["x-amz-crc32"] = []string{strconv.FormatUint(uint64(crc32.ChecksumIEEE(body)), 10)}
	if contentType != "" {
		h.Set("Content-Type", contentType)
	} else {
		h["Content-Type"] = nil // no sniffing
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	x.wrote, x.status, x.bytesOut = true, status, len(body)
	x.w.WriteHeader(status)
	x.w.Write(body) // a failed write means the client has gone
}

// sendJSON encodes v and sends it; an encoding failure is an internal fault.
func (x *exchange) sendJSON(status int, v any) {
	body, err := marshal(v)
	if err != nil {
		x.fail(fmt.Errorf("encoding %s output: %w", x.op, err))
		return
	}
	x.send(status, x.contentType, body)
}

// fail answers with err as a wire error (apierr.From); internal faults are
// logged with the request id and operation.
func (x *exchange) fail(err error) {
	e, internal := apierr.From(err)
	switch {
	case internal && x.r.Context().Err() != nil && errors.Is(err, x.r.Context().Err()):
		// The client went away; nothing is wrong here.
		x.h.log.Debug("request abandoned", "request_id", x.id, "operation", x.op, "error", err)
	case internal:
		x.h.log.Error("internal error", "request_id", x.id, "operation", x.op, "error", err)
	}
	x.sendError(e)
}

// sendError sends e, falling back to InternalServerError if its Item
// cannot be encoded.
func (x *exchange) sendError(e *apierr.Error) {
	body, err := marshal(wireError(e))
	if err != nil {
		x.h.log.Error("internal error", "request_id", x.id, "operation", x.op, "error",
			fmt.Errorf("encoding %s error item: %w", x.op, err))
		e, _ = apierr.From(err)
		body, _ = marshal(wireError(e))
	}
	x.send(apierr.SpecOf(e.Code).Status, x.contentType, body)
}

// tooLarge answers a body over the limit: 413 with no body, as AWS answers.
func (x *exchange) tooLarge() {
	x.w.Header().Set("Connection", "close")
	x.send(http.StatusRequestEntityTooLarge, "", nil)
}

// preflight answers a CORS preflight (OPTIONS with Origin) as AWS does.
func (x *exchange) preflight() {
	h := x.w.Header()
	if v := x.r.Header.Get("Access-Control-Request-Headers"); v != "" {
		h.Set("Access-Control-Allow-Headers", v)
	}
	if v := x.r.Header.Get("Access-Control-Request-Method"); v != "" {
		h.Set("Access-Control-Allow-Methods", v)
	}
	h.Set("Access-Control-Max-Age", "172800")
	x.send(http.StatusOK, "", nil)
}

// finish recovers a panic into InternalServerError and logs the request at
// debug level. It must be deferred.
func (x *exchange) finish() {
	if v := recover(); v != nil {
		if v == http.ErrAbortHandler {
			panic(v)
		}
		x.h.log.Error("panic serving request", "request_id", x.id, "operation", x.op,
			"panic", v, "stack", string(debug.Stack()))
		if !x.wrote {
			e, _ := apierr.From(fmt.Errorf("panic: %v", v))
			x.sendError(e)
		}
	}
	ctx := x.r.Context()
	if x.h.log.Enabled(ctx, slog.LevelDebug) {
		x.h.log.LogAttrs(ctx, slog.LevelDebug, "request",
			slog.String("request_id", x.id), slog.String("method", x.r.Method),
			slog.String("path", x.r.URL.Path), slog.String("operation", x.op),
			slog.Int("status", x.status), slog.Duration("duration", time.Since(x.start)),
			slog.Int("bytes_in", x.bytesIn), slog.Int("bytes_out", x.bytesOut),
			slog.String("remote", x.r.RemoteAddr))
	}
}

// errorBody is a wire error. AWS writes the message under "Message" for
// some exceptions and "message" for the rest; it omits it when there is
// none (UnknownOperationException, SerializationException for bad JSON).
type errorBody struct {
	Type         string `json:"__type"`
	Message      string `json:"message,omitempty"`
	MessageUpper string `json:"Message,omitempty"`
	Item         any    `json:"Item,omitempty"`
	// CancellationReasons is TransactionCanceledException's list.
	CancellationReasons any `json:"CancellationReasons,omitempty"`
}

// upperMessage reports whether AWS keys c's message "Message".
func upperMessage(c apierr.Code) bool {
	return c == apierr.Serialization || c == apierr.AccessDenied || c == apierr.TransactionCanceled
}

func wireError(e *apierr.Error) errorBody {
	b := errorBody{Type: apierr.SpecOf(e.Code).Type}
	if upperMessage(e.Code) {
		b.MessageUpper = e.Message
	} else {
		b.Message = e.Message
	}
	if !isNil(e.Item) {
		b.Item = e.Item
	}
	if !isNil(e.CancellationReasons) {
		b.CancellationReasons = e.CancellationReasons
	}
	return b
}

func isNil(v any) bool {
	if v == nil {
		return true
	}
	switch rv := reflect.ValueOf(v); rv.Kind() {
	case reflect.Map, reflect.Pointer, reflect.Slice, reflect.Interface:
		return rv.IsNil()
	}
	return false
}

// marshal encodes v as AWS does: no HTML escaping of <, > and &, no
// trailing newline.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// acceptsGzip reports whether an Accept-Encoding header admits gzip.
func acceptsGzip(header string) bool {
	star := false
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(part, ";")
		q := qValue(params)
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "gzip", "x-gzip":
			return q > 0
		case "*":
			star = q > 0
		}
	}
	return star
}

// qValue is the q parameter of an Accept-Encoding element (default 1).
func qValue(params string) float64 {
	for _, p := range strings.Split(params, ";") {
		k, v, _ := strings.Cut(p, "=")
		if strings.TrimSpace(k) == "q" {
			q, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil {
				return 0
			}
			return q
		}
	}
	return 1
}
