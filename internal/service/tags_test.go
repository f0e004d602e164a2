package service

import (
	"context"
	"testing"
	"time"

	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/apierr"
	"github.com/basalt-db/basalt/internal/catalog"
)

func TestTagsAbsentMembers(t *testing.T) {
	s := newItemsService(t)
	ctx := context.Background()
	arn := tableArn(defaultNS, "tbl")
	_, err := s.TagResource(ctx, &api.TagResourceInput{})
	wantAPIErr(t, err, apierr.Validation, "Invalid TableArn")
	empty := ""
	_, err = s.ListTagsOfResource(ctx, &api.ListTagsOfResourceInput{ResourceArn: &empty})
	wantAPIErr(t, err, apierr.AccessDenied, "User: arn:aws:iam::000000000000:root is not authorized to perform: dynamodb:ListTagsOfResource on resource: *")
	_, err = s.TagResource(ctx, &api.TagResourceInput{ResourceArn: &arn})
	wantAPIErr(t, err, apierr.Validation, "1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member must not be null")
	_, err = s.UntagResource(ctx, &api.UntagResourceInput{ResourceArn: &arn})
	wantAPIErr(t, err, apierr.Validation, "1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: Member must not be null")
	k := "k"
	_, err = s.TagResource(ctx, &api.TagResourceInput{ResourceArn: &arn, Tags: []api.TagMember{{Key: &k}}})
	wantAPIErr(t, err, apierr.Validation, "The Tag Value provided is invalid, Value: null")
	_, err = s.TagResource(ctx, &api.TagResourceInput{ResourceArn: &arn, Tags: []api.TagMember{{Value: &k}}})
	wantAPIErr(t, err, apierr.Validation, "The Tag Key provided is invalid, Key: null")
}

func TestValidTagText(t *testing.T) {
	for s, want := range map[string]bool{
		"": false, "a": true, "café 表": true, "a+b-c=d.e_f:g/h@i": true, "\u00a0": true,
		"a,b": false, "100%": false, "🔑": false, "a|b": false, "<a>": false,
	} {
		if got := validTagText(s, 1, 128); got != want {
			t.Errorf("validTagText(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestMergeTags(t *testing.T) {
	old := []catalog.Tag{{Key: "a", Value: "1"}, {Key: "b", Value: "2"}}
	got := mergeTags(old, []catalog.Tag{{Key: "b", Value: "3"}, {Key: "c", Value: "4"}})
	want := []catalog.Tag{{Key: "a", Value: "1"}, {Key: "b", Value: "3"}, {Key: "c", Value: "4"}}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
	if old[1].Value != "2" {
		t.Error("mergeTags changed its input")
	}
}

func TestContinuousBackupsWindow(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	d := continuousBackups(catalog.PITR{}, now)
	if d.ContinuousBackupsStatus != "ENABLED" || d.PointInTimeRecoveryDescription.PointInTimeRecoveryStatus != "DISABLED" ||
		d.PointInTimeRecoveryDescription.LatestRestorableDateTime != nil {
		t.Fatalf("disabled: %+v", d.PointInTimeRecoveryDescription)
	}
	// Enabled long ago: the window is the period, ending five minutes ago.
	p := continuousBackups(catalog.PITR{Enabled: true, PeriodDays: 7, Since: now.AddDate(0, 0, -30)}, now).PointInTimeRecoveryDescription
	if *p.EarliestRestorableDateTime != epoch(now.AddDate(0, 0, -7)) || *p.LatestRestorableDateTime != epoch(now.Add(-5*time.Minute)) || p.RecoveryPeriodInDays != 7 {
		t.Fatalf("old: %+v", p)
	}
	// Just enabled: the window starts at the enable time and never ends before it.
	p = continuousBackups(catalog.PITR{Enabled: true, PeriodDays: 35, Since: now.Add(-time.Minute)}, now).PointInTimeRecoveryDescription
	if *p.EarliestRestorableDateTime != epoch(now.Add(-time.Minute)) || *p.LatestRestorableDateTime != *p.EarliestRestorableDateTime {
		t.Fatalf("new: %+v", p)
	}
}

func TestLimitsAndEndpoints(t *testing.T) {
	s := newItemsService(t)
	l, _ := s.DescribeLimits(context.Background(), nil)
	if l.AccountMaxReadCapacityUnits != 80000 || l.TableMaxWriteCapacityUnits != 40000 {
		t.Errorf("limits %+v", l)
	}
	e, _ := s.DescribeEndpoints(context.Background(), nil)
	if len(e.Endpoints) != 1 || e.Endpoints[0].Address != "dynamodb.us-east-1.amazonaws.com" || e.Endpoints[0].CachePeriodInMinutes != 1440 {
		t.Errorf("endpoints %+v", e)
	}
}
