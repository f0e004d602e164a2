package attr

import (
	"encoding/base64"
	"encoding/json"
	"strconv"
	"unicode/utf8"
)

// The low-level scanner under the decoder: tokens, strings, skipping unknown
// members, and AWS's SerializationException texts for type mismatches.
// token is the class of the next JSON token, for dispatch and for messages.
type token uint8

const (
	tokBad     token = iota // malformed JSON, or the end of input
	tokString               // a string
	tokInt                  // a number without fraction or exponent
	tokDecimal              // a number with either
	tokTrue
	tokFalse
	tokNull
	tokArray
	tokObject
)

// token classifies the next token without consuming it.
func (d *decoder) token() token {
	switch d.peek() {
	case '"':
		return tokString
	case '[':
		return tokArray
	case '{':
		return tokObject
	case 't':
		return d.literal("true", tokTrue)
	case 'f':
		return d.literal("false", tokFalse)
	case 'n':
		return d.literal("null", tokNull)
	}
	_, t := d.number()
	return t
}

func (d *decoder) literal(lit string, t token) token {
	if len(d.data)-d.pos >= len(lit) && string(d.data[d.pos:d.pos+len(lit)]) == lit {
		return t
	}
	return tokBad
}

// number scans the JSON number at d.pos and returns where it ends.
func (d *decoder) number() (int, token) {
	b, i := d.data, d.pos
	digits := func() int {
		n := 0
		for ; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
			n++
		}
		return n
	}
	if i < len(b) && b[i] == '-' {
		i++
	}
	if i < len(b) && b[i] == '0' {
		i++
	} else if digits() == 0 {
		return i, tokBad
	}
	t := tokInt
	if i < len(b) && b[i] == '.' {
		i++
		if digits() == 0 {
			return i, tokBad
		}
		t = tokDecimal
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if digits() == 0 {
			return i, tokBad
		}
		t = tokDecimal
	}
	return i, t
}

// strRaw reads the JSON string at d.pos and returns the bytes between its
// quotes, aliasing d.data. escaped reports that they need unescape: they hold
// escapes or invalid UTF-8. Runs of plain bytes are skipped a word at a time
// (skipPlain).
func (d *decoder) strRaw() (raw []byte, escaped bool, err error) {
	b := d.data
	start := d.pos + 1
	ascii := true
	for i := skipPlain(b, start); i < len(b); i = skipPlain(b, i+1) {
		switch c := b[i]; { // not plainASCII
		case c == '"':
			d.pos = i + 1
			raw = b[start:i]
			return raw, escaped || !ascii && !utf8.Valid(raw), nil
		case c == '\\':
			escaped = true
			i++ // the escaped byte; unescape checks it
		case c < 0x20:
			d.pos = i
			return nil, false, d.syntax()
		default: // beyond ASCII: the rest of its run a byte at a time, not a word
			ascii = false
			for i+1 < len(b) && b[i+1] >= utf8.RuneSelf {
				i++
			}
		}
	}
	d.pos = len(b)
	return nil, false, d.syntax()
}

// unescape decodes the string that strRaw just read from open, as
// encoding/json does: invalid UTF-8 and lone surrogates become U+FFFD.
func (d *decoder) unescape(open int) (string, error) {
	var s string
	if json.Unmarshal(d.data[open:d.pos], &s) != nil {
		return "", &SerializationError{Offset: open}
	}
	return s, nil
}

// str reads the JSON string at d.pos: a substring of d.src, or a new
// string if it holds escapes.
func (d *decoder) str() (string, error) {
	open := d.pos
	_, escaped, err := d.strRaw()
	if err != nil {
		return "", err
	}
	if escaped {
		return d.unescape(open)
	}
	return d.src[open+1 : d.pos-1], nil
}

// skip consumes one JSON value of any shape, such as the value of an unknown
// member. It keeps its own stack of open containers, so nesting costs heap,
// not goroutine stack.
func (d *decoder) skip() error {
	var open []byte // the closers awaited, innermost last
	for {
		if err := d.skipOne(&open); err != nil {
			return err
		}
		for { // after a complete value: separators and closers
			if len(open) == 0 {
				return nil
			}
			closer := open[len(open)-1]
			done, err := d.next(closer)
			if err != nil {
				return err
			}
			if !done {
				if closer == '}' {
					if err := d.skipName(); err != nil {
						return err
					}
				}
				break
			}
			open = open[:len(open)-1]
		}
	}
}

// skipOne consumes a scalar or an empty container, or opens a container
// (pushing its closer, and reading the first member's name).
func (d *decoder) skipOne(open *[]byte) error {
	for {
		switch t := d.token(); t {
		case tokArray, tokObject:
			d.pos++
			closer := byte(']')
			if t == tokObject {
				closer = '}'
			}
			if d.peek() == closer {
				d.pos++
				return nil
			}
			if d.skipLimit > 0 && len(*open) >= d.skipLimit {
				return d.syntax()
			}
			*open = append(*open, closer)
			if t == tokObject {
				if err := d.skipName(); err != nil {
					return err
				}
			}
			// go on with the first element or member value
		default:
			return d.skipScalar(t)
		}
	}
}

func (d *decoder) skipName() error {
	if d.peek() != '"' {
		return d.syntax()
	}
	if err := d.skipString(); err != nil {
		return err
	}
	return d.colon()
}

// skipString consumes a string, checking its escapes.
func (d *decoder) skipString() error {
	open := d.pos
	_, escaped, err := d.strRaw()
	if err == nil && escaped {
		_, err = d.unescape(open)
	}
	return err
}

func (d *decoder) skipScalar(t token) error {
	switch t {
	case tokString:
		return d.skipString()
	case tokInt, tokDecimal:
		d.pos, _ = d.number()
	case tokTrue, tokNull:
		d.pos += len("true")
	case tokFalse:
		d.pos += len("false")
	default:
		return d.syntax()
	}
	return nil
}

// target is what the wire form required where a token did not fit.
type target uint8

const (
	wantValue  target = iota // an attribute value: element of L, value of M or of an item
	wantString               // S, N, members of SS and NS
	wantBool                 // BOOL, NULL
	wantBlob                 // B, members of BS
	wantList                 // L, SS, NS, BS
	wantMap                  // M, an item
)

// arrayClass names, for each target, the Java class AWS's deserializer
// reports when it meets an array there.
var arrayClass = [...]string{
	wantValue:  "class com.amazonaws.dynamodb.v20120810.AttributeValue",
	wantString: "class java.lang.String",
	wantBool:   "class java.lang.Boolean",
	wantBlob:   "class java.nio.ByteBuffer",
	wantMap:    "java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>",
}

// scalarNames are the Jackson token names AWS puts in conversion messages.
var scalarNames = [...]string{
	tokString:  "STRING_VALUE",
	tokInt:     "NUMBER_VALUE",
	tokDecimal: "DECIMAL_VALUE",
	tokTrue:    "TRUE_VALUE",
	tokFalse:   "FALSE_VALUE",
}

// mismatch returns the SerializationError for token t where w was required.
func (d *decoder) mismatch(t token, w target) error {
	msg := ""
	switch t {
	case tokBad, tokNull:
	case tokObject:
		msg = msgObjectHere
	case tokArray:
		msg = msgCollection + arrayClass[w]
	default:
		msg = scalarMismatch(t, w)
	}
	return &SerializationError{Message: msg, Offset: d.pos}
}

func scalarMismatch(t token, w target) string {
	switch w {
	case wantValue:
		return msgValueType
	case wantString:
		return scalarNames[t] + " cannot be converted to String"
	case wantBool:
		if t == tokString {
			return msgBoolToken
		}
		return scalarNames[t] + " cannot be converted to Boolean"
	case wantBlob:
		return msgBlobType
	}
	return msgFieldType
}

// decodeBase64 decodes standard, padded base64 as strictly as AWS does, or
// returns AWS's message for the fault.
func decodeBase64(s []byte) ([]byte, string) {
	if n := utf8.RuneCount(s); n%4 != 0 {
		return nil, msgBase64Len + strconv.Itoa(n)
	}
	body := s
	for range 2 {
		if len(body) > 0 && body[len(body)-1] == '=' {
			body = body[:len(body)-1]
		}
	}
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c == '=' {
			return nil, msgBase64Last
		}
		if !isBase64(c) {
			r, _ := utf8.DecodeRune(body[i:])
			return nil, msgBase64Char + "'" + string(r) + "'"
		}
	}
	b := make([]byte, base64.StdEncoding.DecodedLen(len(s)))
	n, err := base64.StdEncoding.Strict().Decode(b, s)
	if err != nil {
		return nil, msgBase64Last
	}
	return b[:n], ""
}

func isBase64(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '+' || c == '/'
}
