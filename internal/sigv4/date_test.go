package sigv4

import (
	"testing"
	"time"
)

// checkAmzDate fails t unless parseAmzDate(s) agrees with time.Parse.
func checkAmzDate(t *testing.T, s string) {
	t.Helper()
	got, gotErr := parseAmzDate(s)
	want, wantErr := time.Parse(amzDateLayout, s)
	if (gotErr == nil) != (wantErr == nil) || !got.Equal(want) || got.Location() != want.Location() {
		t.Fatalf("parseAmzDate(%q) = %v, %v; time.Parse: %v, %v", s, got, gotErr, want, wantErr)
	}
}

func TestParseAmzDateMatchesTimeParse(t *testing.T) {
	for _, s := range []string{
		"20150830T123600Z", "20240229T000000Z", "20230229T000000Z", "20001231T235959Z",
		"20150830T243600Z", "20150830T126000Z", "20150830T123660Z", "20151301T000000Z",
		"20150001T000000Z", "20150100T000000Z", "20150431T000000Z", "00000101T000000Z",
		"2015083OT123600Z", "20150830 123600Z", "20150830T123600z", "20150830T123600",
		"+0150830T123600Z", "", "201",
	} {
		checkAmzDate(t, s)
	}
}

func FuzzParseAmzDate(f *testing.F) {
	f.Add("20150830T123600Z")
	f.Add("20240229T235959Z")
	f.Fuzz(checkAmzDate)
}

func BenchmarkParseAuthorization(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseAuthorization(goodAuth, "20150830T123600Z", ""); err != nil {
			b.Fatal(err)
		}
	}
}
