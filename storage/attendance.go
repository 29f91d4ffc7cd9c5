package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"jxj/app"
)

// attendanceService implements app.AttendanceService. A roll call stores
// only its exceptions: everyone is present unless marked.
type attendanceService struct{ db *DB }

var _ app.AttendanceService = (*attendanceService)(nil)

// The settings keys of attendance and leave.
const (
	settingSplitDay  = "attendance.split_day"
	settingAlertDays = "attendance.alert_days"
	settingLeaveDays = "leave.admin_days"
)

// alertLookback is how many school days back the absence alerts look.
const alertLookback = 30

// Settings reads the school's attendance rules, with their defaults.
func (s *attendanceService) Settings(ctx context.Context) (*app.AttendanceSettings, error) {
	var out *app.AttendanceSettings
	err := s.db.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = loadAttendanceSettings(ctx, tx)
		return err
	})
	return out, err
}

func loadAttendanceSettings(ctx context.Context, q querier) (*app.AttendanceSettings, error) {
	st := &app.AttendanceSettings{AlertDays: app.DefaultAlertDays, LeaveDaysForAdmin: app.DefaultLeaveDaysForAdmin}
	rows, err := q.QueryContext(ctx, `SELECT key, value FROM settings WHERE key IN (?, ?, ?)`, settingSplitDay, settingAlertDays, settingLeaveDays)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		n, _ := strconv.Atoi(v)
		switch k {
		case settingSplitDay:
			st.SplitDay = v == "1"
		case settingAlertDays:
			st.AlertDays = n
		case settingLeaveDays:
			st.LeaveDaysForAdmin = n
		}
	}
	return st, rows.Err()
}

// SaveSettings stores the rules; admin only.
func (s *attendanceService) SaveSettings(ctx context.Context, st app.AttendanceSettings) error {
	if err := app.RequireAdmin(ctx); err != nil {
		return err
	}
	if st.AlertDays < 1 || st.AlertDays > alertLookback || st.LeaveDaysForAdmin < 0 || st.LeaveDaysForAdmin > app.MaxLeaveDays {
		return app.Errorf(app.EINVALID, "storage.attendance.error.settings", alertLookback, app.MaxLeaveDays)
	}
	split := "0"
	if st.SplitDay {
		split = "1"
	}
	return s.db.write(ctx, func(tx *sql.Tx) error {
		for k, v := range map[string]string{settingSplitDay: split, settingAlertDays: strconv.Itoa(st.AlertDays), settingLeaveDays: strconv.Itoa(st.LeaveDaysForAdmin)} {
			if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, k, v); err != nil {
				return err
			}
		}
		return s.db.audit(ctx, tx, "attendance.settings", "settings",
			fmt.Sprintf("split=%v alert_days=%d leave_admin_days=%d", st.SplitDay, st.AlertDays, st.LeaveDaysForAdmin))
	})
}

// rollCallClass checks that a may take the roll of a class and returns
// its label.
func rollCallClass(ctx context.Context, q querier, a *app.Account, classID int64) (classInfo, error) {
	labels, err := classLabels(ctx, q)
	if err != nil {
		return classInfo{}, err
	}
	info, ok := labels[classID]
	switch {
	case !ok:
		return info, app.Errorf(app.ENOTFOUND, "storage.attendance.error.class", classID)
	case !seesClass(a, classID):
		return info, app.Errorf(app.EFORBIDDEN, "storage.attendance.error.forbidden", info.label)
	}
	return info, nil
}

func validSession(s app.Session) bool {
	return s == app.SessionDay || s == app.SessionAM || s == app.SessionPM
}

// RollCall returns a class's roll call for a day and session: the marks
// saved, and approved leave where nothing is saved.
func (s *attendanceService) RollCall(ctx context.Context, classID int64, day time.Time, session app.Session) (*app.RollCall, error) {
	a, err := actingAccount(ctx)
	if err != nil {
		return nil, err
	}
	if !validSession(session) {
		return nil, app.Errorf(app.EINVALID, "storage.attendance.error.session", string(session))
	}
	var out *app.RollCall
	err = s.db.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = loadRollCall(ctx, tx, a, classID, app.FormatDate(day), session)
		return err
	})
	return out, err
}

func loadRollCall(ctx context.Context, tx *sql.Tx, a *app.Account, classID int64, day string, session app.Session) (*app.RollCall, error) {
	class, err := rollCallClass(ctx, tx, a, classID)
	if err != nil {
		return nil, err
	}
	rc := &app.RollCall{ClassID: classID, ClassLabel: class.label, Session: session}
	rc.Day, _ = app.ParseDate(day)
	students, err := loadClassStudents(ctx, tx, a, []int64{classID})
	if err != nil {
		return nil, err
	}
	var id int64
	var at string
	err = tx.QueryRowContext(ctx, `SELECT id, taken_by, taken_at FROM roll_calls WHERE class_id = ? AND day = ? AND session = ?`,
		classID, day, session).Scan(&id, &rc.TakenBy, &at)
	switch {
	case err == nil:
		rc.Taken, rc.TakenAt = true, parseTime(at)
	case !errors.Is(err, sql.ErrNoRows):
		return nil, err
	}
	marks := map[int64]app.RollCallEntry{}
	if rc.Taken {
		rows, err := tx.QueryContext(ctx, `SELECT student_id, mark, reason, COALESCE(leave_id, 0) FROM attendance WHERE roll_call_id = ?`, id)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		for rows.Next() {
			var e app.RollCallEntry
			if err := rows.Scan(&e.StudentID, &e.Mark, &e.Reason, &e.LeaveID); err != nil {
				return nil, err
			}
			marks[e.StudentID] = e
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	leave, err := approvedLeave(ctx, tx, classID, day)
	if err != nil {
		return nil, err
	}
	rc.Entries = make([]app.RollCallEntry, len(students))
	for i, st := range students {
		e, marked := marks[st.StudentID]
		if l, ok := leave[st.StudentID]; ok && !marked && !rc.Taken {
			e = app.RollCallEntry{Mark: l.kind, Reason: l.reason, LeaveID: l.id}
		}
		e.StudentID, e.StudentName, e.StudentNo = st.StudentID, st.StudentName, st.StudentNo
		rc.Entries[i] = e
	}
	return rc, nil
}

// leaveOn is an approved leave covering a day.
type leaveOn struct {
	id     int64
	kind   app.Mark
	reason string
}

// approvedLeave returns the approved leave of a class's students on day,
// by student.
func approvedLeave(ctx context.Context, q querier, classID int64, day string) (map[int64]leaveOn, error) {
	rows, err := q.QueryContext(ctx, `SELECT l.student_id, l.id, l.kind, l.reason FROM leaves l JOIN students s ON s.id = l.student_id
		WHERE s.class_id = ? AND l.state = 'approved' AND l.from_day <= ? AND l.to_day >= ?`, classID, day, day)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]leaveOn{}
	for rows.Next() {
		var student int64
		var l leaveOn
		if err := rows.Scan(&student, &l.id, &l.kind, &l.reason); err != nil {
			return nil, err
		}
		out[student] = l
	}
	return out, rows.Err()
}

// SaveRollCall replaces the class's marks for the day and session with
// marks, after checking every one: nothing is saved when one is wrong.
// A leave mark on a student with approved leave that day keeps its link
// to the leave.
func (s *attendanceService) SaveRollCall(ctx context.Context, classID int64, day time.Time, session app.Session, marks []app.RollCallMark) (*app.RollCall, error) {
	a, err := actingAccount(ctx)
	if err != nil {
		return nil, err
	}
	if !validSession(session) {
		return nil, app.Errorf(app.EINVALID, "storage.attendance.error.session", string(session))
	}
	if day.IsZero() {
		return nil, app.Errorf(app.EINVALID, "storage.attendance.error.day")
	}
	for _, m := range marks {
		if !m.Mark.Valid() {
			return nil, app.Errorf(app.EINVALID, "storage.attendance.error.mark", string(m.Mark))
		}
		if utf8.RuneCountInString(m.Reason) > app.MaxMarkReason {
			return nil, app.Errorf(app.EINVALID, "storage.attendance.error.reason_long", app.MaxMarkReason)
		}
	}
	date := app.FormatDate(day)
	id, err := uuid.NewV7()
	if err != nil {
		return nil, app.WrapError(err, "error.storage", err)
	}
	var out *app.RollCall
	err = s.db.write(ctx, func(tx *sql.Tx) error {
		class, err := rollCallClass(ctx, tx, a, classID)
		if err != nil {
			return err
		}
		if class.past {
			return app.Errorf(app.EINVALID, "storage.class.error.past", class.label)
		}
		students, err := loadClassStudents(ctx, tx, a, []int64{classID})
		if err != nil {
			return err
		}
		inClass := make(map[int64]bool, len(students))
		for _, st := range students {
			inClass[st.StudentID] = true
		}
		seen := map[int64]bool{}
		for _, m := range marks {
			if !inClass[m.StudentID] || seen[m.StudentID] {
				return app.Errorf(app.EINVALID, "storage.attendance.error.student", m.StudentID)
			}
			seen[m.StudentID] = true
		}
		leave, err := approvedLeave(ctx, tx, classID, date)
		if err != nil {
			return err
		}
		var rcID int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO roll_calls (uuid, class_id, day, session, students, taken_by, taken_at) VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (class_id, day, session) DO UPDATE SET students = excluded.students, taken_by = excluded.taken_by, taken_at = excluded.taken_at
			RETURNING id`, id.String(), classID, date, session, len(students), a.Username, s.db.now()).Scan(&rcID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM attendance WHERE roll_call_id = ?`, rcID); err != nil {
			return err
		}
		var exceptions []app.RollCallMark
		for _, m := range marks {
			if m.Mark != app.MarkPresent {
				exceptions = append(exceptions, m)
			}
		}
		if err := insertRows(ctx, tx, `INSERT INTO attendance (roll_call_id, student_id, mark, reason, leave_id) VALUES `, "(?, ?, ?, ?, ?)",
			len(exceptions), func(i int) []any {
				m := exceptions[i]
				var leaveID any
				if l, ok := leave[m.StudentID]; ok && l.kind == m.Mark {
					leaveID = l.id
				}
				return []any{rcID, m.StudentID, m.Mark, m.Reason, leaveID}
			}, ""); err != nil {
			return err
		}
		if err := s.db.audit(ctx, tx, "attendance.save", fmt.Sprintf("class:%d", classID),
			fmt.Sprintf("day=%s session=%s students=%d marked=%d", date, session, len(students), len(exceptions))); err != nil {
			return err
		}
		out, err = loadRollCall(ctx, tx, a, classID, date, session)
		return err
	})
	return out, err
}

// Rates sums the roll calls taken from..to at a level: school, grade,
// class or student. A teacher's rates cover their own classes.
func (s *attendanceService) Rates(ctx context.Context, from, to time.Time, level app.RateLevel) ([]app.RateRow, error) {
	a, err := actingAccount(ctx)
	if err != nil {
		return nil, err
	}
	lo, hi := app.FormatDate(from), app.FormatDate(to)
	var out []app.RateRow
	err = s.db.read(ctx, func(tx *sql.Tx) error {
		labels, err := classLabels(ctx, tx)
		if err != nil {
			return err
		}
		if level == app.RateStudent {
			out, err = studentRates(ctx, tx, a, lo, hi)
			return err
		}
		byClass, err := classCounts(ctx, tx, lo, hi)
		if err != nil {
			return err
		}
		grades, err := classGrades(ctx, tx)
		if err != nil {
			return err
		}
		rows := map[int64]*app.RateRow{}
		var order []int64
		for classID, c := range byClass {
			if !seesClass(a, classID) {
				continue
			}
			key, row := int64(0), app.RateRow{Level: level}
			switch level {
			case app.RateClass:
				key, row.ID, row.Within, row.Label = classID, classID, int64(grades[classID]), labels[classID].label
			case app.RateGrade:
				key = int64(grades[classID])
				row.ID, row.Label = key, app.GradeName(grades[classID])
			case app.RateSchool:
			default:
				return app.Errorf(app.EINVALID, "storage.attendance.error.level", string(level))
			}
			if rows[key] == nil {
				rows[key] = &row
				order = append(order, key)
			}
			rows[key].Counts = rows[key].Counts.Plus(c)
		}
		slices.SortFunc(order, func(x, y int64) int {
			if level == app.RateClass {
				return labels[x].order - labels[y].order
			}
			return int(x - y)
		})
		for _, k := range order {
			out = append(out, *rows[k])
		}
		return nil
	})
	return out, err
}

// classCounts sums each class's roll calls from lo to hi: students on the
// roll, and the exceptions by mark.
func classCounts(ctx context.Context, q querier, lo, hi string) (map[int64]app.AttendanceCounts, error) {
	out := map[int64]app.AttendanceCounts{}
	rows, err := q.QueryContext(ctx, `SELECT class_id, SUM(students) FROM roll_calls WHERE day BETWEEN ? AND ? GROUP BY class_id`, lo, hi)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var c app.AttendanceCounts
		if err := rows.Scan(&id, &c.Sessions); err != nil {
			return nil, err
		}
		out[id] = c
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	marks, err := q.QueryContext(ctx, `SELECT r.class_id, a.mark, COUNT(*) FROM attendance a JOIN roll_calls r ON r.id = a.roll_call_id
		WHERE r.day BETWEEN ? AND ? GROUP BY r.class_id, a.mark`, lo, hi)
	if err != nil {
		return nil, err
	}
	defer marks.Close()
	for marks.Next() {
		var id int64
		var m app.Mark
		var n int
		if err := marks.Scan(&id, &m, &n); err != nil {
			return nil, err
		}
		c := out[id]
		addMarks(&c, m, n)
		out[id] = c
	}
	return out, marks.Err()
}

// addMarks counts n exceptions with mark m (the sessions are counted
// from the roll calls already).
func addMarks(c *app.AttendanceCounts, m app.Mark, n int) {
	switch m {
	case app.MarkAbsent:
		c.Absent += n
	case app.MarkLate:
		c.Late += n
	case app.MarkEarly:
		c.Early += n
	case app.MarkSick:
		c.Sick += n
	case app.MarkPersonal:
		c.Personal += n
	}
}

// studentRates sums each student's roll calls: those of their class, and
// their own exceptions.
func studentRates(ctx context.Context, tx *sql.Tx, a *app.Account, lo, hi string) ([]app.RateRow, error) {
	rollCalls := map[int64]int{}
	rows, err := tx.QueryContext(ctx, `SELECT class_id, COUNT(*) FROM roll_calls WHERE day BETWEEN ? AND ? GROUP BY class_id`, lo, hi)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		rollCalls[id] = n
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	// the classes that took roll calls in the range: this year's, or a
	// past year's when the range is in it
	students, err := loadClassStudents(ctx, tx, a, slices.Collect(maps.Keys(rollCalls)))
	if err != nil {
		return nil, err
	}
	marks := map[int64]*app.AttendanceCounts{}
	mrows, err := tx.QueryContext(ctx, `SELECT a.student_id, a.mark, COUNT(*) FROM attendance a JOIN roll_calls r ON r.id = a.roll_call_id
		WHERE r.day BETWEEN ? AND ? GROUP BY a.student_id, a.mark`, lo, hi)
	if err != nil {
		return nil, err
	}
	defer mrows.Close()
	for mrows.Next() {
		var id int64
		var m app.Mark
		var n int
		if err := mrows.Scan(&id, &m, &n); err != nil {
			return nil, err
		}
		if marks[id] == nil {
			marks[id] = &app.AttendanceCounts{}
		}
		addMarks(marks[id], m, n)
	}
	if err := mrows.Err(); err != nil {
		return nil, err
	}
	out := make([]app.RateRow, 0, len(students))
	for _, st := range students {
		c := app.AttendanceCounts{}
		if m := marks[st.StudentID]; m != nil {
			c = *m
		}
		c.Sessions = rollCalls[st.ClassID]
		out = append(out, app.RateRow{Level: app.RateStudent, ID: st.StudentID, Within: st.ClassID, Label: st.ClassLabel + " " + st.StudentName, Counts: c})
	}
	return out, nil
}

// NotTaken lists the classes (that a sees) with no roll call on day.
func (s *attendanceService) NotTaken(ctx context.Context, day time.Time) ([]*app.Class, error) {
	a, err := actingAccount(ctx)
	if err != nil {
		return nil, err
	}
	var out []*app.Class
	err = s.db.read(ctx, func(tx *sql.Tx) error {
		out, err = notTaken(ctx, tx, a, day)
		return err
	})
	return out, err
}

// notTaken is NotTaken in q.
func notTaken(ctx context.Context, q querier, a *app.Account, day time.Time) ([]*app.Class, error) {
	classes, err := loadClasses(ctx, q)
	if err != nil {
		return nil, err
	}
	taken, err := queryIDs(ctx, q, `SELECT DISTINCT class_id FROM roll_calls WHERE day = ?`, app.FormatDate(day))
	if err != nil {
		return nil, err
	}
	var out []*app.Class
	for _, c := range classes {
		if seesClass(a, c.ID) && c.StudentCount > 0 && !slices.Contains(taken, c.ID) {
			out = append(out, c)
		}
	}
	return out, nil
}

// AbsenceAlerts lists the students absent on each of at least days of
// their class's latest school days up to day (a school day: one with a
// roll call; absent: marked absent in every session taken that day), as
// a call list with the guardians, phones masked for the account.
func (s *attendanceService) AbsenceAlerts(ctx context.Context, day time.Time, days int) ([]app.AbsenceAlert, error) {
	a, err := actingAccount(ctx)
	if err != nil {
		return nil, err
	}
	var out []app.AbsenceAlert
	err = s.db.read(ctx, func(tx *sql.Tx) error {
		out, err = absenceAlerts(ctx, tx, a, day, days, func(int64) bool { return true })
		return err
	})
	return out, err
}

// absenceAlerts is AbsenceAlerts over the classes keep lets through (of
// those a sees). Only the last 3×alertLookback days are read: an older
// school day has no absence read, so it would end a streak anyway.
func absenceAlerts(ctx context.Context, q querier, a *app.Account, day time.Time, days int, keep func(classID int64) bool) ([]app.AbsenceAlert, error) {
	if days < 1 {
		days = app.DefaultAlertDays
	}
	lo, hi := app.FormatDate(day.AddDate(0, 0, -3*alertLookback)), app.FormatDate(day)
	// each class's school days, latest first, and its sessions per day
	rows, err := q.QueryContext(ctx, `SELECT class_id, day, COUNT(*) FROM roll_calls WHERE day BETWEEN ? AND ?
		GROUP BY class_id, day ORDER BY class_id, day DESC`, lo, hi)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	type schoolDay struct {
		day      string
		sessions int
	}
	classDays := map[int64][]schoolDay{}
	for rows.Next() {
		var id int64
		var d schoolDay
		if err := rows.Scan(&id, &d.day, &d.sessions); err != nil {
			return nil, err
		}
		if keep(id) && seesClass(a, id) && len(classDays[id]) < alertLookback {
			classDays[id] = append(classDays[id], d)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	// absences per student, in their class's roll calls of each day (not
	// another class's the same day: last year's, or before a move)
	absent := map[int64]map[classDay]int{}
	arows, err := q.QueryContext(ctx, `SELECT a.student_id, r.class_id, r.day, COUNT(*) FROM attendance a JOIN roll_calls r ON r.id = a.roll_call_id
		WHERE a.mark = 'absent' AND r.day BETWEEN ? AND ? GROUP BY a.student_id, r.class_id, r.day`, lo, hi)
	if err != nil {
		return nil, err
	}
	defer arows.Close()
	for arows.Next() {
		var id int64
		var k classDay
		var n int
		if err := arows.Scan(&id, &k.class, &k.day, &n); err != nil {
			return nil, err
		}
		if absent[id] == nil {
			absent[id] = map[classDay]int{}
		}
		absent[id][k] = n
	}
	if err := arows.Err(); err != nil {
		return nil, err
	}
	// a streak ends on the class's latest school day: only the students
	// absent on it can have one
	var candidates []int64
	for id, byDay := range absent {
		for k, n := range byDay {
			if d := classDays[k.class]; len(d) > 0 && d[0].day == k.day && n >= d[0].sessions {
				candidates = append(candidates, id)
				break
			}
		}
	}
	students, err := loadRolls(ctx, q, "r.student_id", candidates)
	if err != nil {
		return nil, err
	}
	var out []app.AbsenceAlert
	var ids []int64
	for _, st := range students {
		streak := 0
		var since string
		for _, d := range classDays[st.ClassID] {
			if absent[st.StudentID][classDay{st.ClassID, d.day}] < d.sessions {
				break
			}
			streak++
			since = d.day
		}
		if streak >= days {
			al := app.AbsenceAlert{StudentID: st.StudentID, StudentName: st.StudentName, StudentNo: st.StudentNo,
				ClassID: st.ClassID, ClassLabel: st.ClassLabel, Days: streak}
			al.Since, _ = app.ParseDate(since)
			out = append(out, al)
			ids = append(ids, st.StudentID)
		}
	}
	guardians, err := loadGuardians(ctx, q, ids)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Guardians = maskGuardians(a, out[i].ClassID, guardians[out[i].StudentID])
	}
	return out, nil
}

// classDay is a class's roll calls of one day.
type classDay struct {
	class int64
	day   string
}

// loadGuardians reads the guardians of the students given, in their
// order per student.
func loadGuardians(ctx context.Context, q querier, studentIDs []int64) (map[int64][]app.GuardianContact, error) {
	out := map[int64][]app.GuardianContact{}
	err := inChunks(studentIDs, func(in string, args []any) error {
		rows, err := q.QueryContext(ctx, `SELECT sg.student_id, g.id, g.name, sg.relation, g.phone FROM student_guardians sg
			JOIN guardians g ON g.id = sg.guardian_id WHERE sg.student_id IN (`+in+`) ORDER BY sg.student_id, sg.position`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var g app.GuardianContact
			if err := rows.Scan(&id, &g.GuardianID, &g.Name, &g.Relation, &g.Phone); err != nil {
				return err
			}
			out[id] = append(out[id], g)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// maskGuardians returns a student's guardians with the phones a may not
// see masked (app.MaskDirectory's rule: full numbers only for a
// teacher's own classes).
func maskGuardians(a *app.Account, classID int64, gs []app.GuardianContact) []app.GuardianContact {
	if a.CanSeePhone(classID) {
		return gs
	}
	out := slices.Clone(gs)
	for i := range out {
		out[i].Phone, out[i].PhoneMasked = app.MaskPhone(out[i].Phone), true
	}
	return out
}

// MonthSheet returns a class's month of attendance: every day of the
// month, its sessions, each student's marks and totals.
func (s *attendanceService) MonthSheet(ctx context.Context, classID int64, month time.Time) (*app.MonthSheet, error) {
	a, err := actingAccount(ctx)
	if err != nil {
		return nil, err
	}
	first := time.Date(month.Year(), month.Month(), 1, 0, 0, 0, 0, time.Local)
	var out *app.MonthSheet
	err = s.db.read(ctx, func(tx *sql.Tx) error {
		class, err := rollCallClass(ctx, tx, a, classID)
		if err != nil {
			return err
		}
		settings, err := loadAttendanceSettings(ctx, tx)
		if err != nil {
			return err
		}
		ms := &app.MonthSheet{ClassID: classID, ClassLabel: class.label, Month: first, Sessions: app.Sessions(settings.SplitDay)}
		for d := first; d.Month() == first.Month(); d = d.AddDate(0, 0, 1) {
			ms.Days = append(ms.Days, d)
		}
		slot := func(day string, session app.Session) int {
			d, err := app.ParseDate(day)
			if err != nil {
				return -1
			}
			i := d.Day() - 1
			if len(ms.Sessions) == 1 {
				return i
			}
			if session == app.SessionPM {
				return 2*i + 1
			}
			return 2 * i // am, and a whole-day roll call taken before the school split its days
		}
		students, err := loadClassStudents(ctx, tx, a, []int64{classID})
		if err != nil {
			return err
		}
		slots := len(ms.Days) * len(ms.Sessions)
		index := map[int64]int{}
		ms.Students = make([]app.MonthRow, len(students))
		for i, st := range students {
			ms.Students[i] = app.MonthRow{StudentID: st.StudentID, StudentName: st.StudentName, StudentNo: st.StudentNo,
				Marks: make([]app.Mark, slots), Taken: make([]bool, slots)}
			index[st.StudentID] = i
		}
		lo, hi := app.FormatDate(first), app.FormatDate(first.AddDate(0, 1, -1))
		rows, err := tx.QueryContext(ctx, `SELECT day, session FROM roll_calls WHERE class_id = ? AND day BETWEEN ? AND ?`, classID, lo, hi)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var day string
			var session app.Session
			if err := rows.Scan(&day, &session); err != nil {
				return err
			}
			if k := slot(day, session); k >= 0 && k < slots {
				for i := range ms.Students {
					ms.Students[i].Taken[k] = true
				}
			}
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		marks, err := tx.QueryContext(ctx, `SELECT a.student_id, r.day, r.session, a.mark FROM attendance a JOIN roll_calls r ON r.id = a.roll_call_id
			WHERE r.class_id = ? AND r.day BETWEEN ? AND ?`, classID, lo, hi)
		if err != nil {
			return err
		}
		defer marks.Close()
		for marks.Next() {
			var id int64
			var day string
			var session app.Session
			var m app.Mark
			if err := marks.Scan(&id, &day, &session, &m); err != nil {
				return err
			}
			i, ok := index[id]
			if k := slot(day, session); ok && k >= 0 && k < slots {
				ms.Students[i].Marks[k] = m
			}
		}
		if err := marks.Err(); err != nil {
			return err
		}
		for i := range ms.Students {
			row := &ms.Students[i]
			for k, taken := range row.Taken {
				if taken {
					row.Counts.Add(row.Marks[k])
				}
			}
		}
		out = ms
		return nil
	})
	return out, err
}
