package ui

import (
	"context"
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// consoleLogin connects the console to the hub: its address, a username
// and a password. A self-signed hub's fingerprint is shown to compare
// with what the hub's IT gave, and pinned only when the officer accepts
// it, as SSH does.
type consoleLogin struct {
	u *ConsoleUI

	hub      *widget.Entry
	username *widget.Entry
	password *widget.Entry
	submitB  *widget.Button
	errLabel *wrapLabel

	// the question of a certificate no authority vouches for
	trustBox    *fyne.Container
	trustFP     *wrapLabel
	acceptB     *widget.Button
	refuseB     *widget.Button
	offered     string // the fingerprint asked about
	accepted    string // the fingerprint the officer accepted, for acceptedFor
	acceptedFor string

	browseB *widget.Button // the copy, while the hub cannot be reached
	backB   *widget.Button // back to the first run's choice, before any hub
}

func newConsoleLogin(u *ConsoleUI) *consoleLogin {
	return &consoleLogin{u: u}
}

func (s *consoleLogin) Content() fyne.CanvasObject {
	title := newWrapLabelWithStyle(i18n.T("bureau_console.name"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameHeadingText
	sub := newWrapLabelWithStyle(i18n.T("bureau_console.login.subtitle"), fyne.TextAlignCenter, fyne.TextStyle{})

	s.hub = widget.NewEntry()
	s.hub.SetPlaceHolder(i18n.T("bureau_console.login.hub_hint"))
	s.hub.SetText(s.u.cfg.HubURL)
	s.hub.OnChanged = func(string) { s.hideTrust() }
	s.username = widget.NewEntry()
	s.username.SetText(s.u.cfg.Username)
	s.password = widget.NewPasswordEntry()
	s.password.OnSubmitted = func(string) { s.submit() }
	s.errLabel = errorLabel()
	s.submitB = widget.NewButtonWithIcon(i18n.T("login.submit"), theme.LoginIcon(), s.submit)
	s.submitB.Importance = widget.HighImportance
	s.browseB = widget.NewButtonWithIcon(i18n.T("bureau_console.login.browse"), theme.HistoryIcon(), s.browse)
	s.browseB.Hide()

	s.trustFP = newWrapLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Monospace: true})
	s.acceptB = widget.NewButtonWithIcon(i18n.T("bureau_console.trust.accept"), theme.ConfirmIcon(), s.accept)
	s.acceptB.Importance = widget.WarningImportance
	s.refuseB = widget.NewButtonWithIcon(i18n.T("bureau_console.trust.refuse"), theme.CancelIcon(), s.refuse)
	s.trustBox = container.NewVBox(widget.NewSeparator(), newWrapLabel(i18n.T("bureau_console.trust.intro")), s.trustFP,
		newWrapLabel(i18n.T("bureau_console.trust.compare")), container.NewHBox(layout.NewSpacer(), s.refuseB, s.acceptB))
	s.trustBox.Hide()

	form := widget.NewForm(
		widget.NewFormItem(i18n.T("bureau_console.login.hub"), s.hub),
		widget.NewFormItem(i18n.T("login.username"), s.username),
		widget.NewFormItem(i18n.T("login.password"), s.password),
	)
	buttons := container.NewHBox(layout.NewSpacer(), s.browseB, s.submitB)
	if s.u.cfg.HubURL == "" && s.u.opts.OnForgotten != nil {
		// chosen at the first run, never connected: the way back
		s.backB = widget.NewButtonWithIcon(i18n.T("bureau_console.login.back"), theme.NavigateBackIcon(), s.u.forget)
		buttons = container.NewHBox(s.backB, layout.NewSpacer(), s.browseB, s.submitB)
	}
	box := container.NewVBox(title, sub, widget.NewCard("", "", container.NewVBox(form, s.errLabel, s.trustBox, buttons)))
	return container.NewVScroll(container.NewCenter(container.New(minWidth(520), container.NewPadded(box))))
}

// focus puts the cursor in the first field to fill.
func (s *consoleLogin) focus() {
	c := s.u.win.Canvas()
	switch {
	case c == nil:
	case s.hub.Text == "":
		c.Focus(s.hub)
	case s.username.Text == "":
		c.Focus(s.username)
	default:
		c.Focus(s.password)
	}
}

func (s *consoleLogin) submit() {
	if s.submitB.Disabled() {
		return
	}
	l := app.BureauLogin{HubURL: strings.TrimSpace(s.hub.Text), Username: strings.TrimSpace(s.username.Text), Password: s.password.Text}
	if l.HubURL == "" || l.Username == "" || l.Password == "" {
		showInline(s.errLabel, app.Errorf(app.EINVALID, "bureau_console.login.missing"))
		return
	}
	l.Trust = s.trustFor(l.HubURL)
	showInline(s.errLabel, nil)
	s.browseB.Hide()
	s.setBusy(true)
	c := s.u.opts.Console
	runAsync(func() {
		sess, err := c.Login(context.Background(), l)
		fyne.Do(func() {
			s.setBusy(false)
			if err != nil {
				s.failed(l, err)
				return
			}
			s.u.saveConfig(app.ConsoleConfig{HubURL: l.HubURL, Fingerprint: l.Trust.Fingerprint, Username: l.Username})
			s.u.loggedIn(sess.Account, false)
		})
	})
}

// failed shows why the login did not work, in place: a certificate to
// compare, or the client's words (a wrong password, a locked account, a
// changed certificate, a hub that cannot be reached, with the way to its
// copy).
func (s *consoleLogin) failed(l app.BureauLogin, err error) {
	var ce *app.HubCertError
	if errors.As(err, &ce) && ce.Problem == app.CertUnknownAuthority && ce.Fingerprint != "" {
		s.offered = ce.Fingerprint
		s.trustFP.SetText(fingerprintLines(ce.Fingerprint, 16))
		s.trustBox.Show()
		showInline(s.errLabel, nil)
		return
	}
	showInline(s.errLabel, err)
	if app.ErrorCode(err) == app.EUNAUTHORIZED || app.ErrorCode(err) == app.EFORBIDDEN {
		s.password.SetText("")
	}
	if app.BureauOffline(err) && l.HubURL == s.u.cfg.HubURL && s.u.opts.Console.Kept(l.HubURL) {
		// the client's words point at data shown below, which the login
		// is not: they name the way to it instead
		showInline(s.errLabel, &app.Error{Code: app.EINTERNAL, Key: "bureau_console.login.offline_kept", Args: []any{l.HubURL}, Err: err})
		s.browseB.Show()
	}
}

// trustFor is how hubURL is trusted: by the fingerprint the officer
// accepted for it now, else the one console.json keeps for it, else as
// the system's authorities say.
func (s *consoleLogin) trustFor(hubURL string) app.HubTrust {
	switch hubURL {
	case s.acceptedFor:
		return app.HubTrust{Fingerprint: s.accepted}
	case s.u.cfg.HubURL:
		return app.HubTrust{Fingerprint: s.u.cfg.Fingerprint}
	}
	return app.HubTrust{}
}

// accept pins the fingerprint shown and logs in with it; console.json
// keeps it once the login works.
func (s *consoleLogin) accept() {
	s.accepted, s.acceptedFor = s.offered, strings.TrimSpace(s.hub.Text)
	s.hideTrust()
	s.submit()
}

// refuse leaves the hub untrusted: nothing is kept.
func (s *consoleLogin) refuse() {
	s.hideTrust()
	showInline(s.errLabel, app.Errorf(app.EFORBIDDEN, "bureau_console.trust.refused"))
}

func (s *consoleLogin) hideTrust() {
	if s.trustBox != nil {
		s.trustBox.Hide()
	}
}

// browse opens the pages on the copy, read-only.
func (s *consoleLogin) browse() {
	if !s.u.opts.Console.Browse(s.u.cfg.HubURL) {
		s.browseB.Hide()
		return
	}
	s.u.loggedIn(&app.BureauAccount{Username: s.u.cfg.Username}, true)
}

func (s *consoleLogin) setBusy(busy bool) {
	setChecking(busy, s.submitB, s.hub, s.username, s.password)
}

// fingerprintLines writes a fingerprint (SHA256: and 32 bytes) with its
// prefix on a line of its own, then lines of perLine bytes, to compare
// group by group: wrapped where the window ends, it would break inside a
// byte.
func fingerprintLines(fp string, perLine int) string {
	prefix, hex, ok := strings.Cut(fp, ":")
	parts := strings.Split(hex, ":")
	if !ok || len(parts) < 2 || perLine < 1 {
		return fp
	}
	var lines []string
	for start := 0; start < len(parts); start += perLine {
		lines = append(lines, strings.Join(parts[start:min(start+perLine, len(parts))], ":"))
	}
	return prefix + ":\n" + strings.Join(lines, ":\n")
}
