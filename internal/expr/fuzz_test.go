package expr

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/basalt-db/basalt/internal/apierr"
	"github.com/basalt-db/basalt/internal/attr"
)

// The fuzz targets check that parsing never panics, and that every failure
// is a ValidationException. Run one with, for example:
//
//	go test ./internal/expr -run '^$' -fuzz FuzzParseCondition -fuzztime 60s

func fuzzParams() *Params {
	return NewParams(
		map[string]string{"#a": "a", "#b": "b.c", "#i": "[1]"},
		map[string]attr.Value{
			":s": attr.Str("x"), ":n": attr.Num("1"), ":m": attr.Num("2"), ":b": attr.Bin([]byte("b")),
			":l": attr.List(attr.Num("1")), ":ss": attr.StrSet("a"), ":t": attr.Bool(true), ":x": attr.Null(),
			":o": attr.Map(map[string]attr.Value{}), ":ty": attr.Str("S"),
		})
}

// addSeeds adds the inputs of the datadriven file for cmd as seeds.
func addSeeds(f *testing.F, file, cmd string) {
	data, err := os.ReadFile(filepath.Join("testdata", file))
	if err != nil {
		f.Fatal(err)
	}
	for _, block := range strings.Split(string(data), "\n\n") {
		lines := strings.Split(block, "\n")
		for i, l := range lines {
			if strings.HasPrefix(l, cmd) && i+2 < len(lines) && lines[i+2] == "----" {
				f.Add(lines[i+1])
			}
		}
	}
}

func checkFuzzError(t *testing.T, s string, err error) {
	var e *apierr.Error
	if !errors.As(err, &e) || e.Code != apierr.Validation || !strings.HasPrefix(e.Message, "Invalid ") {
		t.Fatalf("parse %q: unexpected error %v", s, err)
	}
}

func FuzzParseCondition(f *testing.F) {
	addSeeds(f, "condition", "condition")
	f.Fuzz(func(t *testing.T, s string) {
		p := fuzzParams()
		c, err := p.ParseCondition("ConditionExpression", s)
		if err != nil {
			checkFuzzError(t, s, err)
			return
		}
		_ = formatCond(c)
		_ = p.CheckUnused()
	})
}

func FuzzParseUpdate(f *testing.F) {
	addSeeds(f, "update", "update")
	f.Fuzz(func(t *testing.T, s string) {
		p := fuzzParams()
		u, err := p.ParseUpdate(s)
		if err != nil {
			checkFuzzError(t, s, err)
			return
		}
		if len(u.Set)+len(u.Remove)+len(u.Add)+len(u.Delete) == 0 {
			t.Fatalf("parse %q: empty update", s)
		}
		_ = formatUpdate(u)
	})
}

func FuzzParseProjection(f *testing.F) {
	addSeeds(f, "projection", "projection")
	f.Fuzz(func(t *testing.T, s string) {
		p := fuzzParams()
		pr, err := p.ParseProjection(s)
		if err != nil {
			checkFuzzError(t, s, err)
			return
		}
		if len(pr) == 0 {
			t.Fatalf("parse %q: empty projection", s)
		}
		_ = formatProjection(pr)
	})
}
