package storage

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"jxj/app"
	"jxj/storage/xlsx"
)

func mustImport(t testing.TB, db *DB, rows []app.RosterRow) *app.ImportPlan {
	t.Helper()
	plan, err := db.Services().Roster.ImportRoster(adminCtx, rows, nil)
	if err != nil {
		t.Fatalf("ImportRoster: %v", err)
	}
	return plan
}

type counts struct{ added, updated, unchanged, rejected int }

func planCounts(p *app.ImportPlan) counts {
	return counts{p.Added, p.Updated, p.Unchanged, len(p.Rejected)}
}

// directoryOf returns the admin's directory entries by student name.
func directoryOf(t testing.TB, db *DB) map[string]app.DirectoryEntry {
	t.Helper()
	d, err := db.Services().Directory.Directory(adminCtx)
	if err != nil {
		t.Fatal(err)
	}
	out := make(map[string]app.DirectoryEntry)
	for _, e := range d.Entries {
		out[e.Name] = e
	}
	return out
}

var firstRoster = []app.RosterRow{
	rrow(2, "张小明", "男", "2025001", "三年级2班", "张伟", "父亲", "13812340001", "李娜", "母亲", "13812340002"),
	rrow(3, "张小红", "女", "2025002", "三年级10班", "张伟", "父亲", "138 1234 0001", "李娜", "母亲", "13812340002"),
	rrow(4, "王乐", "男", "", "1.1", "王强", "父亲", ""),
}

func TestImportRoster(t *testing.T) {
	db := MustOpenDB(t)
	mustSetup(t, db)

	plan := mustImport(t, db, firstRoster)
	if got, want := planCounts(plan), (counts{added: 3}); got != want {
		t.Fatalf("first import counts = %+v; want %+v", got, want)
	}
	if len(plan.NewClasses) != 3 {
		t.Errorf("first import made %d classes; want 3", len(plan.NewClasses))
	}
	dir := directoryOf(t, db)
	ming, hong := dir["张小明"], dir["张小红"]
	if len(ming.Guardians) != 2 || ming.Guardians[0].Name != "张伟" || ming.Guardians[1].Relation != "母亲" {
		t.Fatalf("张小明's guardians = %+v; want 张伟 (父亲), 李娜 (母亲) in that order", ming.Guardians)
	}
	if ming.ClassLabel != "三年级2班" || hong.ClassLabel != "三年级10班" {
		t.Errorf("class labels = %q, %q; want 三年级2班, 三年级10班", ming.ClassLabel, hong.ClassLabel)
	}
	// siblings share their parents' rows
	if ming.Guardians[0].GuardianID != hong.Guardians[0].GuardianID || ming.Guardians[1].GuardianID != hong.Guardians[1].GuardianID {
		t.Errorf("siblings' guardian ids = %v / %v; want shared", ming.Guardians, hong.Guardians)
	}
	if n := count(t, db, `SELECT count(*) FROM guardians`); n != 3 {
		t.Errorf("guardians = %d; want 3 (two shared parents and 王强)", n)
	}
	if n := count(t, db, `SELECT count(*) FROM audit WHERE action = 'roster.import' AND detail = 'added=3 updated=0 unchanged=0 rejected=0 new_classes=3'`); n != 1 {
		t.Errorf("roster.import audit rows with the counts = %d; want 1", n)
	}

	// the same file again changes nothing
	plan = mustImport(t, db, firstRoster)
	if got, want := planCounts(plan), (counts{unchanged: 3}); got != want {
		t.Errorf("re-import counts = %+v; want %+v", got, want)
	}
	if s, g := count(t, db, `SELECT count(*) FROM students`), count(t, db, `SELECT count(*) FROM guardians`); s != 3 || g != 3 {
		t.Errorf("after re-import: %d students, %d guardians; want 3, 3", s, g)
	}

	// an updated file: 张小红 moved class, the mother has a new phone, 王乐's
	// row names no guardian (an empty cell says nothing: 王强 stays)
	updated := []app.RosterRow{
		rrow(2, "张小明", "男", "2025001", "三年级2班", "张伟", "父亲", "13812340001", "李娜", "母亲", "13912349999"),
		rrow(3, "张小红", "女", "2025002", "三年级2班", "张伟", "父亲", "13812340001", "李娜", "母亲", "13912349999"),
		rrow(4, "王乐", "", "", "1.1"),
	}
	plan = mustImport(t, db, updated)
	if got, want := planCounts(plan), (counts{updated: 2, unchanged: 1}); got != want {
		t.Fatalf("updated import counts = %+v; want %+v", got, want)
	}
	dir = directoryOf(t, db)
	ming, hong = dir["张小明"], dir["张小红"]
	if hong.ClassLabel != "三年级2班" {
		t.Errorf("张小红's class = %q; want 三年级2班", hong.ClassLabel)
	}
	if ming.Guardians[1].Phone != "13912349999" || ming.Guardians[1].GuardianID != hong.Guardians[1].GuardianID {
		t.Errorf("mother after update = %+v / %+v; want one shared row with 13912349999", ming.Guardians[1], hong.Guardians[1])
	}
	if g := dir["王乐"].Guardians; len(g) != 1 || g[0].Name != "王强" {
		t.Errorf("王乐's guardians = %+v; want 王强 kept", g)
	}
	if n := count(t, db, `SELECT count(*) FROM guardians`); n != 3 {
		t.Errorf("guardians = %d; want 3 (the mother's phone changed in place)", n)
	}
	if n := count(t, db, `SELECT count(*) FROM students`); n != 3 {
		t.Errorf("students = %d; want 3 (no duplicates)", n)
	}
}

// A term later the school's new list has one guardian column: nobody's
// second guardian may go, and the preview lists each change.
func TestReimportWithFewerGuardianColumns(t *testing.T) {
	db := MustOpenDB(t)
	mustSetup(t, db)
	dir := t.TempDir()
	two := filepath.Join(dir, "two.xlsx")
	writeSheet(t, two, []string{"学号", "姓名", "性别", "班级", "家长1姓名", "家长1电话", "家长2姓名", "家长2电话"},
		[]string{"2025001", "张小明", "男", "三年级2班", "张伟", "13812340001", "李娜", "13812340002"},
		[]string{"2025002", "王乐", "男", "三年级2班", "王强", "13812340003", "赵敏", "13812340004"},
		[]string{"2025003", "刘一", "女", "三年级2班", "刘大", "13812340005", "", ""})
	one := filepath.Join(dir, "one.xlsx")
	writeSheet(t, one, []string{"学号", "姓名", "班级", "联系人", "联系电话"},
		[]string{"2025001", "张小明", "三年级2班", "张伟", "13812340001"}, // the same first guardian
		[]string{"2025002", "王乐", "三年级2班", "赵敏", "13912349999"},  // the second one, a new phone
		[]string{"2025003", "刘一", "三年级2班", "陈梅", "13812340006"})  // replaces 刘大 (as many as stored)
	sheets := xlsx.New()
	importFile := func(path string) *app.ImportPlan {
		f, err := sheets.ReadRoster(path)
		if err != nil {
			t.Fatal(err)
		}
		return mustImport(t, db, f.Rows)
	}
	importFile(two)
	before := count(t, db, `SELECT count(*) FROM student_guardians`)

	f, err := sheets.ReadRoster(one)
	if err != nil {
		t.Fatal(err)
	}
	preview, err := db.Services().Roster.PreviewRoster(adminCtx, f.Rows)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := planCounts(preview), (counts{updated: 2, unchanged: 1}); got != want || preview.Removals != 1 {
		t.Fatalf("preview = %+v, %d removals; want %+v and one removal (刘大)", got, preview.Removals, want)
	}
	changes := map[string][]string{}
	for _, it := range preview.Items {
		for _, c := range it.Changes {
			changes[it.Name] = append(changes[it.Name], c.String())
		}
	}
	want := map[string][]string{
		"王乐": {"监护人：赵敏 13812340004 → 赵敏 13912349999"},
		"刘一": {"监护人：移除 刘大 13812340005", "监护人：新增 陈梅 13812340006"},
	}
	if !reflect.DeepEqual(changes, want) {
		t.Errorf("preview changes = %q; want %q", changes, want)
	}
	for _, it := range preview.Items {
		if it.Removes() != (it.Name == "刘一") {
			t.Errorf("%s: Removes() = %v", it.Name, it.Removes())
		}
	}

	importFile(one)
	if after := count(t, db, `SELECT count(*) FROM student_guardians`); after != before {
		t.Errorf("guardian links %d → %d; want every stored guardian kept but 刘大, replaced by 陈梅", before, after)
	}
	d := directoryOf(t, db)
	if g := d["张小明"].Guardians; len(g) != 2 || g[1].Name != "李娜" || g[1].Phone != "13812340002" {
		t.Errorf("张小明's guardians = %+v; want 张伟 and 李娜 kept", g)
	}
	if g := d["王乐"].Guardians; len(g) != 2 || g[0].Name != "王强" || g[1].Phone != "13912349999" {
		t.Errorf("王乐's guardians = %+v; want 王强, then 赵敏 with her new phone", g)
	}
	if g := d["刘一"].Guardians; len(g) != 1 || g[0].Name != "陈梅" {
		t.Errorf("刘一's guardians = %+v; want 陈梅", g)
	}
	if got := d["张小明"].Gender; got != app.GenderMale {
		t.Errorf("张小明's gender = %q; want kept (the file has no gender column)", got)
	}
}

func TestImportRosterGuardianRename(t *testing.T) {
	db := MustOpenDB(t)
	mustSetup(t, db)
	mustImport(t, db, []app.RosterRow{rrow(2, "刘一", "", "", "3.1", "刘大", "父亲", "13800000001", "", "母亲", "")})
	// the father's name was misspelled; the mother has no phone: she is
	// found again by name among the child's guardians
	mustImport(t, db, []app.RosterRow{rrow(2, "刘一", "", "", "3.1", "刘达", "父亲", "13800000001")})
	plan := mustImport(t, db, []app.RosterRow{rrow(2, "刘一", "", "", "3.1", "刘达", "父亲", "13800000001", "陈梅", "母亲", "")})
	if plan.Updated != 1 {
		t.Fatalf("plan = %+v; want one update", planCounts(plan))
	}
	before := directoryOf(t, db)["刘一"].Guardians
	if len(before) != 2 || before[0].Name != "刘达" || before[1].Name != "陈梅" {
		t.Fatalf("guardians = %+v; want 刘达, 陈梅", before)
	}
	// re-importing keeps the same guardian rows: by phone and by name
	mustImport(t, db, []app.RosterRow{rrow(2, "刘一", "", "", "3.1", "刘达", "爸爸", "13800000001", "陈梅", "妈妈", "")})
	after := directoryOf(t, db)["刘一"].Guardians
	if after[0].GuardianID != before[0].GuardianID || after[1].GuardianID != before[1].GuardianID || after[0].Relation != "爸爸" {
		t.Errorf("guardians after relation change = %+v; want the same rows %+v with new relations", after, before)
	}
}

func TestImportRosterRejectedRowsDoNotBlock(t *testing.T) {
	db := MustOpenDB(t)
	mustSetup(t, db)
	rows := []app.RosterRow{
		rrow(2, "赵一", "男", "", "3.1", "赵父", "父亲", "13800000001"),
		rrow(3, "赵二", "男", "", "3.1", "赵父", "父亲", "12345"),       // bad phone
		rrow(4, "", "男", "", "3.1"),                              // no name
		rrow(5, "赵三", "猫", "", "3.1"),                            // bad gender
		rrow(6, "赵四", "女", "", "火星班"),                            // unknown class
		rrow(7, "赵一", "男", "", "3.1", "赵父", "父亲", "13800000001"), // duplicate
		rrow(8, "赵五", "女", "", "3.1"),
	}
	plan := mustImport(t, db, rows)
	if got, want := planCounts(plan), (counts{added: 2, rejected: 5}); got != want {
		t.Errorf("counts = %+v; want %+v", got, want)
	}
	if n := count(t, db, `SELECT count(*) FROM students`); n != 2 {
		t.Errorf("students = %d; want 2", n)
	}
}

func TestImportRosterForbidden(t *testing.T) {
	db := MustOpenDB(t)
	mustSetup(t, db)
	for _, tt := range []struct {
		name      string
		ctx       context.Context
		code, key string
	}{
		{"teacher", as(app.RoleTeacher), app.EFORBIDDEN, "error.admin_only"},
		{"principal", as(app.RolePrincipal), app.EFORBIDDEN, "error.admin_only"},
		{"nobody", context.Background(), app.EUNAUTHORIZED, "error.login_required"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			audits := count(t, db, `SELECT count(*) FROM audit`)
			_, err := db.Services().Roster.ImportRoster(tt.ctx, firstRoster, nil)
			wantCode(t, err, tt.code, tt.key)
			if n := count(t, db, `SELECT count(*) FROM students`) + count(t, db, `SELECT count(*) FROM classes`); n != 0 {
				t.Errorf("a refused import wrote %d rows", n)
			}
			if n := count(t, db, `SELECT count(*) FROM audit`); n != audits {
				t.Errorf("a refused import wrote %d audit rows", n-audits)
			}
		})
	}
}

func TestImportRosterCancelledRollsBack(t *testing.T) {
	db := MustOpenDB(t)
	mustSetup(t, db)
	mustImport(t, db, firstRoster)
	students, guardians := count(t, db, `SELECT count(*) FROM students`), count(t, db, `SELECT count(*) FROM guardians`)
	audits := count(t, db, `SELECT count(*) FROM audit`)

	ctx, cancel := context.WithCancel(adminCtx)
	defer cancel()
	var calls []int
	_, err := db.Services().Roster.ImportRoster(ctx, bigRoster(500), func(done, total int) {
		calls = append(calls, done)
		if done >= 200 {
			cancel() // the user pressed cancel part way
		}
	})
	wantCode(t, err, app.EINTERNAL, "storage.error.cancelled")
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v; want context.Canceled in its chain", err)
	}
	if len(calls) < 3 {
		t.Fatalf("progress calls = %v; want the import to have started", calls)
	}
	if s, g, a := count(t, db, `SELECT count(*) FROM students`), count(t, db, `SELECT count(*) FROM guardians`),
		count(t, db, `SELECT count(*) FROM audit`); s != students || g != guardians || a != audits {
		t.Errorf("after a cancelled import: %d students, %d guardians, %d audit rows; want %d, %d, %d unchanged",
			s, g, a, students, guardians, audits)
	}
	if n := count(t, db, `SELECT count(*) FROM classes`); n != 3 {
		t.Errorf("classes = %d; want the 3 from before (the new ones rolled back)", n)
	}
}

func TestImportRosterProgress(t *testing.T) {
	db := MustOpenDB(t)
	mustSetup(t, db)
	type call struct{ done, total int }
	var calls []call
	_, err := db.Services().Roster.ImportRoster(adminCtx, bigRoster(250), func(done, total int) {
		calls = append(calls, call{done, total})
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []call{{0, 250}, {100, 250}, {200, 250}, {250, 250}}
	if len(calls) != len(want) {
		t.Fatalf("progress calls = %v; want %v", calls, want)
	}
	for i := range want {
		if calls[i] != want[i] {
			t.Errorf("progress call %d = %v; want %v", i, calls[i], want[i])
		}
	}
}

func TestPreviewRosterWritesNothing(t *testing.T) {
	db := MustOpenDB(t)
	mustSetup(t, db)
	mustImport(t, db, firstRoster[:1])
	plan, err := db.Services().Roster.PreviewRoster(adminCtx, firstRoster)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := planCounts(plan), (counts{added: 2, unchanged: 1}); got != want {
		t.Errorf("preview counts = %+v; want %+v", got, want)
	}
	if n := count(t, db, `SELECT count(*) FROM students`); n != 1 {
		t.Errorf("students after preview = %d; want 1", n)
	}
}

func TestImportRosterIntoExistingClasses(t *testing.T) {
	db := MustOpenDB(t)
	mustSetup(t, db)
	seedStaffAndClasses(t, db)
	ids := classIDs(t, db)
	plan := mustImport(t, db, []app.RosterRow{rrow(2, "孙悟", "男", "", "三年级(2)班")})
	if len(plan.NewClasses) != 0 || plan.Added != 1 {
		t.Fatalf("plan = %+v; want one student into an existing class", plan)
	}
	if got := directoryOf(t, db)["孙悟"].ClassID; got != ids["三年级2班"] {
		t.Errorf("class id = %d; want %d", got, ids["三年级2班"])
	}
}

// BenchmarkImportRosterRows imports 5,000 students with 10,000 guardians
// into an empty school, the first import a school makes.
func BenchmarkImportRosterRows(b *testing.B) {
	rows := bigRoster(5000)
	db := MustOpenDB(b)
	mustSetup(b, db)
	svc := db.Services().Roster
	ctx := context.Background()
	b.ReportAllocs()
	var cpu time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		for _, q := range []string{`DELETE FROM student_guardians`, `DELETE FROM guardians`, `DELETE FROM students`, `DELETE FROM classes`} {
			if _, err := db.w.ExecContext(ctx, q); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
		start := cpuTime()
		plan, err := svc.ImportRoster(adminCtx, rows, nil)
		cpu += cpuTime() - start
		if err != nil {
			b.Fatal(err)
		}
		if plan.Added != len(rows) {
			b.Fatalf("added %d; want %d", plan.Added, len(rows))
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1e3/float64(b.N), "ms/import")
	b.ReportMetric(float64(cpu.Microseconds())/1e3/float64(b.N), "cpu-ms/import")
	b.ReportMetric(float64(len(rows)), "students")
	if n := count(b, db, `SELECT count(*) FROM guardians`); n != 2*len(rows) {
		b.Fatalf("guardians = %d; want %d", n, 2*len(rows))
	}
}

func TestImportRosterTwoRowsForOneStudent(t *testing.T) {
	// a numbered row and an unnumbered row of the same name and class are
	// one stored student: the second is refused as a duplicate of the
	// first, naming its line, and the first applies alone
	db := MustOpenDB(t)
	mustSetup(t, db)
	mustImport(t, db, []app.RosterRow{rrow(2, "张三", "", "2025001", "3.1", "张父", "父亲", "13800000001")})
	plan := mustImport(t, db, []app.RosterRow{
		rrow(2, "张三", "", "2025001", "3.1", "张母", "母亲", "13800000002"),
		rrow(3, "张三", "", "", "3.1", "张姨", "姨妈", "13800000003"),
	})
	if plan.Updated != 1 || len(plan.Rejected) != 1 || plan.Rejected[0].Line != 3 || plan.Rejected[0].Reason.Key != "import.reject.duplicate" {
		t.Fatalf("plan: %d updated, rejected %+v; want line 2 applied and line 3 refused as its duplicate", plan.Updated, plan.Rejected)
	}
	g := directoryOf(t, db)["张三"].Guardians
	if len(g) != 1 || g[0].Name != "张母" {
		t.Errorf("guardians = %+v; want 张母 from line 2 (as many as stored: it replaces)", g)
	}
	if n := count(t, db, `SELECT count(*) FROM guardians`); n != 1 {
		t.Errorf("guardians = %d; want 1", n)
	}
}

// writeSheet writes an .xlsx with a header row and rows, as a school's
// own list would be.
func writeSheet(t testing.TB, path string, header []string, rows ...[]string) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for r, cells := range append([][]string{header}, rows...) {
		for c, v := range cells {
			cell, err := excelize.CoordinatesToCellName(c+1, r+1)
			if err != nil {
				t.Fatal(err)
			}
			if err := f.SetCellStr("Sheet1", cell, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}
