package systemtest

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"
)

// The bank: money moves between accounts only by transactions, so every
// consistent snapshot of all the accounts holds the same total and no
// balance is ever negative. Bounded by a number of transfers and by time,
// whichever comes first.
const (
	bankAccounts     = 20
	bankInitial      = 1000
	bankTransferers  = 32
	bankReaders      = 4
	bankMaxTransfers = 2000
	bankMaxDuration  = 10 * time.Second
	bankMaxAmount    = 300 // large enough that some transfers are declined
)

// transfer is one committed movement of amount from one account to another.
type transfer struct{ from, to, amount int }

// bankStats counts what the clients saw.
type bankStats struct {
	committed, declined, conflicts, snapshots, readConflicts atomic.Int64
}

func accountKey(i int) Item { return Item{"pk": S(fmt.Sprintf("acct-%02d", i))} }

// callCtx bounds one request; the bank and linearizability clients make
// thousands, so they do not register a cleanup per call as ctxT does.
func callCtx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), 20*time.Second)
}

func TestBankTransfers(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := hashTable(t, c)
	seed := make([]types.TransactWriteItem, bankAccounts)
	for i := range seed {
		seed[i] = txPut(table, Item{"pk": accountKey(i)["pk"], "balance": N(strconv.Itoa(bankInitial))})
	}
	mustTxWrite(t, c, seed...)

	var stats bankStats
	// Tokens are unique to this run: the server remembers them for 10 minutes.
	run := fmt.Sprintf("%016x", rand.Uint64())
	var budget atomic.Int64
	deadline := time.Now().Add(bankMaxDuration)
	logs := make([][]transfer, bankTransferers)
	var writers, readers sync.WaitGroup
	stop := make(chan struct{})
	for r := 0; r < bankReaders; r++ {
		readers.Add(1)
		go func() {
			defer readers.Done()
			bankReader(t, newClient(endpoint()), table, &stats, stop)
		}()
	}
	for w := 0; w < bankTransferers; w++ {
		writers.Add(1)
		go func(w int) {
			defer writers.Done()
			cl := newClient(endpoint())
			rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), uint64(w)))
			for {
				k := budget.Add(1)
				if k > bankMaxTransfers || time.Now().After(deadline) {
					return
				}
				from := rng.IntN(bankAccounts)
				to := (from + 1 + rng.IntN(bankAccounts-1)) % bankAccounts
				tr := transfer{from, to, 1 + rng.IntN(bankMaxAmount)}
				ok, err := bankTransfer(cl, table, tr, fmt.Sprintf("%s-%d", run, k), &stats)
				if err != nil {
					t.Errorf("transferer %d: %v", w, err)
					return
				}
				if ok {
					logs[w] = append(logs[w], tr)
				}
			}
		}(w)
	}
	writers.Wait()
	close(stop)
	readers.Wait()

	balances := bankSnapshot(t, c, table)
	want := make([]int, bankAccounts)
	for i := range want {
		want[i] = bankInitial
	}
	n := 0
	for _, log := range logs {
		for _, tr := range log {
			want[tr.from] -= tr.amount
			want[tr.to] += tr.amount
			n++
		}
	}
	if int64(n) != stats.committed.Load() {
		t.Errorf("%d transfers logged, %d committed", n, stats.committed.Load())
	}
	for i := range want {
		if balances[i] != want[i] {
			t.Errorf("account %d: balance %d, want %d from the committed transfers", i, balances[i], want[i])
		}
	}
	if n == 0 || stats.snapshots.Load() == 0 {
		t.Errorf("%d transfers committed and %d snapshots read; want some of each", n, stats.snapshots.Load())
	}
	t.Logf("%d transfers committed, %d declined, %d conflicts retried; %d snapshots read, %d reads retried",
		n, stats.declined.Load(), stats.conflicts.Load(), stats.snapshots.Load(), stats.readConflicts.Load())
}

// bankTransfer moves tr.amount unless the payer has less, retrying on
// transaction conflicts with a fresh token and on network errors with the
// same token, so that a transfer whose answer was lost is applied once. It
// reports whether the transfer committed; a declined one did not, and an
// error is anything DynamoDB should not have answered.
func bankTransfer(c *dynamodb.Client, table string, tr transfer, token string, stats *bankStats) (bool, error) {
	amt := Item{":amt": N(strconv.Itoa(tr.amount))}
	in := &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
		{Update: &types.Update{TableName: aws.String(table), Key: accountKey(tr.from),
			UpdateExpression: aws.String("SET balance = balance - :amt"), ConditionExpression: aws.String("balance >= :amt"),
			ExpressionAttributeValues: amt}},
		{Update: &types.Update{TableName: aws.String(table), Key: accountKey(tr.to),
			UpdateExpression: aws.String("SET balance = balance + :amt"), ConditionExpression: aws.String("attribute_exists(pk)"),
			ExpressionAttributeValues: amt}},
	}}
	attempt := 0
	for tries := 0; tries < 1000; tries++ {
		in.ClientRequestToken = aws.String(fmt.Sprintf("%s-%d", token, attempt))
		ctx, cancel := callCtx()
		_, err := c.TransactWriteItems(ctx, in)
		cancel()
		if err == nil {
			stats.committed.Add(1)
			return true, nil
		}
		var tce *types.TransactionCanceledException
		if errors.As(err, &tce) && len(tce.CancellationReasons) == 2 &&
			aws.ToString(tce.CancellationReasons[0].Code) == "ConditionalCheckFailed" && aws.ToString(tce.CancellationReasons[1].Code) == "None" {
			stats.declined.Add(1)
			return false, nil
		}
		retry, bad := isTxConflict(err)
		var ae smithy.APIError
		switch {
		case bad != "":
			return false, fmt.Errorf("transfer %+v: %v: %s", tr, err, bad)
		case retry:
			stats.conflicts.Add(1)
			attempt++
			backoff(tries)
		case !errors.As(err, &ae):
			// The outcome is unknown: ask again under the same token.
			backoff(tries)
		default:
			return false, fmt.Errorf("transfer %+v: %w", tr, err)
		}
	}
	return false, fmt.Errorf("transfer %+v: still conflicting after 1000 tries", tr)
}

// backoff sleeps a little longer after each try, with jitter, up to ~16 ms.
func backoff(try int) {
	limit := 1 << min(try, 4)
	time.Sleep(time.Duration(rand.IntN(limit*1000)+100) * time.Microsecond)
}

// bankReader reads all the accounts in one TransactGetItems until stop is
// closed, checking every snapshot.
func bankReader(t *testing.T, c *dynamodb.Client, table string, stats *bankStats, stop <-chan struct{}) {
	gets := make([]types.TransactGetItem, bankAccounts)
	for i := range gets {
		gets[i] = types.TransactGetItem{Get: &types.Get{TableName: aws.String(table), Key: accountKey(i)}}
	}
	for {
		select {
		case <-stop:
			return
		default:
		}
		ctx, cancel := callCtx()
		out, err := c.TransactGetItems(ctx, &dynamodb.TransactGetItemsInput{TransactItems: gets})
		cancel()
		if err != nil {
			retry, bad := isTxConflict(err)
			if bad != "" || !retry {
				t.Errorf("TransactGetItems: %v %s", err, bad)
				return
			}
			stats.readConflicts.Add(1)
			backoff(0)
			continue
		}
		balances, err := bankBalances(out.Responses)
		if err == nil {
			sum := 0
			for i, b := range balances {
				sum += b
				if b < 0 {
					err = fmt.Errorf("account %d has balance %d", i, b)
				}
			}
			if sum != bankAccounts*bankInitial {
				err = fmt.Errorf("balances sum to %d, want %d: %v", sum, bankAccounts*bankInitial, balances)
			}
		}
		if err != nil {
			t.Errorf("snapshot %d: %v", stats.snapshots.Load(), err)
			return
		}
		stats.snapshots.Add(1)
	}
}

// bankBalances decodes one response per account, in order.
func bankBalances(rs []types.ItemResponse) ([]int, error) {
	if len(rs) != bankAccounts {
		return nil, fmt.Errorf("%d responses, want %d", len(rs), bankAccounts)
	}
	out := make([]int, len(rs))
	for i, r := range rs {
		if pk, ok := r.Item["pk"].(*types.AttributeValueMemberS); !ok || pk.Value != fmt.Sprintf("acct-%02d", i) {
			return nil, fmt.Errorf("response %d is %s, want account %d", i, show(r.Item), i)
		}
		n, ok := r.Item["balance"].(*types.AttributeValueMemberN)
		if !ok {
			return nil, fmt.Errorf("account %d: %s has no numeric balance", i, show(r.Item))
		}
		v, err := strconv.Atoi(n.Value)
		if err != nil {
			return nil, fmt.Errorf("account %d: balance %q: %v", i, n.Value, err)
		}
		out[i] = v
	}
	return out, nil
}

// bankSnapshot reads all balances in one TransactGetItems, retrying on
// conflicts, and checks their total.
func bankSnapshot(t *testing.T, c *dynamodb.Client, table string) []int {
	t.Helper()
	gets := make([]types.TransactGetItem, bankAccounts)
	for i := range gets {
		gets[i] = txGet(table, accountKey(i))
	}
	out, err := c.TransactGetItems(ctxT(t), &dynamodb.TransactGetItemsInput{TransactItems: gets})
	if err != nil {
		t.Fatalf("final TransactGetItems: %v", err)
	}
	balances, err := bankBalances(out.Responses)
	if err != nil {
		t.Fatalf("final snapshot: %v", err)
	}
	sum := 0
	for _, b := range balances {
		sum += b
	}
	if sum != bankAccounts*bankInitial {
		t.Errorf("final balances sum to %d, want %d: %v", sum, bankAccounts*bankInitial, balances)
	}
	return balances
}
