package storage

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"jxj/app"
)

// cockpitBenchSchool is the school of the bar: 5,000 students in
// 50 classes with a year of daily attendance (yearOfAttendance), 300
// staff (each class with a head teacher), 200 notices over the year (40
// to the school, 160 to a class; the 20 before the day the cockpit is
// looked at still open; most receipts back), 20 exams of every class in
// three subjects, a homework a day per class with its completion
// recorded for the last 40 school days, 30 surveys and 50 leave requests
// waiting.
func cockpitBenchSchool(b *testing.B) (db *DB, today time.Time) {
	b.Helper()
	db, _ = yearOfAttendance(b)
	ctx := context.Background()
	svc := db.Services()
	classes, err := svc.Classes.Classes(adminCtx)
	if err != nil {
		b.Fatal(err)
	}
	subjects := []string{"语文", "数学", "英语", "科学", "道德与法治", "体育"}
	staff := make([]app.StaffRow, 300)
	var heads []app.ClassRow
	for i := range staff {
		staff[i] = app.StaffRow{Line: i + 2, Name: fmt.Sprintf("教师%03d", i), Post: "教师", Subjects: subjects[i%len(subjects)],
			Phone: fmt.Sprintf("137%08d", i), Classes: classes[i%len(classes)].Label() + "、" + classes[(i+7)%len(classes)].Label()}
	}
	for i, c := range classes {
		if c.HeadTeacherID == 0 {
			heads = append(heads, app.ClassRow{Line: i + 2, ClassText: c.Label(), HeadTeacher: fmt.Sprintf("教师%03d", i)})
		}
	}
	if _, err := svc.Staff.ImportStaff(adminCtx, staff); err != nil {
		b.Fatal(err)
	}
	if _, err := svc.Classes.ImportClasses(adminCtx, heads); err != nil {
		b.Fatal(err)
	}
	var days []string
	rows, err := db.w.Query(`SELECT DISTINCT day FROM roll_calls ORDER BY day`)
	if err != nil {
		b.Fatal(err)
	}
	for rows.Next() {
		var d string
		if err := rows.Scan(&d); err != nil {
			b.Fatal(err)
		}
		days = append(days, d)
	}
	rows.Close()
	// the cockpit is looked at on the last school day of May: its month
	// has 21 school days, its term all of spring's
	for _, d := range days {
		if due(d).Month() == time.May {
			today = due(d)
		}
	}

	for i := range 20 {
		d := app.ExamDraft{Name: fmt.Sprintf("第%d次考试", i+1), Date: due(days[i*len(days)/20])}
		for _, s := range subjects[:3] {
			d.Subjects = append(d.Subjects, app.ExamSubject{Name: s, Full: 1000})
		}
		if _, err := svc.Exams.CreateExam(adminCtx, d); err != nil {
			b.Fatal(err)
		}
	}
	for i := range 30 {
		d := surveyDraft()
		d.Title = fmt.Sprintf("调查%d", i+1)
		d.Deadline = due(days[len(days)-30+i]).AddDate(0, 0, 3)
		for _, c := range classes[i%5*10 : i%5*10+10] {
			d.ClassIDs = append(d.ClassIDs, c.ID)
		}
		if _, err := svc.Forms.CreateForm(adminCtx, d); err != nil {
			b.Fatal(err)
		}
	}
	err = db.write(ctx, func(tx *sql.Tx) error {
		for _, q := range []string{
			// exams: a score in each subject, 2 % 缺考
			`INSERT INTO scores (exam_id, student_id, subject, value, absent, recorded_at, recorded_by)
			 SELECT e.id, s.id, j.value ->> 'Name', (s.id * 37 + e.id * 11 + j.key * 7) % 101 * 10, (s.id + e.id + j.key) % 50 = 0, '', 'bench'
			 FROM exams e, json_each(e.subjects) j, students s`,
			// answers of half the students asked
			`INSERT INTO form_answers (uuid, form_id, student_id, data, seq, recorded_at, recorded_by)
			 SELECT 'a' || f.form_id || '-' || s.id, f.form_id, s.id, '{"f1":"出省"}', s.id, '', 'bench'
			 FROM form_classes f JOIN students s ON s.class_id = f.class_id WHERE s.id % 2 = 0`,
			// leave waiting for a head teacher
			`INSERT INTO leaves (uuid, student_id, kind, from_day, to_day, state, created_by, created_at)
			 SELECT 'l' || id, id, 'sick', '2026-12-01', '2026-12-01', 'pending_head', 'bench', '' FROM students WHERE id % 100 = 0`,
		} {
			if _, err := tx.Exec(q); err != nil {
				return err
			}
		}
		for i := range 200 {
			day := days[i*len(days)/200]
			deadline := due(day).AddDate(0, 0, 7)
			if due(day).Before(today) && due(day).After(today.AddDate(0, 0, -28)) {
				deadline = time.Time{} // still open
			}
			target, who := "school", "1"
			if i%5 != 0 {
				class := classes[i%len(classes)].ID
				target, who = fmt.Sprintf("class:%d", class), fmt.Sprintf("s.class_id = %d", class)
			}
			var id int64
			if err := tx.QueryRow(`INSERT INTO notices (uuid, title, body, target, requires_ack, deadline, state, created_by, created_at, published_at)
				VALUES (?, ?, '正文', ?, 1, ?, 'published', 'admin', ?, ?) RETURNING id`, fmt.Sprintf("n%d", i), fmt.Sprintf("通知%d", i), target,
				app.FormatDate(deadline), day+"T08:00:00.000Z", day+"T08:00:00.000Z").Scan(&id); err != nil {
				return err
			}
			if _, err := tx.Exec(`INSERT INTO receipts (uuid, notice_id, student_id, class_id, code, state)
				SELECT ? || '-' || s.id, ?, s.id, s.class_id, ? || '-' || s.id, (s.id + ?) % 10 / 4
				FROM students s WHERE `+who, fmt.Sprintf("r%d", i), id, fmt.Sprintf("c%d", i), i); err != nil {
				return err
			}
		}
		for i, day := range days {
			for ci, c := range classes {
				var id int64
				if err := tx.QueryRow(`INSERT INTO homework (uuid, subject, content, due, created_by, created_at) VALUES (?, ?, '练习', ?, 'bench', '') RETURNING id`,
					fmt.Sprintf("h%d-%d", i, ci), subjects[(i+ci)%len(subjects)], day).Scan(&id); err != nil {
					return err
				}
				if _, err := tx.Exec(`INSERT INTO homework_classes (homework_id, class_id) VALUES (?, ?)`, id, c.ID); err != nil {
					return err
				}
				if i < len(days)-40 {
					continue
				}
				if _, err := tx.Exec(`INSERT INTO homework_completion (homework_id, student_id, state, recorded_at, recorded_by)
					SELECT ?, id, CASE id % 20 WHEN 0 THEN 'missing' WHEN 1 THEN 'late' WHEN 2 THEN 'excused' ELSE 'done' END, '', 'bench'
					FROM students WHERE class_id = ?`, id, c.ID); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return db, today
}

// BenchmarkCockpit computes every figure of the cockpit page (bar:
// < 100 ms) for this month, this term and the longest range, a year, as
// the administrator and as a head teacher who teaches a second class.
func BenchmarkCockpit(b *testing.B) {
	db, today := cockpitBenchSchool(b)
	svc := db.Services().Cockpit
	var wang app.Account
	if err := db.w.QueryRow(`SELECT id FROM staff WHERE name = '王芳'`).Scan(&wang.StaffID); err != nil {
		b.Fatal(err)
	}
	ids, err := staffClassIDs(context.Background(), db.w, wang.StaffID)
	if err != nil || len(ids) != 2 {
		b.Fatalf("王芳's classes = %v, %v; want two", ids, err)
	}
	wang.Username, wang.Role, wang.ClassIDs = "wang", app.RoleTeacher, ids
	for _, rg := range []struct {
		name string
		r    app.DateRange
	}{
		{"month", app.RangeOf(app.RangeMonth, today)},
		{"term", app.RangeOf(app.RangeTerm, today)},
		{"year", app.DateRange{From: today.AddDate(-1, 0, 1), To: today}},
	} {
		for _, acct := range []struct {
			name    string
			ctx     context.Context
			classes int
		}{{"admin", adminCtx, 50}, {"teacher", app.NewContextWithAccount(context.Background(), &wang), 2}} {
			b.Run(rg.name+"/"+acct.name, func(b *testing.B) {
				var total time.Duration
				n := 0
				for b.Loop() {
					start := time.Now()
					c, err := svc.Cockpit(acct.ctx, rg.r)
					total += time.Since(start)
					if err != nil {
						b.Fatal(err)
					}
					if len(c.Attendance.ByClass) != acct.classes || len(c.Attendance.Trend) == 0 || len(c.Notices.Open) == 0 ||
						len(c.Homework) == 0 || c.Exam == nil || len(c.Exam.Classes) != acct.classes || len(c.Forms) == 0 {
						b.Fatalf("a cockpit missing figures: %d classes' rates, %d days, %d notices, %d homework, exam %v, %d forms",
							len(c.Attendance.ByClass), len(c.Attendance.Trend), len(c.Notices.Open), len(c.Homework), c.Exam != nil, len(c.Forms))
					}
					n++
				}
				msPer(b, total, n, "ms/cockpit")
			})
		}
	}
}
