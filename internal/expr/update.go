package expr

// ParseUpdate parses an UpdateExpression.
//
// It returns an *apierr.Error (ValidationException) with AWS's message when
// s is empty, too long, malformed, breaks a static rule (a section used
// twice, overlapping or conflicting paths, operand types known from values,
// function use), or uses an undefined placeholder; placeholders it uses are
// recorded for CheckUnused. Rules that need the table (key attributes) or
// the item (types of stored attributes) are the caller's.
func (p *Params) ParseUpdate(s string) (*Update, error) {
	const param = "UpdateExpression"
	if err := checkText(param, s); err != nil {
		return nil, err
	}
	var cs []clause
	ps := newParser(param, s)
	if err := ps.run(func() { cs = ps.update() }); err != nil {
		return nil, err
	}
	c := &checker{p: p, param: param, update: true}
	var out *Update
	err := guard(func() {
		c.countOperators(updateValues(cs)...)
		c.updatePass1(cs)
		c.updatePass2(allActions(cs))
		out = c.buildUpdate(cs)
	})
	return out, err
}

func allActions(cs []clause) []action {
	var as []action
	for _, c := range cs {
		as = append(as, c.actions...)
	}
	return as
}

func updateValues(cs []clause) []*node {
	var ns []*node
	for _, a := range allActions(cs) {
		ns = append(ns, a.value)
	}
	return ns
}

// updatePass1 runs pass1 a section at a time, in the order the sections
// first appear, and reports a section written twice after checking it.
func (c *checker) updatePass1(cs []clause) {
	var order []string
	sections := map[string][]clause{}
	for _, cl := range cs {
		if sections[cl.kw] == nil {
			order = append(order, cl.kw)
		}
		sections[cl.kw] = append(sections[cl.kw], cl)
	}
	for _, kw := range order {
		for _, cl := range sections[kw] {
			for _, a := range cl.actions {
				c.pass1(a.path, false)
				if a.value != nil {
					c.pass1(a.value, false)
				}
			}
		}
		if len(sections[kw]) > 1 {
			raise(invalid(c.param, "The \"%s\" section can only be used once in an update expression;", kw))
		}
	}
}

// updatePass2 checks the names of the paths written, their overlaps, then
// (from the last action back to the first) every name, and then every
// value, path depth and operand type.
func (c *checker) updatePass2(as []action) {
	targets := make([]Path, len(as))
	for i, a := range as {
		targets[i] = c.resolve(a.path)
	}
	checkOverlaps(c.param, targets)
	for i := len(as) - 1; i >= 0; i-- {
		c.namesIn(as[i].path)
		if as[i].value != nil {
			c.namesIn(as[i].value)
		}
	}
	for i := len(as) - 1; i >= 0; i-- {
		a := as[i]
		c.pass2(a.path)
		if a.value == nil {
			continue
		}
		c.pass2(a.value)
		if a.kw == "ADD" || a.kw == "DELETE" {
			c.addDeleteType(a.kw, a.value)
		}
	}
}

// namesIn raises the error for the first undefined #name in n.
func (c *checker) namesIn(n *node) {
	for _, e := range n.elems {
		if e.kind == ePlaceholder {
			c.name(e.text)
		}
	}
	for _, a := range n.args {
		c.namesIn(a)
	}
}

// typeNames are the type names of ADD and DELETE operand messages.
var typeNames = map[string]string{
	"S": "STRING", "N": "NUMBER", "B": "BINARY", "BOOL": "BOOLEAN", "NULL": "NULL", "L": "LIST", "M": "MAP",
	"SS": "STRING_SET", "NS": "NUMBER_SET", "BS": "BINARY_SET",
}

// addDeleteType checks the value of an ADD (a number or a set) or DELETE (a
// set) action.
func (c *checker) addDeleteType(kw string, v *node) {
	k := c.p.values[v.text].Kind
	if k.IsSet() || kw == "ADD" && k.String() == "N" {
		return
	}
	raise(invalid(c.param, "Incorrect operand type for operator or function; operator: %s, operand type: %s, typeSet: ALLOWED_FOR_%s_OPERAND",
		kw, typeNames[k.String()], kw))
}

// buildUpdate builds the public tree, each clause's actions in the order
// written.
func (c *checker) buildUpdate(cs []clause) *Update {
	u := &Update{}
	for _, a := range allActions(cs) {
		path := c.resolve(a.path)
		switch a.kw {
		case "SET":
			u.Set = append(u.Set, SetAction{Path: path, Value: c.operand(a.value)})
		case "REMOVE":
			u.Remove = append(u.Remove, path)
		case "ADD":
			u.Add = append(u.Add, AddAction{Path: path, Value: c.operand(a.value)})
		case "DELETE":
			u.Delete = append(u.Delete, DeleteAction{Path: path, Value: c.operand(a.value)})
		}
	}
	return u
}
