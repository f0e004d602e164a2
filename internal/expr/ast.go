// Package expr parses DynamoDB expressions — condition, filter, key-condition,
// projection and update expressions — into one syntax tree, and translates the
// legacy request parameters (Expected, AttributeUpdates, AttributesToGet,
// ConditionalOperator, and later KeyConditions, QueryFilter, ScanFilter) into
// the same tree. Package eval evaluates the tree against items.
//
// Expression attribute names (#n) and values (:v) are substituted while
// parsing: the tree holds concrete attribute names and values only.
package expr

import "github.com/basalt-db/basalt/internal/attr"

// PathElem is one step of a document path: a top-level attribute or map key
// name, or a list index.
type PathElem struct {
	Name    string // attribute or map key; meaningful when !IsIndex
	Index   int    // list position; meaningful when IsIndex
	IsIndex bool
}

// Path is a document path such as a.b[2].c. The first element is always a
// name (the top-level attribute).
type Path []PathElem

// Operand is a node that yields a value: a path, a literal value, or a
// function or arithmetic over operands.
type Operand interface{ isOperand() }

// PathOperand yields the value at Path, or nothing if it does not exist.
type PathOperand struct{ Path Path }

// ValueOperand yields a value from ExpressionAttributeValues (or a legacy
// parameter's value). Ref is the placeholder it came from (":v"), or "" for
// legacy values; it is kept for error messages.
type ValueOperand struct {
	Value attr.Value
	Ref   string
}

// SizeOperand is size(path): the size of a string, binary, set, list or map.
// Allowed in conditions only.
type SizeOperand struct{ Path Path }

// IfNotExists is if_not_exists(path, operand). Allowed in SET only.
type IfNotExists struct {
	Path    Path
	Default Operand
}

// ListAppend is list_append(a, b). Allowed in SET only.
type ListAppend struct{ A, B Operand }

// Arith is a + b or a - b on numbers. Allowed in SET only.
type Arith struct {
	Op   byte // '+' or '-'
	L, R Operand
}

func (PathOperand) isOperand()  {}
func (ValueOperand) isOperand() {}
func (SizeOperand) isOperand()  {}
func (IfNotExists) isOperand()  {}
func (ListAppend) isOperand()   {}
func (Arith) isOperand()        {}

// Condition is a node that yields true or false.
type Condition interface{ isCondition() }

// CompareOp is a comparator.
type CompareOp uint8

// The comparators of the expression language.
const (
	OpEQ CompareOp = iota + 1 // =
	OpNE                      // <>
	OpLT                      // <
	OpLE                      // <=
	OpGT                      // >
	OpGE                      // >=
)

// Compare is L op R.
type Compare struct {
	Op   CompareOp
	L, R Operand
}

// Between is X BETWEEN Lo AND Hi.
type Between struct{ X, Lo, Hi Operand }

// In is X IN (List...).
type In struct {
	X    Operand
	List []Operand
}

// And, Or and Not combine conditions.
type (
	And struct{ L, R Condition }
	Or  struct{ L, R Condition }
	Not struct{ C Condition }
)

// AttributeExists is attribute_exists(path).
type AttributeExists struct{ Path Path }

// AttributeNotExists is attribute_not_exists(path).
type AttributeNotExists struct{ Path Path }

// AttributeType is attribute_type(path, :type).
type AttributeType struct {
	Path Path
	Type Operand
}

// BeginsWith is begins_with(x, prefix).
type BeginsWith struct{ X, Prefix Operand }

// Contains is contains(x, operand).
type Contains struct{ X, Operand Operand }

// Literal is a constant condition; legacy translations use it for an empty
// set of expectations (always true).
type Literal struct{ Value bool }

func (Compare) isCondition()            {}
func (Between) isCondition()            {}
func (In) isCondition()                 {}
func (And) isCondition()                {}
func (Or) isCondition()                 {}
func (Not) isCondition()                {}
func (AttributeExists) isCondition()    {}
func (AttributeNotExists) isCondition() {}
func (AttributeType) isCondition()      {}
func (BeginsWith) isCondition()         {}
func (Contains) isCondition()           {}
func (Literal) isCondition()            {}

// Update is a parsed update expression: its four clauses, each action in
// the order written.
type Update struct {
	Set    []SetAction
	Remove []Path
	Add    []AddAction
	Delete []DeleteAction
}

// SetAction is one "path = operand" of a SET clause.
type SetAction struct {
	Path  Path
	Value Operand
}

// AddAction is one "path :value" of an ADD clause (a number or a set).
type AddAction struct {
	Path  Path
	Value Operand
}

// DeleteAction is one "path :value" of a DELETE clause (a set).
type DeleteAction struct {
	Path  Path
	Value Operand
}

// Projection is a parsed projection expression: the paths to return.
type Projection []Path
