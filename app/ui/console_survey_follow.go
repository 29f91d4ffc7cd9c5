package ui

import (
	"context"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// consoleSurveyFollow follows a bureau survey: each school's answer and
// when it gave it, the totals (the sum of each number, the count of each
// option) and the schools that have not answered, to 催办; the Excel
// export writes all three.
type consoleSurveyFollow struct {
	u      *ConsoleUI
	survey *app.HubSurvey
	status *app.HubSurveyStatus

	rows, totals, missing [][]string

	table, totalsT, missingT *widget.Table
	fit, totalsFit, missFit  *tableFit
	tabs                     *container.AppTabs
	summary                  *wrapLabel
	errL                     *wrapLabel
	export                   *widget.Button
	refresh                  *widget.Button
	remindB                  *widget.Button
	revoke                   *widget.Button
	root                     fyne.CanvasObject
}

func newConsoleSurveyFollow(u *ConsoleUI, sv *app.HubSurvey, back func()) *consoleSurveyFollow {
	s := &consoleSurveyFollow{u: u, survey: sv}
	s.table = newLabelTable(surveySchoolHeaders(), func() int { return len(s.rows) }, func(row, col int) (string, widget.Importance) {
		if s.status.Schools[row].AnsweredAt.IsZero() {
			return s.rows[row][col], widget.WarningImportance
		}
		return s.rows[row][col], widget.MediumImportance
	})
	s.totalsT = newLabelTable(surveyTotalHeaders(), func() int { return len(s.totals) }, func(row, col int) (string, widget.Importance) {
		return s.totals[row][col], widget.MediumImportance
	})
	s.missingT = newLabelTable(surveyMissingHeaders(), func() int { return len(s.missing) }, func(row, col int) (string, widget.Importance) {
		return s.missing[row][col], widget.MediumImportance
	})
	var schoolsBox, totalsBox, missingBox fyne.CanvasObject
	s.fit, schoolsBox = fitColumns(s.table, s.schoolColumns())
	s.totalsFit, totalsBox = fitColumns(s.totalsT, sampledColumns(surveyTotalHeaders(), s.totals, 1))
	s.missFit, missingBox = fitColumns(s.missingT, sampledColumns(surveyMissingHeaders(), s.missing, 1))
	s.tabs = container.NewAppTabs(
		container.NewTabItem(i18n.T("console_survey.tab.schools"), schoolsBox),
		container.NewTabItem(i18n.T("console_survey.tab.totals"), totalsBox),
		container.NewTabItem(i18n.T("console_survey.tab.not_answered"), missingBox),
	)
	s.summary = newWrapLabel(i18n.T("settings.loading"))
	s.errL = errorLabel()
	var export func()
	if u.opts.WriteSurveyStatus != nil {
		export = s.exportXLSX
	}
	bar, header := followHeader(u, sv.Title, back, s.reload, export, s.askRemind, s.askRevoke)
	s.refresh, s.export, s.remindB, s.revoke = bar.refresh, bar.export, bar.remind, bar.revoke
	s.root = container.NewBorder(container.NewVBox(header, s.summary, s.errL), nil, nil, nil, s.tabs)
	s.actions()
	s.reload()
	return s
}

func (s *consoleSurveyFollow) Content() fyne.CanvasObject { return s.root }

func surveySchoolHeaders() []string {
	return []string{i18n.T("bureau_console.col.township"), i18n.T("bureau_console.col.school"), i18n.T("console_survey.col.answered_at"),
		i18n.T("console_survey.col.versions"), i18n.T("console_survey.col.answers")}
}

func surveyTotalHeaders() []string {
	return []string{i18n.T("console_survey.col.question"), i18n.T("console_survey.col.total")}
}

func surveyMissingHeaders() []string {
	return []string{i18n.T("bureau_console.col.township"), i18n.T("bureau_console.col.school")}
}

func (s *consoleSurveyFollow) schoolColumns() []column {
	cols := sampledColumns(surveySchoolHeaders(), s.rows, 4)
	cols[2].samples = append(cols[2].samples, "12-05 12:00")
	return cols
}

// actions: the export while there is something to write; 催办 while
// some school has not answered; revoking while the survey stands; the
// changes only while the hub answers.
func (s *consoleSurveyFollow) actions() {
	if s.export != nil {
		if s.status != nil {
			s.export.Enable()
		} else {
			s.export.Disable()
		}
	}
	active := s.survey.RevokedAt.IsZero()
	s.u.setActions(active, s.revoke)
	s.u.setActions(active && s.status != nil && len(s.status.NotAnswered) > 0, s.remindB)
}

func (s *consoleSurveyFollow) reload() {
	ref := strconv.FormatInt(s.survey.ID, 10)
	fetch := func(c app.BureauConsole, ctx context.Context) (*app.HubSurveyStatus, error) {
		return c.SurveyStatus(ctx, ref)
	}
	consoleLoad(s.u, s.refresh, s.errL, nil, fetch, s.show)
}

func (s *consoleSurveyFollow) show(st *app.HubSurveyStatus) {
	s.status = st
	if st.Survey != nil {
		s.survey = st.Survey
	}
	sep := i18n.T("console_survey.list_sep")
	s.rows = make([][]string, len(st.Schools))
	for i, sc := range st.Schools {
		when, versions := i18n.T("console_survey.not_answered"), ""
		var answers []string
		if !sc.AnsweredAt.IsZero() {
			when, versions = shortMinute(sc.AnsweredAt), strconv.Itoa(sc.Versions)
			for j, v := range sc.Values {
				if !v.Blank() {
					answers = append(answers, i18n.T("console_survey.answer", j+1, v.Display(sep)))
				}
			}
		}
		s.rows[i] = []string{sc.Org.Township, sc.Org.Name, when, versions, strings.Join(answers, i18n.T("console_survey.answer_sep"))}
	}
	s.totals = make([][]string, len(st.Totals))
	for i, t := range st.Totals {
		s.totals[i] = []string{i18n.T("console_survey.answer", i+1, t.Question.Label), surveyTotalText(t, sep)}
	}
	s.missing = make([][]string, len(st.NotAnswered))
	for i, o := range st.NotAnswered {
		s.missing[i] = []string{o.Township, o.Name}
	}
	text := i18n.T("console_survey.summary", s.survey.Answered, s.survey.Schools, len(st.NotAnswered))
	if !s.survey.Deadline.IsZero() {
		text += i18n.T("console_survey.summary_deadline", app.FormatDate(s.survey.Deadline))
	}
	if !s.survey.RevokedAt.IsZero() {
		text = i18n.T("bureau_console.follow.revoked_at", app.FormatMinute(s.survey.RevokedAt)) + " " + text
	}
	s.summary.SetText(text)
	s.tabs.Items[2].Text = i18n.T("console_survey.tab.not_answered_n", len(st.NotAnswered))
	s.tabs.Refresh()
	s.fit.measure(s.schoolColumns())
	s.totalsFit.measure(sampledColumns(surveyTotalHeaders(), s.totals, 1))
	s.missFit.measure(sampledColumns(surveyMissingHeaders(), s.missing, 1))
	s.table.Refresh()
	s.totalsT.Refresh()
	s.missingT.Refresh()
	s.actions()
}

// surveyTotalText is a question's total in a line: the sum of a number,
// each option's count, how many answered a text.
func surveyTotalText(t app.SurveyTotal, sep string) string {
	switch t.Question.Kind {
	case app.QuestionNumber:
		return i18n.T("console_survey.total_sum", strconv.FormatFloat(t.Sum, 'f', -1, 64), t.Answered)
	case app.QuestionChoice, app.QuestionMulti:
		parts := make([]string, len(t.Question.Options))
		for i, o := range t.Question.Options {
			parts[i] = i18n.T("console_survey.total_option", o, t.Counts[i])
		}
		return strings.Join(parts, sep)
	}
	return i18n.T("console_survey.total_text", t.Answered)
}

// exportXLSX writes the answers, the totals and the schools not
// answered to Excel.
func (s *consoleSurveyFollow) exportXLSX() {
	st, write := s.status, s.u.opts.WriteSurveyStatus
	consoleExport(s.u, s.survey.Title, func(path string) error { return write(path, st) })
}

// askRemind sends a 催办 to the schools not answered, each ticked in a
// list the officer can untick.
func (s *consoleSurveyFollow) askRemind() {
	st := s.status
	if st == nil {
		return
	}
	send := widget.NewButtonWithIcon(i18n.T("console_survey.remind_submit"), theme.MailSendIcon(), nil)
	send.Importance = widget.HighImportance
	picks := newRemindPicks(send)
	picks.set(st.NotAnswered)
	text := i18n.T("console_survey.remind_survey", st.Survey.Title)
	showRemindDialog(s.u, picks.view(confirmText(text, st.Survey.Title)), send, func() app.RemindDraft {
		return app.RemindDraft{Ref: strconv.FormatInt(st.Survey.ID, 10), Orgs: picks.picked()}
	}, app.BureauConsole.RemindSurvey, s.reload)
}

// askRevoke revokes the survey at every school, after asking.
func (s *consoleSurveyFollow) askRevoke() {
	sv := s.survey
	consoleRevoke(s.u, i18n.T("console_survey.revoke"), confirmText(i18n.T("console_survey.revoke_confirm", sv.Title, sv.Schools), sv.Title),
		i18n.T("console_survey.revoke_submit"), func(c app.BureauConsole, ctx context.Context) error {
			_, err := c.RevokeSurvey(ctx, sv.ID)
			return err
		}, s.reload)
}
