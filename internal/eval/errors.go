// Package eval evaluates expression trees (package expr) against items:
// conditions and filters (Condition), projections (Project), updates
// (ApplyUpdate) and the paths an update touched (UpdatedPaths).
//
// The tree arrives with names and values already substituted and, for
// expressions, already checked by the parser (syntax, functions allowed in
// each clause, operand types of literal values, overlapping paths). Package
// eval decides what depends on the item: which comparisons hold, what an
// update produces, and the runtime errors AWS reports for it.
//
// Nothing here modifies an item or a value it is given; results share
// unmodified values with their inputs (attr.Value is immutable by contract).
// All functions are safe for concurrent use.
package eval

import "github.com/basalt-db/basalt/internal/apierr"

// Messages of the runtime errors an update can fail with, worded as AWS
// words them. Each is sent as a ValidationException; AWS sends them without
// the "Invalid UpdateExpression: " prefix that its static (parse-time)
// errors carry. Tests compare messages: errors.Is on an *apierr.Error
// matches the Code alone.
const (
	// MsgPathInvalid: a nested path's parent is missing or is not a map
	// (for a.b) or list (for a[1]).
	MsgPathInvalid = "The document path provided in the update expression is invalid for update"
	// MsgAttributeNotFound: an operand of SET (a path, a path inside +, -,
	// list_append, or the default of if_not_exists) does not exist.
	MsgAttributeNotFound = "The provided expression refers to an attribute that does not exist in the item"
	// MsgOperandType: an operand has the wrong type at run time (+ on a
	// non-number, list_append on a non-list, ADD or DELETE on an attribute
	// of another type).
	MsgOperandType = "An operand in the update expression has an incorrect data type"
	// MsgNestingTooDeep: the updated item would hold a map or list at
	// level 32 or deeper, the item itself being level 0 and its top-level
	// attributes level 1.
	MsgNestingTooDeep = "Nesting Levels have exceeded supported limits"
)

// maxNestingLevel is the first level at which a map or list is refused; the
// item is level 0 and its top-level attributes level 1 (DynamoDB's
// MAX_DOC_PATH_DEPTH).
const maxNestingLevel = 32

func errPathInvalid() error       { return apierr.New(apierr.Validation, MsgPathInvalid) }
func errAttributeNotFound() error { return apierr.New(apierr.Validation, MsgAttributeNotFound) }
func errOperandType() error       { return apierr.New(apierr.Validation, MsgOperandType) }
func errNestingTooDeep() error    { return apierr.New(apierr.Validation, MsgNestingTooDeep) }

// errValidation wraps a plain error whose text is already AWS's message
// (the attr number errors) as a ValidationException.
func errValidation(err error) error { return apierr.New(apierr.Validation, err.Error()) }

// errUpdateStatic is a static error of the update expression: AWS's
// "Invalid UpdateExpression: <msg>; key: value, ..." form.
func errUpdateStatic(msg, details string) error {
	return apierr.New(apierr.Validation, "Invalid UpdateExpression: "+msg+"; "+details)
}
