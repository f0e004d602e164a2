package service

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/apierr"
	"github.com/basalt-db/basalt/internal/attr"
)

func enableTTL(t *testing.T, s *Service, table, attrName string) {
	t.Helper()
	_, err := s.UpdateTimeToLive(context.Background(), &api.UpdateTimeToLiveInput{TableName: table,
		TimeToLiveSpecification: &api.TimeToLiveSpecification{AttributeName: strp(attrName), Enabled: boolp(true)}})
	if err != nil {
		t.Fatal(err)
	}
}

func ttlStatus(t *testing.T, s *Service, table string) api.TimeToLiveDescription {
	t.Helper()
	out, err := s.DescribeTimeToLive(context.Background(), &api.DescribeTimeToLiveInput{TableName: table})
	if err != nil {
		t.Fatal(err)
	}
	return *out.TimeToLiveDescription
}

func TestTTLSweepExpiryEdgeCases(t *testing.T) {
	clk := newTestClock()
	s, st := newTableService(t, Options{Now: clk.Now, TTLInterval: time.Hour})
	mustCreate(t, s, plainTable("ttl1"))
	addGSI(t, s, "ttl1")
	s.catalog.WaitBackground()
	enableTTL(t, s, "ttl1", "exp")
	now := clk.Now().Unix()
	cases := []struct {
		exp  *attr.Value
		keep bool
	}{
		{ptrV(attr.Num(strconv.FormatInt(now-10, 10))), false},           // in the past
		{ptrV(attr.Num(strconv.FormatInt(now, 10))), false},              // exactly now
		{ptrV(attr.Num(strconv.FormatInt(now, 10) + ".5")), true},        // half a second ahead
		{ptrV(attr.Num(strconv.FormatInt(now+10, 10))), true},            // in the future
		{ptrV(attr.Str(strconv.FormatInt(now-10, 10))), true},            // a string
		{ptrV(attr.Value{Kind: attr.KindNS, Strs: []string{"1"}}), true}, // a number set
		{nil, true}, // missing
	}
	for i, c := range cases {
		item := attr.Item{"pk": attr.Str(fmt.Sprint("p", i)), "sk": attr.Num("1"), "g": attr.Str("g")}
		if c.exp != nil {
			item["exp"] = *c.exp
		}
		if _, err := s.PutItem(context.Background(), &api.PutItemInput{TableName: "ttl1", Item: item}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.sweepTTL(context.Background()); err != nil {
		t.Fatal(err)
	}
	for i, c := range cases {
		out, err := s.GetItem(context.Background(), &api.GetItemInput{TableName: "ttl1", Key: key(fmt.Sprint("p", i), "1")})
		if err != nil {
			t.Fatal(err)
		}
		if (out.Item != nil) != c.keep {
			t.Errorf("case %d (%v): kept = %v, want %v", i, c.exp, out.Item != nil, c.keep)
		}
	}
	tab, _ := s.catalog.Lookup(defaultNS, "ttl1")
	if n := countRange(t, st, tab.ID, 0); n != 5 {
		t.Errorf("index entries = %d, want 5", n)
	}
	d := mustDescribe(t, s, "ttl1")
	if d.ItemCount != 5 || d.GlobalSecondaryIndexes[0].ItemCount != 5 {
		t.Errorf("ItemCount table %d index %d, want 5 and 5", d.ItemCount, d.GlobalSecondaryIndexes[0].ItemCount)
	}
	// Time passes: the future item expires at the next sweep.
	clk.Advance(11 * time.Second)
	if err := s.sweepTTL(context.Background()); err != nil {
		t.Fatal(err)
	}
	if d := mustDescribe(t, s, "ttl1"); d.ItemCount != 3 {
		t.Errorf("ItemCount after the later sweep = %d, want 3", d.ItemCount)
	}
}

func ptrV(v attr.Value) *attr.Value { return &v }

func TestTTLSweepPagesAndSkipsDisabledTables(t *testing.T) {
	clk := newTestClock()
	s, _ := newTableService(t, Options{Now: clk.Now, TTLInterval: time.Hour})
	mustCreate(t, s, plainTable("ttlon"))
	mustCreate(t, s, plainTable("ttloff"))
	enableTTL(t, s, "ttlon", "exp")
	past := attr.Num(strconv.FormatInt(clk.Now().Unix()-1, 10))
	n := 2*ttlScanPage + 3
	for _, table := range []string{"ttlon", "ttloff"} {
		for i := 0; i < n; i++ {
			item := key(fmt.Sprint("p", i), "1")
			if i%2 == 0 {
				item["exp"] = past
			}
			if _, err := s.PutItem(context.Background(), &api.PutItemInput{TableName: table, Item: item}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := s.sweepTTL(context.Background()); err != nil {
		t.Fatal(err)
	}
	if d := mustDescribe(t, s, "ttlon"); d.ItemCount != int64(n/2) {
		t.Errorf("ttlon ItemCount = %d, want %d", d.ItemCount, n/2)
	}
	if d := mustDescribe(t, s, "ttloff"); d.ItemCount != int64(n) {
		t.Errorf("ttloff ItemCount = %d, want %d", d.ItemCount, n)
	}
}

func TestTTLSweeperRunsInBackground(t *testing.T) {
	s, _ := newTableService(t, Options{TTLInterval: 10 * time.Millisecond})
	mustCreate(t, s, plainTable("ttlbg"))
	enableTTL(t, s, "ttlbg", "exp")
	item := key("a", "1")
	item["exp"] = attr.Num("1")
	if _, err := s.PutItem(context.Background(), &api.PutItemInput{TableName: "ttlbg", Item: item}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for mustDescribe(t, s, "ttlbg").ItemCount != 0 {
		if time.Now().After(deadline) {
			t.Fatal("the expired item was not deleted")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestUpdateTimeToLiveRules(t *testing.T) {
	clk := newTestClock()
	st := newMemStore(t)
	s := openService(t, st, Options{Now: clk.Now, TTLInterval: time.Hour, TransitionDelay: time.Second})
	mustCreate(t, s, plainTable("ttlr"))
	clk.Advance(time.Second)
	upd := func(table string, spec *api.TimeToLiveSpecification) error {
		_, err := s.UpdateTimeToLive(context.Background(), &api.UpdateTimeToLiveInput{TableName: table, TimeToLiveSpecification: spec})
		return err
	}
	on := func(a string) *api.TimeToLiveSpecification {
		return &api.TimeToLiveSpecification{AttributeName: strp(a), Enabled: boolp(true)}
	}
	off := func(a string) *api.TimeToLiveSpecification {
		return &api.TimeToLiveSpecification{AttributeName: strp(a), Enabled: boolp(false)}
	}
	checkErr(t, upd("", on("a")), ve, "The parameter 'TableName' is required but was not present in the request")
	checkErr(t, upd("ttlr", nil), ve, "1 validation error detected: Value null at 'timeToLiveSpecification' failed to satisfy constraint: Member must not be null")
	checkErr(t, upd("ttlr", &api.TimeToLiveSpecification{}), ve, "2 validation errors detected: "+
		"Value null at 'timeToLiveSpecification.enabled' failed to satisfy constraint: Member must not be null; "+
		"Value null at 'timeToLiveSpecification.attributeName' failed to satisfy constraint: Member must not be null")
	checkErr(t, upd("ttlr", on("")), ve, msgTTLEmptyAttribute)
	long := strings.Repeat("a", 256)
	checkErr(t, upd("ttlr", on(long)), ve, "1 validation error detected: Value '"+long+
		"' at 'timeToLiveSpecification.attributeName' failed to satisfy constraint: Member must have length less than or equal to 255")
	checkErr(t, upd("nope", on("a")), apierr.ResourceNotFound, "Requested resource not found: Table: nope not found")
	checkErr(t, upd("ttlr", off("a")), ve, msgTTLAlreadyDisabled)
	if got := ttlStatus(t, s, "ttlr"); got != (api.TimeToLiveDescription{TimeToLiveStatus: "DISABLED"}) {
		t.Fatalf("fresh table: %+v", got)
	}
	if err := upd("ttlr", on("exp")); err != nil {
		t.Fatal(err)
	}
	if got := ttlStatus(t, s, "ttlr"); got != (api.TimeToLiveDescription{TimeToLiveStatus: "ENABLING", AttributeName: "exp"}) {
		t.Fatalf("after enabling: %+v", got)
	}
	checkErr(t, upd("ttlr", on("exp")), ve, msgTTLAlreadyEnabled)
	checkErr(t, upd("ttlr", on("other")), ve, msgTTLOtherAttribute+"exp")
	checkErr(t, upd("ttlr", off("other")), ve, msgTTLOtherAttribute+"exp")
	clk.Advance(time.Second)
	if got := ttlStatus(t, s, "ttlr"); got.TimeToLiveStatus != "ENABLED" {
		t.Fatalf("after the delay: %+v", got)
	}
	checkErr(t, upd("ttlr", off("exp")), ve, msgTTLCooldown)
	clk.Advance(time.Hour)
	if err := upd("ttlr", off("exp")); err != nil {
		t.Fatal(err)
	}
	if got := ttlStatus(t, s, "ttlr"); got != (api.TimeToLiveDescription{TimeToLiveStatus: "DISABLING", AttributeName: "exp"}) {
		t.Fatalf("after disabling: %+v", got)
	}
	checkErr(t, upd("ttlr", off("exp")), ve, msgTTLAlreadyDisabled)
	clk.Advance(time.Second)
	if got := ttlStatus(t, s, "ttlr"); got != (api.TimeToLiveDescription{TimeToLiveStatus: "DISABLED"}) {
		t.Fatalf("after the delay: %+v", got)
	}

	// The setting survives a restart.
	clk.Advance(time.Hour)
	if err := upd("ttlr", on("exp2")); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s2 := openService(t, st, Options{Now: clk.Now, TTLInterval: time.Hour, TransitionDelay: time.Second})
	clk.Advance(time.Second)
	if got := ttlStatus(t, s2, "ttlr"); got != (api.TimeToLiveDescription{TimeToLiveStatus: "ENABLED", AttributeName: "exp2"}) {
		t.Fatalf("after reopening: %+v", got)
	}
}
