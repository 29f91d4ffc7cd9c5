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
	"jxj/app/i18n"
)

// wizardScreen is the first run: create the school with its first admin,
// or look around in the demo school first.
type wizardScreen struct {
	env       *Env
	openDemo  func() (app.Services, error)
	onCreated func(*app.Org, *app.Account)
	onDemo    func(app.Services, *app.Org)
	// onBureau, when set, makes the first run ask who uses this computer
	// (学校 / 教育局); 教育局 calls it. Nil: straight to the school's setup.
	onBureau func()

	root    *fyne.Container // the choice, or the school's setup
	schoolB *widget.Button
	bureauB *widget.Button

	name     *widget.Entry
	kind     *widget.Select
	kinds    map[string]app.OrgKind // translated label → kind
	username *widget.Entry
	password *widget.Entry
	repeat   *widget.Entry
	formErr  *wrapLabel
	create   *widget.Button

	demo       *widget.Button
	demoStatus *widget.Label
	demoBar    *widget.ProgressBarInfinite
}

func newWizardScreen(env *Env, openDemo func() (app.Services, error),
	onCreated func(*app.Org, *app.Account), onDemo func(app.Services, *app.Org)) *wizardScreen {
	return &wizardScreen{env: env, openDemo: openDemo, onCreated: onCreated, onDemo: onDemo}
}

func (s *wizardScreen) Content() fyne.CanvasObject {
	s.root = container.NewStack()
	if s.onBureau != nil {
		s.root.Objects = []fyne.CanvasObject{s.choiceView()}
	} else {
		s.root.Objects = []fyne.CanvasObject{s.schoolView()}
	}
	return s.root
}

// choiceView asks whether a school or the bureau uses this computer.
func (s *wizardScreen) choiceView() fyne.CanvasObject {
	title := widget.NewLabelWithStyle(i18n.T("wizard.welcome", i18n.T("app.name")), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameHeadingText
	intro := newWrapLabelWithStyle(i18n.T("bureau_console.choice.intro"), fyne.TextAlignCenter, fyne.TextStyle{})
	s.schoolB = widget.NewButtonWithIcon(i18n.T("bureau_console.choice.school_button"), theme.HomeIcon(), func() {
		s.root.Objects = []fyne.CanvasObject{s.schoolView()}
		s.root.Refresh()
	})
	s.schoolB.Importance = widget.HighImportance
	s.bureauB = widget.NewButtonWithIcon(i18n.T("bureau_console.choice.bureau_button"), theme.ComputerIcon(), s.onBureau)
	s.bureauB.Importance = widget.HighImportance
	card := func(title, text string, b *widget.Button) fyne.CanvasObject {
		// the buttons side by side at the cards' feet, however the texts wrap
		return widget.NewCard(title, "", container.NewBorder(nil, container.NewHBox(layout.NewSpacer(), b), nil, nil, newWrapLabel(text)))
	}
	cards := container.NewGridWithColumns(2,
		card(i18n.T("bureau_console.choice.school"), i18n.T("bureau_console.choice.school_text"), s.schoolB),
		card(i18n.T("bureau_console.choice.bureau"), i18n.T("bureau_console.choice.bureau_text"), s.bureauB))
	body := container.NewVBox(title, intro, cards)
	return container.NewVScroll(container.NewCenter(container.New(minWidth(760), container.NewPadded(body))))
}

// schoolView is the school's setup: create it, or open the demo school.
func (s *wizardScreen) schoolView() fyne.CanvasObject {
	title := widget.NewLabelWithStyle(i18n.T("wizard.welcome", i18n.T("app.name")), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameHeadingText
	intro := newWrapLabelWithStyle(i18n.T("wizard.intro"), fyne.TextAlignCenter, fyne.TextStyle{})

	cards := container.NewGridWithColumns(2, s.createCard())
	if s.openDemo != nil {
		cards.Add(s.demoCard())
	}
	body := container.NewVBox(title, intro, cards)
	return container.NewVScroll(container.NewCenter(container.New(minWidth(980), container.NewPadded(body))))
}

func (s *wizardScreen) createCard() fyne.CanvasObject {
	s.name = widget.NewEntry()
	if s.env.School != nil {
		s.name.SetText(s.env.School.Name)
	}
	s.name.SetPlaceHolder(i18n.T("wizard.school_name_hint"))
	s.kind, s.kinds = orgKindSelect() // console_orgs_edit.go
	s.username = widget.NewEntry()
	s.username.SetPlaceHolder(i18n.T("wizard.admin_username_hint"))
	s.password = widget.NewPasswordEntry()
	s.repeat = widget.NewPasswordEntry()
	s.repeat.OnSubmitted = func(string) { s.submit() }
	s.formErr = errorLabel()
	s.create = widget.NewButtonWithIcon(i18n.T("wizard.create"), theme.ConfirmIcon(), s.submit)
	s.create.Importance = widget.HighImportance

	form := widget.NewForm(
		widget.NewFormItem(i18n.T("wizard.school_name"), s.name),
		widget.NewFormItem(i18n.T("wizard.school_kind"), s.kind),
		widget.NewFormItem(i18n.T("wizard.admin_username"), s.username),
		widget.NewFormItem(i18n.T("wizard.password"), s.password),
		widget.NewFormItem(i18n.T("wizard.password_repeat"), s.repeat),
	)
	return widget.NewCard(i18n.T("wizard.create_title"), i18n.T("wizard.create_subtitle"),
		container.NewVBox(form, s.formErr, container.NewHBox(layout.NewSpacer(), s.create)))
}

func (s *wizardScreen) demoCard() fyne.CanvasObject {
	what := newWrapLabel(i18n.T("wizard.demo_what"))
	apart := newWrapLabel(i18n.T("wizard.demo_separate"))
	apart.Importance = widget.MediumImportance
	s.demo = widget.NewButtonWithIcon(i18n.T("wizard.demo_open"), theme.MediaPlayIcon(), s.startDemo)
	s.demoStatus = widget.NewLabel(i18n.T("wizard.demo_preparing"))
	s.demoStatus.Hide()
	s.demoBar = widget.NewProgressBarInfinite()
	s.demoBar.Stop()
	s.demoBar.Hide()
	return widget.NewCard(i18n.T("wizard.demo_title"), i18n.T("wizard.demo_subtitle"),
		container.NewVBox(what, apart, s.demoStatus, s.demoBar, container.NewHBox(layout.NewSpacer(), s.demo)))
}

// setup returns the school the form describes, or the first problem with it.
func (s *wizardScreen) setup() (app.SchoolSetup, error) {
	su := app.SchoolSetup{
		Name:          strings.TrimSpace(s.name.Text),
		Kind:          s.kinds[s.kind.Selected],
		AdminUsername: strings.TrimSpace(s.username.Text),
		AdminPassword: s.password.Text,
	}
	if err := su.Validate(); err != nil {
		return su, err
	}
	if s.password.Text != s.repeat.Text {
		return su, app.Errorf(app.EINVALID, "wizard.error.password_mismatch")
	}
	return su, nil
}

func (s *wizardScreen) submit() {
	su, err := s.setup()
	showInline(s.formErr, err)
	if err != nil {
		return
	}
	s.setBusy(true)
	orgs := s.env.Services.Org
	runAsync(func() {
		org, admin, err := orgs.Setup(context.Background(), su)
		fyne.Do(func() {
			if err != nil {
				s.setBusy(false)
				s.env.ShowError(err)
				return
			}
			s.onCreated(org, admin)
		})
	})
}

func (s *wizardScreen) startDemo() {
	showInline(s.formErr, nil)
	s.setBusy(true)
	s.demoStatus.Show()
	s.demoBar.Show()
	s.demoBar.Start()
	open := s.openDemo
	runAsync(func() {
		svc, err := open()
		var org *app.Org
		if err == nil {
			org, err = svc.Org.School(context.Background())
		}
		fyne.Do(func() {
			s.demoBar.Stop()
			s.demoBar.Hide()
			s.demoStatus.Hide()
			if err != nil {
				s.setBusy(false)
				s.env.ShowError(err)
				return
			}
			s.onDemo(svc, org)
		})
	})
}

// setBusy disables both choices while one of them runs.
func (s *wizardScreen) setBusy(busy bool) {
	all := []fyne.Disableable{s.name, s.kind, s.username, s.password, s.repeat, s.create}
	if s.demo != nil {
		all = append(all, s.demo)
	}
	for _, d := range all {
		if busy {
			d.Disable()
		} else {
			d.Enable()
		}
	}
}
