package systemtest

// The lifecycle of Terraform's aws_dynamodb_table (hashicorp/terraform-provider-aws,
// internal/service/dynamodb: table.go, wait.go, status.go, find.go), replayed
// call by call through aws-sdk-go-v2, as the provider makes them: create
// with tags, table class, stream and a GSI, then the waits it polls
// (ACTIVE twice in a row, warm throughput ACTIVE, every GSI ACTIVE), TTL and
// point-in-time recovery each enabled and waited for; the refresh reads; a
// tag change and a capacity change with their waits; destroy, refused while
// deletion protection is on, then polled until the table is gone.

import (
	"errors"
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// tfPoll calls check every 20 ms until it reports done, as the provider's
// StateChangeConf waiters do, failing after timeout; need is how many
// successive done answers count (the provider's ContinuousTargetOccurence).
func tfPoll(t *testing.T, what string, need int, timeout time.Duration, check func() (bool, error)) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	seen := 0
	for {
		done, err := check()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if done {
			if seen++; seen >= need {
				return
			}
		} else {
			seen = 0
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not done after %v", what, timeout)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func tfTags(t *testing.T, c *dynamodb.Client, arn string) map[string]string {
	t.Helper()
	out := map[string]string{}
	in := &dynamodb.ListTagsOfResourceInput{ResourceArn: aws.String(arn)}
	for {
		page, err := c.ListTagsOfResource(ctxT(t), in)
		if err != nil {
			t.Fatalf("ListTagsOfResource: %v", err)
		}
		for _, tag := range page.Tags {
			out[aws.ToString(tag.Key)] = aws.ToString(tag.Value)
		}
		if page.NextToken == nil {
			return out
		}
		in.NextToken = page.NextToken
	}
}

func TestTerraformTableLifecycle(t *testing.T) {
	t.Parallel()
	c := client(t)
	name := tableName("tf")
	ctx := ctxT(t)

	// plan: the table does not exist yet.
	_, err := c.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(name)})
	var rnf *types.ResourceNotFoundException
	if !errors.As(err, &rnf) {
		t.Fatalf("DescribeTable before create: %v, want ResourceNotFoundException", err)
	}

	// create
	out, err := c.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName:   aws.String(name),
		BillingMode: types.BillingModeProvisioned,
		ProvisionedThroughput: &types.ProvisionedThroughput{
			ReadCapacityUnits: aws.Int64(5), WriteCapacityUnits: aws.Int64(5)},
		AttributeDefinitions: []types.AttributeDefinition{
			{AttributeName: aws.String("student_id"), AttributeType: types.ScalarAttributeTypeN},
			{AttributeName: aws.String("last_name"), AttributeType: types.ScalarAttributeTypeS},
		},
		KeySchema: []types.KeySchemaElement{{AttributeName: aws.String("student_id"), KeyType: types.KeyTypeHash}},
		GlobalSecondaryIndexes: []types.GlobalSecondaryIndex{{
			IndexName:  aws.String("by_last_name"),
			KeySchema:  []types.KeySchemaElement{{AttributeName: aws.String("last_name"), KeyType: types.KeyTypeHash}},
			Projection: &types.Projection{ProjectionType: types.ProjectionTypeAll},
			ProvisionedThroughput: &types.ProvisionedThroughput{
				ReadCapacityUnits: aws.Int64(5), WriteCapacityUnits: aws.Int64(5)},
		}},
		StreamSpecification:       &types.StreamSpecification{StreamEnabled: aws.Bool(true), StreamViewType: types.StreamViewTypeNewAndOldImages},
		TableClass:                types.TableClassStandard,
		DeletionProtectionEnabled: aws.Bool(true),
		Tags:                      []types.Tag{{Key: aws.String("Name"), Value: aws.String("students")}},
	})
	if err != nil {
		t.Fatalf("CreateTable: %v", err)
	}
	arn := aws.ToString(out.TableDescription.TableArn)
	describe := func() (*types.TableDescription, error) {
		d, err := c.DescribeTable(ctxT(t), &dynamodb.DescribeTableInput{TableName: aws.String(name)})
		if err != nil {
			return nil, err
		}
		return d.Table, nil
	}
	tfPoll(t, "table ACTIVE", 2, time.Minute, func() (bool, error) {
		d, err := describe()
		return err == nil && d.TableStatus == types.TableStatusActive, err
	})
	tfPoll(t, "warm throughput ACTIVE", 1, time.Minute, func() (bool, error) {
		d, err := describe()
		return err == nil && d.WarmThroughput != nil && d.WarmThroughput.Status == types.TableStatusActive, err
	})
	tfPoll(t, "GSIs ACTIVE", 1, time.Minute, func() (bool, error) {
		d, err := describe()
		if err != nil {
			return false, err
		}
		for _, g := range d.GlobalSecondaryIndexes {
			if g.IndexStatus != types.IndexStatusActive {
				return false, nil
			}
		}
		return len(d.GlobalSecondaryIndexes) == 1, nil
	})
	if _, err := c.UpdateTimeToLive(ctx, &dynamodb.UpdateTimeToLiveInput{TableName: aws.String(name),
		TimeToLiveSpecification: &types.TimeToLiveSpecification{AttributeName: aws.String("expires_at"), Enabled: aws.Bool(true)}}); err != nil {
		t.Fatalf("UpdateTimeToLive: %v", err)
	}
	tfPoll(t, "TTL ENABLED", 1, time.Minute, func() (bool, error) {
		d, err := c.DescribeTimeToLive(ctxT(t), &dynamodb.DescribeTimeToLiveInput{TableName: aws.String(name)})
		return err == nil && d.TimeToLiveDescription.TimeToLiveStatus == types.TimeToLiveStatusEnabled, err
	})
	if _, err := c.UpdateContinuousBackups(ctx, &dynamodb.UpdateContinuousBackupsInput{TableName: aws.String(name),
		PointInTimeRecoverySpecification: &types.PointInTimeRecoverySpecification{PointInTimeRecoveryEnabled: aws.Bool(true)}}); err != nil {
		t.Fatalf("UpdateContinuousBackups: %v", err)
	}
	tfPoll(t, "PITR ENABLED", 1, time.Minute, func() (bool, error) {
		d, err := c.DescribeContinuousBackups(ctxT(t), &dynamodb.DescribeContinuousBackupsInput{TableName: aws.String(name)})
		if err != nil {
			return false, err
		}
		p := d.ContinuousBackupsDescription.PointInTimeRecoveryDescription
		return p != nil && p.PointInTimeRecoveryStatus == types.PointInTimeRecoveryStatusEnabled, nil
	})

	// refresh: the fields the provider reads back.
	d, err := describe()
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(d.TableName) != name || d.ProvisionedThroughput == nil ||
		aws.ToInt64(d.ProvisionedThroughput.ReadCapacityUnits) != 5 || d.StreamSpecification == nil ||
		!aws.ToBool(d.StreamSpecification.StreamEnabled) || aws.ToString(d.LatestStreamArn) == "" ||
		d.TableClassSummary == nil || d.TableClassSummary.TableClass != types.TableClassStandard ||
		!aws.ToBool(d.DeletionProtectionEnabled) || len(d.KeySchema) != 1 || len(d.AttributeDefinitions) != 2 {
		t.Fatalf("refreshed table: %+v", d)
	}
	if got := tfTags(t, c, arn); !reflect.DeepEqual(got, map[string]string{"Name": "students"}) {
		t.Fatalf("tags after create: %v", got)
	}

	// update: tags, then capacity.
	if _, err := c.TagResource(ctx, &dynamodb.TagResourceInput{ResourceArn: aws.String(arn),
		Tags: []types.Tag{{Key: aws.String("Env"), Value: aws.String("test")}}}); err != nil {
		t.Fatalf("TagResource: %v", err)
	}
	if _, err := c.UntagResource(ctx, &dynamodb.UntagResourceInput{ResourceArn: aws.String(arn), TagKeys: []string{"Name"}}); err != nil {
		t.Fatalf("UntagResource: %v", err)
	}
	tfPoll(t, "tags updated", 1, time.Minute, func() (bool, error) {
		got := tfTags(t, c, arn)
		keys := make([]string, 0, len(got))
		for k := range got {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		return reflect.DeepEqual(keys, []string{"Env"}) && got["Env"] == "test", nil
	})
	if _, err := c.UpdateTable(ctx, &dynamodb.UpdateTableInput{TableName: aws.String(name),
		ProvisionedThroughput: &types.ProvisionedThroughput{ReadCapacityUnits: aws.Int64(10), WriteCapacityUnits: aws.Int64(10)}}); err != nil {
		t.Fatalf("UpdateTable: %v", err)
	}
	tfPoll(t, "table ACTIVE after update", 2, time.Minute, func() (bool, error) {
		d, err := describe()
		return err == nil && d.TableStatus == types.TableStatusActive && aws.ToInt64(d.ProvisionedThroughput.ReadCapacityUnits) == 10, err
	})

	// destroy: refused while protected, then gone.
	_, err = c.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: aws.String(name)})
	wantValidation(t, err, "Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.")
	if _, err := c.UpdateTable(ctx, &dynamodb.UpdateTableInput{TableName: aws.String(name), DeletionProtectionEnabled: aws.Bool(false)}); err != nil {
		t.Fatalf("UpdateTable deletion protection: %v", err)
	}
	tfPoll(t, "table ACTIVE", 2, time.Minute, func() (bool, error) {
		d, err := describe()
		return err == nil && d.TableStatus == types.TableStatusActive, err
	})
	if _, err := c.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: aws.String(name)}); err != nil {
		t.Fatalf("DeleteTable: %v", err)
	}
	tfPoll(t, "table gone", 1, time.Minute, func() (bool, error) {
		_, err := describe()
		if errors.As(err, &rnf) {
			return true, nil
		}
		return false, err
	})
}
