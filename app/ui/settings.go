package ui

import (
	"context"
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

// SettingsOptions is what the settings screen needs from the shell.
type SettingsOptions struct {
	DataDir    string
	Version    string
	OnLanguage func(lang string) // saves and applies a language
	OnTheme    func(mode string) // saves and applies a theme mode
	// OnIdleLock is told the idle time an admin chose, once saved.
	OnIdleLock func(time.Duration)
	// InstallUpdate installs the new version ready (Options.InstallUpdate).
	InstallUpdate func(ctx context.Context) error
	// Desktop is the tray and the start at login; nil hides the card.
	Desktop DesktopHooks
}

// SettingsScreen shows the language, theme, data folder and version, and
// for an admin or principal the way to the records (操作记录) and a
// warning when they were tampered with.
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

	// the idle lock: a choice for an admin once it is read, a text for
	// the others and until then
	idleSelect *widget.Select
	idleText   *widget.Label

	root       *fyne.Container // the settings, or the records opened from them
	auditCheck *wrapLabel      // the warning of a broken chain; hidden when intact
	audit      *AuditScreen    // the records, once opened

	update  *updateCard  // a new version from the hub (settings_update.go); nil when not shown
	desktop *desktopCard // staying in the tray, starting at login
}

// NewSettingsScreen builds the settings screen.
func NewSettingsScreen(env *Env, opts SettingsOptions) *SettingsScreen {
	s := &SettingsScreen{env: env, opts: opts}
	s.build()
	return s
}

// Content returns the screen's widgets.
func (s *SettingsScreen) Content() fyne.CanvasObject { return s.root }

func (s *SettingsScreen) build() {
	prefs := s.env.App.Preferences()

	look := newLookChoices(prefs, s.opts.OnLanguage, s.opts.OnTheme)
	s.lang, s.langs, s.theme, s.themes = look.lang, look.langs, look.theme, look.themes

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
	top := container.NewVBox(pageTitle(i18n.T("nav.settings")), container.NewBorder(nil, nil, look.card, nil, about))
	if u := s.buildUpdate(); u != nil {
		top.Add(u)
	}
	if s.opts.Desktop != nil {
		s.desktop = newDesktopCard(s.env, s.opts.Desktop)
		top.Add(s.desktop.card)
	}
	if s.env.Account.ReadsAll() {
		top.Add(s.buildAudit())
	}
	// the cards scroll: with the desktop's and a new version's they are
	// taller than a small laptop's window
	s.content = container.NewVScroll(top)
	s.root = container.NewStack(s.content)
}

// lookChoices is the language and theme choice of the settings, the
// school's and the bureau console's alike.
type lookChoices struct {
	card   *widget.Card
	lang   *widget.RadioGroup
	langs  map[string]string // label → language
	theme  *widget.RadioGroup
	themes map[string]string // label → mode
}

// newLookChoices builds the choice on prefs; onLanguage and onTheme save
// and apply a choice.
func newLookChoices(prefs fyne.Preferences, onLanguage, onTheme func(string)) *lookChoices {
	c := &lookChoices{}
	c.langs = map[string]string{}
	var langLabels []string
	for _, l := range i18n.Languages {
		label := languageName(l)
		c.langs[label] = l
		langLabels = append(langLabels, label)
	}
	c.lang = widget.NewRadioGroup(langLabels, nil)
	c.lang.Horizontal = true
	c.lang.Required = true
	c.lang.Selected = languageName(i18n.Language())
	c.lang.OnChanged = func(label string) {
		if lang, ok := c.langs[label]; ok && lang != i18n.Language() && onLanguage != nil {
			onLanguage(lang)
		}
	}

	c.themes = map[string]string{}
	var themeLabels []string
	for _, m := range ThemeModes {
		label := themeName(m)
		c.themes[label] = m
		themeLabels = append(themeLabels, label)
	}
	current := prefs.StringWithFallback(PrefTheme, ThemeSystem)
	c.theme = widget.NewRadioGroup(themeLabels, nil)
	c.theme.Horizontal = true
	c.theme.Required = true
	c.theme.Selected = themeName(current)
	c.theme.OnChanged = func(label string) {
		if mode, ok := c.themes[label]; ok && mode != current && onTheme != nil {
			current = mode
			onTheme(mode)
		}
	}

	c.card = widget.NewCard(i18n.T("settings.look"), "", widget.NewForm(
		widget.NewFormItem(i18n.T("settings.language"), c.lang),
		widget.NewFormItem(i18n.T("settings.theme"), c.theme),
	))
	return c
}

// buildIdleLock shows the idle time before the window locks: a choice for
// an admin (the school's rule), its value for the others. Until it is
// read the line says so, or why it could not be read.
func (s *SettingsScreen) buildIdleLock() fyne.CanvasObject {
	ctx, svc := s.env.Ctx(), s.env.Services.Accounts
	s.idleText = widget.NewLabel(i18n.T("settings.loading"))
	box := container.NewStack(s.idleText)
	runAsync(func() {
		d, err := svc.IdleLock(ctx)
		fyne.Do(func() {
			if err != nil {
				s.idleText.SetText(i18n.Err(err))
				return
			}
			s.idleText.SetText(i18n.T("settings.idle_lock.other", int(d/time.Minute)))
			if !s.env.Account.IsAdmin() {
				return
			}
			labels := make([]string, len(app.IdleLockChoices))
			for i, c := range app.IdleLockChoices {
				labels[i] = idleLabel(c)
			}
			s.idleSelect = widget.NewSelect(labels, nil)
			s.idleSelect.SetSelected(idleLabel(d))
			s.idleSelect.OnChanged = func(label string) { s.setIdleLock(label) }
			box.Objects = []fyne.CanvasObject{s.idleSelect}
			box.Refresh()
		})
	})
	return box
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

// buildAudit is the way to the records, with the warning of a broken
// chain, checked as the settings open.
func (s *SettingsScreen) buildAudit() fyne.CanvasObject {
	s.auditCheck = newAuditWarning()
	checkAudit(s.env, s.auditCheck)
	open := widget.NewButtonWithIcon(i18n.T("auditpage.open"), theme.HistoryIcon(), s.OpenAudit)
	return widget.NewCard(i18n.T("auditpage.title"), "", container.NewVBox(
		container.NewBorder(nil, nil, nil, open, newWrapLabel(i18n.T("auditpage.about"))), s.auditCheck))
}

// OpenAudit shows the records in place of the settings.
func (s *SettingsScreen) OpenAudit() {
	s.audit = NewAuditScreen(s.env, func() {
		s.audit = nil
		s.root.Objects = []fyne.CanvasObject{s.content}
		s.root.Refresh()
	})
	s.root.Objects = []fyne.CanvasObject{s.audit.Content()}
	s.root.Refresh()
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
