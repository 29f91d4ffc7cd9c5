package storage

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"jxj/app"
)

func TestExamScores(t *testing.T) {
	ns := newNoticeSchool(t)
	exams := ns.db.Services().Exams
	c2, c10 := ns.classes["三年级2班"], ns.classes["三年级10班"]
	e, err := exams.CreateExam(adminCtx, app.ExamDraft{Name: "月考", Date: due("2026-11-10"), ClassIDs: []int64{c2, c10},
		Subjects: []app.ExamSubject{{Name: "语文", Full: 1000}, {Name: "英语", Full: 1200}}})
	if err != nil {
		t.Fatal(err)
	}
	if s := e.Subjects[1]; s.Pass != 720 || s.Excellent != 1020 || s.Low != 480 {
		t.Errorf("英语's default lines = %+v, want 72, 102, 48", s)
	}
	cell := func(v app.Score) app.ScoreCell { return app.ScoreCell{Set: true, Value: v} }
	ok := []app.ScoreEntry{
		{StudentID: ns.students["S001"], Subject: "语文", Cell: cell(955)},
		{StudentID: ns.students["S001"], Subject: "英语", Cell: cell(1200)},
		{StudentID: ns.students["S003"], Subject: "语文", Cell: app.ScoreCell{Set: true, Absent: true}},
	}
	if err := exams.SaveScores(adminCtx, e.ID, ok); err != nil {
		t.Fatal(err)
	}
	bad := []struct {
		name  string
		entry app.ScoreEntry
	}{
		{"over the full marks", app.ScoreEntry{StudentID: ns.students["S002"], Subject: "语文", Cell: cell(1001)}},
		{"an unknown subject", app.ScoreEntry{StudentID: ns.students["S002"], Subject: "数学", Cell: cell(900)}},
		{"a student outside the exam", app.ScoreEntry{StudentID: ns.students["S005"], Subject: "语文", Cell: cell(900)}},
	}
	for _, tt := range bad {
		// a good cell with the bad one: neither is saved
		err := exams.SaveScores(adminCtx, e.ID, []app.ScoreEntry{{StudentID: ns.students["S004"], Subject: "语文", Cell: cell(800)}, tt.entry})
		if app.ErrorCode(err) != app.EINVALID {
			t.Errorf("%s: %v, want EINVALID", tt.name, err)
		}
	}
	sheet, err := exams.ExamSheet(adminCtx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]app.ScoreCell{}
	for i, st := range sheet.Students {
		got[st.StudentNo] = sheet.Scores[i]
	}
	if got["S001"][0] != cell(955) || got["S001"][1] != cell(1200) || !got["S003"][0].Absent || got["S004"][0].Set {
		t.Errorf("stored cells = %+v", got)
	}
	// a teacher sees the exam with their own class only, and cannot
	// enter scores for another
	teacher := ns.teacherOf("li", "三年级2班")
	ts, err := exams.ExamSheet(teacher, e.ID)
	if err != nil || len(ts.Students) != 2 {
		t.Fatalf("the teacher's sheet: %+v %v, want the 2 students of 三年级2班", ts, err)
	}
	if err := exams.SaveScores(teacher, e.ID, []app.ScoreEntry{{StudentID: ns.students["S003"], Subject: "语文", Cell: cell(800)}}); app.ErrorCode(err) != app.EINVALID {
		t.Errorf("a teacher saving another class's score: %v, want EINVALID", err)
	}
	if _, err := exams.ExamSheet(ns.teacherOf("zhao", "一年级1班"), e.ID); app.ErrorCode(err) != app.ENOTFOUND {
		t.Errorf("a teacher of no class of the exam: %v, want ENOTFOUND", err)
	}
	// clearing a cell removes it
	if err := exams.SaveScores(adminCtx, e.ID, []app.ScoreEntry{{StudentID: ns.students["S001"], Subject: "英语"}}); err != nil {
		t.Fatal(err)
	}
	sheet, _ = exams.ExamSheet(adminCtx, e.ID)
	if sheet.Scores[0][1].Set {
		t.Errorf("a cleared cell is still set: %+v", sheet.Scores[0][1])
	}
}

func TestImportScores(t *testing.T) {
	ns := newNoticeSchool(t)
	exams := ns.db.Services().Exams
	e, err := exams.CreateExam(adminCtx, app.ExamDraft{Name: "月考", Date: due("2026-11-10"), ClassIDs: []int64{ns.classes["三年级2班"], ns.classes["三年级10班"]},
		Subjects: []app.ExamSubject{{Name: "语文", Full: 1000}, {Name: "数学", Full: 1000}}})
	if err != nil {
		t.Fatal(err)
	}
	// the sheet's students: S001 张三 and S002 王五 in 三年级2班, S003 赵六
	// and S004 王五 in 三年级10班
	rows := []app.ScoreRow{
		{Line: 3, StudentNo: "S001", Values: map[string]string{"语文": "９５．５"}},
		{Line: 4, StudentName: "赵六", Values: map[string]string{"语文": "缺考"}},
		{Line: 5, StudentName: "王五", ClassLabel: "三年级10班", Values: map[string]string{"语文": "88"}},
	}
	bad := append(slices.Clone(rows),
		app.ScoreRow{Line: 6, StudentName: "王五", Values: map[string]string{"语文": "90"}},                    // two 王五, no class
		app.ScoreRow{Line: 7, StudentNo: "S002", Values: map[string]string{"语文": "90", "数学": "101"}},       // one cell over the full marks
		app.ScoreRow{Line: 8, StudentNo: "S999", StudentName: "孙七", Values: map[string]string{"语文": "70"}}, // not on the roster
		app.ScoreRow{Line: 9, StudentNo: "S001", Values: map[string]string{"数学": "80"}},                    // 张三 again
	)
	saved := func() string {
		sheet, err := exams.ExamSheet(adminCtx, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for i, st := range sheet.Students {
			for j, sub := range sheet.Exam.Subjects {
				if c := sheet.Scores[i][j]; c.Set {
					fmt.Fprintf(&b, "%s %s %s %v; ", st.StudentNo, sub.Name, c.Value, c.Absent)
				}
			}
		}
		return b.String()
	}
	lines := func(ps []app.RowProblem) []int {
		var out []int
		for _, p := range ps {
			out = append(out, p.Line)
		}
		return out
	}

	res, err := exams.ImportScores(adminCtx, e.ID, bad, true)
	if err != nil || res.Saved != 3 || !slices.Equal(lines(res.Problems), []int{6, 7, 8, 9}) {
		t.Fatalf("dry run: %+v %v, want 3 cells to save and rows 6 to 9 refused", res, err)
	}
	if got := saved(); got != "" {
		t.Fatalf("the dry run saved %s", got)
	}
	audits := len(auditActions(t, ns.db))
	res, err = exams.ImportScores(adminCtx, e.ID, bad, false)
	if err != nil || res.Saved != 3 || !slices.Equal(lines(res.Problems), []int{6, 7, 8, 9}) {
		t.Fatalf("import: %+v %v, want 3 cells saved and rows 6 to 9 refused", res, err)
	}
	for i, key := range []string{"storage.form.import.ambiguous", "storage.exam.error.over_full", "storage.form.import.student_unknown", "storage.exam.error.duplicate"} {
		if got := res.Problems[i].Reason.Key; got != key {
			t.Errorf("row %d refused with %s, want %s", res.Problems[i].Line, got, key)
		}
	}
	// the good rows are saved, nothing of a refused row, not even its good cell
	if got, want := saved(), "S001 语文 95.5 false; S003 语文 0 true; S004 语文 88 false; "; got != want {
		t.Errorf("saved scores:\n got %s\nwant %s", got, want)
	}
	var detail string
	if err := ns.db.w.QueryRow(`SELECT detail FROM audit ORDER BY id DESC LIMIT 1`).Scan(&detail); err != nil {
		t.Fatal(err)
	}
	if got := auditActions(t, ns.db); len(got) != audits+1 || got[audits] != "exam.import" || detail != "saved=3; unchanged=0; rejected=4" {
		t.Errorf("audit after the import: %v %q, want one exam.import with saved=3; unchanged=0; rejected=4", got[audits:], detail)
	}
	if res, _ = exams.ImportScores(adminCtx, e.ID, rows, false); res.Saved != 0 || res.Unchanged != 3 || len(res.Problems) != 0 {
		t.Errorf("the good rows again: %+v, want 3 unchanged", res)
	}
	if got := auditActions(t, ns.db); len(got) != audits+1 {
		t.Errorf("an import that changed nothing wrote audit rows %v", got[audits+1:])
	}
}
