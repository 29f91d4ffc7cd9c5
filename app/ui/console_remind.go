package ui

import (
	"context"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// 催办 from the console: a reminder to the schools behind on a notice
// (below a share of families' acknowledgements the officer picks, for a
// notice that asks for them) or not answered a survey. The dialog says
// how many schools it reaches before it goes, as the hub will count them
// (app.RemindBehind).

// ackChoices are the shares of acknowledgements the officer can ask for.
var ackChoices = []int{100, 95, 90, 80, 70, 60, 50}

func percentLabel(p int) string { return strconv.Itoa(p) + "%" }

// showFiles lists the notice's files with their sizes; none hides the
// line.
func (s *consoleFollow) showFiles(files []app.HubFile) {
	if len(files) == 0 {
		s.filesL.Hide()
		return
	}
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = i18n.T("notices.attachment", f.Name, fileSize(f.Size))
	}
	s.filesL.SetText(i18n.T("console_survey.notice_files", len(files), strings.Join(names, i18n.T("console_survey.list_sep"))))
	s.filesL.Show()
}

// askRemind asks the threshold and shows how many schools the 催办
// reaches, then sends it.
func (s *consoleFollow) askRemind() {
	st := s.status
	if st == nil {
		return
	}
	percent := app.DefaultAckPercent
	count := widget.NewLabel("")
	send := widget.NewButtonWithIcon(i18n.T("console_survey.remind_submit"), theme.MailSendIcon(), nil)
	send.Importance = widget.HighImportance
	update := func() {
		n := len(app.RemindBehind(st, percent))
		count.SetText(i18n.T("console_survey.remind_reach", n))
		if n == 0 {
			send.Disable()
		} else {
			send.Enable()
		}
	}
	var choices []string
	for _, p := range ackChoices {
		choices = append(choices, percentLabel(p))
	}
	threshold := widget.NewSelect(choices, func(v string) {
		if p, err := strconv.Atoi(strings.TrimSuffix(v, "%")); err == nil {
			percent = p
		}
		update()
	})
	threshold.SetSelected(percentLabel(percent))
	text := i18n.T("console_survey.remind_notice_rule")
	content := container.NewVBox(confirmText(i18n.T("console_survey.remind_notice", st.Notice.Title)+"\n"+text, st.Notice.Title))
	if st.Notice.RequiresAck {
		content.Add(container.NewHBox(widget.NewLabel(i18n.T("console_survey.remind_threshold")), threshold))
	}
	content.Add(count)
	update()
	showRemindDialog(s.u, content, send, func() app.RemindDraft {
		return app.RemindDraft{Ref: strconv.FormatInt(st.Notice.ID, 10), AckPercent: percent}
	}, app.BureauConsole.RemindNotice, s.reload)
}

// showRemindDialog is the 催办 dialog of a notice or a survey: it says
// afterwards how many schools the hub reached.
func showRemindDialog(u *ConsoleUI, content fyne.CanvasObject, send *widget.Button, draft func() app.RemindDraft,
	remind func(app.BureauConsole, context.Context, app.RemindDraft) (*app.HubReminder, error), done func()) {
	d := dialog.NewCustomWithoutButtons(i18n.T("console_survey.remind_title"), content, u.win)
	cancel := newDefaultButton(i18n.T("confirm.cancel"), theme.CancelIcon(), d.Hide)
	send.OnTapped = func() {
		d.Hide()
		dr := draft()
		c := u.opts.Console
		runAsync(func() {
			r, err := remind(c, context.Background(), dr)
			fyne.Do(func() {
				if err != nil {
					u.failed(err)
					return
				}
				u.env.ShowInfo(i18n.T("console_survey.remind_title"), i18n.T("console_survey.reminded", len(r.Schools)))
				done()
			})
		})
	}
	d.SetButtons([]fyne.CanvasObject{cancel, send})
	d.Show()
	u.win.Canvas().Focus(cancel)
}
