package systemtest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// TestIndexCrashDuringBackfill kills the server with SIGKILL while a new
// GSI is being backfilled and writers are changing the indexed attribute,
// restarts it, and checks that once the index is ACTIVE it holds exactly
// the entries the table's items call for, each as the item is.
func TestIndexCrashDuringBackfill(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the server binary")
	}
	t.Parallel()
	bin, dir := basaltBinary(t), t.TempDir()
	addr := fmt.Sprintf("127.0.0.1:%d", freePort(t))
	p := startBasalt(t, bin, dir, addr)
	c := newClient("http://" + addr)
	table := hashTable(t, c)

	const items = 20000
	crashLoad(t, c, table, items)
	ixAddGSI(t, c, table, "byG", &types.Projection{ProjectionType: types.ProjectionTypeAll})

	// Writers move items between index partitions, drop them from the
	// index and delete them, until the server dies under them.
	ctx, stop := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(w), 99))
			for ctx.Err() == nil {
				k := Item{"pk": S(fmt.Sprint("k", rng.IntN(items)))}
				var err error
				switch rng.IntN(3) {
				case 0:
					_, err = c.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: aws.String(table), Key: k,
						UpdateExpression: aws.String("SET g = :g"), ExpressionAttributeValues: Item{":g": S(fmt.Sprint("g", rng.IntN(50)))}})
				case 1:
					_, err = c.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: aws.String(table), Key: k,
						UpdateExpression: aws.String("REMOVE g")})
				default:
					_, err = c.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String(table), Key: k})
				}
				if err != nil {
					return // the server is gone
				}
			}
		}()
	}
	time.Sleep(150 * time.Millisecond)
	p.kill(t)
	stop()
	wg.Wait()

	startBasalt(t, bin, dir, addr)
	t.Logf("after the restart the index is %s", ixStatus(ixGSIDesc(ixDescribe(t, c, table), "byG")))
	ixWatch(t, c, table, "byG", 2*time.Minute, ixIsActive)
	want := map[string]Item{}
	for _, it := range qsScanItems(t, c, dynamodb.ScanInput{TableName: aws.String(table), ConsistentRead: aws.Bool(true)}) {
		if _, ok := it["g"]; ok {
			want[qsScalar(it["pk"])] = it
		}
	}
	got := qsScanItems(t, c, dynamodb.ScanInput{TableName: aws.String(table), IndexName: aws.String("byG")})
	if len(got) != len(want) {
		t.Errorf("index holds %d entries, the table %d items with g", len(got), len(want))
	}
	for _, e := range got {
		if w, ok := want[qsScalar(e["pk"])]; !ok || show(w) != show(e) {
			t.Fatalf("entry %s, item %s", show(e), show(w))
		}
	}
}

// crashLoad writes n items k0…k(n-1), each with g, in batches.
func crashLoad(t *testing.T, c *dynamodb.Client, table string, n int) {
	t.Helper()
	var batch []types.WriteRequest
	flush := func() {
		if len(batch) == 0 {
			return
		}
		_, err := c.BatchWriteItem(ctxT(t), &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{table: batch}})
		if err != nil {
			t.Fatalf("BatchWriteItem: %v", err)
		}
		batch = nil
	}
	for i := range n {
		batch = append(batch, types.WriteRequest{PutRequest: &types.PutRequest{Item: Item{
			"pk": S(fmt.Sprint("k", i)), "g": S(fmt.Sprint("g", i%50)), "v": N(fmt.Sprint(i)),
		}}})
		if len(batch) == 25 {
			flush()
		}
	}
	flush()
}
