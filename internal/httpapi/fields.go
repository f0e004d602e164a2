package httpapi

import (
	"reflect"
	"strings"
)

// jsonField is a struct field as encoding/json sees it: its member name and
// Go type.
type jsonField struct {
	name string
	typ  reflect.Type
}

// jsonFields lists the members of struct t as encoding/json decodes them:
// tagged names, fields of untagged embedded structs promoted, "-" and
// unexported fields left out.
func jsonFields(t reflect.Type) []jsonField {
	var fs []jsonField
	for _, f := range reflect.VisibleFields(t) {
		tag := f.Tag.Get("json")
		name, _, _ := strings.Cut(tag, ",")
		ft := f.Type
		for ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		switch {
		case tag == "-", f.Anonymous && name == "" && ft.Kind() == reflect.Struct, !f.IsExported():
			continue
		case name == "":
			name = f.Name
		}
		fs = append(fs, jsonField{name, f.Type})
	}
	return fs
}

// lookupField finds the member called name: an exact match first, then one
// that differs only in case, as encoding/json matches.
func lookupField(fs []jsonField, name string) (jsonField, bool) {
	for _, f := range fs {
		if f.name == name {
			return f, true
		}
	}
	for _, f := range fs {
		if strings.EqualFold(f.name, name) {
			return f, true
		}
	}
	return jsonField{}, false
}
