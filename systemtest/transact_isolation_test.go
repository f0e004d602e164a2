package systemtest

// Transactions under contention: conflicts with single-item writes, and
// readers that never see part of a transaction.

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// isTxConflict reports whether err is one of the two ways DynamoDB refuses
// a write that meets a transaction in flight, with AWS's messages, which
// the caller may retry: a TransactionConflictException for a single-item
// write, or a TransactionCanceledException with a TransactionConflict
// reason for a transaction. retryable is false for any other error.
func isTxConflict(err error) (retryable bool, unexpected string) {
	var tce *types.TransactionCanceledException
	var tcx *types.TransactionConflictException
	switch {
	case errors.As(err, &tcx):
		if m := tcx.ErrorMessage(); m != msgTxConflict {
			return true, fmt.Sprintf("TransactionConflictException message %q, want %q", m, msgTxConflict)
		}
		return true, ""
	case errors.As(err, &tce):
		conflict := false
		for _, r := range tce.CancellationReasons {
			switch aws.ToString(r.Code) {
			case "TransactionConflict":
				conflict = true
				if m := aws.ToString(r.Message); m != msgTxConflict {
					return true, fmt.Sprintf("TransactionConflict reason message %q, want %q", m, msgTxConflict)
				}
			case "None", "ConditionalCheckFailed":
			default:
				return false, fmt.Sprintf("unexpected cancellation reason %s: %s", aws.ToString(r.Code), aws.ToString(r.Message))
			}
		}
		return conflict, ""
	}
	return false, ""
}

func TestTransactConflictsWithSingleItemWrites(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := hashTable(t, c)
	const workers, perWorker = 6, 40
	var mu sync.Mutex
	var txDone [workers]int
	var updDone, conflicts int
	var wg sync.WaitGroup
	// Half the workers increment the hot counter and their own one in one
	// transaction; the other half increment the hot counter alone with
	// UpdateItem. Every refusal must be a transaction conflict, retried.
	for w := 0; w < 2*workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			cl := newClient(endpoint())
			for i := 0; i < perWorker; {
				var err error
				if w < workers {
					err = txWrite(t, cl,
						txUpdate(table, Item{"pk": S("hot")}, "ADD n :one", Item{":one": N("1")}),
						txUpdate(table, Item{"pk": S(fmt.Sprint("own", w))}, "ADD n :one", Item{":one": N("1")}))
				} else {
					_, err = cl.UpdateItem(ctxT(t), &dynamodb.UpdateItemInput{TableName: aws.String(table), Key: Item{"pk": S("hot")},
						UpdateExpression: aws.String("ADD n :one"), ExpressionAttributeValues: Item{":one": N("1")}})
				}
				if err == nil {
					mu.Lock()
					if w < workers {
						txDone[w]++
					} else {
						updDone++
					}
					mu.Unlock()
					i++
					continue
				}
				retry, bad := isTxConflict(err)
				if bad != "" || !retry {
					t.Errorf("worker %d: %v %s", w, err, bad)
					return
				}
				mu.Lock()
				conflicts++
				mu.Unlock()
				time.Sleep(time.Millisecond)
			}
		}(w)
	}
	wg.Wait()
	total := updDone
	for w := 0; w < workers; w++ {
		total += txDone[w]
		wantItem(t, get(t, c, table, Item{"pk": S(fmt.Sprint("own", w))}), Item{"pk": S(fmt.Sprint("own", w)), "n": N(fmt.Sprint(txDone[w]))})
	}
	wantItem(t, get(t, c, table, Item{"pk": S("hot")}), Item{"pk": S("hot"), "n": N(fmt.Sprint(total))})
	t.Logf("%d increments, %d conflicts retried", total, conflicts)
}

func TestTransactReadersSeeWholeTransactions(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := rangeTable(t, c)
	// Each transaction sets the same version on three items, two in one
	// partition and one in another. Basalt's contract is that no reader sees
	// part of a transaction. (AWS promises that much for GetItem and
	// TransactGetItems; for Query, Scan and BatchGetItem it documents only
	// READ-COMMITTED, so this checks Basalt's stronger contract there.)
	keys := []Item{{"pk": S("p"), "sk": N("1")}, {"pk": S("p"), "sk": N("2")}, {"pk": S("q"), "sk": N("1")}}
	write := func(v int) error {
		items := make([]types.TransactWriteItem, len(keys))
		for i, k := range keys {
			items[i] = txPut(table, Item{"pk": k["pk"], "sk": k["sk"], "v": N(fmt.Sprint(v))})
		}
		return txWrite(t, c, items...)
	}
	if err := write(0); err != nil {
		t.Fatalf("TransactWriteItems: %v", err)
	}
	deadline := time.Now().Add(1500 * time.Millisecond)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for v := 1; time.Now().Before(deadline); {
			err := write(v)
			if err == nil {
				v++
				continue
			}
			if retry, bad := isTxConflict(err); !retry || bad != "" {
				t.Errorf("writer: %v %s", err, bad)
				return
			}
		}
	}()
	versions := func(items []Item) string {
		vs := make([]string, len(items))
		for i, it := range items {
			vs[i] = show(Item{"v": it["v"]})
		}
		return strings.Join(vs, " ")
	}
	same := func(reader string, items []Item, want int) {
		t.Helper()
		if len(items) != want {
			t.Errorf("%s: %d items, want %d", reader, len(items), want)
			return
		}
		for _, it := range items[1:] {
			if show(Item{"v": it["v"]}) != show(Item{"v": items[0]["v"]}) {
				t.Errorf("%s saw part of a transaction: versions %s", reader, versions(items))
				return
			}
		}
	}
	reads := 0
	for rc := client(t); time.Now().Before(deadline) && !t.Failed(); reads++ {
		q, err := rc.Query(ctxT(t), &dynamodb.QueryInput{TableName: aws.String(table), ConsistentRead: aws.Bool(true),
			KeyConditionExpression: aws.String("pk = :p"), ExpressionAttributeValues: Item{":p": S("p")}})
		if err != nil {
			t.Fatalf("Query: %v", err)
		}
		same("Query", q.Items, 2)
		sc, err := rc.Scan(ctxT(t), &dynamodb.ScanInput{TableName: aws.String(table), ConsistentRead: aws.Bool(true)})
		if err != nil {
			t.Fatalf("Scan: %v", err)
		}
		same("Scan", sc.Items, 3)
		bg, err := rc.BatchGetItem(ctxT(t), &dynamodb.BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{
			table: {Keys: keys, ConsistentRead: aws.Bool(true)}}})
		if err != nil {
			t.Fatalf("BatchGetItem: %v", err)
		}
		same("BatchGetItem", bg.Responses[table], 3)
		tg, err := rc.TransactGetItems(ctxT(t), &dynamodb.TransactGetItemsInput{TransactItems: []types.TransactGetItem{
			txGet(table, keys[0]), txGet(table, keys[1]), txGet(table, keys[2])}})
		if retry, bad := isTxConflict(err); err != nil && (!retry || bad != "") {
			t.Fatalf("TransactGetItems: %v %s", err, bad)
		} else if err == nil {
			same("TransactGetItems", []Item{tg.Responses[0].Item, tg.Responses[1].Item, tg.Responses[2].Item}, 3)
		}
	}
	wg.Wait()
	t.Logf("%d rounds of reads", reads)
}
