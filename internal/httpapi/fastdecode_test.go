package httpapi

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/benchdata"
)

// fastCase is one operation's fast decoder, run on a fresh input.
type fastCase struct {
	op     string
	fields []string
	typ    reflect.Type
	fast   func(body []byte) (any, bool)
}

func fastCases() []fastCase {
	s := &fakeService{}
	return []fastCase{
		{"GetItem", getItemFields, reflect.TypeFor[api.GetItemInput](), fastOp(s.GetItem, fastGetItem).fast},
		{"PutItem", putItemFields, reflect.TypeFor[api.PutItemInput](), fastOp(s.PutItem, fastPutItem).fast},
		{"DeleteItem", deleteItemFields, reflect.TypeFor[api.DeleteItemInput](), fastOp(s.DeleteItem, fastDeleteItem).fast},
		{"UpdateItem", updateItemFields, reflect.TypeFor[api.UpdateItemInput](), fastOp(s.UpdateItem, fastUpdateItem).fast},
		{"Query", queryFields, reflect.TypeFor[api.QueryInput](), fastOp(s.Query, fastQuery).fast},
		{"BatchWriteItem", batchWriteItemFields, reflect.TypeFor[api.BatchWriteItemInput](), fastOp(s.BatchWriteItem, fastBatchWriteItem).fast},
		{"Scan", scanFields, reflect.TypeFor[api.ScanInput](), fastOp(s.Scan, fastScan).fast},
	}
}

// scanSDKBody is a Scan page as aws-sdk-go-v2 sends it, resuming from a
// LastEvaluatedKey.
const scanSDKBody = `{"ExclusiveStartKey":{"sk":{"S":"s03"},"pk":{"S":"p0000123"}},"Limit":100,"TableName":"bench"}`

// jsonNames returns the json names of t's fields, embedded structs'
// fields included.
func jsonNames(t reflect.Type) []string {
	var names []string
	for f := range t.Fields() {
		if f.Anonymous {
			names = append(names, jsonNames(f.Type)...)
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		names = append(names, name)
	}
	return names
}

func TestFastDecodeFieldLists(t *testing.T) {
	for _, c := range fastCases() {
		got, want := slices.Sorted(slices.Values(c.fields)), slices.Sorted(slices.Values(jsonNames(c.typ)))
		if !slices.Equal(got, want) {
			t.Errorf("%s fields %v, the struct has %v", c.op, got, want)
		}
	}
}

// checkFastDecode fails if the fast decoder accepts body but the general
// path would answer differently: body is invalid JSON, or decodeRequest
// fails or decodes something else. It returns whether the fast path took
// the body.
func checkFastDecode(t *testing.T, c fastCase, body []byte) bool {
	t.Helper()
	got, ok := c.fast(body)
	if !ok {
		return false
	}
	if !json.Valid(body) {
		t.Fatalf("%s: fast path accepted invalid JSON %q", c.op, body)
	}
	want := reflect.New(c.typ).Interface()
	if err := decodeRequest(body, want); err != nil {
		t.Fatalf("%s: fast path accepted %q, decodeRequest fails: %v", c.op, body, err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s: %q\nfast path decoded %#v\ndecodeRequest     %#v", c.op, body, got, want)
	}
	return true
}

func TestFastDecodeMatchesGeneral(t *testing.T) {
	pk := benchdata.PK(3)
	common := map[string][]string{
		"GetItem": {benchdata.GetItemBody(pk, 1),
			`{"TableName":"t","Key":{"k":{"S":"v"}},"ConsistentRead":true,"ProjectionExpression":"#a, b",` +
				`"ExpressionAttributeNames":{"#a":"a"},"ReturnConsumedCapacity":"TOTAL"}`,
			`{"TableName":"t","Key":{"k":{"N":"1"}},"AttributesToGet":["a","b"],"Unknown":{"x":[1,2,{"y":null}]}}`,
			` { "TableName" : "t" , "Key" : { } } `, `{}`},
		"PutItem": {benchdata.PutItemBody(pk, 1),
			`{"TableName":"t","Item":{"k":{"S":"v"}},"ConditionExpression":"attribute_not_exists(k)",` +
				`"ReturnValues":"ALL_OLD","ExpressionAttributeValues":{":v":{"N":"1"}},"ExpressionAttributeNames":{"#k":"k"}}`,
			`{"TableName":"t\u00e9\n","Item":{"k\u2028":{"S":"v\\u0000\u00ff"},"b":{"B":"AQI="},"bs":{"BS":["AQI="]}}}`},
		"DeleteItem": {`{"TableName":"t","Key":{"k":{"S":"v"}},"ReturnValues":"ALL_OLD","ConditionalOperator":"AND"}`},
		"UpdateItem": {benchdata.UpdateItemBody(pk, 1),
			`{"TableName":"t","Key":{"k":{"S":"v"}},"UpdateExpression":"REMOVE a","ReturnValues":"UPDATED_NEW"}`},
		"Query": {benchdata.QueryBody(pk),
			`{"TableName":"t","IndexName":"i","KeyConditionExpression":"k = :k","FilterExpression":"a > :a",` +
				`"ExpressionAttributeValues":{":k":{"S":"x"},":a":{"N":"2"}},"Limit":10,"ScanIndexForward":false,` +
				`"ExclusiveStartKey":{"k":{"S":"x"},"s":{"N":"1"}},"Select":"COUNT","ConsistentRead":false,` +
				`"ProjectionExpression":"a","ReturnConsumedCapacity":"INDEXES"}`,
			`{"TableName":"t","Limit":-0,"AttributesToGet":[]}`},
		"Scan": {scanSDKBody, `{"TableName":"t"}`, `{"TableName":"t","Limit":100}`, `{}`, ` { "TableName" : "t" } `,
			`{"TableName":"t","IndexName":"i","FilterExpression":"a > :a","ExpressionAttributeValues":{":a":{"N":"2"}},` +
				`"ExpressionAttributeNames":{"#b":"b"},"ProjectionExpression":"#b, c","Select":"SPECIFIC_ATTRIBUTES",` +
				`"ConsistentRead":true,"ReturnConsumedCapacity":"INDEXES","Segment":1,"TotalSegments":4}`,
			`{"TableName":"t","AttributesToGet":["a","b"],"ConditionalOperator":"OR","Limit":-0,"Segment":-1}`,
			`{"TableName":"t\u00e9\n","ExclusiveStartKey":{"k\u2028":{"B":"AQI="}},"Unknown":{"x":[1,2,{"y":null}]}}`,
			`{"TableName":"t","ExclusiveStartKey":{},"AttributesToGet":[],"TotalSegments":1000001}`},
	}
	// Bodies the fast path must leave to the general one, in every
	// operation (all) or in those whose input has the member (some).
	all := []string{
		``, `null`, `[]`, `1`, `"x"`, `{`, `{"TableName":"t"`, `{"TableName":"t"}x`, `{"TableName":"t",}`,
		`{"TableName":null}`, `{"tablename":"t"}`, `{"TABLENAME":"t"}`, `{"TableName":"a","TableName":"b"}`,
		`{"Table\u004eame":"t"}`, `{"TableName":1}`, `{"ReturnConsumedCapacity":true}`,
		`{"Unknown":01}`, `{"Unknown":[1,]}`, "{\"Unknown\":\"\x01\"}", `{"Unknown":"\u12"}`, `{"Unknown":tru}`,
		`{"Unknown":` + strings.Repeat("[", 2000) + strings.Repeat("]", 2000) + `}`, "\xef\xbb\xbf{}",
	}
	some := map[string][]string{
		"Key": {`{"Key":{"k":null}}`, `{"Key":{"k":{}}}`, `{"Key":{"k":{"S":"a","N":"1"}}}`, `{"Key":{"k":{"S":1}}}`,
			`{"Key":[]}`, `{"Key":null}`, `{"Key":{"k":{"B":"!!"}}}`, `{"KEY":{}}`},
		"Item":                      {`{"Item":{"k":{"B":"!!"}}}`, `{"Item":{"k":{"NULL":false,"S":"x"}}}`, `{"Item":{},"Item":{}}`},
		"Limit":                     {`{"Limit":1.5}`, `{"Limit":1e2}`, `{"Limit":99999999999999999999}`, `{"Limit":"1"}`, `{"Limit":null}`},
		"ConsistentRead":            {`{"ConsistentRead":"true"}`, `{"ConsistentRead":null}`, `{"ConsistentRead":1}`},
		"AttributesToGet":           {`{"AttributesToGet":[null]}`, `{"AttributesToGet":"a"}`, `{"AttributesToGet":[1]}`},
		"ExpressionAttributeNames":  {`{"ExpressionAttributeNames":{"#a":1}}`, `{"ExpressionAttributeNames":{"#a":null}}`},
		"ExpressionAttributeValues": {`{"ExpressionAttributeValues":{":a":null}}`, `{"ExpressionAttributeValues":{":a":{}}}`},
		"Expected":                  {`{"Expected":{"a":{"Exists":false}}}`},
		"KeyConditions":             {`{"KeyConditions":{}}`},
		"AttributeUpdates":          {`{"AttributeUpdates":{}}`},
		"QueryFilter":               {`{"QueryFilter":{}}`},
		"ScanFilter":                {`{"ScanFilter":{}}`, `{"ScanFilter":{"a":{"ComparisonOperator":"NULL"}}}`, `{"scanfilter":{}}`},
		"Segment":                   {`{"Segment":0.5}`, `{"Segment":1,"Segment":2}`, `{"segment":1}`},
		"TotalSegments":             {`{"TotalSegments":"2"}`},
		"ExclusiveStartKey": {`{"ExclusiveStartKey":{"k":null}}`, `{"ExclusiveStartKey":{"k":{}}}`, `{"ExclusiveStartKey":[]}`,
			`{"ExclusiveStartKey":{"k":{"S":"a","N":"1"}}}`, `{"ExclusiveStartKey":{"k":{"B":"!!"}}}`,
			`{"ExclusiveStartKey":null}`, `{"ExclusiveStartKey":{},"ExclusiveStartKey":{}}`},
		"Select":           {`{"Select":1}`},
		"IndexName":        {`{"IndexName":null}`},
		"FilterExpression": {`{"FilterExpression":false}`},
	}
	for _, c := range fastCases() {
		for _, body := range common[c.op] {
			if !checkFastDecode(t, c, []byte(body)) {
				t.Errorf("%s: the fast path refused %s", c.op, body)
			}
		}
		var refused []string
		for _, body := range all {
			if !slices.Contains(c.fields, "TableName") && strings.Contains(strings.ToLower(body), "tablename") {
				checkFastDecode(t, c, []byte(body)) // an unknown member here, but alike
				continue
			}
			refused = append(refused, body)
		}
		for _, f := range c.fields {
			refused = append(refused, some[f]...)
		}
		for _, body := range refused {
			if checkFastDecode(t, c, []byte(body)) {
				t.Errorf("%s: the fast path took %q", c.op, body)
			}
		}
		for f, bodies := range some {
			if !slices.Contains(c.fields, f) {
				for _, body := range bodies {
					checkFastDecode(t, c, []byte(body)) // ignored either way, but alike
				}
			}
		}
	}
}

// FuzzFastDecode checks that whatever the fast path accepts, the general
// path decodes the same way.
func FuzzFastDecode(f *testing.F) {
	pk := benchdata.PK(3)
	for _, s := range []string{
		benchdata.GetItemBody(pk, 1), benchdata.PutItemBody(pk, 2), benchdata.QueryBody(pk), benchdata.UpdateItemBody(pk, 3),
		`{"TableName":"t","Limit":5,"ScanIndexForward":true,"AttributesToGet":["a"],"Unknown":{"a":[true,null]}}`,
		`{"tableName":"t"}`, `{"Key":{"k":{"SS":["a","a"]}}}`, `{"Item":{"k":{"L":[{"M":{"x":{"NULL":true}}}]}}}`,
		batchWriteBody(3), `{"RequestItems":{"t":[{"DeleteRequest":{"Key":{"k":{"N":"1"}}}},{"PutRequest":{}}]}}`,
		`{"RequestItems":{"t":[],"u":[{}]},"ReturnConsumedCapacity":"TOTAL","ReturnItemCollectionMetrics":"SIZE"}`,
		scanSDKBody, `{"TableName":"t","Limit":5,"Segment":0,"TotalSegments":2,"Unknown":{"a":[true,null]}}`,
		`{"TableName":"t","FilterExpression":"#a = :v","ExpressionAttributeNames":{"#a":"a"},` +
			`"ExpressionAttributeValues":{":v":{"L":[{"M":{"x":{"NULL":true}}}]}}}`,
		`{"ScanFilter":{}}`, `{"ExclusiveStartKey":{"k":{"SS":["a","a"]}}}`,
	} {
		f.Add([]byte(s))
	}
	cases := fastCases()
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, c := range cases {
			checkFastDecode(t, c, body)
		}
	})
}
