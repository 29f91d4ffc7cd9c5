package ui

import (
	"context"
	"slices"
	"strconv"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"jxj/app"
	"jxj/app/i18n"
	"jxj/app/mock"
)

// inChinese runs the rest of the test in Chinese.
func inChinese(t *testing.T) {
	t.Helper()
	lang := i18n.Language()
	i18n.SetLanguage(i18n.Chinese)
	t.Cleanup(func() { i18n.SetLanguage(lang) })
}

// workbenchNow is the day the workbench tests run on.
var workbenchNow = time.Date(2026, 11, 20, 9, 0, 0, 0, time.Local)

// workbenchFakes return one to-do item of each kind, and a notice that
// is not one.
func workbenchFakes() app.Services {
	day := func(d int) time.Time { return time.Date(2026, 11, d, 0, 0, 0, 0, time.Local) }
	return app.Services{
		Notices: &mock.NoticeService{NoticesFn: func(context.Context) ([]*app.Notice, error) {
			return []*app.Notice{
				{ID: 7, Title: "期中家长会通知", State: app.NoticeStatePublished, RequiresAck: true, Deadline: day(25),
					Counts: app.ReceiptCounts{Total: 45, Acked: 38, Unread: 7}},
				{ID: 8, Title: "已全部确认", State: app.NoticeStatePublished, RequiresAck: true,
					Counts: app.ReceiptCounts{Total: 45, Acked: 45}},
			}, nil
		}},
		Homework: &mock.HomeworkService{HomeworksFn: func(context.Context) ([]*app.Homework, error) {
			return []*app.Homework{{ID: 3, Subject: "数学", Content: "练习册第 12 页", Due: day(20),
				Counts: app.CompletionCounts{Total: 45, Done: 30, Late: 2, Unrecorded: 13}}}, nil
		}},
		Forms: &mock.FormService{FormsFn: func(context.Context) ([]*app.Form, error) {
			return []*app.Form{{ID: 5, Kind: app.FormSurvey, Title: "寒假去向统计", Deadline: day(18), Answered: 40, Total: 45}}, nil
		}},
	}
}

// workbenchCalls records what the tiles and items opened.
type workbenchCalls struct {
	opened []string
}

func (c *workbenchCalls) actions() WorkbenchActions {
	return WorkbenchActions{
		NewNotice:    func() { c.opened = append(c.opened, "new notice") },
		NewHomework:  func() { c.opened = append(c.opened, "new homework") },
		NewForm:      func(k app.FormKind) { c.opened = append(c.opened, "new "+string(k)) },
		Directory:    func() { c.opened = append(c.opened, "directory") },
		OpenNotice:   func(id int64) { c.opened = append(c.opened, "notice "+strconv.FormatInt(id, 10)) },
		OpenHomework: func(id int64) { c.opened = append(c.opened, "homework "+strconv.FormatInt(id, 10)) },
		OpenForm:     func(id int64) { c.opened = append(c.opened, "form "+strconv.FormatInt(id, 10)) },
		Attendance:   func() { c.opened = append(c.opened, "attendance") },
		Exams:        func() { c.opened = append(c.opened, "exams") },
		OpenLeave:    func(id int64) { c.opened = append(c.opened, "leave "+strconv.FormatInt(id, 10)) },
		NotTaken:     func() { c.opened = append(c.opened, "not taken") },
	}
}

// workbenchOf fakes the workbench service over the fakes of the lists it
// is computed from (those of svc when it is called), on the day of now,
// so a test of a page the workbench opens gives its lists once.
func workbenchOf(svc func() app.Services, now func() time.Time) *mock.WorkbenchService {
	return &mock.WorkbenchService{WorkbenchFn: func(ctx context.Context) (*app.Workbench, error) {
		lists := svc()
		d := app.WorkbenchData{Oversees: app.AccountFromContext(ctx).ReadsAll()}
		var err error
		d.Notices, err = lists.Notices.Notices(ctx)
		if err == nil {
			d.Homework, err = lists.Homework.Homeworks(ctx)
		}
		if err == nil {
			d.Forms, err = lists.Forms.Forms(ctx)
		}
		if err == nil && lists.Leaves != nil {
			d.Leaves, err = lists.Leaves.Leaves(ctx, app.LeaveFilter{Pending: true})
		}
		if err == nil && lists.Requests != nil && d.Oversees {
			d.Requests, err = lists.Requests.Requests(ctx)
		}
		if err != nil {
			return nil, err
		}
		return app.BuildWorkbench(now(), d), nil
	}}
}

// newTestWorkbench shows the workbench of svc's lists, or of its
// Workbench when it has one.
func newTestWorkbench(t *testing.T, svc app.Services, actions WorkbenchActions, run func(func())) (*WorkbenchScreen, fyne.Window) {
	t.Helper()
	inChinese(t)
	if svc.Workbench == nil {
		svc.Workbench = workbenchOf(func() app.Services { return svc }, func() time.Time { return workbenchNow })
	}
	env, w := newScreenEnv(t, svc)
	s := NewWorkbenchScreen(env, actions)
	s.run = run
	s.now = func() time.Time { return workbenchNow }
	w.SetContent(s.Content())
	return s, w
}

func TestWorkbenchTodo(t *testing.T) {
	calls := &workbenchCalls{}
	s, w := newTestWorkbench(t, workbenchFakes(), calls.actions(), runNow)

	texts := objectTexts(w.Content())
	for _, want := range []string{
		"待办",
		"寒假去向统计", "已填 40/45", "填表/调查 · 已过截止日期 2026-11-18",
		"数学 · 练习册第 12 页", "已交 32/45", "作业 · 今天截止",
		"期中家长会通知", "已确认 38/45", "通知 · 截止 2026-11-25",
	} {
		if !containsText(texts, want) {
			t.Errorf("the workbench does not show %q; it shows %q", want, texts)
		}
	}
	if containsText(texts, "已全部确认") {
		t.Error("a notice every family acknowledged is on the to-do list")
	}

	// overdue first, then by due day
	var order []string
	for _, it := range s.items {
		order = append(order, it.Title)
	}
	if got, want := len(order), 3; got != want {
		t.Fatalf("to-do items = %q, want 3", order)
	}
	if order[0] != "寒假去向统计" || order[2] != "期中家长会通知" {
		t.Errorf("to-do order = %q, want the overdue form first and the notice due on the 25th last", order)
	}

	for i, want := range []string{"form 5", "homework 3", "notice 7"} {
		s.list.Select(i)
		if got := calls.opened[len(calls.opened)-1]; got != want {
			t.Errorf("clicking item %d opened %q, want %q", i, got, want)
		}
	}
}

func TestWorkbenchTiles(t *testing.T) {
	calls := &workbenchCalls{}
	s, _ := newTestWorkbench(t, workbenchFakes(), calls.actions(), runNow)

	tiles := map[string]*tile{}
	for _, tl := range s.tiles {
		tiles[tl.label] = tl
	}
	tests := []struct {
		label    string
		disabled bool
		opens    string
	}{
		{"发通知", false, "new notice"},
		{"布置作业", false, "new homework"},
		{"发起填表/调查", false, "new survey"},
		{"接龙", false, "new chain"},
		{"打卡", false, "new checkin"},
		{"考勤", false, "attendance"},
		{"成绩", false, "exams"},
		{"家长通讯录", false, "directory"},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			tl := tiles[tt.label]
			if tl == nil {
				t.Fatalf("no tile %q", tt.label)
			}
			if tl.Disabled() != tt.disabled {
				t.Errorf("disabled = %v, want %v", tl.Disabled(), tt.disabled)
			}
			before := len(calls.opened)
			test.Tap(tl.button)
			switch {
			case tt.opens == "" && len(calls.opened) != before:
				t.Errorf("a disabled tile opened %q", calls.opened[before:])
			case tt.opens != "" && (len(calls.opened) != before+1 || calls.opened[before] != tt.opens):
				t.Errorf("tapping opened %q, want %q", calls.opened[before:], tt.opens)
			}
		})
	}
	for _, tl := range s.tiles {
		if size := tl.MinSize(); size.Width < tileSize.Width || size.Height < tileSize.Height {
			t.Errorf("tile %q is %v, smaller than %v", tl.label, size, tileSize)
		}
	}
}

func TestWorkbenchFitsTheWindow(t *testing.T) {
	s, _ := newTestWorkbench(t, workbenchFakes(), WorkbenchActions{}, runNow)
	// the content area of WindowSize: less the navigation (170) and the
	// top bar (about 60)
	avail := fyne.NewSize(WindowSize.Width-200, WindowSize.Height-80)
	if got := s.root.MinSize(); got.Width > avail.Width || got.Height > avail.Height {
		t.Errorf("the workbench needs %v, more than the %v it has", got, avail)
	}
}

func TestWorkbenchStates(t *testing.T) {
	empty := workbenchFakes()
	empty.Notices = &mock.NoticeService{NoticesFn: func(context.Context) ([]*app.Notice, error) { return nil, nil }}
	empty.Homework = &mock.HomeworkService{HomeworksFn: func(context.Context) ([]*app.Homework, error) { return nil, nil }}
	empty.Forms = &mock.FormService{FormsFn: func(context.Context) ([]*app.Form, error) { return nil, nil }}
	failing := workbenchFakes()
	failing.Forms = &mock.FormService{FormsFn: func(context.Context) ([]*app.Form, error) {
		return nil, app.Errorf(app.EINTERNAL, "error.storage", "disk full")
	}}

	t.Run("loading", func(t *testing.T) {
		var queued []func()
		s, w := newTestWorkbench(t, workbenchFakes(), WorkbenchActions{}, func(f func()) { queued = append(queued, f) })
		if got := objectTexts(w.Content()); !containsText(got, "正在加载待办…") {
			t.Errorf("while loading the workbench shows %q", got)
		}
		queued[0]()
		if len(s.items) != 3 {
			t.Errorf("after the load: %d items, want 3", len(s.items))
		}
	})
	t.Run("nothing to do", func(t *testing.T) {
		_, w := newTestWorkbench(t, empty, WorkbenchActions{}, runNow)
		if got := objectTexts(w.Content()); !containsText(got, "今天没有待办事项") {
			t.Errorf("with nothing to do the workbench shows %q", got)
		}
	})
	t.Run("error, then retry", func(t *testing.T) {
		s, w := newTestWorkbench(t, failing, WorkbenchActions{}, runNow)
		want := i18n.T("error.storage", "disk full")
		if got := s.errText.Text; got != want || !s.errText.Visible() {
			t.Errorf("error shown = %q (visible %v), want %q", got, s.errText.Visible(), want)
		}
		fixed := workbenchFakes()
		s.env.Services.Workbench = workbenchOf(func() app.Services { return fixed }, s.now)
		test.Tap(buttonWithText(t, w.Content(), i18n.T("workbench.retry")))
		if len(s.items) != 3 || s.todo.Objects[0] != s.list {
			t.Errorf("after retry: %d items, list shown %v; want 3 and the list", len(s.items), s.todo.Objects[0] == s.list)
		}
	})
}

func TestShellWorkbenchOpensNotices(t *testing.T) {
	f := newShellFakes()
	nf := newNoticeFakes()
	nf.svc.NoticesFn = func(context.Context) ([]*app.Notice, error) { return []*app.Notice{nf.notice}, nil }
	f.svc.Notices = nf.svc
	f.svc.Classes = &mock.ClassService{ClassesFn: func(context.Context) ([]*app.Class, error) { return testNoticeClasses(), nil }}
	h := startShell(t, f, Options{})
	h.login("admin", shellPassword)

	wb, ok := h.ui.screens[pageWorkbench].(*WorkbenchScreen)
	if h.ui.page != pageWorkbench || !ok {
		t.Fatalf("page after login = %q, want the workbench", h.ui.page)
	}
	h.wantText("期中家长会通知")
	h.wantText("已确认 1/3")

	wb.list.Select(0)
	h.wait()
	ns, _ := h.ui.screens[pageNotices].(*NoticesScreen)
	if h.ui.page != pageNotices || ns == nil || ns.detail == nil || ns.detail.id != nf.notice.ID {
		t.Fatalf("clicking the notice's to-do item shows page %q, not the notice", h.ui.page)
	}
	h.wantText("录入回执条")

	test.Tap(h.ui.navBtns[pageWorkbench])
	h.wait()
	test.Tap(wb.tiles[0].button) // 发通知
	h.wait()
	if h.ui.page != pageNotices || ns.compose == nil {
		t.Errorf("the 发通知 tile shows page %q, compose view %v", h.ui.page, ns.compose != nil)
	}
}

// The tiles and to-do items of homework and forms open their own pages.
func TestShellWorkbenchOpensHomeworkAndForms(t *testing.T) {
	f := newShellFakes()
	wf := workbenchFakes()
	f.svc.Notices, f.svc.Forms = wf.Notices, wf.Forms
	// the shell's workbench runs on the real clock: homework due today
	hw := &app.Homework{ID: 3, Subject: "数学", Content: "练习册第 12 页", Due: time.Now(),
		Counts: app.CompletionCounts{Total: 45, Done: 30, Unrecorded: 15}}
	f.svc.Homework = &mock.HomeworkService{
		HomeworksFn: func(context.Context) ([]*app.Homework, error) { return []*app.Homework{hw}, nil },
		HomeworkEntriesFn: func(context.Context, int64) (*app.Homework, []app.HomeworkEntry, error) {
			return hw, nil, nil
		},
	}
	wf.Forms.(*mock.FormService).FormSheetFn = func(context.Context, int64, string) (*app.FormSheet, error) {
		return testSurveySheet(), nil
	}
	f.svc.Classes = &mock.ClassService{ClassesFn: func(context.Context) ([]*app.Class, error) { return testNoticeClasses(), nil }}
	h := startShell(t, f, Options{})
	h.login("admin", shellPassword)
	wb := h.ui.screens[pageWorkbench].(*WorkbenchScreen)
	home := func() {
		t.Helper()
		test.Tap(h.ui.navBtns[pageWorkbench])
		h.wait()
	}

	test.Tap(wb.tiles[1].button) // 布置作业
	h.wait()
	hs, _ := h.ui.screens[pageHomework].(*HomeworkScreen)
	if h.ui.page != pageHomework || hs == nil || hs.assign == nil {
		t.Fatalf("the 布置作业 tile shows page %q, not the assign view", h.ui.page)
	}

	for i, kind := range []app.FormKind{app.FormSurvey, app.FormChain, app.FormCheckin} {
		home()
		test.Tap(wb.tiles[2+i].button)
		h.wait()
		fs, _ := h.ui.screens[pageForms].(*FormsScreen)
		if h.ui.page != pageForms || fs == nil || fs.builder == nil || fs.builder.kind != kind {
			t.Fatalf("the %s tile shows page %q, not the form builder of that kind", kind, h.ui.page)
		}
	}

	for _, item := range []struct {
		kind app.TodoKind
		page string
	}{{app.TodoHomework, pageHomework}, {app.TodoForm, pageForms}} {
		home()
		i := slices.IndexFunc(wb.items, func(it app.TodoItem) bool { return it.Kind == item.kind })
		if i < 0 {
			t.Fatalf("no %s on the to-do list: %v", item.kind, wb.items)
		}
		wb.list.Select(i)
		h.wait()
		if h.ui.page != item.page {
			t.Errorf("clicking the %s item shows page %q, want %q", item.kind, h.ui.page, item.page)
		}
		hs, _ := h.ui.screens[pageHomework].(*HomeworkScreen)
		fs, _ := h.ui.screens[pageForms].(*FormsScreen)
		if opened := (item.page == pageHomework && hs.detail != nil) || (item.page == pageForms && fs.answers != nil); !opened {
			t.Errorf("clicking the %s item did not open it", item.kind)
		}
	}
}

// The tiles carry the counts the service gives: none where nothing waits.
func TestWorkbenchTileCounts(t *testing.T) {
	svc := workbenchFakes()
	svc.Workbench = &mock.WorkbenchService{WorkbenchFn: func(context.Context) (*app.Workbench, error) {
		return &app.Workbench{Counts: app.WorkbenchCounts{Notices: 2, Homework: 1, Surveys: 0, Chains: 4, Checkins: 1,
			NotTaken: 3, Leaves: 2, Exams: 1}}, nil
	}}
	s, _ := newTestWorkbench(t, svc, WorkbenchActions{}, runNow)
	want := map[string]string{
		"发通知": "2 份待回执", "布置作业": "1 份今天截止", "发起填表/调查": "", "接龙": "4 份即将截止", "打卡": "1 个今天未打完",
		"考勤": "3 个班未点名 · 2 待审批", "成绩": "1 场待录分", "家长通讯录": "",
	}
	for _, tl := range s.tiles {
		if got := tl.count.Text; got != want[tl.label] {
			t.Errorf("tile %q shows %q, want %q", tl.label, tl.count.Text, want[tl.label])
		}
	}
}

// The administrator's list opens with the classes not taken the roll; it
// and a leave request are drawn as a status, not as a bar with no
// progress, and no row reaches under the list's scroll bar.
func TestWorkbenchStatusItems(t *testing.T) {
	calls := &workbenchCalls{}
	svc := workbenchFakes()
	svc.Workbench = &mock.WorkbenchService{WorkbenchFn: func(context.Context) (*app.Workbench, error) {
		return app.BuildWorkbench(workbenchNow, app.WorkbenchData{
			Oversees: true,
			NotTaken: []*app.Class{{ID: 1}, {ID: 2}, {ID: 3}},
			Notices: []*app.Notice{{ID: 7, Title: "期中家长会通知", State: app.NoticeStatePublished, RequiresAck: true,
				Counts: app.ReceiptCounts{Total: 45, Acked: 38}}},
			Leaves: []*app.Leave{{ID: 2, StudentName: "李四", ClassLabel: "三年级1班", Kind: app.MarkSick,
				From: workbenchNow, To: workbenchNow, State: app.LeavePendingHead}},
		}), nil
	}}
	s, w := newTestWorkbench(t, svc, calls.actions(), runNow)
	w.Resize(fyne.NewSize(800, 600))
	texts := objectTexts(w.Content())
	for _, want := range []string{"3 个班今天还没点名", "考勤 · 今天", "未点名"} {
		if !containsText(texts, want) {
			t.Errorf("the to-do list does not show %q; it shows %q", want, texts)
		}
	}
	s.list.Select(0)
	if got := calls.opened; len(got) != 1 || got[0] != "not taken" {
		t.Errorf("clicking the roll call item opened %q, want the not-taken list", got)
	}

	const width = 700
	for i, it := range s.items {
		row := newTodoRow().(*todoRow)
		test.NewTempWindow(t, row).Resize(fyne.NewSize(width+20, 100))
		row.Resize(fyne.NewSize(width, row.MinSize().Height))
		row.show(it, workbenchNow)
		if got, want := row.barBox.Visible(), !it.StatusOnly(); got != want {
			t.Errorf("item %d (%s): bar shown %v, want %v", i, it.Kind, got, want)
		}
		if got := row.badgeBox.Visible(); got != it.StatusOnly() {
			t.Errorf("item %d (%s): status badge shown %v, want %v", i, it.Kind, got, it.StatusOnly())
		}
		for _, part := range []fyne.CanvasObject{row.barBox, row.badgeBox} {
			if right := absPos(row, part).X + part.Size().Width; right > width-theme.ScrollBarSize() {
				t.Errorf("item %d (%s): its right part ends at %v, under the scroll bar (from %v)", i, it.Kind, right, width-theme.ScrollBarSize())
			}
		}
	}
}

// absPos is the position of o inside root.
func absPos(root fyne.CanvasObject, o fyne.CanvasObject) fyne.Position {
	var walk func(c fyne.CanvasObject, at fyne.Position) (fyne.Position, bool)
	walk = func(c fyne.CanvasObject, at fyne.Position) (fyne.Position, bool) {
		if c == o {
			return at, true
		}
		var children []fyne.CanvasObject
		switch v := c.(type) {
		case *fyne.Container:
			children = v.Objects
		case fyne.Widget:
			children = test.WidgetRenderer(v).Objects()
		}
		for _, ch := range children {
			if p, ok := walk(ch, at.Add(ch.Position())); ok {
				return p, true
			}
		}
		return at, false
	}
	p, _ := walk(root, fyne.NewPos(0, 0))
	return p
}
