package expr

import (
	"encoding/base64"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/basalt-db/basalt/internal/attr"
)

// This file renders the public tree compactly for tests. Parentheses show
// the tree's shape; paths show each element, quoting names that are not
// plain identifiers (so a dot inside a name is visibly not a separator).

func formatCond(c Condition) string {
	switch c := c.(type) {
	case And:
		return "(" + formatCond(c.L) + " AND " + formatCond(c.R) + ")"
	case Or:
		return "(" + formatCond(c.L) + " OR " + formatCond(c.R) + ")"
	case Not:
		return "NOT " + formatCond(c.C)
	case Compare:
		return formatOperand(c.L) + " " + compareText[c.Op] + " " + formatOperand(c.R)
	case Between:
		return formatOperand(c.X) + " BETWEEN " + formatOperand(c.Lo) + " AND " + formatOperand(c.Hi)
	case In:
		return formatOperand(c.X) + " IN (" + formatOperands(c.List) + ")"
	case AttributeExists:
		return "attribute_exists(" + formatPath(c.Path) + ")"
	case AttributeNotExists:
		return "attribute_not_exists(" + formatPath(c.Path) + ")"
	case AttributeType:
		return "attribute_type(" + formatPath(c.Path) + ", " + formatOperand(c.Type) + ")"
	case BeginsWith:
		return "begins_with(" + formatOperand(c.X) + ", " + formatOperand(c.Prefix) + ")"
	case Contains:
		return "contains(" + formatOperand(c.X) + ", " + formatOperand(c.Operand) + ")"
	case Literal:
		return strconv.FormatBool(c.Value)
	}
	return fmt.Sprintf("?%T", c)
}

var compareText = map[CompareOp]string{OpEQ: "=", OpNE: "<>", OpLT: "<", OpLE: "<=", OpGT: ">", OpGE: ">="}

func formatOperand(o Operand) string {
	switch o := o.(type) {
	case PathOperand:
		return formatPath(o.Path)
	case ValueOperand:
		if o.Ref == "" {
			return formatValue(o.Value)
		}
		return o.Ref + "=" + formatValue(o.Value)
	case SizeOperand:
		return "size(" + formatPath(o.Path) + ")"
	case IfNotExists:
		return "if_not_exists(" + formatPath(o.Path) + ", " + formatOperand(o.Default) + ")"
	case ListAppend:
		return "list_append(" + formatOperand(o.A) + ", " + formatOperand(o.B) + ")"
	case Arith:
		return "(" + formatOperand(o.L) + " " + string(o.Op) + " " + formatOperand(o.R) + ")"
	}
	return fmt.Sprintf("?%T", o)
}

func formatOperands(os []Operand) string {
	s := make([]string, len(os))
	for i, o := range os {
		s[i] = formatOperand(o)
	}
	return strings.Join(s, ", ")
}

func formatPath(p Path) string {
	var b strings.Builder
	for i, e := range p {
		switch {
		case e.IsIndex:
			fmt.Fprintf(&b, "[%d]", e.Index)
		default:
			if i > 0 {
				b.WriteByte('.')
			}
			if plainName(e.Name) {
				b.WriteString(e.Name)
			} else {
				b.WriteString(strconv.Quote(e.Name))
			}
		}
	}
	return b.String()
}

func plainName(s string) bool {
	if s == "" || !isLetter(s[0]) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isWordByte(s[i]) {
			return false
		}
	}
	return true
}

func formatValue(v attr.Value) string {
	switch v.Kind {
	case attr.KindS:
		return "S:" + strconv.Quote(v.S)
	case attr.KindN:
		return "N:" + v.S
	case attr.KindB:
		return "B:" + base64.StdEncoding.EncodeToString(v.B)
	case attr.KindBOOL:
		return "BOOL:" + strconv.FormatBool(v.Bool)
	case attr.KindNULL:
		return "NULL"
	case attr.KindL:
		s := make([]string, len(v.L))
		for i, x := range v.L {
			s[i] = formatValue(x)
		}
		return "L:[" + strings.Join(s, ", ") + "]"
	case attr.KindM:
		keys := make([]string, 0, len(v.M))
		for k := range v.M {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for i, k := range keys {
			keys[i] = strconv.Quote(k) + ": " + formatValue(v.M[k])
		}
		return "M:{" + strings.Join(keys, ", ") + "}"
	case attr.KindSS, attr.KindNS:
		return v.Kind.String() + ":" + fmt.Sprint(v.Strs)
	case attr.KindBS:
		return fmt.Sprintf("BS:%d", len(v.Bins))
	}
	return "?"
}

func formatUpdate(u *Update) string {
	var lines []string
	for _, a := range u.Set {
		lines = append(lines, "SET "+formatPath(a.Path)+" = "+formatOperand(a.Value))
	}
	for _, p := range u.Remove {
		lines = append(lines, "REMOVE "+formatPath(p))
	}
	for _, a := range u.Add {
		lines = append(lines, "ADD "+formatPath(a.Path)+" "+formatOperand(a.Value))
	}
	for _, a := range u.Delete {
		lines = append(lines, "DELETE "+formatPath(a.Path)+" "+formatOperand(a.Value))
	}
	return strings.Join(lines, "\n")
}

func formatProjection(p Projection) string {
	s := make([]string, len(p))
	for i, x := range p {
		s[i] = formatPath(x)
	}
	return strings.Join(s, ", ")
}
