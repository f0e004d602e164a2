package service

import (
	"slices"
	"strings"

	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/apierr"
	"github.com/basalt-db/basalt/internal/attr"
	"github.com/basalt-db/basalt/internal/expr"
)

// exprRequest is what one item request says about expressions: the
// expression texts, their legacy counterparts, and the shared names and
// values. Empty fields are absent parameters.
type exprRequest struct {
	params api.ExpressionParams
	// valueExprs names the expressions of the operation that can use
	// values, in the order AWS names them when values come without any
	// ("UpdateExpression and ConditionExpression are null").
	valueExprs []string

	condition    *string // ConditionExpression; nil when absent (it may be present and empty)
	update       *string // UpdateExpression
	projection   *string // ProjectionExpression
	filter       *string // FilterExpression
	keyCondition *string // KeyConditionExpression

	expected         map[string]expr.ExpectedAttributeValue
	conditionalOp    string
	attributeUpdates map[string]expr.AttributeValueUpdate
	attributesToGet  []string
	// legacyFilter is QueryFilter or ScanFilter, named by filterParam.
	legacyFilter map[string]expr.LegacyCondition
	filterParam  string
	// keyConditions is Query's KeyConditions. It counts as a legacy
	// parameter only next to a KeyConditionExpression, and compile leaves
	// its translation to the caller.
	keyConditions map[string]expr.LegacyCondition
}

// usesExpressions reports whether r gives any expression.
func (r *exprRequest) usesExpressions() bool {
	return r.condition != nil || r.update != nil || r.projection != nil || r.filter != nil || r.keyCondition != nil
}

// usesLegacy reports whether r gives any legacy parameter (KeyConditions
// only next to a KeyConditionExpression: see keyConditions).
func (r *exprRequest) usesLegacy() bool {
	return r.expected != nil || r.conditionalOp != "" || r.attributeUpdates != nil || r.attributesToGet != nil ||
		r.legacyFilter != nil || (r.keyConditions != nil && r.keyCondition != nil)
}

// compiled holds the trees one request's expressions parsed into. A nil
// field means the request has no such expression.
type compiled struct {
	cond    expr.Condition
	update  *expr.Update
	proj    expr.Projection
	filter  expr.Condition // FilterExpression, QueryFilter or ScanFilter
	keyCond expr.Condition // KeyConditionExpression
}

// compile checks the expression parameters of a request in AWS's order and
// parses them: mixing legacy and expression parameters, names and values
// given without expressions, empty maps, invalid values, then each
// expression, then unused names and values.
func compile(r exprRequest) (compiled, error) {
	if err := checkMixing(r); err != nil {
		return compiled{}, err
	}
	usesExpr := r.usesExpressions()
	if err := checkExprMaps(r.params, usesExpr, r.valueExprs); err != nil {
		return compiled{}, err
	}
	if usesExpr {
		return compileExpressions(r)
	}
	return compileLegacy(r)
}

// checkMixing refuses a request that gives both legacy and expression
// parameters, naming them as AWS does.
func checkMixing(r exprRequest) error {
	if !r.usesLegacy() || !r.usesExpressions() {
		return nil // the common case, without building the lists
	}
	var legacy, modern []string
	if r.attributeUpdates != nil {
		legacy = append(legacy, "AttributeUpdates")
	}
	if r.attributesToGet != nil {
		legacy = append(legacy, "AttributesToGet")
	}
	if r.legacyFilter != nil {
		legacy = append(legacy, r.filterParam)
	}
	if r.conditionalOp != "" {
		legacy = append(legacy, "ConditionalOperator")
	}
	if r.expected != nil {
		legacy = append(legacy, "Expected")
	}
	if r.keyConditions != nil && r.keyCondition != nil {
		legacy = append(legacy, "KeyConditions")
	}
	if r.condition != nil {
		modern = append(modern, "ConditionExpression")
	}
	if r.projection != nil {
		modern = append(modern, "ProjectionExpression")
	}
	if r.filter != nil {
		modern = append(modern, "FilterExpression")
	}
	if r.keyCondition != nil {
		modern = append(modern, "KeyConditionExpression")
	}
	if r.update != nil {
		modern = append(modern, "UpdateExpression")
	}
	if len(legacy) > 0 && len(modern) > 0 {
		return apierr.Newf(apierr.Validation,
			"Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {%s} Expression parameters: {%s}",
			strings.Join(legacy, ", "), strings.Join(modern, ", "))
	}
	return nil
}

func checkExprMaps(p api.ExpressionParams, usesExpr bool, valueExprs []string) error {
	if p.ExpressionAttributeNames != nil {
		if !usesExpr {
			return apierr.New(apierr.Validation, "ExpressionAttributeNames can only be specified when using expressions")
		}
		if len(p.ExpressionAttributeNames) == 0 {
			return apierr.New(apierr.Validation, "ExpressionAttributeNames must not be empty")
		}
	}
	if p.ExpressionAttributeValues != nil {
		if !usesExpr {
			verb := " is null"
			if len(valueExprs) > 1 {
				verb = " are null"
			}
			return apierr.New(apierr.Validation, "ExpressionAttributeValues can only be specified when using expressions: "+
				strings.Join(valueExprs, " and ")+verb)
		}
		if len(p.ExpressionAttributeValues) == 0 {
			return apierr.New(apierr.Validation, "ExpressionAttributeValues must not be empty")
		}
	}
	if err := checkPlaceholderKeys(p); err != nil {
		return err
	}
	return validateExprValues(p.ExpressionAttributeValues)
}

// checkPlaceholderKeys checks that every name key is #word and every value
// key :word, word being letters, digits and underscores.
func checkPlaceholderKeys(p api.ExpressionParams) error {
	var buf [8]string
	for _, k := range appendSortedKeys(buf[:0], p.ExpressionAttributeNames) {
		if !isPlaceholder(k, '#') {
			return apierr.Newf(apierr.Validation, "ExpressionAttributeNames contains invalid key: Syntax error; key: %q", k)
		}
	}
	for _, k := range appendSortedKeys(buf[:0], p.ExpressionAttributeValues) {
		if !isPlaceholder(k, ':') {
			return apierr.Newf(apierr.Validation, "ExpressionAttributeValues contains invalid key: Syntax error; key: %q", k)
		}
	}
	return nil
}

func isPlaceholder(k string, sigil byte) bool {
	if len(k) < 2 || k[0] != sigil {
		return false
	}
	for i := 1; i < len(k); i++ {
		c := k[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// sortedKeys returns a map's keys in order, so that the first fault named
// is the same on every run.
func sortedKeys[V any](m map[string]V) []string {
	return appendSortedKeys(make([]string, 0, len(m)), m)
}

// appendSortedKeys appends a map's keys to dst, in order. With a dst on
// the caller's stack, a small map's keys cost no allocation.
func appendSortedKeys[V any](dst []string, m map[string]V) []string {
	for k := range m {
		dst = append(dst, k)
	}
	slices.Sort(dst)
	return dst
}

// validateExprValues validates and normalises each expression attribute
// value, naming the first invalid one (in key order, for a stable answer).
func validateExprValues(values map[string]attr.Value) error {
	var buf [8]string
	for _, k := range appendSortedKeys(buf[:0], values) {
		v := values[k]
		if err := attr.Validate(&v); err != nil {
			e, _ := apierr.From(err)
			return apierr.Newf(apierr.Validation, "ExpressionAttributeValues contains invalid value: %s for key %s", e.Message, k)
		}
		values[k] = v
	}
	return nil
}

func compileExpressions(r exprRequest) (compiled, error) {
	var c compiled
	var err error
	p := expr.NewParams(r.params.ExpressionAttributeNames, r.params.ExpressionAttributeValues)
	if r.update != nil {
		if c.update, err = p.ParseUpdate(*r.update); err != nil {
			return c, err
		}
	}
	if r.condition != nil {
		if c.cond, err = p.ParseCondition("ConditionExpression", *r.condition); err != nil {
			return c, err
		}
	}
	if r.keyCondition != nil {
		if c.keyCond, err = p.ParseCondition("KeyConditionExpression", *r.keyCondition); err != nil {
			return c, err
		}
	}
	if r.filter != nil {
		if c.filter, err = p.ParseCondition("FilterExpression", *r.filter); err != nil {
			return c, err
		}
	}
	if r.projection != nil {
		if c.proj, err = p.ParseProjection(*r.projection); err != nil {
			return c, err
		}
	}
	return c, p.CheckUnused()
}

func compileLegacy(r exprRequest) (compiled, error) {
	var c compiled
	var err error
	if err := validateLegacyValues(r); err != nil {
		return c, err
	}
	switch {
	case r.filterParam != "":
		if r.legacyFilter != nil || r.conditionalOp != "" {
			if c.filter, err = expr.TranslateConditions(r.legacyFilter, r.conditionalOp); err != nil {
				return c, err
			}
		}
	case r.expected != nil || r.conditionalOp != "":
		if c.cond, err = expr.TranslateExpected(r.expected, r.conditionalOp); err != nil {
			return c, err
		}
	}
	if r.attributeUpdates != nil {
		if c.update, err = expr.TranslateAttributeUpdates(r.attributeUpdates); err != nil {
			return c, err
		}
	}
	if r.attributesToGet != nil {
		if c.proj, err = expr.TranslateAttributesToGet(r.attributesToGet); err != nil {
			return c, err
		}
	}
	return c, nil
}

// validateLegacyValues validates and normalises the values inside Expected
// and AttributeUpdates.
func validateLegacyValues(r exprRequest) error {
	for name, e := range r.expected {
		if e.Value != nil {
			if err := attr.Validate(e.Value); err != nil {
				return err
			}
		}
		for i := range e.AttributeValueList {
			if err := attr.Validate(&e.AttributeValueList[i]); err != nil {
				return err
			}
		}
		r.expected[name] = e
	}
	for _, u := range r.attributeUpdates {
		if u.Value != nil {
			if err := attr.Validate(u.Value); err != nil {
				return err
			}
		}
	}
	return validateLegacyConds(r.legacyFilter)
}

// validateLegacyConds validates and normalises the values of QueryFilter,
// ScanFilter or KeyConditions, in attribute name order.
func validateLegacyConds(m map[string]expr.LegacyCondition) error {
	for _, name := range sortedKeys(m) {
		for i := range m[name].AttributeValueList {
			if err := attr.Validate(&m[name].AttributeValueList[i]); err != nil {
				return err
			}
		}
	}
	return nil
}
