package ui

import (
	"context"
	"strconv"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"jxj/app"
	"jxj/app/mock"
)

// bureauSurveyFakes: a survey of four questions not yet answered, and
// one of the school's own forms whose totals a number can take.
type bureauSurveyFakes struct {
	survey  *app.BureauSurvey
	answers [][]app.SurveyValue
	svc     *mock.BureauSurveyService
	forms   *mock.FormService
}

func newBureauSurveyFakes() *bureauSurveyFakes {
	f := &bureauSurveyFakes{survey: &app.BureauSurvey{ID: 3, UUID: "s-3", Title: "寒假去向统计", Intro: "请各校于 12 月 20 日前填报。",
		Deadline: time.Now().AddDate(0, 0, 5), PublishedAt: time.Now(),
		Questions: []app.SurveyQuestion{
			{Label: "留在本地的学生数", Kind: app.QuestionNumber},
			{Label: "是否已开展安全教育", Kind: app.QuestionChoice, Options: []string{"是", "否"}},
			{Label: "开展的活动", Kind: app.QuestionMulti, Options: []string{"家访", "班会"}},
			{Label: "其他说明", Kind: app.QuestionText},
		}}}
	f.svc = &mock.BureauSurveyService{
		BureauSurveysFn: func(context.Context) ([]*app.BureauSurvey, error) { return []*app.BureauSurvey{f.survey}, nil },
		BureauSurveyFn:  func(context.Context, int64) (*app.BureauSurvey, error) { return f.survey, nil },
		AnswerBureauSurveyFn: func(_ context.Context, id int64, vs []app.SurveyValue) (*app.BureauSurvey, error) {
			f.answers = append(f.answers, vs)
			b := *f.survey
			b.Values, b.AnsweredAt, b.Versions = vs, time.Now(), len(f.answers)
			f.survey = &b
			return f.survey, nil
		},
	}
	where := app.Field{Key: "f1", Label: "寒假去向", Type: app.FieldChoice, Options: []string{"留在本地", "省内外出", "省外"}}
	form := &app.Form{ID: 5, Kind: app.FormSurvey, Title: "寒假去向（一年级）", Fields: []app.Field{where}}
	f.forms = &mock.FormService{
		FormsFn: func(context.Context) ([]*app.Form, error) { return []*app.Form{form}, nil },
		FormSheetFn: func(context.Context, int64, string) (*app.FormSheet, error) {
			sheet := &app.FormSheet{Form: form}
			for i, o := range []string{"留在本地", "留在本地", "省外", "留在本地"} {
				sheet.Students = append(sheet.Students, app.FormStudent{StudentID: int64(i + 1)})
				sheet.Answers = append(sheet.Answers, app.Answer{StudentID: int64(i + 1), Values: map[string]string{"f1": o}})
			}
			return sheet, nil
		},
	}
	return f
}

func newTestBureauSurveys(t *testing.T, f *bureauSurveyFakes) (*NoticesScreen, fyne.Window) {
	t.Helper()
	inChinese(t)
	env, w := newScreenEnv(t, app.Services{Notices: newNoticeFakes().svc, BureauSurveys: f.svc, Forms: f.forms,
		Classes: &mock.ClassService{ClassesFn: func(context.Context) ([]*app.Class, error) { return testNoticeClasses(), nil }}})
	s := NewNoticesScreen(env)
	s.run = runNow
	w.SetContent(s.Content())
	return s, w
}

// The answer form: the notices page offers the bureau's surveys; a number
// is filled with one click from a total of the school's own form; what
// goes up is shown before it is sent; a correction sends the form again.
func TestBureauSurveyForm(t *testing.T) {
	f := newBureauSurveyFakes()
	s, w := newTestBureauSurveys(t, f)
	test.Tap(buttonWithText(t, w.Content(), "教育局调查"))
	if s.surveys == nil || len(s.surveys.items) != 1 {
		t.Fatal("the button does not list the bureau's surveys")
	}
	if texts := objectTexts(w.Content()); !containsText(texts, "寒假去向统计") || !containsText(texts, "待填写") {
		t.Errorf("the list shows %q", texts)
	}
	s.surveys.list.Select(0)
	form := s.survey
	if form == nil || len(form.inputs) != 4 {
		t.Fatal("selecting the survey does not open its form")
	}

	test.Tap(form.inputs[0].fill)
	if form.picker == nil {
		t.Fatal("the fill button opens no picker")
	}
	form.picker.forms.SetSelectedIndex(0)
	form.picker.totals.SetSelected("寒假去向 · 留在本地：3")
	if form.picker.totals.SelectedIndex() != 0 {
		t.Fatalf("the totals offered: %q", form.picker.totals.Options)
	}
	test.Tap(buttonWithText(t, w.Canvas().Overlays().Top(), "填入"))
	if got := form.inputs[0].number.Text; got != "3" {
		t.Fatalf("the number after the pick = %q, want 3 (留在本地)", got)
	}
	form.inputs[1].radio.SetSelected("是")
	form.inputs[2].checks.SetSelected([]string{"班会", "家访"})
	test.Type(form.inputs[3].text, "已召开班会")

	test.Tap(form.submit)
	if form.preview == nil {
		t.Fatal("sending shows nothing first")
	}
	texts := objectTexts(w.Canvas().Overlays().Top())
	for _, want := range []string{"1. 留在本地的学生数：3", "2. 是否已开展安全教育：是", "3. 开展的活动：家访、班会", "4. 其他说明：已召开班会"} {
		if !containsText(texts, want) {
			t.Errorf("the preview does not show %q: %q", want, texts)
		}
	}
	test.Tap(buttonWithText(t, w.Canvas().Overlays().Top(), "发送"))
	if len(f.answers) != 1 {
		t.Fatalf("answers sent = %d, want 1", len(f.answers))
	}
	a := f.answers[0]
	if *a[0].Number != 3 || a[1].Choices[0] != "是" || len(a[2].Choices) != 2 || a[2].Choices[0] != "家访" || a[3].Text != "已召开班会" {
		t.Errorf("the answer sent = %+v", a)
	}
	if form.submit.Text != "提交更正…" {
		t.Errorf("after sending the button says %q, want 提交更正…", form.submit.Text)
	}

	// a bad number says which question, and sends nothing
	form.inputs[0].number.SetText("十二")
	test.Tap(form.submit)
	if form.preview != nil || len(f.answers) != 1 || !containsText(objectTexts(w.Content()), "第 1 题“留在本地的学生数”的“十二”不是数字。请填写数字，如 12。") {
		t.Errorf("a bad number: preview %v, %d answers, texts %q", form.preview != nil, len(f.answers), objectTexts(w.Content()))
	}
	form.inputs[0].number.SetText("４")
	test.Tap(form.submit)
	test.Tap(buttonWithText(t, w.Canvas().Overlays().Top(), "发送"))
	if len(f.answers) != 2 || *f.answers[1][0].Number != 4 {
		t.Errorf("the correction = %+v", f.answers)
	}
}

// A closed survey is read-only.
func TestBureauSurveyClosed(t *testing.T) {
	f := newBureauSurveyFakes()
	f.survey.Deadline = time.Now().AddDate(0, 0, -2)
	s, _ := newTestBureauSurveys(t, f)
	s.OpenBureauSurvey(3)
	if !s.survey.submit.Disabled() || !s.survey.inputs[0].number.Disabled() || !s.survey.inputs[0].fill.Disabled() {
		t.Error("a closed survey can still be answered")
	}
}

// The workbench shows the bureau's survey and reminder, who sent it and
// when, and opens them.
func TestWorkbenchBureauItems(t *testing.T) {
	f := newBureauSurveyFakes()
	sent := time.Date(2026, 11, 19, 16, 30, 0, 0, time.Local)
	reminder := &app.BureauReminder{ID: 4, Kind: app.ReminderNotice, Ref: "n-1", RefID: 7, Title: "关于做好冬季安全工作的通知", From: "张科长", SentAt: sent}
	svc := workbenchFakes()
	svc.Workbench = &mock.WorkbenchService{WorkbenchFn: func(ctx context.Context) (*app.Workbench, error) {
		return app.BuildWorkbench(workbenchNow, app.WorkbenchData{Oversees: true,
			BureauSurveys: []*app.BureauSurvey{f.survey}, Reminders: []*app.BureauReminder{reminder}}), nil
	}}
	var opened []string
	calls := &workbenchCalls{}
	actions := calls.actions()
	actions.OpenBureauSurvey = func(id int64) { opened = append(opened, "survey "+strconv.FormatInt(id, 10)) }
	actions.OpenReminder = func(r *app.BureauReminder) { opened = append(opened, "reminder "+r.Title) }
	s, w := newTestWorkbench(t, svc, actions, runNow)
	texts := objectTexts(w.Content())
	for _, want := range []string{"关于做好冬季安全工作的通知", "催办", "张科长 催办 · 2026-11-19 16:30 · 通知", "寒假去向统计", "待填写"} {
		if !containsText(texts, want) {
			t.Errorf("the workbench does not show %q: %q", want, texts)
		}
	}
	s.list.Select(0)
	s.list.Select(1)
	if len(opened) != 2 || opened[0] != "reminder "+reminder.Title || opened[1] != "survey 3" {
		t.Errorf("opened %q", opened)
	}
}

// The reminder's dialog opens the notice or dismisses the reminder.
func TestReminderDialog(t *testing.T) {
	inChinese(t)
	dismissed := []int64{}
	env, w := newScreenEnv(t, app.Services{BureauSurveys: &mock.BureauSurveyService{
		DismissReminderFn: func(_ context.Context, id int64) error { dismissed = append(dismissed, id); return nil }}})
	r := &app.BureauReminder{ID: 4, Kind: app.ReminderNotice, RefID: 7, Title: "冬季安全", SentAt: time.Date(2026, 11, 19, 16, 30, 0, 0, time.Local), AckPercent: 90}
	opened, reloaded := 0, 0
	ShowReminder(env, runNow, r, func() { opened++ }, func() { reloaded++ })
	texts := objectTexts(w.Canvas().Overlays().Top())
	if !containsText(texts, "教育局 于 2026-11-19 16:30 催办通知《冬季安全》：请确认收到并转发给家长。\n教育局希望至少 90% 的家长确认。") {
		t.Errorf("the dialog shows %q", texts)
	}
	test.Tap(buttonWithText(t, w.Canvas().Overlays().Top(), "去处理"))
	if opened != 1 {
		t.Error("去处理 does not open the notice")
	}
	ShowReminder(env, runNow, r, nil, func() { reloaded++ })
	test.Tap(buttonWithText(t, w.Canvas().Overlays().Top(), "忽略"))
	if len(dismissed) != 1 || dismissed[0] != 4 || reloaded != 1 {
		t.Errorf("忽略: dismissed %v, reloaded %d", dismissed, reloaded)
	}
}
