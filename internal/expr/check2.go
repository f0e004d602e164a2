package expr

import (
	"bytes"
	"fmt"

	"github.com/basalt-db/basalt/internal/attr"
)

// pass2 checks n after its operands: placeholders, depth, and each
// operator's static rules.
func (c *checker) pass2(n *node) {
	switch n.kind {
	case nPath:
		c.usePath(n)
		return
	case nValue:
		c.value(n.text)
		return
	case nCall:
		c.callPass2(n)
		return
	}
	for _, a := range n.args {
		c.pass2(a)
	}
	switch n.kind {
	case nCompare:
		c.distinct(n.text, n.args[0], n.args[1:])
		if n.text != "=" && n.text != "<>" {
			c.operandTypes(n.text, n.args, isSortable)
		}
	case nBetween:
		c.distinct("BETWEEN", n.args[0], n.args[1:])
		c.operandTypes("BETWEEN", n.args, isSortable)
		c.betweenBounds(n.args[1], n.args[2])
	case nIn:
		if len(n.args)-1 > maxInOperands {
			raise(invalid(c.param, "The IN operator is provided with too many operands; number of operands: %d", len(n.args)-1))
		}
		c.distinct("IN", n.args[0], n.args[1:])
	case nArith:
		c.operandTypes(n.text, n.args, func(k attr.Kind) bool { return k == attr.KindN })
	}
}

func (c *checker) callPass2(n *node) {
	if c.update {
		c.checkArity(n)
	}
	for _, a := range n.args {
		c.pass2(a)
	}
	switch n.text {
	case "attribute_exists", "attribute_not_exists", "attribute_type", "if_not_exists":
		c.requirePath(n.text, n.args[0])
	}
	if n.text != "size" && n.text != "list_append" {
		c.distinct(n.text, n.args[0], n.args[1:])
	}
	switch n.text {
	case "size":
		c.operandTypes("size", n.args, isSizable)
		c.requirePath("size", n.args[0])
	case "begins_with":
		c.operandTypes("begins_with", n.args, func(k attr.Kind) bool { return k == attr.KindS || k == attr.KindB })
	case "attribute_type":
		c.typeDescriptor(n.args[1])
	case "list_append":
		c.operandTypes("list_append", n.args, func(k attr.Kind) bool { return k == attr.KindL })
	}
}

func (c *checker) requirePath(fn string, n *node) {
	if unwrap(n).kind != nPath {
		raise(invalid(c.param, "Operator or function requires a document path; operator or function: %s", fn))
	}
}

// distinct raises AWS's error when first is a path that also appears among
// rest.
func (c *checker) distinct(op string, first *node, rest []*node) {
	f := unwrap(first)
	if f.kind != nPath {
		return
	}
	fp := c.resolve(f)
	for _, r := range rest {
		if u := unwrap(r); u.kind == nPath && equalPaths(fp, c.resolve(u)) {
			raise(invalid(c.param, "The first operand must be distinct from the remaining operands for this operator or function; operator: %s, first operand: %s", op, FormatPath(fp)))
		}
	}
}

// operandTypes checks the operands whose type is known before evaluation.
func (c *checker) operandTypes(op string, args []*node, ok func(attr.Kind) bool) {
	for _, a := range args {
		if k := c.staticType(a); k != attr.KindInvalid && !ok(k) {
			raise(invalid(c.param, "Incorrect operand type for operator or function; operator or function: %s, operand type: %s", op, k))
		}
	}
}

// staticType is the type of n known before evaluation: a value's type, N
// for size(); KindInvalid when it depends on the item.
func (c *checker) staticType(n *node) attr.Kind {
	switch n = unwrap(n); {
	case n.kind == nValue:
		return c.p.values[n.text].Kind
	case n.kind == nCall && n.text == "size":
		return attr.KindN
	}
	return attr.KindInvalid
}

func isSortable(k attr.Kind) bool { return k == attr.KindS || k == attr.KindN || k == attr.KindB }

func isSizable(k attr.Kind) bool {
	return k == attr.KindS || k == attr.KindB || k == attr.KindL || k == attr.KindM || k.IsSet()
}

// anyType is how AWS names "any type" when attribute_type's second operand
// is not a value.
const anyType = "{SS,M,DECIMAL,DOUBLESET,HDS,N,B,DICT,INTSET,BOOL,HD,BS,INT,DECIMALSET,NULL,FLOAT,FS,S,L,NS,DOUBLE}"

// typeDescriptor checks attribute_type's second operand: a value holding
// one of the ten type descriptors.
func (c *checker) typeDescriptor(n *node) {
	u := unwrap(n)
	if u.kind != nValue {
		t := anyType
		if u.kind == nCall && u.text == "size" {
			t = "N"
		}
		raise(invalid(c.param, "Incorrect operand type for operator or function; operator or function: attribute_type, operand type: %s", t))
	}
	v := c.p.values[u.text]
	if v.Kind != attr.KindS {
		raise(invalid(c.param, "Incorrect operand type for operator or function; operator or function: attribute_type, operand type: %s", v.Kind))
	}
	if attr.KindOf(v.S) == attr.KindInvalid {
		raise(invalid(c.param, "Invalid attribute type name found; type: %s, valid types: {N,BS,L,B,NULL,M,S,SS,NS,BOOL}", v.S))
	}
}

// betweenBounds checks BETWEEN's bounds when both are values: same type,
// and lower <= upper.
func (c *checker) betweenBounds(lo, hi *node) {
	l, h := unwrap(lo), unwrap(hi)
	if l.kind != nValue || h.kind != nValue {
		return
	}
	a, b := c.p.values[l.text], c.p.values[h.text]
	if a.Kind != b.Kind {
		raise(invalid(c.param, "The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: %s, upper bound operand: %s", boundText(a), boundText(b)))
	}
	if compareScalars(a, b) > 0 {
		raise(invalid(c.param, "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: %s, upper bound operand: %s", boundText(a), boundText(b)))
	}
}

// boundText renders a BETWEEN bound as AWS's messages do (the text of a
// Java AttributeValue).
func boundText(v attr.Value) string {
	if v.Kind == attr.KindB {
		return fmt.Sprintf("AttributeValue: {B:java.nio.HeapByteBuffer[pos=0 lim=%d cap=%d]}", len(v.B), len(v.B))
	}
	return "AttributeValue: {" + v.Kind.String() + ":" + v.S + "}"
}

// compareScalars orders two S, N or B values of the same kind: strings and
// binaries by unsigned bytes, numbers numerically.
func compareScalars(a, b attr.Value) int {
	switch a.Kind {
	case attr.KindN:
		return attr.CompareNumbers(a.S, b.S)
	case attr.KindB:
		return bytes.Compare(a.B, b.B)
	}
	return bytes.Compare([]byte(a.S), []byte(b.S))
}

func equalPaths(a, b Path) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
