package ui

import (
	"context"
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

func testFormStudents() []app.FormStudent {
	return []app.FormStudent{
		{StudentID: 1, StudentName: "张三", StudentNo: "01", ClassID: 10, ClassLabel: "三年级1班"},
		{StudentID: 2, StudentName: "李四", StudentNo: "02", ClassID: 10, ClassLabel: "三年级1班"},
		{StudentID: 3, StudentName: "王五", StudentNo: "03", ClassID: 10, ClassLabel: "三年级1班"},
		{StudentID: 4, StudentName: "赵六", StudentNo: "04", ClassID: 10, ClassLabel: "三年级1班"},
	}
}

// testSurveySheet is a winter break survey three of four students
// answered; each call returns a fresh copy.
func testSurveySheet() *app.FormSheet {
	f := &app.Form{ID: 5, Kind: app.FormSurvey, Title: "寒假去向统计", ClassIDs: []int64{10}, ClassLabels: []string{"三年级1班"},
		Fields: []app.Field{
			{Key: "f1", Label: "去向", Type: app.FieldChoice, Required: true, Options: []string{"本地", "省内", "省外"}},
			{Key: "f2", Label: "人数", Type: app.FieldNumber},
			{Key: "f3", Label: "已返校", Type: app.FieldYesNo},
		}}
	return &app.FormSheet{Form: f, Students: testFormStudents(), Answers: []app.Answer{
		{ID: 1, StudentID: 1, Values: map[string]string{"f1": "本地", "f2": "2", "f3": "yes"}},
		{ID: 2, StudentID: 2, Values: map[string]string{"f1": "本地", "f2": "3"}},
		{ID: 3, StudentID: 3, Values: map[string]string{"f1": "省外", "f2": "5", "f3": "no"}},
	}}
}

// newTestForms builds a forms screen over the fakes, with work run at
// once and the clock at hwFixedNow.
func newTestForms(t *testing.T, forms *mock.FormService, sheets *mock.SheetService) (*FormsScreen, fyne.Window) {
	t.Helper()
	if forms.FormsFn == nil {
		forms.FormsFn = func(context.Context) ([]*app.Form, error) { return nil, nil }
	}
	env, w := newScreenEnv(t, app.Services{
		Forms:   forms,
		Sheets:  sheets,
		Classes: &mock.ClassService{ClassesFn: func(context.Context) ([]*app.Class, error) { return testHomeworkClasses(), nil }},
	})
	s := NewFormsScreen(env)
	s.run = runNow
	s.now = func() time.Time { return hwFixedNow }
	w.SetContent(s.Content())
	return s, w
}

func TestFormsListFilter(t *testing.T) {
	forms := []*app.Form{
		{ID: 1, Kind: app.FormSurvey, Title: "寒假去向", ClassLabels: []string{"三年级1班"}, Answered: 30, Total: 45},
		{ID: 2, Kind: app.FormChain, Title: "运动会志愿者", ClassLabels: []string{"三年级1班"}, Closed: true},
		{ID: 3, Kind: app.FormCheckin, Title: "每日阅读", StartDay: hwFixedNow, EndDay: hwFixedNow.AddDate(0, 0, 6)},
	}
	s, _ := newTestForms(t, &mock.FormService{FormsFn: func(context.Context) ([]*app.Form, error) { return forms, nil }}, nil)
	tests := []struct {
		filter string
		want   []int64
	}{
		{i18n.T("formpage.filter.all"), []int64{1, 2, 3}},
		{kindText(app.FormChain), []int64{2}},
		{kindText(app.FormCheckin), []int64{3}},
	}
	for _, tt := range tests {
		s.filter.SetSelected(tt.filter)
		var got []int64
		for _, f := range s.shown {
			got = append(got, f.ID)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("filter %s shows %v, want %v", tt.filter, got, tt.want)
		}
	}
	s.filter.SetSelected(i18n.T("formpage.filter.all"))
	texts := objectTexts(s.list)
	for _, want := range []string{kindText(app.FormChain), "运动会志愿者", i18n.T("formpage.closed"),
		i18n.T("formpage.days", "2026-11-24", "2026-11-30")} {
		if !containsText(texts, want) {
			t.Errorf("the list shows %q, want %q", texts, want)
		}
	}
}

// entriesWithHint returns the entries under o with placeholder hint, in
// order.
func entriesWithHint(o fyne.CanvasObject, hint string) []*widget.Entry {
	var out []*widget.Entry
	for _, x := range test.LaidOutObjects(o) {
		if e, ok := x.(*widget.Entry); ok && e.PlaceHolder == hint && e.Visible() {
			out = append(out, e)
		}
	}
	return out
}

func buttonWithText(t *testing.T, o fyne.CanvasObject, text string) *widget.Button {
	t.Helper()
	for _, x := range test.LaidOutObjects(o) {
		if b, ok := x.(*widget.Button); ok && b.Text == text {
			return b
		}
	}
	t.Fatalf("no button %q", text)
	return nil
}

func TestFormBuilderChain(t *testing.T) {
	var got []app.FormDraft
	opened := int64(0)
	s, _ := newTestForms(t, &mock.FormService{
		CreateFormFn: func(_ context.Context, d app.FormDraft) (*app.Form, error) {
			got = append(got, d)
			return &app.Form{ID: 8}, nil
		},
		FormSheetFn: func(_ context.Context, id int64, _ string) (*app.FormSheet, error) {
			opened = id
			return testSurveySheet(), nil
		},
	}, nil)
	s.Compose(app.FormChain)
	b := s.builder
	b.title.SetText("运动会志愿者")
	opts := entriesWithHint(b.fieldsBox, i18n.T("formpage.builder.options_hint"))
	if len(opts) != 1 {
		t.Fatalf("a new chain shows %d option boxes, want its item question's", len(opts))
	}
	test.Type(opts[0], "周六上午\n周日下午")
	limits := entriesWithHint(b.fieldsBox, i18n.T("formpage.builder.no_limit"))
	if len(limits) != 2 {
		t.Fatalf("%d limit boxes for two options, want 2", len(limits))
	}
	test.Type(limits[0], "3")
	test.Tap(buttonWithText(t, b.content, i18n.T("formpage.builder.add_field")))
	labels := entriesWithHint(b.fieldsBox, i18n.T("formpage.builder.label_hint"))
	test.Type(labels[1], "备注")
	b.picker.SetSelected([]int64{10})
	b.deadline.SetText("2026/12/1")
	test.Tap(b.createBtn)

	if len(got) != 1 {
		t.Fatalf("CreateForm called %d times, want 1 (error: %q)", len(got), b.errMsg.Text)
	}
	d := got[0]
	if err := d.Validate(); err != nil {
		t.Errorf("the draft is not valid: %v", err)
	}
	want := []app.Field{
		{Label: i18n.T("formpage.builder.chain_item"), Type: app.FieldChoice, Required: true,
			Options: []string{"周六上午", "周日下午"}, Limits: []int{3, 0}},
		{Label: "备注", Type: app.FieldText},
	}
	if d.Kind != app.FormChain || d.Title != "运动会志愿者" || !slices.Equal(d.ClassIDs, []int64{10}) ||
		!d.Deadline.Equal(time.Date(2026, 12, 1, 0, 0, 0, 0, time.Local)) {
		t.Errorf("draft = %+v, want a chain 运动会志愿者 for class 10 closing 2026-12-01", d)
	}
	if !slices.EqualFunc(d.Fields, want, fieldsEqual) {
		t.Errorf("fields = %+v, want %+v", d.Fields, want)
	}
	if opened != 8 || s.answers == nil {
		t.Errorf("after creating, the screen opened form %d, want the new form 8", opened)
	}
}

func fieldsEqual(a, b app.Field) bool {
	return a.Key == b.Key && a.Label == b.Label && a.Type == b.Type && a.Required == b.Required &&
		slices.Equal(a.Options, b.Options) && slices.Equal(a.Limits, b.Limits)
}

func TestFormBuilderRejects(t *testing.T) {
	tests := []struct {
		name  string
		title string
		limit string
		want  error
	}{
		{"bad limit", "值日", "三个", app.Errorf(app.EINVALID, "formpage.builder.error.limit", "三个")},
		{"no title", "", "3", app.Errorf(app.EINVALID, "formrule.error.title_required")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			calls := 0
			s, _ := newTestForms(t, &mock.FormService{CreateFormFn: func(context.Context, app.FormDraft) (*app.Form, error) {
				calls++
				return &app.Form{ID: 1}, nil
			}}, nil)
			s.Compose(app.FormChain)
			b := s.builder
			b.title.SetText(tt.title)
			test.Type(entriesWithHint(b.fieldsBox, i18n.T("formpage.builder.options_hint"))[0], "周一\n周二")
			test.Type(entriesWithHint(b.fieldsBox, i18n.T("formpage.builder.no_limit"))[0], tt.limit)
			b.picker.SetSelected([]int64{10})
			test.Tap(b.createBtn)
			if calls != 0 {
				t.Errorf("CreateForm called %d times, want none", calls)
			}
			if want := i18n.Err(tt.want); !b.errMsg.Visible() || b.errMsg.Text != want {
				t.Errorf("inline error = %q, want %q", b.errMsg.Text, want)
			}
		})
	}
}

func TestFormBuilderTemplate(t *testing.T) {
	s, _ := newTestForms(t, &mock.FormService{}, nil)
	s.Compose(app.FormSurvey)
	b := s.builder
	var winter app.FormDraft
	for _, d := range app.FormTemplates(i18n.T) {
		if d.Kind == app.FormSurvey {
			winter = d
			break
		}
	}
	b.templateSel.SetSelected(winter.Title)
	if b.title.Text != winter.Title || len(b.fields) != len(winter.Fields) {
		t.Fatalf("after the template: title %q with %d questions, want %q with %d", b.title.Text, len(b.fields), winter.Title, len(winter.Fields))
	}
	b.picker.SetSelected([]int64{10, 11})
	d, err := b.draft()
	if err != nil {
		t.Fatalf("the template's draft is refused: %v", i18n.Err(err))
	}
	if !slices.EqualFunc(d.Fields, winter.Fields, fieldsEqual) {
		t.Errorf("fields = %+v, want the template's %+v", d.Fields, winter.Fields)
	}
	// a change of kind keeps questions the user has
	b.kindSel.SetSelected(kindText(app.FormCheckin))
	items := b.head.Objects[0].(*widget.Form).Items
	if last := items[len(items)-1].Text; len(b.fields) != len(winter.Fields) || last != i18n.T("formpage.builder.end") {
		t.Errorf("after switching to a check-in: %d questions, last date %q; want the template's questions and the days", len(b.fields), last)
	}
}

func TestFormAnswersTotals(t *testing.T) {
	s, _ := newTestForms(t, &mock.FormService{
		FormSheetFn: func(context.Context, int64, string) (*app.FormSheet, error) { return testSurveySheet(), nil },
	}, nil)
	s.Open(5)
	a := s.answers
	checkChart(t, a.choiceCharts["f1"].chart, app.Chart{Kind: app.ChartBars, Percent: true,
		Labels: []string{"本地  2 (66.7%)", "省内  0 (0.0%)", "省外  1 (33.3%)"},
		Series: []app.ChartSeries{{Name: "占比", Values: []float64{2.0 / 3, 0, 1.0 / 3}}}})
	checkChart(t, a.choiceCharts["f3"].chart, app.Chart{Kind: app.ChartBars, Percent: true,
		Labels: []string{"是  1 (50.0%)", "否  1 (50.0%)"},
		Series: []app.ChartSeries{{Name: "占比", Values: []float64{.5, .5}}}})
	texts := objectTexts(a.side)
	for _, want := range []string{
		i18n.T("formpage.totals.title", progressText(app.FormSurvey, 3, 4)),
		i18n.T("formpage.totals.number", 3, "10", "3.33", "2", "5"),
		i18n.T("formpage.totals.missing", 1), "赵六",
	} {
		if !containsText(texts, want) {
			t.Errorf("totals show %q, want %q", texts, want)
		}
	}
	if got, _ := tableCellText(a.table, 0, formColState+3); got != i18n.T("form.yes") {
		t.Errorf("张三's 已返校 shows %q, want %q", got, i18n.T("form.yes"))
	}
	if got, imp := tableCellText(a.table, 3, formColState); got != i18n.T("formpage.state.none.survey") || imp != widget.DangerImportance {
		t.Errorf("赵六's state shows %q (%v), want %q in red", got, imp, i18n.T("formpage.state.none.survey"))
	}
}

func TestFormAnswersSave(t *testing.T) {
	var saved []app.AnswerInput
	forms := &mock.FormService{
		FormSheetFn: func(context.Context, int64, string) (*app.FormSheet, error) { return testSurveySheet(), nil },
		SaveAnswerFn: func(_ context.Context, formID int64, in app.AnswerInput) (*app.Answer, error) {
			saved = append(saved, in)
			return &app.Answer{ID: 9, FormID: formID, StudentID: in.StudentID, Values: in.Values}, nil
		},
	}
	s, _ := newTestForms(t, forms, nil)
	s.Open(5)
	a := s.answers
	chart := a.choiceCharts["f1"]
	a.table.Select(widget.TableCellID{Row: 3, Col: 2}) // 赵六
	ed := a.editor.inputs
	ed[0].widget.(*widget.RadioGroup).SetSelected("省外")
	test.Type(ed[1].widget.(*widget.Entry), "abc")
	test.Tap(a.saveBtn)
	if len(saved) != 0 || !a.errMsg.Visible() {
		t.Fatalf("a bad number: %d saves, error shown %v; want none and the error", len(saved), a.errMsg.Visible())
	}
	ed[1].widget.(*widget.Entry).SetText(" １，２００ ")
	ed[2].widget.(*widget.RadioGroup).SetSelected(i18n.T("form.yes"))
	test.Tap(a.saveBtn)

	want := app.AnswerInput{StudentID: 4, Values: map[string]string{"f1": "省外", "f2": "1200", "f3": "yes"}}
	if len(saved) != 1 || saved[0].StudentID != want.StudentID || saved[0].Day != "" || !mapsEqual(saved[0].Values, want.Values) {
		t.Fatalf("SaveAnswer got %+v, want %+v", saved, want)
	}
	if a.errMsg.Visible() {
		t.Errorf("after saving the error %q is shown", a.errMsg.Text)
	}
	if a.choiceCharts["f1"] != chart {
		t.Error("the 去向 chart is made anew after a save, not kept: its picture would blink")
	}
	if got := a.choiceCharts["f1"].chart.Labels; !slices.Equal(got, []string{"本地  2 (50.0%)", "省内  0 (0.0%)", "省外  2 (50.0%)"}) {
		t.Errorf("after saving the 去向 chart shows %q, want 省外 2 (50.0%%)", got)
	}
	texts := objectTexts(a.side)
	for _, want := range []string{i18n.T("formpage.totals.title", progressText(app.FormSurvey, 4, 4)), i18n.T("formpage.totals.nobody")} {
		if !containsText(texts, want) {
			t.Errorf("after saving the totals show %q, want %q", texts, want)
		}
	}
	if got, _ := tableCellText(a.table, 3, formColState+2); got != "1200" {
		t.Errorf("赵六's 人数 shows %q, want 1200", got)
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func testChainSheet() *app.FormSheet {
	f := &app.Form{ID: 6, Kind: app.FormChain, Title: "运动会志愿者", Fields: []app.Field{
		{Key: "f1", Label: "项目", Type: app.FieldChoice, Required: true, Options: []string{"周六上午", "周日下午"}, Limits: []int{3, 1}},
	}}
	return &app.FormSheet{Form: f, Students: testFormStudents(), Answers: []app.Answer{
		{ID: 1, StudentID: 2, Seq: 2, Values: map[string]string{"f1": "周六上午"}},
		{ID: 2, StudentID: 3, Seq: 1, Values: map[string]string{"f1": "周六上午"}},
		{ID: 3, StudentID: 1, Seq: 3, Values: map[string]string{"f1": "周日下午"}},
	}}
}

func TestFormChainSignups(t *testing.T) {
	var cleared []int64
	s, _ := newTestForms(t, &mock.FormService{
		FormSheetFn: func(context.Context, int64, string) (*app.FormSheet, error) { return testChainSheet(), nil },
		ClearAnswerFn: func(_ context.Context, formID, studentID int64, day string) error {
			cleared = append(cleared, studentID)
			return nil
		},
	}, nil)
	s.Open(6)
	a := s.answers
	texts := objectTexts(a.side)
	want := []string{
		"周六上午", i18n.T("formpage.chain.count_limit", 2, 3),
		i18n.T("formpage.chain.signup", 1, "王五") + "\n" + i18n.T("formpage.chain.signup", 2, "李四"),
		i18n.T("formpage.chain.full", i18n.T("formpage.chain.count_limit", 1, 1)),
		i18n.T("formpage.chain.missing", 1),
	}
	for _, w := range want {
		if !containsText(texts, w) {
			t.Errorf("the chain panel shows %q, want %q", texts, w)
		}
	}
	a.table.Select(widget.TableCellID{Row: 2, Col: 0}) // 王五 withdraws
	test.Tap(a.clearBtn)
	if !slices.Equal(cleared, []int64{3}) {
		t.Fatalf("ClearAnswer for %v, want student 3", cleared)
	}
	if texts := objectTexts(a.side); !containsText(texts, i18n.T("formpage.chain.signup", 1, "李四")) {
		t.Errorf("after 王五 withdrew the panel shows %q, want 李四 first", texts)
	}
}

func TestFormCheckinDay(t *testing.T) {
	f := &app.Form{ID: 7, Kind: app.FormCheckin, Title: "每日阅读",
		StartDay: time.Date(2026, 11, 20, 0, 0, 0, 0, time.Local), EndDay: time.Date(2026, 11, 26, 0, 0, 0, 0, time.Local),
		Fields: []app.Field{{Key: "f1", Label: "已读", Type: app.FieldYesNo, Required: true}}}
	answers := []app.Answer{
		{ID: 1, StudentID: 1, Day: "2026-11-23", Values: map[string]string{"f1": "yes"}},
		{ID: 2, StudentID: 1, Day: "2026-11-24", Values: map[string]string{"f1": "yes"}},
		{ID: 3, StudentID: 3, Day: "2026-11-24", Values: map[string]string{"f1": "yes"}},
	}
	var days []string
	s, _ := newTestForms(t, &mock.FormService{
		FormSheetFn: func(_ context.Context, _ int64, day string) (*app.FormSheet, error) {
			days = append(days, day)
			if day == "" {
				day = "2026-11-24" // the service's today
			}
			sheet := &app.FormSheet{Form: f, Day: day, Students: testFormStudents()}
			for _, a := range answers {
				if day == app.AllDays || a.Day == day {
					sheet.Answers = append(sheet.Answers, a)
				}
			}
			return sheet, nil
		},
	}, nil)
	s.Open(7)
	a := s.answers
	if !slices.Equal(days, []string{"", app.AllDays}) {
		t.Errorf("loaded days %q, want today and every day's counts", days)
	}
	texts := objectTexts(a.side)
	want := i18n.T("formpage.checkin.missing", "2026-11-24", 2)
	if !containsText(texts, want) || !containsText(texts, "李四、赵六") {
		t.Errorf("the day's panel shows %q, want %q with 李四、赵六", texts, want)
	}
	if got, _ := tableCellText(a.table, 0, formColState+1); got != i18n.T("formpage.days_done", 2, 7) {
		t.Errorf("张三's days done = %q, want %q", got, i18n.T("formpage.days_done", 2, 7))
	}
	test.Tap(a.dayBtns[0]) // the day before
	if got := days[len(days)-1]; got != "2026-11-23" || a.day != "2026-11-23" {
		t.Fatalf("the previous day loaded %q (shown %q), want 2026-11-23", got, a.day)
	}
	if texts := objectTexts(a.side); !containsText(texts, "李四、王五、赵六") {
		t.Errorf("the 23rd's panel shows %q, want 李四、王五、赵六 not checked in", texts)
	}
}

func TestFormImportPreview(t *testing.T) {
	rows := []app.AnswerRow{{Line: 2, StudentName: "张三", Values: map[string]string{"f1": "火星"}}}
	tests := []struct {
		name      string
		result    app.AnswerImport
		wantCalls []bool // dryRun of each ImportAnswers call
	}{
		{"problems", app.AnswerImport{Problems: []app.RowProblem{
			{Line: 2, Name: "张三", Reason: app.Errorf(app.EINVALID, "formrule.answer.choice", "去向", "火星", "本地 / 省内 / 省外")},
		}}, []bool{true}},
		{"clean", app.AnswerImport{Saved: 1}, []bool{true, false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var calls []bool
			forms := &mock.FormService{
				FormSheetFn: func(context.Context, int64, string) (*app.FormSheet, error) { return testSurveySheet(), nil },
				ImportAnswersFn: func(_ context.Context, _ int64, got []app.AnswerRow, dryRun bool) (*app.AnswerImport, error) {
					calls = append(calls, dryRun)
					res := tt.result
					return &res, nil
				},
			}
			sheets := &mock.SheetService{ReadAnswersFn: func(path string, f *app.Form) ([]app.AnswerRow, error) {
				if f.ID != 5 {
					t.Errorf("ReadAnswers for form %d, want 5", f.ID)
				}
				return rows, nil
			}}
			s, w := newTestForms(t, forms, sheets)
			s.Open(5)
			a := s.answers
			a.previewImport("/tmp/answers.xlsx")
			p := a.preview
			if p == nil {
				t.Fatal("no preview shown")
			}
			if len(tt.result.Problems) > 0 {
				if p.confirm != nil {
					t.Error("a preview with problems offers to import")
				}
				if texts := topDialogTexts(w); !containsText(texts, i18n.T("formpage.import_problems", 1)) {
					t.Errorf("the preview shows %q, want the problems first", texts)
				}
			} else {
				test.Tap(p.confirm)
			}
			if !slices.Equal(calls, tt.wantCalls) {
				t.Errorf("ImportAnswers dryRun calls = %v, want %v", calls, tt.wantCalls)
			}
		})
	}
}

func TestFormCloseAndExport(t *testing.T) {
	closed := 0
	var exported *app.FormTotals
	s, w := newTestForms(t, &mock.FormService{
		FormSheetFn: func(context.Context, int64, string) (*app.FormSheet, error) { return testSurveySheet(), nil },
		CloseFormFn: func(context.Context, int64) error { closed++; return nil },
	}, &mock.SheetService{WriteFormAnswersFn: func(path string, sheet *app.FormSheet, totals *app.FormTotals) error {
		exported = totals
		return nil
	}})
	s.Open(5)
	a := s.answers
	a.closeForm()
	if closed != 1 || !a.form().Closed || !a.saveBtn.Disabled() || !a.fileBtns[1].Disabled() {
		t.Errorf("after closing: %d calls, closed %v, save disabled %v, import disabled %v; want one call and no more answers",
			closed, a.form().Closed, a.saveBtn.Disabled(), a.fileBtns[1].Disabled())
	}
	if !containsText([]string{a.info.Text}, i18n.T("formpage.closed")) {
		t.Errorf("info = %q, want it to say closed", a.info.Text)
	}
	a.exportTo("/tmp/results.xlsx")
	if exported == nil || exported.Answered != 3 || exported.Students != 4 {
		t.Errorf("exported totals = %+v, want 3 of 4 answered", exported)
	}
	if !containsText(topDialogTexts(w), "/tmp/results.xlsx") || a.progress.busy() {
		t.Errorf("after the export the window shows %q (busy %v), want the path", topDialogTexts(w), a.progress.busy())
	}
}
