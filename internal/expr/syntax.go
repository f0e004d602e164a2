package expr

// This file holds the parser's own syntax tree. It keeps what the checks
// need and the public tree (ast.go) does not: placeholders not yet
// substituted, parentheses, token positions, and function calls before we
// know whether they are conditions or operands.

// nodeKind classifies a syntax node.
type nodeKind uint8

const (
	nPath    nodeKind = iota + 1 // a document path; elems
	nValue                       // a :placeholder; text
	nCall                        // name(args...); text is the name
	nParen                       // ( args[0] )
	nCompare                     // args[0] text args[1]; text is the comparator
	nBetween                     // args[0] BETWEEN args[1] AND args[2]
	nIn                          // args[0] IN (args[1:]...)
	nAnd                         // args[0] AND args[1]
	nOr                          // args[0] OR args[1]
	nNot                         // NOT args[0]
	nArith                       // args[0] text args[1]; text is "+" or "-"
)

// node is one syntax node. tok is the index of its characteristic token:
// the first token of a path, the value token, a function's name, an
// operator, or an opening parenthesis.
type node struct {
	kind  nodeKind
	tok   int
	text  string
	args  []*node
	elems []elem
}

// elemKind classifies one element of a document path as written.
type elemKind uint8

const (
	eIdent       elemKind = iota + 1 // a plain name: a
	ePlaceholder                     // an expression attribute name: #a
	eIndex                           // a list index: [3]
)

// elem is one written path element; text is the identifier, the #name, or
// the index digits.
type elem struct {
	kind elemKind
	text string
	tok  int
}

// unwrap returns n without the parentheses around it.
func unwrap(n *node) *node {
	for n.kind == nParen {
		n = n.args[0]
	}
	return n
}

// isOperand reports whether n (without parentheses) yields a value rather
// than a truth value. Calls count as operands: whether a call is a condition
// or an operand depends on the function, which the checks decide later.
func isOperand(n *node) bool {
	switch unwrap(n).kind {
	case nPath, nValue, nCall, nArith:
		return true
	}
	return false
}
