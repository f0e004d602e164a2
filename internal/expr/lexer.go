package expr

import (
	"strings"
	"unicode/utf8"
)

// tokKind classifies a token of the expression language.
type tokKind uint8

const (
	tEOF     tokKind = iota // end of input; text "<EOF>"
	tIdent                  // attribute or function name: [A-Za-z][A-Za-z0-9_]*
	tName                   // expression attribute name: #[A-Za-z0-9_]+
	tValue                  // expression attribute value: :[A-Za-z0-9_]+
	tInt                    // list index: "0" or [1-9][0-9]*
	tKeyword                // AND OR NOT BETWEEN IN SET REMOVE ADD DELETE, any case
	tPunct                  // ( ) [ ] , . = <> < <= > >= + -
	tBad                    // one character the language has no use for
)

// token is one lexeme with its byte span in the source.
type token struct {
	kind       tokKind
	text       string // source text; "<EOF>" for tEOF
	kw         string // upper-case keyword for tKeyword
	start, end int    // byte offsets into the source
}

// keywords are the words the grammar itself uses, upper case. They are
// tokens of their own in every expression kind, so using one as an
// attribute name is a syntax error, not a reserved-word error (REMOVE is
// not even on AWS's reserved list).
var keywords = [...]string{"AND", "OR", "NOT", "BETWEEN", "IN", "SET", "REMOVE", "ADD", "DELETE"}

// longestKeyword is the length of the longest of keywords.
const longestKeyword = len("BETWEEN")

// keyword returns the upper-case keyword that word spells in any case, if
// it is one. It allocates nothing.
func keyword(word string) (string, bool) {
	if len(word) > longestKeyword {
		return "", false
	}
	for _, kw := range keywords {
		if len(kw) == len(word) && strings.EqualFold(kw, word) {
			return kw, true
		}
	}
	return "", false
}

// lex splits src into tokens. It never fails: a character that starts no
// token becomes a one-character tBad token, which the parser reports as a
// syntax error when (and if) it reaches it. The last token is always tEOF.
func lex(src string) []token {
	// A token takes at least one byte, and most take more: room for one
	// per two bytes (and EOF) saves regrowing the slice in nearly all.
	toks := make([]token, 0, len(src)/2+2)
	for i := 0; i < len(src); {
		c := src[i]
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
			i++
			continue
		}
		t := lexOne(src, i)
		toks = append(toks, t)
		i = t.end
	}
	return append(toks, token{kind: tEOF, text: "<EOF>", start: len(src), end: len(src)})
}

// lexOne reads the token that starts at src[i], which is not whitespace.
func lexOne(src string, i int) token {
	c := src[i]
	switch {
	case isLetter(c):
		end := scanWord(src, i+1)
		t := token{kind: tIdent, text: src[i:end], start: i, end: end}
		if up, ok := keyword(t.text); ok {
			t.kind, t.kw = tKeyword, up
		}
		return t
	case c == '#' || c == ':':
		end := scanWord(src, i+1)
		if end == i+1 {
			return token{kind: tBad, text: src[i : i+1], start: i, end: i + 1}
		}
		kind := tName
		if c == ':' {
			kind = tValue
		}
		return token{kind: kind, text: src[i:end], start: i, end: end}
	case c >= '0' && c <= '9':
		end := i + 1
		if c != '0' {
			for end < len(src) && src[end] >= '0' && src[end] <= '9' {
				end++
			}
		}
		return token{kind: tInt, text: src[i:end], start: i, end: end}
	}
	if n := punctLen(src, i); n > 0 {
		return token{kind: tPunct, text: src[i : i+n], start: i, end: i + n}
	}
	_, size := utf8.DecodeRuneInString(src[i:])
	return token{kind: tBad, text: src[i : i+size], start: i, end: i + size}
}

// punctLen returns the length of the operator or punctuation at src[i], or 0.
func punctLen(src string, i int) int {
	if i+1 < len(src) {
		switch src[i : i+2] {
		case "<>", "<=", ">=":
			return 2
		}
	}
	if strings.IndexByte("()[],.=<>+-", src[i]) >= 0 {
		return 1
	}
	return 0
}

func scanWord(src string, i int) int {
	for i < len(src) && isWordByte(src[i]) {
		i++
	}
	return i
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isWordByte(c byte) bool { return isLetter(c) || c >= '0' && c <= '9' || c == '_' }
