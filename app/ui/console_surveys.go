package ui

import (
	"slices"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

const consolePageSurveys = "surveys"

// consoleSurveys is 调查: the bureau's surveys, newest first, with how
// many schools answered; a survey opens its answers (consoleSurveyFollow);
// 新调查 opens the editor (consoleSurveyCompose).
type consoleSurveys struct {
	u    *ConsoleUI
	page listPage

	surveys []*app.HubSurvey
	rows    [][]string

	table    *widget.Table
	fit      *tableFit
	count    *widget.Label
	errL     *wrapLabel
	newB     *widget.Button
	refreshB *widget.Button

	// the sub-view open, for tests
	compose *consoleSurveyCompose
	follow  *consoleSurveyFollow
}

func newConsoleSurveys(u *ConsoleUI) *consoleSurveys {
	s := &consoleSurveys{u: u, page: newListPage()}
	s.table = newLabelTable(surveyHeaders(), func() int { return len(s.rows) }, func(row, col int) (string, widget.Importance) {
		if !s.surveys[row].RevokedAt.IsZero() {
			return s.rows[row][col], widget.LowImportance
		}
		return s.rows[row][col], widget.MediumImportance
	})
	s.table.OnSelected = func(id widget.TableCellID) {
		s.table.UnselectAll()
		if id.Row >= 0 && id.Row < len(s.surveys) {
			s.Open(s.surveys[id.Row])
		}
	}
	var tableBox fyne.CanvasObject
	s.fit, tableBox = fitColumns(s.table, s.columns())
	s.count = widget.NewLabel(i18n.T("settings.loading"))
	s.errL = errorLabel()
	s.refreshB = widget.NewButtonWithIcon(i18n.T("bureau_console.refresh"), theme.ViewRefreshIcon(), s.reload)
	buttons := container.NewHBox(s.refreshB)
	if u.can(app.BureauSendNotices) {
		s.newB = widget.NewButtonWithIcon(i18n.T("console_survey.new"), theme.ContentAddIcon(), s.Compose)
		s.newB.Importance = widget.HighImportance
		buttons.Add(s.newB)
	}
	head := container.NewBorder(nil, nil, nil, buttons, pageTitle(i18n.T("console_survey.nav")))
	s.page.listView = container.NewBorder(container.NewVBox(head, s.count, s.errL), nil, nil, nil, tableBox)
	s.page.setView(s.page.listView)
	s.connectionChanged()
	return s
}

func (s *consoleSurveys) Content() fyne.CanvasObject { return s.page.content(s.reload) }

func surveyHeaders() []string {
	return []string{i18n.T("bureau_console.col.title"), i18n.T("bureau_console.col.published"), i18n.T("bureau_console.col.deadline"),
		i18n.T("console_survey.col.answered"), i18n.T("bureau_console.col.state")}
}

func (s *consoleSurveys) columns() []column { return sentColumns(surveyHeaders(), s.rows) }

// sentColumns are the columns of a list of what the bureau sent (its
// notices, its surveys): title, published, deadline, a count, state.
func sentColumns(headers []string, rows [][]string) []column {
	cols := sampledColumns(headers, rows, 0)
	cols[1].samples = append(cols[1].samples, "2026-12-05 12:00")
	cols[2].samples = append(cols[2].samples, "2026-12-05")
	return cols
}

// sentRow is a row of such a list.
func sentRow(title string, published, deadline, revoked time.Time, count string) []string {
	state := i18n.T("bureau_console.notice.active")
	if !revoked.IsZero() {
		state = i18n.T("bureau_console.notice.revoked")
	}
	return []string{title, app.FormatMinute(published), app.FormatDate(deadline), count, state}
}

func (s *consoleSurveys) connectionChanged() {
	s.u.setActions(true, s.newB)
	if s.follow != nil {
		s.follow.actions()
	}
	if s.compose != nil {
		s.u.setActions(true, s.compose.sendB)
	}
}

// reload asks for the list again.
func (s *consoleSurveys) reload() {
	s.page.started = true
	consoleLoad(s.u, s.refreshB, s.errL, s.count, app.BureauConsole.Surveys, s.show)
}

func (s *consoleSurveys) show(ss []*app.HubSurvey) {
	slices.SortStableFunc(ss, func(a, b *app.HubSurvey) int { return b.PublishedAt.Compare(a.PublishedAt) })
	s.surveys = ss
	s.rows = make([][]string, len(ss))
	for i, sv := range ss {
		s.rows[i] = sentRow(sv.Title, sv.PublishedAt, sv.Deadline, sv.RevokedAt, strconv.Itoa(sv.Answered)+" / "+strconv.Itoa(sv.Schools))
	}
	s.count.SetText(i18n.T("console_survey.count", len(ss)))
	s.fit.measure(s.columns())
	s.table.Refresh()
}

// back shows the list again, as it is on the hub now.
func (s *consoleSurveys) back() {
	s.compose, s.follow = nil, nil
	s.page.setView(s.page.listView)
	s.reload()
}

// Compose opens the editor of a new survey.
func (s *consoleSurveys) Compose() {
	s.follow = nil
	s.compose = newConsoleSurveyCompose(s.u, s.back)
	s.page.setView(s.compose.Content())
	s.u.win.Canvas().Focus(s.compose.title)
}

// Open shows a survey's answers.
func (s *consoleSurveys) Open(sv *app.HubSurvey) {
	s.compose = nil
	s.follow = newConsoleSurveyFollow(s.u, sv, s.back)
	s.page.setView(s.follow.Content())
}
