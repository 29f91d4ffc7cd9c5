package ui

import (
	"context"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// sentList is the list page of what the bureau sends (its notices, its
// surveys): newest first, revoked ones in grey; a row opens it, 新… opens
// the editor, and back returns to the list as it is on the hub now.
type sentList[T any] struct {
	u    *ConsoleUI
	page listPage
	kind sentKind[T]

	items []T // newest first
	rows  [][]string

	consoleList
	newB *widget.Button // nil for an account that may not send
}

// consoleList is what the console's list pages share: a table whose row
// opens its item, its columns fitted, the count line, the error and 刷新.
type consoleList struct {
	table    *widget.Table
	fit      *tableFit
	tableBox fyne.CanvasObject
	count    *widget.Label
	errL     *wrapLabel
	refreshB *widget.Button
}

// newConsoleList builds a list of rows rows under headers in cols, cell
// giving a cell; a row tapped calls open with its index, 刷新 reload.
func newConsoleList(headers []string, cols []column, rows func() int, cell func(row, col int) (string, widget.Importance),
	open func(row int), reload func()) consoleList {
	l := consoleList{table: newLabelTable(headers, rows, cell)}
	l.table.OnSelected = func(id widget.TableCellID) {
		l.table.UnselectAll()
		if id.Row >= 0 && id.Row < rows() {
			open(id.Row)
		}
	}
	l.fit, l.tableBox = fitColumns(l.table, cols)
	l.count = widget.NewLabel(i18n.T("settings.loading"))
	l.errL = errorLabel()
	l.refreshB = widget.NewButtonWithIcon(i18n.T("bureau_console.refresh"), theme.ViewRefreshIcon(), reload)
	return l
}

// sentKind is what a sentList lists and how.
type sentKind[T any] struct {
	title, newLabel, countKey string // translation keys
	countHeader               string // the key of the count column's header
	fetch                     func(app.BureauConsole, context.Context) ([]T, error)
	sent                      func(T) sentItem
	open                      func(T) // shows one
	compose                   func()  // shows the editor
	closed                    func()  // forgets the open view, as back leaves it
}

// sentItem is what a row of the list shows of a notice or survey.
type sentItem struct {
	Title                          string
	PublishedAt, Deadline, Revoked time.Time
	Count                          string
}

func newSentList[T any](u *ConsoleUI, k sentKind[T]) *sentList[T] {
	s := &sentList[T]{u: u, page: newListPage(), kind: k}
	s.consoleList = newConsoleList(s.headers(), s.columns(), func() int { return len(s.rows) }, func(row, col int) (string, widget.Importance) {
		if !k.sent(s.items[row]).Revoked.IsZero() {
			return s.rows[row][col], widget.LowImportance
		}
		return s.rows[row][col], widget.MediumImportance
	}, func(row int) { k.open(s.items[row]) }, s.reload)
	buttons := container.NewHBox(s.refreshB)
	if u.can(app.BureauSendNotices) {
		s.newB = widget.NewButtonWithIcon(i18n.T(k.newLabel), theme.ContentAddIcon(), k.compose)
		s.newB.Importance = widget.HighImportance
		buttons.Add(s.newB)
	}
	head := container.NewBorder(nil, nil, nil, buttons, pageTitle(i18n.T(k.title)))
	s.page.listView = container.NewBorder(container.NewVBox(head, s.count, s.errL), nil, nil, nil, s.tableBox)
	s.page.setView(s.page.listView)
	return s
}

func (s *sentList[T]) Content() fyne.CanvasObject { return s.page.content(s.reload) }

func (s *sentList[T]) headers() []string {
	return []string{i18n.T("bureau_console.col.title"), i18n.T("bureau_console.col.published"), i18n.T("bureau_console.col.deadline"),
		i18n.T(s.kind.countHeader), i18n.T("bureau_console.col.state")}
}

// columns: title, published, deadline, the count, state.
func (s *sentList[T]) columns() []column {
	cols := sampledColumns(s.headers(), s.rows, 0)
	cols[1].samples = append(cols[1].samples, "2026-12-05 12:00")
	cols[2].samples = append(cols[2].samples, "2026-12-05")
	return cols
}

// reload asks for the list again.
func (s *sentList[T]) reload() {
	s.page.started = true
	consoleLoad(s.u, s.refreshB, s.errL, s.count, s.kind.fetch, s.show)
}

func (s *sentList[T]) show(items []T) {
	slices.SortStableFunc(items, func(a, b T) int { return s.kind.sent(b).PublishedAt.Compare(s.kind.sent(a).PublishedAt) })
	s.items = items
	s.rows = make([][]string, len(items))
	for i, it := range items {
		s.rows[i] = sentRow(s.kind.sent(it))
	}
	s.count.SetText(i18n.T(s.kind.countKey, len(items)))
	s.fit.measure(s.columns())
	s.table.Refresh()
}

// sentRow is a row of the list.
func sentRow(it sentItem) []string {
	state := i18n.T("bureau_console.notice.active")
	if !it.Revoked.IsZero() {
		state = i18n.T("bureau_console.notice.revoked")
	}
	return []string{it.Title, app.FormatMinute(it.PublishedAt), app.FormatDate(it.Deadline), it.Count, state}
}

// back shows the list again, as it is on the hub now.
func (s *sentList[T]) back() {
	s.kind.closed()
	s.page.setView(s.page.listView)
	s.reload()
}
