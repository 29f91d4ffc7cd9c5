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

	table    *widget.Table
	fit      *tableFit
	count    *widget.Label
	errL     *wrapLabel
	newB     *widget.Button // nil for an account that may not send
	refreshB *widget.Button
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
	s.table = newLabelTable(s.headers(), func() int { return len(s.rows) }, func(row, col int) (string, widget.Importance) {
		if !k.sent(s.items[row]).Revoked.IsZero() {
			return s.rows[row][col], widget.LowImportance
		}
		return s.rows[row][col], widget.MediumImportance
	})
	s.table.OnSelected = func(id widget.TableCellID) {
		s.table.UnselectAll()
		if id.Row >= 0 && id.Row < len(s.items) {
			k.open(s.items[id.Row])
		}
	}
	var tableBox fyne.CanvasObject
	s.fit, tableBox = fitColumns(s.table, s.columns())
	s.count = widget.NewLabel(i18n.T("settings.loading"))
	s.errL = errorLabel()
	s.refreshB = widget.NewButtonWithIcon(i18n.T("bureau_console.refresh"), theme.ViewRefreshIcon(), s.reload)
	buttons := container.NewHBox(s.refreshB)
	if u.can(app.BureauSendNotices) {
		s.newB = widget.NewButtonWithIcon(i18n.T(k.newLabel), theme.ContentAddIcon(), k.compose)
		s.newB.Importance = widget.HighImportance
		buttons.Add(s.newB)
	}
	head := container.NewBorder(nil, nil, nil, buttons, pageTitle(i18n.T(k.title)))
	s.page.listView = container.NewBorder(container.NewVBox(head, s.count, s.errL), nil, nil, nil, tableBox)
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
