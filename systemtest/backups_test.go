package systemtest

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

func pitr(enabled bool, days *int32) *types.PointInTimeRecoverySpecification {
	return &types.PointInTimeRecoverySpecification{PointInTimeRecoveryEnabled: aws.Bool(enabled), RecoveryPeriodInDays: days}
}

func TestBackupPITRLifecycle(t *testing.T) {
	c := client(t)
	name := hashTable(t, c)
	desc, err := c.DescribeContinuousBackups(ctxT(t), &dynamodb.DescribeContinuousBackupsInput{TableName: aws.String(name)})
	if err != nil {
		t.Fatal(err)
	}
	d := desc.ContinuousBackupsDescription
	if d.ContinuousBackupsStatus != types.ContinuousBackupsStatusEnabled ||
		d.PointInTimeRecoveryDescription.PointInTimeRecoveryStatus != types.PointInTimeRecoveryStatusDisabled ||
		d.PointInTimeRecoveryDescription.RecoveryPeriodInDays != nil || d.PointInTimeRecoveryDescription.EarliestRestorableDateTime != nil {
		t.Fatalf("fresh table: %+v %+v", d, d.PointInTimeRecoveryDescription)
	}

	before := time.Now().Add(-time.Second)
	up, err := c.UpdateContinuousBackups(ctxT(t), &dynamodb.UpdateContinuousBackupsInput{TableName: aws.String(name), PointInTimeRecoverySpecification: pitr(true, nil)})
	if err != nil {
		t.Fatal(err)
	}
	p := up.ContinuousBackupsDescription.PointInTimeRecoveryDescription
	if p.PointInTimeRecoveryStatus != types.PointInTimeRecoveryStatusEnabled || aws.ToInt32(p.RecoveryPeriodInDays) != 35 ||
		p.EarliestRestorableDateTime == nil || p.LatestRestorableDateTime == nil || p.EarliestRestorableDateTime.Before(before) {
		t.Fatalf("enabled: %+v", p)
	}

	// The period changes in place; the ARN works as TableName.
	arn := *waitActive(t, c, name).TableArn
	if _, err := c.UpdateContinuousBackups(ctxT(t), &dynamodb.UpdateContinuousBackupsInput{TableName: aws.String(arn), PointInTimeRecoverySpecification: pitr(true, aws.Int32(7))}); err != nil {
		t.Fatal(err)
	}
	desc, err = c.DescribeContinuousBackups(ctxT(t), &dynamodb.DescribeContinuousBackupsInput{TableName: aws.String(name)})
	if err != nil {
		t.Fatal(err)
	}
	if p := desc.ContinuousBackupsDescription.PointInTimeRecoveryDescription; aws.ToInt32(p.RecoveryPeriodInDays) != 7 || p.PointInTimeRecoveryStatus != types.PointInTimeRecoveryStatusEnabled {
		t.Fatalf("after period 7: %+v", p)
	}

	// Disabling forgets the period.
	if _, err := c.UpdateContinuousBackups(ctxT(t), &dynamodb.UpdateContinuousBackupsInput{TableName: aws.String(name), PointInTimeRecoverySpecification: pitr(false, nil)}); err != nil {
		t.Fatal(err)
	}
	up, err = c.UpdateContinuousBackups(ctxT(t), &dynamodb.UpdateContinuousBackupsInput{TableName: aws.String(name), PointInTimeRecoverySpecification: pitr(true, nil)})
	if err != nil {
		t.Fatal(err)
	}
	if p := up.ContinuousBackupsDescription.PointInTimeRecoveryDescription; aws.ToInt32(p.RecoveryPeriodInDays) != 35 {
		t.Fatalf("re-enabled period = %v", p.RecoveryPeriodInDays)
	}
}

func TestBackupPITRErrors(t *testing.T) {
	c := client(t)
	name := hashTable(t, c)
	update := func(table string, spec *types.PointInTimeRecoverySpecification) error {
		_, err := c.UpdateContinuousBackups(ctxT(t), &dynamodb.UpdateContinuousBackupsInput{TableName: aws.String(table), PointInTimeRecoverySpecification: spec})
		return err
	}
	wantValidation(t, update(name, pitr(true, aws.Int32(36))),
		"1 validation error detected: Value '36' at 'pointInTimeRecoverySpecification.recoveryPeriodInDays' failed to satisfy constraint: Member must have value less than or equal to 35")
	wantValidation(t, update(name, pitr(true, aws.Int32(0))),
		"1 validation error detected: Value '0' at 'pointInTimeRecoverySpecification.recoveryPeriodInDays' failed to satisfy constraint: Member must have value greater than or equal to 1")
	wantValidation(t, update(name, pitr(false, aws.Int32(7))),
		"Invalid Request: Cannot specify RecoveryPeriodInDays when disabling point-in-time recovery.")
	wantErr(t, update("no-such-table", pitr(true, nil)), "TableNotFoundException", "Table not found: no-such-table")
	_, err := c.DescribeContinuousBackups(ctxT(t), &dynamodb.DescribeContinuousBackupsInput{TableName: aws.String("no-such-table")})
	wantErr(t, err, "TableNotFoundException", "Table not found: no-such-table")
	_, err = c.DescribeContinuousBackups(ctxT(t), &dynamodb.DescribeContinuousBackupsInput{TableName: aws.String("ab")})
	wantValidation(t, err, "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3")
}

func TestLimitsDescribe(t *testing.T) {
	c := client(t)
	out, err := c.DescribeLimits(ctxT(t), &dynamodb.DescribeLimitsInput{})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToInt64(out.AccountMaxReadCapacityUnits) != 80000 || aws.ToInt64(out.AccountMaxWriteCapacityUnits) != 80000 ||
		aws.ToInt64(out.TableMaxReadCapacityUnits) != 40000 || aws.ToInt64(out.TableMaxWriteCapacityUnits) != 40000 {
		t.Fatalf("limits: %+v", out)
	}
}

func TestEndpointDescribe(t *testing.T) {
	c := client(t)
	out, err := c.DescribeEndpoints(ctxT(t), &dynamodb.DescribeEndpointsInput{})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Endpoints) != 1 || aws.ToString(out.Endpoints[0].Address) != "dynamodb."+testRegion+".amazonaws.com" || out.Endpoints[0].CachePeriodInMinutes != 1440 {
		t.Fatalf("endpoints: %+v", out.Endpoints)
	}
}
