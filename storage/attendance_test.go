package storage

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"jxj/app"
)

// staffID returns the id of a staff member by name.
func (ns *noticeSchool) staffID(t testing.TB, name string) int64 {
	t.Helper()
	var id int64
	if err := ns.db.w.QueryRow(`SELECT id FROM staff WHERE name = ?`, name).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// headOf acts as 王芳, head teacher of 三年级2班 (and teacher of 三年级10班).
func (ns *noticeSchool) headOf(t testing.TB) context.Context {
	a := &app.Account{ID: 3000, Username: "wang", Role: app.RoleTeacher, StaffID: ns.staffID(t, "王芳"),
		ClassIDs: []int64{ns.classes["三年级2班"], ns.classes["三年级10班"]}}
	return app.NewContextWithAccount(context.Background(), a)
}

func marksOf(rc *app.RollCall) map[string]app.Mark {
	out := map[string]app.Mark{}
	for _, e := range rc.Entries {
		out[e.StudentNo] = e.Mark
	}
	return out
}

func TestRollCall(t *testing.T) {
	ns := newNoticeSchool(t)
	att := ns.db.Services().Attendance
	class := ns.classes["三年级2班"]
	day := due("2026-11-10")

	rc, err := att.RollCall(adminCtx, class, day, app.SessionDay)
	if err != nil {
		t.Fatal(err)
	}
	if rc.Taken || len(rc.Entries) != 2 || rc.Entries[0].StudentNo != "S001" || rc.Entries[0].Mark != app.MarkPresent {
		t.Fatalf("a fresh roll call = %+v; want two present students, not taken", rc)
	}
	save := func(ctx context.Context, marks ...app.RollCallMark) (*app.RollCall, error) {
		return att.SaveRollCall(ctx, class, day, app.SessionDay, marks)
	}
	if _, err := save(ns.headOf(t), app.RollCallMark{StudentID: ns.students["S001"], Mark: app.MarkAbsent, Reason: "发烧"}); err != nil {
		t.Fatal(err)
	}
	// saving again the same day updates, it does not add
	rc, err = save(ns.headOf(t), app.RollCallMark{StudentID: ns.students["S002"], Mark: app.MarkLate})
	if err != nil {
		t.Fatal(err)
	}
	if m := marksOf(rc); !rc.Taken || rc.TakenBy != "wang" || m["S001"] != app.MarkPresent || m["S002"] != app.MarkLate {
		t.Errorf("after the second save: %+v; want S001 present, S002 late, taken by wang", m)
	}
	var calls int
	if err := ns.db.w.QueryRow(`SELECT COUNT(*) FROM roll_calls`).Scan(&calls); err != nil || calls != 1 {
		t.Errorf("%d roll calls stored, want 1", calls)
	}

	bad := []struct {
		name string
		ctx  context.Context
		mark app.RollCallMark
		code string
	}{
		{"a student of another class", adminCtx, app.RollCallMark{StudentID: ns.students["S003"], Mark: app.MarkAbsent}, app.EINVALID},
		{"an unknown mark", adminCtx, app.RollCallMark{StudentID: ns.students["S001"], Mark: "gone"}, app.EINVALID},
		{"a teacher of other classes", ns.teacherOf("li", "一年级1班"), app.RollCallMark{StudentID: ns.students["S001"], Mark: app.MarkAbsent}, app.EFORBIDDEN},
	}
	for _, tt := range bad {
		if _, err := save(tt.ctx, tt.mark); app.ErrorCode(err) != tt.code {
			t.Errorf("%s: %v, want %s", tt.name, err, tt.code)
		}
	}
	if rc, _ := att.RollCall(adminCtx, class, day, app.SessionDay); marksOf(rc)["S002"] != app.MarkLate {
		t.Errorf("a refused save changed the roll call: %+v", marksOf(rc))
	}
}

func TestRatesAndNotTaken(t *testing.T) {
	ns := newNoticeSchool(t)
	att := ns.db.Services().Attendance
	c2, c10 := ns.classes["三年级2班"], ns.classes["三年级10班"]
	for i, day := range []string{"2026-11-09", "2026-11-10"} {
		marks := []app.RollCallMark{{StudentID: ns.students["S001"], Mark: app.MarkAbsent}}
		if i == 1 {
			marks = []app.RollCallMark{{StudentID: ns.students["S002"], Mark: app.MarkSick}, {StudentID: ns.students["S001"], Mark: app.MarkLate}}
		}
		if _, err := att.SaveRollCall(adminCtx, c2, due(day), app.SessionDay, marks); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := att.SaveRollCall(adminCtx, c10, due("2026-11-10"), app.SessionDay, nil); err != nil {
		t.Fatal(err)
	}
	rates, err := att.Rates(adminCtx, due("2026-11-01"), due("2026-11-30"), app.RateClass)
	if err != nil {
		t.Fatal(err)
	}
	// 三年级2班: 2 students × 2 days = 4; absent 1, sick 1, late 1 → present 2 → 50%
	// 三年级10班: 2 × 1 = 2, all present → 100%
	want := map[int64]app.AttendanceCounts{c2: {Sessions: 4, Absent: 1, Sick: 1, Late: 1}, c10: {Sessions: 2}}
	for _, r := range rates {
		if r.Counts != want[r.ID] {
			t.Errorf("class %s: %+v, want %+v", r.Label, r.Counts, want[r.ID])
		}
		if r.Within != 3 {
			t.Errorf("class %s is within %d; want its grade, 3", r.Label, r.Within)
		}
	}
	school, _ := att.Rates(adminCtx, due("2026-11-01"), due("2026-11-30"), app.RateSchool)
	if len(school) != 1 || school[0].Counts.Sessions != 6 || school[0].Counts.Present() != 4 {
		t.Errorf("school rate = %+v, want 6 sessions, 4 present", school)
	}
	students, _ := att.Rates(ns.teacherOf("li", "三年级2班"), due("2026-11-01"), due("2026-11-30"), app.RateStudent)
	if len(students) != 2 || students[0].Counts != (app.AttendanceCounts{Sessions: 2, Absent: 1, Late: 1}) {
		t.Errorf("a teacher's student rates = %+v, want S001: 2 sessions, absent 1, late 1", students)
	}
	for _, r := range students {
		if r.Within != c2 {
			t.Errorf("student %s is within %d; want the class, %d", r.Label, r.Within, c2)
		}
	}
	notTaken, err := att.NotTaken(adminCtx, due("2026-11-09"))
	if err != nil {
		t.Fatal(err)
	}
	var labels []string
	for _, c := range notTaken {
		labels = append(labels, c.Label())
	}
	// 二年级1班 has no students: nothing to take
	if fmt.Sprint(labels) != "[一年级1班 三年级10班]" {
		t.Errorf("not taken on 11-09: %v, want 一年级1班 and 三年级10班", labels)
	}
}

func TestAbsenceAlertsAndMonthSheet(t *testing.T) {
	ns := newNoticeSchool(t)
	att := ns.db.Services().Attendance
	c2 := ns.classes["三年级2班"]
	// S001 absent 11-09, 11-10, 11-11 (three school days; the weekend
	// between has no roll call), S002 absent on 11-10 only
	for _, day := range []string{"2026-11-06", "2026-11-09", "2026-11-10", "2026-11-11"} {
		var marks []app.RollCallMark
		if day != "2026-11-06" {
			marks = append(marks, app.RollCallMark{StudentID: ns.students["S001"], Mark: app.MarkAbsent})
		}
		if day == "2026-11-10" {
			marks = append(marks, app.RollCallMark{StudentID: ns.students["S002"], Mark: app.MarkAbsent})
		}
		if _, err := att.SaveRollCall(adminCtx, c2, due(day), app.SessionDay, marks); err != nil {
			t.Fatal(err)
		}
	}
	alerts, err := att.AbsenceAlerts(ns.teacherOf("li", "三年级2班"), due("2026-11-11"), 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(alerts) != 1 || alerts[0].StudentNo != "S001" || alerts[0].Days != 3 || app.FormatDate(alerts[0].Since) != "2026-11-09" {
		t.Fatalf("alerts = %+v, want S001, 3 days since 11-09", alerts)
	}
	if g := alerts[0].Guardians; len(g) != 2 || g[0].Phone != "13800000001" || g[0].PhoneMasked {
		t.Errorf("guardians for the class's teacher = %+v, want full phones", g)
	}
	other, _ := att.AbsenceAlerts(adminCtx, due("2026-11-10"), 3)
	if len(other) != 0 {
		t.Errorf("alerts on 11-10 = %+v, want none (two days only)", other)
	}

	ms, err := att.MonthSheet(adminCtx, c2, due("2026-11-15"))
	if err != nil {
		t.Fatal(err)
	}
	if len(ms.Days) != 30 || len(ms.Sessions) != 1 || len(ms.Students) != 2 {
		t.Fatalf("month sheet: %d days, %d sessions, %d students; want 30, 1, 2", len(ms.Days), len(ms.Sessions), len(ms.Students))
	}
	s1 := ms.Students[0]
	if s1.Marks[8] != app.MarkAbsent || !s1.Taken[5] || s1.Taken[6] || s1.Counts != (app.AttendanceCounts{Sessions: 4, Absent: 3}) {
		t.Errorf("S001's month: 11-09 %q, 11-06 taken %v, 11-07 taken %v, counts %+v", s1.Marks[8], s1.Taken[5], s1.Taken[6], s1.Counts)
	}
}

func TestLeaveApproval(t *testing.T) {
	ns := newNoticeSchool(t)
	svc := ns.db.Services()
	head := ns.headOf(t)
	c2 := ns.classes["三年级2班"]
	// a roll call already taken on the first day of the leave, S001 absent
	if _, err := svc.Attendance.SaveRollCall(head, c2, due("2026-11-10"), app.SessionDay,
		[]app.RollCallMark{{StudentID: ns.students["S001"], Mark: app.MarkAbsent}}); err != nil {
		t.Fatal(err)
	}
	short, err := svc.Leaves.RequestLeave(ns.teacherOf("li", "三年级2班"), app.LeaveDraft{StudentID: ns.students["S001"], AskedBy: "张父（父亲）",
		Kind: app.MarkSick, From: due("2026-11-10"), To: due("2026-11-11"), Reason: "发烧"})
	if err != nil {
		t.Fatal(err)
	}
	if short.State != app.LeavePendingHead || short.Days() != 2 {
		t.Fatalf("new request: %+v", short)
	}
	pending, _ := svc.Leaves.Leaves(head, app.LeaveFilter{Pending: true})
	if len(pending) != 1 {
		t.Errorf("the head teacher's pending list has %d, want 1", len(pending))
	}
	if _, err := svc.Leaves.DecideLeave(ns.teacherOf("li", "三年级2班"), short.ID, true, ""); app.ErrorCode(err) != app.EFORBIDDEN {
		t.Errorf("a teacher who is not the head teacher decides: %v, want EFORBIDDEN", err)
	}
	if l, err := svc.Leaves.DecideLeave(head, short.ID, true, "注意休息"); err != nil || l.State != app.LeaveApproved || len(l.Steps) != 1 {
		t.Fatalf("head teacher approves 2 days: %+v %v, want approved", l, err)
	}
	// approved leave fills the roll call taken, and the next day's
	for day, want := range map[string]app.Mark{"2026-11-10": app.MarkSick, "2026-11-11": app.MarkSick, "2026-11-12": app.MarkPresent} {
		rc, err := svc.Attendance.RollCall(head, c2, due(day), app.SessionDay)
		if err != nil {
			t.Fatal(err)
		}
		if got := marksOf(rc)["S001"]; got != want {
			t.Errorf("%s: S001 %q, want %q", day, got, want)
		}
	}

	long, err := svc.Leaves.RequestLeave(head, app.LeaveDraft{StudentID: ns.students["S002"], Kind: app.MarkPersonal,
		From: due("2026-11-16"), To: due("2026-11-20"), Reason: "回老家"})
	if err != nil {
		t.Fatal(err)
	}
	if l, _ := svc.Leaves.DecideLeave(head, long.ID, true, ""); l.State != app.LeavePendingAdmin {
		t.Fatalf("head teacher approves 5 days: %s, want pending_admin", l.State)
	}
	if _, err := svc.Leaves.DecideLeave(head, long.ID, true, ""); app.ErrorCode(err) != app.EFORBIDDEN {
		t.Errorf("the head teacher decides the admin's step: %v, want EFORBIDDEN", err)
	}
	if l, err := svc.Leaves.DecideLeave(adminCtx, long.ID, false, "请家长来校面谈"); err != nil || l.State != app.LeaveRejected || len(l.Steps) != 2 {
		t.Fatalf("admin rejects: %+v %v", l, err)
	}
	if _, err := svc.Leaves.CancelLeave(head, long.ID); app.ErrorCode(err) != app.ECONFLICT {
		t.Errorf("cancel a decided request: %v, want ECONFLICT", err)
	}
	entries, _, _ := svc.Audit.AuditLog(adminCtx, app.AuditFilter{Limit: 20})
	var steps int
	for _, e := range entries {
		if e.Action == "leave.approve" || e.Action == "leave.reject" || e.Action == "leave.request" {
			steps++
		}
	}
	if steps != 5 {
		t.Errorf("%d audit rows for the leave steps, want 5", steps)
	}
}

// A year of daily attendance for 5,000 students: 200 school days of 100
// classes of 50 (1M student-days), with the usual few percent marked.
func yearOfAttendance(b *testing.B) (*DB, time.Time) {
	b.Helper()
	db := MustOpenDB(b)
	seedStaffAndClasses(b, db)
	if _, err := db.Services().Roster.ImportRoster(adminCtx, bigRoster(5000), nil); err != nil {
		b.Fatal(err)
	}
	start := due("2025-09-01")
	classes := classIDs(b, db)
	var classIDs []int64
	for _, id := range classes {
		classIDs = append(classIDs, id)
	}
	students := map[int64][]int64{}
	rows, err := db.w.Query(`SELECT id, class_id FROM students`)
	if err != nil {
		b.Fatal(err)
	}
	for rows.Next() {
		var id, c int64
		if err := rows.Scan(&id, &c); err != nil {
			b.Fatal(err)
		}
		students[c] = append(students[c], id)
	}
	rows.Close()
	err = db.write(context.Background(), func(tx *sql.Tx) error {
		marks := []string{"absent", "late", "sick", "personal", "early"}
		day := start
		for d := 0; d < 200; d++ {
			for day.Weekday() == time.Saturday || day.Weekday() == time.Sunday {
				day = day.AddDate(0, 0, 1)
			}
			for ci, c := range classIDs {
				res, err := tx.Exec(`INSERT INTO roll_calls (uuid, class_id, day, session, students, taken_by, taken_at) VALUES (?, ?, ?, 'day', ?, 'bench', '')`,
					fmt.Sprintf("%d-%d", d, ci), c, app.FormatDate(day), len(students[c]))
				if err != nil {
					return err
				}
				rc, _ := res.LastInsertId()
				for si, s := range students[c] {
					if (si*7+d*13+ci)%25 == 0 { // 4% marked
						if _, err := tx.Exec(`INSERT INTO attendance (roll_call_id, student_id, mark) VALUES (?, ?, ?)`, rc, s, marks[(si+d)%len(marks)]); err != nil {
							return err
						}
					}
				}
			}
			day = day.AddDate(0, 0, 1)
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return db, start
}

// BenchmarkAttendanceRate: the school's rate for a month, over a year of
// data (5,000 students × 200 days).
func BenchmarkAttendanceRate(b *testing.B) {
	db, start := yearOfAttendance(b)
	att := db.Services().Attendance
	from := start.AddDate(0, 3, 0)
	to := from.AddDate(0, 1, -1)
	b.ResetTimer()
	for range b.N {
		rows, err := att.Rates(adminCtx, from, to, app.RateSchool)
		if err != nil || len(rows) != 1 || rows[0].Counts.Sessions == 0 {
			b.Fatalf("rates: %+v %v", rows, err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/rate")
}

// BenchmarkSaveRollCall: one class of 50 with a few marks, saved.
func BenchmarkSaveRollCall(b *testing.B) {
	db := MustOpenDB(b)
	seedStaffAndClasses(b, db)
	if _, err := db.Services().Roster.ImportRoster(adminCtx, bigRoster(5000), nil); err != nil {
		b.Fatal(err)
	}
	var class int64
	var students []int64
	if err := db.w.QueryRow(`SELECT class_id FROM students LIMIT 1`).Scan(&class); err != nil {
		b.Fatal(err)
	}
	ids, err := queryIDs(context.Background(), db.w, `SELECT id FROM students WHERE class_id = ?`, class)
	if err != nil {
		b.Fatal(err)
	}
	students = ids
	marks := []app.RollCallMark{{StudentID: students[0], Mark: app.MarkAbsent}, {StudentID: students[3], Mark: app.MarkLate, Reason: "堵车"}}
	att := db.Services().Attendance
	day := due("2026-11-10")
	b.ResetTimer()
	for i := range b.N {
		if _, err := att.SaveRollCall(adminCtx, class, day.AddDate(0, 0, i%30), app.SessionDay, marks); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/save")
}
