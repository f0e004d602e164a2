package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"log/slog"
	"math/rand/v2"
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

	body *[]byte // the request body's pooled buffer, given back by finish

	// hdr backs the values of the answer's usual headers, so that setting
	// them allocates nothing: request id, CRC, content type and length.
	hdr [4]string
}

func newExchange(h *Handler, w http.ResponseWriter, r *http.Request) *exchange {
	x := &exchange{
		h: h, w: w, r: r, start: time.Now(),
		id:          newRequestID(),
		contentType: contentTypeJSON,
		gzip:        acceptsGzip(r.Header.Get("Accept-Encoding")),
	}
	// Header names as AWS spells them; Go would canonicalise them.
	x.hdr[0] = x.id
	w.Header()["x-amzn-RequestId"] = x.hdr[0:1:1]
	return x
}

// requestIDAlphabet is AWS's request id alphabet, [0-9A-V] (base32hex).
const requestIDAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUV"

// newRequestID returns a fresh 52-character request id of digits and
// upper-case letters, the form DynamoDB's ids have: 260 random bits, from
// math/rand/v2's generator (ChaCha8, seeded by the runtime), which costs
// nanoseconds where crypto/rand may cost a system call. An id need not be
// secret, only unique.
func newRequestID() string {
	var b [52]byte
	for i := 0; i < len(b); i += 12 { // 12 symbols of 5 bits per 64 random bits
		r := rand.Uint64()
		for j := i; j < min(i+12, len(b)); j++ {
			b[j] = requestIDAlphabet[r&31]
			r >>= 5
		}
	}
	return string(b[:])
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
	// The CRC and the length in one string: one allocation.
	var digits [32]byte
	nums := strconv.AppendUint(digits[:0], uint64(crc32.ChecksumIEEE(body)), 10)
	crcLen := len(nums)
	s := string(strconv.AppendInt(nums, int64(len(body)), 10))
	x.hdr[1], x.hdr[3] = s[:crcLen], s[crcLen:]
	h["x-amz-crc32"] = x.hdr[1:2:2]
	if contentType != "" {
		x.hdr[2] = contentType
		h["Content-Type"] = x.hdr[2:3:3]
	} else {
		h["Content-Type"] = nil // no sniffing
	}
	h["Content-Length"] = x.hdr[3:4:4]
	x.wrote, x.status, x.bytesOut = true, status, len(body)
	x.w.WriteHeader(status)
	x.w.Write(body) // a failed write means the client has gone
}

// sendJSON encodes v and sends it; an encoding failure is an internal fault.
// The hot outputs are encoded by hand (appendOutput) into a pooled buffer,
// which is returned to the pool once the body is written; anything else
// goes through marshal.
func (x *exchange) sendJSON(status int, v any) {
	buf := x.h.getBuffer()
	defer x.h.putBuffer(buf)
	body, ok, err := appendOutput((*buf)[:0], v)
	if !ok {
		body, err = marshal(v)
	} else if err == nil {
		*buf = body
	}
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

// finish recovers a panic into InternalServerError, logs the request at
// debug level and gives back the body's buffer. It must be deferred.
func (x *exchange) finish() {
	if x.body != nil {
		defer x.h.putBuffer(x.body)
	}
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
	for header != "" {
		var part string
		part, header, _ = strings.Cut(header, ",")
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
	for params != "" {
		var p string
		p, params, _ = strings.Cut(params, ";")
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
