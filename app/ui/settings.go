package ui

import (
	"errors"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// AuditLimit is how many of the newest audit entries the settings show.
const AuditLimit = 50

// SettingsOptions is what the settings screen needs from the shell.
type SettingsOptions struct {
	DataDir    string
	Version    string
	OnLanguage func(lang string) // saves and applies a language
	OnTheme    func(mode string) // saves and applies a theme mode
	// OnIdleLock is told the idle time an admin chose, once saved.
	OnIdleLock func(time.Duration)
}

// SettingsScreen shows the language, theme, data folder and version, and
// for an admin or principal the latest changes from the audit log.
type SettingsScreen struct {
	env  *Env
	opts SettingsOptions

	content fyne.CanvasObject
	lang    *widget.RadioGroup
	langs   map[string]string // label → language
	theme   *widget.RadioGroup
	themes  map[string]string // label → mode

	passwordB *widget.Button
	password  *passwordForm // the open 修改密码 dialog's fields, for tests

	// the idle lock: a choice for an admin, a text for the others
	idleSelect *widget.Select
	idleText   *widget.Label

	audit      *widget.Table
	auditRows  [][]string
	auditNote  *widget.Label
	auditCheck *widget.Label // the warning of a broken chain; hidden when intact
}

// NewSettingsScreen builds the settings screen.
func NewSettingsScreen(env *Env, opts SettingsOptions) *SettingsScreen {
	s := &SettingsScreen{env: env, opts: opts}
	s.build()
	return s
}

// Content returns the screen's widgets.
func (s *SettingsScreen) Content() fyne.CanvasObject { return s.content }

func (s *SettingsScreen) build() {
	prefs := s.env.App.Preferences()

	s.langs = map[string]string{}
	var langLabels []string
	for _, l := range i18n.Languages {
		label := languageName(l)
		s.langs[label] = l
		langLabels = append(langLabels, label)
	}
	s.lang = widget.NewRadioGroup(langLabels, nil)
	s.lang.Horizontal = true
	s.lang.Required = true
	s.lang.Selected = languageName(i18n.Language())
	s.lang.OnChanged = func(label string) {
		if lang, ok := s.langs[label]; ok && lang != i18n.Language() && s.opts.OnLanguage != nil {
			s.opts.OnLanguage(lang)
		}
	}

	s.themes = map[string]string{}
	var themeLabels []string
	for _, m := range ThemeModes {
		label := themeName(m)
		s.themes[label] = m
		themeLabels = append(themeLabels, label)
	}
	current := prefs.StringWithFallback(PrefTheme, ThemeSystem)
	s.theme = widget.NewRadioGroup(themeLabels, nil)
	s.theme.Horizontal = true
	s.theme.Required = true
	s.theme.Selected = themeName(current)
	s.theme.OnChanged = func(label string) {
		if mode, ok := s.themes[label]; ok && mode != current && s.opts.OnTheme != nil {
			current = mode
			s.opts.OnTheme(mode)
		}
	}

	look := widget.NewCard(i18n.T("settings.look"), "", widget.NewForm(
		widget.NewFormItem(i18n.T("settings.language"), s.lang),
		widget.NewFormItem(i18n.T("settings.theme"), s.theme),
	))

	dataDir := widget.NewLabel(s.opts.DataDir)
	if s.opts.DataDir == "" {
		dataDir.SetText(i18n.T("settings.unknown"))
	}
	dataDir.Selectable = true
	dataDir.Wrapping = fyne.TextWrapBreak
	version := widget.NewLabel(s.opts.Version)
	if s.opts.Version == "" {
		version.SetText(i18n.T("settings.unknown"))
	}
	s.passwordB = widget.NewButtonWithIcon(i18n.T("settings.password.change"), theme.AccountIcon(), s.showPasswordDialog)
	about := widget.NewCard(i18n.T("settings.about"), "", widget.NewForm(
		widget.NewFormItem(i18n.T("settings.account"), container.NewHBox(widget.NewLabel(s.env.Account.Username), s.passwordB)),
		widget.NewFormItem(i18n.T("settings.idle_lock"), s.buildIdleLock()),
		widget.NewFormItem(i18n.T("settings.version"), version),
		widget.NewFormItem(i18n.T("settings.data_dir"), dataDir),
	))

	// side by side, the language and theme at their natural width: equal
	// columns would be too wide for the window with the English labels
	top := container.NewVBox(pageTitle(i18n.T("nav.settings")), container.NewBorder(nil, nil, look, nil, about))
	if !s.env.Account.ReadsAll() {
		s.content = container.NewBorder(top, nil, nil, nil)
		return
	}
	s.content = container.NewBorder(top, nil, nil, nil, s.buildAudit())
	s.loadAudit()
}

// buildIdleLock shows the idle time before the window locks: a choice for
// an admin (the school's rule), its value for the others.
func (s *SettingsScreen) buildIdleLock() fyne.CanvasObject {
	ctx, svc := s.env.Ctx(), s.env.Services.Accounts
	s.idleText = widget.NewLabel(i18n.T("settings.loading"))
	if s.env.Account.IsAdmin() {
		labels := make([]string, len(app.IdleLockChoices))
		for i, d := range app.IdleLockChoices {
			labels[i] = idleLabel(d)
		}
		s.idleSelect = widget.NewSelect(labels, nil)
		s.idleSelect.Disable() // until the current value is read
	}
	runAsync(func() {
		d, err := svc.IdleLock(ctx)
		fyne.Do(func() {
			if err != nil {
				s.idleText.SetText(i18n.Err(err))
				return
			}
			s.idleText.SetText(i18n.T("settings.idle_lock.other", int(d/time.Minute)))
			if s.idleSelect == nil {
				return
			}
			s.idleSelect.SetSelected(idleLabel(d))
			s.idleSelect.OnChanged = func(label string) { s.setIdleLock(label) }
			s.idleSelect.Enable()
		})
	})
	if s.idleSelect != nil {
		return s.idleSelect
	}
	return s.idleText
}

func idleLabel(d time.Duration) string {
	return i18n.T("settings.idle_lock.minutes", int(d/time.Minute))
}

// setIdleLock saves the idle time an admin chose.
func (s *SettingsScreen) setIdleLock(label string) {
	for _, d := range app.IdleLockChoices {
		if idleLabel(d) != label {
			continue
		}
		ctx, svc := s.env.Ctx(), s.env.Services.Accounts
		runAsync(func() {
			err := svc.SetIdleLock(ctx, d)
			fyne.Do(func() {
				if err != nil {
					s.env.ShowError(err)
					return
				}
				if s.opts.OnIdleLock != nil {
					s.opts.OnIdleLock(d)
				}
			})
		})
		return
	}
}

func languageName(lang string) string {
	if lang == i18n.English {
		return i18n.T("settings.language.en")
	}
	return i18n.T("settings.language.zh")
}

func themeName(mode string) string {
	switch mode {
	case ThemeLight:
		return i18n.T("settings.theme.light")
	case ThemeDark:
		return i18n.T("settings.theme.dark")
	}
	return i18n.T("settings.theme.system")
}

var auditColumns = []struct {
	key   string
	width float32
}{
	{"settings.audit.time", 160},
	{"settings.audit.actor", 130},
	{"settings.audit.action", 190},
	{"settings.audit.detail", 420},
}

func (s *SettingsScreen) buildAudit() fyne.CanvasObject {
	headers := []string{
		i18n.T("settings.audit.time"), i18n.T("settings.audit.actor"),
		i18n.T("settings.audit.action"), i18n.T("settings.audit.detail"),
	}
	s.audit = widget.NewTableWithHeaders(
		func() (int, int) { return len(s.auditRows), len(auditColumns) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			if id.Row >= 0 && id.Row < len(s.auditRows) {
				o.(*widget.Label).SetText(s.auditRows[id.Row][id.Col])
			}
		})
	s.audit.ShowHeaderColumn = false
	s.audit.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	s.audit.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 && id.Col < len(headers) {
			o.(*widget.Label).SetText(headers[id.Col])
		}
	}
	for i, c := range auditColumns {
		s.audit.SetColumnWidth(i, c.width)
	}
	s.auditNote = widget.NewLabel(i18n.T("settings.audit.loading"))
	s.auditCheck = widget.NewLabel("")
	s.auditCheck.Wrapping = fyne.TextWrapWord
	s.auditCheck.Importance = widget.DangerImportance
	s.auditCheck.Hide()
	title := widget.NewLabelWithStyle(i18n.T("settings.audit.title", AuditLimit), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	refresh := widget.NewButtonWithIcon(i18n.T("settings.audit.refresh"), theme.ViewRefreshIcon(), s.loadAudit)
	head := container.NewVBox(container.NewBorder(nil, nil, title, refresh), s.auditCheck)
	return container.NewBorder(head, nil, nil, nil, container.NewStack(s.audit, container.NewCenter(s.auditNote)))
}

// loadAudit reads the newest audit entries and checks the whole chain,
// off the UI goroutine.
func (s *SettingsScreen) loadAudit() {
	ctx, svc := s.env.Ctx(), s.env.Services.Audit
	runAsync(func() {
		check, err := svc.VerifyAudit(ctx)
		if err == nil {
			err = check.Problem()
		}
		fyne.Do(func() { s.showAuditCheck(err) })
	})
	runAsync(func() {
		entries, err := svc.AuditLog(ctx, AuditLimit)
		rows := auditRows(entries)
		fyne.Do(func() {
			if err != nil {
				s.auditNote.SetText(i18n.Err(err))
				s.auditNote.Show()
				s.env.ShowError(err)
				return
			}
			s.auditRows = rows
			if len(rows) == 0 {
				s.auditNote.SetText(i18n.T("settings.audit.empty"))
				s.auditNote.Show()
			} else {
				s.auditNote.Hide()
			}
			s.audit.Refresh()
		})
	})
}

// showAuditCheck shows a broken chain (or a check that failed) as a
// warning above the log; nothing when the chain is intact.
func (s *SettingsScreen) showAuditCheck(problem error) {
	if problem == nil {
		s.auditCheck.Hide()
		return
	}
	s.auditCheck.SetText(i18n.T("settings.audit.warning") + i18n.Err(problem))
	s.auditCheck.Show()
}

// auditRows formats entries for the table: local time, actor, the action
// in the user's language where it has a translation, detail.
func auditRows(entries []*app.AuditEntry) [][]string {
	rows := make([][]string, 0, len(entries))
	for _, e := range entries {
		action := e.Action
		if key := "audit." + e.Action; i18n.Has(i18n.Language(), key) {
			action = i18n.T(key)
		}
		detail := e.Detail
		if detail == "" {
			detail = e.Target
		}
		rows = append(rows, []string{e.At.Local().Format("2006-01-02 15:04"), e.Actor, action, detail})
	}
	return rows
}

// passwordForm holds the fields of the change-password dialog.
type passwordForm struct {
	current, next, repeat *widget.Entry
	submit                func()
}

// showPasswordDialog asks for the current password and the new one twice
// and changes the logged-in account's own password.
func (s *SettingsScreen) showPasswordDialog() {
	f := &passwordForm{current: widget.NewPasswordEntry(), next: widget.NewPasswordEntry(), repeat: widget.NewPasswordEntry()}
	f.repeat.Validator = func(text string) error {
		if text != f.next.Text {
			return errors.New(i18n.T("settings.password.mismatch"))
		}
		return nil
	}
	s.password = f
	items := []*widget.FormItem{
		widget.NewFormItem(i18n.T("settings.password.current"), f.current),
		widget.NewFormItem(i18n.T("settings.password.new"), f.next),
		widget.NewFormItem(i18n.T("settings.password.repeat"), f.repeat),
	}
	f.submit = func() {
		ctx, svc := s.env.Ctx(), s.env.Services.Accounts
		current, next := f.current.Text, f.next.Text
		runAsync(func() {
			err := svc.ChangePassword(ctx, current, next)
			fyne.Do(func() {
				if err != nil {
					s.env.ShowError(err)
					return
				}
				s.env.ShowInfo(i18n.T("settings.password.change"), i18n.T("settings.password.done"))
			})
		})
	}
	d := dialog.NewForm(i18n.T("settings.password.change"), i18n.T("settings.password.save"), i18n.T("settings.password.cancel"),
		items, func(ok bool) {
			if ok {
				f.submit()
			}
		}, s.env.Window)
	d.Resize(fyne.NewSize(420, d.MinSize().Height))
	d.Show()
}
