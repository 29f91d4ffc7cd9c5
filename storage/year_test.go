package storage

import (
	"context"
	"io/fs"
	"slices"
	"testing"
	"testing/fstest"
	"time"

	"jxj/app"
)

// September: 升年级, then next year's roster. Continuing students are
// matched (no duplicates), graduates leave the directory with their
// records kept, those not in the file are listed to mark 转出, and last
// year's attendance, exam and notice stay readable, but not writable.
func TestRolloverThenNextYearsRoster(t *testing.T) {
	db := MustOpenDB(t)
	mustSetup(t, db)
	svc := db.Services()
	thisYear := currentSchoolYear(t, db)
	mustImport(t, db, []app.RosterRow{
		rrow(2, "赵一", "男", "S001", "五年级1班", "赵父", "父亲", "13800000001"),
		rrow(3, "钱二", "女", "S002", "五年级1班"),
		rrow(4, "孙三", "男", "S003", "五年级1班"),
		rrow(5, "李四", "女", "S004", "六年级1班"),
		rrow(6, "周五", "男", "S005", "六年级1班"),
		rrow(7, "吴六", "女", "S006", "一年级1班"),
	})
	old := classIDs(t, db)
	day := time.Date(thisYear+1, 3, 2, 0, 0, 0, 0, time.UTC)
	students := studentIDs(t, db)
	if _, err := svc.Attendance.SaveRollCall(adminCtx, old["五年级1班"], day, app.SessionDay,
		[]app.RollCallMark{{StudentID: students["孙三"], Mark: app.MarkSick}}); err != nil {
		t.Fatal(err)
	}
	exam, err := svc.Exams.CreateExam(adminCtx, app.ExamDraft{Name: "期末考试", Date: day,
		ClassIDs: []int64{old["五年级1班"]}, Subjects: []app.ExamSubject{{Name: "语文", Full: 1000}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.Exams.SaveScores(adminCtx, exam.ID, []app.ScoreEntry{
		{StudentID: students["赵一"], Subject: "语文", Cell: app.ScoreCell{Set: true, Value: 955}}}); err != nil {
		t.Fatal(err)
	}

	// too early: the next year starts in August
	db.Now = func() time.Time { return time.Date(thisYear+1, 7, 31, 8, 0, 0, 0, time.UTC) }
	if _, err := svc.Years.Rollover(adminCtx, app.RolloverOptions{}); app.ErrorCode(err) != app.ECONFLICT {
		t.Fatalf("Rollover in July = %v; want ECONFLICT (too early)", err)
	}
	db.Now = func() time.Time { return time.Date(thisYear+1, 9, 1, 8, 0, 0, 0, time.UTC) }
	plan, err := svc.Years.PlanRollover(adminCtx, app.RolloverOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, `SELECT count(*) FROM school_years`); n != 1 {
		t.Fatalf("PlanRollover wrote a year: %d years", n)
	}
	var moves []string
	for _, m := range plan.Moves {
		moves = append(moves, m.From+"→"+m.To)
	}
	if plan.From != thisYear || plan.To != thisYear+1 || plan.TopGrade != 6 || plan.Moved != 4 || plan.Graduated != 2 ||
		!slices.Equal(moves, []string{"一年级1班→二年级1班", "五年级1班→六年级1班"}) || len(plan.Graduates) != 1 {
		t.Fatalf("plan = %+v, moves %q; want 2 classes moving up with 4 students, 六年级1班 graduating 2", plan, moves)
	}
	if _, err := svc.Years.Rollover(adminCtx, app.RolloverOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Years.Rollover(adminCtx, app.RolloverOptions{}); app.ErrorCode(err) != app.ECONFLICT {
		t.Errorf("a second rollover = %v; want ECONFLICT: every class would move up twice", err)
	}

	dir := directoryOf(t, db)
	if len(dir) != 4 || dir["赵一"].ClassLabel != "六年级1班" || dir["吴六"].ClassLabel != "二年级1班" {
		t.Fatalf("directory after rollover = %v; want 4 students, 赵一 in 六年级1班, 吴六 in 二年级1班", dir)
	}
	if g := dir["赵一"].Guardians; len(g) != 1 || g[0].Name != "赵父" {
		t.Errorf("赵一's guardians = %+v; want kept", g)
	}
	former, err := svc.Students.FormerStudents(adminCtx)
	if err != nil {
		t.Fatal(err)
	}
	pastSix := "六年级1班（" + app.SchoolYearName(thisYear) + "）"
	if len(former) != 2 || former[0].Status != app.StatusGraduated || former[0].ClassLabel != pastSix {
		t.Fatalf("former students = %+v; want 李四 and 周五, graduated from %s", former, pastSix)
	}

	// next year's roster: 孙三 left, 郑七 transferred in, a new first grade
	next := []app.RosterRow{
		rrow(2, "赵一", "", "S001", "六年级1班"),
		rrow(3, "钱二", "", "S002", "六年级1班"),
		rrow(4, "郑七", "男", "S007", "六年级1班"),
		rrow(5, "吴六", "", "S006", "二年级1班"),
		rrow(6, "冯八", "女", "S008", "一年级1班"),
	}
	preview, err := svc.Roster.PreviewRoster(adminCtx, next)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := planCounts(preview), (counts{added: 2, unchanged: 3}); got != want {
		t.Fatalf("next year's roster = %+v; want %+v (continuing students matched, no duplicates)", got, want)
	}
	if len(preview.Missing) != 1 || preview.Missing[0].Name != "孙三" || preview.Missing[0].ClassLabel != "六年级1班" {
		t.Fatalf("missing = %+v; want 孙三 of 六年级1班", preview.Missing)
	}
	result := mustImport(t, db, next)
	if n := count(t, db, `SELECT count(*) FROM students`); n != 8 {
		t.Errorf("students = %d; want 8 (6 + 2 new)", n)
	}
	if err := svc.Students.SetStatus(adminCtx, app.StatusChange{StudentIDs: []int64{result.Missing[0].ID},
		To: app.StatusTransferred, Note: "转至城关二小"}); err != nil {
		t.Fatal(err)
	}
	if _, on := directoryOf(t, db)["孙三"]; on {
		t.Error("孙三 is still in the directory after 转出")
	}

	// last year, as it was
	rc, err := svc.Attendance.RollCall(adminCtx, old["五年级1班"], day, app.SessionDay)
	if err != nil {
		t.Fatal(err)
	}
	if len(rc.Entries) != 3 || rc.ClassLabel != "五年级1班（"+app.SchoolYearName(thisYear)+"）" {
		t.Errorf("last year's roll call: %d students, class %q; want 孙三 and the two others of 五年级1班 as it was", len(rc.Entries), rc.ClassLabel)
	}
	sheet, err := svc.Exams.ExamSheet(adminCtx, exam.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(sheet.Students) != 3 || sheet.Scores[0][0].Value != 955 {
		t.Errorf("last year's exam: %d students, first score %+v; want 3 and 95.5", len(sheet.Students), sheet.Scores[0][0])
	}
	if _, err := svc.Attendance.SaveRollCall(adminCtx, old["五年级1班"], day, app.SessionDay, nil); app.ErrorCode(err) != app.EINVALID {
		t.Errorf("a roll call for last year's class = %v; want EINVALID (read only)", err)
	}
	if _, err := svc.Exams.CreateExam(adminCtx, app.ExamDraft{Name: "补考", Date: day, ClassIDs: []int64{old["五年级1班"]},
		Subjects: []app.ExamSubject{{Name: "语文", Full: 1000}}}); app.ErrorCode(err) != app.EINVALID {
		t.Errorf("an exam for last year's class = %v; want EINVALID", err)
	}
	classes, err := svc.Classes.Classes(adminCtx)
	if err != nil {
		t.Fatal(err)
	}
	var labels []string
	for _, c := range classes {
		labels = append(labels, c.Label())
	}
	if !slices.Equal(labels, []string{"一年级1班", "二年级1班", "六年级1班"}) {
		t.Errorf("this year's classes = %q; want 一年级1班 (new), 二年级1班, 六年级1班", labels)
	}
	if n := count(t, db, `SELECT count(*) FROM audit WHERE action = 'year.rollover'`); n != 1 {
		t.Errorf("year.rollover audit rows = %d; want 1", n)
	}
}

func TestSetStatus(t *testing.T) {
	db := MustOpenDB(t)
	mustSetup(t, db)
	mustImport(t, db, []app.RosterRow{rrow(2, "赵一", "男", "S001", "3.1"), rrow(3, "钱二", "女", "S002", "3.1")})
	svc := db.Services().Students
	ids := studentIDs(t, db)
	class := classIDs(t, db)["三年级1班"]
	steps := []struct {
		name string
		c    app.StatusChange
		code string // "" for accepted
	}{
		{"休学", app.StatusChange{StudentIDs: []int64{ids["赵一"]}, To: app.StatusSuspended, Note: "病休"}, ""},
		{"again", app.StatusChange{StudentIDs: []int64{ids["赵一"]}, To: app.StatusSuspended}, app.EINVALID},
		{"复学 with no class", app.StatusChange{StudentIDs: []int64{ids["赵一"]}, To: app.StatusActive}, app.EINVALID},
		{"复学", app.StatusChange{StudentIDs: []int64{ids["赵一"]}, To: app.StatusActive, ClassID: class}, ""},
		{"to graduated by hand", app.StatusChange{StudentIDs: []int64{ids["钱二"]}, To: app.StatusGraduated}, app.EINVALID},
		{"转出 both", app.StatusChange{StudentIDs: []int64{ids["赵一"], ids["钱二"]}, To: app.StatusTransferred}, ""},
		{"unknown student", app.StatusChange{StudentIDs: []int64{999}, To: app.StatusTransferred}, app.ENOTFOUND},
	}
	for _, s := range steps {
		err := svc.SetStatus(adminCtx, s.c)
		if app.ErrorCode(err) != s.code {
			t.Fatalf("%s: err %v; want code %q", s.name, err, s.code)
		}
	}
	if n := count(t, db, `SELECT count(*) FROM students WHERE status = 'transferred'`); n != 2 {
		t.Errorf("transferred = %d; want 2", n)
	}
	if n := count(t, db, `SELECT count(*) FROM audit WHERE action = 'student.status'`); n != 4 {
		t.Errorf("student.status audit rows = %d; want 4", n)
	}
	if err := svc.SetStatus(app.NewContextWithAccount(adminCtx, &app.Account{Username: "wang", Role: app.RoleTeacher}), app.StatusChange{StudentIDs: []int64{ids["赵一"]}, To: app.StatusActive, ClassID: class}); app.ErrorCode(err) != app.EFORBIDDEN {
		t.Errorf("a teacher's 转入 = %v; want EFORBIDDEN", err)
	}
}

// currentSchoolYear is the school year the database started in.
func currentSchoolYear(t testing.TB, db *DB) int {
	t.Helper()
	years, err := db.Services().Years.SchoolYears(adminCtx)
	if err != nil || len(years) != 1 || !years[0].Current {
		t.Fatalf("SchoolYears = %+v, %v; want one current year", years, err)
	}
	return years[0].Start
}

// studentIDs maps student names to ids.
func studentIDs(t testing.TB, db *DB) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	for name, e := range directoryOf(t, db) {
		out[name] = e.StudentID
	}
	return out
}

// A school's database from before school years upgrades with its classes,
// their ids and everything that points at them.
func TestSchoolYearMigrationKeepsClasses(t *testing.T) {
	old := migrationFS
	upTo4 := fstest.MapFS{}
	for _, name := range []string{"0001_init.sql", "0002_workbench.sql", "0003_sync.sql", "0004_attendance_grades.sql"} {
		b, err := fs.ReadFile(old, name)
		if err != nil {
			t.Fatal(err)
		}
		upTo4[name] = &fstest.MapFile{Data: b}
	}
	migrationFS = upTo4
	dir := t.TempDir()
	db, err := Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`INSERT INTO classes (id, uuid, grade, name) VALUES (7, 'c7', 3, '2班'), (9, 'c9', 4, '1班')`,
		`INSERT INTO students (id, uuid, name, class_id, created_at, updated_at) VALUES (1, 's1', '张三', 7, 'x', 'x')`,
		`INSERT INTO roll_calls (uuid, class_id, day, session, students, taken_by, taken_at) VALUES ('r1', 7, '2026-03-02', 'day', 1, 'admin', 'x')`,
	} {
		if _, err := db.w.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	migrationFS = old

	db = mustOpenDir(t, dir)
	var year, grade, current int
	if err := db.w.QueryRow(`SELECT year, grade, (SELECT MAX(start_year) FROM school_years) FROM classes WHERE id = 7`).Scan(&year, &grade, &current); err != nil {
		t.Fatal(err)
	}
	if year != current || grade != 3 {
		t.Errorf("class 7 = year %d grade %d; want the current year %d, grade 3", year, grade, current)
	}
	if n := count(t, db, `SELECT count(*) FROM students WHERE class_id = 7 AND status = 'active'`); n != 1 {
		t.Errorf("students of class 7 on the roll = %d; want 1", n)
	}
	if n := count(t, db, `SELECT count(*) FROM class_roll WHERE class_id = 7`); n != 1 {
		t.Errorf("class_roll of class 7 = %d; want 1", n)
	}
	// the students' and roll calls' foreign keys point at the new table
	if _, err := db.w.Exec(`INSERT INTO students (uuid, name, class_id, created_at, updated_at) VALUES ('s2', '李四', 99, 'x', 'x')`); err == nil {
		t.Error("a student in class 99, which does not exist, was stored: foreign keys lost in the rebuild")
	}
	if _, err := db.w.Exec(`INSERT INTO classes (uuid, year, grade, name) VALUES ('c10', ?, 3, '2班')`, current); err == nil {
		t.Error("a second 三年级2班 in the same year was stored")
	}
	if _, err := db.w.Exec(`INSERT INTO school_years (start_year, started_at) VALUES (?, 'x');
		INSERT INTO classes (uuid, year, grade, name) VALUES ('c11', ?, 3, '2班')`, current+1, current+1); err != nil {
		t.Errorf("三年级2班 of the next year: %v; want stored", err)
	}
}
