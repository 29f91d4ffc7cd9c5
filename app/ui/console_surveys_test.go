package ui

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"jxj/app"
	"jxj/app/i18n"
	"jxj/app/mock"
)

// surveyCalls records what the survey pages sent to the fake hub.
type surveyCalls struct {
	published []app.SurveyDraft
	revoked   []int64
	reminded  []app.RemindDraft // notices' and surveys'
}

// surveyStatusFixture: three schools, two answered, one of them with a
// blank; the third not answered.
func surveyStatusFixture() *app.HubSurveyStatus {
	at := time.Date(2026, 12, 2, 10, 0, 0, 0, time.Local)
	orgs := consoleOrgsFixture()
	n := func(f float64) *float64 { return &f }
	qs := []app.SurveyQuestion{
		{Label: "寄宿生人数", Kind: app.QuestionNumber},
		{Label: "开展的活动", Kind: app.QuestionMulti, Options: []string{"家访", "班会"}},
	}
	schools := []app.HubSurveySchool{
		{Org: *orgs[0], Delivered: true, AnsweredAt: at, Versions: 2, Values: []app.SurveyValue{{Number: n(41)}, {Choices: []string{"家访", "班会"}}}},
		{Org: *orgs[1], Delivered: true, AnsweredAt: at, Versions: 1, Values: []app.SurveyValue{{Number: n(8.5)}, {}}},
		{Org: *orgs[2], Delivered: true},
	}
	return &app.HubSurveyStatus{
		Survey:  &app.HubSurvey{ID: 5, Title: "寄宿生统计", Questions: qs, Schools: 3, Answered: 2, PublishedAt: at, Deadline: at.AddDate(0, 0, 7)},
		Schools: schools, Totals: app.SurveyTotals(qs, schools), NotAnswered: []app.HubOrg{*orgs[2]},
	}
}

// fakeSurveys makes f answer with the fixtures and record the changes.
func fakeSurveys(f *mock.BureauConsoleSurveys) *surveyCalls {
	c := &surveyCalls{}
	f.SurveysFn = func(context.Context) ([]*app.HubSurvey, error) {
		return []*app.HubSurvey{surveyStatusFixture().Survey}, nil
	}
	f.SurveyStatusFn = func(context.Context, string) (*app.HubSurveyStatus, error) { return surveyStatusFixture(), nil }
	f.PublishSurveyFn = func(_ context.Context, d app.SurveyDraft) (*app.HubSurvey, error) {
		c.published = append(c.published, d)
		return &app.HubSurvey{ID: 6, Title: d.Title}, nil
	}
	f.RevokeSurveyFn = func(_ context.Context, id int64) (*app.HubSurvey, error) {
		c.revoked = append(c.revoked, id)
		return &app.HubSurvey{ID: id, RevokedAt: time.Now()}, nil
	}
	remind := func(_ context.Context, d app.RemindDraft) (*app.HubReminder, error) {
		c.reminded = append(c.reminded, d)
		return &app.HubReminder{Schools: make([]app.HubOrg, 2)}, nil
	}
	f.RemindNoticeFn, f.RemindSurveyFn = remind, remind
	return c
}

// openSurveys shows the 调查 page, loaded.
func openSurveys(h *consoleHarness) *consoleSurveys {
	h.t.Helper()
	h.console.selectPage(consolePageSurveys)
	h.wait()
	s, ok := h.console.screens[consolePageSurveys].(*consoleSurveys)
	if !ok {
		h.t.Fatal("the surveys page is not there")
	}
	return s
}

func TestConsoleSurveyCompose(t *testing.T) {
	h := loggedInConsole(t, i18n.Chinese, app.BureauStaff)
	s := openSurveys(h)
	if len(s.rows) != 1 || s.rows[0][3] != "2 / 3" {
		t.Fatalf("surveys list: %q", s.rows)
	}
	test.Tap(s.newB)
	h.wait()
	c := s.compose
	test.Tap(c.sendB)
	h.wantText(i18n.T("console_survey.error.title"))

	test.Type(c.title, "寄宿生统计")
	test.Tap(c.sendB)
	h.wantText(i18n.Err(app.Errorf(app.EINVALID, "bureau_survey.error.label", 1)))
	test.Type(c.questions[0].label, "寄宿生人数")
	test.Tap(c.addB)
	q := c.questions[1]
	test.Type(q.label, "是否配备校医")
	q.kind.SetSelected(surveyKindName(app.QuestionChoice))
	if !q.options.Visible() {
		t.Fatal("a choice shows no options")
	}
	test.Type(q.options, "是")
	test.Tap(c.sendB)
	h.wantText(i18n.Err(app.Errorf(app.EINVALID, "bureau_survey.error.options", 2, "是否配备校医", app.MaxSurveyOptions)))
	test.Type(q.options, "\n\n否\n")
	test.Tap(c.addB)
	test.Type(c.questions[2].label, "多余的题")
	c.questions = c.questions[:2] // as the third's remove button does
	c.showQuestions()
	test.Type(c.deadline, "2026-12-20")
	c.target.SetSelected(i18n.T("bureau_console.compose.chosen"))
	c.township.SetSelected("城关镇")
	test.Tap(c.sendB)
	h.wantText(i18n.T("console_survey.confirm", "寄宿生统计", 2, 2))
	if len(h.surveys.published) != 0 {
		t.Fatal("sent before the confirmation")
	}
	test.Tap(h.button(i18n.T("console_survey.send")))
	h.wait()
	if len(h.surveys.published) != 1 {
		t.Fatalf("published %d surveys, want 1", len(h.surveys.published))
	}
	d := h.surveys.published[0]
	want := []app.SurveyQuestion{{Label: "寄宿生人数", Kind: app.QuestionNumber},
		{Label: "是否配备校医", Kind: app.QuestionChoice, Options: []string{"是", "否"}}}
	if d.Title != "寄宿生统计" || app.FormatDate(d.Deadline) != "2026-12-20" || !slices.Equal(d.Orgs, []int64{1, 3}) || len(d.Questions) != 2 ||
		d.Questions[1].Label != want[1].Label || !slices.Equal(d.Questions[1].Options, want[1].Options) || d.Questions[0].Kind != want[0].Kind {
		t.Errorf("published %+v", d)
	}
	if s.compose != nil {
		t.Error("the editor stays open after sending")
	}
}

func TestConsoleSurveyFollow(t *testing.T) {
	h := loggedInConsole(t, i18n.Chinese, app.BureauStaff)
	s := openSurveys(h)
	s.Open(s.items[0])
	h.wait()
	f := s.follow
	h.wantText(i18n.T("console_survey.summary", 2, 3, 1))
	if len(f.rows) != 3 || f.rows[0][4] != "1. 41；2. 家访、班会" || f.rows[1][4] != "1. 8.5" || f.rows[2][2] != i18n.T("console_survey.not_answered") {
		t.Errorf("answers per school: %q", f.rows)
	}
	if len(f.totals) != 2 || f.totals[0][1] != i18n.T("console_survey.total_sum", "49.5", 2) || f.totals[1][1] != "家访 1、班会 1" {
		t.Errorf("totals: %q", f.totals)
	}
	if len(f.missing) != 1 || f.missing[0][1] != "城关二小" {
		t.Errorf("not answered: %q", f.missing)
	}

	test.Tap(f.remindB)
	h.wantText(i18n.T("console_survey.remind_survey", "寄宿生统计"))
	h.wantText(i18n.T("console_survey.remind_reach", 1))
	if !h.checkBox("城关二小").Checked {
		t.Error("the school not answered is not ticked")
	}
	test.Tap(h.button(i18n.T("console_survey.remind_submit")))
	h.wait()
	if r := h.surveys.reminded; len(r) != 1 || r[0].Ref != "5" || !slices.Equal(r[0].Orgs, []int64{3}) {
		t.Errorf("reminded %+v, want the survey's school not answered", r)
	}
	h.wantText(i18n.T("console_survey.reminded", 2))
	closeOverlays(h.win)

	test.Tap(f.revoke)
	closeOverlays(h.win)
	if len(h.surveys.revoked) != 0 {
		t.Fatal("cancelling revoked the survey")
	}
	test.Tap(f.revoke)
	test.Tap(h.button(i18n.T("console_survey.revoke_submit")))
	h.wait()
	if !slices.Equal(h.surveys.revoked, []int64{5}) {
		t.Errorf("revoked %v, want [5]", h.surveys.revoked)
	}

	// offline: the answers stay in view, the changes wait
	h.console.setOffline(errOffline(), time.Now())
	if !f.remindB.Disabled() || !f.revoke.Disabled() {
		t.Error("催办 or revoke enabled while the hub does not answer")
	}
}

// The notice's follow view lists its files and sends a 催办 to the
// schools behind at the share picked, saying how many first.
func TestConsoleNoticeRemind(t *testing.T) {
	h := loggedInConsole(t, i18n.Chinese, app.BureauStaff)
	h.hub.NoticeStatusFn = func(context.Context, string) (*app.HubNoticeStatus, error) {
		st := consoleStatusFixture()
		st.Files = []app.HubFile{{Name: "安全预案.pdf", Size: 2048}}
		return st, nil
	}
	n := h.noticesScreen()
	h.wait()
	n.Open(n.items[0])
	h.wait()
	f := n.follow
	h.wantText(i18n.T("notices.attachment", "安全预案.pdf", "2.0 KB"))
	test.Tap(f.remindB)
	// 河口中学 acked 12 of 30, 城关二小 nothing: 2 at 90%
	h.wantText(i18n.T("console_survey.remind_reach", 2))
	h.wantText(i18n.T("console_survey.remind_threshold"))
	// the officer phoned 河口中学, and unticks it; with none ticked
	// nothing can be sent
	hekou, chengguan := h.checkBox("河口中学"), h.checkBox("城关二小")
	hekou.SetChecked(false)
	h.wantText(i18n.T("console_survey.remind_reach", 1))
	send := h.button(i18n.T("console_survey.remind_submit"))
	chengguan.SetChecked(false)
	if !send.Disabled() {
		t.Error("a 催办 to no school can be sent")
	}
	chengguan.SetChecked(true)
	test.Tap(send)
	h.wait()
	if r := h.surveys.reminded; len(r) != 1 || r[0].Ref != "7" || r[0].AckPercent != app.DefaultAckPercent || !slices.Equal(r[0].Orgs, []int64{3}) {
		t.Errorf("reminded %+v, want 城关二小 alone", r)
	}
}

// The notice editor attaches files with their sizes, removable; one too
// large is refused; the paths go with the notice.
func TestConsoleComposeAttachments(t *testing.T) {
	h := loggedInConsole(t, i18n.Chinese, app.BureauAdmin)
	n := h.noticesScreen()
	n.Compose()
	h.wait()
	c := n.compose
	dir := t.TempDir()
	a, b := filepath.Join(dir, "方案.docx"), filepath.Join(dir, "名单.xlsx")
	os.WriteFile(a, make([]byte, 3000), 0o600)
	os.WriteFile(b, []byte("x"), 0o600)
	c.files.add(a)
	c.files.add(b)
	c.files.add(a)
	c.files.add(dir)
	h.wantText(i18n.Err(app.Errorf(app.EINVALID, "storage.attachment.error.not_file", filepath.Base(dir))))
	if !slices.Equal(c.files.paths, []string{a, b}) {
		t.Fatalf("files %q", c.files.paths)
	}
	h.wantText(i18n.T("notices.attachment", "方案.docx", "2.9 KB"))
	c.files.remove(1)
	if h.hasText("名单.xlsx") {
		t.Error("a removed file is still listed")
	}
	test.Type(c.title, "工作方案")
	test.Type(c.body, "见附件。")
	test.Tap(c.sendB)
	h.wantText(i18n.T("console_survey.compose_files", 1, "2.9 KB"))
	test.Tap(h.button(i18n.T("bureau_console.compose.send")))
	h.wait()
	if len(h.published) != 1 || !slices.Equal(h.published[0].Files, []string{a}) {
		t.Errorf("published %+v, want the file", h.published)
	}
}

// checkSurveysFit opens every survey view and dialog for the fit test.
func checkSurveysFit(h *consoleHarness, check func(*consoleHarness, string)) {
	s := openSurveys(h)
	check(h, "surveys")
	s.Compose()
	c := s.compose
	c.questions[0].kind.SetSelected(surveyKindName(app.QuestionMulti))
	c.target.SetSelected(i18n.T("bureau_console.compose.chosen"))
	check(h, "survey compose")
	s.back()
	h.wait()
	s.Open(s.items[0])
	check(h, "survey follow")
	for i := range s.follow.tabs.Items {
		s.follow.tabs.SelectIndex(i)
		check(h, "survey follow tab "+strings.Repeat("I", i+1))
	}
	s.follow.askRemind()
	check(h, "survey 催办")
	n := h.noticesScreen()
	n.Open(n.items[0])
	h.wait()
	n.follow.askRemind()
	check(h, "notice 催办")
}
