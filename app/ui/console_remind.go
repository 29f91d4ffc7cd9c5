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

// askRemind asks the threshold and lists the schools the 催办 reaches,
// each ticked, then sends it to those left ticked.
func (s *consoleFollow) askRemind() {
	st := s.status
	if st == nil {
		return
	}
	percent := app.DefaultAckPercent
	send := widget.NewButtonWithIcon(i18n.T("console_survey.remind_submit"), theme.MailSendIcon(), nil)
	send.Importance = widget.HighImportance
	picks := newRemindPicks(send)
	behind := func() {
		var orgs []app.HubOrg
		for _, sc := range app.RemindBehind(st, percent) {
			orgs = append(orgs, sc.Org)
		}
		picks.set(orgs)
	}
	var choices []string
	for _, p := range ackChoices {
		choices = append(choices, percentLabel(p))
	}
	threshold := widget.NewSelect(choices, func(v string) {
		if p, err := strconv.Atoi(strings.TrimSuffix(v, "%")); err == nil {
			percent = p
		}
		behind()
	})
	threshold.SetSelected(percentLabel(percent))
	text := i18n.T("console_survey.remind_notice_rule")
	top := container.NewVBox(confirmText(i18n.T("console_survey.remind_notice", st.Notice.Title)+"\n"+text, st.Notice.Title))
	if st.Notice.RequiresAck {
		top.Add(container.NewHBox(widget.NewLabel(i18n.T("console_survey.remind_threshold")), threshold))
	}
	behind()
	showRemindDialog(s.u, picks.view(top), send, func() app.RemindDraft {
		return app.RemindDraft{Ref: strconv.FormatInt(st.Notice.ID, 10), Orgs: picks.picked(), AckPercent: percent}
	}, app.BureauConsole.RemindNotice, s.reload)
}

// remindPicks lists the schools a 催办 would reach, each ticked: the
// officer unticks a school already phoned. It says how many are ticked,
// and the send button waits for one.
type remindPicks struct {
	send   *widget.Button
	count  *widget.Label
	list   *fyne.Container
	orgs   []app.HubOrg
	ticked []bool
}

func newRemindPicks(send *widget.Button) *remindPicks {
	return &remindPicks{send: send, count: widget.NewLabel(""), list: container.NewVBox()}
}

// set lists orgs, every one ticked.
func (p *remindPicks) set(orgs []app.HubOrg) {
	p.orgs, p.ticked = orgs, make([]bool, len(orgs))
	p.list.Objects = nil
	for i, o := range orgs {
		check := widget.NewCheck(o.Name, func(on bool) {
			p.ticked[i] = on
			p.update()
		})
		check.SetChecked(true)
		p.list.Add(check)
	}
	p.list.Refresh()
	p.update()
}

func (p *remindPicks) update() {
	n := len(p.picked())
	p.count.SetText(i18n.T("console_survey.remind_reach", n))
	if n == 0 {
		p.send.Disable()
	} else {
		p.send.Enable()
	}
}

// picked is the ids of the schools ticked.
func (p *remindPicks) picked() []int64 {
	var ids []int64
	for i, on := range p.ticked {
		if on {
			ids = append(ids, p.orgs[i].ID)
		}
	}
	return ids
}

// view is the dialog's content: top, the count, and the schools in a
// scroll of a few lines (a district has hundreds).
func (p *remindPicks) view(top fyne.CanvasObject) fyne.CanvasObject {
	scroll := container.NewVScroll(p.list)
	scroll.SetMinSize(fyne.NewSize(360, 150))
	return container.NewBorder(container.NewVBox(top, p.count), nil, nil, nil, scroll)
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
