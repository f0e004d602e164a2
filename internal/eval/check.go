package eval

import (
	"github.com/basalt-db/basalt/internal/attr"
	"github.com/basalt-db/basalt/internal/expr"
)

// checkOperands repeats the parser's static type checks of literal operands
// in an update, so that a tree built by other means (or a parser that missed
// one) still fails as AWS does, before anything is evaluated:
//
//	ADD :v      :v must be N, SS, NS or BS
//	DELETE :v   :v must be SS, NS or BS
//	:v + x      :v must be N (likewise -)
//	list_append(:v, x)  :v must be L
//
// The messages are AWS's; note that ADD and DELETE name the type in full
// ("STRING") and add the allowed type set, while operators use the
// descriptor ("S").
func checkOperands(u *expr.Update) error {
	for _, a := range u.Set {
		if err := checkSetOperand(a.Value); err != nil {
			return err
		}
	}
	for _, a := range u.Add {
		if v, ok := literal(a.Value); ok && v.Kind != attr.KindN && !v.Kind.IsSet() {
			return errUpdateStatic("Incorrect operand type for operator or function",
				"operator: ADD, operand type: "+typeName(v.Kind)+", typeSet: ALLOWED_FOR_ADD_OPERAND")
		}
	}
	for _, a := range u.Delete {
		if v, ok := literal(a.Value); ok && !v.Kind.IsSet() {
			return errUpdateStatic("Incorrect operand type for operator or function",
				"operator: DELETE, operand type: "+typeName(v.Kind)+", typeSet: ALLOWED_FOR_DELETE_OPERAND")
		}
	}
	return nil
}

// checkSetOperand checks the operands of + and list_append inside a SET
// operand, innermost first, as AWS validates children before their operator.
func checkSetOperand(o expr.Operand) error {
	var name string
	var want attr.Kind
	var kids []expr.Operand
	switch o := operandValue(o).(type) {
	case expr.Arith:
		name, want, kids = string(o.Op), attr.KindN, []expr.Operand{o.L, o.R}
	case expr.ListAppend:
		name, want, kids = "list_append", attr.KindL, []expr.Operand{o.A, o.B}
	case expr.IfNotExists:
		return checkSetOperand(o.Default)
	default:
		return nil
	}
	for _, k := range kids {
		if err := checkSetOperand(k); err != nil {
			return err
		}
	}
	for _, k := range kids {
		if v, ok := literal(k); ok && v.Kind != want {
			return errUpdateStatic("Incorrect operand type for operator or function",
				"operator or function: "+name+", operand type: "+v.Kind.String())
		}
	}
	return nil
}

// literal returns the value of o if o is a literal value operand.
func literal(o expr.Operand) (attr.Value, bool) {
	v, ok := operandValue(o).(expr.ValueOperand)
	return v.Value, ok
}

// typeName is the full name AWS gives a type in ADD and DELETE errors.
func typeName(k attr.Kind) string {
	switch k {
	case attr.KindS:
		return "STRING"
	case attr.KindN:
		return "NUMBER"
	case attr.KindB:
		return "BINARY"
	case attr.KindBOOL:
		return "BOOLEAN"
	case attr.KindNULL:
		return "NULL"
	case attr.KindL:
		return "LIST"
	case attr.KindM:
		return "MAP"
	case attr.KindSS:
		return "STRING_SET"
	case attr.KindNS:
		return "NUMBER_SET"
	case attr.KindBS:
		return "BINARY_SET"
	}
	return k.String()
}
