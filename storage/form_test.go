package storage

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"jxj/app"
)

// The tests' clock (testNow) is 2025-09-01.

// createForm creates a form for the classes named, as ctx's account.
func createForm(t testing.TB, ns *noticeSchool, ctx context.Context, d app.FormDraft, classes ...string) *app.Form {
	t.Helper()
	for _, c := range classes {
		d.ClassIDs = append(d.ClassIDs, ns.classes[c])
	}
	f, err := ns.db.Services().Forms.CreateForm(ctx, d)
	if err != nil {
		t.Fatalf("CreateForm(%s): %v", d.Title, err)
	}
	return f
}

func surveyDraft() app.FormDraft {
	return app.FormDraft{Kind: app.FormSurvey, Title: "寒假去向统计", Fields: []app.Field{
		{Label: "去向", Type: app.FieldChoice, Required: true, Options: []string{"留在本地", "省内出行", "出省"}},
		{Label: "人数", Type: app.FieldNumber},
	}}
}

func chainDraft() app.FormDraft {
	return app.FormDraft{Kind: app.FormChain, Title: "志愿者报名", Fields: []app.Field{
		{Label: "项目", Type: app.FieldChoice, Options: []string{"周一护导", "周三护导"}, Limits: []int{2}},
		{Label: "备注", Type: app.FieldText},
	}}
}

func checkinDraft() app.FormDraft {
	return app.FormDraft{Kind: app.FormCheckin, Title: "阅读打卡", StartDay: due("2025-08-30"), EndDay: due("2025-09-02"),
		Fields: []app.Field{{Label: "已完成", Type: app.FieldYesNo, Required: true}}}
}

func TestCreateForm(t *testing.T) {
	ns := newNoticeSchool(t)
	d := chainDraft()
	d.Deadline = due("2025-09-10")
	f := createForm(t, ns, adminCtx, d, "三年级10班", "三年级2班")
	if id, err := uuid.Parse(f.UUID); err != nil || id.Version() != 7 {
		t.Errorf("UUID = %q; want a uuid v7", f.UUID)
	}
	wantFields := []app.Field{
		{Key: "f1", Label: "项目", Type: app.FieldChoice, Required: true, Options: []string{"周一护导", "周三护导"}, Limits: []int{2}},
		{Key: "f2", Label: "备注", Type: app.FieldText},
	}
	if !slices.EqualFunc(f.Fields, wantFields, fieldsEqual) {
		t.Errorf("Fields = %+v; want %+v", f.Fields, wantFields)
	}
	if f.Kind != app.FormChain || f.Title != "志愿者报名" || app.FormatDate(f.Deadline) != "2025-09-10" || f.Closed || f.CreatedBy != "test-admin" {
		t.Errorf("form = %+v", f)
	}
	if want := []string{"三年级2班", "三年级10班"}; !slices.Equal(f.ClassLabels, want) {
		t.Errorf("ClassLabels = %v; want %v", f.ClassLabels, want)
	}
	if f.Answered != 0 || f.Total != 4 {
		t.Errorf("Answered/Total = %d/%d; want 0/4", f.Answered, f.Total)
	}
	var stored string
	if err := ns.db.w.QueryRow(`SELECT fields FROM forms WHERE id = ?`, f.ID).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stored, `"key":"f1","label":"项目","type":"choice","required":true`) {
		t.Errorf("stored fields = %s; want the documented JSON names", stored)
	}
	if got := auditActions(t, ns.db); got[len(got)-1] != "form.create" {
		t.Errorf("audit = %v; want form.create last", got)
	}
}

func fieldsEqual(a, b app.Field) bool {
	return a.Key == b.Key && a.Label == b.Label && a.Type == b.Type && a.Required == b.Required &&
		slices.Equal(a.Options, b.Options) && slices.Equal(a.Limits, b.Limits)
}

func TestCreateFormRefused(t *testing.T) {
	ns := newNoticeSchool(t)
	wang := ns.teacherOf("wang", "三年级2班")
	noTitle := surveyDraft()
	noTitle.Title = ""
	tests := []struct {
		name      string
		ctx       context.Context
		d         app.FormDraft
		classes   []string
		code, key string
	}{
		{"teacher, own class", wang, surveyDraft(), []string{"三年级2班"}, "", ""},
		{"teacher, other class", wang, surveyDraft(), []string{"一年级1班"}, app.EFORBIDDEN, "target.error.own_classes_only"},
		{"invalid", adminCtx, noTitle, []string{"一年级1班"}, app.EINVALID, "formrule.error.title_required"},
		{"no classes", adminCtx, surveyDraft(), nil, app.EINVALID, "formrule.error.classes_required"},
		{"nobody", context.Background(), surveyDraft(), []string{"一年级1班"}, app.EUNAUTHORIZED, "error.login_required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			audits := count(t, ns.db, `SELECT count(*) FROM audit`)
			d := tt.d
			for _, c := range tt.classes {
				d.ClassIDs = append(d.ClassIDs, ns.classes[c])
			}
			_, err := ns.db.Services().Forms.CreateForm(tt.ctx, d)
			if tt.code == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			wantCode(t, err, tt.code, tt.key)
			if n := count(t, ns.db, `SELECT count(*) FROM audit`); n != audits {
				t.Errorf("a refused form wrote %d audit rows", n-audits)
			}
		})
	}
	d := surveyDraft()
	d.ClassIDs = []int64{999}
	_, err := ns.db.Services().Forms.CreateForm(adminCtx, d)
	wantCode(t, err, app.EINVALID, "storage.homework.error.class_not_found")
	if n := count(t, ns.db, `SELECT count(*) FROM forms`); n != 1 {
		t.Errorf("forms = %d; want only the teacher's", n)
	}
}

func save(t testing.TB, ns *noticeSchool, ctx context.Context, formID int64, studentNo, day string, kv ...string) *app.Answer {
	t.Helper()
	in := app.AnswerInput{StudentID: ns.students[studentNo], Day: day, Values: map[string]string{}}
	for i := 0; i+1 < len(kv); i += 2 {
		in.Values[kv[i]] = kv[i+1]
	}
	ans, err := ns.db.Services().Forms.SaveAnswer(ctx, formID, in)
	if err != nil {
		t.Fatalf("SaveAnswer(%s %v): %v", studentNo, kv, err)
	}
	return ans
}

func TestSaveAnswerVersions(t *testing.T) {
	ns := newNoticeSchool(t)
	f := createForm(t, ns, adminCtx, surveyDraft(), "三年级2班", "三年级10班")
	first := save(t, ns, adminCtx, f.ID, "S003", "", "f1", "出省", "f2", "３")
	second := save(t, ns, adminCtx, f.ID, "S001", "", "f1", "留在本地")
	if first.Seq != 1 || second.Seq != 2 || first.Replaces != "" {
		t.Errorf("seqs = %d, %d, replaces %q; want 1, 2 and none", first.Seq, second.Seq, first.Replaces)
	}
	if id, err := uuid.Parse(first.UUID); err != nil || id.Version() != 7 {
		t.Errorf("UUID = %q; want a uuid v7", first.UUID)
	}
	if want := map[string]string{"f1": "出省", "f2": "3"}; !maps.Equal(first.Values, want) {
		t.Errorf("Values = %v; want %v", first.Values, want)
	}
	audits := count(t, ns.db, `SELECT count(*) FROM audit`)

	same := save(t, ns, adminCtx, f.ID, "S003", "", "f1", " 出省", "f2", "3")
	if same.UUID != first.UUID || count(t, ns.db, `SELECT count(*) FROM audit`) != audits {
		t.Errorf("an unchanged answer was written again: %+v", same)
	}

	changed := save(t, ns, adminCtx, f.ID, "S003", "", "f1", "省内出行", "f2", "3")
	if changed.UUID == first.UUID || changed.Replaces != first.UUID || changed.Seq != 1 || changed.ID != first.ID {
		t.Errorf("changed answer = %+v; want a new uuid replacing %s, seq 1, same row", changed, first.UUID)
	}
	if n := count(t, ns.db, `SELECT count(*) FROM form_answers WHERE uuid = ? AND replaces = ? AND seq = 1`, changed.UUID, first.UUID); n != 1 {
		t.Errorf("stored version rows = %d; want 1", n)
	}
	if n := count(t, ns.db, `SELECT count(*) FROM audit WHERE action = 'form.answer'`); n != 3 {
		t.Errorf("form.answer audit rows = %d; want 3", n)
	}
	third := save(t, ns, adminCtx, f.ID, "S002", "", "f1", "出省")
	if third.Seq != 3 {
		t.Errorf("next seq = %d; want 3", third.Seq)
	}

	sheet, err := ns.db.Services().Forms.FormSheet(adminCtx, f.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	totals := app.ComputeTotals(sheet)
	if totals.Students != 4 || totals.Answered != 3 || len(totals.Missing) != 1 || totals.Missing[0].StudentNo != "S004" {
		t.Errorf("totals = %d students, %d answered, missing %+v; want 4, 3, S004", totals.Students, totals.Answered, totals.Missing)
	}
	if o := totals.Fields[0].Options; o[0].Count != 1 || o[1].Count != 1 || o[2].Count != 1 {
		t.Errorf("options = %+v; want one each", o)
	}
}

func TestSaveAnswerRefused(t *testing.T) {
	ns := newNoticeSchool(t)
	wang := ns.teacherOf("wang", "三年级2班")
	open := createForm(t, ns, adminCtx, surveyDraft(), "三年级2班", "三年级10班")
	closed := createForm(t, ns, adminCtx, surveyDraft(), "三年级2班")
	if err := ns.db.Services().Forms.CloseForm(adminCtx, closed.ID); err != nil {
		t.Fatal(err)
	}
	late := surveyDraft()
	late.Deadline = due("2025-08-31")
	past := createForm(t, ns, adminCtx, late, "三年级2班")
	today := surveyDraft()
	today.Deadline = due("2025-09-01")
	lastDay := createForm(t, ns, adminCtx, today, "三年级2班")
	checkin := createForm(t, ns, adminCtx, checkinDraft(), "三年级2班")

	tests := []struct {
		name      string
		ctx       context.Context
		form      int64
		student   string
		day       string
		values    map[string]string
		code, key string
	}{
		{"deadline today still open", adminCtx, lastDay.ID, "S001", "", map[string]string{"f1": "出省"}, "", ""},
		{"closed", adminCtx, closed.ID, "S001", "", map[string]string{"f1": "出省"}, app.ECONFLICT, "storage.form.error.closed"},
		{"deadline passed", adminCtx, past.ID, "S001", "", map[string]string{"f1": "出省"}, app.ECONFLICT, "storage.form.error.deadline_passed"},
		{"student of another class", adminCtx, open.ID, "S005", "", map[string]string{"f1": "出省"}, app.EINVALID, "storage.form.error.student_not_in_form"},
		{"teacher, student not theirs", wang, open.ID, "S003", "", map[string]string{"f1": "出省"}, app.EFORBIDDEN, "storage.homework.error.not_own_student"},
		{"bad choice", adminCtx, open.ID, "S001", "", map[string]string{"f1": "出国"}, app.EINVALID, "formrule.answer.choice"},
		{"required missing", adminCtx, open.ID, "S001", "", map[string]string{"f2": "2"}, app.EINVALID, "formrule.answer.required"},
		{"check-in day outside", adminCtx, checkin.ID, "S001", "2025-09-03", map[string]string{"f1": "是"}, app.EINVALID, "formrule.error.day_outside"},
		{"unknown form", adminCtx, 999, "S001", "", map[string]string{"f1": "出省"}, app.ENOTFOUND, "storage.form.error.not_found"},
		{"teacher, form not for their classes", ns.teacherOf("li", "一年级1班"), open.ID, "S001", "", map[string]string{"f1": "出省"}, app.ENOTFOUND, "storage.form.error.not_found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := count(t, ns.db, `SELECT count(*) FROM form_answers`) + count(t, ns.db, `SELECT count(*) FROM audit`)
			_, err := ns.db.Services().Forms.SaveAnswer(tt.ctx, tt.form, app.AnswerInput{StudentID: ns.students[tt.student], Day: tt.day, Values: tt.values})
			if tt.code == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			wantCode(t, err, tt.code, tt.key)
			if n := count(t, ns.db, `SELECT count(*) FROM form_answers`) + count(t, ns.db, `SELECT count(*) FROM audit`); n != before {
				t.Errorf("a refused answer changed %d rows", n-before)
			}
		})
	}
}

func TestSaveAnswerAuditInTransaction(t *testing.T) {
	ns := newNoticeSchool(t)
	f := createForm(t, ns, adminCtx, surveyDraft(), "三年级2班")
	if _, err := ns.db.w.Exec(`CREATE TRIGGER no_audit BEFORE INSERT ON audit BEGIN SELECT RAISE(ABORT, 'audit refused'); END`); err != nil {
		t.Fatal(err)
	}
	_, err := ns.db.Services().Forms.SaveAnswer(adminCtx, f.ID, app.AnswerInput{StudentID: ns.students["S001"], Values: map[string]string{"f1": "出省"}})
	if err == nil {
		t.Fatal("SaveAnswer succeeded without its audit row")
	}
	if n := count(t, ns.db, `SELECT count(*) FROM form_answers`); n != 0 {
		t.Errorf("answers = %d; want 0 after the audit row failed", n)
	}
}

func TestChainLimits(t *testing.T) {
	ns := newNoticeSchool(t)
	svc := ns.db.Services().Forms
	f := createForm(t, ns, adminCtx, chainDraft(), "三年级2班", "三年级10班")
	save(t, ns, adminCtx, f.ID, "S003", "", "f1", "周一护导")
	save(t, ns, adminCtx, f.ID, "S001", "", "f1", "周三护导")
	save(t, ns, adminCtx, f.ID, "S002", "", "f1", "周一护导")

	// 周一护导 is full (2 places)
	_, err := svc.SaveAnswer(adminCtx, f.ID, app.AnswerInput{StudentID: ns.students["S004"], Values: map[string]string{"f1": "周一护导"}})
	wantCode(t, err, app.ECONFLICT, "formrule.error.chain_full")
	if e := err.(*app.Error); !slices.Equal(e.Args, []any{"周一护导", 2}) {
		t.Errorf("args = %v; want the item and its limit", e.Args)
	}
	_, err = svc.SaveAnswer(adminCtx, f.ID, app.AnswerInput{StudentID: ns.students["S001"], Values: map[string]string{"f1": "周一护导"}})
	wantCode(t, err, app.ECONFLICT, "formrule.error.chain_full")
	// one who holds a place may change the rest of their answer
	save(t, ns, adminCtx, f.ID, "S003", "", "f1", "周一护导", "f2", "七点到")

	// leaving frees the place; the order of sign-up is kept for the others
	if err := svc.ClearAnswer(adminCtx, f.ID, ns.students["S003"], ""); err != nil {
		t.Fatal(err)
	}
	save(t, ns, adminCtx, f.ID, "S004", "", "f1", "周一护导")
	sheet, err := svc.FormSheet(adminCtx, f.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	items := app.ChainItems(sheet)
	got := map[string][]string{}
	for _, it := range items {
		for _, s := range it.Signups {
			got[it.Option] = append(got[it.Option], s.StudentNo)
		}
	}
	if want := map[string][]string{"周一护导": {"S002", "S004"}, "周三护导": {"S001"}}; !maps.EqualFunc(got, want, slices.Equal) {
		t.Errorf("sign-ups = %v; want %v", got, want)
	}
	if !items[0].Full() || items[1].Full() {
		t.Errorf("full = %v, %v; want 周一护导 full", items[0].Full(), items[1].Full())
	}

	wantCode(t, svc.ClearAnswer(adminCtx, f.ID, ns.students["S003"], ""), app.ENOTFOUND, "storage.form.error.no_answer")
	if n := count(t, ns.db, `SELECT count(*) FROM audit WHERE action = 'form.clear'`); n != 1 {
		t.Errorf("form.clear audit rows = %d; want 1", n)
	}
}

func TestCheckin(t *testing.T) {
	ns := newNoticeSchool(t)
	svc := ns.db.Services().Forms
	f := createForm(t, ns, adminCtx, checkinDraft(), "三年级2班", "三年级10班")
	if got := f.CheckinDays(); !slices.Equal(got, []string{"2025-08-30", "2025-08-31", "2025-09-01", "2025-09-02"}) {
		t.Errorf("days = %v", got)
	}
	today := save(t, ns, adminCtx, f.ID, "S001", "", "f1", "√")
	if today.Day != "2025-09-01" {
		t.Errorf("Day = %q; want today, 2025-09-01", today.Day)
	}
	save(t, ns, adminCtx, f.ID, "S002", "2025-09-01", "f1", "否")
	save(t, ns, adminCtx, f.ID, "S001", "2025/8/31", "f1", "是")
	save(t, ns, adminCtx, f.ID, "S003", "2025-08-31", "f1", "是")

	nonResponders := func(sheet *app.FormSheet, day string) []string {
		var out []string
		for _, s := range app.NonResponders(sheet, day) {
			out = append(out, s.StudentNo)
		}
		return out
	}
	tests := []struct {
		day, wantDay string
		answers      int
		missing      []string
	}{
		{"", "2025-09-01", 2, []string{"S003", "S004"}},
		{"2025-08-31", "2025-08-31", 2, []string{"S002", "S004"}},
		{"2025-08-30", "2025-08-30", 0, []string{"S001", "S002", "S003", "S004"}},
	}
	for _, tt := range tests {
		sheet, err := svc.FormSheet(adminCtx, f.ID, tt.day)
		if err != nil {
			t.Fatal(err)
		}
		if sheet.Day != tt.wantDay || len(sheet.Answers) != tt.answers || !slices.Equal(nonResponders(sheet, sheet.Day), tt.missing) {
			t.Errorf("FormSheet(%q) = day %s, %d answers, missing %v; want %s, %d, %v",
				tt.day, sheet.Day, len(sheet.Answers), nonResponders(sheet, sheet.Day), tt.wantDay, tt.answers, tt.missing)
		}
	}
	all, err := svc.FormSheet(adminCtx, f.ID, app.AllDays)
	if err != nil {
		t.Fatal(err)
	}
	if len(all.Answers) != 4 || !maps.Equal(app.CheckinCounts(all), map[int64]int{ns.students["S001"]: 2, ns.students["S002"]: 1, ns.students["S003"]: 1}) {
		t.Errorf("all days: %d answers, counts %v", len(all.Answers), app.CheckinCounts(all))
	}
	if totals := app.ComputeTotals(all); totals.Answered != 3 || len(totals.Missing) != 1 {
		t.Errorf("all-days totals: answered %d missing %d; want 3, 1", totals.Answered, len(totals.Missing))
	}
	_, err = svc.FormSheet(adminCtx, f.ID, "2025-09-05")
	wantCode(t, err, app.EINVALID, "formrule.error.day_outside")

	// the list counts today's check-ins
	forms, err := svc.Forms(adminCtx)
	if err != nil || len(forms) != 1 || forms[0].Answered != 2 || forms[0].Total != 4 {
		t.Errorf("Forms = %+v, %v; want 2 of 4 today", forms, err)
	}
	// after the last day, "" opens the last day
	ns.db.Now = func() time.Time { return testNow.AddDate(0, 0, 10) }
	sheet, err := svc.FormSheet(adminCtx, f.ID, "")
	if err != nil || sheet.Day != "2025-09-02" {
		t.Errorf("FormSheet after the end = %v, %v; want day 2025-09-02", sheet, err)
	}
}

func TestFormsVisibilityAndCounts(t *testing.T) {
	ns := newNoticeSchool(t)
	wang := ns.teacherOf("wang", "三年级2班")
	a := createForm(t, ns, adminCtx, surveyDraft(), "三年级2班", "三年级10班")
	b := createForm(t, ns, adminCtx, surveyDraft(), "一年级1班")
	c := createForm(t, ns, wang, chainDraft(), "三年级2班")
	save(t, ns, adminCtx, a.ID, "S001", "", "f1", "出省")
	save(t, ns, adminCtx, a.ID, "S003", "", "f1", "出省")
	save(t, ns, adminCtx, a.ID, "S004", "", "f1", "出省")
	tests := []struct {
		name   string
		ctx    context.Context
		want   []int64
		counts []string
	}{
		{"admin: newest first", adminCtx, []int64{c.ID, b.ID, a.ID}, []string{"0/2", "0/1", "3/4"}},
		{"teacher: own classes' students", wang, []int64{c.ID, a.ID}, []string{"0/2", "1/2"}},
		{"teacher of 一年级1班", ns.teacherOf("li", "一年级1班"), []int64{b.ID}, []string{"0/1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			forms, err := ns.db.Services().Forms.Forms(tt.ctx)
			if err != nil {
				t.Fatal(err)
			}
			var ids []int64
			var counts []string
			for _, f := range forms {
				ids = append(ids, f.ID)
				counts = append(counts, fmt.Sprintf("%d/%d", f.Answered, f.Total))
			}
			if !slices.Equal(ids, tt.want) || !slices.Equal(counts, tt.counts) {
				t.Errorf("Forms = %v %v; want %v %v", ids, counts, tt.want, tt.counts)
			}
		})
	}
	sheet, err := ns.db.Services().Forms.FormSheet(wang, a.ID, "")
	if err != nil || len(sheet.Students) != 2 || len(sheet.Answers) != 1 {
		t.Errorf("teacher's sheet = %+v, %v; want 2 students and 1 answer of their class", sheet, err)
	}
}

func TestCloseForm(t *testing.T) {
	ns := newNoticeSchool(t)
	svc := ns.db.Services().Forms
	wang := ns.teacherOf("wang", "三年级2班")
	f := createForm(t, ns, wang, surveyDraft(), "三年级2班")
	wantCode(t, svc.CloseForm(ns.teacherOf("liu", "三年级2班"), f.ID), app.EFORBIDDEN, "storage.form.error.close_forbidden")
	if err := svc.CloseForm(wang, f.ID); err != nil {
		t.Fatal(err)
	}
	if err := svc.CloseForm(adminCtx, f.ID); err != nil {
		t.Fatalf("closing again: %v; want nothing to do", err)
	}
	if n := count(t, ns.db, `SELECT count(*) FROM audit WHERE action = 'form.close'`); n != 1 {
		t.Errorf("form.close audit rows = %d; want 1", n)
	}
	wantCode(t, svc.ClearAnswer(wang, f.ID, ns.students["S001"], ""), app.ECONFLICT, "storage.form.error.closed")
}

func answerRow(line int, no, name, class string, kv ...string) app.AnswerRow {
	r := app.AnswerRow{Line: line, StudentNo: no, StudentName: name, ClassLabel: class, Values: map[string]string{}}
	for i := 0; i+1 < len(kv); i += 2 {
		r.Values[kv[i]] = kv[i+1]
	}
	return r
}

func TestImportAnswers(t *testing.T) {
	ns := newNoticeSchool(t)
	svc := ns.db.Services().Forms
	f := createForm(t, ns, adminCtx, surveyDraft(), "三年级2班", "三年级10班")
	save(t, ns, adminCtx, f.ID, "S003", "", "f1", "出省")
	before := count(t, ns.db, `SELECT count(*) FROM form_answers`) + count(t, ns.db, `SELECT count(*) FROM audit`)

	bad := []app.AnswerRow{
		answerRow(3, "S001", "张三", "", "f1", "留在本地", "f2", "2"),
		answerRow(4, "", "王五", "", "f1", "出省"),                    // two 王五
		answerRow(5, "", "李雷", "", "f1", "出省"),                    // nobody
		answerRow(6, "S003", "赵六", "", "f1", "出省"),                // unchanged
		answerRow(7, "", "张三", "三年级2班", "f1", "出省"),               // same student as line 3
		answerRow(8, "", "", "", "f1", "出省"),                      // no student
		answerRow(9, "", "王五", "三年级10班", "f1", "出国"),              // bad value
		answerRow(10, "", "张四", "", "f1", "出省"),                   // not in the form's classes
		answerRow(11, "S002", "王五", "三年级2班", "f1", " ", "f2", ""), // blank: skipped
	}
	res, err := svc.ImportAnswers(adminCtx, f.ID, bad, false)
	if err != nil {
		t.Fatal(err)
	}
	type problem struct {
		line int
		key  string
	}
	var got []problem
	for _, p := range res.Problems {
		got = append(got, problem{p.Line, p.Reason.Key})
	}
	want := []problem{
		{4, "storage.form.import.ambiguous"},
		{5, "storage.form.import.student_unknown"},
		{7, "storage.form.import.duplicate"},
		{8, "storage.form.import.student_missing"},
		{9, "formrule.answer.choice"},
		{10, "storage.form.import.student_unknown"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("problems = %v; want %v", got, want)
	}
	if res.Saved != 1 || res.Unchanged != 1 {
		t.Errorf("Saved %d Unchanged %d; want 1, 1 (what the good rows would do)", res.Saved, res.Unchanged)
	}
	if n := count(t, ns.db, `SELECT count(*) FROM form_answers`) + count(t, ns.db, `SELECT count(*) FROM audit`); n != before {
		t.Errorf("an import with problems changed %d rows", n-before)
	}

	good := []app.AnswerRow{
		answerRow(3, "S001", "张三", "", "f1", "留在本地", "f2", "2"),
		answerRow(4, "", "王五", "三年级10班", "f1", "省内出行"),
		answerRow(5, "S003", "", "", "f1", "出省"),
		answerRow(6, "ｓ００２", "", "", "f1", "出省"), // full-width, any case
	}
	res, err = svc.ImportAnswers(adminCtx, f.ID, good, true)
	if err != nil || len(res.Problems) != 0 || res.Saved != 3 || res.Unchanged != 1 {
		t.Fatalf("dry run = %+v, %v; want 3 saved, 1 unchanged, no problems", res, err)
	}
	if n := count(t, ns.db, `SELECT count(*) FROM form_answers`) + count(t, ns.db, `SELECT count(*) FROM audit`); n != before {
		t.Errorf("a dry run changed %d rows", n-before)
	}
	res, err = svc.ImportAnswers(adminCtx, f.ID, good, false)
	if err != nil || len(res.Problems) != 0 || res.Saved != 3 || res.Unchanged != 1 {
		t.Fatalf("import = %+v, %v; want 3 saved, 1 unchanged", res, err)
	}
	sheet, err := svc.FormSheet(adminCtx, f.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	byNo := map[string]string{}
	for _, a := range sheet.Answers {
		for _, s := range sheet.Students {
			if s.StudentID == a.StudentID {
				byNo[s.StudentNo] = a.Values["f1"]
			}
		}
	}
	if want := map[string]string{"S001": "留在本地", "S002": "出省", "S003": "出省", "S004": "省内出行"}; !maps.Equal(byNo, want) {
		t.Errorf("answers = %v; want %v", byNo, want)
	}
	if n := count(t, ns.db, `SELECT count(*) FROM audit WHERE action = 'form.import'`); n != 1 {
		t.Errorf("form.import audit rows = %d; want 1", n)
	}
}

func TestImportAnswersChainLimit(t *testing.T) {
	ns := newNoticeSchool(t)
	f := createForm(t, ns, adminCtx, chainDraft(), "三年级2班", "三年级10班")
	save(t, ns, adminCtx, f.ID, "S001", "", "f1", "周一护导")
	rows := []app.AnswerRow{
		answerRow(2, "S001", "", "", "f1", "周三护导"), // frees a place on 周一
		answerRow(3, "S002", "", "", "f1", "周一护导"),
		answerRow(4, "S003", "", "", "f1", "周一护导"),
		answerRow(5, "S004", "", "", "f1", "周一护导"), // the third: full
	}
	res, err := ns.db.Services().Forms.ImportAnswers(adminCtx, f.ID, rows, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Problems) != 1 || res.Problems[0].Line != 5 || res.Problems[0].Reason.Key != "formrule.error.chain_full" {
		t.Errorf("problems = %+v; want line 5 full", res.Problems)
	}
	if n := count(t, ns.db, `SELECT count(*) FROM form_answers`); n != 1 {
		t.Errorf("answers = %d; want only the one saved before", n)
	}
	res, err = ns.db.Services().Forms.ImportAnswers(adminCtx, f.ID, rows[:3], false)
	if err != nil || len(res.Problems) != 0 || res.Saved != 3 {
		t.Errorf("import = %+v, %v; want 3 saved", res, err)
	}
}
