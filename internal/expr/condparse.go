package expr

// The condition grammar, shared by condition, filter and key-condition
// expressions:
//
//	cond    = and { OR and }
//	and     = not { AND not }
//	not     = NOT not | primary
//	primary = '(' cond ')' | operand tail | '(' operand ')' tail
//	tail    = comparator operand
//	        | BETWEEN operand AND operand
//	        | IN '(' operand { ',' operand } ')'
//	        | ε                      (only after a function call)
//
// A parenthesis may open either a condition or an operand; we parse its
// content once, as a condition that may also turn out to be a bare operand,
// and decide by what follows the closing parenthesis. This avoids the
// exponential backtracking a try-one-then-the-other parser needs on deeply
// nested parentheses.

// condition parses a whole condition expression.
func (p *parser) condition() *node { return p.or(false) }

// or parses cond. bare reports whether its first primary may be a bare
// operand (true only directly inside parentheses).
func (p *parser) or(bare bool) *node {
	l := p.and(bare)
	for p.isKeyword("OR") {
		tok := p.pos
		p.pos++
		l = &node{kind: nOr, tok: tok, args: []*node{l, p.and(false)}}
	}
	return l
}

func (p *parser) and(bare bool) *node {
	l := p.not(bare)
	for p.isKeyword("AND") {
		tok := p.pos
		p.pos++
		l = &node{kind: nAnd, tok: tok, args: []*node{l, p.not(false)}}
	}
	return l
}

func (p *parser) not(bare bool) *node {
	if p.isKeyword("NOT") {
		tok := p.pos
		p.pos++
		return &node{kind: nNot, tok: tok, args: []*node{p.not(false)}}
	}
	return p.primary(bare)
}

// primary parses a comparison, a function condition, or a parenthesised
// condition. With bare set, it may return an operand that stands alone
// before a closing parenthesis, as in the inner pair of "((a)) = :v".
func (p *parser) primary(bare bool) *node {
	if !p.isPunct("(") {
		return p.tail(p.operand(), bare)
	}
	open := p.expectPunct("(")
	inner := p.or(true)
	p.expectPunct(")")
	n := p.paren(open, inner)
	if !isOperand(inner) {
		return n
	}
	return p.tail(n, bare)
}

// tail completes a comparison whose left operand is x. Without a
// comparator, x must be a function call (a condition function, the checks
// decide), or a bare operand where one is allowed.
func (p *parser) tail(x *node, bare bool) *node {
	t := p.peek()
	switch {
	case t.kind == tPunct && isComparator(t.text):
		p.pos++
		return &node{kind: nCompare, tok: p.pos - 1, text: t.text, args: []*node{x, p.operand()}}
	case t.kind == tKeyword && t.kw == "BETWEEN":
		tok := p.pos
		p.pos++
		lo := p.operand()
		p.expectKeyword("AND")
		return &node{kind: nBetween, tok: tok, args: []*node{x, lo, p.operand()}}
	case t.kind == tKeyword && t.kw == "IN":
		tok := p.pos
		p.pos++
		p.expectPunct("(")
		list := p.operandList()
		p.expectPunct(")")
		return &node{kind: nIn, tok: tok, args: append([]*node{x}, list...)}
	case unwrap(x).kind == nCall:
		return x
	case bare && p.isPunct(")"):
		return x
	}
	p.fail(p.pos)
	return nil
}

func isComparator(s string) bool {
	switch s {
	case "=", "<>", "<", "<=", ">", ">=":
		return true
	}
	return false
}
