package sigv4

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/basalt-db/basalt/internal/apierr"
)

const goodAuth = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/dynamodb/aws4_request, " +
	"SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"

func TestParseAuthorizationOK(t *testing.T) {
	a, err := ParseAuthorization(goodAuth, "20150830T123600Z", "")
	if err != nil {
		t.Fatal(err)
	}
	want := Authorization{
		Algorithm:     Algorithm,
		Credential:    Credential{"AKIDEXAMPLE", "20150830", "us-east-1", "dynamodb", "aws4_request"},
		SignedHeaders: "content-type;host;x-amz-date",
		Signature:     "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7",
		Time:          time.Date(2015, 8, 30, 12, 36, 0, 0, time.UTC),
	}
	if !reflect.DeepEqual(a, want) {
		t.Fatalf("got %+v\nwant %+v", a, want)
	}
}

func TestParseAuthorizationDateHeaderAndTrailingSlash(t *testing.T) {
	a, err := ParseAuthorization("AWS4-HMAC-SHA256 Credential=a/b/c/d/e/,SignedHeaders=,Signature=f",
		"", "Sun, 30 Aug 2015 12:36:00 GMT")
	if err != nil {
		t.Fatal(err)
	}
	if a.Credential.Terminator != "e" || a.Time.Hour() != 12 {
		t.Fatalf("got %+v", a)
	}
}

// The messages below are AWS's, as recorded against DynamoDB by dynalite
// (test/connection.js and the comments in index.js).
func TestParseAuthorizationErrors(t *testing.T) {
	tests := []struct {
		name, auth, amzDate string
		code                apierr.Code
		msg                 string
	}{
		{"empty", "", "", apierr.MissingAuthenticationToken, "Request is missing Authentication Token"},
		{"not AWS4-", "AWS4", "", apierr.MissingAuthenticationToken, "Request is missing Authentication Token"},
		{"basic", "Basic dXNlcjpwYXNz", "", apierr.MissingAuthenticationToken, "Request is missing Authentication Token"},
		{"bare AWS4-", "AWS4-", "", apierr.IncompleteSignature,
			"Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. " +
				"Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of " +
				"either a 'X-Amz-Date' or a 'Date' header. Authorization=AWS4-"},
		{"missing signature", "AWS4-HMAC-SHA256 Credential=a/b/c/d/e, SignedHeaders=host", "20150830T123600Z",
			apierr.IncompleteSignature,
			"Authorization header requires 'Signature' parameter. " +
				"Authorization=AWS4-HMAC-SHA256 Credential=a/b/c/d/e, SignedHeaders=host"},
		{"missing equal sign", "AWS4-HMAC-SHA256 Signature=b,    Credential,    SignedHeaders", "",
			apierr.IncompleteSignature,
			"'Credential' not a valid key=value pair (missing equal-sign) in Authorization header: " +
				"'AWS4-HMAC-SHA256 Signature=b,    Credential,    SignedHeaders'."},
		{"bad date", "AWS4-HMAC-SHA256 Credential=a/b/c/d/e, SignedHeaders=host, Signature=b", "201",
			apierr.IncompleteSignature,
			"Date must be in ISO-8601 'basic format'. Got '201'. See http://en.wikipedia.org/wiki/ISO_8601"},
		{"bad algorithm", "AWS4-HMAC-SHA25 Credential=a/b/c/d/e, SignedHeaders=host, Signature=b", "20150830T123600Z",
			apierr.IncompleteSignature, "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA25' (only AWS4-HMAC-SHA256 for now). "},
		{"short credential", "AWS4-HMAC-SHA256 Credential=a/b/c/d, SignedHeaders=host, Signature=b", "20150830T123600Z",
			apierr.IncompleteSignature,
			"Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'a/b/c/d'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseAuthorization(tt.auth, tt.amzDate, "")
			var e *apierr.Error
			if !errors.As(err, &e) {
				t.Fatalf("error = %v, want *apierr.Error", err)
			}
			if e.Code != tt.code || e.Message != tt.msg {
				t.Fatalf("got %v %q\nwant %v %q", e.Code, e.Message, tt.code, tt.msg)
			}
		})
	}
}

func FuzzParseAuthorization(f *testing.F) {
	f.Add(goodAuth, "20150830T123600Z", "")
	f.Add("AWS4-", "", "")
	f.Fuzz(func(t *testing.T, auth, amzDate, date string) {
		a, err := ParseAuthorization(auth, amzDate, date)
		var e *apierr.Error
		if err != nil && !errors.As(err, &e) {
			t.Fatalf("non-apierr error %v", err)
		}
		if (err != nil) != reflect.ValueOf(a).IsZero() {
			t.Fatalf("got %v and %v", a, err)
		}
	})
}

func TestCheckRegion(t *testing.T) {
	for _, ok := range []string{"us-east-1", "eu-west-1", "us-gov-west-1", "local", "localhost", "Local_1"} {
		if err := CheckRegion(ok); err != nil {
			t.Errorf("CheckRegion(%q) = %v", ok, err)
		}
	}
	for _, bad := range []string{"", "us:east", "a b", "eu/west", "ü", strings.Repeat("a", 65)} {
		err := CheckRegion(bad)
		var ae *apierr.Error
		if !errors.As(err, &ae) || ae.Code != apierr.InvalidSignature ||
			ae.Message != "Credential should be scoped to a valid region, not '"+bad+"'. " {
			t.Errorf("CheckRegion(%q) = %v", bad, err)
		}
	}
}
