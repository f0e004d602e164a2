package systemtest

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

func tag(k, v string) types.Tag { return types.Tag{Key: aws.String(k), Value: aws.String(v)} }

func listTags(t *testing.T, c *dynamodb.Client, arn string) map[string]string {
	t.Helper()
	out, err := c.ListTagsOfResource(ctxT(t), &dynamodb.ListTagsOfResourceInput{ResourceArn: aws.String(arn)})
	if err != nil {
		t.Fatalf("ListTagsOfResource: %v", err)
	}
	if out.NextToken != nil {
		t.Errorf("NextToken = %q, want none", *out.NextToken)
	}
	m := map[string]string{}
	for _, tg := range out.Tags {
		m[*tg.Key] = *tg.Value
	}
	return m
}

func TestTagsLifecycle(t *testing.T) {
	c := client(t)
	name := hashTable(t, c)
	arn := *waitActive(t, c, name).TableArn
	if got := listTags(t, c, arn); len(got) != 0 {
		t.Fatalf("new table has tags %v", got)
	}
	_, err := c.TagResource(ctxT(t), &dynamodb.TagResourceInput{ResourceArn: aws.String(arn),
		Tags: []types.Tag{tag("env", "prod"), tag("team", "db"), tag("empty", ""), tag("ключ é", "a+b-c=d.e_f:g/h@i")}})
	if err != nil {
		t.Fatalf("TagResource: %v", err)
	}
	if _, err := c.TagResource(ctxT(t), &dynamodb.TagResourceInput{ResourceArn: aws.String(arn), Tags: []types.Tag{tag("env", "dev")}}); err != nil {
		t.Fatalf("TagResource overwrite: %v", err)
	}
	want := map[string]string{"env": "dev", "team": "db", "empty": "", "ключ é": "a+b-c=d.e_f:g/h@i"}
	if got := listTags(t, c, arn); !equalMaps(got, want) {
		t.Fatalf("tags = %v, want %v", got, want)
	}
	if _, err := c.UntagResource(ctxT(t), &dynamodb.UntagResourceInput{ResourceArn: aws.String(arn), TagKeys: []string{"team", "absent"}}); err != nil {
		t.Fatalf("UntagResource: %v", err)
	}
	delete(want, "team")
	if got := listTags(t, c, arn); !equalMaps(got, want) {
		t.Fatalf("after untag tags = %v, want %v", got, want)
	}
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func TestTagsFromCreateTable(t *testing.T) {
	c := client(t)
	name := tableName("tagcreate")
	out := mustCreateTable(t, c, &dynamodb.CreateTableInput{
		TableName: aws.String(name), BillingMode: types.BillingModePayPerRequest,
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("p"), AttributeType: types.ScalarAttributeTypeS}},
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("p"), KeyType: types.KeyTypeHash}},
		Tags:                 []types.Tag{tag("a", "1"), tag("b", "2")},
	})
	if got := listTags(t, c, *out.TableDescription.TableArn); !equalMaps(got, map[string]string{"a": "1", "b": "2"}) {
		t.Fatalf("tags = %v", got)
	}
}

func TestCreateTableTagLimits(t *testing.T) {
	c := client(t)
	var many []types.Tag
	for i := range 51 {
		many = append(many, tag("k"+strings.Repeat("x", i), "v"))
	}
	for _, tc := range []struct {
		tags []types.Tag
		msg  string
	}{
		{many, "Number of Tags exceed the current limit for the provided ResourceArn"},
		{[]types.Tag{tag("aws:x", "v")}, "Tag Key cannot be prefixed with aws:, Key: aws:x"},
		{[]types.Tag{tag("a", "1"), tag("a", "2")}, "Duplicate Tag Keys provided as input: Duplicate Tag Key found a"},
		{[]types.Tag{tag("a#", "1")}, "The Tag Key provided is invalid, Key: a#"},
	} {
		name := tableName("tagbad")
		_, err := c.CreateTable(ctxT(t), &dynamodb.CreateTableInput{
			TableName: aws.String(name), BillingMode: types.BillingModePayPerRequest,
			AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("p"), AttributeType: types.ScalarAttributeTypeS}},
			KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("p"), KeyType: types.KeyTypeHash}},
			Tags:                 tc.tags,
		})
		wantValidation(t, err, tc.msg)
		_, err = c.DescribeTable(ctxT(t), &dynamodb.DescribeTableInput{TableName: aws.String(name)})
		wantErr(t, err, "ResourceNotFoundException", "Requested resource not found: Table: "+name+" not found")
	}
}

func TestTagValidation(t *testing.T) {
	c := client(t)
	name := hashTable(t, c)
	arn := *waitActive(t, c, name).TableArn
	tagErr := func(tags ...types.Tag) error {
		if tags == nil {
			tags = []types.Tag{}
		}
		_, err := c.TagResource(ctxT(t), &dynamodb.TagResourceInput{ResourceArn: aws.String(arn), Tags: tags})
		return err
	}
	wantValidation(t, tagErr(), "Atleast one Tag needs to be provided as Input.")
	wantValidation(t, tagErr(tag(strings.Repeat("k", 129), "v")), "The Tag Key provided is invalid, Key: "+strings.Repeat("k", 129))
	wantValidation(t, tagErr(tag("k", strings.Repeat("v", 257))), "The Tag Value provided is invalid, Value: "+strings.Repeat("v", 257))
	wantValidation(t, tagErr(tag("ok", "good"), tag("aws:zzz", "v")), "Tag Key cannot be prefixed with aws:, Key: aws:zzz")
	wantValidation(t, tagErr(tag("dup", "1"), tag("dup", "2")), "Duplicate Tag Keys provided as input: Duplicate Tag Key found dup")
	wantValidation(t, tagErr(tag("k", "100%")), "The Tag Value provided is invalid, Value: 100%")
	if got := listTags(t, c, arn); len(got) != 0 {
		t.Fatalf("a refused request applied tags: %v", got)
	}
	if err := tagErr(tag(strings.Repeat("k", 128), strings.Repeat("v", 256))); err != nil {
		t.Fatalf("longest key and value: %v", err)
	}

	// 50 tags per table, counted after merging.
	var tags []types.Tag
	for i := range 49 {
		tags = append(tags, tag("t"+strings.Repeat("i", i), "v"))
	}
	if err := tagErr(tags...); err != nil {
		t.Fatalf("50 tags: %v", err)
	}
	if err := tagErr(tag("t", "overwrite")); err != nil {
		t.Fatalf("overwriting at the limit: %v", err)
	}
	wantValidation(t, tagErr(tag("one-more", "v")), "Number of Tags exceed the current limit for the provided ResourceArn")

	keys := make([]string, 51)
	for i := range keys {
		keys[i] = "k" + strings.Repeat("x", i)
	}
	_, err := c.UntagResource(ctxT(t), &dynamodb.UntagResourceInput{ResourceArn: aws.String(arn), TagKeys: keys})
	wantValidation(t, err, "Number of Tags exceed the current limit for the provided ResourceArn")
	_, err = c.UntagResource(ctxT(t), &dynamodb.UntagResourceInput{ResourceArn: aws.String(arn), TagKeys: []string{}})
	wantValidation(t, err, "Atleast one Tag Key needs to be provided as Input.")
	_, err = c.UntagResource(ctxT(t), &dynamodb.UntagResourceInput{ResourceArn: aws.String(arn), TagKeys: []string{strings.Repeat("k", 129)}})
	wantValidation(t, err, "The Tag Key provided is invalid, Key: "+strings.Repeat("k", 129))
}

func TestTagArns(t *testing.T) {
	c := client(t)
	name := hashTable(t, c)
	arn := *waitActive(t, c, name).TableArn
	prefix := strings.TrimSuffix(arn, name)
	missing := prefix + "no-such-table"
	for _, tc := range []struct{ arn, code, msg string }{
		{"abcd", "ValidationException", "One or more parameter values were invalid: ARNs must start with 'arn:': abcd"},
		{"arn:aws:s3:::bucket/x", "ValidationException", "One or more parameter values were invalid: Provided Arn is not a DynamoDB resource arn: arn:aws:s3:::bucket/x"},
		{arn + "/index/gsi", "ValidationException", "One or more parameter values were invalid: Invalid resource arn provided, only table or stream is accepted. Provided resource arn: " + arn + "/index/gsi"},
		{prefix + "ab", "ValidationException", "Invalid TableArn: Invalid ResourceArn provided as input " + prefix + "ab"},
		{strings.Replace(arn, "us-east-1", "eu-west-1", 1), "ValidationException", "Invalid TableArn: Invalid ResourceArn provided as input " + strings.Replace(arn, "us-east-1", "eu-west-1", 1)},
	} {
		_, err := c.ListTagsOfResource(ctxT(t), &dynamodb.ListTagsOfResourceInput{ResourceArn: aws.String(tc.arn)})
		wantErr(t, err, tc.code, tc.msg)
		_, err = c.TagResource(ctxT(t), &dynamodb.TagResourceInput{ResourceArn: aws.String(tc.arn), Tags: []types.Tag{tag("a", "b")}})
		wantErr(t, err, tc.code, tc.msg)
		_, err = c.UntagResource(ctxT(t), &dynamodb.UntagResourceInput{ResourceArn: aws.String(tc.arn), TagKeys: []string{"a"}})
		wantErr(t, err, tc.code, tc.msg)
	}
	_, err := c.ListTagsOfResource(ctxT(t), &dynamodb.ListTagsOfResourceInput{ResourceArn: aws.String(missing)})
	wantErr(t, err, "ResourceNotFoundException", "Requested resource not found: ResourcArn: "+missing+" not found")
	_, err = c.TagResource(ctxT(t), &dynamodb.TagResourceInput{ResourceArn: aws.String(missing), Tags: []types.Tag{tag("a", "b")}})
	wantErr(t, err, "ResourceNotFoundException", "Requested resource not found: ResourcArn: "+missing+" not found")
	_, err = c.UntagResource(ctxT(t), &dynamodb.UntagResourceInput{ResourceArn: aws.String(missing), TagKeys: []string{"a"}})
	wantErr(t, err, "ResourceNotFoundException", "Requested resource not found")
	// Tag validation comes before the table's existence.
	_, err = c.TagResource(ctxT(t), &dynamodb.TagResourceInput{ResourceArn: aws.String(missing), Tags: []types.Tag{}})
	wantValidation(t, err, "Atleast one Tag needs to be provided as Input.")
}
