package ui

import (
	"context"
	"image"
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// The preference keys the GUI reads and writes through fyne.App.Preferences.
const (
	PrefLanguage = "language" // i18n.Chinese or i18n.English
	PrefTheme    = "theme"    // ThemeSystem, ThemeLight or ThemeDark
	// the main window's size when the app last stopped: width, height
	PrefWindowSize = "window.size"
	// where the main window was when it was last closed: x, y of its
	// top left corner on the screen, in the screen's pixels
	PrefWindowPos = "window.pos"
)

// WindowSize is the size the main window opens at the first time, when
// the screen has room for it.
var WindowSize = fyne.NewSize(1100, 720)

// SmallScreen is the smallest screen jxj is made for, a netbook's: every
// page, editor and dialog fits a window of this size.
var SmallScreen = fyne.NewSize(1024, 600)

// The room a window's title bar and borders take on the screen, and a
// task bar when the screen's work area is unknown.
var (
	windowFrame = fyne.NewSize(16, 40)
	taskBar     = fyne.NewSize(0, 40)
)

// SizeWindow sizes the main window before it shows: the size it had when
// the app last stopped, or WindowSize the first time, within room, the
// part of the screen a window may take (the work area, less the task bar,
// in Fyne's units). Zero room means the screen is unknown: then a size
// the user chose stands, and the first time the window fits SmallScreen.
// RememberWindowSize keeps the size for the next start; WindowPos gives
// the place, which main sets through the system's window.
func SizeWindow(a fyne.App, w fyne.Window, room fyne.Size) {
	w.Resize(windowSize(a.Preferences(), room))
}

// windowSize is the size the main window opens at in room (see
// SizeWindow).
func windowSize(p fyne.Preferences, room fyne.Size) fyne.Size {
	size := WindowSize
	wh := p.FloatList(PrefWindowSize)
	remembered := len(wh) == 2 && wh[0] > 0 && wh[1] > 0
	if remembered {
		size = fyne.NewSize(float32(wh[0]), float32(wh[1]))
	}
	if room.IsZero() {
		if remembered {
			return size
		}
		room = SmallScreen.Subtract(taskBar)
	}
	return size.Min(room.Subtract(windowFrame))
}

// RememberWindowSize keeps the window's size for the next start; main
// calls it as the window closes, before the app stops and Fyne saves the
// preferences.
func RememberWindowSize(a fyne.App, w fyne.Window) {
	if size := w.Canvas().Size(); !size.IsZero() {
		a.Preferences().SetFloatList(PrefWindowSize, []float64{float64(size.Width), float64(size.Height)})
	}
}

// WindowPos is where the main window opens: where it was last closed,
// on the screen whose work area (in pixels) holds that place, else moved
// onto the first of areas, the primary screen's (a screen may have gone
// since), so that its top left corner and a hand's width of its title
// bar are on a screen. ok is false when no place was kept or no screen is
// known: the system places the window.
func WindowPos(p fyne.Preferences, areas []image.Rectangle) (pos image.Point, ok bool) {
	xy := p.IntList(PrefWindowPos)
	if len(xy) != 2 || len(areas) == 0 || areas[0].Empty() {
		return image.Point{}, false
	}
	const reach = 120 // pixels of the title bar kept on the screen
	pos = image.Pt(xy[0], xy[1])
	area := areas[0]
	for _, a := range areas {
		if pos.In(a) {
			area = a
			break
		}
	}
	pos.X = max(area.Min.X, min(pos.X, area.Max.X-reach))
	pos.Y = max(area.Min.Y, min(pos.Y, area.Max.Y-reach))
	return pos, true
}

// RememberWindowPos keeps where the main window is for the next start.
func RememberWindowPos(a fyne.App, pos image.Point) {
	a.Preferences().SetIntList(PrefWindowPos, []int{pos.X, pos.Y})
}

// Options is what main gives the GUI besides the services.
type Options struct {
	// OpenDemo creates or opens the demo school in its own data folder and
	// returns its services; the first-run wizard offers it. Nil hides the
	// choice.
	OpenDemo func() (app.Services, error)
	// DataDir is the data folder, shown in the settings.
	DataDir string
	// Version is the program's version, shown in the settings.
	Version string

	// SyncNow starts a sync through the scheduler, so that 立即同步 never
	// overlaps a scheduled run; it is called off the UI goroutine and may
	// return before the sync ends. Nil: the sync page calls
	// Services.Syncer.Sync itself.
	SyncNow func()
	// SyncRunning reports whether the scheduler is running a sync, for
	// the status line; it is called off the UI goroutine. Nil: only the
	// sync page's own runs show as running.
	SyncRunning func() bool
	// OnSyncInterval is told the interval chosen on the sync page, once
	// it is saved, so the scheduler can use it at once. Nil: it applies
	// from the next start.
	OnSyncInterval func(time.Duration)
	// Now is the clock of the idle lock; nil for time.Now. Tests set it.
	Now func() time.Time
	// Restore replaces the school's database with a backup and gives the
	// services of the database opened after it (the restored one, or the
	// old one again if the restore failed; none if neither opens); the
	// shell then shows the login on them. It is called off the UI
	// goroutine. Nil: no restore in the window.
	Restore func(ctx context.Context, path string) (aside string, svc app.Services, err error)
	// OnBureau makes the first run ask whether a school or the bureau
	// uses this computer; 教育局 calls it to open the bureau console
	// (console.go). Nil: the first run sets up a school.
	OnBureau func()
	// InstallUpdate installs the new version the hub sent, as the
	// administrator in ctx: it backs the database up, leaves the swap to
	// a process of its own and quits the window; it returns only on an
	// error. It is called off the UI goroutine. Nil: 设置 offers no
	// install.
	InstallUpdate func(ctx context.Context) error
	// Desktop is the tray and the start at login, for the settings; nil
	// hides them.
	Desktop DesktopHooks
}

// runAsync runs work off the UI goroutine; work hands its results back to
// the UI with fyne.Do. Tests replace it to wait until the work is done.
var runAsync = func(work func()) { go work() }

// UI is the app shell: it owns the window's content and moves between the
// first-run wizard, the login and the main view.
type UI struct {
	app  fyne.App
	win  fyne.Window
	opts Options
	env  *Env

	// realServices are the school's own services while the demo school
	// is open from the wizard; nil otherwise.
	realServices *app.Services
	// demoServices are kept once the demo is open, so going back to the
	// wizard and into the demo again does not open its database twice.
	demoServices *app.Services

	state   shellState
	loadErr error

	// idle locks the window when nobody uses it (see idlelock.go)
	idle idleLock

	// the main view
	page    string
	screens map[string]Screen
	navBtns map[string]*widget.Button
	holder  *fyne.Container

	// the sync status line in the top bar; nil without a sync service
	syncLine  *syncLine
	syncLoads int

	// the screen on show, for tests
	wizard   *wizardScreen
	login    *loginScreen
	settings *SettingsScreen
	accounts *AccountsScreen
	sync     *SyncScreen
}

type shellState int

const (
	stateLoading shellState = iota
	stateLoadFailed
	stateWizard
	stateLogin
	stateMain
)

// The pages of the main view.
const (
	pageWorkbench = "workbench"
	pageNotices   = "notices"
	pageHomework  = "homework"
	pageForms     = "forms"
	pageAttend    = "attendance"
	pageLeave     = "leave"
	pageExams     = "exams"
	pageDirectory = "directory"
	pageImport    = "import"
	pageAccounts  = "accounts"
	pageSync      = "sync"
	pageSettings  = "settings"
	pageBackup    = "backup"
	pageCockpit   = "cockpit"
)

// Start builds the GUI in w and shows it: it applies the saved language
// and theme, loads the school and shows the first-run wizard or the login.
// main calls it before w.ShowAndRun().
func Start(a fyne.App, w fyne.Window, svc app.Services, opts Options) *UI {
	u := New(a, w, svc, opts)
	u.Show()
	return u
}

// New returns the shell for window w without showing anything yet.
func New(a fyne.App, w fyne.Window, svc app.Services, opts Options) *UI {
	u := &UI{
		app:  a,
		win:  w,
		opts: opts,
		env:  &Env{App: a, Window: w},
	}
	u.env.Services = u.audited(svc)
	u.env.SyncChanged = u.SyncChanged
	u.idle.u = u
	return u
}

// audited returns svc with every export of personal data recorded in the
// audit log as the account logged in at the time.
func (u *UI) audited(svc app.Services) app.Services {
	return svc.WithExportAudit(u.env.Ctx)
}

// now is the shell's clock.
func (u *UI) now() time.Time {
	if u.opts.Now != nil {
		return u.opts.Now()
	}
	return time.Now()
}

// Show applies the preferences and starts loading the school; the wizard
// or the login follows when it is loaded. The window keeps its size (see
// SizeWindow).
func (u *UI) Show() {
	applyPreferences(u.app)
	u.loadSchool()
}

// applyPreferences applies the saved language (or the one the command
// line chose from the environment) and theme.
func applyPreferences(a fyne.App) {
	prefs := a.Preferences()
	useLanguage(prefs.StringWithFallback(PrefLanguage, i18n.Language()))
	a.Settings().SetTheme(NewTheme(prefs.StringWithFallback(PrefTheme, ThemeSystem)))
}

// Env returns the environment the screens are built from.
func (u *UI) Env() *Env { return u.env }

// loadSchool reads the school off the UI goroutine: none yet means the
// first run.
func (u *UI) loadSchool() {
	u.state = stateLoading
	u.render()
	svc := u.env.Services
	runAsync(func() {
		org, err := svc.Org.School(context.Background())
		fyne.Do(func() {
			switch {
			case err == nil && org.HasAdmin:
				u.env.School = org
				u.state = stateLogin
			case err == nil:
				// made by the command line; the wizard completes it
				u.env.School = org
				u.state = stateWizard
			case app.ErrorCode(err) == app.ENOTFOUND:
				u.env.School = nil
				u.state = stateWizard
			default:
				u.loadErr = err
				u.state = stateLoadFailed
				u.env.ShowError(err)
			}
			u.render()
		})
	})
}

// render builds the window's content for the current state from scratch,
// so a change of language or theme is a call to render.
func (u *UI) render() {
	u.wizard, u.login, u.settings, u.accounts, u.sync = nil, nil, nil, nil, nil
	u.syncLine = nil
	u.setTitle()
	var content fyne.CanvasObject
	switch u.state {
	case stateLoading:
		content = u.loadingView()
	case stateLoadFailed:
		content = u.loadFailedView()
	case stateWizard:
		openDemo := u.opts.OpenDemo
		if u.demoServices != nil && openDemo != nil {
			demo := *u.demoServices
			openDemo = func() (app.Services, error) { return demo, nil }
		}
		u.wizard = newWizardScreen(u.env, openDemo, u.created, u.demoOpened)
		if u.env.School == nil {
			// a school the command line made is a school's computer
			u.wizard.onBureau = u.opts.OnBureau
		}
		content = u.wizard.Content()
	case stateLogin:
		var back func()
		if u.realServices != nil {
			back = u.leaveDemo
		}
		u.login = newLoginScreen(u.env, demoHintText(), u.loggedIn, back)
		content = u.login.Content()
	case stateMain:
		content = u.mainView()
	}
	u.win.SetContent(content)
	if u.login != nil {
		u.login.focus()
	}
}

func (u *UI) setTitle() {
	if u.env.School == nil {
		u.win.SetTitle(i18n.T("app.name"))
		return
	}
	u.win.SetTitle(i18n.T("shell.title", i18n.T("app.name"), u.env.School.Name))
}

func (u *UI) loadingView() fyne.CanvasObject {
	bar := widget.NewProgressBarInfinite()
	return container.NewCenter(container.New(minWidth(320),
		container.NewVBox(widget.NewLabelWithStyle(i18n.T("shell.loading"), fyne.TextAlignCenter, fyne.TextStyle{}), bar)))
}

func (u *UI) loadFailedView() fyne.CanvasObject {
	msg := newWrapLabel(i18n.Err(u.loadErr))
	msg.Importance = widget.DangerImportance
	retry := widget.NewButtonWithIcon(i18n.T("shell.retry"), theme.ViewRefreshIcon(), u.loadSchool)
	return container.NewCenter(container.New(minWidth(480), container.NewVBox(msg, container.NewCenter(retry))))
}

// created follows the wizard's Setup: the new admin is logged in.
func (u *UI) created(org *app.Org, admin *app.Account) {
	u.env.School = org
	u.loggedIn(admin)
}

// demoOpened switches to the demo school's services and shows its login.
func (u *UI) demoOpened(svc app.Services, org *app.Org) {
	if u.realServices == nil {
		real := u.env.Services
		u.realServices = &real
	}
	u.demoServices = &svc
	u.env.Services = u.audited(svc)
	u.env.School = org
	u.env.Account = nil
	u.state = stateLogin
	u.render()
}

// leaveDemo goes back from the demo school to the wizard of the real one.
func (u *UI) leaveDemo() {
	if u.realServices == nil {
		return
	}
	u.env.Services = *u.realServices
	u.realServices = nil
	u.env.Account = nil
	u.env.School = nil
	u.loadSchool()
}

func (u *UI) loggedIn(a *app.Account) {
	u.env.Account = a
	u.screens = nil
	u.page = pageWorkbench
	if a.ReadsAll() && u.env.Services.Cockpit != nil {
		u.page = pageCockpit
	}
	u.state = stateMain
	u.render()
	u.idle.start()
	if a.WeakPassword {
		u.askPasswordChange()
	}
}

// askPasswordChange asks, after a login with a password set before the
// rules were tightened (it still works), to change it now.
func (u *UI) askPasswordChange() {
	msg := newWrapLabel(i18n.T("login.weak_password", app.MinPasswordLen))
	dialog.NewCustomConfirm(i18n.T("login.weak_password_title"), i18n.T("settings.password.change"), i18n.T("login.later"),
		container.New(minWidth(400), msg), func(ok bool) {
			if ok {
				u.showPage(pageSettings).(*SettingsScreen).showPasswordDialog()
			}
		}, u.win).Show()
}

// restoreFunc is the backup page's restore: main's, then the login on the
// restored school. The demo school restores nothing.
func (u *UI) restoreFunc() RestoreFunc {
	if u.opts.Restore == nil || u.realServices != nil {
		return nil
	}
	return func(ctx context.Context, path string) (string, error) {
		aside, svc, err := u.opts.Restore(ctx, path)
		if svc.Org != nil {
			// the database was closed for the restore: restored or not,
			// the window goes on with the one opened after it
			fyne.Do(func() { u.replace(svc) })
		}
		return aside, err
	}
}

// replace puts the shell on the services of a restored database and shows
// its login: what was on screen came from the data it replaced.
func (u *UI) replace(svc app.Services) {
	u.idle.halt()
	u.env.Services = u.audited(svc)
	u.env.Account = nil
	u.screens = nil
	u.page = ""
	u.loadSchool()
}

func (u *UI) logout() {
	u.idle.halt()
	u.env.Account = nil
	u.screens = nil
	u.page = ""
	u.state = stateLogin
	u.render()
}

// navPage is one entry of the left navigation.
type navPage struct {
	id    string
	label string
	icon  fyne.Resource
	build func() Screen
}

// navPages lists the pages the logged-in account may open, in order.
func (u *UI) navPages() []navPage {
	acc := u.env.Account
	pages := []navPage{
		{pageWorkbench, i18n.T("nav.workbench"), theme.HomeIcon(),
			func() Screen { return NewWorkbenchScreen(u.env, u.workbenchActions()) }},
	}
	if u.env.Services.Cockpit != nil {
		cockpit := navPage{pageCockpit, i18n.T("nav.cockpit"), theme.GridIcon(),
			func() Screen { return NewCockpitScreen(u.env, u.cockpitActions()) }}
		// the school at a glance comes first for those who lead it; the
		// workbench stays first for teachers
		if acc.ReadsAll() {
			pages = append([]navPage{cockpit}, pages...)
		} else {
			pages = append(pages, cockpit)
		}
	}
	pages = append(pages, []navPage{
		{pageNotices, i18n.T("nav.notices"), theme.MailSendIcon(),
			func() Screen { return NewNoticesScreen(u.env) }},
		{pageHomework, i18n.T("nav.homework"), theme.DocumentCreateIcon(),
			func() Screen { return NewHomeworkScreen(u.env) }},
		{pageForms, i18n.T("nav.forms"), theme.FileTextIcon(),
			func() Screen { return NewFormsScreen(u.env) }},
	}...)
	if u.env.Services.Courses != nil {
		pages = append(pages, navPage{pageCourses, i18n.T("nav.courses"), theme.MediaVideoIcon(),
			func() Screen { return NewCoursesScreen(u.env) }}) // courses.go
	}
	if acc.ReadsAll() && u.env.Services.Requests != nil {
		pages = append(pages, navPage{pageRequests, i18n.T("nav.requests"), theme.DocumentIcon(),
			func() Screen { return NewRequestsScreen(u.env) }}) // requests.go
	}
	// services a build does not provide leave their pages out
	if u.env.Services.Attendance != nil {
		pages = append(pages, navPage{pageAttend, i18n.T("nav.attendance"), theme.CalendarIcon(),
			func() Screen { return NewAttendanceScreen(u.env) }})
	}
	if u.env.Services.Leaves != nil {
		pages = append(pages, navPage{pageLeave, i18n.T("nav.leave"), theme.HistoryIcon(),
			func() Screen { return NewLeaveScreen(u.env) }})
	}
	if u.env.Services.Exams != nil {
		pages = append(pages, navPage{pageExams, i18n.T("nav.exams"), theme.GridIcon(),
			func() Screen { return NewExamsScreen(u.env) }})
	}
	pages = append(pages, navPage{pageDirectory, i18n.T("nav.directory"), theme.AccountIcon(),
		func() Screen { return NewDirectoryScreen(u.env) }})
	if acc.IsAdmin() {
		pages = append(pages,
			navPage{pageImport, i18n.T("nav.import"), theme.UploadIcon(),
				func() Screen { return NewImportScreen(u.env, u.imported) }},
			navPage{pageAccounts, i18n.T("nav.accounts"), theme.LoginIcon(),
				func() Screen { return NewAccountsScreen(u.env) }})
	}
	if acc.IsAdmin() && u.env.Services.Backups != nil {
		pages = append(pages, navPage{pageBackup, i18n.T("nav.backup"), theme.StorageIcon(),
			func() Screen { return NewBackupScreen(u.env, u.restoreFunc()) }})
	}
	if acc.ReadsAll() && u.env.Services.Sync != nil {
		pages = append(pages, navPage{pageSync, i18n.T("nav.sync"), theme.UploadIcon(),
			func() Screen { return NewSyncScreen(u.env, u.syncOptions()) }})
	}
	pages = append(pages, navPage{pageSettings, i18n.T("nav.settings"), theme.SettingsIcon(),
		func() Screen {
			return NewSettingsScreen(u.env, SettingsOptions{
				DataDir: u.opts.DataDir, Version: u.opts.Version,
				OnLanguage: u.setLanguage, OnTheme: u.setTheme,
				OnIdleLock:    func(d time.Duration) { u.idle.timeout = d },
				InstallUpdate: u.opts.InstallUpdate,
				Desktop:       u.opts.Desktop,
			})
		}})
	return pages
}

// workbenchActions are what the workbench's tiles and to-do items open.
func (u *UI) workbenchActions() WorkbenchActions {
	notices := func() *NoticesScreen { return u.showPage(pageNotices).(*NoticesScreen) }
	homework := func() *HomeworkScreen { return u.showPage(pageHomework).(*HomeworkScreen) }
	forms := func() *FormsScreen { return u.showPage(pageForms).(*FormsScreen) }
	a := WorkbenchActions{
		NewNotice:    func() { notices().Compose() },
		OpenNotice:   func(id int64) { notices().Open(id) },
		NewHomework:  func() { homework().Compose() },
		OpenHomework: func(id int64) { homework().Open(id) },
		NewForm:      func(k app.FormKind) { forms().Compose(k) },
		OpenForm:     func(id int64) { forms().Open(id) },
		Directory:    func() { u.selectPage(pageDirectory) },
	}
	svc := u.env.Services
	if svc.Attendance != nil {
		a.Attendance = func() { u.selectPage(pageAttend) }
		a.NotTaken = func() { u.showPage(pageAttend).(*AttendanceScreen).ShowTab(attTabNotTaken) }
	}
	if svc.Exams != nil {
		a.Exams = func() { u.selectPage(pageExams) }
	}
	if svc.Leaves != nil {
		a.OpenLeave = func(id int64) { u.showPage(pageLeave).(*LeaveScreen).Open(id) }
	}
	if svc.Requests != nil && u.env.Account.ReadsAll() {
		a.OpenRequest = func(id int64) { u.showPage(pageRequests).(*RequestsScreen).Open(id) }
	}
	if svc.BureauSurveys != nil {
		u.bureauActions(&a, notices)
	}
	return a
}

// cockpitActions are what the cockpit's tiles and charts open.
func (u *UI) cockpitActions() CockpitActions {
	w := u.workbenchActions()
	a := CockpitActions{
		Directory:  w.Directory,
		Notices:    func() { u.selectPage(pageNotices) },
		NewNotice:  w.NewNotice,
		OpenNotice: w.OpenNotice,
		Homework:   func() { u.selectPage(pageHomework) },
		NewHW:      w.NewHomework,
		OpenForm:   w.OpenForm,
	}
	svc := u.env.Services
	if svc.Attendance != nil {
		att := func() *AttendanceScreen { return u.showPage(pageAttend).(*AttendanceScreen) }
		a.RollCall = func(id int64) { att().OpenClass(id) }
		a.NotTaken = w.NotTaken
		a.Alerts = func() { att().ShowTab(attTabAlerts) }
		a.Rates = func(kind app.RangeKind, level app.RateLevel) { att().ShowRates(kind, level) }
	}
	if svc.Exams != nil {
		exams := func() *ExamsScreen { return u.showPage(pageExams).(*ExamsScreen) }
		a.OpenExam = func(id int64) { exams().Open(id) }
		a.NewExam = func() { exams().Compose() }
	}
	if svc.Leaves != nil {
		a.Leave = func() { u.selectPage(pageLeave) }
	}
	if u.env.Account.ReadsAll() && svc.Sync != nil {
		a.Sync = func() { u.selectPage(pageSync) }
	}
	if u.env.Account.IsAdmin() {
		a.Import = func() { u.selectPage(pageImport) }
	}
	return a
}

// showPage shows a page of the main view and returns its screen.
func (u *UI) showPage(id string) Screen {
	u.selectPage(id)
	return u.screens[id]
}

// imported makes the directory show the new roster; a directory not
// opened yet loads it when it is.
func (u *UI) imported() {
	if d, ok := u.screens[pageDirectory].(*DirectoryScreen); ok {
		d.Reload()
	}
}

func (u *UI) mainView() fyne.CanvasObject {
	u.screens = make(map[string]Screen)
	u.navBtns = make(map[string]*widget.Button)
	u.holder = container.NewStack()

	nav := container.NewVBox()
	pages := u.navPages()
	allowed := false
	for _, p := range pages {
		b := widget.NewButtonWithIcon(p.label, p.icon, func() { u.selectPage(p.id) })
		b.Alignment = widget.ButtonAlignLeading
		u.navBtns[p.id] = b
		nav.Add(b)
		allowed = allowed || p.id == u.page
	}
	if !allowed {
		u.page = pageWorkbench
	}
	navBg := newHeaderBackground()
	navWidth := canvas.NewRectangle(color.Transparent)
	navWidth.SetMinSize(fyne.NewSize(170, 0))
	// the navigation scrolls in a window too low for all of it
	left := container.NewHBox(container.NewStack(navBg, navWidth, container.NewVScroll(container.NewPadded(nav))), widget.NewSeparator())

	if u.env.Services.Sync != nil {
		var open func()
		if u.env.Account.ReadsAll() {
			open = func() { u.selectPage(pageSync) }
		}
		u.syncLine = newSyncLine(open)
		u.loadSyncStatus()
	}

	u.selectPage(u.page)
	return newActivityWatch(container.NewBorder(u.topBar(), nil, left, nil, container.NewPadded(u.holder)), u.idle.activity)
}

func (u *UI) topBar() fyne.CanvasObject {
	school := widget.NewLabelWithStyle(u.env.School.Name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	school.SizeName = theme.SizeNameSubHeadingText
	leftItems := container.NewHBox(widget.NewIcon(theme.HomeIcon()), school)
	if u.env.School.IsDemo {
		leftItems.Add(container.NewCenter(badge(i18n.T("shell.demo_badge"))))
	}
	acc := u.env.Account
	user := widget.NewLabel(i18n.T("shell.user", accountName(acc), i18n.T("role."+string(acc.Role))))
	logout := widget.NewButtonWithIcon(i18n.T("shell.logout"), theme.LogoutIcon(), u.logout)
	right := container.NewHBox(widget.NewIcon(theme.AccountIcon()), user, logout)

	var middle []fyne.CanvasObject
	if u.syncLine != nil {
		middle = append(middle, container.NewPadded(u.syncLine))
	}
	bar := container.NewStack(newHeaderBackground(), container.NewPadded(container.NewBorder(nil, nil, leftItems, right, middle...)))
	return container.NewVBox(bar, widget.NewSeparator())
}

// selectPage shows a page of the main view, building it the first time.
func (u *UI) selectPage(id string) {
	u.page = id
	s, ok := u.screens[id]
	if !ok {
		for _, p := range u.navPages() {
			if p.id == id {
				s = p.build()
			}
		}
		if s == nil {
			return
		}
		u.screens[id] = s
	}
	switch s := s.(type) {
	case *SettingsScreen:
		u.settings = s
	case *AccountsScreen:
		u.accounts = s
	case *SyncScreen:
		u.sync = s
	}
	for pid, b := range u.navBtns {
		if pid == id {
			b.Importance = widget.HighImportance
		} else {
			b.Importance = widget.LowImportance
		}
		b.Refresh()
	}
	u.holder.Objects = []fyne.CanvasObject{s.Content()}
	u.holder.Refresh()
}

// setLanguage switches the language, saves it and rebuilds the window; the
// user stays logged in and on the same page.
func (u *UI) setLanguage(lang string) {
	useLanguage(lang)
	u.app.Preferences().SetString(PrefLanguage, i18n.Language())
	u.render()
}

// setTheme applies and saves a theme mode; every widget repaints itself in
// the new colours, so the window is not rebuilt.
func (u *UI) setTheme(mode string) {
	u.app.Preferences().SetString(PrefTheme, mode)
	u.app.Settings().SetTheme(NewTheme(mode))
}

// headerBackground fills its space with the theme's header colour and
// follows theme and light/dark changes, which a plain rectangle would not.
type headerBackground struct{ widget.BaseWidget }

func newHeaderBackground() *headerBackground {
	b := &headerBackground{}
	b.ExtendBaseWidget(b)
	return b
}

func (b *headerBackground) CreateRenderer() fyne.WidgetRenderer {
	r := &headerBackgroundRenderer{b: b, rect: canvas.NewRectangle(color.Transparent)}
	r.Refresh()
	return r
}

type headerBackgroundRenderer struct {
	b    *headerBackground
	rect *canvas.Rectangle
}

func (r *headerBackgroundRenderer) Layout(size fyne.Size)        { r.rect.Resize(size) }
func (r *headerBackgroundRenderer) MinSize() fyne.Size           { return fyne.NewSize(0, 0) }
func (r *headerBackgroundRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.rect} }
func (r *headerBackgroundRenderer) Destroy()                     {}
func (r *headerBackgroundRenderer) Refresh() {
	r.rect.FillColor = theme.ColorForWidget(theme.ColorNameHeaderBackground, r.b)
	r.rect.Refresh()
}

// accountName is what the window calls the account logged in: its staff
// member's name, or its username when it has none (the admin).
func accountName(acc *app.Account) string {
	if acc.StaffName != "" {
		return acc.StaffName
	}
	return acc.Username
}

// badge is a small coloured tag, e.g. 演示学校.
func badge(text string) fyne.CanvasObject {
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameWarning))
	bg.CornerRadius = 4
	t := canvas.NewText(text, theme.Color(theme.ColorNameForegroundOnWarning))
	t.TextStyle.Bold = true
	return container.NewStack(bg, container.New(layout.NewCustomPaddedLayout(2, 2, 8, 8), t))
}

// minWidth is a layout that stacks its objects and is at least w wide, so a
// form in a centred column does not shrink to its narrowest entry.
type minWidth float32

func (m minWidth) MinSize(objects []fyne.CanvasObject) fyne.Size {
	s := fyne.NewSize(float32(m), 0)
	for _, o := range objects {
		s = s.Max(o.MinSize())
	}
	return s
}

func (m minWidth) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objects {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// errorLabel is a red, wrapping label for a form's error; empty and hidden
// until there is one.
func errorLabel() *wrapLabel {
	l := newWrapLabel("")
	l.Importance = widget.DangerImportance
	l.Hide()
	return l
}

// showInline shows err (translated) in l, or hides l for nil.
func showInline(l *wrapLabel, err error) {
	if err == nil {
		l.SetText("")
		l.Hide()
		return
	}
	l.SetText(i18n.Err(err))
	l.Show()
}
