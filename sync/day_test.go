package sync_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"jxj/app"
	"jxj/app/demo"
	jxjsync "jxj/sync"
)

// enrolNode enrols a new demo node of size as the hub's org named name.
func enrolNode(t *testing.T, hub *testHub, name, township string, size demo.Size) (*testNode, *app.HubOrg) {
	t.Helper()
	org, code, err := hub.store.AddOrg(admin, app.HubOrgDraft{Name: name, Kind: app.OrgPrimary, Township: township})
	if err != nil {
		t.Fatal(err)
	}
	node := newTestNode(t, size)
	if _, err := node.client.Enrol(admin, app.EnrolRequest{HubURL: hub.srv.URL, Code: code}); err != nil {
		t.Fatalf("enrol: %v", err)
	}
	return node, org
}

// Three schools: one syncs today, one synced only yesterday, one never.
// The hub's cockpit shows the first's figures, lists the other two as
// not reporting today, and a sync again or a changed roll call never
// counts anything twice.
func TestDayStatsGoUp(t *testing.T) {
	hub := newTestHub(t)
	daily, _ := enrolNode(t, hub, "城关一小", "城关镇", smallSchool)
	once, _ := enrolNode(t, hub, "城关二小", "城关镇", smallSchool)
	if _, _, err := hub.store.AddOrg(admin, app.HubOrgDraft{Name: "河口小学", Kind: app.OrgPrimary, Township: "河口乡"}); err != nil {
		t.Fatal(err)
	}
	once.db.Now = func() time.Time { return time.Now().AddDate(0, 0, -1) }
	mustSync(t, once)
	// 城关一小 calls the roll of every class today, whatever day it is
	today := time.Now()
	classes, err := daily.svc.Classes.Classes(admin)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range classes {
		if _, err := daily.svc.Attendance.SaveRollCall(admin, c.ID, today, app.SessionDay, nil); err != nil {
			t.Fatal(err)
		}
	}
	mustSync(t, daily)

	q := app.DistrictQuery{From: today, To: today}
	ck, err := hub.store.DistrictCockpit(admin, q)
	if err != nil {
		t.Fatal(err)
	}
	var missing []string
	for _, m := range ck.Reporting.Missing {
		missing = append(missing, m.Org.Name)
	}
	if !slices.Equal(missing, []string{"城关二小", "河口小学"}) {
		t.Errorf("not reporting today: %v; want 城关二小 (synced yesterday) and 河口小学 (never)", missing)
	}
	if len(ck.Freshness.Stale) != 1 || ck.Freshness.Stale[0].Name != "河口小学" {
		t.Errorf("stale = %+v, want 河口小学 alone", ck.Freshness.Stale)
	}
	if ck.Roster.Students != 80 || len(ck.Roster.Schools) != 2 {
		t.Errorf("roster = %d students at %d schools, want 80 at 2", ck.Roster.Students, len(ck.Roster.Schools))
	}
	if len(ck.Attendance.Schools) != 1 || ck.Attendance.Schools[0].Org.Name != "城关一小" {
		t.Fatalf("attendance today = %+v, want 城关一小 alone", ck.Attendance.Schools)
	}
	before := ck.Attendance.Counts

	// nothing changed: a sync sends nothing and the figures stay
	if run := mustSync(t, daily); run.Up != 0 {
		t.Errorf("a sync without changes sent %d ops", run.Up)
	}
	// a roll call changes: the day goes again and replaces the one sent
	rc, err := daily.svc.Attendance.RollCall(admin, classes[len(classes)-1].ID, today, app.SessionDay)
	if err != nil {
		t.Fatal(err)
	}
	var marks []app.RollCallMark
	for _, e := range rc.Entries {
		marks = append(marks, app.RollCallMark{StudentID: e.StudentID, Mark: app.MarkAbsent})
	}
	if _, err := daily.svc.Attendance.SaveRollCall(admin, rc.ClassID, today, app.SessionDay, marks); err != nil {
		t.Fatal(err)
	}
	if run := mustSync(t, daily); run.Up != 1 {
		t.Errorf("after a roll call changed the sync sent %d ops, want 1 (today's aggregate)", run.Up)
	}
	ck, err = hub.store.DistrictCockpit(admin, q)
	if err != nil {
		t.Fatal(err)
	}
	after := ck.Attendance.Counts
	if before.Expected != 40 || before.Absent != 0 || after.Expected != 40 || after.Absent != len(rc.Entries) {
		t.Errorf("after the change: %+v (before %+v); want 40 expected, then %d absent", after, before, len(rc.Entries))
	}
}

// absentToday marks every student of a node's class absent today, or
// only the first when one is set.
func absentToday(t *testing.T, n *testNode, class int64, one bool) int {
	t.Helper()
	rc, err := n.svc.Attendance.RollCall(admin, class, time.Now(), app.SessionDay)
	if err != nil {
		t.Fatal(err)
	}
	var marks []app.RollCallMark
	for _, e := range rc.Entries {
		marks = append(marks, app.RollCallMark{StudentID: e.StudentID, Mark: app.MarkAbsent})
		if one {
			break
		}
	}
	if _, err := n.svc.Attendance.SaveRollCall(admin, class, time.Now(), app.SessionDay, marks); err != nil {
		t.Fatal(err)
	}
	return len(marks)
}

// A node restored from a backup sends its aggregates on under new batch
// numbers: they replace what the lost copy sent, never add to it.
func TestDayStatsAfterRestore(t *testing.T) {
	hub := newTestHub(t)
	node, _ := enrolNode(t, hub, "城关一小", "城关镇", smallSchool)
	classes, err := node.svc.Classes.Classes(admin)
	if err != nil {
		t.Fatal(err)
	}
	// every class called today, none absent, whatever the demo marked
	for _, c := range classes {
		if _, err := node.svc.Attendance.SaveRollCall(admin, c.ID, time.Now(), app.SessionDay, nil); err != nil {
			t.Fatal(err)
		}
	}
	class := classes[0].ID
	absent := func() int {
		t.Helper()
		today := time.Now()
		ck, err := hub.store.DistrictCockpit(admin, app.DistrictQuery{From: today, To: today})
		if err != nil {
			t.Fatal(err)
		}
		return ck.Attendance.Counts.Absent
	}
	absentToday(t, node, class, true)
	mustSync(t, node)
	backup := node.backup(t)
	all := absentToday(t, node, class, false)
	mustSync(t, node)
	if absent() != all {
		t.Fatalf("the lost copy's aggregate: %d absent, want %d", absent(), all)
	}

	node.restore(t, backup)
	if run := mustSync(t, node); run.Rejected != 0 {
		t.Errorf("the restored node's sync had %d ops refused", run.Rejected)
	}
	if got := absent(); got != all {
		t.Errorf("after the restore, before any change: %d absent, want the lost copy's %d", got, all)
	}
	absentToday(t, node, class, true)
	if run := mustSync(t, node); run.Up != 1 || run.Rejected != 0 {
		t.Errorf("the restored node sent %d ops (%d refused), want today's aggregate", run.Up, run.Rejected)
	}
	if got := absent(); got != 1 {
		t.Errorf("after the restored node's change: %d absent, want 1 (replaced, not added)", got)
	}
}

// dayStatsWire is the gzip'd push body of one batch holding a node's
// aggregate of today, as the client sends it.
func dayStatsWire(t testing.TB, node *testNode) int {
	t.Helper()
	q := any(node.svc.Sync).(app.DayStatsQueuer)
	if _, err := q.QueueDayStats(context.Background()); err != nil {
		t.Fatal(err)
	}
	b, err := node.svc.Sync.NextBatch(context.Background(), 10000)
	if err != nil || b == nil {
		t.Fatalf("NextBatch = %v, %v", b, err)
	}
	today := app.FormatDate(time.Now())
	i := slices.IndexFunc(b.Ops, func(op app.OutOp) bool { return op.Type == app.OpDayStats && op.Day.Day == today })
	if i < 0 {
		t.Fatal("no aggregate of today in the batch")
	}
	body, err := json.Marshal(jxjsync.PushRequest{Batch: b.Batch, DeviceTime: time.Now().Format(time.RFC3339), Ops: jxjsync.EncodeOps(b.Ops[i : i+1])})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(body)
	zw.Close()
	return buf.Len()
}

// The daily aggregate of the demo school (540 students, 12 classes) and
// of a school of 2,400 (6 grades × 8 classes × 50) each fit in 1 KB on the
// wire after gzip.
func TestDayStatsWireSize(t *testing.T) {
	for _, size := range []demo.Size{demo.DefaultSize, {Grades: 6, ClassesPerGrade: 8, StudentsPer: 50}} {
		n := dayStatsWire(t, newTestNode(t, size))
		t.Logf("%d grades × %d classes × %d students: %d bytes", size.Grades, size.ClassesPerGrade, size.StudentsPer, n)
		if n > 1024 {
			t.Errorf("%+v: a day's aggregate is %d bytes on the wire, want at most 1024", size, n)
		}
	}
}

// BenchmarkDayStatsWire reports the bytes of the demo school's daily
// aggregate on the wire, after gzip (the bar is 1 KB).
func BenchmarkDayStatsWire(b *testing.B) {
	node := newTestNode(b, demo.DefaultSize)
	n := 0
	for b.Loop() {
		n = dayStatsWire(b, node)
	}
	b.ReportMetric(float64(n), "wire-B/day")
}
