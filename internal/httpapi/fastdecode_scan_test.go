package httpapi

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/basalt-db/basalt/internal/api"
)

func scanFastCase() fastCase {
	s := &fakeService{}
	return fastCase{"Scan", scanFields, reflect.TypeFor[api.ScanInput](), fastOp(s.Scan, fastScan).fast}
}

func TestFastScanFieldList(t *testing.T) {
	c := scanFastCase()
	got, want := slices.Sorted(slices.Values(c.fields)), slices.Sorted(slices.Values(jsonNames(c.typ)))
	if !slices.Equal(got, want) {
		t.Errorf("Scan fields %v, the struct has %v", got, want)
	}
}

// scanSDKBody is a Scan page as aws-sdk-go-v2 sends it, resuming from a
// LastEvaluatedKey.
const scanSDKBody = `{"ExclusiveStartKey":{"sk":{"S":"s03"},"pk":{"S":"p0000123"}},"Limit":100,"TableName":"bench"}`

// TestFastScanMatchesGeneral checks that the Scan fast path decodes what
// it takes as decodeRequest does, and leaves to the general path what it
// must.
func TestFastScanMatchesGeneral(t *testing.T) {
	c := scanFastCase()
	taken := []string{
		scanSDKBody, `{"TableName":"t"}`, `{"TableName":"t","Limit":100}`, `{}`, ` { "TableName" : "t" } `,
		`{"TableName":"t","IndexName":"i","FilterExpression":"a > :a","ExpressionAttributeValues":{":a":{"N":"2"}},` +
			`"ExpressionAttributeNames":{"#b":"b"},"ProjectionExpression":"#b, c","Select":"SPECIFIC_ATTRIBUTES",` +
			`"ConsistentRead":true,"ReturnConsumedCapacity":"INDEXES","Segment":1,"TotalSegments":4}`,
		`{"TableName":"t","AttributesToGet":["a","b"],"ConditionalOperator":"OR","Limit":-0,"Segment":-1}`,
		`{"TableName":"t\u00e9\n","ExclusiveStartKey":{"k\u2028":{"B":"AQI="}},"Unknown":{"x":[1,2,{"y":null}]}}`,
		`{"TableName":"t","ExclusiveStartKey":{},"AttributesToGet":[],"TotalSegments":1000001}`,
	}
	for _, body := range taken {
		if !checkFastDecode(t, c, []byte(body)) {
			t.Errorf("Scan: the fast path refused %s", body)
		}
	}
	refused := []string{
		``, `null`, `[]`, `1`, `"x"`, `{`, `{"TableName":"t"`, `{"TableName":"t"}x`, `{"TableName":"t",}`,
		`{"TableName":null}`, `{"tablename":"t"}`, `{"TABLENAME":"t"}`, `{"TableName":"a","TableName":"b"}`,
		`{"Table\u004eame":"t"}`, `{"TableName":1}`, `{"ReturnConsumedCapacity":true}`,
		`{"Unknown":01}`, `{"Unknown":[1,]}`, "{\"Unknown\":\"\x01\"}", `{"Unknown":"\u12"}`, `{"Unknown":tru}`,
		`{"Unknown":` + strings.Repeat("[", 2000) + strings.Repeat("]", 2000) + `}`, "\xef\xbb\xbf{}",
		`{"ScanFilter":{}}`, `{"ScanFilter":{"a":{"ComparisonOperator":"NULL"}}}`, `{"scanfilter":{}}`,
		`{"Limit":1.5}`, `{"Limit":1e2}`, `{"Limit":99999999999999999999}`, `{"Limit":"1"}`, `{"Limit":null}`,
		`{"Segment":0.5}`, `{"TotalSegments":"2"}`, `{"Segment":1,"Segment":2}`, `{"segment":1}`,
		`{"ConsistentRead":"true"}`, `{"ConsistentRead":null}`, `{"ConsistentRead":1}`,
		`{"AttributesToGet":[null]}`, `{"AttributesToGet":"a"}`, `{"AttributesToGet":[1]}`,
		`{"ExpressionAttributeNames":{"#a":1}}`, `{"ExpressionAttributeNames":{"#a":null}}`,
		`{"ExpressionAttributeValues":{":a":null}}`, `{"ExpressionAttributeValues":{":a":{}}}`,
		`{"ExclusiveStartKey":{"k":null}}`, `{"ExclusiveStartKey":{"k":{}}}`, `{"ExclusiveStartKey":[]}`,
		`{"ExclusiveStartKey":{"k":{"S":"a","N":"1"}}}`, `{"ExclusiveStartKey":{"k":{"B":"!!"}}}`,
		`{"ExclusiveStartKey":null}`, `{"ExclusiveStartKey":{},"ExclusiveStartKey":{}}`,
		`{"Select":1}`, `{"IndexName":null}`, `{"FilterExpression":false}`,
	}
	for _, body := range refused {
		if checkFastDecode(t, c, []byte(body)) {
			t.Errorf("Scan: the fast path took %q", body)
		}
	}
}

// FuzzFastDecodeScan checks that whatever the Scan fast path accepts, the
// general path decodes the same way.
func FuzzFastDecodeScan(f *testing.F) {
	for _, s := range []string{
		scanSDKBody, `{"TableName":"t","Limit":5,"Segment":0,"TotalSegments":2,"Unknown":{"a":[true,null]}}`,
		`{"TableName":"t","FilterExpression":"#a = :v","ExpressionAttributeNames":{"#a":"a"},` +
			`"ExpressionAttributeValues":{":v":{"L":[{"M":{"x":{"NULL":true}}}]}}}`,
		`{"tableName":"t"}`, `{"ScanFilter":{}}`, `{"ExclusiveStartKey":{"k":{"SS":["a","a"]}}}`,
	} {
		f.Add([]byte(s))
	}
	c := scanFastCase()
	f.Fuzz(func(t *testing.T, body []byte) { checkFastDecode(t, c, body) })
}
