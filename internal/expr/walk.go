package expr

// ConditionPaths calls fn with every document path that c reads, in the
// order written (left to right, depth first). Filters use it to find the
// attributes a condition names.
func ConditionPaths(c Condition, fn func(Path)) {
	switch n := c.(type) {
	case Compare:
		operandPaths(n.L, fn)
		operandPaths(n.R, fn)
	case Between:
		operandPaths(n.X, fn)
		operandPaths(n.Lo, fn)
		operandPaths(n.Hi, fn)
	case In:
		operandPaths(n.X, fn)
		for _, o := range n.List {
			operandPaths(o, fn)
		}
	case And:
		ConditionPaths(n.L, fn)
		ConditionPaths(n.R, fn)
	case Or:
		ConditionPaths(n.L, fn)
		ConditionPaths(n.R, fn)
	case Not:
		ConditionPaths(n.C, fn)
	case AttributeExists:
		fn(n.Path)
	case AttributeNotExists:
		fn(n.Path)
	case AttributeType:
		fn(n.Path)
		operandPaths(n.Type, fn)
	case BeginsWith:
		operandPaths(n.X, fn)
		operandPaths(n.Prefix, fn)
	case Contains:
		operandPaths(n.X, fn)
		operandPaths(n.Operand, fn)
	}
}

func operandPaths(o Operand, fn func(Path)) {
	switch n := o.(type) {
	case PathOperand:
		fn(n.Path)
	case SizeOperand:
		fn(n.Path)
	case IfNotExists:
		fn(n.Path)
		operandPaths(n.Default, fn)
	case ListAppend:
		operandPaths(n.A, fn)
		operandPaths(n.B, fn)
	case Arith:
		operandPaths(n.L, fn)
		operandPaths(n.R, fn)
	}
}
