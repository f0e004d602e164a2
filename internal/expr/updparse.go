package expr

// The update grammar:
//
//	update = clause { clause }
//	clause = SET set { ',' set } | REMOVE path { ',' path }
//	       | ADD path :value { ',' path :value } | DELETE path :value { ... }
//	set    = path '=' operand [ ('+' | '-') operand ]
//
// A clause keyword may appear more than once here; the checks report that,
// after the other checks of that section, as AWS does.

// clause is one written section of an update expression.
type clause struct {
	kw      string // SET, REMOVE, ADD or DELETE
	tok     int
	actions []action
}

// action is one action of a clause: the path it writes, and the value node
// (nil for REMOVE).
type action struct {
	kw    string
	path  *node
	value *node
}

// update parses a whole update expression.
func (p *parser) update() []clause {
	var cs []clause
	for {
		t := p.peek()
		if t.kind != tKeyword || t.kw == "AND" || t.kw == "OR" || t.kw == "NOT" || t.kw == "BETWEEN" || t.kw == "IN" {
			p.fail(p.pos)
		}
		p.pos++
		c := clause{kw: t.kw, tok: p.pos - 1}
		c.actions = append(c.actions, p.updateAction(t.kw))
		for p.isPunct(",") {
			p.pos++
			c.actions = append(c.actions, p.updateAction(t.kw))
		}
		cs = append(cs, c)
		if p.peek().kind == tEOF {
			return cs
		}
	}
}

// updateAction parses one action of a clause kw.
func (p *parser) updateAction(kw string) action {
	a := action{kw: kw, path: p.path()}
	switch kw {
	case "SET":
		p.expectPunct("=")
		a.value = p.setValue()
	case "ADD", "DELETE":
		if p.peek().kind != tValue {
			p.fail(p.pos)
		}
		a.value = &node{kind: nValue, tok: p.pos, text: p.peek().text}
		p.pos++
	}
	return a
}

// setValue parses operand [ ('+' | '-') operand ].
func (p *parser) setValue() *node {
	x := p.operand()
	if p.isPunct("+") || p.isPunct("-") {
		tok := p.pos
		p.pos++
		return &node{kind: nArith, tok: tok, text: p.toks[tok].text, args: []*node{x, p.operand()}}
	}
	return x
}

// projection parses path { ',' path }.
func (p *parser) projection() []*node {
	paths := []*node{p.path()}
	for p.isPunct(",") {
		p.pos++
		paths = append(paths, p.path())
	}
	return paths
}
