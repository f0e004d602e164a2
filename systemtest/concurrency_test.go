package systemtest

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

func TestConcurrentAtomicCounter(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := hashTable(t, c)
	const workers, perWorker = 50, 100
	key := Item{"pk": S("counter")}
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < perWorker; i++ {
				_, err := c.UpdateItem(ctxT(t), &dynamodb.UpdateItemInput{
					TableName:                 aws.String(table),
					Key:                       key,
					UpdateExpression:          aws.String("ADD n :one"),
					ExpressionAttributeValues: Item{":one": N("1")},
				})
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("UpdateItem: %v", err)
	}
	wantItem(t, get(t, c, table, key), Item{"pk": S("counter"), "n": N(fmt.Sprint(workers * perWorker))})
}

func TestConcurrentConditionalCreate(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := hashTable(t, c)
	const racers = 50
	for round := 0; round < 3; round++ {
		key := S(fmt.Sprintf("race-%d", round))
		var wg sync.WaitGroup
		start := make(chan struct{})
		results := make([]error, racers)
		for r := 0; r < racers; r++ {
			wg.Add(1)
			go func(r int) {
				defer wg.Done()
				<-start
				_, results[r] = c.PutItem(ctxT(t), &dynamodb.PutItemInput{
					TableName:           aws.String(table),
					Item:                Item{"pk": key, "winner": N(fmt.Sprint(r))},
					ConditionExpression: aws.String("attribute_not_exists(pk)"),
				})
			}(r)
		}
		close(start)
		wg.Wait()
		winners, losers := -1, 0
		for r, err := range results {
			var ccf *types.ConditionalCheckFailedException
			switch {
			case err == nil:
				if winners >= 0 {
					t.Errorf("round %d: both %d and %d succeeded", round, winners, r)
				}
				winners = r
			case errors.As(err, &ccf):
				losers++
			default:
				t.Errorf("round %d racer %d: %v", round, r, err)
			}
		}
		if winners < 0 || losers != racers-1 {
			t.Fatalf("round %d: winner %d, %d ConditionalCheckFailedException; want exactly one winner and %d", round, winners, losers, racers-1)
		}
		wantItem(t, get(t, c, table, Item{"pk": key}), Item{"pk": key, "winner": N(fmt.Sprint(winners))})
	}
}

func TestConcurrentWritersDistinctKeys(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := rangeTable(t, c)
	const workers, perWorker = 20, 50
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < perWorker; i++ {
				_, err := c.PutItem(ctxT(t), &dynamodb.PutItemInput{TableName: aws.String(table),
					Item: Item{"pk": S(fmt.Sprint("w", w)), "sk": N(fmt.Sprint(i)), "v": N(fmt.Sprint(w * i))}})
				if err != nil {
					errs <- err
					return
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("PutItem: %v", err)
	}
	for w := 0; w < workers; w++ {
		for i := 0; i < perWorker; i += 7 {
			key := Item{"pk": S(fmt.Sprint("w", w)), "sk": N(fmt.Sprint(i))}
			wantItem(t, get(t, c, table, key), Item{"pk": key["pk"], "sk": key["sk"], "v": N(fmt.Sprint(w * i))})
		}
	}
}
