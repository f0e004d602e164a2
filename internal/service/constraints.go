package service

import (
	"fmt"
	"strings"

	"github.com/basalt-db/basalt/internal/apierr"
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

// tableName checks a TableName parameter: required, 3–255 characters of
// [a-zA-Z0-9_.-].
func (c *constraints) tableName(name string) {
	if name == "" {
		c.add(nil, "tableName", "Member must not be null")
		return
	}
	if !validTableName(name) {
		c.add(&name, "tableName", "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+")
	}
	if len(name) < 3 {
		c.add(&name, "tableName", "Member must have length greater than or equal to 3")
	}
	if len(name) > 255 {
		c.add(&name, "tableName", "Member must have length less than or equal to 255")
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
