package ui

import (
	"context"
	"math"
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
	"jxj/app/mock"
)

func testExam() *app.Exam {
	return &app.Exam{ID: 5, Name: "期中考试", Date: attDay(10), ClassIDs: []int64{10, 11},
		ClassLabels: []string{"三年级1班", "三年级2班"},
		Subjects: []app.ExamSubject{
			app.ExamSubject{Name: "语文", Full: 1000}.WithDefaultLines(),
			app.ExamSubject{Name: "数学", Full: 1000}.WithDefaultLines(),
		}}
}

// testExamSheet: 张三 and 李四 in class 1, 王五 in class 2; 张三 has no
// 数学 yet, 李四 missed it.
func testExamSheet() *app.ExamSheet {
	score := func(v app.Score) app.ScoreCell { return app.ScoreCell{Set: true, Value: v} }
	return &app.ExamSheet{
		Exam: testExam(),
		Students: []app.ExamStudent{
			{StudentID: 1, StudentName: "张三", StudentNo: "01", ClassID: 10, ClassLabel: "三年级1班"},
			{StudentID: 2, StudentName: "李四", StudentNo: "02", ClassID: 10, ClassLabel: "三年级1班"},
			{StudentID: 3, StudentName: "王五", StudentNo: "01", ClassID: 11, ClassLabel: "三年级2班"},
		},
		Scores: [][]app.ScoreCell{
			{score(900), {}},
			{score(855), {Set: true, Absent: true}},
			{score(600), score(1000)},
		},
	}
}

// examFakes is an exam service whose calls are recorded.
type examFakes struct {
	svc     *mock.ExamService
	saves   [][]app.ScoreEntry
	created []app.ExamDraft
	imports []examImport
	sheets  int // ExamSheet calls
	dryRun  *app.ScoreImport
}

type examImport struct {
	rows   []app.ScoreRow
	dryRun bool
}

func newExamFakes() *examFakes {
	f := &examFakes{dryRun: &app.ScoreImport{Saved: 2}}
	f.svc = &mock.ExamService{
		ExamsFn: func(context.Context) ([]*app.Exam, error) { return []*app.Exam{testExam()}, nil },
		ExamSheetFn: func(_ context.Context, id int64) (*app.ExamSheet, error) {
			f.sheets++
			sh := testExamSheet()
			sh.Exam.ID = id
			return sh, nil
		},
		SaveScoresFn: func(_ context.Context, id int64, entries []app.ScoreEntry) error {
			f.saves = append(f.saves, entries)
			return nil
		},
		CreateExamFn: func(_ context.Context, d app.ExamDraft) (*app.Exam, error) {
			f.created = append(f.created, d)
			return &app.Exam{ID: 8, Name: d.Name}, nil
		},
		ImportScoresFn: func(_ context.Context, id int64, rows []app.ScoreRow, dryRun bool) (*app.ScoreImport, error) {
			f.imports = append(f.imports, examImport{rows, dryRun})
			// the import does what its dry run said
			res := *f.dryRun
			return &res, nil
		},
	}
	return f
}

func newTestExams(t *testing.T, f *examFakes, sheets *mock.SheetService, printer *mock.PrintService) (*ExamsScreen, fyne.Window) {
	t.Helper()
	inChinese(t)
	env, w := newScreenEnv(t, app.Services{
		Exams:   f.svc,
		Sheets:  sheets,
		Printer: printer,
		Classes: &mock.ClassService{ClassesFn: func(context.Context) ([]*app.Class, error) { return testAttendanceClasses(), nil }},
	})
	env.School = &app.Org{ID: 1, Name: "城关镇中心小学"}
	s := NewExamsScreen(env)
	s.run = runNow
	s.now = func() time.Time { return attNow }
	w.SetContent(s.Content())
	return s, w
}

// gridText is what the score grid shows in a cell.
func gridText(d *examDetail, row, col int) (string, widget.Importance) {
	l := widget.NewLabel("")
	d.updateGridCell(widget.TableCellID{Row: row, Col: col}, l)
	return l.Text, l.Importance
}

// typeIn types text on the grid's focused cell, then key.
func typeIn(d *examDetail, text string, key fyne.KeyName) {
	for _, r := range text {
		d.grid.TypedRune(r)
	}
	if key != "" {
		d.grid.TypedKey(&fyne.KeyEvent{Name: key})
	}
}

func TestExamList(t *testing.T) {
	s, _ := newTestExams(t, newExamFakes(), nil, nil)
	texts := objectTexts(s.list)
	for _, want := range []string{"期中考试", "2026-11-10 · 三年级1班、三年级2班 · 语文、数学"} {
		if !containsText(texts, want) {
			t.Errorf("the list shows %q, want %q", texts, want)
		}
	}
	s.list.Select(0)
	if s.detail == nil || s.detail.id != 5 {
		t.Error("clicking the exam does not open it")
	}
}

func TestExamCreate(t *testing.T) {
	f := newExamFakes()
	s, _ := newTestExams(t, f, nil, nil)
	s.Compose()
	c := s.compose
	if got := len(c.subjects); got != 3 {
		t.Fatalf("a new exam starts with %d subjects, want 语文 数学 英语", got)
	}
	if c.subjects[0].pass.PlaceHolder != "60" || c.subjects[0].excellent.PlaceHolder != "85" {
		t.Errorf("the default lines shown are %q and %q, want 60 and 85", c.subjects[0].pass.PlaceHolder, c.subjects[0].excellent.PlaceHolder)
	}
	test.Type(c.name, "期中考试")
	c.picker.SetSelected([]int64{10})
	c.subjects[1].pass.SetText("70")
	c.subjects[2].full.SetText("120")
	if c.subjects[2].pass.PlaceHolder != "72" {
		t.Errorf("the pass line of a paper of 120 shows %q, want 72", c.subjects[2].pass.PlaceHolder)
	}
	c.addSubject("")
	test.Tap(c.createBtn)

	if len(f.created) != 1 {
		t.Fatalf("CreateExam called %d times, want 1", len(f.created))
	}
	d := f.created[0]
	wantSubjects := []app.ExamSubject{
		{Name: "语文", Full: 1000, Pass: 600, Excellent: 850, Low: 400},
		{Name: "数学", Full: 1000, Pass: 700, Excellent: 850, Low: 400},
		{Name: "英语", Full: 1200, Pass: 720, Excellent: 1020, Low: 480},
	}
	if d.Name != "期中考试" || !d.Date.Equal(attDay(20)) || !slices.Equal(d.ClassIDs, []int64{10}) || !slices.Equal(d.Subjects, wantSubjects) {
		t.Errorf("draft = %+v, want 期中考试 today for class 10 with %+v", d, wantSubjects)
	}
	if s.detail == nil || s.detail.id != 8 {
		t.Error("after creating, the new exam is not opened")
	}
}

func TestExamCreateRejected(t *testing.T) {
	tests := []struct {
		name  string
		setup func(c *examCompose)
		want  error
	}{
		{"no name", func(c *examCompose) { c.picker.SetSelected([]int64{10}) }, app.Errorf(app.EINVALID, "exam.error.name")},
		{"no class", func(c *examCompose) { c.name.SetText("期中考试") }, app.Errorf(app.EINVALID, "exampage.error.classes")},
		{"bad full marks", func(c *examCompose) {
			c.name.SetText("期中考试")
			c.picker.SetSelected([]int64{10})
			c.subjects[0].full.SetText("一百")
		}, app.Errorf(app.EINVALID, "exam.error.score", "一百")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newExamFakes()
			s, _ := newTestExams(t, f, nil, nil)
			s.Compose()
			tt.setup(s.compose)
			test.Tap(s.compose.createBtn)
			if len(f.created) != 0 {
				t.Errorf("CreateExam called with %+v", f.created)
			}
			if got := s.compose.errMsg.Text; !s.compose.errMsg.Visible() || got != i18n.Err(tt.want) {
				t.Errorf("error = %q, want %q", got, i18n.Err(tt.want))
			}
		})
	}
}

func TestScoreGridKeyboard(t *testing.T) {
	f := newExamFakes()
	s, _ := newTestExams(t, f, nil, nil)
	s.Open(5)
	d := s.detail

	// typed on 张三's name, a score goes to his first subject; Enter moves down
	d.grid.moveTo(0, scColFirstSubject+1) // 张三 数学
	typeIn(d, "95.5", fyne.KeyReturn)
	// 李四 数学 (缺考) becomes 80; Tab goes on to 王五 语文
	typeIn(d, "８０", fyne.KeyTab)
	if d.grid.cursor != (widget.TableCellID{Row: 2, Col: scColFirstSubject}) {
		t.Errorf("after Tab on the last subject the focus is on %+v, want the next student's first", d.grid.cursor)
	}
	// 缺考 by q on 王五 语文, and by 缺 on 王五 数学, kept by the arrows
	typeIn(d, "q", fyne.KeyRight)
	typeIn(d, "缺", fyne.KeyUp)
	want := [][]app.ScoreEntry{
		{{StudentID: 1, Subject: "数学", Cell: app.ScoreCell{Set: true, Value: 955}}},
		{{StudentID: 2, Subject: "数学", Cell: app.ScoreCell{Set: true, Value: 800}}},
		{{StudentID: 3, Subject: "语文", Cell: app.ScoreCell{Set: true, Absent: true}}},
		{{StudentID: 3, Subject: "数学", Cell: app.ScoreCell{Set: true, Absent: true}}},
	}
	if !slices.EqualFunc(f.saves, want, slices.Equal) {
		t.Errorf("SaveScores got %+v, want %+v", f.saves, want)
	}
	if got, _ := gridText(d, 0, scColFirstSubject+1); got != "95.5" {
		t.Errorf("张三 数学 shows %q, want 95.5", got)
	}
	if got, imp := gridText(d, 2, scColFirstSubject); got != "缺考" || imp != widget.WarningImportance {
		t.Errorf("王五 语文 shows %q (%v), want 缺考", got, imp)
	}
	if d.status.Text != "已保存" {
		t.Errorf("status = %q, want 已保存", d.status.Text)
	}
	// Delete clears a cell
	d.grid.moveTo(0, scColFirstSubject)
	d.grid.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	if last := f.saves[len(f.saves)-1]; len(last) != 1 || last[0] != (app.ScoreEntry{StudentID: 1, Subject: "语文"}) {
		t.Errorf("Delete saved %+v, want 张三 语文 cleared", last)
	}
}

func TestScoreGridRefusesOverFull(t *testing.T) {
	f := newExamFakes()
	s, _ := newTestExams(t, f, nil, nil)
	s.Open(5)
	d := s.detail
	d.grid.moveTo(2, scColFirstSubject) // 王五 语文, 60 of 100
	typeIn(d, "130", fyne.KeyReturn)
	if len(f.saves) != 0 {
		t.Fatalf("130 on a paper of 100 was saved: %+v", f.saves)
	}
	want := i18n.T("exampage.not_saved", i18n.Err(app.Errorf(app.EINVALID, "exampage.error.over_full", "130", "语文", "100")))
	if d.status.Text != want || d.status.Importance != widget.DangerImportance {
		t.Errorf("status = %q, want %q", d.status.Text, want)
	}
	if got, imp := gridText(d, 2, scColFirstSubject); got != "130" || imp != widget.DangerImportance {
		t.Errorf("the refused cell shows %q (%v), want 130 in red", got, imp)
	}
	if d.grid.cursor.Row != 2 || d.sheet.Scores[2][0].Value != 600 {
		t.Errorf("after the refusal the focus moved to %+v and the score is %v; want both kept", d.grid.cursor, d.sheet.Scores[2][0])
	}
	for _, bad := range []string{"abc", "95.55"} {
		d.grid.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
		typeIn(d, bad, fyne.KeyReturn)
		if len(f.saves) != 0 {
			t.Errorf("%q was saved", bad)
		}
	}
	// Escape drops it; the cell shows its score again
	d.grid.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if got, _ := gridText(d, 2, scColFirstSubject); got != "60" {
		t.Errorf("after Escape the cell shows %q, want 60", got)
	}
	// fixing it with Backspace saves the corrected score
	typeIn(d, "130", fyne.KeyReturn)
	d.grid.TypedKey(&fyne.KeyEvent{Name: fyne.KeyBackspace})
	d.grid.TypedKey(&fyne.KeyEvent{Name: fyne.KeyBackspace})
	typeIn(d, "00", fyne.KeyReturn)
	if len(f.saves) != 1 || f.saves[0][0].Cell != (app.ScoreCell{Set: true, Value: 1000}) {
		t.Errorf("SaveScores got %+v, want 100 for 王五 语文", f.saves)
	}
}

// TestExamStatsCharts: above the statistics, each class's score bands
// in the subject picked and the averages by subject.
func TestExamStatsCharts(t *testing.T) {
	s, _ := newTestExams(t, newExamFakes(), nil, nil)
	charts := newChartFakes()
	s.env.Services.Charts = charts.svc
	s.Open(5)
	d := s.detail
	d.tabs.SelectIndex(1)
	nan := math.NaN()
	// 语文: 张三 90 and 李四 85.5 in class 1, 王五 60 in class 2
	bands := func(a, b, c, d, e []float64) []app.ChartSeries {
		return []app.ChartSeries{{Name: "0–59%", Values: a}, {Name: "60–69%", Values: b}, {Name: "70–79%", Values: c},
			{Name: "80–89%", Values: d}, {Name: "90–100%", Values: e}}
	}
	checkChart(t, charts.last("分数段人数（语文）"), app.Chart{Kind: app.ChartColumns, Stacked: true, Title: "分数段人数（语文）",
		Labels: []string{"三年级1班", "三年级2班"}, Series: bands([]float64{0, 0}, []float64{0, 1}, []float64{0, 0}, []float64{1, 0}, []float64{1, 0})})
	checkChart(t, charts.last("各科平均分"), app.Chart{Kind: app.ChartColumns, Title: "各科平均分", Labels: []string{"语文", "数学"},
		Series: []app.ChartSeries{{Name: "全部班级", Values: []float64{78.5, 100}}, {Name: "三年级1班", Values: []float64{87.75, nan}},
			{Name: "三年级2班", Values: []float64{60, 100}}}})
	// 数学: 李四 missed it, 王五 100
	d.bandsSubject.SetSelected("数学")
	checkChart(t, charts.last("分数段人数（数学）"), app.Chart{Kind: app.ChartColumns, Stacked: true, Title: "分数段人数（数学）",
		Labels: []string{"三年级1班", "三年级2班"}, Series: bands([]float64{0, 0}, []float64{0, 0}, []float64{0, 0}, []float64{0, 0}, []float64{0, 1})})
	// a score typed in changes them
	d.grid.Select(widget.TableCellID{Row: 0, Col: scColFirstSubject + 1})
	typeIn(d, "45", fyne.KeyReturn)
	checkChart(t, charts.last("分数段人数（数学）"), app.Chart{Kind: app.ChartColumns, Stacked: true, Title: "分数段人数（数学）",
		Labels: []string{"三年级1班", "三年级2班"}, Series: bands([]float64{1, 0}, []float64{0, 0}, []float64{0, 0}, []float64{0, 0}, []float64{0, 1})})
}

func TestExamStats(t *testing.T) {
	s, _ := newTestExams(t, newExamFakes(), nil, nil)
	s.Open(5)
	d := s.detail
	st := app.ComputeExamStats(testExamSheet())
	// the rows: all classes (语文, 数学), then class 1 and class 2
	if got := len(d.statsRows); got != 6 {
		t.Fatalf("statistics rows = %d, want 6", got)
	}
	all := st.All.Subjects[0]
	want := []string{"全部班级", "语文", "3", "0", formatNumber(all.Avg), "90", "60", formatNumber(all.Std),
		percentText(all.PassRate()), percentText(all.ExcellentRate()), percentText(all.LowRate()), "0", "1", "0", "1", "1"}
	for c, w := range want {
		if got, _ := tableCellText(d.statsTable, 0, c); got != w {
			t.Errorf("all classes 语文 col %d = %q, want %q", c, got, w)
		}
	}
	// the same numbers, as a teacher reads them
	for c, w := range map[int]string{4: "78.5", 8: "100.0%", 9: "66.7%", 10: "0.0%"} {
		if got, _ := tableCellText(d.statsTable, 0, c); got != w {
			t.Errorf("all classes 语文 col %d = %q, want %q", c, got, w)
		}
	}
	// class 1 数学: 李四 missed it, 张三 has none yet
	for c, w := range map[int]string{0: "三年级1班", 1: "数学", 2: "0", 3: "1", 4: "—"} {
		if got, _ := tableCellText(d.statsTable, 3, c); got != w {
			t.Errorf("class 1 数学 col %d = %q, want %q", c, got, w)
		}
	}

	// the ranking: 王五 160, 张三 90, 李四 85.5
	wantRanks := [][]string{
		{"1", "1", "三年级2班", "01", "王五", "160", "2"},
		{"2", "1", "三年级1班", "01", "张三", "90", "1"},
		{"3", "2", "三年级1班", "02", "李四", "85.5", "1"},
	}
	for i, row := range wantRanks {
		for c, w := range row {
			if got, _ := tableCellText(d.rankTable, i, c); got != w {
				t.Errorf("ranking row %d col %d = %q, want %q", i, c, got, w)
			}
		}
	}

	// a score typed changes them at once
	d.grid.moveTo(0, scColFirstSubject+1)
	typeIn(d, "100", fyne.KeyReturn)
	if got, _ := tableCellText(d.rankTable, 0, 4); got != "张三" {
		t.Errorf("after 张三's 100 in 数学 the top of the ranking is %q, want 张三 (190)", got)
	}
}

func TestScoreImport(t *testing.T) {
	rows := []app.ScoreRow{
		{Line: 2, StudentNo: "01", StudentName: "张三", ClassLabel: "三年级1班", Values: map[string]string{"语文": "88"}},
		{Line: 3, StudentName: "钱八", ClassLabel: "三年级1班", Values: map[string]string{"语文": "70"}},
		{Line: 4, StudentNo: "02", StudentName: "李四", ClassLabel: "三年级1班", Values: map[string]string{"数学": "90"}},
	}
	sheets := &mock.SheetService{ReadScoresFn: func(path string, e *app.Exam) ([]app.ScoreRow, error) {
		if path != "/tmp/scores.xlsx" || e.ID != 5 {
			t.Errorf("ReadScores(%q, exam %d)", path, e.ID)
		}
		return rows, nil
	}}

	t.Run("rejected rows first, the others imported on confirm", func(t *testing.T) {
		f := newExamFakes()
		f.dryRun = &app.ScoreImport{Saved: 2, Problems: []app.RowProblem{
			{Line: 3, Name: "钱八", Reason: app.Errorf(app.EINVALID, "storage.form.import.student_unknown", "钱八")}}}
		s, w := newTestExams(t, f, sheets, nil)
		s.Open(5)
		d := s.detail
		d.previewImport("/tmp/scores.xlsx")
		p := d.preview
		if p == nil || len(f.imports) != 1 || !f.imports[0].dryRun {
			t.Fatalf("no preview after the dry run (imports %+v)", f.imports)
		}
		if p.tabs.SelectedIndex() != 0 || p.tabs.Items[0].Text != i18n.T("importscreen.tab.rejected", 1) {
			t.Errorf("the preview opens on tab %d %q, want the rejected rows", p.tabs.SelectedIndex(), p.tabs.Items[0].Text)
		}
		if texts := topDialogTexts(w); !containsText(texts, "钱八") || !containsText(texts, "找不到学生“钱八”") ||
			!containsText(texts, "跳过问题行，导入其余 2 行") || p.confirm.Disabled() {
			t.Errorf("the preview shows %q (confirm enabled %v), want the rejected 钱八 with the reason and the confirm for 2 rows",
				texts, !p.confirm.Disabled())
		}
		loads := f.sheets
		test.Tap(p.confirm)
		if len(f.imports) != 2 || f.imports[1].dryRun || len(f.imports[1].rows) != 3 {
			t.Fatalf("the import got %+v, want the sheet's 3 rows (the service leaves out the rejected one)", f.imports[1:])
		}
		if d.preview != nil {
			t.Error("the import opened the preview again")
		}
		if f.sheets != loads+1 {
			t.Error("the sheet is not loaded again after the import")
		}
		if texts := topDialogTexts(w); !containsText(texts, "已保存 2 个成绩，0 个不变；有问题的 1 行没有导入") {
			t.Errorf("after the import the window shows %q, want the saved scores and the row left out", texts)
		}
	})
	t.Run("every row rejected", func(t *testing.T) {
		f := newExamFakes()
		f.dryRun = &app.ScoreImport{}
		for _, r := range rows {
			f.dryRun.Problems = append(f.dryRun.Problems, app.RowProblem{Line: r.Line, Reason: app.Errorf(app.EINVALID, "storage.form.import.student_missing")})
		}
		s, _ := newTestExams(t, f, sheets, nil)
		s.Open(5)
		s.detail.previewImport("/tmp/scores.xlsx")
		p := s.detail.preview
		if p.tabs.SelectedIndex() != 0 || !p.confirm.Disabled() {
			t.Errorf("every row rejected: tab %d, confirm enabled %v; want the rejected rows and nothing to confirm", p.tabs.SelectedIndex(), !p.confirm.Disabled())
		}
	})
	t.Run("a clean sheet", func(t *testing.T) {
		f := newExamFakes()
		s, w := newTestExams(t, f, sheets, nil)
		s.Open(5)
		s.detail.previewImport("/tmp/scores.xlsx")
		p := s.detail.preview
		if p.tabs.SelectedIndex() != 1 || p.confirm.Disabled() || p.confirm.Text != "确认导入" {
			t.Fatalf("clean preview: tab %d, confirm %q enabled %v", p.tabs.SelectedIndex(), p.confirm.Text, !p.confirm.Disabled())
		}
		test.Tap(p.confirm)
		if len(f.imports) != 2 || len(f.imports[1].rows) != 3 {
			t.Errorf("imports = %+v, want every row", f.imports)
		}
		if texts := topDialogTexts(w); !containsText(texts, "已保存 2 个成绩，0 个不变。") {
			t.Errorf("after the import the window shows %q", texts)
		}
	})
}

func TestExamFiles(t *testing.T) {
	var template, results *app.ExamSheet
	var resultStats *app.ExamStats
	var slips app.ResultSlips
	var paths []string
	sheets := &mock.SheetService{
		WriteScoreTemplateFn: func(path string, sh *app.ExamSheet) error { paths = append(paths, path); template = sh; return nil },
		WriteExamResultsFn: func(path string, sh *app.ExamSheet, st *app.ExamStats) error {
			paths = append(paths, path)
			results, resultStats = sh, st
			return nil
		},
	}
	printer := &mock.PrintService{PrintResultSlipsFn: func(path string, r app.ResultSlips) error {
		paths = append(paths, path)
		slips = r
		return nil
	}}
	s, w := newTestExams(t, newExamFakes(), sheets, printer)
	s.Open(5)
	d := s.detail
	d.saveTemplate("/tmp/t.xlsx")
	d.exportTo("/tmp/r.xlsx")
	d.printTo("/tmp/s.pdf")
	if !slices.Equal(paths, []string{"/tmp/t.xlsx", "/tmp/r.xlsx", "/tmp/s.pdf"}) {
		t.Fatalf("files written: %q", paths)
	}
	if template == nil || len(template.Students) != 3 || results == nil || resultStats.Results[2].GradeRank != 1 {
		t.Error("the template or the export did not get the sheet with its ranks")
	}
	if slips.School != "城关镇中心小学" || slips.Sheet == nil || len(slips.Stats.Results) != 3 {
		t.Fatalf("result slips = %+v", slips)
	}
	for i, r := range slips.Stats.Results {
		if r.ClassRank != 0 || r.GradeRank != 0 {
			t.Errorf("the slip of student %d carries ranks %d/%d", i, r.ClassRank, r.GradeRank)
		}
	}
	if d.stats.Results[2].GradeRank != 1 {
		t.Error("printing took the ranks out of the teacher's view too")
	}
	if !containsText(topDialogTexts(w), "/tmp/s.pdf") {
		t.Errorf("after printing the window shows %q", topDialogTexts(w))
	}
}

// The views opened from the lists fit the content area of the window in
// both languages: less the navigation and the top bar, as the workbench
// test measures it.
func TestGradesViewsFitTheWindow(t *testing.T) {
	avail := fyne.NewSize(WindowSize.Width-200, WindowSize.Height-80)
	lang := i18n.Language()
	t.Cleanup(func() { i18n.SetLanguage(lang) })
	for _, l := range []string{i18n.Chinese, i18n.English} {
		t.Run(l, func(t *testing.T) {
			check := func(what string, o fyne.CanvasObject) {
				t.Helper()
				if got := o.MinSize(); got.Width > avail.Width || got.Height > avail.Height {
					t.Errorf("%s needs %v, more than the %v it has", what, got, avail)
				}
			}
			i18n.SetLanguage(l)
			att := newAttendanceFakes()
			att.settings.SplitDay = true
			env, w := newScreenEnv(t, app.Services{
				Attendance: att.svc,
				Leaves:     newLeaveFakes().svc,
				Exams:      newExamFakes().svc,
				Classes:    &mock.ClassService{ClassesFn: func(context.Context) ([]*app.Class, error) { return testAttendanceClasses(), nil }},
				Directory:  &mock.DirectoryService{DirectoryFn: func(context.Context) (*app.Directory, error) { return testLeaveDirectory(), nil }},
			})

			es := NewExamsScreen(env)
			es.run, es.now = runNow, func() time.Time { return attNow }
			w.SetContent(es.Content())
			check("the exams", es.root)
			es.Compose()
			check("the new exam", es.root)
			es.Open(5)
			for i := range es.detail.tabs.Items {
				es.detail.tabs.SelectIndex(i)
				check("the exam's tab "+es.detail.tabs.Items[i].Text, es.root)
			}

			ls := NewLeaveScreen(env)
			ls.run, ls.now = runNow, func() time.Time { return attNow }
			w.SetContent(ls.Content())
			ls.table.Select(widget.TableCellID{Row: 0, Col: 0})
			check("the leave list", ls.root)
			ls.Compose()
			check("the new leave request", ls.root)

			as := NewAttendanceScreen(env)
			as.run, as.now = runNow, func() time.Time { return attNow }
			w.SetContent(as.Content())
			for i := range as.tabs.Items {
				as.tabs.SelectIndex(i)
				check("the attendance tab "+as.tabs.Items[i].Text, as.root)
			}
		})
	}
}

// A click on the score grid gives it the keyboard focus, so what the
// teacher types next reaches it (widget.Table alone focuses the embedded
// table, which the window does not know).
func TestScoreGridClickTakesFocus(t *testing.T) {
	s, w := newTestExams(t, newExamFakes(), nil, nil)
	w.Resize(fyne.NewSize(1100, 720))
	s.Open(5)
	test.TapAt(s.detail.grid, fyne.NewPos(s.detail.grid.Size().Width/2, 60))
	if got := w.Canvas().Focused(); got != s.detail.grid {
		t.Fatalf("focused after a click: %T, want the score grid", got)
	}
	w.Canvas().Focused().TypedRune('9')
	if !s.detail.editing || s.detail.editText != "9" {
		t.Errorf("typing after the click: editing %v %q, want the 9 typed", s.detail.editing, s.detail.editText)
	}
}

// A failing score reads red and with ↓ in front; a score on the pass line
// passes. Scores and the statistics' figures are right-aligned, names and
// classes not.
func TestScoreGridFailingAndAligned(t *testing.T) {
	f := newExamFakes()
	s, _ := newTestExams(t, f, nil, nil)
	s.Open(5)
	d := s.detail
	d.grid.moveTo(2, scColFirstSubject+1) // 王五 数学, pass line 60
	typeIn(d, "59.5", fyne.KeyReturn)

	cell := func(tb *widget.Table, row, col int) *widget.Label {
		l := widget.NewLabel("")
		tb.UpdateCell(widget.TableCellID{Row: row, Col: col}, l)
		return l
	}
	header := func(tb *widget.Table, col int) *widget.Label {
		o := tb.CreateHeader()
		tb.UpdateHeader(widget.TableCellID{Row: -1, Col: col}, o)
		l, ok := labelIn(o)
		if !ok {
			t.Fatalf("column %d's header holds no label", col)
		}
		return l
	}
	tests := []struct {
		name  string
		label *widget.Label
		text  string
		imp   widget.Importance
		align fyne.TextAlign
	}{
		{"failing", cell(&d.grid.Table, 2, scColFirstSubject+1), "↓59.5", widget.DangerImportance, fyne.TextAlignTrailing},
		{"on the pass line", cell(&d.grid.Table, 2, scColFirstSubject), "60", widget.MediumImportance, fyne.TextAlignTrailing},
		{"name", cell(&d.grid.Table, 2, scColName), "王五", widget.MediumImportance, fyne.TextAlignLeading},
		{"subject header", header(&d.grid.Table, scColFirstSubject), i18n.T("exampage.col.subject", "语文", "100"), widget.MediumImportance, fyne.TextAlignTrailing},
		{"stats class", cell(d.statsTable, 0, 0), i18n.T("exampage.all_classes"), widget.MediumImportance, fyne.TextAlignLeading},
		{"stats count", cell(d.statsTable, 0, 2), "3", widget.MediumImportance, fyne.TextAlignTrailing},
		{"stats average header", header(d.statsTable, 4), i18n.T("exampage.col.avg"), widget.MediumImportance, fyne.TextAlignTrailing},
		{"rank", cell(d.rankTable, 0, 0), "1", widget.MediumImportance, fyne.TextAlignTrailing},
		{"rank's student number", cell(d.rankTable, 0, 3), "01", widget.MediumImportance, fyne.TextAlignLeading},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := tt.label
			if l.Text != tt.text || l.Importance != tt.imp || l.Alignment != tt.align {
				t.Errorf("shows %q (importance %v, align %v), want %q (%v, %v)", l.Text, l.Importance, l.Alignment, tt.text, tt.imp, tt.align)
			}
		})
	}
}

// The grid shows one class at a time when asked, and goes on saving as
// the teacher types.
func TestScoreGridClassFilter(t *testing.T) {
	f := newExamFakes()
	s, _ := newTestExams(t, f, nil, nil)
	s.Open(5)
	d := s.detail
	names := func() []string {
		var out []string
		for r := range len(d.shown) {
			text, _ := gridText(d, r, scColName)
			out = append(out, text)
		}
		return out
	}
	if got := d.classes.sel.Options; !slices.Equal(got, []string{"全部", "三年级1班", "三年级2班"}) {
		t.Fatalf("class picker offers %q", got)
	}
	d.classes.sel.SetSelected("三年级2班")
	if got := names(); !slices.Equal(got, []string{"王五"}) {
		t.Fatalf("三年级2班 shows %q, want 王五", got)
	}
	d.grid.moveTo(0, scColFirstSubject+1)
	typeIn(d, "75", fyne.KeyReturn)
	// typed and not yet entered: picking another class keeps it
	d.grid.moveTo(0, scColFirstSubject)
	typeIn(d, "88", "")
	d.classes.sel.SetSelected("三年级1班")
	if got := names(); !slices.Equal(got, []string{"张三", "李四"}) {
		t.Fatalf("三年级1班 shows %q", got)
	}
	d.grid.moveTo(1, scColFirstSubject) // 李四 语文
	typeIn(d, "70", fyne.KeyReturn)
	want := [][]app.ScoreEntry{
		{{StudentID: 3, Subject: "数学", Cell: app.ScoreCell{Set: true, Value: 750}}},
		{{StudentID: 3, Subject: "语文", Cell: app.ScoreCell{Set: true, Value: 880}}},
		{{StudentID: 2, Subject: "语文", Cell: app.ScoreCell{Set: true, Value: 700}}},
	}
	if !slices.EqualFunc(f.saves, want, slices.Equal) {
		t.Errorf("SaveScores got %+v, want %+v", f.saves, want)
	}
	// the statistics count every class whatever the grid shows
	if got := d.stats.All.Subjects[0].Count; got != 3 {
		t.Errorf("语文 counted for %d students, want 3", got)
	}
	// a reload keeps the class picked
	d.load()
	if got := names(); !slices.Equal(got, []string{"张三", "李四"}) {
		t.Errorf("after a reload the grid shows %q, want 三年级1班 still", got)
	}
}
