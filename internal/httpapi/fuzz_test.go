package httpapi

import (
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/apierr"
)

// FuzzDecodeRequest sends arbitrary bodies as PutItem and UpdateItem
// requests. Decoding must never panic and never end in a 500: every body is
// answered 200 (it decoded; the fake service accepts all) or 400 with a
// wire error, and decodeRequest returns only Serialization or Validation
// errors.
func FuzzDecodeRequest(f *testing.F) {
	for _, s := range []string{
		`{"TableName":"t","Item":{"k":{"S":"v"},"n":{"N":"1.5"},"l":{"L":[{"BOOL":true},{"NULL":true}]}}}`,
		`{"TableName":"t","Item":{"m":{"M":{"a":{"SS":["x","y"]},"b":{"BS":["AQI="]},"c":{"NS":["1"]}}}}}`,
		`{"TableName":"t","Key":{"k":{"S":"v"}},"UpdateExpression":"SET a = :v","ExpressionAttributeValues":{":v":{"N":"1"}}}`,
		`{"TableName":"t","Key":{"k":{"S":"v"}},"AttributeUpdates":{"a":{"Action":"PUT","Value":{"S":"x"}}}}`,
		`{"TableName":"t","Item":{"k":{"S":"v"}},"Expected":{"a":{"Exists":false}},"ConditionExpression":"a = b"}`,
		`{"Item":{"a":{}}}`, `{"Item":{"a":{"S":1}}}`, `{"Item":[]}`, `{"Key":{"k":"v"}}`, `[]`, `null`, `1`, `"x"`,
		`{"TableName":{"S":"x"}}`, `{"Item":{"a":{"L":[{"L":[{"M":{}}]}]}}}`, `{"Expected":{"a":{"Value":"x"}}}`,
	} {
		f.Add([]byte(s))
	}
	logs := &syncBuffer{}
	h := New(&fakeService{}, Options{Logger: slog.New(slog.NewTextHandler(logs, nil))})
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, target := range []string{"PutItem", "UpdateItem"} {
			checkDecodeAnswer(t, h, target, body)
		}
		if json.Valid(body) {
			checkDecodeError(t, decodeRequest(body, new(api.PutItemInput)))
			checkDecodeError(t, decodeRequest(body, new(api.UpdateItemInput)))
		}
		if s := logs.String(); s != "" {
			t.Fatalf("handler logged:\n%s", s)
		}
	})
}

func checkDecodeAnswer(t *testing.T, h http.Handler, target string, body []byte) {
	r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(string(body)))
	r.Header.Set("Content-Type", contentTypeAmzJSON)
	r.Header.Set("X-Amz-Target", TargetPrefix+target)
	r.Header.Set("Authorization", testAuth)
	r.Header.Set("X-Amz-Date", testDate)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	res := rec.Result()
	out, _ := io.ReadAll(res.Body)
	switch res.StatusCode {
	case http.StatusOK:
	case http.StatusBadRequest:
		var e struct {
			Type string `json:"__type"`
		}
		if err := json.Unmarshal(out, &e); err != nil || e.Type == "" {
			t.Fatalf("%s: 400 with body %q", target, out)
		}
	default:
		t.Fatalf("%s: status %d, body %q", target, res.StatusCode, out)
	}
}

func checkDecodeError(t *testing.T, err error) {
	if err == nil {
		return
	}
	var e *apierr.Error
	if !errors.As(err, &e) || (e.Code != apierr.Serialization && e.Code != apierr.Validation) {
		t.Fatalf("decodeRequest error %T %v", err, err)
	}
}
