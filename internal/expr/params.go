package expr

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf16"

	"github.com/basalt-db/basalt/internal/apierr"
	"github.com/basalt-db/basalt/internal/attr"
)

// Limits AWS puts on expressions.
const (
	maxExprBytes  = 4096 // bytes of expression text, before substitution
	maxOperators  = 300  // operators and functions in one expression
	maxPathDepth  = 32   // elements of one document path
	maxInOperands = 100  // operands on the right of IN
	maxListIndex  = 2147483647
)

// Params holds a request's ExpressionAttributeNames and
// ExpressionAttributeValues and records which ones the request's expressions
// used. One Params serves every expression of one request; it is not safe
// for concurrent use. The maps are not modified, and must not be modified
// while the Params is in use.
type Params struct {
	names      map[string]string
	values     map[string]attr.Value
	usedNames  map[string]bool
	usedValues map[string]bool
}

// NewParams returns a Params for the given maps, either of which may be nil.
// The values are expected to be validated already.
func NewParams(names map[string]string, values map[string]attr.Value) *Params {
	return &Params{names: names, values: values, usedNames: map[string]bool{}, usedValues: map[string]bool{}}
}

// CheckUnused reports names and values that no expression parsed with p
// used, names first, as AWS does. Call it after every expression of the
// request has been parsed. Several keys are listed in the order of a Java
// HashSet holding them, which is the order AWS lists them in.
func (p *Params) CheckUnused() error {
	if unused := unusedKeys(p.names, p.usedNames); len(unused) > 0 {
		return apierr.Newf(apierr.Validation, "Value provided in ExpressionAttributeNames unused in expressions: keys: {%s}",
			strings.Join(javaSetOrder(unused, len(p.names)), ", "))
	}
	if unused := unusedKeys(p.values, p.usedValues); len(unused) > 0 {
		return apierr.Newf(apierr.Validation, "Value provided in ExpressionAttributeValues unused in expressions: keys: {%s}",
			strings.Join(javaSetOrder(unused, len(p.values)), ", "))
	}
	return nil
}

func unusedKeys[V any](m map[string]V, used map[string]bool) []string {
	var out []string
	for k := range m {
		if !used[k] {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// javaSetOrder orders keys as a java.util.HashSet built from a collection of
// total elements iterates them: by bucket of the spread String.hashCode.
// Keys sharing a bucket keep their (sorted) input order.
func javaSetOrder(keys []string, total int) []string {
	size := 16
	for want := max(int(float32(total)/0.75)+1, 16); size < want; {
		size *= 2
	}
	bucket := func(s string) uint32 {
		var h int32
		for _, u := range utf16.Encode([]rune(s)) {
			h = 31*h + int32(u)
		}
		return (uint32(h) ^ uint32(h)>>16) & uint32(size-1)
	}
	out := append([]string(nil), keys...)
	sort.SliceStable(out, func(i, j int) bool { return bucket(out[i]) < bucket(out[j]) })
	return out
}

// invalid returns the ValidationException "Invalid <param>: <detail>".
func invalid(param, format string, args ...any) *apierr.Error {
	return apierr.New(apierr.Validation, "Invalid "+param+": "+fmt.Sprintf(format, args...))
}

// checkText applies the checks AWS makes on the raw text of an expression
// before parsing it: not empty, and at most maxExprBytes bytes. Condition
// and filter expressions also state the size; the others do not.
func checkText(param, s string) error {
	if s == "" {
		return invalid(param, "The expression can not be empty;")
	}
	if len(s) <= maxExprBytes {
		return nil
	}
	if param == "ConditionExpression" || param == "FilterExpression" {
		return invalid(param, "Expression size has exceeded the maximum allowed size; expression size: %d", len(s))
	}
	return invalid(param, "Expression size has exceeded the maximum allowed size;")
}

// guard runs fn and returns the error it raised with a *bailout panic.
func guard(fn func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			b, ok := r.(*bailout)
			if !ok {
				panic(r)
			}
			err = b.err
		}
	}()
	fn()
	return nil
}

// raise aborts the current parse or check with err.
func raise(err error) { panic(&bailout{err}) }
