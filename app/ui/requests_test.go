package ui

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
	"jxj/app/mock"
)

var requestDay = time.Date(2026, 12, 3, 10, 20, 0, 0, time.Local)

// testRequests are one request in each place: a draft with a file, one
// submitted that has not gone up yet, one rejected at its second step
// and one waiting at its second step.
func testRequests() []*app.Request {
	return []*app.Request{
		{ID: 4, Type: app.RequestTrip, Title: "六年级赴红色教育基地研学", State: app.RequestReviewing, CreatedBy: "admin",
			CreatedAt: requestDay, SubmittedAt: requestDay, Due: requestDay.AddDate(0, 0, 7),
			Fields: map[string]string{"date": "2026-12-20", "place": "县红色教育基地"},
			Steps:  []app.RequestStepState{{Name: "科室", By: "wang", Approve: true, DecidedAt: requestDay}, {Name: "分管领导"}}},
		{ID: 3, Type: app.RequestTrip, Title: "五年级赴县博物馆研学", State: app.RequestRejected, CreatedBy: "admin",
			CreatedAt: requestDay, SubmittedAt: requestDay, DecidedAt: requestDay.Add(time.Hour), Opinion: "请补充安全预案",
			Fields: map[string]string{"date": "2026-12-18", "place": "县博物馆", "students": "45"},
			Files:  []app.RequestFile{{Name: "行程安排.docx", Size: 30 << 10}},
			Steps: []app.RequestStepState{{Name: "科室", By: "wang", Approve: true, Opinion: "同意", DecidedAt: requestDay},
				{Name: "分管领导", By: "li", Opinion: "请补充安全预案", DecidedAt: requestDay.Add(time.Hour)}}},
		{ID: 2, Type: app.RequestLeave, Title: "校长赴市参加培训请假报备", State: app.RequestSubmitted, CreatedBy: "admin",
			CreatedAt: requestDay, SubmittedAt: requestDay},
		{ID: 1, Type: app.RequestProject, Title: "关于更换教室课桌椅的申请", State: app.RequestDraft, CreatedBy: "admin",
			CreatedAt: requestDay, Fields: map[string]string{"project": "课桌椅更换", "amount": "36000"},
			Files: []app.RequestFile{{Name: "报价单.pdf", Path: "attachments/u1/报价单.pdf", Size: 120 << 10}}},
	}
}

// requestCalls records what the page sent.
type requestCalls struct {
	saved                                    []app.RequestDraftInput
	submitted, withdrawn, dismissed, deleted []int64
}

// newRequestFakes is the request service over testRequests, storing a
// draft as id 9 and recording what was sent.
func newRequestFakes() (*mock.RequestService, *requestCalls) {
	calls := &requestCalls{}
	find := func(id int64) (*app.Request, error) {
		for _, r := range testRequests() {
			if r.ID == id {
				if slices.Contains(calls.dismissed, id) {
					r.DismissedAt = requestDay
				}
				return r, nil
			}
		}
		return nil, app.Errorf(app.ENOTFOUND, "approvals.error.not_found", id)
	}
	svc := &mock.RequestService{
		RequestsFn: func(context.Context) ([]*app.Request, error) { return testRequests(), nil },
		RequestFn:  func(_ context.Context, id int64) (*app.Request, error) { return find(id) },
		SaveRequestFn: func(_ context.Context, d app.RequestDraftInput) (*app.Request, error) {
			calls.saved = append(calls.saved, d)
			r := &app.Request{ID: 9, Type: d.Type, Title: app.CleanTitle(d.Title), Body: d.Body, Fields: d.Fields, State: app.RequestDraft}
			if d.ID != 0 {
				r.ID = d.ID
				if old, err := find(d.ID); err == nil {
					r.Files = old.Files
				}
			}
			for _, p := range d.Files {
				r.Files = append(r.Files, app.RequestFile{Name: filepath.Base(p), Size: 5})
			}
			return r, nil
		},
		SubmitRequestFn: func(_ context.Context, id int64) (*app.Request, error) {
			calls.submitted = append(calls.submitted, id)
			last := calls.saved[len(calls.saved)-1]
			return &app.Request{ID: id, Type: last.Type, Title: last.Title, Fields: last.Fields, State: app.RequestSubmitted,
				SubmittedAt: requestDay}, nil
		},
		WithdrawRequestFn: func(_ context.Context, id int64) (*app.Request, error) {
			calls.withdrawn = append(calls.withdrawn, id)
			r, err := find(id)
			if err == nil {
				r.State = app.RequestWithdrawn
			}
			return r, err
		},
		DismissRequestFn: func(_ context.Context, id int64) error {
			calls.dismissed = append(calls.dismissed, id)
			return nil
		},
		DeleteDraftFn: func(_ context.Context, id int64) error {
			calls.deleted = append(calls.deleted, id)
			return nil
		},
	}
	return svc, calls
}

// newTestRequests builds the page over svc as the administrator, in
// Chinese, with work run at once, and shows it.
func newTestRequests(t *testing.T, svc app.RequestService) (*RequestsScreen, *Env) {
	t.Helper()
	inChinese(t)
	env, w := newScreenEnv(t, app.Services{Requests: svc})
	s := NewRequestsScreen(env)
	s.run = runNow
	w.SetContent(s.Content())
	return s, env
}

// The list shows each request's title, type, state, day and where it is:
// the step it waits at, 待同步上报 before it went up, the opinion once
// decided; a decided request shows every step with who decided it, how,
// when and the opinion; a draft opens in the editor with its fields and
// file.
func TestRequestsPage(t *testing.T) {
	svc, _ := newRequestFakes()
	s, _ := newTestRequests(t, svc)
	want := [][]string{
		{"六年级赴红色教育基地研学", "集体外出活动/研学报批", "审核中", "2026-12-03", "待分管领导审批"},
		{"五年级赴县博物馆研学", "集体外出活动/研学报批", "驳回", "2026-12-03", "意见：请补充安全预案"},
		{"校长赴市参加培训请假报备", "校长外出请假报备", "已提交", "2026-12-03", "待同步上报"},
		{"关于更换教室课桌椅的申请", "项目/装备申报", "草稿", "", "草稿，未提交"},
	}
	for row, cells := range want {
		for col, w := range cells {
			if got, _ := tableCellText(s.table, row, col); got != w {
				t.Errorf("row %d column %d = %q, want %q", row, col, got, w)
			}
		}
	}
	if _, imp := tableCellText(s.table, 1, rqColState); imp != widget.DangerImportance {
		t.Errorf("a rejection reads in importance %v, want danger", imp)
	}

	s.table.Select(widget.TableCellID{Row: 1, Col: 0})
	if s.view == nil || s.view.r.ID != 3 {
		t.Fatal("the rejected request did not open")
	}
	texts := objectTexts(s.view.content)
	for _, w := range []string{
		"审批结果：驳回（2026-12-03 11:20） · 意见：请补充安全预案",
		"第 1 步 科室：通过 · wang · 2026-12-03 10:20 · 意见：同意",
		"第 2 步 分管领导：驳回 · li · 2026-12-03 11:20 · 意见：请补充安全预案",
		"县博物馆", "学生人数", "行程安排.docx（30.0 KB）",
	} {
		if !containsText(texts, w) {
			t.Errorf("the request's view lacks %q: %q", w, texts)
		}
	}
	if s.view.withdrawB != nil || s.view.dismissB == nil {
		t.Error("a decided request offers 撤回, or not 移出待办")
	}
	test.Tap(s.view.dismissB)
	if s.view == nil || s.view.dismissB != nil || !containsText(objectTexts(s.view.content), "已移出工作台待办") {
		t.Error("移出待办 did not take the request off the to-do")
	}

	s.back()
	s.table.Select(widget.TableCellID{Row: 3, Col: 0})
	e := s.editor
	if e == nil || e.draftID != 1 {
		t.Fatal("the draft did not open in the editor")
	}
	if e.typ.Selected != "项目/装备申报" || e.title.Text != "关于更换教室课桌椅的申请" || e.entries["amount"].Text != "36000" {
		t.Errorf("the editor shows type %q, title %q, amount %q", e.typ.Selected, e.title.Text, e.entries["amount"].Text)
	}
	if !containsText(objectTexts(e.attachBx), "报价单.pdf（120.0 KB）") {
		t.Errorf("the draft's file is not shown: %q", objectTexts(e.attachBx))
	}
}

// The editor checks a request as the hub will before it asks to submit
// it: each error shows under its field, with a line in the action bar;
// nothing is sent until it passes. A draft saved keeps its id, so
// submitting it sends the same draft, asked first, and shows it as
// submitted. Files are checked as they are added and can be removed
// before the save.
func TestRequestEditor(t *testing.T) {
	svc, calls := newRequestFakes()
	s, env := newTestRequests(t, svc)
	w := env.Window
	s.Compose()
	e := s.editor
	shownObjects(e.content) // drawn with the first template's fields
	e.typ.SetSelected(app.TypeLabel(app.RequestTrip))
	e.title.SetText("五年级赴县博物馆研学")
	// submit presses 提交 and reports the error under field key
	submit := func(key, want string) {
		t.Helper()
		test.Tap(e.submitB)
		if got := e.fieldErrs[key]; !got.Visible() || got.Text != want {
			t.Errorf("under %s: %q (shown %v), want %q", key, got.Text, got.Visible(), want)
		}
		if !e.errMsg.Visible() || len(w.Canvas().Overlays().List()) != 0 || len(calls.saved) != 0 {
			t.Errorf("an invalid request: error line %q, dialogs %d, saved %d", e.errMsg.Text, len(w.Canvas().Overlays().List()), len(calls.saved))
		}
	}
	submit("date", "请填写“出发日期”。")
	e.entries["date"].SetText("2026-12-20")
	e.entries["return"].SetText("2026-12-18")
	submit("return", "“返回日期”不能早于“出发日期”。请检查日期。")
	if e.fieldErrs["date"].Visible() {
		t.Error("the mended date's error stays")
	}
	e.entries["return"].SetText("")
	for k, v := range map[string]string{"place": "县博物馆", "students": "四十五", "teachers": "4", "transport": "包车", "safety_plan": "见附件"} {
		e.entries[k].SetText(v)
	}
	submit("students", "“学生人数”应为不小于 0 的数字，现为“四十五”。")
	e.entries["students"].SetText("45")
	// a change of type keeps what was typed
	e.typ.SetSelected(app.TypeLabel(app.RequestLeave))
	e.typ.SetSelected(app.TypeLabel(app.RequestTrip))
	if e.entries["place"].Text != "县博物馆" {
		t.Errorf("after a change of type the place reads %q", e.entries["place"].Text)
	}
	// the entries read are those on show, and so is a field's error line
	e.entries["return"].SetText("2026-12-01")
	test.Tap(e.submitB)
	shown := shownObjects(e.content)
	for k, en := range e.entries {
		if !slices.Contains(shown, fyne.CanvasObject(en)) {
			t.Errorf("after a change of type the editor reads a %s that is not on show", k)
		}
	}
	if !slices.Contains(shown, fyne.CanvasObject(e.fieldErrs["return"])) {
		t.Error("the error under 返回日期 is not on show")
	}
	e.entries["return"].SetText("")

	dir := t.TempDir()
	plan, big := filepath.Join(dir, "安全预案.pdf"), filepath.Join(dir, "录像.mp4")
	if err := os.WriteFile(plan, []byte("plan"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(big, nil, 0o600); err != nil || os.Truncate(big, app.MaxRequestFileSize+1) != nil {
		t.Fatal("cannot make the large file")
	}
	e.addAttachment(big)
	if len(e.added) != 0 || !containsText([]string{e.errMsg.Text}, "太大") {
		t.Errorf("a file over 20 MB: added %v, error %q", e.added, e.errMsg.Text)
	}
	e.addAttachment(plan)
	if !containsText(objectTexts(e.attachBx), "安全预案.pdf（4 B）") {
		t.Errorf("the file added is not listed: %q", objectTexts(e.attachBx))
	}
	rm := buttonsWithText(e.attachBx, "")
	if len(rm) != 1 {
		t.Fatalf("remove buttons = %d, want 1", len(rm))
	}
	test.Tap(rm[0])
	if len(e.added) != 0 {
		t.Error("the file was not removed")
	}
	e.addAttachment(plan)

	test.Tap(e.saveB)
	if len(calls.saved) != 1 {
		t.Fatalf("saved %d drafts, want 1", len(calls.saved))
	}
	d := calls.saved[0]
	if d.ID != 0 || d.Type != app.RequestTrip || d.Fields["students"] != "45" || d.Fields["place"] != "县博物馆" ||
		len(d.Fields) != 6 || !slices.Equal(d.Files, []string{plan}) {
		t.Errorf("saved %+v", d)
	}
	if e.draftID != 9 || !e.status.Visible() || e.status.Text != "已保存草稿《五年级赴县博物馆研学》。" || len(e.added) != 0 {
		t.Errorf("after the save: draft %d, status %q, added %v", e.draftID, e.status.Text, e.added)
	}

	test.Tap(e.submitB)
	dlg := w.Canvas().Overlays().Top()
	if dlg == nil || !containsText(objectTexts(dlg), "将在下次同步时上报教育局") {
		t.Fatal("提交 does not ask first, saying when it goes")
	}
	test.Tap(buttonWithText(t, dlg, "提交"))
	if len(calls.saved) != 2 || calls.saved[1].ID != 9 || len(calls.saved[1].Files) != 0 || !slices.Equal(calls.submitted, []int64{9}) {
		t.Errorf("saved %+v, submitted %v; want draft 9 again, without its file twice, and submitted", calls.saved, calls.submitted)
	}
	if s.view == nil || s.view.r.State != app.RequestSubmitted || !containsText(objectTexts(s.view.content), "已提交，将在下次同步时上报教育局") {
		t.Error("the submitted request is not shown as going at the next sync")
	}
}

// An error of the service shows where it belongs: a title the service
// refuses under the title, anything else in the error line.
func TestRequestEditorServiceErrors(t *testing.T) {
	svc, _ := newRequestFakes()
	var err error
	svc.SaveRequestFn = func(context.Context, app.RequestDraftInput) (*app.Request, error) { return nil, err }
	s, _ := newTestRequests(t, svc)
	s.Compose()
	e := s.editor
	err = app.Errorf(app.EINVALID, "approvals.error.title_required")
	test.Tap(e.saveB)
	if !e.titleErr.Visible() || e.titleErr.Text != "请填写标题。" || e.errMsg.Text != "“标题”需要修改，见上方红字提示。" {
		t.Errorf("title error %q (shown %v), line %q", e.titleErr.Text, e.titleErr.Visible(), e.errMsg.Text)
	}
	err = app.Errorf(app.EINVALID, "approvals.error.too_many_files", 6, 5)
	test.Tap(e.saveB)
	if e.titleErr.Visible() || e.errMsg.Text != i18n.Err(err) {
		t.Errorf("title error shown %v, line %q; want the line alone", e.titleErr.Visible(), e.errMsg.Text)
	}
}

// 撤回 asks first (取消 sends nothing) and shows the request withdrawn;
// the service's refusal shows in the error line.
func TestRequestWithdraw(t *testing.T) {
	svc, calls := newRequestFakes()
	s, env := newTestRequests(t, svc)
	w := env.Window
	s.Open(4)
	v := s.view
	if v == nil || v.withdrawB == nil || v.dismissB != nil {
		t.Fatal("a request under review offers no 撤回")
	}
	if !containsText(objectTexts(v.content), "第 2 步 分管领导：待审批") {
		t.Errorf("the waiting step is not shown: %q", objectTexts(v.content))
	}
	test.Tap(v.withdrawB)
	tapCancel(w)
	if w.Canvas().Overlays().Top() != nil {
		t.Fatal("取消 did not close the question")
	}
	if len(calls.withdrawn) != 0 {
		t.Fatal("取消 withdrew the request")
	}
	test.Tap(v.withdrawB)
	test.Tap(buttonWithText(t, w.Canvas().Overlays().Top(), "撤回申报"))
	if !slices.Equal(calls.withdrawn, []int64{4}) || s.view == v || s.view.r.State != app.RequestWithdrawn || s.view.withdrawB != nil {
		t.Fatalf("withdrawn %v; the view shows state %v", calls.withdrawn, s.view.r.State)
	}
	if !containsText(objectTexts(s.view.content), "已撤回，将在下次同步时通知教育局") {
		t.Errorf("the view does not say the withdrawal goes at the next sync: %q", objectTexts(s.view.content))
	}

	svc.WithdrawRequestFn = func(context.Context, int64) (*app.Request, error) {
		return nil, app.Errorf(app.ECONFLICT, "approvals.error.withdraw_decided", "六年级赴红色教育基地研学", "通过")
	}
	s.Open(4)
	test.Tap(s.view.withdrawB)
	test.Tap(buttonWithText(t, w.Canvas().Overlays().Top(), "撤回申报"))
	if got := s.view.errMsg.Text; !s.view.errMsg.Visible() || got != "申报《六年级赴红色教育基地研学》已审批（通过），不能撤回。" {
		t.Errorf("error line %q", got)
	}
}

// A draft's saved file is removed at the next save; a saved draft can be
// deleted, after asking, and the list comes back.
func TestRequestDraftRemoveFileAndDelete(t *testing.T) {
	svc, calls := newRequestFakes()
	s, env := newTestRequests(t, svc)
	w := env.Window
	s.Open(1)
	e := s.editor
	if e == nil || !e.deleteB.Visible() {
		t.Fatal("the draft did not open in the editor with 删除草稿")
	}
	for _, o := range test.LaidOutObjects(e.attachBx) {
		if b, ok := o.(*widget.Button); ok && b.Icon == theme.DeleteIcon() {
			test.Tap(b)
			break
		}
	}
	if containsText(objectTexts(e.attachBx), "报价单.pdf（120.0 KB）") {
		t.Error("the removed file is still listed")
	}
	test.Tap(e.saveB)
	if len(calls.saved) != 1 || !slices.Equal(calls.saved[0].Drop, []string{"attachments/u1/报价单.pdf"}) {
		t.Fatalf("saved %+v, want the file dropped", calls.saved)
	}

	test.Tap(e.deleteB)
	tapCancel(w)
	if len(calls.deleted) != 0 {
		t.Fatal("取消 deleted the draft")
	}
	test.Tap(e.deleteB)
	test.Tap(buttonWithText(t, w.Canvas().Overlays().Top(), "删除草稿"))
	if !slices.Equal(calls.deleted, []int64{1}) || s.editor != nil {
		t.Errorf("deleted %v, editor still open %v", calls.deleted, s.editor != nil)
	}

	s.Compose()
	if s.editor.deleteB.Visible() {
		t.Error("a new request offers 删除草稿 before it was saved")
	}
}

// A decided request on the workbench's to-do opens this page on it.
func TestShellWorkbenchOpensRequest(t *testing.T) {
	f := newShellFakes()
	svc, calls := newRequestFakes()
	f.svc.Requests = svc
	h := startShell(t, f, Options{})
	h.login("admin", shellPassword)
	wb := h.ui.screens[pageWorkbench].(*WorkbenchScreen)
	i := slices.IndexFunc(wb.items, func(it app.TodoItem) bool { return it.Kind == app.TodoRequest && it.ID == 3 })
	if i < 0 {
		t.Fatalf("no to-do item for request 3: %+v", wb.items)
	}
	wb.list.Select(i)
	h.wait()
	rs, _ := h.ui.screens[pageRequests].(*RequestsScreen)
	if h.ui.page != pageRequests || rs == nil || rs.view == nil || rs.view.r.ID != 3 {
		t.Fatalf("the to-do item shows page %q, not request 3", h.ui.page)
	}
	h.wantText("意见：请补充安全预案")
	test.Tap(h.button("移出待办"))
	h.wait()
	if !slices.Equal(calls.dismissed, []int64{3}) {
		t.Errorf("dismissed %v, want request 3", calls.dismissed)
	}
}

// shownObjects are the objects under o on show, drawn as the window
// draws them.
func shownObjects(o fyne.CanvasObject) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	walkTree(o, false, func(x fyne.CanvasObject) bool {
		out = append(out, x)
		return true
	})
	return out
}

// requestOpeners are the page's views for the fit test
// (small_screens_test.go): the editor of each template, a decided
// request and a draft.
func requestOpeners(u *UI) []opener {
	page := func() *RequestsScreen { return u.screens[pageRequests].(*RequestsScreen) }
	out := []opener{{"request 3", func() { page().Open(3) }, true}, {"request 4", func() { page().Open(4) }, true},
		{"draft 1", func() { page().Open(1) }, true}}
	for i, t := range app.RequestTemplates {
		out = append(out, opener{"new " + string(t.Type), func() {
			page().Compose()
			page().editor.typ.SetSelectedIndex(i)
		}, false})
	}
	return out
}

// tapCancel presses 取消 in the question on top of w.
func tapCancel(w fyne.Window) {
	for _, o := range test.LaidOutObjects(w.Canvas().Overlays().Top()) {
		if b, ok := o.(*defaultButton); ok && b.Text == i18n.T("confirm.cancel") {
			test.Tap(b)
		}
	}
}
