package eval

import (
	"strconv"
	"strings"

	"github.com/basalt-db/basalt/internal/attr"
	"github.com/basalt-db/basalt/internal/expr"
)

// Resolve returns the value at path in item, and whether it exists. A name
// step looks into a map, an index step into a list; a step into anything
// else, a missing key, an index past the end, a nil item or an empty path
// all mean "does not exist".
func Resolve(path expr.Path, item attr.Item) (attr.Value, bool) {
	if item == nil || len(path) == 0 || path[0].IsIndex {
		return attr.Value{}, false
	}
	v, ok := item[path[0].Name]
	if !ok {
		return attr.Value{}, false
	}
	for _, el := range path[1:] {
		if v, ok = child(v, el); !ok {
			return attr.Value{}, false
		}
	}
	return v, true
}

// child returns the element el of the map or list v.
func child(v attr.Value, el expr.PathElem) (attr.Value, bool) {
	if el.IsIndex {
		if v.Kind != attr.KindL || el.Index < 0 || el.Index >= len(v.L) {
			return attr.Value{}, false
		}
		return v.L[el.Index], true
	}
	if v.Kind != attr.KindM {
		return attr.Value{}, false
	}
	c, ok := v.M[el.Name]
	return c, ok
}

// key is el reduced to the fields that matter for its kind, so that two
// steps naming the same thing compare equal as map keys.
func key(el expr.PathElem) expr.PathElem {
	if el.IsIndex {
		return expr.PathElem{Index: el.Index, IsIndex: true}
	}
	return expr.PathElem{Name: el.Name}
}

// lessElem orders path steps as DynamoDB's trees do: names by their text,
// indexes by number, names before indexes (a node never holds both).
func lessElem(a, b expr.PathElem) bool {
	if a.IsIndex != b.IsIndex {
		return !a.IsIndex
	}
	if a.IsIndex {
		return a.Index < b.Index
	}
	return a.Name < b.Name
}

// formatPath renders a path as AWS does in error messages: "[a, b, [2]]".
func formatPath(p expr.Path) string {
	var sb strings.Builder
	sb.WriteByte('[')
	for i, el := range p {
		if i > 0 {
			sb.WriteString(", ")
		}
		if el.IsIndex {
			sb.WriteString("[" + strconv.Itoa(el.Index) + "]")
		} else {
			sb.WriteString(el.Name)
		}
	}
	sb.WriteByte(']')
	return sb.String()
}
