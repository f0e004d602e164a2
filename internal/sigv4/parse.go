// Package sigv4 handles AWS Signature Version 4 on incoming requests, as a
// script of small pure steps. So far: parsing the Authorization header and
// answering a malformed one as AWS does, and checking the region of its
// credential scope. Checking the signature itself is a later step.
package sigv4

import (
	"net/http"
	"strings"
	"time"

	"github.com/basalt-db/basalt/internal/apierr"
)

// Algorithm is the only signing algorithm DynamoDB accepts.
const Algorithm = "AWS4-HMAC-SHA256"

// amzDateLayout is the ISO-8601 basic format of X-Amz-Date.
const amzDateLayout = "20060102T150405Z"

// Authorization is a parsed SigV4 Authorization header:
//
//	AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=hex
type Authorization struct {
	Algorithm     string
	Credential    Credential
	SignedHeaders string // as given: lower-case names separated by ';'
	Signature     string // as given: lower-case hex
	Time          time.Time
}

// Credential is the Credential parameter: the access key id and the scope
// the request was signed for.
type Credential struct {
	AccessKeyID, Date, Region, Service, Terminator string
}

// ParseAuthorization parses header, a request's Authorization header, given
// its X-Amz-Date and Date headers (either may be empty). It checks the
// header's form only, in AWS's order, and returns AWS's answer to the first
// fault:
//
//   - MissingAuthenticationToken when header is empty or does not start
//     with "AWS4-";
//   - IncompleteSignature when a parameter is not key=value, when
//     Credential, Signature or SignedHeaders is missing or neither date
//     header is present (all such faults in one message), when the date is
//     not ISO-8601 basic format, when the algorithm is not
//     AWS4-HMAC-SHA256, or when Credential does not have five parts.
//
// Errors are *apierr.Error, returned with the zero Authorization.
func ParseAuthorization(header, amzDate, date string) (Authorization, error) {
	trimmed := strings.TrimSpace(header)
	if !strings.HasPrefix(trimmed, "AWS4-") {
		return Authorization{}, apierr.New(apierr.MissingAuthenticationToken, "Request is missing Authentication Token")
	}
	alg, rest, _ := strings.Cut(trimmed, " ")
	var buf [4]param // on the stack for the usual three
	params, err := splitParams(rest, header, buf[:0])
	if err != nil {
		return Authorization{}, err
	}
	if err := checkPresent(params, amzDate, date, header); err != nil {
		return Authorization{}, err
	}
	t, err := parseDate(amzDate, date)
	if err != nil {
		return Authorization{}, err
	}
	if alg != Algorithm {
		return Authorization{}, apierr.Newf(apierr.IncompleteSignature,
			"Unsupported AWS 'algorithm': '%s' (only %s for now). ", alg, Algorithm)
	}
	credential, _ := params.get("Credential")
	cred, err := parseCredential(credential)
	if err != nil {
		return Authorization{}, err
	}
	signedHeaders, _ := params.get("SignedHeaders")
	signature, _ := params.get("Signature")
	return Authorization{
		Algorithm:     alg,
		Credential:    cred,
		SignedHeaders: signedHeaders,
		Signature:     signature,
		Time:          t,
	}, nil
}

// param is one key=value parameter of the header.
type param struct{ k, v string }

// params are the header's parameters in order; a key given twice means
// its last value.
type params []param

func (ps params) get(k string) (string, bool) {
	for i := len(ps) - 1; i >= 0; i-- {
		if ps[i].k == k {
			return ps[i].v, true
		}
	}
	return "", false
}

// splitParams splits the comma-separated key=value parameters that follow
// the algorithm, appending them to ps. Spaces are insignificant, as AWS
// treats them.
func splitParams(rest, header string, ps params) (params, error) {
	for rest != "" {
		var p string
		p, rest, _ = strings.Cut(rest, ",")
		// All spaces removed, then white space trimmed: copying only
		// when a space stands inside.
		if p = strings.Trim(p, " "); strings.Contains(p, " ") {
			p = strings.ReplaceAll(p, " ", "")
		}
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		k, v, ok := strings.Cut(p, "=")
		if !ok {
			return nil, apierr.Newf(apierr.IncompleteSignature,
				"'%s' not a valid key=value pair (missing equal-sign) in Authorization header: '%s'.", p, header)
		}
		ps = append(ps, param{k, v})
	}
	return ps, nil
}

// checkPresent reports every missing parameter and a missing date in one
// IncompleteSignature message, as AWS does. SignedHeaders may be empty.
func checkPresent(params params, amzDate, date, header string) error {
	var msg strings.Builder
	for _, name := range []string{"Credential", "Signature", "SignedHeaders"} {
		if v, ok := params.get(name); !ok || (v == "" && name != "SignedHeaders") {
			msg.WriteString("Authorization header requires '" + name + "' parameter. ")
		}
	}
	if amzDate == "" && date == "" {
		msg.WriteString("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ")
	}
	if msg.Len() == 0 {
		return nil
	}
	return apierr.New(apierr.IncompleteSignature, msg.String()+"Authorization="+header)
}

// parseDate reads X-Amz-Date (ISO-8601 basic format) or, without it, Date
// (an HTTP date).
func parseDate(amzDate, date string) (time.Time, error) {
	if amzDate != "" {
		if t, err := parseAmzDate(amzDate); err == nil {
			return t, nil
		}
		return time.Time{}, badDate(amzDate)
	}
	if t, err := http.ParseTime(date); err == nil {
		return t, nil
	}
	return time.Time{}, badDate(date)
}

func badDate(got string) error {
	return apierr.Newf(apierr.IncompleteSignature,
		"Date must be in ISO-8601 'basic format'. Got '%s'. See http://en.wikipedia.org/wiki/ISO_8601", got)
}

// parseCredential splits keyid/date/region/service/terminator; trailing
// slashes are ignored, as AWS ignores them.
func parseCredential(s string) (Credential, error) {
	rest := strings.TrimRight(s, "/")
	if strings.Count(rest, "/") != 4 {
		return Credential{}, apierr.Newf(apierr.IncompleteSignature,
			"Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '%s'", s)
	}
	var parts [5]string
	for i := range 4 {
		parts[i], rest, _ = strings.Cut(rest, "/")
	}
	parts[4] = rest
	return Credential{AccessKeyID: parts[0], Date: parts[1], Region: parts[2], Service: parts[3], Terminator: parts[4]}, nil
}
