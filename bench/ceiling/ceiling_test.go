package ceiling

import (
	"encoding/json"
	"hash/crc32"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
)

// TestAnswers checks each canned answer: status, JSON, x-amz-crc32, and
// the size and count of the items returned.
func TestAnswers(t *testing.T) {
	h := New(Options{ItemSize: 1000, ScanLimit: 7})
	for _, tc := range []struct {
		op     string
		status int
		items  int // items in Items (or 1 for Item)
	}{
		{"GetItem", 200, 1}, {"Query", 200, 10}, {"Scan", 200, 7}, {"PutItem", 200, 0},
		{"BatchWriteItem", 200, 0}, {"DescribeTable", 200, 0}, {"Nonsense", 400, 0},
	} {
		r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(`{"TableName":"bench"}`))
		r.Header.Set("X-Amz-Target", TargetPrefix+tc.op)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		body := w.Body.Bytes()
		if w.Code != tc.status {
			t.Errorf("%s: status %d, want %d", tc.op, w.Code, tc.status)
		}
		if got, want := w.Header().Get("X-Amz-Crc32"), strconv.FormatUint(uint64(crc32.ChecksumIEEE(body)), 10); got != want {
			t.Errorf("%s: x-amz-crc32 %s, body's %s", tc.op, got, want)
		}
		var v struct {
			Item  map[string]map[string]string
			Items []map[string]map[string]string
			Table struct{ TableStatus string }
		}
		if err := json.Unmarshal(body, &v); err != nil {
			t.Fatalf("%s: %v: %s", tc.op, err, body)
		}
		items := v.Items
		if v.Item != nil {
			items = append(items, v.Item)
		}
		if len(items) != tc.items {
			t.Errorf("%s: %d items, want %d", tc.op, len(items), tc.items)
		}
		for _, it := range items {
			size := 0
			for name, val := range it {
				for _, s := range val {
					size += len(name) + len(s)
				}
			}
			if size < 950 || size > 1050 {
				t.Errorf("%s: item of %d bytes, want about 1000", tc.op, size)
			}
		}
		if tc.op == "DescribeTable" && v.Table.TableStatus != "ACTIVE" {
			t.Errorf("DescribeTable: status %q", v.Table.TableStatus)
		}
	}
}
