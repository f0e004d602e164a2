package service

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"strings"

	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/attr"
)

// AWS quotes the offending value in a field-constraint message. For the
// batch operations that value is a map or list of the request, and the two
// operations print it differently: BatchGetItem as compact JSON, and
// BatchWriteItem as Java's toString of its request model, where every
// attribute value prints as an object identity
// ("com.amazonaws.dynamodb.v20120810.AttributeValue@483470e1"). Identities
// change on every request at AWS, so no client can depend on them; we print
// a stable hash of the value in their place. Maps are printed in key order.

// echoGetItems renders BatchGetItem's RequestItems:
// {"tbl":{"Keys":[{"pk":{"S":"a"}}]}}. Absent members are left out.
func echoGetItems(m map[string]api.KeysAndAttributes) string {
	b := []byte{'{'}
	for i, name := range sortedKeys(m) {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSON(b, name)
		b = append(b, ':')
		b = appendKeysAndAttributes(b, m[name])
	}
	return string(append(b, '}'))
}

func appendKeysAndAttributes(b []byte, ka api.KeysAndAttributes) []byte {
	b = append(b, '{')
	field := func(name string) {
		if b[len(b)-1] != '{' {
			b = append(b, ',')
		}
		b = append(b, '"')
		b = append(b, name...)
		b = append(b, `":`...)
	}
	if ka.Keys != nil {
		field("Keys")
		b = append(b, echoKeys(ka.Keys)...)
	}
	if ka.AttributesToGet != nil {
		field("AttributesToGet")
		b = appendJSON(b, ka.AttributesToGet)
	}
	if ka.ConsistentRead != nil {
		field("ConsistentRead")
		b = appendJSON(b, *ka.ConsistentRead)
	}
	if ka.ProjectionExpression != nil {
		field("ProjectionExpression")
		b = appendJSON(b, *ka.ProjectionExpression)
	}
	if ka.ExpressionAttributeNames != nil {
		field("ExpressionAttributeNames")
		b = appendJSON(b, ka.ExpressionAttributeNames)
	}
	return append(b, '}')
}

// echoKeys renders a list of keys as a JSON array of items.
func echoKeys(keys []attr.Item) string {
	b := []byte{'['}
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = attr.AppendItemJSON(b, k)
	}
	return string(append(b, ']'))
}

// appendJSON appends v (strings, bools, string slices and string maps,
// which always encode) as compact JSON without HTML escaping.
func appendJSON(b []byte, v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	return append(b, bytes.TrimSuffix(buf.Bytes(), []byte{'\n'})...)
}

// echoWriteItems renders BatchWriteItem's RequestItems as Java prints it:
// {tbl=[WriteRequest(putRequest=PutRequest(item={pk=…AttributeValue@1a2b3c}, workloadProfileName=null), deleteRequest=null)]}.
func echoWriteItems(m map[string][]api.WriteRequest) string {
	var b strings.Builder
	b.WriteByte('{')
	for i, name := range sortedKeys(m) {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(name)
		b.WriteString("=[")
		for j, r := range m[name] {
			if j > 0 {
				b.WriteString(", ")
			}
			writeJavaRequest(&b, r)
		}
		b.WriteByte(']')
	}
	b.WriteByte('}')
	return b.String()
}

func writeJavaRequest(b *strings.Builder, r api.WriteRequest) {
	b.WriteString("WriteRequest(putRequest=")
	if r.PutRequest == nil {
		b.WriteString("null")
	} else {
		b.WriteString("PutRequest(item=")
		writeJavaItem(b, r.PutRequest.Item)
		b.WriteString(", workloadProfileName=null)")
	}
	b.WriteString(", deleteRequest=")
	if r.DeleteRequest == nil {
		b.WriteString("null")
	} else {
		b.WriteString("DeleteRequest(key=")
		writeJavaItem(b, r.DeleteRequest.Key)
		b.WriteString(", workloadProfileName=null)")
	}
	b.WriteByte(')')
}

func writeJavaItem(b *strings.Builder, item attr.Item) {
	if item == nil {
		b.WriteString("null")
		return
	}
	b.WriteByte('{')
	for i, name := range sortedKeys(item) {
		if i > 0 {
			b.WriteString(", ")
		}
		h := fnv.New32a()
		h.Write(item[name].AppendJSON(nil))
		fmt.Fprintf(b, "%s=com.amazonaws.dynamodb.v20120810.AttributeValue@%x", name, h.Sum32())
	}
	b.WriteByte('}')
}
