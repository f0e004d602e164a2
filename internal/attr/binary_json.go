package attr

import (
	"encoding/base64"
	"fmt"
	"unsafe"
)

// Reading an item's binary encoding without decoding it: its wire JSON and
// its size, straight from the stored bytes, with no maps, no Values and no
// copies. The read path returns stored items this way (see the HTTP layer):
// DecodeItem followed by encoding costs five to ten times more.
//
// Both walk the encoding exactly as DecodeItem does, with the same reader,
// so they fail exactly where it fails, with the same errors. Sizing first
// tries a fast path over the item's top level (flatItemSize), which gives
// up on anything unusual, errors included; the general walk then starts
// afresh and answers as it always did. (Transcoding has no such path: its
// general walk comes within a few per cent of one, as appending the
// strings' JSON outweighs reading the encoding.)

// AppendEncodedItemJSON appends the item whose binary encoding (AppendItem)
// is b exactly as AppendItemMapJSON appends DecodeItem(b). It fails, leaving
// dst unchanged, where DecodeItem fails, with the same error (a wrapped
// ErrCorruptItem). b is only read.
func AppendEncodedItemJSON(dst, b []byte) ([]byte, error) {
	r, err := encodedReader(b)
	if err != nil {
		return dst, err
	}
	t := transcoder{binReader: r, b: b, buf: dst}
	if err := t.fields(AppendGoString); err != nil {
		return dst, err
	}
	if t.off != len(t.s) {
		return dst, t.errorf("trailing bytes")
	}
	return t.buf, nil
}

// EncodedItemSize returns ItemSize(DecodeItem(b)), the size DynamoDB counts
// for the item whose binary encoding is b, without decoding it. It fails
// where DecodeItem fails, with the same error. b is only read.
func EncodedItemSize(b []byte) (int, error) {
	if n, ok := flatItemSize(b); ok {
		return n, nil
	}
	r, err := encodedReader(b)
	if err != nil {
		return 0, err
	}
	n, err := r.fieldsSize(false)
	if err != nil {
		return 0, err
	}
	if r.off != len(r.s) {
		return 0, r.errorf("trailing bytes")
	}
	return n, nil
}

// flatItemSize is EncodedItemSize's fast path: the top level of the item,
// whose counts and lengths take at most two bytes each, as most items' do,
// in one loop with no error values; documents and sets are measured by the
// general walk (binReader.valueSize). ok is false for a longer count or
// length and for anything the general walk would refuse, which is then left
// to that walk from the start, and so answered with its errors.
func flatItemSize(b []byte) (size int, ok bool) {
	if len(b) == 0 || b[0] != binVersion {
		return 0, false
	}
	s := unsafe.String(unsafe.SliceData(b), len(b)) // only read, as encodedReader's
	n, off, ok := shortUvarint(s, 1)
	if !ok || n > len(s)-off || 2*n > len(s)-off { // binReader.count(2)
		return 0, false
	}
	prev := ""
	for i := range n {
		var name string
		if name, off, ok = shortString(s, off); !ok || (i > 0 && name <= prev) || off >= len(s) {
			return 0, false
		}
		tag := s[off]
		off++
		switch tag {
		case binTagS, binTagB:
			var v string
			if v, off, ok = shortString(s, off); !ok {
				return 0, false
			}
			size += len(v)
		case binTagN:
			var v string
			if v, off, ok = shortString(s, off); !ok || !binIsNumberText(v) {
				return 0, false
			}
			size += numberSize(v)
		case binTagFalse, binTagTrue, binTagNULL:
			size += scalarOneByte
		default: // a document or set: the general walk's, from its tag
			r := binReader{s: s, off: off - 1}
			v, err := r.valueSize()
			if err != nil {
				return 0, false
			}
			size, off = size+v, r.off
		}
		size += len(name)
		prev = name
	}
	return size, off == len(s)
}

// shortUvarint reads at off a uvarint of one byte, or of two minimally
// encoded (below 1<<14); ok is false for any other, or none.
func shortUvarint(s string, off int) (n, next int, ok bool) {
	if off < len(s) && s[off] < 0x80 {
		return int(s[off]), off + 1, true
	}
	if off+1 < len(s) && s[off+1] < 0x80 && s[off+1] != 0 {
		return int(s[off]&0x7F) | int(s[off+1])<<7, off + 2, true
	}
	return 0, off, false
}

// shortString reads at off uvarint(len) | bytes with a short length, as
// binReader.str does; ok is false where it would fail, or for a longer one.
func shortString(s string, off int) (v string, next int, ok bool) {
	n, off, ok := shortUvarint(s, off)
	if !ok || n > len(s)-off {
		return "", off, false
	}
	return s[off : off+n], off + n, true
}

// encodedReader returns a binReader over b after its version byte. Its
// string aliases b, which is safe because the reader's strings never outlive
// the call: they are only compared, measured and copied into output.
func encodedReader(b []byte) (binReader, error) {
	if len(b) == 0 || b[0] != binVersion {
		return binReader{}, fmt.Errorf("%w: unknown format version", ErrCorruptItem)
	}
	return binReader{s: unsafe.String(unsafe.SliceData(b), len(b)), off: 1}, nil
}

// name reads the next attribute or map entry name of a fields block,
// checking that names ascend as DecodeItem does.
func (r *binReader) name(i int, prev string) (string, error) {
	name, err := r.str()
	if err != nil {
		return "", err
	}
	if i > 0 && name <= prev {
		return "", r.errorf("attribute names out of order")
	}
	return name, nil
}

// enter and leave bound the nesting as DecodeItem's nested does.
func (r *binReader) enter() error {
	if r.depth++; r.depth > binMaxDepth {
		return r.errorf("nesting deeper than %d", binMaxDepth)
	}
	return nil
}

func (r *binReader) leave() { r.depth-- }

// transcoder writes the wire JSON of an encoding as it reads it.
type transcoder struct {
	binReader
	b   []byte // the encoding, for base64 of binaries without copying
	buf []byte
}

// fields transcodes uvarint(n) | n × (name | value), writing the names
// with name.
func (t *transcoder) fields(name func([]byte, string) []byte) error {
	n, err := t.count(2)
	if err != nil {
		return err
	}
	t.buf = append(t.buf, '{')
	prev := ""
	for i := 0; i < n; i++ {
		k, err := t.name(i, prev)
		if err != nil {
			return err
		}
		if i > 0 {
			t.buf = append(t.buf, ',')
		}
		t.buf = append(name(t.buf, k), ':')
		if err := t.value(); err != nil {
			return err
		}
		prev = k
	}
	t.buf = append(t.buf, '}')
	return nil
}

// blob reads uvarint(len) | bytes and writes them in base64.
func (t *transcoder) blob() error {
	s, err := t.str()
	if err != nil {
		return err
	}
	t.buf = append(t.buf, '"')
	t.buf = base64.StdEncoding.AppendEncode(t.buf, t.b[t.off-len(s):t.off])
	t.buf = append(t.buf, '"')
	return nil
}

func (t *transcoder) value() error {
	if t.off >= len(t.s) {
		return t.errorf("truncated value")
	}
	tag := t.s[t.off]
	t.off++
	switch tag {
	case binTagS:
		s, err := t.str()
		if err != nil {
			return err
		}
		t.buf = appendString(append(t.buf, `{"S":`...), s)
	case binTagN:
		s, err := t.numberText()
		if err != nil {
			return err
		}
		t.buf = appendString(append(t.buf, `{"N":`...), s)
	case binTagB:
		t.buf = append(t.buf, `{"B":`...)
		if err := t.blob(); err != nil {
			return err
		}
	case binTagFalse:
		t.buf = append(t.buf, `{"BOOL":false`...)
	case binTagTrue:
		t.buf = append(t.buf, `{"BOOL":true`...)
	case binTagNULL:
		t.buf = append(t.buf, `{"NULL":true`...)
	case binTagL, binTagM:
		if err := t.nested(tag); err != nil {
			return err
		}
	case binTagSS, binTagNS, binTagBS:
		if err := t.set(tag); err != nil {
			return err
		}
	default:
		return t.errorf("unknown type tag 0x%02x", tag)
	}
	t.buf = append(t.buf, '}')
	return nil
}

func (t *transcoder) nested(tag byte) error {
	if err := t.enter(); err != nil {
		return err
	}
	defer t.leave()
	if tag == binTagM {
		t.buf = append(t.buf, `{"M":`...)
		return t.fields(appendString)
	}
	n, err := t.count(1)
	if err != nil {
		return err
	}
	t.buf = append(t.buf, `{"L":[`...)
	for i := range n {
		if i > 0 {
			t.buf = append(t.buf, ',')
		}
		if err := t.value(); err != nil {
			return err
		}
	}
	t.buf = append(t.buf, ']')
	return nil
}

func (t *transcoder) set(tag byte) error {
	n, err := t.count(1)
	if err != nil {
		return err
	}
	switch tag {
	case binTagSS:
		t.buf = append(t.buf, `{"SS":[`...)
	case binTagNS:
		t.buf = append(t.buf, `{"NS":[`...)
	default:
		t.buf = append(t.buf, `{"BS":[`...)
	}
	for i := range n {
		if i > 0 {
			t.buf = append(t.buf, ',')
		}
		var s string
		switch tag {
		case binTagSS:
			s, err = t.str()
		case binTagNS:
			s, err = t.numberText()
		default:
			err = t.blob()
		}
		if err != nil {
			return err
		}
		if tag != binTagBS {
			t.buf = appendString(t.buf, s)
		}
	}
	t.buf = append(t.buf, ']')
	return nil
}

// fieldsSize reads uvarint(n) | n × (name | value) and returns the size
// ItemSize counts for them: of an item, or (inMap) of an M's entries
// without the M's own overhead.
func (r *binReader) fieldsSize(inMap bool) (int, error) {
	n, err := r.count(2)
	if err != nil {
		return 0, err
	}
	size := 0
	prev := ""
	for i := 0; i < n; i++ {
		k, err := r.name(i, prev)
		if err != nil {
			return 0, err
		}
		v, err := r.valueSize()
		if err != nil {
			return 0, err
		}
		size += len(k) + v
		if inMap {
			size += elementOverhead
		}
		prev = k
	}
	return size, nil
}

// valueSize reads a value and returns Size of it.
func (r *binReader) valueSize() (int, error) {
	if r.off >= len(r.s) {
		return 0, r.errorf("truncated value")
	}
	tag := r.s[r.off]
	r.off++
	switch tag {
	case binTagS, binTagB:
		s, err := r.str()
		return len(s), err
	case binTagN:
		s, err := r.numberText()
		return numberSize(s), err
	case binTagFalse, binTagTrue, binTagNULL:
		return scalarOneByte, nil
	case binTagL, binTagM:
		if err := r.enter(); err != nil {
			return 0, err
		}
		defer r.leave()
		if tag == binTagM {
			n, err := r.fieldsSize(true)
			return docOverhead + n, err
		}
		n, err := r.count(1)
		if err != nil {
			return 0, err
		}
		size := docOverhead
		for range n {
			e, err := r.valueSize()
			if err != nil {
				return 0, err
			}
			size += elementOverhead + e
		}
		return size, nil
	case binTagSS, binTagNS, binTagBS:
		n, err := r.count(1)
		if err != nil {
			return 0, err
		}
		size := 0
		for range n {
			var s string
			if tag == binTagNS {
				s, err = r.numberText()
				size += numberSize(s)
			} else {
				s, err = r.str()
				size += len(s)
			}
			if err != nil {
				return 0, err
			}
		}
		return size, nil
	}
	return 0, r.errorf("unknown type tag 0x%02x", tag)
}

// numberText reads a number's text, checked as DecodeItem checks it.
func (r *binReader) numberText() (string, error) {
	s, err := r.str()
	if err == nil && !binIsNumberText(s) {
		err = r.errorf("malformed number %q", s)
	}
	return s, err
}
