package sigv4

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// refSplitParams is splitParams as first written, with a map: the
// allocation-free one must agree with it.
func refSplitParams(rest string) (map[string]string, bool) {
	m := map[string]string{}
	for _, p := range strings.Split(strings.ReplaceAll(rest, " ", ""), ",") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		k, v, ok := strings.Cut(p, "=")
		if !ok {
			return nil, false
		}
		m[k] = v
	}
	return m, true
}

func TestSplitParamsMatchesMap(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	pieces := []string{"Credential", "Signature", "SignedHeaders", "=", ",", " ", "\t", "a/b", ";", "x", ""}
	for range 50000 {
		var b strings.Builder
		for range r.IntN(12) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		rest := b.String()
		want, wantOK := refSplitParams(rest)
		got, err := splitParams(rest, "h", nil)
		if (err == nil) != wantOK {
			t.Fatalf("splitParams(%q): error %v, reference ok %v", rest, err, wantOK)
		}
		for k, v := range want {
			if g, ok := got.get(k); !ok || g != v {
				t.Fatalf("splitParams(%q)[%q] = %q, %v; want %q", rest, k, g, ok, v)
			}
		}
		for _, p := range got {
			if _, ok := want[p.k]; !ok {
				t.Fatalf("splitParams(%q) has %q, the reference not", rest, p.k)
			}
		}
	}
	for _, s := range []string{"a/b/c/d/e", "a/b/c/d/e/", "a/b/c/d", "a/b/c/d/e/f", "//////", "a//c/d/e", ""} {
		ref := strings.Split(strings.TrimRight(s, "/"), "/")
		c, err := parseCredential(s)
		if (err == nil) != (len(ref) == 5) {
			t.Fatalf("parseCredential(%q): %v", s, err)
		}
		if err == nil && (c.AccessKeyID != ref[0] || c.Date != ref[1] || c.Region != ref[2] || c.Service != ref[3] || c.Terminator != ref[4]) {
			t.Fatalf("parseCredential(%q) = %+v, want %q", s, c, ref)
		}
	}
}
