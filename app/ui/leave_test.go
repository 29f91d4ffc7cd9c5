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

// testLeaves are four requests in the order the service gives them: the
// two waiting ones are not first.
func testLeaves() []*app.Leave {
	leave := func(id int64, name, no string, kind app.LeaveKind, from, to int, state app.LeaveState, asked, reason string) *app.Leave {
		return &app.Leave{ID: id, StudentID: id, StudentName: name, StudentNo: no, ClassID: 10, ClassLabel: "三年级1班", HeadTeacherID: 3,
			AskedBy: asked, Kind: kind, From: attDay(from), To: attDay(to), Reason: reason, State: state,
			CreatedBy: "liu", CreatedAt: attNow}
	}
	return []*app.Leave{
		leave(1, "张三", "01", app.MarkPersonal, 10, 10, app.LeaveApproved, "张伟（父亲）", "走亲戚"),
		leave(2, "李四", "02", app.MarkSick, 20, 22, app.LeavePendingHead, "王芳（母亲）", "发烧"),
		leave(3, "王五", "03", app.MarkPersonal, 12, 12, app.LeaveRejected, "王强（父亲）", "旅游"),
		leave(4, "赵六", "04", app.MarkSick, 23, 27, app.LeavePendingAdmin, "赵敏（母亲）", "住院"),
	}
}

// leaveFakes is a leave service whose calls are recorded; decisions and
// cancellations move the request on as the real one would.
type leaveFakes struct {
	svc      *mock.LeaveService
	leaves   []*app.Leave
	filters  []app.LeaveFilter
	requests []app.LeaveDraft
	decided  []leaveDecision
	canceled []int64
	err      error // returned by DecideLeave, RequestLeave and CancelLeave when set
}

type leaveDecision struct {
	id      int64
	approve bool
	note    string
}

func newLeaveFakes() *leaveFakes {
	f := &leaveFakes{leaves: testLeaves()}
	find := func(id int64) *app.Leave {
		i := slices.IndexFunc(f.leaves, func(l *app.Leave) bool { return l.ID == id })
		c := *f.leaves[i]
		return &c
	}
	f.svc = &mock.LeaveService{
		LeavesFn: func(_ context.Context, flt app.LeaveFilter) ([]*app.Leave, error) {
			f.filters = append(f.filters, flt)
			var out []*app.Leave
			for _, l := range f.leaves {
				if !flt.Pending || l.State.Pending() {
					c := *l
					out = append(out, &c)
				}
			}
			return out, nil
		},
		DecideLeaveFn: func(_ context.Context, id int64, approve bool, note string) (*app.Leave, error) {
			f.decided = append(f.decided, leaveDecision{id, approve, note})
			if f.err != nil {
				return nil, f.err
			}
			l := find(id)
			l.State = app.LeaveRejected
			if approve {
				l.State = app.LeaveApproved
			}
			l.Steps = append(l.Steps, app.LeaveStep{By: "admin", Role: app.RoleAdmin, Approved: approve, Note: note, At: attNow})
			return l, nil
		},
		CancelLeaveFn: func(_ context.Context, id int64) (*app.Leave, error) {
			f.canceled = append(f.canceled, id)
			if f.err != nil {
				return nil, f.err
			}
			l := find(id)
			l.State = app.LeaveCancelled
			return l, nil
		},
		RequestLeaveFn: func(_ context.Context, d app.LeaveDraft) (*app.Leave, error) {
			f.requests = append(f.requests, d)
			if f.err != nil {
				return nil, f.err
			}
			l := &app.Leave{ID: 9, StudentID: d.StudentID, StudentName: "李四", ClassLabel: "三年级1班", Kind: d.Kind,
				From: d.From, To: d.To, AskedBy: d.AskedBy, Reason: d.Reason, State: app.LeavePendingHead}
			f.leaves = append(f.leaves, l)
			return l, nil
		},
	}
	return f
}

func testLeaveDirectory() *app.Directory {
	return &app.Directory{
		Classes: testAttendanceClasses(),
		Entries: []app.DirectoryEntry{
			{StudentID: 1, Name: "张三", StudentNo: "01", ClassID: 10, ClassLabel: "三年级1班"},
			{StudentID: 2, Name: "李四", StudentNo: "02", ClassID: 10, ClassLabel: "三年级1班", Guardians: []app.GuardianContact{
				{Name: "王芳", Relation: "母亲", Phone: "13900005678"}, {Name: "李强", Relation: "父亲"}}},
			{StudentID: 5, Name: "孙七", StudentNo: "01", ClassID: 11, ClassLabel: "三年级2班"},
		},
	}
}

func newTestLeave(t *testing.T, f *leaveFakes, acc *app.Account) (*LeaveScreen, fyne.Window) {
	t.Helper()
	inChinese(t)
	env, w := newScreenEnv(t, app.Services{
		Leaves:    f.svc,
		Directory: &mock.DirectoryService{DirectoryFn: func(context.Context) (*app.Directory, error) { return testLeaveDirectory(), nil }},
	})
	if acc != nil {
		env.Account = acc
	}
	s := NewLeaveScreen(env)
	s.run = runNow
	s.now = func() time.Time { return attNow }
	w.SetContent(s.Content())
	return s, w
}

func TestLeaveList(t *testing.T) {
	f := newLeaveFakes()
	s, _ := newTestLeave(t, f, nil)
	var order []int64
	for _, l := range s.leaves {
		order = append(order, l.ID)
	}
	if !slices.Equal(order, []int64{2, 4, 1, 3}) {
		t.Errorf("list order = %v, want the waiting requests first: [2 4 1 3]", order)
	}
	want := []string{"待班主任审批", "李四", "三年级1班", "病假", "2026-11-20 至 11-22", "3", "王芳（母亲）", "发烧"}
	for c, w := range want {
		if got, _ := tableCellText(s.table, 0, c); got != w {
			t.Errorf("row 0 col %d = %q, want %q", c, got, w)
		}
	}
	if got, imp := tableCellText(s.table, 2, lvColState); got != "已批准" || imp != widget.SuccessImportance {
		t.Errorf("an approved request shows %q (%v)", got, imp)
	}
	if got, _ := tableCellText(s.table, 2, lvColSpan); got != "2026-11-10" {
		t.Errorf("a one-day leave shows %q, want the day alone", got)
	}
	if !s.approveBtn.Disabled() {
		t.Error("approve is enabled with nothing picked")
	}

	s.pendingOnly.SetChecked(true)
	if last := f.filters[len(f.filters)-1]; !last.Pending || len(s.leaves) != 2 {
		t.Errorf("only those waiting: asked %+v, %d requests shown; want Pending and 2", last, len(s.leaves))
	}
}

func TestLeaveDecide(t *testing.T) {
	tests := []struct {
		name    string
		row     int
		approve bool
		note    string
		want    leaveDecision
		state   string
	}{
		{"approve", 0, true, "注意休息", leaveDecision{2, true, "注意休息"}, "已批准"},
		{"reject", 1, false, "请补交医院证明", leaveDecision{4, false, "请补交医院证明"}, "已驳回"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newLeaveFakes()
			s, _ := newTestLeave(t, f, nil)
			s.table.Select(widget.TableCellID{Row: tt.row, Col: 1})
			if s.approveBtn.Disabled() || s.rejectBtn.Disabled() {
				t.Fatal("a waiting request cannot be decided")
			}
			test.Type(s.note, tt.note)
			if tt.approve {
				test.Tap(s.approveBtn)
			} else {
				test.Tap(s.rejectBtn)
			}
			if !slices.Equal(f.decided, []leaveDecision{tt.want}) {
				t.Fatalf("DecideLeave calls = %+v, want %+v", f.decided, tt.want)
			}
			if s.selected != tt.want.id || !containsText([]string{s.detailText.Text}, tt.state) {
				t.Errorf("after the decision: request %d shown, detail %q; want %d %s", s.selected, s.detailText.Text, tt.want.id, tt.state)
			}
			if !containsText([]string{s.steps.Text}, tt.note) {
				t.Errorf("the steps show %q, want the note %q", s.steps.Text, tt.note)
			}
			if !s.approveBtn.Disabled() || s.note.Text != "" {
				t.Errorf("a decided request: approve enabled %v, note %q", !s.approveBtn.Disabled(), s.note.Text)
			}
			// decided requests sort after the one still waiting
			if s.leaves[0].State.Pending() != true || s.leaves[1].State.Pending() {
				t.Errorf("list states after the decision: %v, %v", s.leaves[0].State, s.leaves[1].State)
			}
		})
	}
}

func TestLeaveErrorsInline(t *testing.T) {
	lang := i18n.Language()
	t.Cleanup(func() { i18n.SetLanguage(lang) })
	for _, l := range []string{i18n.Chinese, i18n.English} {
		t.Run(l, func(t *testing.T) {
			f := newLeaveFakes()
			f.err = app.Errorf(app.EFORBIDDEN, "leave.error.not_head")
			s, _ := newTestLeave(t, f, nil)
			i18n.SetLanguage(l)
			s.table.Select(widget.TableCellID{Row: 0, Col: 0})
			test.Tap(s.approveBtn)
			if want := i18n.Err(f.err); !s.errMsg.Visible() || s.errMsg.Text != want {
				t.Errorf("error shown %v: %q, want %q", s.errMsg.Visible(), s.errMsg.Text, want)
			}
			if s.approveBtn.Disabled() {
				t.Error("after a refused decision the buttons stay disabled")
			}
		})
	}
}

func TestLeaveCancel(t *testing.T) {
	f := newLeaveFakes()
	s, w := newTestLeave(t, f, nil)
	s.table.Select(widget.TableCellID{Row: 1, Col: 0}) // 赵六, waiting for the school
	test.Tap(s.cancelBtn)
	if len(f.canceled) != 0 {
		t.Fatal("cancelled without asking")
	}
	test.Tap(buttonWithText(t, w.Canvas().Overlays().Top(), "撤销请假"))
	if !slices.Equal(f.canceled, []int64{4}) {
		t.Errorf("CancelLeave calls = %v, want [4]", f.canceled)
	}
	if i := s.index(4); i < 0 || s.leaves[i].State != app.LeaveCancelled {
		t.Errorf("the cancelled request is not shown as cancelled")
	}
}

func TestLeaveCreate(t *testing.T) {
	f := newLeaveFakes()
	s, _ := newTestLeave(t, f, nil)
	s.Compose()
	c := s.compose
	if !slices.Equal(c.class.Options, []string{"三年级1班", "三年级2班"}) {
		t.Fatalf("classes offered = %q", c.class.Options)
	}
	c.class.SetSelected("三年级1班")
	if !slices.Equal(c.student.Options, []string{"01 张三", "02 李四"}) {
		t.Fatalf("students offered = %q, want the class's two", c.student.Options)
	}
	c.student.SetSelected("02 李四")
	if c.askedBy.Text != "王芳（母亲）" {
		t.Errorf("asked by = %q, want the first guardian proposed", c.askedBy.Text)
	}
	c.kind.SetSelected("病假")
	c.to.SetText("2026年11月22日")
	if c.days.Text != "共 3 天" {
		t.Errorf("days = %q, want 共 3 天", c.days.Text)
	}
	test.Type(c.reason, "发烧")
	test.Tap(c.submitB)

	want := app.LeaveDraft{StudentID: 2, AskedBy: "王芳（母亲）", Kind: app.MarkSick, From: attDay(20), To: attDay(22), Reason: "发烧"}
	if len(f.requests) != 1 || f.requests[0] != want {
		t.Fatalf("RequestLeave calls = %+v, want %+v", f.requests, want)
	}
	if s.compose != nil || s.selected != 9 {
		t.Errorf("after the request: compose open %v, request %d shown; want the list with the new request 9", s.compose != nil, s.selected)
	}
}

func TestLeaveCreateRejected(t *testing.T) {
	t.Run("no student", func(t *testing.T) {
		f := newLeaveFakes()
		s, _ := newTestLeave(t, f, nil)
		s.Compose()
		s.compose.kind.SetSelected("事假")
		test.Tap(s.compose.submitB)
		want := i18n.Err(app.Errorf(app.EINVALID, "leave.error.student"))
		if len(f.requests) != 0 || !s.compose.errMsg.Visible() || s.compose.errMsg.Text != want {
			t.Errorf("calls %d, error %q (shown %v); want none and %q", len(f.requests), s.compose.errMsg.Text, s.compose.errMsg.Visible(), want)
		}
	})
	t.Run("refused by the service", func(t *testing.T) {
		f := newLeaveFakes()
		f.err = app.Errorf(app.EINVALID, "leave.error.long", app.MaxLeaveDays)
		s, _ := newTestLeave(t, f, nil)
		s.Compose()
		c := s.compose
		c.class.SetSelected("三年级1班")
		c.student.SetSelected("01 张三")
		c.kind.SetSelected("事假")
		test.Tap(c.submitB)
		if len(f.requests) != 1 || c.errMsg.Text != i18n.Err(f.err) || s.compose != c {
			t.Errorf("error %q, view still open %v; want %q on the form", c.errMsg.Text, s.compose == c, i18n.Err(f.err))
		}
	})
	t.Run("a teacher asks for their own classes", func(t *testing.T) {
		teacher := &app.Account{ID: 2, Username: "chen", Role: app.RoleTeacher, ClassIDs: []int64{11}}
		s, _ := newTestLeave(t, newLeaveFakes(), teacher)
		s.Compose()
		if got := s.compose.class.Options; !slices.Equal(got, []string{"三年级2班"}) || s.compose.class.Selected != "三年级2班" {
			t.Errorf("a teacher of class 11 is offered %q (picked %q)", got, s.compose.class.Selected)
		}
	})
}

func TestWorkbenchTodoLeave(t *testing.T) {
	calls := &workbenchCalls{}
	svc := workbenchFakes()
	f := newLeaveFakes()
	svc.Leaves = f.svc
	s, w := newTestWorkbench(t, svc, calls.actions(), runNow)
	texts := objectTexts(w.Content())
	for _, want := range []string{"李四 · 三年级1班", "请假 · 病假 2026-11-20 至 11-22（3 天）", "待班主任审批",
		"赵六 · 三年级1班", "待学校审批"} {
		if !containsText(texts, want) {
			t.Errorf("the to-do list does not show %q; it shows %q", want, texts)
		}
	}
	i := slices.IndexFunc(s.items, func(it app.TodoItem) bool { return it.Kind == app.TodoLeave && it.ID == 2 })
	if i < 0 {
		t.Fatalf("no to-do item for leave 2: %+v", s.items)
	}
	s.list.Select(i)
	if got := calls.opened[len(calls.opened)-1]; got != "leave 2" {
		t.Errorf("clicking the leave opened %q, want leave 2", got)
	}
}

// A pending leave on the shell's to-do list opens the leave page with the
// request shown.
func TestShellWorkbenchOpensLeave(t *testing.T) {
	f := newShellFakes()
	lf := newLeaveFakes()
	// the shell runs on the real clock: a request from today
	for _, l := range lf.leaves {
		l.From, l.To = time.Now(), time.Now()
	}
	f.svc.Leaves = lf.svc
	h := startShell(t, f, Options{})
	h.login("admin", shellPassword)
	wb := h.ui.screens[pageWorkbench].(*WorkbenchScreen)
	i := slices.IndexFunc(wb.items, func(it app.TodoItem) bool { return it.Kind == app.TodoLeave && it.ID == 4 })
	if i < 0 {
		t.Fatalf("no to-do item for leave 4: %+v", wb.items)
	}
	wb.list.Select(i)
	h.wait()
	ls, _ := h.ui.screens[pageLeave].(*LeaveScreen)
	if h.ui.page != pageLeave || ls == nil || ls.selected != 4 {
		t.Fatalf("clicking the leave shows page %q, not request 4", h.ui.page)
	}
	h.wantText("学生：赵六")
	if ls.approveBtn.Disabled() {
		t.Error("the request opened from the to-do list cannot be approved")
	}

	// the 考勤 and 成绩 tiles open their pages
	for _, tt := range []struct {
		tile int
		page string
	}{{5, pageAttend}, {6, pageExams}} {
		test.Tap(h.ui.navBtns[pageWorkbench])
		h.wait()
		test.Tap(wb.tiles[tt.tile].button)
		h.wait()
		if h.ui.page != tt.page {
			t.Errorf("tile %q shows page %q, want %q", wb.tiles[tt.tile].label, h.ui.page, tt.page)
		}
	}
}

// A request shows 批准 and 驳回 only to whoever may decide it now (the
// head teacher first, the school's step the administrator's or the
// principal's), and 撤销请假 only to whoever may cancel it; a request
// that waits for someone else says for whom.
func TestLeaveButtonsByRole(t *testing.T) {
	head := &app.Account{ID: 7, Username: "liu", Role: app.RoleTeacher, StaffID: 3, ClassIDs: []int64{10}}
	// teaches class 10 too, but does not head it, and entered none
	subject := &app.Account{ID: 8, Username: "zhou", Role: app.RoleTeacher, StaffID: 5, ClassIDs: []int64{10}}
	principal := &app.Account{ID: 2, Username: "principal", Role: app.RolePrincipal}
	for _, tt := range []struct {
		name             string
		acc              *app.Account
		id               int64
		decides, cancels bool
		why              string
	}{
		{"head teacher, the school's step", head, 4, false, true, "leave.error.not_admin"},
		{"head teacher, their step", head, 2, true, true, ""},
		{"subject teacher, the head's step", subject, 2, false, false, "leave.error.not_head"},
		{"subject teacher, the school's step", subject, 4, false, false, "leave.error.not_admin"},
		{"administrator", nil, 4, true, true, ""},
		{"principal", principal, 2, true, true, ""},
		{"a decided request", nil, 1, false, false, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := newTestLeave(t, newLeaveFakes(), tt.acc)
			s.pick(tt.id)
			for _, b := range []*widget.Button{s.approveBtn, s.rejectBtn} {
				if got := b.Visible() && !b.Disabled(); got != tt.decides {
					t.Errorf("%q shown and enabled %v, want %v", b.Text, got, tt.decides)
				}
			}
			if got := s.cancelBox.Visible() && !s.cancelBtn.Disabled(); got != tt.cancels {
				t.Errorf("%q shown and enabled %v, want %v", s.cancelBtn.Text, got, tt.cancels)
			}
			want := ""
			if tt.why != "" {
				want = i18n.T(tt.why)
			}
			if got := visibleText(s.why); got != want {
				t.Errorf("the reason shown is %q, want %q", got, want)
			}
		})
	}
}

// visibleText is what a label shows: its text, or "" while hidden.
func visibleText(l *wrapLabel) string {
	if !l.Visible() {
		return ""
	}
	return l.Text
}

// The request's panel opens beside the list when a request is picked and
// closes with its × button; until then the list has the whole width.
func TestLeavePanelOpensOnPick(t *testing.T) {
	s, w := newTestLeave(t, newLeaveFakes(), nil)
	w.Resize(fyne.NewSize(1000, 560))
	inPanel := func() bool {
		return s.side.Visible() && slices.Contains(s.listArea.Objects, fyne.CanvasObject(s.split))
	}
	if inPanel() || s.body.Size().Width < 900 {
		t.Fatalf("with nothing picked the panel shows (%v) or the list is %v wide", inPanel(), s.body.Size().Width)
	}
	s.table.Select(widget.TableCellID{Row: 0, Col: 1})
	if !inPanel() || s.selected != s.leaves[0].ID {
		t.Fatalf("a request picked: panel %v, request %d", inPanel(), s.selected)
	}
	if s.body.Size().Width > 700 {
		t.Errorf("beside the panel the list is %v wide", s.body.Size().Width)
	}
	// the request's wrapped lines scroll: the page still fits the height
	// a 1024×600 screen leaves it (the top bar and title take about 120)
	if h := s.Content().MinSize().Height; h > 600-160 {
		t.Errorf("with a request picked the page needs %v high", h)
	}
	s.unpick()
	if inPanel() || s.selected != 0 || s.body.Size().Width < 900 {
		t.Errorf("after ×: panel %v, request %d, list %v wide", inPanel(), s.selected, s.body.Size().Width)
	}
}
