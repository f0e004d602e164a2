package systemtest

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/basalt-db/basalt/internal/config"
)

const (
	msgTTLAlreadyEnabled  = "TimeToLive is already enabled"
	msgTTLAlreadyDisabled = "TimeToLive is already disabled"
	msgTTLCooldown        = "Time to live has been modified multiple times within a fixed interval"
)

// ttlServer starts a second in-memory server that sweeps expired items
// every 50 ms, on a clock the test moves by hand.
func ttlServer(t *testing.T) (*dynamodb.Client, *clock) {
	t.Helper()
	return clockServer(t, func(o *config.Options) { o.TTLInterval = 50 * time.Millisecond })
}

func updateTTL(c *dynamodb.Client, t *testing.T, table, attrName string, enabled bool) (*dynamodb.UpdateTimeToLiveOutput, error) {
	return c.UpdateTimeToLive(ctxT(t), &dynamodb.UpdateTimeToLiveInput{TableName: aws.String(table),
		TimeToLiveSpecification: &types.TimeToLiveSpecification{AttributeName: aws.String(attrName), Enabled: aws.Bool(enabled)}})
}

func describeTTL(t *testing.T, c *dynamodb.Client, table string) (status, attrName string) {
	t.Helper()
	out, err := c.DescribeTimeToLive(ctxT(t), &dynamodb.DescribeTimeToLiveInput{TableName: aws.String(table)})
	if err != nil {
		t.Fatalf("DescribeTimeToLive: %v", err)
	}
	return string(out.TimeToLiveDescription.TimeToLiveStatus), aws.ToString(out.TimeToLiveDescription.AttributeName)
}

func TestTimeToLiveOperations(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := hashTable(t, c)
	if st, a := describeTTL(t, c, table); st != "DISABLED" || a != "" {
		t.Fatalf("fresh table: %s %q, want DISABLED and no attribute", st, a)
	}
	_, err := updateTTL(c, t, table, "exp", false)
	wantValidation(t, err, msgTTLAlreadyDisabled)
	out, err := updateTTL(c, t, table, "exp", true)
	if err != nil {
		t.Fatalf("enable: %v", err)
	}
	if s := out.TimeToLiveSpecification; aws.ToString(s.AttributeName) != "exp" || !aws.ToBool(s.Enabled) {
		t.Fatalf("response %+v", s)
	}
	if st, a := describeTTL(t, c, table); st != "ENABLED" || a != "exp" {
		t.Fatalf("after enabling: %s %q", st, a)
	}
	_, err = updateTTL(c, t, table, "exp", true)
	wantValidation(t, err, msgTTLAlreadyEnabled)
	_, err = updateTTL(c, t, table, "other", true)
	wantValidation(t, err, "TimeToLive is active on a different AttributeName: current AttributeName is exp")
	_, err = updateTTL(c, t, table, "other", false)
	wantValidation(t, err, "TimeToLive is active on a different AttributeName: current AttributeName is exp")
	_, err = updateTTL(c, t, table, "exp", false)
	wantValidation(t, err, msgTTLCooldown)
}

func TestTimeToLiveValidation(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := hashTable(t, c)
	_, err := c.UpdateTimeToLive(ctxT(t), &dynamodb.UpdateTimeToLiveInput{TableName: aws.String(table),
		TimeToLiveSpecification: &types.TimeToLiveSpecification{AttributeName: aws.String(""), Enabled: aws.Bool(true)}})
	wantValidation(t, err, "TimeToLiveSpecification.AttributeName must be non empty")
	long := strings.Repeat("a", 256)
	_, err = updateTTL(c, t, table, long, true)
	wantValidation(t, err, "1 validation error detected: Value '"+long+
		"' at 'timeToLiveSpecification.attributeName' failed to satisfy constraint: Member must have length less than or equal to 255")
	_, err = updateTTL(c, t, "ab", "exp", true)
	wantValidation(t, err, "1 validation error detected: "+
		"Value 'ab' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3")
	_, err = updateTTL(c, t, "no-such-table", "exp", true)
	wantErr(t, err, "ResourceNotFoundException", "Requested resource not found: Table: no-such-table not found")
	_, err = c.DescribeTimeToLive(ctxT(t), &dynamodb.DescribeTimeToLiveInput{TableName: aws.String("no-such-table")})
	wantErr(t, err, "ResourceNotFoundException", "Requested resource not found: Table: no-such-table not found")
}

func TestTimeToLiveCooldownAndDisable(t *testing.T) {
	t.Parallel()
	c, clk := ttlServer(t)
	table := hashTable(t, c)
	if _, err := updateTTL(c, t, table, "exp", true); err != nil {
		t.Fatal(err)
	}
	clk.Advance(59 * time.Minute)
	_, err := updateTTL(c, t, table, "exp", false)
	wantValidation(t, err, msgTTLCooldown)
	clk.Advance(time.Minute)
	out, err := updateTTL(c, t, table, "exp", false)
	if err != nil {
		t.Fatalf("disable after an hour: %v", err)
	}
	if s := out.TimeToLiveSpecification; aws.ToString(s.AttributeName) != "exp" || aws.ToBool(s.Enabled) {
		t.Fatalf("response %+v", s)
	}
	if st, a := describeTTL(t, c, table); st != "DISABLED" || a != "" {
		t.Fatalf("after disabling: %s %q", st, a)
	}
	_, err = updateTTL(c, t, table, "exp", false)
	wantValidation(t, err, msgTTLAlreadyDisabled)
}

// A TTL test with a short interval sees expired items vanish and live ones
// stay, in the table and in its global index.
func TestTimeToLiveExpiry(t *testing.T) {
	t.Parallel()
	c, clk := ttlServer(t)
	table := tableName("ttl")
	mustCreateTable(t, c, &dynamodb.CreateTableInput{
		TableName: aws.String(table), BillingMode: types.BillingModePayPerRequest,
		AttributeDefinitions:   []types.AttributeDefinition{ixAD("pk", "S"), ixAD("g", "S")},
		KeySchema:              ixKS(ixH("pk")),
		GlobalSecondaryIndexes: []types.GlobalSecondaryIndex{ixGSI("byG", ixAll(), ixH("g"))},
	})
	if _, err := updateTTL(c, t, table, "exp", true); err != nil {
		t.Fatal(err)
	}
	now := clk.Now().Unix()
	num := func(d int64) types.AttributeValue { return N(strconv.FormatInt(now+d, 10)) }
	items := map[string]Item{
		"past":    {"pk": S("past"), "g": S("g"), "exp": num(-60)},
		"now":     {"pk": S("now"), "g": S("g"), "exp": num(0)},
		"soon":    {"pk": S("soon"), "g": S("g"), "exp": num(30)},
		"future":  {"pk": S("future"), "g": S("g"), "exp": num(3600)},
		"string":  {"pk": S("string"), "g": S("g"), "exp": S(strconv.FormatInt(now-60, 10))},
		"missing": {"pk": S("missing"), "g": S("g")},
	}
	for _, it := range items {
		put(t, c, table, it)
	}
	waitKeys := func(step string, want ...string) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for {
			got := qsScanItems(t, c, dynamodb.ScanInput{TableName: aws.String(table)})
			gotIx := ixScanIndex(t, c, table, "byG")
			if len(got) == len(want) && len(gotIx) == len(want) {
				var w []Item
				for _, k := range want {
					w = append(w, items[k])
				}
				qsWantSameSet(t, got, w, "pk")
				qsWantSameSet(t, gotIx, w, "pk")
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: table holds %d items, index %d; want %v", step, len(got), len(gotIx), want)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	waitKeys("first sweeps", "soon", "future", "string", "missing")
	clk.Advance(31 * time.Second)
	waitKeys("after 31 s", "future", "string", "missing")
	td := waitActive(t, c, table)
	if aws.ToInt64(td.ItemCount) != 3 || aws.ToInt64(td.GlobalSecondaryIndexes[0].ItemCount) != 3 {
		t.Errorf("ItemCount table %d, index %d; want 3 and 3", aws.ToInt64(td.ItemCount), aws.ToInt64(td.GlobalSecondaryIndexes[0].ItemCount))
	}
}
