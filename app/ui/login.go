package ui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/demo"
	"jxj/app/i18n"
)

// DemoHintKey is the translation of the hint the login shows for a demo
// school: the demo accounts, filled by demoHintText.
const DemoHintKey = "login.demo_hint"

// demoHintText lists the demo school's accounts (see app/demo).
func demoHintText() string {
	return i18n.T(DemoHintKey, demo.AdminUser, demo.PrincipalUser, demo.TeacherUser, demo.Password)
}

// loginScreen asks for a username and password.
type loginScreen struct {
	env      *Env
	hint     string
	onLogin  func(*app.Account)
	onBack   func() // nil unless the demo was opened from the wizard
	username *widget.Entry
	password *widget.Entry
	submitB  *widget.Button
	errLabel *wrapLabel
	hintText *wrapLabel
}

func newLoginScreen(env *Env, demoHint string, onLogin func(*app.Account), onBack func()) *loginScreen {
	return &loginScreen{env: env, hint: demoHint, onLogin: onLogin, onBack: onBack}
}

func (s *loginScreen) Content() fyne.CanvasObject {
	school := newWrapLabelWithStyle(s.env.School.Name, fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	school.SizeName = theme.SizeNameHeadingText
	sub := widget.NewLabelWithStyle(i18n.T("login.subtitle", i18n.T("app.name")), fyne.TextAlignCenter, fyne.TextStyle{})

	s.username = widget.NewEntry()
	s.username.SetPlaceHolder(i18n.T("login.username"))
	s.username.OnSubmitted = func(string) {
		if s.password.Text == "" {
			s.env.Window.Canvas().Focus(s.password)
			return
		}
		s.submit()
	}
	s.password = widget.NewPasswordEntry()
	s.password.SetPlaceHolder(i18n.T("login.password"))
	s.password.OnSubmitted = func(string) { s.submit() }
	s.errLabel = errorLabel()
	s.submitB = widget.NewButtonWithIcon(i18n.T("login.submit"), theme.LoginIcon(), s.submit)
	s.submitB.Importance = widget.HighImportance

	form := widget.NewForm(
		widget.NewFormItem(i18n.T("login.username"), s.username),
		widget.NewFormItem(i18n.T("login.password"), s.password),
	)
	box := container.NewVBox(school, sub)
	if s.env.School.IsDemo {
		box.Add(container.NewCenter(badge(i18n.T("shell.demo_badge"))))
		s.hintText = newWrapLabel(s.hint)
		s.hintText.Importance = widget.HighImportance
		box.Add(widget.NewCard("", "", container.NewBorder(nil, nil, widget.NewIcon(theme.InfoIcon()), nil, s.hintText)))
	}
	buttons := container.NewHBox(layout.NewSpacer(), s.submitB)
	if s.onBack != nil {
		back := widget.NewButtonWithIcon(i18n.T("login.leave_demo"), theme.NavigateBackIcon(), s.onBack)
		buttons = container.NewHBox(back, layout.NewSpacer(), s.submitB)
	}
	box.Add(widget.NewCard("", "", container.NewVBox(form, s.errLabel, buttons)))
	return container.NewVScroll(container.NewCenter(container.New(minWidth(440), container.NewPadded(box))))
}

// focus puts the cursor in the username.
func (s *loginScreen) focus() {
	if c := s.env.Window.Canvas(); c != nil && s.username != nil {
		c.Focus(s.username)
	}
}

func (s *loginScreen) submit() {
	if s.submitB.Disabled() {
		return
	}
	user := strings.TrimSpace(s.username.Text)
	pw := s.password.Text
	if user == "" || pw == "" {
		showInline(s.errLabel, app.Errorf(app.EINVALID, "login.error.missing"))
		return
	}
	showInline(s.errLabel, nil)
	s.setBusy(true)
	accounts := s.env.Services.Accounts
	runAsync(func() {
		acc, err := accounts.Authenticate(context.Background(), user, pw)
		fyne.Do(func() {
			s.setBusy(false)
			if err != nil {
				showInline(s.errLabel, err)
				s.password.SetText("")
				s.env.Window.Canvas().Focus(s.password)
				return
			}
			s.onLogin(acc)
		})
	})
}

func (s *loginScreen) setBusy(busy bool) { setChecking(busy, s.submitB, s.username, s.password) }

// setChecking disables a login's fields and button while the password
// is checked, the button saying so (the school's login and the bureau
// console's).
func setChecking(busy bool, submit *widget.Button, fields ...fyne.Disableable) {
	for _, d := range append(fields, submit) {
		if busy {
			d.Disable()
		} else {
			d.Enable()
		}
	}
	if busy {
		submit.SetText(i18n.T("login.checking"))
	} else {
		submit.SetText(i18n.T("login.submit"))
	}
}
