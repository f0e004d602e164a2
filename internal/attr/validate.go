package attr

import (
	"bytes"
	"encoding/base64"
	"errors"
	"strings"

	"github.com/basalt-db/basalt/internal/apierr"
)

// MaxNestingDepth is how deeply DynamoDB lets documents nest. A top-level
// attribute value is level 1; no value may sit deeper than level 32, so an
// attribute may wrap a scalar in at most 31 lists or maps (Developer Guide,
// "Service, account, and table quotas": nested attributes up to 32 levels).
const MaxNestingDepth = 32

// The ValidationException messages for faults in attribute values, as AWS
// words them. They are bare: callers add the context AWS adds, for example
// "ExpressionAttributeValues contains invalid value: " + msg + " for key :v".
const (
	msgEmptyValue   = "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"
	msgMultiType    = "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes"
	msgNullNotTrue  = "One or more parameter values were invalid: Null attribute value types must have the value of true"
	msgEmptySS      = "One or more parameter values were invalid: An string set  may not be empty" // sic: two spaces
	msgEmptyNS      = "One or more parameter values were invalid: An number set  may not be empty" // sic: two spaces
	msgEmptyBS      = "One or more parameter values were invalid: Binary sets should not be empty"
	msgDupPrefix    = "One or more parameter values were invalid: Input collection "
	msgDupNS        = "Input collection contains duplicates" // sic: no prefix, no period
	msgNullSSMember = "One or more parameter values were invalid: An string set may not have a null string as a member"
	msgNullBSMember = "One or more parameter values were invalid: Binary sets may not contain null or empty values"
	msgNumberSyntax = "The parameter cannot be converted to a numeric value"
	msgNesting      = "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit"
)

func invalid(msg string) *apierr.Error { return apierr.New(apierr.Validation, msg) }

// Validate checks a decoded attribute value as DynamoDB does, and normalises
// it in place: every number (N, NS members, and numbers nested in L and M) is
// rewritten to NormalizeNumber's form. It is the one exception to the package
// rule that Values are not modified: call it on a value you own, before
// sharing it.
//
// Validate returns nil or an *apierr.Error (Validation) with AWS's bare
// message, which the caller prefixes as AWS does for the request field:
//
//   - no type (zero Value): "Supplied AttributeValue is empty, must contain
//     exactly one of the supported datatypes"
//   - NULL false: "One or more parameter values were invalid: Null attribute
//     value types must have the value of true"
//   - empty sets: "One or more parameter values were invalid: An string set
//     may not be empty" (two spaces before "may"; "An number set  …" for NS),
//     "… Binary sets should not be empty" for BS
//   - duplicates: "One or more parameter values were invalid: Input
//     collection [a, a] contains duplicates." (SS; members as given),
//     "… Input collection [Yg==, Yg==]of type BS contains duplicates." (BS,
//     base64), "Input collection contains duplicates" (NS, compared
//     numerically: 1 and 1.0 are duplicates)
//   - numbers: "The parameter cannot be converted to a numeric value: x"
//     (without ": x" when the text is empty), then the ErrNumberDigits,
//     ErrNumberOverflow and ErrNumberUnderflow texts
//   - nesting beyond MaxNestingDepth: "Nesting Levels have exceeded supported
//     limits: Attributes in the item have nested levels beyond supported limit"
//
// Faults are reported depth first, lists in order, maps in unspecified order.
// Empty S and B values and empty strings in sets are valid (key attributes
// are checked by the service).
func Validate(v *Value) error {
	if err := validate(v, 1); err != nil {
		return err
	}
	return nil
}

// ValidateItem validates and normalises every attribute value of item, as
// Validate does; the first fault found is returned.
func ValidateItem(item Item) error {
	for name, v := range item {
		if err := validate(&v, 1); err != nil {
			return err
		}
		if v.Kind == KindN {
			item[name] = v // the normalised text lives in the copy
		}
	}
	return nil
}

// validate checks v, which sits at nesting level depth (1 = top).
func validate(v *Value, depth int) *apierr.Error {
	if depth > MaxNestingDepth {
		return invalid(msgNesting)
	}
	switch v.Kind {
	case KindS, KindB, KindBOOL:
		return nil
	case KindN:
		return normalizeNumber(&v.S)
	case KindNULL:
		if !v.Bool {
			return invalid(msgNullNotTrue)
		}
		return nil
	case KindL:
		for i := range v.L {
			if err := validate(&v.L[i], depth+1); err != nil {
				return err
			}
		}
		return nil
	case KindM:
		return validateMap(v.M, depth+1)
	case KindSS:
		return validateStrSet(v.Strs)
	case KindNS:
		return validateNumSet(v.Strs)
	case KindBS:
		return validateBinSet(v.Bins)
	}
	return invalid(msgEmptyValue)
}

func validateMap(m map[string]Value, depth int) *apierr.Error {
	for k, e := range m {
		if err := validate(&e, depth); err != nil {
			return err
		}
		if e.Kind == KindN {
			m[k] = e
		}
	}
	return nil
}

func validateStrSet(ss []string) *apierr.Error {
	if len(ss) == 0 {
		return invalid(msgEmptySS)
	}
	if hasDupStrings(ss) {
		return invalid(msgDupPrefix + "[" + strings.Join(ss, ", ") + "] contains duplicates.")
	}
	return nil
}

// validateNumSet normalises every member first, so that the duplicate check
// compares numbers, not texts.
func validateNumSet(ns []string) *apierr.Error {
	if len(ns) == 0 {
		return invalid(msgEmptyNS)
	}
	for i := range ns {
		if err := normalizeNumber(&ns[i]); err != nil {
			return err
		}
	}
	if hasDupStrings(ns) {
		return invalid(msgDupNS)
	}
	return nil
}

func validateBinSet(bs [][]byte) *apierr.Error {
	if len(bs) == 0 {
		return invalid(msgEmptyBS)
	}
	if !hasDupBytes(bs) {
		return nil
	}
	var b strings.Builder
	b.WriteString(msgDupPrefix + "[")
	for i, e := range bs {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(base64.StdEncoding.EncodeToString(e))
	}
	b.WriteString("]of type BS contains duplicates.")
	return invalid(b.String())
}

// normalizeNumber rewrites *s to its normalised form, or returns the
// ValidationException AWS sends for it.
func normalizeNumber(s *string) *apierr.Error {
	if isNormalNumber(*s) {
		return nil // the common case, checked without parsing
	}
	n, err := NormalizeNumber(*s)
	if err == nil {
		*s = n
		return nil
	}
	if errors.Is(err, ErrNumberSyntax) {
		if *s == "" {
			return invalid(msgNumberSyntax)
		}
		return invalid(msgNumberSyntax + ": " + *s)
	}
	return invalid(err.Error())
}

// smallSet is the size up to which duplicate checks compare pairwise rather
// than build a map.
const smallSet = 16

func hasDupStrings(ss []string) bool {
	if len(ss) <= smallSet {
		for i := 1; i < len(ss); i++ {
			for j := 0; j < i; j++ {
				if ss[i] == ss[j] {
					return true
				}
			}
		}
		return false
	}
	seen := make(map[string]struct{}, len(ss))
	for _, s := range ss {
		if _, ok := seen[s]; ok {
			return true
		}
		seen[s] = struct{}{}
	}
	return false
}

func hasDupBytes(bs [][]byte) bool {
	if len(bs) <= smallSet {
		for i := 1; i < len(bs); i++ {
			for j := 0; j < i; j++ {
				if bytes.Equal(bs[i], bs[j]) {
					return true
				}
			}
		}
		return false
	}
	seen := make(map[string]struct{}, len(bs))
	for _, b := range bs {
		if _, ok := seen[string(b)]; ok {
			return true
		}
		seen[string(b)] = struct{}{}
	}
	return false
}
