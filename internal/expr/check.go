package expr

import (
	"strconv"

	"github.com/basalt-db/basalt/internal/attr"
)

// checker runs the checks AWS makes on a parsed expression, in AWS's order:
//
//  1. pass1, in the order written: list index ranges, reserved words,
//     function names, where each function is used, and (conditions only)
//     the number of a function's operands;
//  2. pass2: placeholders (names, then values, as met), path depth,
//     operand types and the other static rules of each operator.
//
// Each check raises the first problem it finds (see raise). The update and
// projection checks add their own steps around these passes.
type checker struct {
	p      *Params
	param  string
	update bool // checking an update expression
}

// funcInfo describes one function of the expression language.
type funcInfo struct {
	operands int
	cond     bool // yields a condition (else an operand)
	update   bool // allowed in update expressions only
}

var functions = map[string]funcInfo{
	"attribute_exists":     {1, true, false},
	"attribute_not_exists": {1, true, false},
	"attribute_type":       {2, true, false},
	"begins_with":          {2, true, false},
	"contains":             {2, true, false},
	"size":                 {1, false, false},
	"if_not_exists":        {2, false, true},
	"list_append":          {2, false, true},
}

// countOperators raises AWS's error when n holds more than maxOperators
// operators and functions.
func (c *checker) countOperators(ns ...*node) {
	count := 0
	var walk func(*node)
	walk = func(n *node) {
		switch n.kind {
		case nCompare, nBetween, nIn, nAnd, nOr, nNot, nCall, nArith:
			count++
		}
		for _, a := range n.args {
			walk(a)
		}
	}
	for _, n := range ns {
		if n != nil {
			walk(n)
		}
	}
	if count > maxOperators {
		raise(invalid(c.param, "The expression contains too many operators; operator count: %d", maxOperators+1))
	}
}

// pass1 checks n; cond reports whether n stands where a condition is
// expected (else an operand is).
func (c *checker) pass1(n *node, cond bool) {
	switch n.kind {
	case nPath:
		c.pathWords(n)
	case nCall:
		c.callPass1(n, cond)
	case nParen:
		c.pass1(n.args[0], cond)
	default:
		sub := n.kind == nAnd || n.kind == nOr || n.kind == nNot
		for _, a := range n.args {
			c.pass1(a, sub)
		}
	}
}

// pathWords checks the written elements of a path: list indexes in range,
// and no plain name that is a reserved word.
func (c *checker) pathWords(n *node) {
	for _, e := range n.elems {
		switch e.kind {
		case eIndex:
			if !indexInRange(e.text) {
				raise(invalid(c.param, "List index is not within the allowable range; index: [%s]", e.text))
			}
		case eIdent:
			if isReserved(e.text) {
				raise(invalid(c.param, "Attribute name is a reserved keyword; reserved keyword: %s", e.text))
			}
		}
	}
}

func (c *checker) callPass1(n *node, cond bool) {
	f, ok := functions[n.text]
	switch {
	case !ok:
		raise(invalid(c.param, "Invalid function name; function: %s", n.text))
	case c.update && !f.update:
		raise(invalid(c.param, "The function is not allowed in an update expression; function: %s", n.text))
	case !c.update && f.update:
		raise(invalid(c.param, "The function is not allowed in a condition expression; function: %s", n.text))
	case !c.update && cond != f.cond:
		raise(invalid(c.param, "The function is not allowed to be used this way in an expression; function: %s", n.text))
	}
	if !c.update {
		c.checkArity(n)
	}
	for _, a := range n.args {
		c.pass1(a, false)
	}
}

func (c *checker) checkArity(n *node) {
	if want := functions[n.text].operands; len(n.args) != want {
		raise(invalid(c.param, "Incorrect number of operands for operator or function; operator or function: %s, number of operands: %d", n.text, len(n.args)))
	}
}

// usePath resolves the placeholders of a path, marking them used, and
// checks its depth.
func (c *checker) usePath(n *node) {
	for _, e := range n.elems {
		if e.kind == ePlaceholder {
			c.name(e.text)
			c.p.usedNames[e.text] = true
		}
	}
	if len(n.elems) > maxPathDepth {
		raise(invalid(c.param, "The document path has too many nesting levels; nesting levels: %d", len(n.elems)))
	}
}

// name returns the attribute name a #placeholder stands for.
func (c *checker) name(ref string) string {
	v, ok := c.p.names[ref]
	if !ok {
		raise(invalid(c.param, "An expression attribute name used in the document path is not defined; attribute name: %s", ref))
	}
	return v
}

// value returns the value a :placeholder stands for, marking it used.
func (c *checker) value(ref string) attr.Value {
	v, ok := c.p.values[ref]
	if !ok {
		raise(invalid(c.param, "An expression attribute value used in expression is not defined; attribute value: %s", ref))
	}
	c.p.usedValues[ref] = true
	return v
}

// resolve returns the path n denotes; its placeholders must be defined.
func (c *checker) resolve(n *node) Path {
	path := make(Path, len(n.elems))
	for i, e := range n.elems {
		switch e.kind {
		case eIdent:
			path[i] = PathElem{Name: e.text}
		case ePlaceholder:
			path[i] = PathElem{Name: c.name(e.text)}
		case eIndex:
			path[i] = PathElem{Index: mustAtoi(e.text), IsIndex: true}
		}
	}
	return path
}

// indexInRange reports whether list index digits are at most maxListIndex.
func indexInRange(s string) bool {
	i, err := strconv.ParseInt(s, 10, 64)
	return len(s) <= 10 && err == nil && i <= maxListIndex
}

// mustAtoi converts the digits of a list index that pass1 has bounded.
func mustAtoi(s string) int {
	i, _ := strconv.Atoi(s)
	return i
}
