package ui

import (
	"slices"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// consoleNotices is 局校通知: the bureau's notices, newest first; a
// notice opens its progress per school (consoleFollow); 新通知 opens the
// editor (consoleCompose).
type consoleNotices struct {
	u    *ConsoleUI
	page listPage

	notices []*app.HubNotice
	rows    [][]string

	table    *widget.Table
	fit      *tableFit
	count    *widget.Label
	errL     *wrapLabel
	newB     *widget.Button
	refreshB *widget.Button

	// the sub-view open, for tests
	compose *consoleCompose
	follow  *consoleFollow
}

func newConsoleNotices(u *ConsoleUI) *consoleNotices {
	s := &consoleNotices{u: u, page: newListPage()}
	s.build()
	return s
}

func (s *consoleNotices) Content() fyne.CanvasObject { return s.page.content(s.reload) }

func noticeHeaders() []string {
	return []string{i18n.T("bureau_console.col.title"), i18n.T("bureau_console.col.published"), i18n.T("bureau_console.col.deadline"),
		i18n.T("bureau_console.col.schools"), i18n.T("bureau_console.col.state")}
}

func (s *consoleNotices) build() {
	s.table = newLabelTable(noticeHeaders(), func() int { return len(s.rows) }, func(row, col int) (string, widget.Importance) {
		if !s.notices[row].RevokedAt.IsZero() {
			return s.rows[row][col], widget.LowImportance
		}
		return s.rows[row][col], widget.MediumImportance
	})
	s.table.OnSelected = func(id widget.TableCellID) {
		s.table.UnselectAll()
		if id.Row >= 0 && id.Row < len(s.notices) {
			s.Open(s.notices[id.Row])
		}
	}
	var tableBox fyne.CanvasObject
	s.fit, tableBox = fitColumns(s.table, s.columns())
	s.count = widget.NewLabel(i18n.T("settings.loading"))
	s.errL = errorLabel()
	s.refreshB = widget.NewButtonWithIcon(i18n.T("bureau_console.refresh"), theme.ViewRefreshIcon(), s.reload)
	buttons := container.NewHBox(s.refreshB)
	if s.u.can(app.BureauSendNotices) {
		s.newB = widget.NewButtonWithIcon(i18n.T("bureau_console.notices.new"), theme.ContentAddIcon(), s.Compose)
		s.newB.Importance = widget.HighImportance
		buttons.Add(s.newB)
	}
	head := container.NewBorder(nil, nil, nil, buttons, pageTitle(i18n.T("bureau_console.nav.notices")))
	s.page.listView = container.NewBorder(container.NewVBox(head, s.count, s.errL), nil, nil, nil, tableBox)
	s.page.setView(s.page.listView)
	s.connectionChanged()
}

func (s *consoleNotices) columns() []column { return sentColumns(noticeHeaders(), s.rows) }

func (s *consoleNotices) connectionChanged() {
	s.u.setActions(true, s.newB)
	if s.follow != nil {
		s.follow.actions()
	}
	if s.compose != nil {
		s.u.setActions(true, s.compose.sendB)
	}
}

// reload asks for the list again.
func (s *consoleNotices) reload() {
	s.page.started = true
	consoleLoad(s.u, s.refreshB, s.errL, s.count, app.BureauConsole.Notices, s.show)
}

func (s *consoleNotices) show(ns []*app.HubNotice) {
	slices.SortStableFunc(ns, func(a, b *app.HubNotice) int { return b.PublishedAt.Compare(a.PublishedAt) })
	s.notices = ns
	s.rows = make([][]string, len(ns))
	for i, n := range ns {
		s.rows[i] = sentRow(n.Title, n.PublishedAt, n.Deadline, n.RevokedAt, strconv.Itoa(n.Schools))
	}
	s.count.SetText(i18n.T("bureau_console.notices.count", len(ns)))
	s.fit.measure(s.columns())
	s.table.Refresh()
}

// back shows the list again, as it is on the hub now.
func (s *consoleNotices) back() {
	s.compose, s.follow = nil, nil
	s.page.setView(s.page.listView)
	s.reload()
}

// Compose opens the editor of a new notice.
func (s *consoleNotices) Compose() {
	s.follow = nil
	s.compose = newConsoleCompose(s.u, s.back)
	s.page.setView(s.compose.Content())
	s.u.win.Canvas().Focus(s.compose.title)
}

// Open shows a notice's progress per school.
func (s *consoleNotices) Open(n *app.HubNotice) {
	s.compose = nil
	s.follow = newConsoleFollow(s.u, n, s.back)
	s.page.setView(s.follow.Content())
}
