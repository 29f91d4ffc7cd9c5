package ui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// This file holds the bureau's surveys (调查) on the notices page, where
// the bureau's notices are: the list, and the form that answers one, a
// number filled with one click from the totals of one of the school's own
// forms. What will go up is shown before it is sent: counts and text
// only.

// canAnswerBureau reports whether the page offers the bureau's surveys:
// the service is there and the account oversees the school.
func canAnswerBureau(env *Env) bool {
	return env.Services.BureauSurveys != nil && env.Account != nil && env.Account.ReadsAll()
}

// bureauSurveysButton opens the list of the bureau's surveys; a spacer
// when the account may not answer them.
func (s *NoticesScreen) bureauSurveysButton() fyne.CanvasObject {
	if !canAnswerBureau(s.env) {
		return layout.NewSpacer()
	}
	return widget.NewButtonWithIcon(i18n.T("bureau_survey.ui.surveys"), theme.FileTextIcon(), s.OpenBureauSurveys)
}

// bureauSurveyList is the list of the bureau's surveys.
type bureauSurveyList struct {
	s       *NoticesScreen
	items   []*app.BureauSurvey
	list    *widget.List
	msg     *wrapLabel
	content fyne.CanvasObject
}

// OpenBureauSurveys shows the bureau's surveys in place of the notices.
func (s *NoticesScreen) OpenBureauSurveys() {
	s.started = true
	s.compose, s.detail = nil, nil
	l := &bureauSurveyList{s: s, msg: newWrapLabel(i18n.T("bureau_survey.ui.loading"))}
	l.list = twoLineList(func() int { return len(l.items) }, func(id int) (string, string) {
		return l.items[id].Title, surveyMeta(l.items[id])
	})
	l.list.OnSelected = func(id widget.ListItemID) {
		l.list.UnselectAll()
		if id < len(l.items) {
			s.OpenBureauSurvey(l.items[id].ID)
		}
	}
	back := widget.NewButtonWithIcon(i18n.T("notices.back"), theme.NavigateBackIcon(), s.back)
	top := container.NewBorder(nil, nil, back, nil, pageTitle(i18n.T("bureau_survey.ui.surveys")))
	l.content = container.NewBorder(container.NewVBox(top, l.msg), nil, nil, nil, l.list)
	s.surveys = l
	s.setView(l.content)
	ctx, svc := s.env.Ctx(), s.env.Services.BureauSurveys
	s.run(func() {
		items, err := svc.BureauSurveys(ctx)
		fyne.Do(func() {
			if err != nil {
				l.msg.SetText(i18n.Err(err))
				return
			}
			l.items = items
			l.msg.SetText(i18n.T("bureau_survey.ui.empty"))
			setVisible(l.msg, len(items) == 0)
			l.list.Refresh()
		})
	})
}

// surveyMeta is the line under a survey's title: answered or not, the
// deadline.
func surveyMeta(b *app.BureauSurvey) string {
	state := i18n.T("bureau_survey.ui.state.todo")
	switch {
	case !b.RevokedAt.IsZero():
		state = i18n.T("bureau_survey.ui.state.revoked")
	case b.Values != nil:
		state = i18n.T("bureau_survey.ui.state.answered", app.FormatMinute(b.AnsweredAt), b.Versions)
	}
	due := i18n.T("workbench.todo.no_due")
	if !b.Deadline.IsZero() {
		due = i18n.T("workbench.todo.due", app.FormatDate(b.Deadline))
	}
	return i18n.T("workbench.todo.meta", state, due)
}

// surveyInput is the widget that answers one question.
type surveyInput struct {
	q      app.SurveyQuestion
	number *widget.Entry
	fill   *widget.Button
	radio  *widget.RadioGroup
	checks *widget.CheckGroup
	text   *widget.Entry
}

// bureauSurveyForm answers a bureau survey.
type bureauSurveyForm struct {
	s        *NoticesScreen
	id       int64
	survey   *app.BureauSurvey
	inputs   []*surveyInput
	state    *wrapLabel
	errLabel *wrapLabel
	submit   *widget.Button
	body     *fyne.Container
	content  fyne.CanvasObject
	preview  dialog.Dialog // open while the school looks at what will be sent
	picker   *totalPicker  // open while a total is picked
}

// OpenBureauSurvey shows the form that answers a bureau survey.
func (s *NoticesScreen) OpenBureauSurvey(id int64) {
	s.started = true
	s.compose, s.detail = nil, nil
	f := &bureauSurveyForm{s: s, id: id, state: newWrapLabel(i18n.T("bureau_survey.ui.loading")), errLabel: errorLabel()}
	f.body = container.NewVBox()
	f.submit = widget.NewButtonWithIcon(i18n.T("bureau_survey.ui.submit"), theme.MailSendIcon(), f.showPreview)
	f.submit.Importance = widget.HighImportance
	f.submit.Disable()
	back := widget.NewButtonWithIcon(i18n.T("bureau_survey.ui.back"), theme.NavigateBackIcon(), s.OpenBureauSurveys)
	top := container.NewBorder(nil, nil, back, nil, pageTitle(i18n.T("bureau_survey.ui.surveys")))
	bottom := container.NewVBox(f.errLabel, container.NewHBox(layout.NewSpacer(), f.submit))
	f.content = container.NewBorder(top, bottom, nil, nil, container.NewVScroll(container.NewVBox(f.state, f.body)))
	s.survey = f
	s.setView(f.content)
	f.load()
}

func (f *bureauSurveyForm) load() {
	ctx, svc := f.s.env.Ctx(), f.s.env.Services.BureauSurveys
	f.s.run(func() {
		b, err := svc.BureauSurvey(ctx, f.id)
		fyne.Do(func() {
			if err != nil {
				f.state.SetText(i18n.Err(err))
				return
			}
			f.show(b)
		})
	})
}

// show fills the form with the survey and the school's answer.
func (f *bureauSurveyForm) show(b *app.BureauSurvey) {
	f.survey = b
	open := b.Open(time.Now())
	f.state.SetText(surveyMeta(b))
	f.body.Objects = nil
	title := widget.NewLabelWithStyle(b.Title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.Wrapping = fyne.TextWrapWord
	f.body.Add(title)
	if b.Intro != "" {
		f.body.Add(newWrapLabel(b.Intro))
	}
	f.inputs = make([]*surveyInput, len(b.Questions))
	for i, q := range b.Questions {
		in := &surveyInput{q: q}
		var v app.SurveyValue
		if i < len(b.Values) {
			v = b.Values[i]
		}
		var w fyne.CanvasObject
		switch q.Kind {
		case app.QuestionNumber:
			in.number = widget.NewEntry()
			if v.Number != nil {
				in.number.SetText(formatSurveyNumber(*v.Number))
			}
			in.fill = widget.NewButtonWithIcon(i18n.T("bureau_survey.ui.fill"), theme.ContentPasteIcon(), func() { f.pickTotal(in) })
			w = container.NewBorder(nil, nil, nil, in.fill, in.number)
		case app.QuestionChoice:
			in.radio = widget.NewRadioGroup(q.Options, nil)
			in.radio.Horizontal = true
			if len(v.Choices) == 1 {
				in.radio.SetSelected(v.Choices[0])
			}
			w = in.radio
		case app.QuestionMulti:
			in.checks = widget.NewCheckGroup(q.Options, nil)
			in.checks.Horizontal = true
			in.checks.SetSelected(v.Choices)
			w = in.checks
		default:
			in.text = widget.NewMultiLineEntry()
			in.text.Wrapping = fyne.TextWrapWord
			in.text.SetMinRowsVisible(2)
			in.text.SetText(v.Text)
			w = in.text
		}
		if !open {
			disableInput(in)
		}
		f.inputs[i] = in
		f.body.Add(fieldLabel(fmt.Sprintf("%d. %s", i+1, q.Label)))
		f.body.Add(w)
	}
	f.body.Add(newWrapLabel(i18n.T("bureau_survey.ui.privacy")))
	f.body.Refresh()
	f.submit.SetText(i18n.T("bureau_survey.ui.submit"))
	if b.Values != nil {
		f.submit.SetText(i18n.T("bureau_survey.ui.correct"))
	}
	if open {
		f.submit.Enable()
	} else {
		f.submit.Disable()
	}
}

// disableInput makes a question read-only: the survey is closed or
// revoked.
func disableInput(in *surveyInput) {
	if in.number != nil {
		in.number.Disable()
		in.fill.Disable()
	}
	if in.radio != nil {
		in.radio.Disable()
	}
	if in.checks != nil {
		in.checks.Disable()
	}
	if in.text != nil {
		in.text.Disable()
	}
}

func formatSurveyNumber(n float64) string { return strconv.FormatFloat(n, 'f', -1, 64) }

// values reads the form; a number that is not one is an error naming the
// question.
func (f *bureauSurveyForm) values() ([]app.SurveyValue, error) {
	vs := make([]app.SurveyValue, len(f.inputs))
	for i, in := range f.inputs {
		switch {
		case in.number != nil:
			text := strings.TrimSpace(app.NarrowText(in.number.Text))
			if text == "" {
				continue
			}
			n, err := strconv.ParseFloat(text, 64)
			if err != nil {
				return nil, app.Errorf(app.EINVALID, "bureau_survey.ui.bad_number", i+1, in.q.Label, in.number.Text)
			}
			vs[i].Number = &n
		case in.radio != nil:
			if in.radio.Selected != "" {
				vs[i].Choices = []string{in.radio.Selected}
			}
		case in.checks != nil:
			// in the question's order, whatever the order of the ticks
			for _, o := range in.q.Options {
				for _, c := range in.checks.Selected {
					if c == o {
						vs[i].Choices = append(vs[i].Choices, o)
					}
				}
			}
		default:
			vs[i].Text = strings.TrimSpace(in.text.Text)
		}
	}
	if err := app.ValidateAnswer(f.survey.Questions, vs); err != nil {
		return nil, err
	}
	return vs, nil
}

// showPreview shows what will go up to the bureau, and sends it when the
// school agrees.
func (f *bureauSurveyForm) showPreview() {
	vs, err := f.values()
	if err != nil {
		showInline(f.errLabel, err)
		return
	}
	showInline(f.errLabel, nil)
	lines := container.NewVBox(newWrapLabel(i18n.T("bureau_survey.ui.preview_intro")))
	for i, q := range f.survey.Questions {
		lines.Add(newWrapLabel(fmt.Sprintf("%d. %s：%s", i+1, q.Label, valueText(vs[i]))))
	}
	f.preview = dialog.NewCustomConfirm(i18n.T("bureau_survey.ui.preview_title"), i18n.T("bureau_survey.ui.send"), i18n.T("notices.compose.cancel"),
		container.New(minWidth(480), lines), func(ok bool) {
			f.preview = nil
			if ok {
				f.send(vs)
			}
		}, f.s.env.Window)
	f.preview.Show()
}

// valueText is an answer as the preview shows it.
func valueText(v app.SurveyValue) string {
	switch {
	case v.Number != nil:
		return formatSurveyNumber(*v.Number)
	case len(v.Choices) > 0:
		return strings.Join(v.Choices, "、")
	case v.Text != "":
		return v.Text
	}
	return i18n.T("bureau_survey.ui.blank")
}

// send stores the answer off the UI goroutine; it goes up at the next
// sync.
func (f *bureauSurveyForm) send(vs []app.SurveyValue) {
	f.submit.Disable()
	env := f.s.env
	ctx, svc := env.Ctx(), env.Services.BureauSurveys
	f.s.run(func() {
		b, err := svc.AnswerBureauSurvey(ctx, f.id, vs)
		fyne.Do(func() {
			if err != nil {
				f.submit.Enable()
				showInline(f.errLabel, err)
				return
			}
			env.syncChanged()
			f.show(b)
			f.state.SetText(i18n.T("bureau_survey.ui.sent"))
		})
	})
}

// totalPicker fills a number from one of the school's own forms: pick the
// form, then one of its totals.
type totalPicker struct {
	forms  *widget.Select
	totals *widget.Select
	picks  []app.FormTotalPick
	dlg    dialog.Dialog
}

// pickTotal opens the picker for a number question.
func (f *bureauSurveyForm) pickTotal(in *surveyInput) {
	env := f.s.env
	if env.Services.Forms == nil {
		return
	}
	p := &totalPicker{}
	f.picker = p
	var forms []*app.Form
	msg := newWrapLabel(i18n.T("bureau_survey.ui.loading"))
	p.totals = widget.NewSelect(nil, nil)
	p.totals.PlaceHolder = i18n.T("bureau_survey.ui.pick_total")
	p.totals.Disable()
	p.forms = widget.NewSelect(nil, func(string) {
		i := p.forms.SelectedIndex()
		if i < 0 || i >= len(forms) {
			return
		}
		ctx, svc, id := env.Ctx(), env.Services.Forms, forms[i].ID
		f.s.run(func() {
			sheet, err := svc.FormSheet(ctx, id, "")
			fyne.Do(func() {
				if err != nil {
					msg.SetText(i18n.Err(err))
					return
				}
				p.picks = app.FormTotalPicks(app.ComputeTotals(sheet))
				labels := make([]string, len(p.picks))
				for j, pk := range p.picks {
					labels[j] = pickLabel(pk)
				}
				p.totals.SetOptions(labels)
				p.totals.ClearSelected()
				p.totals.Enable()
				msg.SetText("")
			})
		})
	})
	p.forms.PlaceHolder = i18n.T("bureau_survey.ui.pick_form")
	body := container.NewVBox(newWrapLabel(i18n.T("bureau_survey.ui.fill_intro", in.q.Label)), p.forms, p.totals, msg)
	p.dlg = dialog.NewCustomConfirm(i18n.T("bureau_survey.ui.fill"), i18n.T("bureau_survey.ui.fill_ok"), i18n.T("notices.compose.cancel"),
		container.New(minWidth(480), body), func(ok bool) {
			f.picker = nil
			if i := p.totals.SelectedIndex(); ok && i >= 0 && i < len(p.picks) {
				in.number.SetText(formatSurveyNumber(p.picks[i].Value))
			}
		}, env.Window)
	p.dlg.Show()
	ctx, svc := env.Ctx(), env.Services.Forms
	f.s.run(func() {
		all, err := svc.Forms(ctx)
		fyne.Do(func() {
			if err != nil {
				msg.SetText(i18n.Err(err))
				return
			}
			var names []string
			for _, fm := range all {
				forms = append(forms, fm)
				names = append(names, fm.Title)
			}
			p.forms.SetOptions(names)
			msg.SetText("")
			if len(names) == 0 {
				msg.SetText(i18n.T("bureau_survey.ui.no_forms"))
			}
		})
	})
}

// pickLabel names a total: 去向 · 留在本地：23, 人数 · 合计：120.
func pickLabel(p app.FormTotalPick) string {
	if p.Option == "" {
		return i18n.T("bureau_survey.ui.pick_sum", p.Field, formatSurveyNumber(p.Value))
	}
	return i18n.T("bureau_survey.ui.pick_option", p.Field, p.Option, formatSurveyNumber(p.Value))
}

// ShowReminder shows a 催办 from the bureau: who sent it, about what and
// when; it opens the notice or survey, or dismisses the reminder.
func ShowReminder(env *Env, run func(func()), r *app.BureauReminder, open func(), dismissed func()) {
	from := r.From
	if from == "" {
		from = i18n.T("bureau_survey.ui.bureau")
	}
	key := "bureau_survey.ui.remind_notice"
	if r.Kind == app.ReminderSurvey {
		key = "bureau_survey.ui.remind_survey"
	}
	text := i18n.T(key, from, app.FormatMinute(r.SentAt), r.Title)
	if r.AckPercent > 0 {
		text += "\n" + i18n.T("bureau_survey.ui.remind_acks", r.AckPercent)
	}
	var dlg dialog.Dialog
	openB := widget.NewButtonWithIcon(i18n.T("bureau_survey.ui.remind_open"), theme.NavigateNextIcon(), func() {
		dlg.Hide()
		if open != nil {
			open()
		}
	})
	openB.Importance = widget.HighImportance
	if r.RefID == 0 || open == nil {
		openB.Disable()
	}
	dismissB := widget.NewButtonWithIcon(i18n.T("bureau_survey.ui.remind_dismiss"), theme.VisibilityOffIcon(), func() {
		dlg.Hide()
		ctx, svc := env.Ctx(), env.Services.BureauSurveys
		run(func() {
			err := svc.DismissReminder(ctx, r.ID)
			fyne.Do(func() {
				if err != nil {
					env.ShowError(err)
					return
				}
				if dismissed != nil {
					dismissed()
				}
			})
		})
	})
	closeB := widget.NewButton(i18n.T("dialog.ok"), func() { dlg.Hide() })
	body := container.NewVBox(newWrapLabel(text), container.NewHBox(layout.NewSpacer(), closeB, dismissB, openB))
	dlg = dialog.NewCustomWithoutButtons(i18n.T("bureau_survey.ui.remind_title"), container.New(minWidth(480), body), env.Window)
	dlg.Show()
}

// bureauTodoState is the badge of a bureau item on the workbench: 待填写,
// 催办.
func bureauTodoState(it app.TodoItem) string {
	if it.Kind == app.TodoReminder {
		return i18n.T("bureau_survey.ui.todo.reminder")
	}
	return i18n.T("bureau_survey.ui.todo.survey")
}

// reminderTodoMeta is the line under a reminder: who sent it, when.
func reminderTodoMeta(it app.TodoItem) string {
	from := it.Reminder.From
	if from == "" {
		from = i18n.T("bureau_survey.ui.bureau")
	}
	kind := i18n.T("workbench.todo.kind.notice")
	if it.Reminder.Kind == app.ReminderSurvey {
		kind = i18n.T("workbench.todo.kind.bureau_survey")
	}
	return i18n.T("bureau_survey.ui.todo.reminder_meta", from, app.FormatMinute(it.Reminder.SentAt), kind)
}

// bureauActions adds to the workbench's actions what opens the bureau's
// surveys and reminders: on the notices page, where the bureau's notices
// are.
func (u *UI) bureauActions(a *WorkbenchActions, notices func() *NoticesScreen) {
	a.OpenBureauSurvey = func(id int64) { notices().OpenBureauSurvey(id) }
	a.OpenReminder = func(r *app.BureauReminder) {
		var open func()
		switch r.Kind {
		case app.ReminderNotice:
			open = func() { notices().Open(r.RefID) }
		case app.ReminderSurvey:
			open = func() { notices().OpenBureauSurvey(r.RefID) }
		}
		ShowReminder(u.env, runAsync, r, open, func() {
			if w, ok := u.screens[pageWorkbench].(*WorkbenchScreen); ok {
				w.Reload()
			}
		})
	}
}
