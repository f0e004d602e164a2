package attr

import "encoding/binary"

// A fast path of reading the JSON strings of S and N values, which in most
// items are long runs of printable ASCII: eight bytes at a time. It takes a
// string only when it holds nothing but bytes in [0x20, 0x7f] other than
// '"' and '\', which str returns as that very substring of d.src; any
// other string is read by str from its start, so both return alike.

const (
	swarOnes  = 0x0101010101010101
	swarHighs = 0x8080808080808080
)

// plainChunk reports whether the eight bytes of x are all printable ASCII
// (0x20 to 0x7f) and none is '"' or '\'. The tests below never miss a byte
// that fails (they may flag a good byte next to a bad one, which only sends
// the caller to its byte loop).
func plainChunk(x uint64) bool {
	below := (x - 0x20*swarOnes) & ^x           // a byte under 0x20 (or a false alarm)
	quote := x ^ ('"' * swarOnes)               // zero bytes where x has '"'
	slash := x ^ ('\\' * swarOnes)              // zero bytes where x has '\'
	zeroQ := (quote - swarOnes) & ^quote        // a zero byte in quote
	zeroS := (slash - swarOnes) & ^slash        // a zero byte in slash
	return (below|zeroQ|zeroS|x)&swarHighs == 0 // x's high bits: bytes over 0x7f
}

// plainStr reads the JSON string at d.pos (its '"') as str does.
func (d *decoder) plainStr() (string, error) {
	b := d.data
	open := d.pos
	i := open + 1
	for i+8 <= len(b) && plainChunk(binary.LittleEndian.Uint64(b[i:])) {
		i += 8
	}
	for ; i < len(b); i++ {
		switch c := b[i]; {
		case c == '"':
			d.pos = i + 1
			return d.src[open+1 : i], nil
		case c == '\\' || c < 0x20 || c >= 0x80:
			return d.str() // from the start: escapes, control bytes, UTF-8
		}
	}
	return d.str() // unterminated: str reports it
}
