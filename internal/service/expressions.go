package service

import (
	"sort"
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

	condition  *string // ConditionExpression; nil when absent (it may be present and empty)
	update     *string // UpdateExpression
	projection *string // ProjectionExpression

	expected         map[string]expr.ExpectedAttributeValue
	conditionalOp    string
	attributeUpdates map[string]expr.AttributeValueUpdate
	attributesToGet  []string
}

// compiled holds the trees one request's expressions parsed into. A nil
// field means the request has no such expression.
type compiled struct {
	cond   expr.Condition
	update *expr.Update
	proj   expr.Projection
}

// compile checks the expression parameters of a request in AWS's order and
// parses them: mixing legacy and expression parameters, names and values
// given without expressions, empty maps, invalid values, then each
// expression, then unused names and values.
func compile(r exprRequest) (compiled, error) {
	if err := checkMixing(r); err != nil {
		return compiled{}, err
	}
	usesExpr := r.condition != nil || r.update != nil || r.projection != nil
	if err := checkExprMaps(r.params, usesExpr); err != nil {
		return compiled{}, err
	}
	if usesExpr {
		return compileExpressions(r)
	}
	return compileLegacy(r)
}

func checkMixing(r exprRequest) error {
	var legacy, modern []string
	if r.attributeUpdates != nil {
		legacy = append(legacy, "AttributeUpdates")
	}
	if r.attributesToGet != nil {
		legacy = append(legacy, "AttributesToGet")
	}
	if r.conditionalOp != "" {
		legacy = append(legacy, "ConditionalOperator")
	}
	if r.expected != nil {
		legacy = append(legacy, "Expected")
	}
	if r.condition != nil {
		modern = append(modern, "ConditionExpression")
	}
	if r.projection != nil {
		modern = append(modern, "ProjectionExpression")
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

func checkExprMaps(p api.ExpressionParams, usesExpr bool) error {
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
			return apierr.New(apierr.Validation, "ExpressionAttributeValues can only be specified when using expressions")
		}
		if len(p.ExpressionAttributeValues) == 0 {
			return apierr.New(apierr.Validation, "ExpressionAttributeValues must not be empty")
		}
	}
	return validateExprValues(p.ExpressionAttributeValues)
}

// validateExprValues validates and normalises each expression attribute
// value, naming the first invalid one (in key order, for a stable answer).
func validateExprValues(values map[string]attr.Value) error {
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
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
	if r.expected != nil || r.conditionalOp != "" {
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
	return nil
}
