package ui

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
	"jxj/app/mock"
)

// shellAsync replaces runAsync in tests: background work is queued and
// run by wait, on the test's goroutine, after the UI code that started it
// has returned — the order it has in the app, where fyne.Do hands results
// to the UI goroutine — without sleeping and without racing the test.
type shellAsync struct {
	mu    sync.Mutex
	queue []func()
}

func trackShellAsync(t *testing.T) *shellAsync {
	t.Helper()
	a := &shellAsync{}
	old := runAsync
	runAsync = func(work func()) {
		a.mu.Lock()
		defer a.mu.Unlock()
		a.queue = append(a.queue, work)
	}
	t.Cleanup(func() { runAsync = old })
	return a
}

// wait runs the queued work, and any work it queues in turn, until none
// is left.
func (a *shellAsync) wait(t *testing.T) {
	t.Helper()
	for n := 0; ; n++ {
		if n > 1000 {
			t.Fatal("background work keeps queueing more work")
		}
		a.mu.Lock()
		if len(a.queue) == 0 {
			a.mu.Unlock()
			return
		}
		work := a.queue[0]
		a.queue = a.queue[1:]
		a.mu.Unlock()
		work()
	}
}

// shellFakes are the fake services a shell test starts from; a test
// changes the function fields it cares about.
type shellFakes struct {
	org      *mock.OrgService
	accounts *mock.AccountService
	staff    *mock.StaffService
	audit    *mock.AuditService
	notices  *mock.NoticeService
	sync     *syncFakes
	svc      app.Services

	mu      sync.Mutex
	created []app.AccountCreate
	updates []app.AccountUpdate
}

var (
	shellSchool  = &app.Org{ID: 1, Name: "城关镇中心小学", Kind: app.OrgPrimary, HasAdmin: true}
	shellAdmin   = &app.Account{ID: 1, Username: "admin", Role: app.RoleAdmin, StaffName: "王校务"}
	shellTeacher = &app.Account{ID: 2, Username: "liu", Role: app.RoleTeacher, StaffID: 7, StaffName: "刘老师", ClassIDs: []int64{1}}
)

const shellPassword = "secret123"

func newShellFakes() *shellFakes {
	f := &shellFakes{}
	f.org = &mock.OrgService{
		SchoolFn: func(context.Context) (*app.Org, error) { return shellSchool, nil },
		SetupFn: func(_ context.Context, s app.SchoolSetup) (*app.Org, *app.Account, error) {
			return &app.Org{ID: 1, Name: s.Name, Kind: s.Kind}, &app.Account{ID: 1, Username: s.AdminUsername, Role: app.RoleAdmin}, nil
		},
	}
	f.accounts = &mock.AccountService{
		AuthenticateFn: func(_ context.Context, user, pw string) (*app.Account, error) {
			for _, a := range []*app.Account{shellAdmin, shellTeacher} {
				if a.Username == user && pw == shellPassword {
					return a, nil
				}
			}
			return nil, app.Errorf(app.EUNAUTHORIZED, "account.error.login_failed")
		},
		AccountsFn: func(context.Context) ([]*app.Account, error) {
			return []*app.Account{shellAdmin, shellTeacher}, nil
		},
		CreateAccountFn: func(_ context.Context, c app.AccountCreate) (*app.Account, error) {
			f.mu.Lock()
			defer f.mu.Unlock()
			f.created = append(f.created, c)
			return &app.Account{ID: 9, Username: c.Username, Role: c.Role, StaffID: c.StaffID}, nil
		},
		UpdateAccountFn: func(_ context.Context, id int64, u app.AccountUpdate) (*app.Account, error) {
			f.mu.Lock()
			defer f.mu.Unlock()
			f.updates = append(f.updates, u)
			return &app.Account{ID: id}, nil
		},
		SetPasswordFn:   func(context.Context, int64, string) error { return nil },
		UnlockAccountFn: func(context.Context, int64) error { return nil },
		IdleLockFn:      func(context.Context) (time.Duration, error) { return app.DefaultIdleLock, nil },
		SetIdleLockFn:   func(context.Context, time.Duration) error { return nil },
	}
	f.staff = &mock.StaffService{
		StaffFn: func(context.Context) ([]*app.Staff, error) {
			return []*app.Staff{{ID: 7, Name: "刘老师", Post: "班主任"}, {ID: 8, Name: "陈老师", Post: "教师", Subjects: "数学"}}, nil
		},
	}
	f.audit = &mock.AuditService{
		AuditLogFn: func(context.Context, app.AuditFilter) ([]*app.AuditEntry, bool, error) {
			return []*app.AuditEntry{{ID: 1, At: time.Date(2025, 9, 1, 8, 30, 0, 0, time.Local), Actor: "admin", Action: "account.create",
				Target: "account:2", Detail: "username=liu role=teacher", Who: app.AuditActor{Username: "admin", Name: "王校务", Role: app.RoleAdmin}}}, false, nil
		},
		AuditActorsFn: func(context.Context) ([]app.AuditActor, error) {
			return []app.AuditActor{{Username: "admin", Name: "王校务", Role: app.RoleAdmin}}, nil
		},
		VerifyAuditFn:  func(context.Context) (*app.AuditCheck, error) { return &app.AuditCheck{Rows: 1}, nil },
		RecordExportFn: func(context.Context, app.Export) error { return nil },
	}
	f.notices = &mock.NoticeService{
		NoticesFn: func(context.Context) ([]*app.Notice, error) { return nil, nil },
	}
	f.sync = newSyncFakes()
	noFile := func() error { return app.Errorf(app.EINVALID, "error.internal") }
	f.svc = app.Services{
		// the lists the shell's pages are given, on the real clock
		Workbench: workbenchOf(func() app.Services { return f.svc }, time.Now),
		Org:       f.org,
		Accounts:  f.accounts,
		Classes: &mock.ClassService{
			ClassesFn: func(context.Context) ([]*app.Class, error) { return nil, nil },
		},
		Staff: f.staff,
		Directory: &mock.DirectoryService{
			DirectoryFn: func(context.Context) (*app.Directory, error) {
				return &app.Directory{}, nil
			},
		},
		Roster:  &mock.RosterService{},
		Audit:   f.audit,
		Notices: f.notices,
		Charts:  newChartFakes().svc,
		Homework: &mock.HomeworkService{
			HomeworksFn: func(context.Context) ([]*app.Homework, error) { return nil, nil },
		},
		Forms: &mock.FormService{
			FormsFn: func(context.Context) ([]*app.Form, error) { return nil, nil },
		},
		Attendance: &mock.AttendanceService{
			SettingsFn: func(context.Context) (*app.AttendanceSettings, error) {
				return &app.AttendanceSettings{AlertDays: app.DefaultAlertDays}, nil
			},
			NotTakenFn:      func(context.Context, time.Time) ([]*app.Class, error) { return nil, nil },
			AbsenceAlertsFn: func(context.Context, time.Time, int) ([]app.AbsenceAlert, error) { return nil, nil },
			RatesFn:         func(context.Context, time.Time, time.Time, app.RateLevel) ([]app.RateRow, error) { return nil, nil },
		},
		Leaves: &mock.LeaveService{
			LeavesFn: func(context.Context, app.LeaveFilter) ([]*app.Leave, error) { return nil, nil },
		},
		Exams: &mock.ExamService{
			ExamsFn: func(context.Context) ([]*app.Exam, error) { return nil, nil },
		},
		Sheets: &mock.SheetService{
			ReadRosterFn:          func(string) (*app.RosterFile, error) { return nil, noFile() },
			WriteRosterTemplateFn: func(string) error { return noFile() },
			WriteDirectoryFn:      func(string, []app.DirectoryEntry) error { return noFile() },
		},
		Sync:   f.sync.store,
		Syncer: f.sync.syncer,
		Years: &mock.YearService{
			SchoolYearsFn: func(context.Context) ([]app.SchoolYear, error) {
				return []app.SchoolYear{{Start: 2026, Current: true}, {Start: 2025}}, nil
			},
			ClassesOfYearFn: func(context.Context, int) ([]*app.Class, error) { return nil, nil },
		},
		Students: &mock.StudentService{
			FormerStudentsFn: func(context.Context) ([]app.DirectoryEntry, error) { return nil, nil },
		},
		Courses: &mock.CourseService{ // courses_test.go
			SubjectsFn:       func(context.Context) ([]string, error) { return nil, nil },
			CoursesFn:        func(context.Context, app.CourseFilter) ([]*app.SchoolCourse, error) { return nil, nil },
			CourseSettingsFn: func(context.Context) (app.CourseSettings, error) { return app.CourseSettings{}, nil },
		},
		Requests: &mock.RequestService{ // requests_test.go
			RequestsFn: func(context.Context) ([]*app.Request, error) { return nil, nil },
		},
		Backups: &mock.BackupService{
			BackupsFn: func(context.Context) ([]app.Backup, error) {
				return []app.Backup{{Path: "/data/backups/jxj-2025-09-01.db", Size: 5 << 20, At: time.Now(), Auto: true}}, nil
			},
			BackupDaysFn: func(context.Context) (int, error) { return app.DefaultBackupDays, nil },
		},
	}
	return f
}

// shellHarness is a shell in a test window with its fakes.
type shellHarness struct {
	t     *testing.T
	app   fyne.App
	win   fyne.Window
	ui    *UI
	fakes *shellFakes
	async *shellAsync
}

// startShell starts the shell in Chinese over the fakes, with opts, and
// waits until the school is loaded.
func startShell(t *testing.T, f *shellFakes, opts Options) *shellHarness {
	t.Helper()
	lang := i18n.Language()
	i18n.SetLanguage(i18n.Chinese)
	t.Cleanup(func() { i18n.SetLanguage(lang) })
	h := &shellHarness{t: t, fakes: f, async: trackShellAsync(t)}
	h.app = test.NewTempApp(t)
	h.win = test.NewTempWindow(t, widget.NewLabel(""))
	h.ui = Start(h.app, h.win, f.svc, opts)
	t.Cleanup(h.ui.idle.halt)
	h.wait()
	return h
}

func (h *shellHarness) wait() { h.t.Helper(); h.async.wait(h.t) }

// login types the credentials into the login screen and submits.
func (h *shellHarness) login(user, pw string) {
	h.t.Helper()
	if h.ui.login == nil {
		h.t.Fatalf("login screen not shown (state %d)", h.ui.state)
	}
	test.Type(h.ui.login.username, user)
	test.Type(h.ui.login.password, pw)
	test.Tap(h.ui.login.submitB)
	h.wait()
}

// texts returns the visible texts of the window, dialogs included.
func (h *shellHarness) texts() []string {
	var out []string
	c := h.win.Canvas()
	collectShellTexts(c.Content(), &out)
	for _, o := range c.Overlays().List() {
		collectShellTexts(o, &out)
	}
	return out
}

// hasText reports whether a visible text contains s.
func (h *shellHarness) hasText(s string) bool {
	for _, txt := range h.texts() {
		if strings.Contains(txt, s) {
			return true
		}
	}
	return false
}

func (h *shellHarness) wantText(s string) {
	h.t.Helper()
	if !h.hasText(s) {
		h.t.Errorf("window does not show %q; it shows %q", s, h.texts())
	}
}

func (h *shellHarness) navLabels() []string {
	var out []string
	for _, p := range h.ui.navPages() {
		if b := h.ui.navBtns[p.id]; b != nil && b.Visible() {
			out = append(out, b.Text)
		}
	}
	return out
}

// button returns the visible button labelled text, in the window or a
// dialog, failing the test if there is none.
func (h *shellHarness) button(text string) *widget.Button {
	h.t.Helper()
	return findShown[*widget.Button](h, "button", func(b *widget.Button) bool { return b.Text == text })
}

// checkBox returns the visible check box labelled text, in the window or
// a dialog, failing the test if there is none.
func (h *shellHarness) checkBox(text string) *widget.Check {
	h.t.Helper()
	return findShown[*widget.Check](h, "check box", func(c *widget.Check) bool { return c.Text == text })
}

// findShown returns the first visible T that is, in the dialogs then the
// window, failing the test if there is none.
func findShown[T fyne.CanvasObject](h *shellHarness, kind string, is func(T) bool) T {
	h.t.Helper()
	var found T
	var ok bool
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() || ok {
			return
		}
		if w, isT := o.(T); isT && is(w) {
			found, ok = w, true
			return
		}
		switch o := o.(type) {
		case *fyne.Container:
			for _, c := range o.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(o).Objects() {
				walk(c)
			}
		}
	}
	c := h.win.Canvas()
	for _, o := range c.Overlays().List() {
		walk(o)
	}
	walk(c.Content())
	if !ok {
		h.t.Fatalf("no %s; the window shows %q", kind, h.texts())
	}
	return found
}

func collectShellTexts(o fyne.CanvasObject, out *[]string) {
	if o == nil || !o.Visible() {
		return
	}
	switch o := o.(type) {
	case *widget.Label:
		*out = append(*out, o.Text)
		return
	case *wrapLabel:
		*out = append(*out, o.Text)
		return
	case *widget.Button:
		*out = append(*out, o.Text)
		return
	case *canvas.Text:
		*out = append(*out, o.Text)
		return
	case *fyne.Container:
		for _, c := range o.Objects {
			collectShellTexts(c, out)
		}
		return
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(o).Objects() {
			collectShellTexts(c, out)
		}
	}
}

func TestShellLogin(t *testing.T) {
	tests := []struct {
		name     string
		user     string
		wantNav  []string
		wantRole string
	}{
		{"admin sees everything", "admin", []string{"工作台", "通知", "作业", "填表·接龙·打卡", "公开课", "局校申报", "考勤", "请假", "成绩", "家长通讯录", "导入", "账号管理", "数据备份", "同步", "设置"}, "管理员"},
		{"teacher sees no import or accounts", "liu", []string{"工作台", "通知", "作业", "填表·接龙·打卡", "公开课", "考勤", "请假", "成绩", "家长通讯录", "设置"}, "教师"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := startShell(t, newShellFakes(), Options{})
			if h.ui.state != stateLogin {
				t.Fatalf("state = %d, want the login", h.ui.state)
			}
			h.login(tt.user, shellPassword)
			if h.ui.state != stateMain {
				t.Fatalf("state = %d after login, want the main view", h.ui.state)
			}
			if h.ui.page != pageWorkbench {
				t.Errorf("page after login = %q, want the workbench", h.ui.page)
			}
			if got := strings.Join(h.navLabels(), ","); got != strings.Join(tt.wantNav, ",") {
				t.Errorf("navigation = %s, want %s", got, strings.Join(tt.wantNav, ","))
			}
			h.wantText(shellSchool.Name)
			h.wantText(tt.wantRole)
			h.wantText("退出登录")
			if got, want := h.win.Title(), "局校家 — "+shellSchool.Name; got != want {
				t.Errorf("title = %q, want %q", got, want)
			}
			if h.hasText("演示学校") {
				t.Error("a real school shows the demo badge")
			}
		})
	}
}

func TestShellLoginWrongPassword(t *testing.T) {
	h := startShell(t, newShellFakes(), Options{})
	h.login("admin", "wrong-password")
	if h.ui.state != stateLogin {
		t.Fatalf("state = %d, want still the login", h.ui.state)
	}
	want := i18n.T("account.error.login_failed")
	if got := h.ui.login.errLabel.Text; got != want || !h.ui.login.errLabel.Visible() {
		t.Errorf("error shown = %q (visible %v), want %q", got, h.ui.login.errLabel.Visible(), want)
	}
	if h.ui.login.submitB.Disabled() {
		t.Error("the login button stays disabled after a failed check")
	}
	h.wantText(want)
}

func TestShellLoginBusy(t *testing.T) {
	h := startShell(t, newShellFakes(), Options{})
	l := h.ui.login
	test.Type(l.username, "admin")
	test.Type(l.password, shellPassword)
	test.Tap(l.submitB)
	if !l.submitB.Disabled() || !l.username.Disabled() || !l.password.Disabled() {
		t.Error("the form is not disabled while the password is checked")
	}
	test.Tap(l.submitB) // a second click while checking does nothing
	h.wait()
	if h.ui.state != stateMain {
		t.Fatalf("state = %d, want the main view", h.ui.state)
	}
}

func TestShellLoginEmpty(t *testing.T) {
	f := newShellFakes()
	called := false
	f.accounts.AuthenticateFn = func(context.Context, string, string) (*app.Account, error) {
		called = true
		return nil, errors.New("not expected")
	}
	h := startShell(t, f, Options{})
	test.Tap(h.ui.login.submitB)
	h.wait()
	if called {
		t.Error("Authenticate called with an empty form")
	}
	if got, want := h.ui.login.errLabel.Text, i18n.T("login.error.missing"); got != want {
		t.Errorf("error = %q, want %q", got, want)
	}
}

func TestShellLoginEnterSubmits(t *testing.T) {
	h := startShell(t, newShellFakes(), Options{})
	test.Type(h.ui.login.username, "admin")
	test.Type(h.ui.login.password, shellPassword)
	h.ui.login.password.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.wait()
	if h.ui.state != stateMain {
		t.Fatalf("state = %d after Enter, want the main view", h.ui.state)
	}
}

func TestShellLogout(t *testing.T) {
	h := startShell(t, newShellFakes(), Options{})
	h.login("admin", shellPassword)
	test.Tap(h.button("退出登录"))
	h.wait()
	if h.ui.state != stateLogin || h.ui.env.Account != nil {
		t.Errorf("after logout: state %d, account %v; want the login and no account", h.ui.state, h.ui.env.Account)
	}
}

func TestShellLoadError(t *testing.T) {
	f := newShellFakes()
	f.org.SchoolFn = func(context.Context) (*app.Org, error) {
		return nil, app.Errorf(app.EINTERNAL, "error.storage_locked")
	}
	h := startShell(t, f, Options{})
	if h.ui.state != stateLoadFailed {
		t.Fatalf("state = %d, want the load error", h.ui.state)
	}
	h.wantText(i18n.T("error.storage_locked"))
}

func TestShellDemoSchoolLogin(t *testing.T) {
	f := newShellFakes()
	demoOrg := &app.Org{ID: 1, Name: "演示县实验小学", IsDemo: true, HasAdmin: true}
	f.org.SchoolFn = func(context.Context) (*app.Org, error) { return demoOrg, nil }
	h := startShell(t, f, Options{})
	h.wantText(demoHintText())
	h.wantText("演示学校")
	h.login("admin", shellPassword)
	h.wantText("演示学校") // the badge in the top bar
}

// TestShellPageTitles: every page of the main view has a title line, and
// it names the page as the navigation does, in both languages and for
// each role's pages.
func TestShellPageTitles(t *testing.T) {
	for _, lang := range []string{i18n.Chinese, i18n.English} {
		for _, user := range []string{"admin", "liu"} {
			t.Run(lang+" "+user, func(t *testing.T) {
				f := newShellFakes()
				f.svc.Cockpit = &mock.CockpitService{CockpitFn: func(context.Context, app.DateRange) (*app.Cockpit, error) { return testCockpit(), nil }}
				f.svc.Charts = &mock.ChartRenderer{RenderPNGFn: func(app.Chart, int, int, bool) ([]byte, error) { return blankPNG(t), nil }}
				h := startShell(t, f, Options{DataDir: "/data", Version: "test"})
				i18n.SetLanguage(lang)
				h.login(user, shellPassword)
				names := map[string]string{}
				for _, p := range h.ui.navPages() {
					h.ui.selectPage(p.id)
					h.wait()
					if other, ok := names[p.label]; ok {
						t.Errorf("pages %s and %s are both called %q", other, p.id, p.label)
					}
					names[p.label] = p.id
					titles := pageTitles(h.ui.holder)
					i := slices.IndexFunc(titles, func(l *widget.Label) bool { return l.Text == p.label })
					if i < 0 {
						var texts []string
						for _, l := range titles {
							texts = append(texts, l.Text)
						}
						t.Errorf("page %s (%q in the navigation) has the titles %q", p.id, p.label, texts)
						continue
					}
					// the whole title shows, not an ellipsis
					l := titles[i]
					full := fyne.MeasureText(l.Text, theme.TextSubHeadingSize(), l.TextStyle).Width
					if l.Size().Width < full {
						t.Errorf("page %s: its title %q is %.0f wide, less than the %.0f it needs", p.id, l.Text, l.Size().Width, full)
					}
				}
			})
		}
	}
}

// pageTitles are the title lines (pageTitle) in o.
func pageTitles(o fyne.CanvasObject) []*widget.Label {
	var out []*widget.Label
	for _, c := range test.LaidOutObjects(o) {
		if l, ok := c.(*widget.Label); ok && l.Visible() && l.SizeName == theme.SizeNameSubHeadingText && l.TextStyle.Bold {
			out = append(out, l)
		}
	}
	return out
}
