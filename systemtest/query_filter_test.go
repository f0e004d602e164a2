package systemtest

// Query: FilterExpression and QueryFilter (see query_test.go for where the
// messages come from).

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

func TestQueryFilters(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := qsSeedNumeric(t, c)
	keyP := Item{":p": S("p")}
	withP := func(extra Item) Item {
		out := Item{":p": S("p")}
		for k, v := range extra {
			out[k] = v
		}
		return out
	}
	n := len(qsNumbers)
	var even, odd []string
	for i, s := range qsNumbers {
		if i%2 == 0 {
			even = append(even, s)
		} else {
			odd = append(odd, s)
		}
	}
	t.Run("FilterExpression", func(t *testing.T) {
		out := qsQuery(t, c, dynamodb.QueryInput{TableName: aws.String(table), KeyConditionExpression: aws.String("pk = :p"),
			FilterExpression: aws.String("tag = :t"), ExpressionAttributeValues: withP(Item{":t": S("odd")})})
		if got := qsVals(out.Items, "sk"); !qsEq(got, odd) || out.Count != int32(len(odd)) || out.ScannedCount != int32(n) {
			t.Errorf("filter tag=odd: %v Count %d ScannedCount %d; want %v, %d, %d", got, out.Count, out.ScannedCount, odd, len(odd), n)
		}
		out = qsQuery(t, c, dynamodb.QueryInput{TableName: aws.String(table), KeyConditionExpression: aws.String("pk = :p AND sk > :z"),
			FilterExpression: aws.String("v >= :a AND (tag = :t OR attribute_not_exists(tag))"), ExpressionAttributeValues: withP(Item{":z": N("0"), ":a": N("6"), ":t": S("even")})})
		if got, want := qsVals(out.Items, "sk"), []string{"2", "15.5"}; !qsEq(got, want) || out.ScannedCount != 6 {
			t.Errorf("compound filter: %v ScannedCount %d, want %v, 6", got, out.ScannedCount, want)
		}
		out = qsQuery(t, c, dynamodb.QueryInput{TableName: aws.String(table), KeyConditionExpression: aws.String("pk = :p"),
			FilterExpression: aws.String("attribute_exists(nothing)"), ExpressionAttributeValues: keyP})
		if len(out.Items) != 0 || out.Items == nil || out.Count != 0 || out.ScannedCount != int32(n) {
			t.Errorf("filter matching nothing: %d items (nil=%v) Count %d ScannedCount %d", len(out.Items), out.Items == nil, out.Count, out.ScannedCount)
		}
	})
	t.Run("Limit counts items read before the filter", func(t *testing.T) {
		in := dynamodb.QueryInput{TableName: aws.String(table), KeyConditionExpression: aws.String("pk = :p"), Limit: aws.Int32(3),
			FilterExpression: aws.String("tag = :t"), ExpressionAttributeValues: withP(Item{":t": S("even")})}
		out := qsQuery(t, c, in)
		if got := qsVals(out.Items, "sk"); !qsEq(got, []string{qsNumbers[0], qsNumbers[2]}) || out.ScannedCount != 3 || out.Count != 2 {
			t.Errorf("first page: %v Count %d ScannedCount %d", got, out.Count, out.ScannedCount)
		}
		// The LastEvaluatedKey is the last item read, even though the filter
		// dropped it.
		wantItem(t, out.LastEvaluatedKey, Item{"pk": S("p"), "sk": N(qsNumbers[2])})
		in.Limit = aws.Int32(2)
		in.ExclusiveStartKey = nil
		out = qsQuery(t, c, in)
		wantItem(t, out.LastEvaluatedKey, Item{"pk": S("p"), "sk": N(qsNumbers[1])})
		if got := qsVals(qsQueryItems(t, c, in), "sk"); !qsEq(got, even) {
			t.Errorf("paged with filter: %v, want %v", got, even)
		}
	})
	t.Run("legacy QueryFilter", func(t *testing.T) {
		kc := map[string]types.Condition{"pk": cond(types.ComparisonOperatorEq, S("p"))}
		cases := []struct {
			name   string
			filter map[string]types.Condition
			op     types.ConditionalOperator
			want   []string
		}{
			{"EQ", map[string]types.Condition{"tag": cond(types.ComparisonOperatorEq, S("even"))}, "", even},
			{"AND by default", map[string]types.Condition{"tag": cond(types.ComparisonOperatorEq, S("even")), "v": cond(types.ComparisonOperatorLt, N("4"))}, "", []string{qsNumbers[0], qsNumbers[2]}},
			{"AND", map[string]types.Condition{"tag": cond(types.ComparisonOperatorEq, S("even")), "v": cond(types.ComparisonOperatorLt, N("4"))}, types.ConditionalOperatorAnd, []string{qsNumbers[0], qsNumbers[2]}},
			{"OR", map[string]types.Condition{"tag": cond(types.ComparisonOperatorEq, S("even")), "v": cond(types.ComparisonOperatorGe, N("8"))}, types.ConditionalOperatorOr,
				[]string{qsNumbers[0], qsNumbers[2], qsNumbers[4], qsNumbers[6], qsNumbers[8], qsNumbers[9]}},
			{"NOT_NULL", map[string]types.Condition{"tag": cond(types.ComparisonOperatorNotNull)}, "", qsNumbers},
			{"NULL", map[string]types.Condition{"tag": cond(types.ComparisonOperatorNull)}, "", []string{}},
			{"BETWEEN", map[string]types.Condition{"v": cond(types.ComparisonOperatorBetween, N("2"), N("4"))}, "", qsNumbers[2:5]},
			{"IN", map[string]types.Condition{"v": cond(types.ComparisonOperatorIn, N("1"), N("9"))}, "", []string{qsNumbers[1], qsNumbers[9]}},
		}
		for _, tc := range cases {
			out := qsQuery(t, c, dynamodb.QueryInput{TableName: aws.String(table), KeyConditions: kc, QueryFilter: tc.filter, ConditionalOperator: tc.op})
			if got := qsVals(out.Items, "sk"); !qsEq(got, tc.want) || out.ScannedCount != int32(n) {
				t.Errorf("%s: %v ScannedCount %d, want %v, %d", tc.name, got, out.ScannedCount, tc.want, n)
			}
		}
	})
	t.Run("filters may not name key attributes", func(t *testing.T) {
		cases := []struct {
			filter string
			msg    string
		}{
			{"pk = :p", "Filter Expression can only contain non-primary key attributes: Primary key attribute: pk"},
			{"sk > :z", "Filter Expression can only contain non-primary key attributes: Primary key attribute: sk"},
			{"v = :z OR attribute_exists(sk)", "Filter Expression can only contain non-primary key attributes: Primary key attribute: sk"},
		}
		for _, tc := range cases {
			vals := withP(nil)
			if strings.Contains(tc.filter, ":z") {
				vals[":z"] = N("0")
			}
			_, err := c.Query(ctxT(t), &dynamodb.QueryInput{TableName: aws.String(table), KeyConditionExpression: aws.String("pk = :p"),
				FilterExpression: aws.String(tc.filter), ExpressionAttributeValues: vals})
			wantValidation(t, err, tc.msg)
		}
		_, err := c.Query(ctxT(t), &dynamodb.QueryInput{TableName: aws.String(table),
			KeyConditions: map[string]types.Condition{"pk": cond(types.ComparisonOperatorEq, S("p"))},
			QueryFilter:   map[string]types.Condition{"sk": cond(types.ComparisonOperatorGt, N("0"))}})
		wantValidation(t, err, "QueryFilter can only contain non-primary key attributes: Primary key attribute: sk")
		_, err = c.Query(ctxT(t), &dynamodb.QueryInput{TableName: aws.String(table),
			KeyConditions: map[string]types.Condition{"pk": cond(types.ComparisonOperatorEq, S("p"))},
			QueryFilter:   map[string]types.Condition{"pk": cond(types.ComparisonOperatorEq, S("p"))}})
		wantValidation(t, err, "QueryFilter can only contain non-primary key attributes: Primary key attribute: pk")
	})
	t.Run("filter syntax error", func(t *testing.T) {
		_, err := c.Query(ctxT(t), &dynamodb.QueryInput{TableName: aws.String(table), KeyConditionExpression: aws.String("pk = :p"),
			FilterExpression: aws.String("v = = 1"), ExpressionAttributeValues: keyP})
		wantErrPrefix(t, err, "ValidationException", "Invalid FilterExpression: Syntax error; ")
	})
}
