package storage

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"jxj/app"
)

// The homework and form tests use the notice tests' school: 张三 (S001)
// and 王五 (S002) in 三年级2班, 赵六 (S003) and another 王五 (S004) in
// 三年级10班, 张四 (S005) in 一年级1班, and an empty 二年级1班.

func due(s string) time.Time {
	t, err := app.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return t
}

func assign(t testing.TB, ns *noticeSchool, ctx context.Context, subject, dueDay string, classes ...string) *app.Homework {
	t.Helper()
	d := app.HomeworkDraft{Subject: subject, Content: "练习册第 12 页", Due: due(dueDay)}
	for _, c := range classes {
		d.ClassIDs = append(d.ClassIDs, ns.classes[c])
	}
	hw, err := ns.db.Services().Homework.AssignHomework(ctx, d)
	if err != nil {
		t.Fatalf("AssignHomework(%s): %v", subject, err)
	}
	return hw
}

func TestAssignHomework(t *testing.T) {
	ns := newNoticeSchool(t)
	file := filepath.Join(t.TempDir(), "练习.pdf")
	if err := os.WriteFile(file, []byte("%PDF-1.4 练习"), 0o600); err != nil {
		t.Fatal(err)
	}
	hw, err := ns.db.Services().Homework.AssignHomework(adminCtx, app.HomeworkDraft{
		Subject: " 语文 ", Content: "背诵古诗\n", Due: due("2025-09-05"),
		ClassIDs: []int64{ns.classes["三年级2班"], ns.classes["一年级1班"], ns.classes["三年级2班"]}, AddFiles: []string{file},
	})
	if err != nil {
		t.Fatal(err)
	}
	if id, err := uuid.Parse(hw.UUID); err != nil || id.Version() != 7 {
		t.Errorf("UUID = %q; want a uuid v7", hw.UUID)
	}
	if hw.Subject != "语文" || hw.Content != "背诵古诗" || app.FormatDate(hw.Due) != "2025-09-05" || hw.CreatedBy != "test-admin" {
		t.Errorf("homework = %+v; want 语文, 背诵古诗, due 2025-09-05, by test-admin", hw)
	}
	if want := []string{"一年级1班", "三年级2班"}; !slices.Equal(hw.ClassLabels, want) {
		t.Errorf("ClassLabels = %v; want %v (class order, no repeat)", hw.ClassLabels, want)
	}
	if want := (app.CompletionCounts{Total: 3, Unrecorded: 3}); hw.Counts != want {
		t.Errorf("Counts = %+v; want %+v", hw.Counts, want)
	}
	if len(hw.Attachments) != 1 {
		t.Fatalf("Attachments = %+v; want one", hw.Attachments)
	}
	a := hw.Attachments[0]
	if a.Name != "练习.pdf" || a.Path != "attachments/"+hw.UUID+"/练习.pdf" || a.Size != int64(len("%PDF-1.4 练习")) {
		t.Errorf("attachment = %+v; want 练习.pdf under attachments/<uuid>/", a)
	}
	if b, err := os.ReadFile(filepath.Join(ns.db.dir, filepath.FromSlash(a.Path))); err != nil || string(b) != "%PDF-1.4 练习" {
		t.Errorf("copied file = %q, %v; want the original's content", b, err)
	}
	if got := auditActions(t, ns.db); got[len(got)-1] != "homework.assign" {
		t.Errorf("last audit action = %v; want homework.assign", got)
	}
}

func TestAssignHomeworkRefused(t *testing.T) {
	ns := newNoticeSchool(t)
	file := filepath.Join(t.TempDir(), "a.txt")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	wang := ns.teacherOf("wang", "三年级2班")
	tests := []struct {
		name      string
		ctx       context.Context
		classes   []int64
		subject   string
		code, key string
	}{
		{"teacher, own class", wang, []int64{ns.classes["三年级2班"]}, "数学", "", ""},
		{"principal, any class", as(app.RolePrincipal), []int64{ns.classes["一年级1班"]}, "数学", "", ""},
		{"teacher, other class", wang, []int64{ns.classes["三年级2班"], ns.classes["一年级1班"]}, "数学", app.EFORBIDDEN, "target.error.own_classes_only"},
		{"unknown class", adminCtx, []int64{999}, "数学", app.EINVALID, "storage.homework.error.class_not_found"},
		{"no subject", adminCtx, []int64{ns.classes["三年级2班"]}, " ", app.EINVALID, "homework.error.subject_required"},
		{"nobody", context.Background(), []int64{ns.classes["三年级2班"]}, "数学", app.EUNAUTHORIZED, "error.login_required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := count(t, ns.db, `SELECT count(*) FROM homework`)
			audits := count(t, ns.db, `SELECT count(*) FROM audit`)
			hw, err := ns.db.Services().Homework.AssignHomework(tt.ctx, app.HomeworkDraft{
				Subject: tt.subject, Content: "内容", Due: due("2025-09-05"), ClassIDs: tt.classes, AddFiles: []string{file}})
			if tt.code == "" {
				if err != nil || hw == nil {
					t.Fatalf("AssignHomework = %v, %v; want it assigned", hw, err)
				}
				return
			}
			wantCode(t, err, tt.code, tt.key)
			if n := count(t, ns.db, `SELECT count(*) FROM homework`); n != before {
				t.Errorf("a refused homework was stored")
			}
			if n := count(t, ns.db, `SELECT count(*) FROM audit`); n != audits {
				t.Errorf("a refused homework wrote %d audit rows", n-audits)
			}
		})
	}
	// the files of the refused ones were removed again (or never copied)
	dirs, _ := os.ReadDir(filepath.Join(ns.db.dir, attachmentsDir))
	if len(dirs) != 2 {
		t.Errorf("attachment folders = %d; want 2, those of the assigned homework", len(dirs))
	}
}

func TestHomeworksVisibility(t *testing.T) {
	ns := newNoticeSchool(t)
	wang := ns.teacherOf("wang", "三年级2班")
	a := assign(t, ns, adminCtx, "语文", "2025-09-05", "三年级2班", "三年级10班")
	b := assign(t, ns, adminCtx, "数学", "2025-09-10", "一年级1班")
	c := assign(t, ns, wang, "英语", "2025-09-03", "三年级2班")
	tests := []struct {
		name   string
		ctx    context.Context
		want   []int64
		totals []int
	}{
		{"admin: every homework, latest due first", adminCtx, []int64{b.ID, a.ID, c.ID}, []int{1, 4, 2}},
		{"principal", as(app.RolePrincipal), []int64{b.ID, a.ID, c.ID}, []int{1, 4, 2}},
		{"teacher: their classes' students only", wang, []int64{a.ID, c.ID}, []int{2, 2}},
		{"teacher of 一年级1班", ns.teacherOf("li", "一年级1班"), []int64{b.ID}, []int{1}},
		{"teacher without classes", ns.teacherOf("zhao"), nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hws, err := ns.db.Services().Homework.Homeworks(tt.ctx)
			if err != nil {
				t.Fatal(err)
			}
			var ids []int64
			var totals []int
			for _, h := range hws {
				ids = append(ids, h.ID)
				totals = append(totals, h.Counts.Total)
			}
			if !slices.Equal(ids, tt.want) || !slices.Equal(totals, tt.totals) {
				t.Errorf("Homeworks = %v totals %v; want %v totals %v", ids, totals, tt.want, tt.totals)
			}
		})
	}
	_, _, err := ns.db.Services().Homework.HomeworkEntries(ns.teacherOf("li", "一年级1班"), a.ID)
	wantCode(t, err, app.ENOTFOUND, "storage.homework.error.not_found")
}

func TestSetCompletion(t *testing.T) {
	ns := newNoticeSchool(t)
	svc := ns.db.Services().Homework
	hw := assign(t, ns, adminCtx, "语文", "2025-09-05", "三年级10班", "三年级2班")
	st := ns.students
	audits := count(t, ns.db, `SELECT count(*) FROM audit`)

	err := svc.SetCompletion(adminCtx, hw.ID, []app.CompletionMark{
		{StudentID: st["S001"], State: app.CompletionDone},
		{StudentID: st["S002"], State: app.CompletionLate, Note: " 周二补交 "},
		{StudentID: st["S003"], State: app.CompletionExcused, Note: "病假"},
		{StudentID: st["S004"], State: app.CompletionMissing},
	})
	if err != nil {
		t.Fatal(err)
	}
	got, entries, err := svc.HomeworkEntries(adminCtx, hw.ID)
	if err != nil {
		t.Fatal(err)
	}
	if want := (app.CompletionCounts{Total: 4, Done: 1, Late: 1, Missing: 1, Excused: 1}); got.Counts != want {
		t.Errorf("Counts = %+v; want %+v", got.Counts, want)
	}
	// done and late of the three expected (the excused student is not)
	if r := got.Counts.Rate(); r != 2.0/3 {
		t.Errorf("Rate = %v; want 2/3", r)
	}
	type line struct {
		no    string
		class string
		state app.Completion
		note  string
	}
	var lines []line
	for _, e := range entries {
		lines = append(lines, line{e.StudentNo, e.ClassLabel, e.State, e.Note})
	}
	want := []line{
		{"S001", "三年级2班", app.CompletionDone, ""},
		{"S002", "三年级2班", app.CompletionLate, "周二补交"},
		{"S003", "三年级10班", app.CompletionExcused, "病假"},
		{"S004", "三年级10班", app.CompletionMissing, ""},
	}
	if !slices.Equal(lines, want) {
		t.Errorf("entries = %v; want %v (class order, then number)", lines, want)
	}

	// taking a record back deletes its row; a mark that changes nothing is not written
	if err := svc.SetCompletion(adminCtx, hw.ID, []app.CompletionMark{
		{StudentID: st["S001"], State: app.CompletionNone},
		{StudentID: st["S004"], State: app.CompletionMissing},
	}); err != nil {
		t.Fatal(err)
	}
	if n := count(t, ns.db, `SELECT count(*) FROM homework_completion WHERE homework_id = ?`, hw.ID); n != 3 {
		t.Errorf("completion rows = %d; want 3", n)
	}
	if err := svc.SetCompletion(adminCtx, hw.ID, []app.CompletionMark{{StudentID: st["S004"], State: app.CompletionMissing}}); err != nil {
		t.Fatal(err)
	}
	if n := count(t, ns.db, `SELECT count(*) FROM audit WHERE action = 'homework.completion'`); n != 2 {
		t.Errorf("homework.completion audit rows = %d; want 2 (none for a call that changed nothing)", n)
	}
	if n := count(t, ns.db, `SELECT count(*) FROM audit`); n != audits+2 {
		t.Errorf("audit rows = %d; want %d", n, audits+2)
	}
	hws, err := svc.Homeworks(adminCtx)
	if err != nil || len(hws) != 1 || hws[0].Counts != (app.CompletionCounts{Total: 4, Late: 1, Missing: 1, Excused: 1, Unrecorded: 1}) {
		t.Errorf("Homeworks = %+v, %v; want the counts with 张三 unrecorded", hws[0].Counts, err)
	}
}

func TestSetCompletionAllOrNothing(t *testing.T) {
	ns := newNoticeSchool(t)
	svc := ns.db.Services().Homework
	hw := assign(t, ns, adminCtx, "语文", "2025-09-05", "三年级2班", "三年级10班")
	st := ns.students
	tests := []struct {
		name      string
		ctx       context.Context
		marks     []app.CompletionMark
		code, key string
	}{
		{"student of another class", adminCtx, []app.CompletionMark{
			{StudentID: st["S001"], State: app.CompletionDone}, {StudentID: st["S005"], State: app.CompletionDone},
		}, app.EINVALID, "storage.homework.error.student_not_in_classes"},
		{"no such student", adminCtx, []app.CompletionMark{
			{StudentID: st["S001"], State: app.CompletionDone}, {StudentID: 9999, State: app.CompletionDone},
		}, app.EINVALID, "storage.homework.error.student_not_in_classes"},
		{"teacher, student of a class not theirs", ns.teacherOf("wang", "三年级2班"), []app.CompletionMark{
			{StudentID: st["S001"], State: app.CompletionDone}, {StudentID: st["S003"], State: app.CompletionDone},
		}, app.EFORBIDDEN, "storage.homework.error.not_own_student"},
		{"unknown state", adminCtx, []app.CompletionMark{{StudentID: st["S001"], State: "half"}}, app.EINVALID, "storage.homework.error.state"},
		{"long note", adminCtx, []app.CompletionMark{{StudentID: st["S001"], State: app.CompletionLate, Note: string(make([]rune, 101))}},
			app.EINVALID, "storage.homework.error.note_long"},
		{"unknown homework", adminCtx, []app.CompletionMark{{StudentID: st["S001"], State: app.CompletionDone}}, app.ENOTFOUND, "storage.homework.error.not_found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id := hw.ID
			if tt.key == "storage.homework.error.not_found" {
				id = 999
			}
			audits := count(t, ns.db, `SELECT count(*) FROM audit`)
			wantCode(t, svc.SetCompletion(tt.ctx, id, tt.marks), tt.code, tt.key)
			if n := count(t, ns.db, `SELECT count(*) FROM homework_completion`); n != 0 {
				t.Errorf("%d completions recorded; want none", n)
			}
			if n := count(t, ns.db, `SELECT count(*) FROM audit`); n != audits {
				t.Errorf("%d audit rows written; want none", n-audits)
			}
		})
	}
}

// The audit row is written in the change's transaction: when it cannot
// be written, the change is not made either.
func TestSetCompletionAuditInTransaction(t *testing.T) {
	ns := newNoticeSchool(t)
	hw := assign(t, ns, adminCtx, "语文", "2025-09-05", "三年级2班")
	if _, err := ns.db.w.Exec(`CREATE TRIGGER no_audit BEFORE INSERT ON audit BEGIN SELECT RAISE(ABORT, 'audit refused'); END`); err != nil {
		t.Fatal(err)
	}
	err := ns.db.Services().Homework.SetCompletion(adminCtx, hw.ID, []app.CompletionMark{{StudentID: ns.students["S001"], State: app.CompletionDone}})
	if err == nil {
		t.Fatal("SetCompletion succeeded without its audit row")
	}
	if n := count(t, ns.db, `SELECT count(*) FROM homework_completion`); n != 0 {
		t.Errorf("completion rows = %d; want 0 after the audit row failed", n)
	}
}

func TestDeleteHomework(t *testing.T) {
	ns := newNoticeSchool(t)
	svc := ns.db.Services().Homework
	wang := ns.teacherOf("wang", "三年级2班")
	file := filepath.Join(t.TempDir(), "a.txt")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	hw, err := svc.AssignHomework(wang, app.HomeworkDraft{Subject: "语文", Content: "背诵", Due: due("2025-09-05"),
		ClassIDs: []int64{ns.classes["三年级2班"]}, AddFiles: []string{file}})
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.SetCompletion(wang, hw.ID, []app.CompletionMark{{StudentID: ns.students["S001"], State: app.CompletionDone}}); err != nil {
		t.Fatal(err)
	}
	other := assign(t, ns, adminCtx, "数学", "2025-09-06", "三年级2班")

	wantCode(t, svc.DeleteHomework(ns.teacherOf("liu", "三年级2班"), hw.ID), app.EFORBIDDEN, "storage.homework.error.delete_forbidden")
	wantCode(t, svc.DeleteHomework(wang, other.ID), app.EFORBIDDEN, "storage.homework.error.delete_forbidden")
	wantCode(t, svc.DeleteHomework(as(app.RolePrincipal), other.ID), app.EFORBIDDEN, "storage.homework.error.delete_forbidden")
	if err := svc.DeleteHomework(wang, hw.ID); err != nil {
		t.Fatalf("author: DeleteHomework = %v", err)
	}
	if err := svc.DeleteHomework(adminCtx, other.ID); err != nil {
		t.Fatalf("admin: DeleteHomework = %v", err)
	}
	for _, table := range []string{"homework", "homework_classes", "homework_completion", "attachments"} {
		if n := count(t, ns.db, `SELECT count(*) FROM `+table); n != 0 {
			t.Errorf("%s has %d rows after the deletes; want 0", table, n)
		}
	}
	if _, err := os.Stat(filepath.Join(ns.db.dir, attachmentsDir, hw.UUID)); !os.IsNotExist(err) {
		t.Errorf("attachment folder still there: %v", err)
	}
	if n := count(t, ns.db, `SELECT count(*) FROM audit WHERE action = 'homework.delete'`); n != 2 {
		t.Errorf("homework.delete audit rows = %d; want 2", n)
	}
	wantCode(t, svc.DeleteHomework(adminCtx, hw.ID), app.ENOTFOUND, "storage.homework.error.not_found")
}
