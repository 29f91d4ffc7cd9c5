package storage

import (
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
		Subjects: []app.ExamSubject{{Name: "语文", Full: 1000}}})
	if err != nil {
		t.Fatal(err)
	}
	rows := []app.ScoreRow{
		{Line: 3, StudentNo: "S001", Values: map[string]string{"语文": "９５．５"}},
		{Line: 4, StudentName: "赵六", Values: map[string]string{"语文": "缺考"}},
		{Line: 5, StudentName: "王五", ClassLabel: "三年级10班", Values: map[string]string{"语文": "88"}},
	}
	res, err := exams.ImportScores(adminCtx, e.ID, rows, true)
	if err != nil || res.Saved != 3 || len(res.Problems) != 0 {
		t.Fatalf("dry run: %+v %v, want 3 to save", res, err)
	}
	bad := append(rows, app.ScoreRow{Line: 6, StudentName: "王五", Values: map[string]string{"语文": "90"}}, // two 王五, no class
		app.ScoreRow{Line: 7, StudentNo: "S002", Values: map[string]string{"语文": "101"}})
	res, err = exams.ImportScores(adminCtx, e.ID, bad, false)
	if err != nil || len(res.Problems) != 2 || res.Problems[0].Line != 6 || res.Problems[1].Line != 7 {
		t.Fatalf("a sheet with two bad rows: %+v %v, want rows 6 and 7 refused", res, err)
	}
	if sheet, _ := exams.ExamSheet(adminCtx, e.ID); sheet.Scores[0][0].Set {
		t.Fatal("a refused import saved scores")
	}
	if res, err = exams.ImportScores(adminCtx, e.ID, rows, false); err != nil || res.Saved != 3 {
		t.Fatalf("import: %+v %v", res, err)
	}
	if res, _ = exams.ImportScores(adminCtx, e.ID, rows, false); res.Saved != 0 || res.Unchanged != 3 {
		t.Errorf("the same sheet again: %+v, want 3 unchanged", res)
	}
}
