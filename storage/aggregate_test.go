package storage

import (
	"context"
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"jxj/app"
)

// queuedStats returns the daily aggregates waiting in the outbox, by day.
func queuedStats(t *testing.T, db *DB) map[string]*app.DayStats {
	t.Helper()
	rows, err := db.w.Query(`SELECT record, body FROM outbox WHERE type = ? AND state = 'pending'`, app.OpDayStats)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]*app.DayStats{}
	for rows.Next() {
		var day, body string
		if err := rows.Scan(&day, &body); err != nil {
			t.Fatal(err)
		}
		var b struct{ Day *app.DayStats }
		if err := json.Unmarshal([]byte(body), &b); err != nil || b.Day == nil {
			t.Fatalf("outbox body %s: %v", body, err)
		}
		if out[day] != nil {
			t.Fatalf("two aggregates of %s wait in the outbox", day)
		}
		out[day] = b.Day
	}
	return out
}

func group(d *app.DayStats, grade int, gender string) app.DayGroup {
	for _, g := range d.Groups {
		if g.Grade == grade && g.Gender == gender {
			return g
		}
	}
	return app.DayGroup{}
}

// A school's daily aggregate counts its roll calls by grade and gender,
// leave as leave, no names; a day without roll calls has no attendance
// (not 0 % present); a day goes up again only when its roll calls change.
func TestDayStats(t *testing.T) {
	ns := newNoticeSchool(t)
	ns.db.Now = func() time.Time { return time.Date(2026, 11, 11, 4, 0, 0, 0, time.UTC) }
	today := app.FormatDate(ns.db.Now())
	att := ns.db.Services().Attendance
	save := func(class string, day string, marks ...app.RollCallMark) {
		t.Helper()
		if _, err := att.SaveRollCall(adminCtx, ns.classes[class], due(day), app.SessionDay, marks); err != nil {
			t.Fatal(err)
		}
	}
	absent := func(no string, m app.Mark) app.RollCallMark {
		return app.RollCallMark{StudentID: ns.students[no], Mark: m}
	}
	// 三年级2班: S001, S002 (boys); 三年级10班: S003, S004 (girls); 一年级1班: S005 (a girl)
	save("三年级2班", "2026-11-09", absent("S001", app.MarkAbsent))
	save("三年级2班", "2026-11-10", absent("S001", app.MarkAbsent), absent("S002", app.MarkLate))
	save("三年级10班", "2026-11-10", absent("S003", app.MarkSick))

	sync := &syncStore{db: ns.db}
	n, err := sync.QueueDayStats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	queued := queuedStats(t, ns.db)
	if n != 3 || len(queued) != 3 || queued["2026-11-09"] == nil || queued["2026-11-10"] == nil || queued[today] == nil {
		t.Fatalf("queued %d aggregates: %v; want 2026-11-09, 2026-11-10 and today %s", n, slices.Collect(maps.Keys(queued)), today)
	}
	d := queued["2026-11-10"]
	tests := []struct {
		name   string
		grade  int
		gender string
		want   app.DayGroup
	}{
		{"grade 3 boys: one absent, late is present", 3, app.GenderMale, app.DayGroup{Grade: 3, Gender: "M", Students: 2, Expected: 2, Absent: 1}},
		{"grade 3 girls: sick leave is leave", 3, app.GenderFemale, app.DayGroup{Grade: 3, Gender: "F", Students: 2, Expected: 2, Leave: 1}},
		{"grade 1: no roll call, nothing expected", 1, app.GenderFemale, app.DayGroup{Grade: 1, Gender: "F", Students: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := group(d, tt.grade, tt.gender); got != tt.want {
				t.Errorf("group = %+v, want %+v", got, tt.want)
			}
		})
	}
	if got := group(d, 3, app.GenderMale).Present(); got != 1 {
		t.Errorf("grade 3 boys present = %d, want 1", got)
	}
	if d.Covered != 4 || d.CallsTaken != 2 || d.CallsExpected != 4 || d.Teachers != 2 || d.Students() != 5 {
		t.Errorf("covered %d, calls %d/%d, teachers %d, students %d; want 4, 2/4, 2, 5",
			d.Covered, d.CallsTaken, d.CallsExpected, d.Teachers, d.Students())
	}
	sizes := []int{}
	for _, c := range d.Classes {
		sizes = append(sizes, c.Students)
	}
	if !slices.Equal(sizes, []int{1, 0, 2, 2}) {
		t.Errorf("class sizes = %v, want [1 0 2 2] (grades 1, 2, 3, 3)", sizes)
	}
	// S001 is absent the 9th and the 10th: one student, two days in a row
	if !slices.Equal(d.Streaks, []int{0, 1}) {
		t.Errorf("streaks = %v, want [0 1]", d.Streaks)
	}
	if err := d.Validate(); err != nil {
		t.Errorf("the aggregate does not validate: %v", err)
	}
	if tot := queued[today].Totals(); tot.Expected != 0 || tot.Students != 5 {
		t.Errorf("today without roll calls: %+v; want 5 students, nothing expected", tot)
	}

	// nothing changed: nothing more goes up
	if n, err := sync.QueueDayStats(context.Background()); err != nil || n != 0 {
		t.Fatalf("a second run queued %d, %v; want 0", n, err)
	}
	// a roll call changes: its day goes again, in place of the one waiting
	save("三年级2班", "2026-11-10", absent("S002", app.MarkPersonal))
	if n, err := sync.QueueDayStats(context.Background()); err != nil || n != 1 {
		t.Fatalf("after a change queued %d, %v; want 1", n, err)
	}
	queued = queuedStats(t, ns.db)
	if g := group(queued["2026-11-10"], 3, app.GenderMale); len(queued) != 3 || g.Absent != 0 || g.Leave != 1 {
		t.Errorf("after the change: %d waiting, grade 3 boys %+v; want 3 waiting, 0 absent, 1 on leave", len(queued), g)
	}

	var bodies string
	if err := ns.db.w.QueryRow(`SELECT group_concat(body) FROM outbox WHERE type = ?`, app.OpDayStats).Scan(&bodies); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"张三", "王五", "赵六", "S001", "13800000001", "王芳", "三年级"} {
		if strings.Contains(bodies, s) {
			t.Errorf("%q is in an aggregate", s)
		}
	}
}
