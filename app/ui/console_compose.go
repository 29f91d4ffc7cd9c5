package ui

import (
	"context"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// consoleCompose is the editor of a bureau notice: its title, body,
// whether families acknowledge it, a deadline, and the schools it goes
// to (all, or those chosen, with a township's or a kind's at a click).
// Sending asks first, saying how many schools it reaches.
type consoleCompose struct {
	u    *ConsoleUI
	back func()

	*consoleTargets // the schools it goes to: console_targets.go

	title    *widget.Entry
	body     *widget.Entry
	ack      *widget.Check
	deadline *widget.Entry
	files    *consoleFiles // the files to attach, on this computer
	errL     *wrapLabel
	sendB    *widget.Button
	confirm  dialog.Dialog // the question before sending, for tests
	root     fyne.CanvasObject
}

func newConsoleCompose(u *ConsoleUI, back func()) *consoleCompose {
	s := &consoleCompose{u: u, back: back, consoleTargets: newConsoleTargets()}
	s.title = widget.NewEntry()
	s.title.SetPlaceHolder(i18n.T("bureau_console.compose.title_hint"))
	s.body = widget.NewMultiLineEntry()
	s.body.Wrapping = fyne.TextWrapWord
	s.body.SetMinRowsVisible(6)
	s.ack = widget.NewCheck(i18n.T("bureau_console.compose.ack"), nil)
	s.deadline = widget.NewEntry()
	s.deadline.SetPlaceHolder(i18n.T("bureau_console.compose.deadline_hint"))
	s.errL = errorLabel()
	s.files = newConsoleFiles(u.env, s.errL, i18n.T("notices.compose.no_attachments"), noticeFileCheck)
	attachB := widget.NewButtonWithIcon(i18n.T("notices.compose.attach"), theme.MailAttachmentIcon(), s.files.choose)

	form := widget.NewForm(
		widget.NewFormItem(i18n.T("bureau_console.compose.title"), s.title),
		widget.NewFormItem(i18n.T("bureau_console.compose.body"), s.body),
		widget.NewFormItem("", s.ack),
		widget.NewFormItem(i18n.T("bureau_console.col.deadline"), s.deadline),
		widget.NewFormItem(i18n.T("notices.compose.attachments"), container.NewVBox(container.NewHBox(attachB), s.files.box)),
		widget.NewFormItem(i18n.T("bureau_console.compose.targets"), s.box()),
	)
	cancel := widget.NewButtonWithIcon(i18n.T("confirm.cancel"), theme.CancelIcon(), back)
	s.sendB = widget.NewButtonWithIcon(i18n.T("bureau_console.compose.send"), theme.MailSendIcon(), s.askSend)
	s.sendB.Importance = widget.HighImportance
	header := subViewHeader(i18n.T("bureau_console.notices.new"), back)
	s.root = editorView(header, form, actionBar([]fyne.CanvasObject{s.errL}, s.reach, cancel, s.sendB))
	s.u.setActions(true, s.sendB)
	s.load()
	return s
}

func (s *consoleCompose) Content() fyne.CanvasObject { return s.root }

// load reads the schools the notice may go to.
func (s *consoleCompose) load() {
	consoleLoad(s.u, nil, s.errL, nil, app.BureauConsole.Orgs, s.setOrgs)
}

// draft is the notice as typed, or the first problem with it.
func (s *consoleCompose) draft() (app.HubNoticeDraft, error) {
	d := app.HubNoticeDraft{Title: strings.TrimSpace(s.title.Text), Body: strings.TrimSpace(s.body.Text), RequiresAck: s.ack.Checked, Orgs: s.targets(),
		Files: slices.Clone(s.files.paths)}
	var err error
	switch {
	case d.Title == "":
		err = app.Errorf(app.EINVALID, "bureau_console.compose.title_missing")
	case d.Body == "":
		err = app.Errorf(app.EINVALID, "bureau_console.compose.body_missing")
	default:
		err = s.targetProblem()
	}
	if err == nil {
		d.Deadline, err = app.ParseDate(s.deadline.Text)
	}
	return d, err
}

// askSend says how many schools the notice reaches before it goes.
func (s *consoleCompose) askSend() {
	d, err := s.draft()
	showInline(s.errL, err)
	if err != nil {
		return
	}
	msg := confirmText(i18n.T("bureau_console.compose.confirm", d.Title, s.reaches())+s.files.line(), d.Title)
	s.confirm = consoleSend(s.u, i18n.T("bureau_console.compose.confirm_title"), i18n.T("bureau_console.compose.send"), msg, s.sendB, s.errL,
		func(c app.BureauConsole, ctx context.Context) error {
			_, err := c.PublishNotice(ctx, d)
			return err
		}, s.back)
}
