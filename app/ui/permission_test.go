package ui

import (
	"context"
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
	"jxj/app/mock"
)

// The roles every screen is walked with. Class 10 is the class of the
// records; wang heads it, li teaches class 11.
var (
	roleAdmin     = &app.Account{ID: 1, Username: "admin", Role: app.RoleAdmin}
	rolePrincipal = &app.Account{ID: 2, Username: "principal", Role: app.RolePrincipal}
	roleOwn       = &app.Account{ID: 3, Username: "wang", Role: app.RoleTeacher, StaffID: 3, ClassIDs: []int64{10}}
	roleOther     = &app.Account{ID: 4, Username: "li", Role: app.RoleTeacher, StaffID: 5, ClassIDs: []int64{11}}
	walkedRoles   = []struct {
		name string
		acc  *app.Account
	}{{"admin", roleAdmin}, {"principal", rolePrincipal}, {"teacher of the class", roleOwn}, {"teacher of another class", roleOther}}
)

// shownButtons are the texts of the buttons under o a user can see and
// press: visible, with every container above them visible, and enabled.
func shownButtons(o fyne.CanvasObject) []string {
	var out []string
	walkTree(o, false, func(o fyne.CanvasObject) bool {
		b, ok := o.(*widget.Button)
		if ok && !b.Disabled() {
			out = append(out, b.Text)
		}
		return !ok
	})
	return out
}

// screenAction is one action of one screen on one record, for a role:
// whether the screen shows it, what the rule says and what it should.
type screenAction struct {
	screen, action string
	shows          func(t *testing.T, acc *app.Account) (shown bool, rule error)
	want           [4]bool // admin, principal, teacher of the class, of another class
}

// Every screen with an action a role may lack shows it exactly where the
// rule in app/permission.go allows it, for each role. The wants are
// written out, so a wrong rule fails here too.
func TestScreensShowOnlyAllowedActions(t *testing.T) {
	inChinese(t)
	revoke, del, closeForm := i18n.T("notices.detail.revoke"), i18n.T("homeworkpage.delete"), i18n.T("formpage.close")
	approve, cancelLeave := i18n.T("leavepage.approve"), i18n.T("leavepage.cancel_request")
	confirmB, forwardB := i18n.T("notices.bureau.confirm"), i18n.T("notices.bureau.forward")

	notice := func(n *app.Notice, button string) func(*testing.T, *app.Account) (bool, error) {
		return func(t *testing.T, acc *app.Account) (bool, error) {
			f := newNoticeFakes()
			f.notice = n
			s, _ := newTestNotices(t, f, acc)
			s.Open(n.ID)
			if s.detail == nil || s.detail.status == nil {
				t.Fatal("the notice is not shown")
			}
			rule := app.CanRevokeNotice(acc, n)
			if button != revoke {
				rule = app.CanHandleBureauNotice(acc, n)
			}
			return slices.Contains(shownButtons(s.Content()), button), rule
		}
	}
	schoolWide := &app.Notice{ID: 7, Title: "期末家长会通知", State: app.NoticeStatePublished, CreatedBy: "admin",
		Target: app.Target{School: true}, Counts: app.ReceiptCounts{Total: 3, Unread: 3}}
	ownNotice := &app.Notice{ID: 7, Title: "运动会报名", State: app.NoticeStatePublished, CreatedBy: "wang",
		Target: app.Target{ClassIDs: []int64{10}}, Counts: app.ReceiptCounts{Total: 3, Unread: 3}}
	bureau := &app.Notice{ID: 7, Title: "防溺水告家长书", State: app.NoticeStatePublished, CreatedBy: "bureau", Bureau: true}

	homework := func(by string) func(*testing.T, *app.Account) (bool, error) {
		return func(t *testing.T, acc *app.Account) (bool, error) {
			hw := testHomework()
			hw.ClassIDs, hw.ClassLabels, hw.CreatedBy = []int64{10, 11, 12, 13}, []string{"三年级1班", "三年级2班", "三年级3班", "三年级4班"}, by
			s, _ := newTestHomework(t, &mock.HomeworkService{
				HomeworksFn: func(context.Context) ([]*app.Homework, error) { return []*app.Homework{hw}, nil },
				HomeworkEntriesFn: func(context.Context, int64) (*app.Homework, []app.HomeworkEntry, error) {
					return hw, testHomeworkEntries(), nil
				},
			}, nil, acc)
			s.Open(hw.ID)
			if s.detail == nil || s.detail.hw == nil {
				t.Fatal("the homework is not shown")
			}
			return slices.Contains(shownButtons(s.Content()), del), app.CanDeleteHomework(acc, hw)
		}
	}

	form := func(by string) func(*testing.T, *app.Account) (bool, error) {
		return func(t *testing.T, acc *app.Account) (bool, error) {
			sheet := testSurveySheet()
			sheet.Form.CreatedBy = by
			s, _ := newTestForms(t, &mock.FormService{
				FormSheetFn: func(context.Context, int64, string) (*app.FormSheet, error) { return sheet, nil },
			}, nil)
			s.env.Account = acc
			s.Open(sheet.Form.ID)
			if s.answers == nil || s.answers.sheet == nil {
				t.Fatal("the form is not shown")
			}
			return slices.Contains(shownButtons(s.Content()), closeForm), app.CanCloseForm(acc, sheet.Form)
		}
	}

	leave := func(id int64, button string) func(*testing.T, *app.Account) (bool, error) {
		return func(t *testing.T, acc *app.Account) (bool, error) {
			f := newLeaveFakes()
			for _, l := range f.leaves {
				l.CreatedBy = "wang"
			}
			s, _ := newTestLeave(t, f, acc)
			s.pick(id)
			l := s.current()
			rule := app.CanDecideLeave(acc, l)
			if button == cancelLeave {
				rule = app.CanCancelLeave(acc, l)
			}
			return slices.Contains(shownButtons(s.Content()), button), rule
		}
	}

	// what only the administrator may do is app.RequireAdmin's
	adminOnly := func(acc *app.Account) error {
		return app.RequireAdmin(app.NewContextWithAccount(context.Background(), acc))
	}
	attendanceSettings := func(t *testing.T, acc *app.Account) (bool, error) {
		s, _ := newTestAttendance(t, newAttendanceFakes(), acc, nil)
		return slices.Contains(shownButtons(s.Content()), i18n.T("attendancepage.settings.open")), adminOnly(acc)
	}
	studentStatus := func(t *testing.T, acc *app.Account) (bool, error) {
		dir := testDirectory()
		env, w := newScreenEnv(t, app.Services{
			Directory: &mock.DirectoryService{DirectoryFn: func(context.Context) (*app.Directory, error) { return dir, nil }},
			Students:  &mock.StudentService{},
		})
		env.Account = acc
		s := NewDirectoryScreen(env)
		s.run = runNow
		w.SetContent(s.Content())
		// the first student listed (a teacher's directory opens on her class)
		s.table.Select(widget.TableCellID{Row: 0, Col: colName})
		detail := w.Canvas().Overlays().Top()
		if detail == nil {
			t.Fatal("the student's detail did not open")
		}
		return slices.Contains(shownButtons(detail), i18n.T("dirscreen.status.out")), adminOnly(acc)
	}

	for _, tt := range []screenAction{
		{"notice detail", "撤回 on the admin's school-wide notice", notice(schoolWide, revoke), [4]bool{true, true, false, false}},
		{"notice detail", "撤回 on the teacher's own notice", notice(ownNotice, revoke), [4]bool{true, true, true, false}},
		{"notice detail", "撤回 on a bureau notice", notice(bureau, revoke), [4]bool{false, false, false, false}},
		{"notice detail", "确认收到 on a bureau notice", notice(bureau, confirmB), [4]bool{true, true, false, false}},
		{"notice detail", "转发给家长 on a bureau notice", notice(bureau, forwardB), [4]bool{true, true, false, false}},
		{"homework detail", "删除作业 on the admin's four-class homework", homework("admin"), [4]bool{true, false, false, false}},
		{"homework detail", "删除作业 on the teacher's own homework", homework("wang"), [4]bool{true, false, true, false}},
		{"form answers", "结束收集 on the admin's survey", form("admin"), [4]bool{true, false, false, false}},
		{"form answers", "结束收集 on the teacher's own survey", form("wang"), [4]bool{true, false, true, false}},
		{"leave", "批准 at the head teacher's step", leave(2, approve), [4]bool{true, true, true, false}},
		{"leave", "批准 at the school's step", leave(4, approve), [4]bool{true, true, false, false}},
		{"leave", "撤销请假 of the teacher's entry", leave(2, cancelLeave), [4]bool{true, true, true, false}},
		{"leave", "撤销请假 of a decided request", leave(1, cancelLeave), [4]bool{false, false, false, false}},
		{"attendance", "考勤设置", attendanceSettings, [4]bool{true, false, false, false}},
		{"directory", "转出 in a student's detail", studentStatus, [4]bool{true, false, false, false}},
	} {
		for i, role := range walkedRoles {
			t.Run(tt.screen+"/"+tt.action+"/"+role.name, func(t *testing.T) {
				shown, rule := tt.shows(t, role.acc)
				if shown != tt.want[i] {
					t.Errorf("shown %v, want %v", shown, tt.want[i])
				}
				if shown != (rule == nil) {
					t.Errorf("shown %v, but the rule says %v", shown, rule)
				}
			})
		}
	}
}

// The class teacher opening the admin's homework for four classes sees
// no 删除作业; the administrator sees it apart from 导出 Excel, and its
// confirm dialog's default is 取消.
func TestHomeworkDeleteApartAndCancelByDefault(t *testing.T) {
	hw := testHomework()
	hw.CreatedBy = "admin"
	deleted := 0
	s, w := newTestHomework(t, &mock.HomeworkService{
		HomeworksFn: func(context.Context) ([]*app.Homework, error) { return []*app.Homework{hw}, nil },
		HomeworkEntriesFn: func(context.Context, int64) (*app.Homework, []app.HomeworkEntry, error) {
			return hw, testHomeworkEntries(), nil
		},
		DeleteHomeworkFn: func(context.Context, int64) error {
			deleted++
			return nil
		},
	}, nil, roleAdmin)
	s.Open(hw.ID)
	d := s.detail
	if d.delGroup.Objects[len(d.delGroup.Objects)-1] != d.del || !slices.ContainsFunc(d.delGroup.Objects, isSeparator) {
		t.Errorf("删除作业 does not stand apart behind a separator: %v", d.delGroup.Objects)
	}
	test.Tap(d.del)
	wantCancelDefault(t, w, i18n.T("homeworkpage.delete"))
	if deleted != 0 {
		t.Fatal("Enter in the confirm dialog deleted the homework")
	}
	test.Tap(d.del)
	test.Tap(buttonWithText(t, w.Canvas().Overlays().Top(), i18n.T("homeworkpage.delete")))
	if deleted != 1 {
		t.Errorf("the action's button deleted %d times, want once", deleted)
	}
}

// Revoking asks with 取消 as the default, and revokes only on 撤回通知.
func TestNoticeRevokeCancelByDefault(t *testing.T) {
	f := newNoticeFakes()
	revoked := 0
	f.svc.RevokeFn = func(context.Context, int64) (*app.Notice, error) {
		revoked++
		return f.notice, nil
	}
	d, w := openNotice(t, f)
	revoke := buttonWithText(t, d.content, i18n.T("notices.detail.revoke"))
	if revoke.Importance != widget.DangerImportance {
		t.Errorf("撤回 has importance %v, want danger", revoke.Importance)
	}
	test.Tap(revoke)
	wantCancelDefault(t, w, i18n.T("notices.detail.revoke_title"))
	if revoked != 0 {
		t.Fatal("Enter in the confirm dialog revoked the notice")
	}
}

// A refusal is no fault: its dialog's title says so and its text why.
func TestRefusalSaysWhy(t *testing.T) {
	f := newNoticeFakes()
	f.svc.RevokeFn = func(context.Context, int64) (*app.Notice, error) {
		return nil, app.Errorf(app.EFORBIDDEN, "storage.notice.error.revoke_forbidden", f.notice.Title)
	}
	d, w := openNotice(t, f)
	test.Tap(buttonWithText(t, d.content, i18n.T("notices.detail.revoke")))
	test.Tap(buttonWithText(t, w.Canvas().Overlays().Top(), i18n.T("notices.detail.revoke_title")))
	texts := topDialogTexts(w)
	for _, want := range []string{i18n.T("permission.refused_title"), i18n.T("storage.notice.error.revoke_forbidden", f.notice.Title)} {
		if !containsText(texts, want) {
			t.Errorf("the refusal shows %q, want %q", texts, want)
		}
	}
	if containsText(texts, i18n.T("dialog.error")) {
		t.Errorf("the refusal is titled %q", i18n.T("dialog.error"))
	}
}

func isSeparator(o fyne.CanvasObject) bool {
	_, ok := o.(*widget.Separator)
	return ok
}

// wantCancelDefault checks the confirm dialog on top of w: 取消 has the
// focus and is the only button of high importance, the action's button
// reads action in the danger colour, and Enter closes the dialog without
// the action.
func wantCancelDefault(t *testing.T, w fyne.Window, action string) {
	t.Helper()
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no confirm dialog")
	}
	cancel, ok := w.Canvas().Focused().(*defaultButton)
	if !ok || cancel.Text != i18n.T("confirm.cancel") {
		t.Fatalf("the focus is on %T %v, want the 取消 button", w.Canvas().Focused(), w.Canvas().Focused())
	}
	do := buttonWithText(t, top, action)
	if do.Importance != widget.DangerImportance {
		t.Errorf("%q has importance %v, want danger", action, do.Importance)
	}
	for _, o := range test.LaidOutObjects(top) {
		if b, ok := o.(*widget.Button); ok && b.Visible() && b.Importance == widget.HighImportance {
			t.Errorf("%q looks like the default button", b.Text)
		}
	}
	cancel.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if top.Visible() {
		t.Error("Enter left the confirm dialog open")
	}
}
