package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app/i18n"
)

// consoleSettings is the console's 设置: the language and theme (the
// school's choice), the hub and the account logged in, logging out and
// forgetting the hub (back to the first run's choice).
type consoleSettings struct {
	u       *ConsoleUI
	look    *lookChoices
	logoutB *widget.Button
	forgetB *widget.Button
	root    fyne.CanvasObject
}

func newConsoleSettings(u *ConsoleUI) *consoleSettings {
	s := &consoleSettings{u: u}
	s.look = newLookChoices(u.app.Preferences(), u.setLanguage, u.setTheme)

	fp := fingerprintLines(u.cfg.Fingerprint, 8) // the card is narrow
	if fp == "" {
		fp = i18n.T("bureau_console.settings.no_pin")
	}
	hub := selectableWrap(u.cfg.HubURL)
	pin := selectableWrap(fp)
	pin.TextStyle.Monospace = true
	account := widget.NewLabel(i18n.T("shell.user", u.account.Username, bureauRoleName(u.account.Role)))
	s.logoutB = widget.NewButtonWithIcon(i18n.T("shell.logout"), theme.LogoutIcon(), u.logout)
	s.forgetB = widget.NewButtonWithIcon(i18n.T("bureau_console.settings.forget"), theme.DeleteIcon(), s.askForget)
	s.forgetB.Importance = widget.DangerImportance
	version := widget.NewLabel(u.opts.Version)
	dataDir := selectableWrap(u.opts.DataDir)
	hubCard := widget.NewCard(i18n.T("bureau_console.settings.hub"), "", container.NewVBox(widget.NewForm(
		widget.NewFormItem(i18n.T("bureau_console.login.hub"), hub),
		widget.NewFormItem(i18n.T("bureau_console.settings.fingerprint"), pin),
		widget.NewFormItem(i18n.T("settings.account"), account),
		widget.NewFormItem(i18n.T("settings.version"), version),
		widget.NewFormItem(i18n.T("settings.data_dir"), dataDir),
	), container.NewHBox(s.logoutB, dangerGroup(s.forgetB))))
	top := container.NewVBox(pageTitle(i18n.T("bureau_console.nav.settings")), container.NewBorder(nil, nil, s.look.card, nil, hubCard))
	s.root = container.NewBorder(top, nil, nil, nil)
	return s
}

// selectableWrap is a value to read and copy (an address, a
// fingerprint, a folder) that wraps in a narrow window.
func selectableWrap(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Selectable = true
	l.Wrapping = fyne.TextWrapBreak
	return l
}

func (s *consoleSettings) Content() fyne.CanvasObject { return s.root }
func (s *consoleSettings) connectionChanged()         {}

// askForget asks before forgetting the hub: console.json and the copy
// go; a school's data in the folder stays.
func (s *consoleSettings) askForget() {
	confirmDanger(s.u.win, i18n.T("bureau_console.settings.forget"), confirmText(i18n.T("bureau_console.settings.forget_confirm", s.u.cfg.HubURL)),
		i18n.T("bureau_console.settings.forget_submit"), func(ok bool) {
			if ok {
				s.u.forget()
			}
		})
}
