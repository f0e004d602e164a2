package service

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/basalt-db/basalt/internal/apierr"
	"github.com/basalt-db/basalt/internal/expr"
)

// constraints collects the field-level violations AWS reports together in one
// ValidationException, before any semantic check:
//
//	1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3
//	2 validation errors detected: Value …; Value …
type constraints struct{ msgs []string }

// add records that value (quoted, or null when absent) at field violates rule.
func (c *constraints) add(value *string, field, rule string) {
	v := "null"
	if value != nil {
		v = "'" + *value + "'"
	}
	c.msgs = append(c.msgs, fmt.Sprintf("Value %s at '%s' failed to satisfy constraint: %s", v, field, rule))
}

// tableName checks the TableName parameter of an item operation:
// required, and either 3–255 characters of [a-zA-Z0-9_.-] or a table ARN
// of at most 1024 characters (resolved later, see resolveTableName).
func (c *constraints) tableName(name string) {
	switch {
	case name == "":
		c.add(nil, "tableName", "Member must not be null")
	case isArn(name):
		if len(name) > maxTableArnLen {
			c.add(&name, "tableName", "Member must have length less than or equal to 1024")
		}
	default:
		c.resourceName(name, "tableName")
	}
}

// maxTableArnLen is the longest TableName AWS accepts, as an ARN.
const maxTableArnLen = 1024

// resourceName checks a present table or index name at field: 3–255
// characters of [a-zA-Z0-9_.-].
func (c *constraints) resourceName(name, field string) {
	if !validTableName(name) {
		c.add(&name, field, "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+")
	}
	if len(name) < 3 {
		c.add(&name, field, "Member must have length greater than or equal to 3")
	}
	if len(name) > 255 {
		c.add(&name, field, "Member must have length less than or equal to 255")
	}
}

// indexName checks an optional IndexName.
func (c *constraints) indexName(name *string) {
	if name != nil {
		c.resourceName(*name, "indexName")
	}
}

// intRange checks an optional integer parameter against [lo, hi]; hi < lo
// means no upper bound.
func (c *constraints) intRange(v *int64, field string, lo, hi int64) {
	if v == nil {
		return
	}
	s := strconv.FormatInt(*v, 10)
	if *v < lo {
		c.add(&s, field, "Member must have value greater than or equal to "+strconv.FormatInt(lo, 10))
	}
	if hi >= lo && *v > hi {
		c.add(&s, field, "Member must have value less than or equal to "+strconv.FormatInt(hi, 10))
	}
}

// attributesToGet checks the length of an optional AttributesToGet.
func (c *constraints) attributesToGet(names []string) {
	if names != nil && len(names) == 0 {
		v := "[]"
		c.add(&v, "attributesToGet", "Member must have length greater than or equal to 1")
	}
}

// legacyConditions checks the ComparisonOperator of each entry of
// QueryFilter, ScanFilter or KeyConditions (field), in name order.
func (c *constraints) legacyConditions(m map[string]expr.LegacyCondition, field string) {
	for _, name := range sortedKeys(m) {
		op := m[name].ComparisonOperator
		f := field + "." + name + ".member.comparisonOperator"
		if op == "" {
			c.add(nil, f, "Member must not be null")
		} else if !expr.IsComparisonOperator(op) {
			c.add(&op, f, "Member must satisfy enum value set: "+expr.ComparisonOperatorEnum)
		}
	}
}

func validTableName(name string) bool {
	for i := 0; i < len(name); i++ {
		ch := name[i]
		if !(ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || ch == '_' || ch == '.' || ch == '-') {
			return false
		}
	}
	return true
}

// required records a missing required parameter (Item, Key).
func (c *constraints) required(present bool, field string) {
	if !present {
		c.add(nil, field, "Member must not be null")
	}
}

// enum checks that an optional enumerated parameter, when given, is one of
// allowed (listed in the order AWS lists them in its message).
func (c *constraints) enum(value, field string, allowed ...string) {
	if value == "" {
		return
	}
	for _, a := range allowed {
		if value == a {
			return
		}
	}
	c.add(&value, field, "Member must satisfy enum value set: ["+strings.Join(allowed, ", ")+"]")
}

// err returns the collected violations as one ValidationException, or nil.
func (c *constraints) err() error {
	switch n := len(c.msgs); n {
	case 0:
		return nil
	case 1:
		return apierr.New(apierr.Validation, "1 validation error detected: "+c.msgs[0])
	default:
		return apierr.Newf(apierr.Validation, "%d validation errors detected: %s", n, strings.Join(c.msgs, "; "))
	}
}

// The enumerations of the item operations, in the order AWS's messages list
// them.
var (
	enumReturnValues          = []string{"ALL_NEW", "UPDATED_OLD", "ALL_OLD", "NONE", "UPDATED_NEW"}
	enumReturnConsumed        = []string{"INDEXES", "TOTAL", "NONE"}
	enumReturnItemCollection  = []string{"SIZE", "NONE"}
	enumReturnOnConditionFail = []string{"ALL_OLD", "NONE"}
	enumConditionalOperator   = []string{"AND", "OR"}
)

// writeOptions checks the Return* and ConditionalOperator parameters shared
// by PutItem, UpdateItem and DeleteItem.
func (c *constraints) writeOptions(returnValues, consumed, collection, onFail, condOp string) {
	c.enum(returnValues, "returnValues", enumReturnValues...)
	c.enum(consumed, "returnConsumedCapacity", enumReturnConsumed...)
	c.enum(collection, "returnItemCollectionMetrics", enumReturnItemCollection...)
	c.enum(onFail, "returnValuesOnConditionCheckFailure", enumReturnOnConditionFail...)
	c.enum(condOp, "conditionalOperator", enumConditionalOperator...)
}
