package ui

import (
	"cmp"
	"context"
	"image/color"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// consoleSurveyCompose is the editor of a bureau survey: its title, an
// introduction, the questions (a number, one choice or several of the
// options, a short text), a deadline and the schools it goes to (the
// notice editor's choice). Sending asks first, saying how many schools it
// reaches.
type consoleSurveyCompose struct {
	u    *ConsoleUI
	back func()

	*consoleTargets

	title       *widget.Entry
	intro       *widget.Entry
	deadline    *widget.Entry
	questions   []*surveyQuestionRow
	questionsBx *fyne.Container
	addB        *widget.Button
	errL        *wrapLabel
	sendB       *widget.Button
	confirm     dialog.Dialog // the question before sending, for tests
	root        fyne.CanvasObject
}

// surveyQuestionRow is one question in the editor.
type surveyQuestionRow struct {
	label   *widget.Entry
	kind    *widget.Select
	options *widget.Entry // one option a line: a choice's
}

// surveyKinds are the kinds of question, in the editor's order.
var surveyKinds = []app.SurveyQuestionKind{app.QuestionNumber, app.QuestionChoice, app.QuestionMulti, app.QuestionText}

func surveyKindName(k app.SurveyQuestionKind) string {
	return i18n.T("console_survey.kind." + string(k))
}

func newConsoleSurveyCompose(u *ConsoleUI, back func()) *consoleSurveyCompose {
	s := &consoleSurveyCompose{u: u, back: back, consoleTargets: newConsoleTargets()}
	s.title = widget.NewEntry()
	s.title.SetPlaceHolder(i18n.T("console_survey.title_hint"))
	s.intro = widget.NewMultiLineEntry()
	s.intro.Wrapping = fyne.TextWrapWord
	s.intro.SetMinRowsVisible(2)
	s.intro.SetPlaceHolder(i18n.T("console_survey.intro_hint"))
	s.deadline = widget.NewEntry()
	s.deadline.SetPlaceHolder(i18n.T("bureau_console.compose.deadline_hint"))
	s.questionsBx = container.NewVBox()
	s.addB = widget.NewButtonWithIcon(i18n.T("console_survey.add_question"), theme.ContentAddIcon(), func() {
		s.addQuestion()
		s.u.win.Canvas().Focus(s.questions[len(s.questions)-1].label)
	})
	s.addQuestion()
	s.errL = errorLabel()

	form := widget.NewForm(
		widget.NewFormItem(i18n.T("bureau_console.compose.title"), s.title),
		widget.NewFormItem(i18n.T("console_survey.intro"), s.intro),
		widget.NewFormItem(i18n.T("console_survey.questions"), container.NewVBox(s.questionsBx, container.NewHBox(s.addB))),
		widget.NewFormItem(i18n.T("bureau_console.col.deadline"), s.deadline),
		widget.NewFormItem(i18n.T("bureau_console.compose.targets"), s.box()),
	)
	cancel := widget.NewButtonWithIcon(i18n.T("confirm.cancel"), theme.CancelIcon(), back)
	s.sendB = widget.NewButtonWithIcon(i18n.T("console_survey.send"), theme.MailSendIcon(), s.askSend)
	s.sendB.Importance = widget.HighImportance
	header := subViewHeader(i18n.T("console_survey.new"), back)
	s.root = editorView(header, form, actionBar([]fyne.CanvasObject{s.errL}, s.reach, cancel, s.sendB))
	s.u.setActions(true, s.sendB)
	consoleLoad(s.u, nil, s.errL, nil, app.BureauConsole.Orgs, s.setOrgs)
	return s
}

func (s *consoleSurveyCompose) Content() fyne.CanvasObject { return s.root }

// addQuestion adds an empty question, a number, at the end.
func (s *consoleSurveyCompose) addQuestion() {
	if len(s.questions) >= app.MaxSurveyQuestions {
		showInline(s.errL, app.Errorf(app.EINVALID, "bureau_survey.error.too_many_questions", len(s.questions)+1, app.MaxSurveyQuestions))
		return
	}
	q := &surveyQuestionRow{label: widget.NewEntry(), options: widget.NewMultiLineEntry()}
	q.label.SetPlaceHolder(i18n.T("console_survey.label_hint"))
	q.options.SetPlaceHolder(i18n.T("console_survey.options_hint"))
	q.options.SetMinRowsVisible(3)
	q.options.Hide()
	var names []string
	for _, k := range surveyKinds {
		names = append(names, surveyKindName(k))
	}
	q.kind = widget.NewSelect(names, func(string) {
		if k := q.kindOf(); k == app.QuestionChoice || k == app.QuestionMulti {
			q.options.Show()
		} else {
			q.options.Hide()
		}
	})
	q.kind.SetSelected(surveyKindName(app.QuestionNumber))
	s.questions = append(s.questions, q)
	s.showQuestions()
}

// showQuestions lays the questions out, numbered, each removable while
// more than one is left.
func (s *consoleSurveyCompose) showQuestions() {
	s.questionsBx.RemoveAll()
	for i, q := range s.questions {
		rm := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() {
			s.questions = slices.Delete(s.questions, i, i+1)
			s.showQuestions()
		})
		rm.Importance = widget.LowImportance
		if len(s.questions) == 1 {
			rm.Disable()
		}
		num := widget.NewLabelWithStyle(i18n.T("console_survey.question_n", i+1), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		line := container.NewBorder(nil, nil, num, container.NewHBox(q.kind, rm), q.label)
		indent := canvas.NewRectangle(color.Transparent) // the options stand under the question, not its number
		indent.SetMinSize(fyne.NewSize(num.MinSize().Width, 0))
		s.questionsBx.Add(container.NewVBox(line, container.NewBorder(nil, nil, indent, nil, q.options)))
	}
}

// kindOf is the kind picked.
func (q *surveyQuestionRow) kindOf() app.SurveyQuestionKind {
	for _, k := range surveyKinds {
		if surveyKindName(k) == q.kind.Selected {
			return k
		}
	}
	return app.QuestionNumber
}

// question is the row as typed: the options a line each, blank lines
// left out.
func (q *surveyQuestionRow) question() app.SurveyQuestion {
	out := app.SurveyQuestion{Label: strings.TrimSpace(q.label.Text), Kind: q.kindOf()}
	if out.Kind == app.QuestionChoice || out.Kind == app.QuestionMulti {
		for _, l := range strings.Split(q.options.Text, "\n") {
			if l = strings.TrimSpace(l); l != "" {
				out.Options = append(out.Options, l)
			}
		}
	}
	return out
}

// draft is the survey as typed, or the first problem with it.
func (s *consoleSurveyCompose) draft() (app.SurveyDraft, error) {
	d := app.SurveyDraft{Title: strings.TrimSpace(s.title.Text), Intro: strings.TrimSpace(s.intro.Text), Orgs: s.targets()}
	for _, q := range s.questions {
		d.Questions = append(d.Questions, q.question())
	}
	var err error
	switch {
	case d.Title == "":
		err = app.Errorf(app.EINVALID, "console_survey.error.title")
	default:
		err = cmp.Or(s.targetProblem(), app.ValidateQuestions(d.Questions))
	}
	if err == nil {
		d.Deadline, err = app.ParseDate(s.deadline.Text)
	}
	return d, err
}

// askSend says how many schools the survey reaches before it goes.
func (s *consoleSurveyCompose) askSend() {
	d, err := s.draft()
	showInline(s.errL, err)
	if err != nil {
		return
	}
	msg := confirmText(i18n.T("console_survey.confirm", d.Title, len(d.Questions), s.reaches()), d.Title)
	s.confirm = consoleSend(s.u, i18n.T("console_survey.confirm_title"), i18n.T("console_survey.send"), msg, s.sendB, s.errL,
		func(c app.BureauConsole, ctx context.Context) error {
			_, err := c.PublishSurvey(ctx, d)
			return err
		}, s.back)
}
