package expr

// This file turns a checked syntax tree into the public tree of ast.go,
// substituting every placeholder. It runs only after the checks passed, so
// it can assume every placeholder is defined and every function well used.

// ParseCondition parses a condition, filter or key-condition expression.
// param names the request parameter ("ConditionExpression",
// "FilterExpression" or "KeyConditionExpression") in error messages.
//
// It returns an *apierr.Error (ValidationException) with AWS's message when
// s is empty, too long, malformed, or breaks a static rule; placeholders it
// uses are recorded for CheckUnused. Rules that need the table's key schema
// (what a key condition may contain) are the caller's.
func (p *Params) ParseCondition(param, s string) (Condition, error) {
	if err := checkText(param, s); err != nil {
		return nil, err
	}
	var n *node
	ps := newParser(param, s)
	if err := ps.run(func() { n = ps.condition() }); err != nil {
		return nil, err
	}
	c := &checker{p: p, param: param}
	var out Condition
	err := guard(func() {
		c.countOperators(n)
		c.pass1(n, true)
		c.pass2(n)
		out = c.cond(n)
	})
	return out, err
}

// cond builds the condition n denotes.
func (c *checker) cond(n *node) Condition {
	a := n.args
	switch n.kind {
	case nParen:
		return c.cond(a[0])
	case nAnd:
		return And{L: c.cond(a[0]), R: c.cond(a[1])}
	case nOr:
		return Or{L: c.cond(a[0]), R: c.cond(a[1])}
	case nNot:
		return Not{C: c.cond(a[0])}
	case nCompare:
		return Compare{Op: compareOps[n.text], L: c.operand(a[0]), R: c.operand(a[1])}
	case nBetween:
		return Between{X: c.operand(a[0]), Lo: c.operand(a[1]), Hi: c.operand(a[2])}
	case nIn:
		return In{X: c.operand(a[0]), List: c.operands(a[1:])}
	}
	return c.condCall(n)
}

var compareOps = map[string]CompareOp{"=": OpEQ, "<>": OpNE, "<": OpLT, "<=": OpLE, ">": OpGT, ">=": OpGE}

// condCall builds a condition function.
func (c *checker) condCall(n *node) Condition {
	a := n.args
	switch n.text {
	case "attribute_exists":
		return AttributeExists{Path: c.resolve(unwrap(a[0]))}
	case "attribute_not_exists":
		return AttributeNotExists{Path: c.resolve(unwrap(a[0]))}
	case "attribute_type":
		return AttributeType{Path: c.resolve(unwrap(a[0])), Type: c.operand(a[1])}
	case "begins_with":
		return BeginsWith{X: c.operand(a[0]), Prefix: c.operand(a[1])}
	}
	return Contains{X: c.operand(a[0]), Operand: c.operand(a[1])}
}

// operand builds the operand n denotes.
func (c *checker) operand(n *node) Operand {
	n = unwrap(n)
	a := n.args
	switch n.kind {
	case nPath:
		return PathOperand{Path: c.resolve(n)}
	case nValue:
		return ValueOperand{Value: c.p.values[n.text], Ref: n.text}
	case nArith:
		return Arith{Op: n.text[0], L: c.operand(a[0]), R: c.operand(a[1])}
	}
	switch n.text {
	case "size":
		return SizeOperand{Path: c.resolve(unwrap(a[0]))}
	case "if_not_exists":
		return IfNotExists{Path: c.resolve(unwrap(a[0])), Default: c.operand(a[1])}
	}
	return ListAppend{A: c.operand(a[0]), B: c.operand(a[1])}
}

func (c *checker) operands(ns []*node) []Operand {
	out := make([]Operand, len(ns))
	for i, n := range ns {
		out[i] = c.operand(n)
	}
	return out
}
