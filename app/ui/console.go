package ui

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// ConsoleOptions is what main gives the bureau console.
type ConsoleOptions struct {
	// Console is the connection to the hub with its offline copy.
	Console app.BureauCache
	// Config is console.json as main read it; SaveConfig keeps a changed
	// one (a hub connected to, a fingerprint pinned, a username).
	Config     app.ConsoleConfig
	SaveConfig func(app.ConsoleConfig) error
	// Forget removes console.json and the copy; the window then goes back
	// to the first run's choice with OnForgotten. A school's data stays.
	Forget      func() error
	OnForgotten func()
	// WriteNoticeStatus exports a notice's progress (storage/xlsx); nil
	// leaves the export out.
	WriteNoticeStatus func(path string, n *app.HubNotice, schools []app.HubNoticeSchool) error
	// WriteSurveyStatus exports a survey's answers (storage/xlsx); nil
	// leaves the export out.
	WriteSurveyStatus func(path string, st *app.HubSurveyStatus) error
	DataDir, Version  string
	// Charts draws the cockpit's charts (storage/chart); nil leaves them out.
	Charts app.ChartRenderer

	// OrgSheets reads the bureau's list of schools and writes its template
	// (storage/xlsx); OrgLetters prints enrolment letters (storage/pdf).
	// nil leaves the import, or the letters, out (console_orgs_*.go).
	OrgSheets  app.HubOrgSheets
	OrgLetters app.EnrolLetterPrinter
}

// The console's pages.
const (
	consolePageOrgs     = "orgs"
	consolePageNotices  = "notices"
	consolePageSettings = "settings"
)

// ConsoleUI is the bureau console in the jxj window: its login, then the
// pages of the district's schools and notices, in the school shell's
// look (top bar, navigation on the left, the same language and theme).
type ConsoleUI struct {
	app  fyne.App
	win  fyne.Window
	opts ConsoleOptions
	env  *Env // the window, for dialogs and file choosers
	cfg  app.ConsoleConfig

	account *app.BureauAccount // nil before login

	// what the pages show came from the copy, not the hub: since when
	offline   bool
	fetchedAt time.Time
	offlineBy error // why the hub did not answer

	page    string
	screens map[string]consoleScreen
	navBtns map[string]*widget.Button
	holder  *fyne.Container
	banner  *fyne.Container
	bannerT *wrapLabel
	stateL  *widget.Label

	// the screens on show, for tests
	login    *consoleLogin
	orgs     *consoleOrgs
	notices  *consoleNotices
	settings *consoleSettings
}

// consoleScreen is a console page: it shows its actions enabled or not
// as the connection comes and goes.
type consoleScreen interface {
	Screen
	connectionChanged()
}

// StartConsole shows the bureau console in w: the saved language and
// theme, then its login. main calls it before w.ShowAndRun().
func StartConsole(a fyne.App, w fyne.Window, opts ConsoleOptions) *ConsoleUI {
	u := &ConsoleUI{app: a, win: w, opts: opts, env: &Env{App: a, Window: w}, cfg: opts.Config}
	u.env.Services.Charts = opts.Charts // the cockpit's chartView draws with it
	applyPreferences(a)
	u.render()
	return u
}

// ctx is the context of the console's calls.
func (u *ConsoleUI) ctx() context.Context { return context.Background() }

// render builds the window for the login or the pages from scratch, so a
// change of language is a call to render.
func (u *ConsoleUI) render() {
	u.login, u.orgs, u.notices, u.settings = nil, nil, nil, nil
	u.win.SetTitle(i18n.T("bureau_console.title", i18n.T("app.name")))
	if u.account == nil {
		u.login = newConsoleLogin(u)
		u.win.SetContent(u.login.Content())
		u.login.focus()
		return
	}
	u.win.SetContent(u.mainView())
}

// loggedIn opens the pages for account; offline when it is browsing the
// copy.
func (u *ConsoleUI) loggedIn(a *app.BureauAccount, offline bool) {
	u.account = a
	u.offline, u.offlineBy = offline, nil
	if offline {
		u.offlineBy = app.Errorf(app.EINTERNAL, "hub_accounts.error.unreachable", u.cfg.HubURL)
	}
	u.screens = nil
	u.page = consolePageCockpit // the district at a glance first
	u.render()
}

// logout ends the session (as far as the hub can be told) and shows the
// login.
func (u *ConsoleUI) logout() {
	c := u.opts.Console
	runAsync(func() { _ = c.Logout(context.Background()) })
	u.toLogin(nil)
}

// toLogin shows the login, with why (a session that ended) if err.
func (u *ConsoleUI) toLogin(err error) {
	u.account = nil
	u.screens = nil
	u.render()
	if err != nil {
		showInline(u.login.errLabel, err)
	}
}

// saveConfig keeps cfg in console.json; a failure is shown.
func (u *ConsoleUI) saveConfig(cfg app.ConsoleConfig) {
	u.cfg = cfg
	if u.opts.SaveConfig == nil {
		return
	}
	if err := u.opts.SaveConfig(cfg); err != nil {
		u.env.ShowError(err)
	}
}

// fetched takes the outcome of a read on the UI goroutine: it marks the
// console online, or offline with the copy's time, or back at the login
// when the session ended. It reports whether the data came (from the hub
// or the copy); the page shows err itself when not.
func (u *ConsoleUI) fetched(err error) bool {
	at, stale := app.BureauStale(err)
	switch {
	case err == nil:
		u.setOnline()
		return true
	case stale:
		u.setOffline(err, at)
		return true
	case app.ErrorCode(err) == app.EUNAUTHORIZED:
		u.toLogin(err)
		return false
	case app.BureauOffline(err):
		u.setOffline(err, u.fetchedAt)
	}
	return false
}

// failed takes the error of a change: the hub gone marks the console
// offline; the error is shown.
func (u *ConsoleUI) failed(err error) {
	if app.ErrorCode(err) == app.EUNAUTHORIZED {
		u.toLogin(err)
		return
	}
	if app.BureauOffline(err) {
		u.setOffline(err, u.fetchedAt)
	}
	u.env.ShowError(err)
}

func (u *ConsoleUI) setOnline() {
	if !u.offline {
		return
	}
	u.offline, u.offlineBy = false, nil
	u.connectionChanged()
}

func (u *ConsoleUI) setOffline(err error, at time.Time) {
	changed := !u.offline || !at.Equal(u.fetchedAt)
	u.offline, u.offlineBy, u.fetchedAt = true, err, at
	if changed {
		u.connectionChanged()
	}
}

// connectionChanged shows the connection in the top bar and the banner,
// and tells the pages.
func (u *ConsoleUI) connectionChanged() {
	if u.stateL == nil {
		return
	}
	u.stateL.SetText(u.stateText())
	u.stateL.Importance = widget.SuccessImportance
	if u.offline {
		u.stateL.Importance = widget.WarningImportance
		u.bannerT.SetText(u.bannerText())
		u.banner.Show()
	} else {
		u.banner.Hide()
	}
	u.stateL.Refresh()
	for _, s := range u.screens {
		s.connectionChanged()
	}
}

// stateText is the top bar's connection state.
func (u *ConsoleUI) stateText() string {
	if !u.offline {
		return i18n.T("bureau_console.state.online")
	}
	return i18n.T("bureau_console.state.offline", u.asOf())
}

// asOf is 数据截至 <time> of the copy shown.
func (u *ConsoleUI) asOf() string {
	if u.fetchedAt.IsZero() {
		return i18n.T("bureau_console.as_of_none")
	}
	return i18n.T("bureau_console.as_of", app.FormatMinute(u.fetchedAt))
}

// bannerText says plainly that the hub cannot be reached, what is shown
// and why nothing can be changed.
func (u *ConsoleUI) bannerText() string {
	return i18n.T("bureau_console.banner", u.cfg.HubURL, u.asOf())
}

// can reports whether the account may do act (app.BureauCan, the rule
// the hub checks): the actions it may not do are not shown.
func (u *ConsoleUI) can(act app.BureauAction) bool {
	return app.BureauCan(u.account, act) == nil
}

// setActions enables the buttons of changes while the hub answers;
// offline they stay in view, disabled, the banner saying why.
func (u *ConsoleUI) setActions(enabled bool, buttons ...*widget.Button) {
	for _, b := range buttons {
		if b == nil {
			continue
		}
		if enabled && !u.offline {
			b.Enable()
		} else {
			b.Disable()
		}
	}
}

// consolePage is one entry of the console's navigation; further pages
// (the district's surveys, its cockpit) are added to consolePages.
type consolePage struct {
	id    string
	label string
	icon  fyne.Resource
	build func() consoleScreen
}

// consolePages lists the console's pages, in order.
func (u *ConsoleUI) consolePages() []consolePage {
	return []consolePage{
		{consolePageCockpit, i18n.T("bureau_cockpit.nav"), theme.GridIcon(), func() consoleScreen { return newConsoleCockpit(u) }},
		{consolePageNotices, i18n.T("bureau_console.nav.notices"), theme.MailSendIcon(),
			func() consoleScreen { return newConsoleNotices(u) }},
		{consolePageSurveys, i18n.T("console_survey.nav"), theme.DocumentIcon(), func() consoleScreen { return newConsoleSurveys(u) }},
		{consolePageRequests, i18n.T("console_request.nav"), theme.ConfirmIcon(), func() consoleScreen { return newConsoleRequests(u) }},
		{consolePageCourses, i18n.T("console_course.nav"), theme.MediaVideoIcon(), func() consoleScreen { return newConsoleCourses(u) }},
		{consolePageOrgs, i18n.T("bureau_console.nav.orgs"), theme.HomeIcon(),
			func() consoleScreen { return newConsoleOrgs(u) }},
		{consolePageSettings, i18n.T("bureau_console.nav.settings"), theme.SettingsIcon(),
			func() consoleScreen { return newConsoleSettings(u) }},
	}
}

func (u *ConsoleUI) mainView() fyne.CanvasObject {
	u.screens = make(map[string]consoleScreen)
	u.navBtns = make(map[string]*widget.Button)
	u.holder = container.NewStack()
	nav := container.NewVBox()
	for _, p := range u.consolePages() {
		b := widget.NewButtonWithIcon(p.label, p.icon, func() { u.selectPage(p.id) })
		b.Alignment = widget.ButtonAlignLeading
		u.navBtns[p.id] = b
		nav.Add(b)
	}
	navWidth := canvas.NewRectangle(nil)
	navWidth.SetMinSize(fyne.NewSize(170, 0))
	left := container.NewHBox(container.NewStack(newHeaderBackground(), navWidth, container.NewVScroll(container.NewPadded(nav))), widget.NewSeparator())

	u.bannerT = newWrapLabel("")
	u.bannerT.Importance = widget.WarningImportance
	retry := widget.NewButtonWithIcon(i18n.T("bureau_console.retry"), theme.ViewRefreshIcon(), u.retry)
	u.banner = container.NewVBox(container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), retry, u.bannerT), widget.NewSeparator())
	u.banner.Hide()

	top := u.topBar()
	u.selectPage(u.page)
	if u.offline {
		u.connectionChanged()
	}
	return container.NewBorder(top, nil, left, nil, container.NewBorder(u.banner, nil, nil, nil, container.NewPadded(u.holder)))
}

func (u *ConsoleUI) topBar() fyne.CanvasObject {
	title := widget.NewLabelWithStyle(i18n.T("bureau_console.name"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameSubHeadingText
	hub := widget.NewLabel(u.cfg.HubURL)
	hub.Truncation = fyne.TextTruncateEllipsis
	u.stateL = widget.NewLabel(u.stateText())
	u.stateL.Importance = widget.SuccessImportance
	leftItems := container.NewHBox(widget.NewIcon(theme.ComputerIcon()), title, u.stateL)
	user := widget.NewLabel(i18n.T("shell.user", u.account.Username, bureauRoleName(u.account.Role)))
	logout := widget.NewButtonWithIcon(i18n.T("shell.logout"), theme.LogoutIcon(), u.logout)
	right := container.NewHBox(widget.NewIcon(theme.AccountIcon()), user, logout)
	bar := container.NewStack(newHeaderBackground(), container.NewPadded(container.NewBorder(nil, nil, leftItems, right, hub)))
	return container.NewVBox(bar, widget.NewSeparator())
}

// bureauRoleName is a role in the user's language; "" (browsing the copy
// offline, the hub not asked) reads as not known.
func bureauRoleName(r app.BureauRole) string {
	if !r.Valid() {
		return i18n.T("bureau_console.role.unknown")
	}
	return i18n.T("hub_accounts.role." + string(r))
}

// selectPage shows a page, building it the first time.
func (u *ConsoleUI) selectPage(id string) {
	s, ok := u.screens[id]
	if !ok {
		for _, p := range u.consolePages() {
			if p.id == id {
				s = p.build()
			}
		}
		if s == nil {
			return
		}
		u.screens[id] = s
	}
	u.page = id
	switch s := s.(type) {
	case *consoleOrgs:
		u.orgs = s
	case *consoleNotices:
		u.notices = s
	case *consoleSettings:
		u.settings = s
	}
	for pid, b := range u.navBtns {
		b.Importance = widget.LowImportance
		if pid == id {
			b.Importance = widget.HighImportance
		}
		b.Refresh()
	}
	u.holder.Objects = []fyne.CanvasObject{s.Content()}
	u.holder.Refresh()
}

// retry asks the hub again for what the page shows; browsing the copy,
// it goes back to the login to connect.
func (u *ConsoleUI) retry() {
	if u.account.Role == "" {
		u.toLogin(nil)
		return
	}
	if r, ok := u.screens[u.page].(interface{ reload() }); ok {
		r.reload()
	}
}

// setLanguage switches the language and rebuilds the window; the officer
// stays logged in and on the same page.
func (u *ConsoleUI) setLanguage(lang string) {
	useLanguage(lang)
	u.app.Preferences().SetString(PrefLanguage, i18n.Language())
	u.screens = nil
	u.render()
}

// setTheme applies and saves a theme mode.
func (u *ConsoleUI) setTheme(mode string) {
	u.app.Preferences().SetString(PrefTheme, mode)
	u.app.Settings().SetTheme(NewTheme(mode))
}

// forget removes the console's files and goes back to the first run's
// choice.
func (u *ConsoleUI) forget() {
	if u.opts.Forget != nil {
		if err := u.opts.Forget(); err != nil {
			u.env.ShowError(err)
			return
		}
	}
	c := u.opts.Console
	runAsync(func() { _ = c.Logout(context.Background()) })
	if u.opts.OnForgotten != nil {
		u.opts.OnForgotten()
	}
}

// consoleLoad reads a page's data off the UI goroutine with fetch and
// hands it to show, from the hub or its copy (the connection's state
// follows); an error shows in errL, and the count line, if any, empties.
// The refresh button, if any, waits meanwhile.
func consoleLoad[T any](u *ConsoleUI, refresh *widget.Button, errL *wrapLabel, count *widget.Label,
	fetch func(app.BureauConsole, context.Context) (T, error), show func(T)) {
	if refresh != nil {
		refresh.Disable()
	}
	c := u.opts.Console
	runAsync(func() {
		v, err := fetch(c, context.Background())
		fyne.Do(func() {
			if refresh != nil {
				refresh.Enable()
			}
			if !u.fetched(err) {
				showInline(errL, err)
				if count != nil {
					count.SetText("")
				}
				return
			}
			showInline(errL, nil)
			show(v)
		})
	})
}

// sampledColumns are a console table's columns, measured on the first
// rows; the one at text takes the width left.
func sampledColumns(headers []string, rows [][]string, text int) []column {
	cols := make([]column, len(headers))
	for c, h := range headers {
		cols[c] = column{header: h, kind: colFit}
		for i, r := range rows {
			if i == measuredRows {
				break
			}
			cols[c].samples = append(cols[c].samples, r[c])
		}
	}
	cols[text].kind = colText
	return cols
}
