package expr

// ParseProjection parses a ProjectionExpression: document paths separated
// by commas.
//
// It returns an *apierr.Error (ValidationException) with AWS's message when
// s is empty, too long, malformed, uses a reserved word or an undefined
// #name, or names paths that overlap or conflict; names it uses are
// recorded for CheckUnused.
func (p *Params) ParseProjection(s string) (Projection, error) {
	const param = "ProjectionExpression"
	if err := checkText(param, s); err != nil {
		return nil, err
	}
	var ns []*node
	ps := newParser(param, s)
	if err := ps.run(func() { ns = ps.projection() }); err != nil {
		return nil, err
	}
	c := &checker{p: p, param: param}
	var out Projection
	err := guard(func() {
		for _, n := range ns {
			c.pass1(n, false)
		}
		for _, n := range ns {
			c.pass2(n)
		}
		for _, n := range ns {
			out = append(out, c.resolve(n))
		}
		checkOverlaps(param, out)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
