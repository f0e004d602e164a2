package expr

// parser is a recursive-descent parser over the tokens of one expression.
// It builds the syntax tree of syntax.go and reports only syntax errors
// (and redundant parentheses, which AWS reports while parsing); every other
// check runs afterwards on the finished tree, in AWS's order.
//
// Errors are raised with raise (a *bailout panic), which run recovers; no
// panic of another type is recovered.
type parser struct {
	src   string
	param string // request parameter, for messages
	toks  []token
	pos   int
}

// bailout carries a parse error out of the recursion.
type bailout struct{ err error }

// newParser lexes src for parsing as part of request parameter param.
func newParser(param, src string) *parser {
	return &parser{src: src, param: param, toks: lex(src)}
}

// run calls fn, which parses from the first token, checks that it consumed
// every token, and returns the first syntax error.
func (p *parser) run(fn func()) error {
	return guard(func() {
		fn()
		p.expectEOF()
	})
}

// fail reports a syntax error at token i: the token's text, and the source
// from the start of the token before it to the end of the token after it
// (the end of the source, trailing blanks included, at <EOF>).
func (p *parser) fail(i int) {
	t := p.toks[i]
	from, to := t.start, t.end
	if i > 0 {
		from = p.toks[i-1].start
	}
	if i+1 < len(p.toks) {
		to = p.toks[i+1].end
	}
	raise(invalid(p.param, "Syntax error; token: \"%s\", near: \"%s\"", t.text, p.src[from:to]))
}

func (p *parser) peek() token { return p.toks[p.pos] }

func (p *parser) isPunct(s string) bool {
	t := p.peek()
	return t.kind == tPunct && t.text == s
}

func (p *parser) isKeyword(kw string) bool {
	t := p.peek()
	return t.kind == tKeyword && t.kw == kw
}

// expectPunct consumes punctuation s and returns its token index.
func (p *parser) expectPunct(s string) int {
	if !p.isPunct(s) {
		p.fail(p.pos)
	}
	p.pos++
	return p.pos - 1
}

func (p *parser) expectKeyword(kw string) {
	if !p.isKeyword(kw) {
		p.fail(p.pos)
	}
	p.pos++
}

func (p *parser) expectEOF() {
	if p.peek().kind != tEOF {
		p.fail(p.pos)
	}
}

// path parses name ('.' name | '[' int ']')*, where a name is an identifier
// or a #placeholder.
func (p *parser) path() *node {
	n := &node{kind: nPath, tok: p.pos}
	n.elems = append(n.elems, p.pathName())
	for {
		switch {
		case p.isPunct("."):
			p.pos++
			n.elems = append(n.elems, p.pathName())
		case p.isPunct("["):
			p.pos++
			if p.peek().kind != tInt {
				p.fail(p.pos)
			}
			n.elems = append(n.elems, elem{kind: eIndex, text: p.peek().text, tok: p.pos})
			p.pos++
			p.expectPunct("]")
		default:
			return n
		}
	}
}

func (p *parser) pathName() elem {
	t := p.peek()
	switch t.kind {
	case tIdent:
		p.pos++
		return elem{kind: eIdent, text: t.text, tok: p.pos - 1}
	case tName:
		p.pos++
		return elem{kind: ePlaceholder, text: t.text, tok: p.pos - 1}
	}
	p.fail(p.pos)
	return elem{}
}

// operand parses a path, a :value, a function call, or an operand in
// parentheses.
func (p *parser) operand() *node {
	t := p.peek()
	switch {
	case t.kind == tValue:
		p.pos++
		return &node{kind: nValue, tok: p.pos - 1, text: t.text}
	case t.kind == tIdent && p.toks[p.pos+1].kind == tPunct && p.toks[p.pos+1].text == "(":
		return p.call()
	case t.kind == tIdent || t.kind == tName:
		return p.path()
	case t.kind == tPunct && t.text == "(":
		open := p.expectPunct("(")
		inner := p.operand()
		p.expectPunct(")")
		return p.paren(open, inner)
	}
	p.fail(p.pos)
	return nil
}

// call parses name '(' operand (',' operand)* ')'.
func (p *parser) call() *node {
	n := &node{kind: nCall, tok: p.pos, text: p.peek().text}
	p.pos++
	p.expectPunct("(")
	n.args = p.operandList()
	p.expectPunct(")")
	return n
}

func (p *parser) operandList() []*node {
	list := []*node{p.operand()}
	for p.isPunct(",") {
		p.pos++
		list = append(list, p.operand())
	}
	return list
}

// paren wraps inner in parentheses opened at token open. AWS refuses two
// parentheses straight around the same thing, and says so as soon as it has
// read the outer pair, before any later syntax error.
func (p *parser) paren(open int, inner *node) *node {
	if inner.kind == nParen {
		raise(invalid(p.param, "The expression has redundant parentheses;"))
	}
	return &node{kind: nParen, tok: open, args: []*node{inner}}
}
