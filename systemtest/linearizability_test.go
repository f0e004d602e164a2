package systemtest

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/anishathalye/porcupine"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"
)

// Single-key operations on a few keys from several clients, recorded with
// their call and return times and checked for linearizability against a
// register per key: strongly consistent reads must see the latest write, and
// a conditional write must act on the latest value.
const (
	linClients  = 8
	linKeys     = 3
	linMaxOps   = 2400
	linDuration = 4 * time.Second
)

// The kinds of operation in the history.
type linKind int

const (
	linPut      linKind = iota // PutItem
	linGet                     // GetItem, ConsistentRead
	linCAS                     // UpdateItem SET v = :new, condition v = :old
	linDelete                  // DeleteItem
	linTxCAS                   // TransactWriteItems of the same Update
	linTxGet                   // TransactGetItems of the key
	linTxPut                   // TransactWriteItems of a Put and a ConditionCheck of another item
	linNumKinds                // not an operation
)

// linInput is what a client asked; values are unique per write, 0 means
// the item is absent.
type linInput struct {
	kind     linKind
	key      int
	old, new int64
}

// linOutput is what the client was told. unknown marks an operation whose
// outcome never reached the client (a network error): it may or may not
// have taken effect, at any time after its call.
type linOutput struct {
	value   int64 // for reads
	ok      bool  // for conditional writes: the condition held
	unknown bool
}

var linModel = porcupine.Model{
	Partition: func(history []porcupine.Operation) [][]porcupine.Operation {
		parts := make([][]porcupine.Operation, linKeys)
		for _, op := range history {
			k := op.Input.(linInput).key
			parts[k] = append(parts[k], op)
		}
		return parts
	},
	Init: func() any { return int64(0) },
	Step: func(state, input, output any) (bool, any) {
		s, in, out := state.(int64), input.(linInput), output.(linOutput)
		switch in.kind {
		case linPut, linTxPut:
			return true, in.new
		case linDelete:
			return true, int64(0)
		case linGet, linTxGet:
			return out.value == s, s
		case linCAS, linTxCAS:
			switch {
			case out.unknown:
				if s == in.old {
					return true, in.new
				}
				return true, s
			case out.ok:
				return s == in.old, in.new
			default:
				return s != in.old, s
			}
		}
		return false, s
	},
	DescribeOperation: func(input, output any) string {
		in, out := input.(linInput), output.(linOutput)
		res := ""
		switch {
		case out.unknown:
			res = " -> ?"
		case in.kind == linGet || in.kind == linTxGet:
			res = fmt.Sprintf(" -> %d", out.value)
		case in.kind == linCAS || in.kind == linTxCAS:
			res = fmt.Sprintf(" -> %v", out.ok)
		}
		names := []string{"put", "get", "cas", "delete", "txcas", "txget", "txput"}
		return fmt.Sprintf("%s(k%d, old %d, new %d)%s", names[in.kind], in.key, in.old, in.new, res)
	},
}

func TestLinearizableSingleKeyOperations(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := hashTable(t, c)
	start := time.Now()
	deadline := start.Add(linDuration)
	var mu sync.Mutex
	var history []porcupine.Operation
	dropped := map[string]int{}
	var wg sync.WaitGroup
	for id := 0; id < linClients; id++ {
		wg.Add(1)
		go func(id int) {
			defer wg.Done()
			lc := &linClient{c: newClient(endpoint()), table: table, id: id,
				rng: rand.New(rand.NewPCG(uint64(start.UnixNano()), uint64(id))), last: make([]int64, linKeys)}
			for i := 0; ; i++ {
				mu.Lock()
				full := len(history) >= linMaxOps
				mu.Unlock()
				if full || time.Now().After(deadline) {
					return
				}
				in := lc.next(int64(id+1)*1_000_000 + int64(i) + 1)
				call := time.Since(start).Nanoseconds()
				out, drop, err := lc.do(in)
				ret := time.Since(start).Nanoseconds()
				if err != nil {
					t.Errorf("client %d: %v", id, err)
					return
				}
				mu.Lock()
				if drop != "" {
					dropped[drop]++
				} else {
					if out.unknown {
						ret = math.MaxInt64
					}
					history = append(history, porcupine.Operation{ClientId: id, Input: in, Call: call, Output: out, Return: ret})
				}
				mu.Unlock()
			}
		}(id)
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	kinds := make([]int, linNumKinds)
	for _, op := range history {
		kinds[op.Input.(linInput).kind]++
	}
	t.Logf("%d operations (put, get, cas, delete, txcas, txget, txput: %v) in %v; not applied: %v",
		len(history), kinds, time.Since(start).Round(time.Millisecond), dropped)
	res, info := porcupine.CheckOperationsVerbose(linModel, history, 60*time.Second)
	if res != porcupine.Ok {
		path := filepath.Join(os.TempDir(), fmt.Sprintf("basalt-linearizability-%d.html", time.Now().UnixNano()))
		if err := porcupine.VisualizePath(linModel, info, path); err != nil {
			t.Logf("visualizing the history: %v", err)
		}
		t.Fatalf("history of %d operations is %s, want Ok; see %s", len(history), res, path)
	}
}

// linClient issues random operations and remembers the last value it saw
// of each key, the old value its conditional writes expect.
type linClient struct {
	c     *dynamodb.Client
	table string
	id    int
	rng   *rand.Rand
	last  []int64
}

func (lc *linClient) next(value int64) linInput {
	in := linInput{key: lc.rng.IntN(linKeys), new: value}
	switch p := lc.rng.IntN(100); {
	case p < 20:
		in.kind = linPut
	case p < 45:
		in.kind = linGet
	case p < 70:
		in.kind = linCAS
	case p < 75:
		in.kind = linDelete
	case p < 87:
		in.kind = linTxCAS
	case p < 94:
		in.kind = linTxGet
	default:
		in.kind = linTxPut
	}
	in.old = lc.last[in.key]
	return in
}

func (lc *linClient) key(k int) Item { return Item{"pk": S(fmt.Sprint("lin", k))} }

// casUpdate is the conditional update, by UpdateItem or in a transaction:
// SET v = :new if v = :old, or if the item is absent when old is 0.
func (lc *linClient) casUpdate(in linInput) (cond string, values Item) {
	if in.old == 0 {
		return "attribute_not_exists(v)", Item{":new": N(strconv.FormatInt(in.new, 10))}
	}
	return "v = :old", Item{":new": N(strconv.FormatInt(in.new, 10)), ":old": N(strconv.FormatInt(in.old, 10))}
}

// do runs in. drop names why an operation is left out of the history: it
// was refused for a transaction in flight, so it had no effect and saw
// nothing. err is any answer DynamoDB should not have given.
func (lc *linClient) do(in linInput) (out linOutput, drop string, err error) {
	ctx, cancel := callCtx()
	defer cancel()
	table, key := aws.String(lc.table), lc.key(in.key)
	newItem := Item{"pk": key["pk"], "v": N(strconv.FormatInt(in.new, 10))}
	var value Item
	switch in.kind {
	case linPut:
		_, err = lc.c.PutItem(ctx, &dynamodb.PutItemInput{TableName: table, Item: newItem})
	case linDelete:
		_, err = lc.c.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: table, Key: key})
	case linGet:
		var o *dynamodb.GetItemOutput
		if o, err = lc.c.GetItem(ctx, &dynamodb.GetItemInput{TableName: table, Key: key, ConsistentRead: aws.Bool(true)}); err == nil {
			value = o.Item
		}
	case linCAS:
		cond, values := lc.casUpdate(in)
		_, err = lc.c.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: table, Key: key, UpdateExpression: aws.String("SET v = :new"),
			ConditionExpression: aws.String(cond), ExpressionAttributeValues: values})
	case linTxCAS:
		cond, values := lc.casUpdate(in)
		_, err = lc.c.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
			{Update: &types.Update{TableName: table, Key: key, UpdateExpression: aws.String("SET v = :new"),
				ConditionExpression: aws.String(cond), ExpressionAttributeValues: values}}}})
	case linTxGet:
		var o *dynamodb.TransactGetItemsOutput
		if o, err = lc.c.TransactGetItems(ctx, &dynamodb.TransactGetItemsInput{TransactItems: []types.TransactGetItem{txGet(lc.table, key)}}); err == nil {
			if len(o.Responses) != 1 {
				return out, "", fmt.Errorf("TransactGetItems: %d responses, want 1", len(o.Responses))
			}
			value = o.Responses[0].Item
		}
	case linTxPut:
		// A Put with a ConditionCheck of an item of the client's own that
		// always holds: a two-item transaction acting on one register.
		_, err = lc.c.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
			txPut(lc.table, newItem),
			txCheck(lc.table, Item{"pk": S(fmt.Sprint("client", lc.id))}, "attribute_not_exists(v)", nil)}})
	}
	if err == nil {
		out.ok = true
		if in.kind == linGet || in.kind == linTxGet {
			if out.value, err = linValue(value); err != nil {
				return out, "", err
			}
		}
		lc.remember(in, out)
		return out, "", nil
	}
	return lc.failed(in, err)
}

// failed classifies an error of in.
func (lc *linClient) failed(in linInput, err error) (linOutput, string, error) {
	var ccf *types.ConditionalCheckFailedException
	var tce *types.TransactionCanceledException
	var ae smithy.APIError
	switch {
	case in.kind == linCAS && errors.As(err, &ccf):
		return linOutput{ok: false}, "", nil
	case in.kind == linTxCAS && errors.As(err, &tce) && len(tce.CancellationReasons) == 1 &&
		aws.ToString(tce.CancellationReasons[0].Code) == "ConditionalCheckFailed":
		return linOutput{ok: false}, "", nil
	}
	if retry, bad := isTxConflict(err); bad != "" {
		return linOutput{}, "", fmt.Errorf("%+v: %v: %s", in, err, bad)
	} else if retry {
		return linOutput{}, fmt.Sprintf("kind %d: conflict", in.kind), nil
	}
	if !errors.As(err, &ae) {
		if in.kind == linGet || in.kind == linTxGet {
			return linOutput{}, "read: network error", nil // a read with no answer constrains nothing
		}
		return linOutput{unknown: true}, "", nil
	}
	return linOutput{}, "", fmt.Errorf("%+v: %w", in, err)
}

// remember keeps the value a successful operation left or saw.
func (lc *linClient) remember(in linInput, out linOutput) {
	switch in.kind {
	case linPut, linTxPut, linCAS, linTxCAS:
		lc.last[in.key] = in.new
	case linDelete:
		lc.last[in.key] = 0
	case linGet, linTxGet:
		lc.last[in.key] = out.value
	}
}

// linValue is the register value of a read item: 0 when it is absent.
func linValue(it Item) (int64, error) {
	if it == nil {
		return 0, nil
	}
	n, ok := it["v"].(*types.AttributeValueMemberN)
	if !ok {
		return 0, fmt.Errorf("item %s has no numeric v", show(it))
	}
	return strconv.ParseInt(n.Value, 10, 64)
}

// TestLinearizabilityModel checks the checker: the register model must
// reject a stale read and a CAS that acted on a stale value, and accept
// concurrent operations in either order and an unknown write either way.
func TestLinearizabilityModel(t *testing.T) {
	t.Parallel()
	op := func(client int, in linInput, call int64, out linOutput, ret int64) porcupine.Operation {
		return porcupine.Operation{ClientId: client, Input: in, Call: call, Output: out, Return: ret}
	}
	put := func(v int64) linInput { return linInput{kind: linPut, new: v} }
	getK := linInput{kind: linGet}
	cas := func(old, v int64) linInput { return linInput{kind: linCAS, old: old, new: v} }
	cases := []struct {
		name    string
		history []porcupine.Operation
		ok      bool
	}{
		{"stale read", []porcupine.Operation{op(0, put(1), 0, linOutput{ok: true}, 10), op(1, getK, 20, linOutput{value: 0}, 30)}, false},
		{"concurrent read", []porcupine.Operation{op(0, put(1), 0, linOutput{ok: true}, 30), op(1, getK, 10, linOutput{value: 0}, 20)}, true},
		{"CAS on a stale value", []porcupine.Operation{op(0, put(1), 0, linOutput{ok: true}, 10), op(0, put(2), 20, linOutput{ok: true}, 30),
			op(1, cas(1, 3), 40, linOutput{ok: true}, 50)}, false},
		{"failed CAS on the current value", []porcupine.Operation{op(0, put(1), 0, linOutput{ok: true}, 10),
			op(1, cas(1, 3), 20, linOutput{ok: false}, 30)}, false},
		{"unknown write seen", []porcupine.Operation{op(0, put(1), 0, linOutput{unknown: true}, math.MaxInt64),
			op(1, getK, 20, linOutput{value: 1}, 30)}, true},
		{"unknown write not seen", []porcupine.Operation{op(0, put(1), 0, linOutput{unknown: true}, math.MaxInt64),
			op(1, getK, 20, linOutput{value: 0}, 30)}, true},
		{"unknown write undone", []porcupine.Operation{op(0, put(1), 0, linOutput{unknown: true}, math.MaxInt64),
			op(1, getK, 20, linOutput{value: 1}, 30), op(1, getK, 40, linOutput{value: 0}, 50)}, false},
	}
	for _, tc := range cases {
		if got := porcupine.CheckOperations(linModel, tc.history); got != tc.ok {
			t.Errorf("%s: linearizable = %v, want %v", tc.name, got, tc.ok)
		}
	}
}
