package storage

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"sync"
	"time"

	"jxj/app"
)

// cockpitService implements app.CockpitService: every figure of the
// cockpit from the school's database, counted by SQLite from its indexes
// (0009_cockpit.sql adds those the cockpit needs), but for the latest
// exam's statistics, which app.ComputeExamStats works out from its sheet.
type cockpitService struct{ db *DB }

var _ app.CockpitService = (*cockpitService)(nil)

// The settings keys of the class size lines.
const (
	settingSizeStandard = "cockpit.size_standard"
	settingSizeLarge    = "cockpit.size_large"
	settingSizeHuge     = "cockpit.size_huge"
)

// ClassSizeLines reads the class size lines, app.DefaultClassSizeLines
// until an administrator sets them.
func (s *cockpitService) ClassSizeLines(ctx context.Context) (app.ClassSizeLines, error) {
	if _, err := actingAccount(ctx); err != nil {
		return app.ClassSizeLines{}, err
	}
	var out app.ClassSizeLines
	err := s.db.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = loadSizeLines(ctx, tx)
		return err
	})
	return out, err
}

func loadSizeLines(ctx context.Context, q querier) (app.ClassSizeLines, error) {
	l := app.DefaultClassSizeLines
	rows, err := q.QueryContext(ctx, `SELECT key, value FROM settings WHERE key IN (?, ?, ?)`, settingSizeStandard, settingSizeLarge, settingSizeHuge)
	if err != nil {
		return l, err
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return l, err
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			return l, fmt.Errorf("setting %s: %q: %w", k, v, err)
		}
		switch k {
		case settingSizeStandard:
			l.Standard = n
		case settingSizeLarge:
			l.Large = n
		case settingSizeHuge:
			l.Huge = n
		}
	}
	return l, rows.Err()
}

// SetClassSizeLines stores the lines; admin only, audited.
func (s *cockpitService) SetClassSizeLines(ctx context.Context, l app.ClassSizeLines) error {
	if err := app.RequireAdmin(ctx); err != nil {
		return err
	}
	if err := l.Validate(); err != nil {
		return err
	}
	return s.db.write(ctx, func(tx *sql.Tx) error {
		for _, kv := range []struct {
			key   string
			value int
		}{{settingSizeStandard, l.Standard}, {settingSizeLarge, l.Large}, {settingSizeHuge, l.Huge}} {
			if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
				kv.key, strconv.Itoa(kv.value)); err != nil {
				return err
			}
		}
		return s.db.audit(ctx, tx, "cockpit.size_lines", "settings", fmt.Sprintf("standard=%d large=%d huge=%d", l.Standard, l.Large, l.Huge))
	})
}

// Cockpit computes every figure for range r as the acting account sees
// the school. The classes are this school year's: a past year's class is
// never counted, not even under this year's name.
func (s *cockpitService) Cockpit(ctx context.Context, r app.DateRange) (*app.Cockpit, error) {
	a, err := actingAccount(ctx)
	if err != nil {
		return nil, err
	}
	if err := r.Validate(); err != nil {
		return nil, err
	}
	from, to := localDay(r.From), localDay(r.To)
	out := &app.Cockpit{Range: app.DateRange{From: from, To: to}, Teacher: !a.ReadsAll()}
	run := &cockpitRun{ctx: ctx, a: a, now: s.db.Now(), from: from, to: to, lo: app.FormatDate(from), hi: app.FormatDate(to), out: out}
	if err := s.db.read(ctx, func(tx *sql.Tx) error { return run.loadClasses(tx) }); err != nil {
		return nil, err
	}
	// The parts share nothing but the classes: they run side by side on
	// the read pool, each in a read transaction of its own (so two parts
	// may see the data a moment apart, as two tiles loaded one after the
	// other would).
	steps := []func(q querier) error{run.attendance, run.absences, run.roster, run.notices, run.homework, run.forms, run.exam, run.todo, run.sync}
	errs := make([]error, len(steps))
	var wg sync.WaitGroup
	for i, step := range steps {
		wg.Go(func() {
			errs[i] = s.db.read(ctx, func(tx *sql.Tx) error { return step(tx) })
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err // the first part's that failed: one message
		}
	}
	return out, nil
}

// localDay is the midnight starting t's calendar day in time.Local, as
// app.DateRange.Validate reads a range.
func localDay(t time.Time) time.Time {
	y, m, d := t.In(time.Local).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.Local)
}

// cockpitRun computes one cockpit: each step fills its part of out.
type cockpitRun struct {
	ctx      context.Context
	a        *app.Account
	now      time.Time // by the database's clock
	from, to time.Time
	lo, hi   string // from and to as days are stored
	out      *app.Cockpit

	classes []*app.Class         // this year's classes, in school order
	order   map[int64]int        // each one's place in classes
	own     map[int64]*app.Class // those the account sees: all, or a teacher's own
	grades  map[int]bool         // the grades of the classes it sees
}

// loadClasses reads this year's classes and picks those the account sees.
func (r *cockpitRun) loadClasses(q querier) error {
	var err error
	if r.classes, err = loadClasses(r.ctx, q); err != nil {
		return err
	}
	r.order, r.own, r.grades = map[int64]int{}, map[int64]*app.Class{}, map[int]bool{}
	for i, c := range r.classes {
		r.order[c.ID] = i
		if seesClass(r.a, c.ID) {
			r.own[c.ID] = c
			r.grades[c.Grade] = true
		}
	}
	return nil
}

// sees reports whether a class is one of this year's that the account sees.
func (r *cockpitRun) sees(classID int64) bool { return r.own[classID] != nil }

// classGender is the students of one gender in a class.
type classGender struct {
	class  int64
	gender string
}

// attendance sums the roll calls of the range and of the trend's days:
// student-sessions from each roll call's count of students, exceptions
// from its marks. Boys' and girls' sessions are each roll call's boys and
// girls now on the class's roll, and their exceptions those of the
// students still on it, so a student who left changes no gender's rate.
func (r *cockpitRun) attendance(q querier) error {
	trendLo := app.FormatDate(r.to.AddDate(0, 0, 1-app.TrendDays))
	lo := min(r.lo, trendLo)

	counts := map[classDay]app.AttendanceCounts{}
	calls := map[int64]int{} // roll calls per class in the range
	rows, err := q.QueryContext(r.ctx, `SELECT class_id, day, SUM(students), COUNT(*) FROM roll_calls
		WHERE day BETWEEN ? AND ? GROUP BY class_id, day`, lo, r.hi)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k classDay
		var sessions, n int
		if err := rows.Scan(&k.class, &k.day, &sessions, &n); err != nil {
			return err
		}
		counts[k] = app.AttendanceCounts{Sessions: sessions}
		if k.day >= r.lo {
			calls[k.class] += n
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rows.Close()

	byGender := map[classGender]app.AttendanceCounts{} // the range's exceptions
	marks, err := q.QueryContext(r.ctx, `SELECT r.class_id, r.day, a.mark,
			CASE WHEN s.class_id = r.class_id AND s.status = 'active' THEN s.gender ELSE '' END, COUNT(*)
		FROM attendance a JOIN roll_calls r ON r.id = a.roll_call_id JOIN students s ON s.id = a.student_id
		WHERE r.day BETWEEN ? AND ? GROUP BY 1, 2, 3, 4`, lo, r.hi)
	if err != nil {
		return err
	}
	defer marks.Close()
	for marks.Next() {
		var k classDay
		var m app.Mark
		var gender string
		var n int
		if err := marks.Scan(&k.class, &k.day, &m, &gender, &n); err != nil {
			return err
		}
		c := counts[k]
		addMarks(&c, m, n)
		counts[k] = c
		if k.day >= r.lo && gender != "" {
			g := byGender[classGender{k.class, gender}]
			addMarks(&g, m, n)
			byGender[classGender{k.class, gender}] = g
		}
	}
	if err := marks.Err(); err != nil {
		return err
	}
	marks.Close()
	roll, err := rollByGender(r.ctx, q)
	if err != nil {
		return err
	}

	att := &r.out.Attendance
	trend := map[string]app.AttendanceCounts{}
	inRange := map[int64]app.AttendanceCounts{}
	for k, c := range counts {
		if r.sees(k.class) && k.day == r.hi {
			att.Today = att.Today.Plus(c)
		}
		if r.sees(k.class) && k.day >= trendLo {
			trend[k.day] = trend[k.day].Plus(c)
		}
		if k.day >= r.lo {
			inRange[k.class] = inRange[k.class].Plus(c)
		}
	}
	for _, day := range slices.Sorted(maps.Keys(trend)) {
		d, err := app.ParseDate(day)
		if err != nil {
			return fmt.Errorf("roll call day %q: %w", day, err)
		}
		att.Trend = append(att.Trend, app.DayCounts{Day: d, Counts: trend[day]})
	}

	grades := map[int]*app.GradeAttendance{}
	for _, c := range r.classes {
		if r.sees(c.ID) && calls[c.ID] > 0 {
			att.ByClass = append(att.ByClass, app.RateRow{Level: app.RateClass, ID: c.ID, Label: c.Label(), Counts: inRange[c.ID]})
		}
		if r.sees(c.ID) && c.StudentCount > 0 {
			if _, taken := counts[classDay{c.ID, r.hi}]; !taken {
				att.NotTaken = append(att.NotTaken, c)
			}
		}
		if !r.grades[c.Grade] || calls[c.ID] == 0 {
			continue
		}
		g := grades[c.Grade]
		if g == nil {
			g = &app.GradeAttendance{Grade: c.Grade}
			grades[c.Grade] = g
		}
		g.All = g.All.Plus(inRange[c.ID])
		for _, part := range []struct {
			gender string
			counts *app.AttendanceCounts
		}{{"M", &g.Male}, {"F", &g.Female}} {
			k := classGender{c.ID, part.gender}
			*part.counts = part.counts.Plus(byGender[k]).Plus(app.AttendanceCounts{Sessions: calls[c.ID] * roll[k]})
		}
	}
	// lowest rate first; classes with the same rate stay in class order
	slices.SortStableFunc(att.ByClass, func(x, y app.RateRow) int { return cmp.Compare(x.Counts.Rate(), y.Counts.Rate()) })
	for _, g := range slices.Sorted(maps.Keys(grades)) {
		att.ByGrade = append(att.ByGrade, *grades[g])
	}
	return nil
}

// rollByGender counts each class's boys and girls on the roll.
func rollByGender(ctx context.Context, q querier) (map[classGender]int, error) {
	rows, err := q.QueryContext(ctx, `SELECT class_id, gender, COUNT(*) FROM students
		WHERE status = 'active' AND gender <> '' GROUP BY 1, 2`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[classGender]int{}
	for rows.Next() {
		var k classGender
		var n int
		if err := rows.Scan(&k.class, &k.gender, &n); err != nil {
			return nil, err
		}
		out[k] = n
	}
	return out, rows.Err()
}

// absences lists the students of the classes the account sees absent on
// the school's alert days in a row, up to the range's last day.
func (r *cockpitRun) absences(q querier) error {
	settings, err := loadAttendanceSettings(r.ctx, q)
	if err != nil {
		return err
	}
	r.out.Attendance.AlertDays = settings.AlertDays
	r.out.Attendance.Absent, err = absenceAlerts(r.ctx, q, r.a, r.to, settings.AlertDays, r.sees)
	return err
}

// roster counts the students on the roll, by grade and class, and the
// teaching staff: those with a subject, or teaching or heading one of
// this year's classes. The school's totals are the school's for every
// role; a teacher's grades and classes are those of their own classes.
func (r *cockpitRun) roster(q querier) error {
	ro := &r.out.Roster
	grades := map[int]*app.GradeCount{}
	for _, c := range r.classes {
		ro.Students += c.StudentCount
		if r.grades[c.Grade] {
			g := grades[c.Grade]
			if g == nil {
				g = &app.GradeCount{Grade: c.Grade}
				grades[c.Grade] = g
			}
			g.Students += c.StudentCount
			g.Classes++
		}
		if r.sees(c.ID) {
			ro.Classes = append(ro.Classes, app.ClassSize{ClassID: c.ID, ClassLabel: c.Label(), Grade: c.Grade, Students: c.StudentCount})
		}
	}
	for _, g := range slices.Sorted(maps.Keys(grades)) {
		ro.ByGrade = append(ro.ByGrade, *grades[g])
	}
	err := q.QueryRowContext(r.ctx, countTeachingStaff).Scan(&ro.Staff)
	if err != nil {
		return err
	}
	ro.Lines, err = loadSizeLines(r.ctx, q)
	return err
}

// openNotices selects the ids of the notices open on the range's last
// day: published (by its end), asking for acknowledgements, the deadline
// not past. Its arguments are openArgs. Receipts are read through
// "r.notice_id IN (openNotices)", which SQLite answers notice by notice
// from the receipts' index.
const openNotices = `SELECT n.id FROM notices n
	WHERE n.state = 'published' AND n.requires_ack = 1 AND (n.deadline = '' OR n.deadline >= ?) AND n.published_at < ?`

func (r *cockpitRun) openArgs() []any {
	return []any{r.hi, formatTime(r.to.AddDate(0, 0, 1))}
}

// notices counts the family receipts (those with a class: staff have
// none) of the open notices, by class, in the classes the account sees;
// a teacher gets the notices that reach their classes or that they wrote.
func (r *cockpitRun) notices(q querier) error {
	labels, err := classLabels(r.ctx, q)
	if err != nil {
		return err
	}
	byNotice := map[int64]map[int64]*app.ReceiptCounts{}
	rows, err := q.QueryContext(r.ctx, `SELECT r.notice_id, r.class_id, r.state, COUNT(*) FROM receipts r
		WHERE r.notice_id IN (`+openNotices+`) AND r.class_id IS NOT NULL GROUP BY 1, 2, 3`, r.openArgs()...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, classID int64
		var state app.ReceiptState
		var n int
		if err := rows.Scan(&id, &classID, &state, &n); err != nil {
			return err
		}
		if !seesClass(r.a, classID) {
			continue
		}
		if byNotice[id] == nil {
			byNotice[id] = map[int64]*app.ReceiptCounts{}
		}
		c := byNotice[id][classID]
		if c == nil {
			c = &app.ReceiptCounts{}
			byNotice[id][classID] = c
		}
		for range n {
			c.Add(state)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rows.Close()

	list, err := q.QueryContext(r.ctx, `SELECT id, title, deadline, created_by FROM notices WHERE id IN (`+openNotices+`) ORDER BY id DESC`, r.openArgs()...)
	if err != nil {
		return err
	}
	defer list.Close()
	for list.Next() {
		var n app.Notice
		var deadline string
		if err := list.Scan(&n.ID, &n.Title, &deadline, &n.CreatedBy); err != nil {
			return err
		}
		if n.Deadline, err = app.ParseDate(deadline); err != nil {
			return fmt.Errorf("notice %d: stored deadline %q: %w", n.ID, deadline, err)
		}
		rate := app.NoticeRate{NoticeID: n.ID, Title: n.Title, Deadline: n.Deadline}
		classes := slices.SortedFunc(maps.Keys(byNotice[n.ID]), func(x, y int64) int { return labels[x].order - labels[y].order })
		for _, id := range classes {
			c := *byNotice[n.ID][id]
			rate.Classes = append(rate.Classes, app.ClassProgress{ClassID: id, ClassLabel: labels[id].label, Counts: c})
			rate.Counts = app.ReceiptCounts{Total: rate.Counts.Total + c.Total, Unread: rate.Counts.Unread + c.Unread,
				Read: rate.Counts.Read + c.Read, Acked: rate.Counts.Acked + c.Acked}
		}
		n.State, n.Counts = app.NoticeStatePublished, rate.Counts
		if visible(r.a, &n) {
			r.out.Notices.Open = append(r.out.Notices.Open, rate)
		}
	}
	if err := list.Err(); err != nil {
		return err
	}
	list.Close()
	scope, args := classScope(r.a)
	return q.QueryRowContext(r.ctx, `SELECT COUNT(DISTINCT r.student_id) FROM receipts r
		WHERE r.notice_id IN (`+openNotices+`) AND r.class_id IS NOT NULL AND r.state < ? AND `+scope,
		append(append(r.openArgs(), app.ReceiptAcked), args...)...).Scan(&r.out.Notices.ToReach)
}

// homework sums, per class and subject, the homework due in the range:
// each piece asks every student on the class's roll, and the completion
// recorded for it counts in its class (for a piece given to several
// classes, in the class the student is in). A record of a student who
// has left the class since still counts, as asked: Total is then more
// than the roll.
func (r *cockpitRun) homework(q querier) error {
	type key struct {
		class   int64
		subject string
	}
	type piece struct {
		subject string
		classes []int64
	}
	pieces := map[int64]*piece{}
	rates := map[key]*app.HomeworkRate{}
	rows, err := q.QueryContext(r.ctx, `SELECT h.id, h.subject, hc.class_id FROM homework h JOIN homework_classes hc ON hc.homework_id = h.id
		WHERE h.due BETWEEN ? AND ?`, r.lo, r.hi)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, classID int64
		var subject string
		if err := rows.Scan(&id, &subject, &classID); err != nil {
			return err
		}
		p := pieces[id]
		if p == nil {
			p = &piece{subject: subject}
			pieces[id] = p
		}
		p.classes = append(p.classes, classID)
		if c := r.own[classID]; c != nil {
			k := key{classID, subject}
			if rates[k] == nil {
				rates[k] = &app.HomeworkRate{ClassID: c.ID, ClassLabel: c.Label(), Subject: subject}
			}
			rates[k].Homework++
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rows.Close()
	// the records of each piece by state, straight from the index in its
	// order; a piece of several classes is read again by student below
	done, err := q.QueryContext(r.ctx, `SELECT homework_id, state, COUNT(*) FROM homework_completion
		WHERE homework_id IN (SELECT id FROM homework WHERE due BETWEEN ? AND ?) GROUP BY 1, 2`, r.lo, r.hi)
	if err != nil {
		return err
	}
	defer done.Close()
	for done.Next() {
		var id int64
		var state app.Completion
		var n int
		if err := done.Scan(&id, &state, &n); err != nil {
			return err
		}
		if p := pieces[id]; p != nil && len(p.classes) == 1 {
			if hr := rates[key{p.classes[0], p.subject}]; hr != nil {
				for range n {
					hr.Counts.Add(state)
				}
			}
		}
	}
	if err := done.Err(); err != nil {
		return err
	}
	done.Close()
	var shared []int64
	for id, p := range pieces {
		if len(p.classes) > 1 {
			shared = append(shared, id)
		}
	}
	err = inChunks(shared, func(in string, args []any) error {
		rows, err := q.QueryContext(r.ctx, `SELECT s.class_id, h.subject, c.state, COUNT(*) FROM homework h
			JOIN homework_completion c ON c.homework_id = h.id JOIN students s ON s.id = c.student_id
			WHERE h.id IN (`+in+`) GROUP BY 1, 2, 3`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var k key
			var state app.Completion
			var n int
			if err := rows.Scan(&k.class, &k.subject, &state, &n); err != nil {
				return err
			}
			if hr := rates[k]; hr != nil {
				for range n {
					hr.Counts.Add(state)
				}
			}
		}
		return rows.Err()
	})
	if err != nil {
		return err
	}
	// the students with nothing recorded
	for _, hr := range rates {
		expected := hr.Homework * r.own[hr.ClassID].StudentCount
		hr.Counts.Unrecorded += max(expected-hr.Counts.Total, 0)
		hr.Counts.Total = max(expected, hr.Counts.Total)
	}
	for _, k := range slices.SortedFunc(maps.Keys(rates), func(x, y key) int {
		return cmp.Or(cmp.Compare(r.order[x.class], r.order[y.class]), cmp.Compare(x.subject, y.subject))
	}) {
		r.out.Homework = append(r.out.Homework, *rates[k])
	}
	return nil
}

// forms lists the surveys and chains open in the range (made by its end,
// not closed, the deadline not before its first day) that ask a class the
// account sees: its students on the roll, and how many of them answered.
func (r *cockpitRun) forms(q querier) error {
	const open = `SELECT id FROM forms WHERE kind IN ('survey', 'chain') AND closed = 0 AND (deadline = '' OR deadline >= ?) AND created_at < ?`
	args := []any{r.lo, formatTime(r.to.AddDate(0, 0, 1))}
	byID := map[int64]*app.FormRate{}
	asks := map[[2]int64]bool{} // form and class: a class the account sees that the form asks
	var ids []int64
	rows, err := q.QueryContext(r.ctx, `SELECT f.id, f.title, f.kind, f.deadline, fc.class_id FROM forms f JOIN form_classes fc ON fc.form_id = f.id
		WHERE f.id IN (`+open+`)`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var f app.FormRate
		var deadline string
		var classID int64
		if err := rows.Scan(&f.FormID, &f.Title, &f.Kind, &deadline, &classID); err != nil {
			return err
		}
		c := r.own[classID]
		if c == nil {
			continue
		}
		if byID[f.FormID] == nil {
			if f.Deadline, err = app.ParseDate(deadline); err != nil {
				return fmt.Errorf("form %d: stored deadline %q: %w", f.FormID, deadline, err)
			}
			byID[f.FormID] = &f
			ids = append(ids, f.FormID)
		}
		byID[f.FormID].Expected += c.StudentCount
		asks[[2]int64{f.FormID, classID}] = true
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rows.Close()
	answers, err := q.QueryContext(r.ctx, `SELECT a.form_id, s.class_id, COUNT(*) FROM form_answers a JOIN students s ON s.id = a.student_id
		WHERE a.form_id IN (`+open+`) AND a.day = '' AND s.status = 'active' GROUP BY 1, 2`, args...)
	if err != nil {
		return err
	}
	defer answers.Close()
	for answers.Next() {
		var formID, classID int64
		var n int
		if err := answers.Scan(&formID, &classID, &n); err != nil {
			return err
		}
		if asks[[2]int64{formID, classID}] {
			byID[formID].Answered += n
		}
	}
	if err := answers.Err(); err != nil {
		return err
	}
	// closing soonest first, those without a deadline last
	slices.SortFunc(ids, func(x, y int64) int {
		dx, dy := byID[x].Deadline, byID[y].Deadline
		switch {
		case dx.IsZero() && !dy.IsZero():
			return 1
		case dy.IsZero() && !dx.IsZero():
			return -1
		}
		return cmp.Or(dx.Compare(dy), cmp.Compare(x, y))
	})
	for _, id := range ids {
		r.out.Forms = append(r.out.Forms, *byID[id])
	}
	return nil
}

// exam computes the latest exam up to the range's end of the classes the
// account sees: per class it sees, and over all the exam's classes of
// their grades. The scores are read as the whole school (a teacher's
// grade figure needs the other classes' scores) but only the statistics
// leave: no student's result, no rank.
func (r *cockpitRun) exam(q querier) error {
	rows, err := q.QueryContext(r.ctx, `SELECT e.id, ec.class_id FROM exams e JOIN exam_classes ec ON ec.exam_id = e.id
		WHERE e.day <= ? ORDER BY e.day DESC, e.id DESC`, r.hi)
	if err != nil {
		return err
	}
	defer rows.Close()
	var id int64
	for rows.Next() {
		var exam, classID int64
		if err := rows.Scan(&exam, &classID); err != nil {
			return err
		}
		if r.sees(classID) {
			id = exam
			break
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rows.Close()
	if id == 0 {
		return nil
	}
	sheet, err := loadExamSheet(r.ctx, q, app.StatusAccount, id)
	if err != nil {
		return err
	}
	grade := map[int64]int{}
	for _, c := range r.classes {
		grade[c.ID] = c.Grade
	}
	part := &app.ExamSheet{Exam: sheet.Exam}
	for i, st := range sheet.Students {
		if r.grades[grade[st.ClassID]] {
			part.Students = append(part.Students, st)
			part.Scores = append(part.Scores, sheet.Scores[i])
		}
	}
	stats := app.ComputeExamStats(part)
	ce := &app.CockpitExam{Exam: sheet.Exam, All: stats.All}
	for _, g := range stats.Classes {
		if r.sees(g.ClassID) {
			ce.Classes = append(ce.Classes, g)
		}
	}
	r.out.Exam = ce
	return nil
}

// todo counts what waits: leave requests the account may decide, its
// notice drafts (an administrator: all), bureau notices to confirm and to
// forward (administrator and principal: only they may), and the students
// and classes it sees with data missing.
func (r *cockpitRun) todo(q querier) error {
	t := &r.out.ToDo
	leaves, err := leavesToDecide(r.ctx, q, r.a)
	if err != nil {
		return err
	}
	t.LeavesWaiting = len(leaves)
	drafts, err := q.QueryContext(r.ctx, `SELECT created_by FROM notices WHERE state = 'draft'`)
	if err != nil {
		return err
	}
	defer drafts.Close()
	for drafts.Next() {
		var n app.Notice
		if err := drafts.Scan(&n.CreatedBy); err != nil {
			return err
		}
		if r.a.IsAdmin() || isAuthor(r.a, &n) {
			t.Drafts++
		}
	}
	if err := drafts.Err(); err != nil {
		return err
	}
	drafts.Close()
	if r.a.ReadsAll() {
		if err := q.QueryRowContext(r.ctx, `SELECT COALESCE(SUM(confirmed_at = ''), 0), COALESCE(SUM(forwarded_at = ''), 0)
			FROM notices WHERE source = 'bureau' AND state = 'published'`).Scan(&t.BureauToConfirm, &t.BureauToForward); err != nil {
			return err
		}
		surveys, err := loadBureauSurveys(r.ctx, q, `WHERE s.revoked_at = ''`)
		if err != nil {
			return err
		}
		reminders, err := loadReminders(r.ctx, q)
		if err != nil {
			return err
		}
		t.BureauItems = len(app.BureauTodo(r.now, surveys, reminders))
	}
	for _, c := range r.classes {
		if r.sees(c.ID) && c.HeadTeacherID == 0 {
			t.NoHeadTeacher = append(t.NoHeadTeacher, c)
		}
	}
	return r.noGuardianPhone(q)
}

// noGuardianPhone lists the students on the roll of the classes the
// account sees with no guardian phone, in directory order.
func (r *cockpitRun) noGuardianPhone(q querier) error {
	rows, err := q.QueryContext(r.ctx, `SELECT s.id, s.name, s.gender, COALESCE(s.student_no, ''), s.class_id FROM students s
		WHERE s.status = 'active' AND NOT EXISTS (SELECT 1 FROM student_guardians sg JOIN guardians g ON g.id = sg.guardian_id
			WHERE sg.student_id = s.id AND g.phone <> '')`)
	if err != nil {
		return err
	}
	defer rows.Close()
	var list []app.DirectoryEntry
	var ids []int64
	for rows.Next() {
		e := app.DirectoryEntry{Status: app.StatusActive}
		if err := rows.Scan(&e.StudentID, &e.Name, &e.Gender, &e.StudentNo, &e.ClassID); err != nil {
			return err
		}
		if c := r.own[e.ClassID]; c != nil {
			e.ClassLabel = c.Label()
			list = append(list, e)
			ids = append(ids, e.StudentID)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rows.Close()
	guardians, err := loadGuardians(r.ctx, q, ids)
	if err != nil {
		return err
	}
	for i := range list {
		list[i].Guardians = maskGuardians(r.a, list[i].ClassID, guardians[list[i].StudentID])
	}
	sortEntries(list, r.order)
	r.out.ToDo.NoGuardianPhone = list
	return nil
}

// sync reads the link to the hub, without its credential.
func (r *cockpitRun) sync(q querier) error {
	st, err := loadSyncState(r.ctx, q)
	if err != nil {
		return err
	}
	st.Credential = ""
	r.out.Sync = st
	return nil
}
