// Package benchdata holds the request bodies the layer benchmarks share, so
// that every layer (attribute JSON, key and item encoding, storage, the
// HTTP handler) is measured on the same representative item. It imports no
// other Basalt package, so that any package's tests may import it; only
// tests import it.
//
// The table is Table, keyed by pk (S, partition key) and sk (N, sort key).
// An item is about 1 KB as DynamoDB counts it (ItemBytes): strings, numbers,
// a boolean, a NULL, a binary, a string set, a map holding a list and a list
// of maps, as real items look.
package benchdata

import (
	"encoding/base64"
	"strconv"
	"strings"
)

const (
	// Table is the benchmarks' table.
	Table = "bench"
	// PartitionSize is how many items (sk 0 … PartitionSize-1) a loaded
	// partition holds: one Query of a partition returns this many.
	PartitionSize = 10
	// ItemBytes is the size of Item as DynamoDB counts it (attr.ItemSize),
	// checked by the attr benchmarks.
	ItemBytes = 998
)

// CreateTableBody is the CreateTable request for Table.
const CreateTableBody = `{"TableName":"` + Table + `","BillingMode":"PAY_PER_REQUEST",` +
	`"AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"N"}],` +
	`"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}]}`

// PK returns the partition key of partition p.
func PK(p int) string { return "user#" + pad(p, 6) }

func pad(n, width int) string {
	s := strconv.Itoa(n)
	if len(s) < width {
		s = strings.Repeat("0", width-len(s)) + s
	}
	return s
}

// avatar is 256 bytes of binary data (a thumbnail hash, say) in base64.
var avatar = func() string {
	b := make([]byte, 256)
	for i := range b {
		b[i] = byte(i*37 + 11)
	}
	return base64.StdEncoding.EncodeToString(b)
}()

const bio = "Mathematician and writer, chiefly known for her work on Charles Babbage's proposed " +
	"mechanical general-purpose computer, the Analytical Engine. She was the first to recognise " +
	"that the machine had applications beyond pure calculation, and published the first algorithm " +
	"intended to be carried out by such a machine."

// ItemJSON returns the wire form of the item with key (pk, sk): a JSON
// object of attribute names to attribute values, about 1.5 KB of JSON.
func ItemJSON(pk string, sk int) string {
	var b strings.Builder
	b.WriteString(`{"pk":{"S":"` + pk + `"},"sk":{"N":"` + strconv.Itoa(sk) + `"},`)
	b.WriteString(`"name":{"S":"Ada Lovelace"},"email":{"S":"ada.lovelace@example.com"},`)
	b.WriteString(`"age":{"N":"36"},"balance":{"N":"12345.678"},"visits":{"N":"1024"},"plan":{"S":"premium-annual"},`)
	b.WriteString(`"active":{"BOOL":true},"deleted_at":{"NULL":true},`)
	b.WriteString(`"avatar":{"B":"` + avatar + `"},`)
	b.WriteString(`"bio":{"S":"` + bio + `"},`)
	b.WriteString(`"tags":{"SS":["admin","editor","beta-tester"]},`)
	b.WriteString(`"address":{"M":{"street":{"S":"12 St James's Square"},"city":{"S":"London"},` +
		`"zip":{"S":"SW1Y 4JH"},"geo":{"L":[{"N":"51.5074"},{"N":"-0.1336"}]}}},`)
	b.WriteString(`"orders":{"L":[`)
	for i := range 4 {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"M":{"id":{"S":"order-` + pad(1000+i, 4) + `"},"total":{"N":"` + strconv.Itoa(19+i) +
			`.99"},"qty":{"N":"` + strconv.Itoa(i+1) + `"},"status":{"S":"shipped"}}}`)
	}
	b.WriteString(`]}}`)
	return b.String()
}

// KeyJSON returns the wire form of the key (pk, sk).
func KeyJSON(pk string, sk int) string {
	return `{"pk":{"S":"` + pk + `"},"sk":{"N":"` + strconv.Itoa(sk) + `"}}`
}

// PutItemBody is a PutItem of ItemJSON(pk, sk), as an SDK sends it.
func PutItemBody(pk string, sk int) string {
	return `{"TableName":"` + Table + `","Item":` + ItemJSON(pk, sk) + `}`
}

// GetItemBody is a GetItem of the item (pk, sk).
func GetItemBody(pk string, sk int) string {
	return `{"TableName":"` + Table + `","Key":` + KeyJSON(pk, sk) + `}`
}

// QueryBody is a Query of the whole partition pk with a key condition
// expression, as the SDKs' expression builders write it.
func QueryBody(pk string) string {
	return `{"TableName":"` + Table + `","KeyConditionExpression":"#pk = :pk",` +
		`"ExpressionAttributeNames":{"#pk":"pk"},"ExpressionAttributeValues":{":pk":{"S":"` + pk + `"}}}`
}

// UpdateItemBody is an UpdateItem of the item (pk, sk) that adds one to a
// counter and sets a string, returning nothing.
func UpdateItemBody(pk string, sk int) string {
	return `{"TableName":"` + Table + `","Key":` + KeyJSON(pk, sk) + `,` +
		`"UpdateExpression":"SET #v = #v + :one, #s = :s",` +
		`"ExpressionAttributeNames":{"#v":"visits","#s":"status"},` +
		`"ExpressionAttributeValues":{":one":{"N":"1"},":s":{"S":"seen"}}}`
}
