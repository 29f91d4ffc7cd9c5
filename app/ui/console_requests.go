package ui

import (
	"context"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

const consolePageRequests = "requests"

// The orders of the requests' list.
const (
	requestSortWaiting = iota // the longest waiting first
	requestSortNewest
	requestSortSchool
)

// consoleRequests is 审批: the officer's queue (the schools' requests
// waiting at a step the officer may decide), or every request with a
// state picked; overdue ones in the warning colour. A request opens its
// view (consoleRequestView), where the officer decides.
type consoleRequests struct {
	u    *ConsoleUI
	page listPage
	now  func() time.Time

	items []*app.HubRequest
	rows  [][]string

	all      *widget.Check  // every request, not the queue
	state    *widget.Select // with all: the state picked
	stateBox *fyne.Container
	order    *widget.Select
	consoleList

	view *consoleRequestView // the request open, for tests
}

func newConsoleRequests(u *ConsoleUI) *consoleRequests {
	s := &consoleRequests{u: u, page: newListPage(), now: time.Now}
	s.consoleList = newConsoleList(consoleRequestHeaders(), s.columns(), func() int { return len(s.rows) }, s.rowCell,
		func(row int) { s.Open(s.items[row]) }, s.reload)
	s.state = widget.NewSelect(requestStateNames(), nil)
	s.state.SetSelectedIndex(0)
	s.state.OnChanged = func(string) { s.reload() }
	s.stateBox = wideSelect(s.state)
	s.stateBox.Hide()
	s.all = widget.NewCheck(i18n.T("console_request.all"), func(on bool) {
		s.stateBox.Hidden = !on
		s.stateBox.Refresh()
		s.reload()
	})
	s.order = widget.NewSelect([]string{i18n.T("console_request.sort.waiting"), i18n.T("console_request.sort.newest"),
		i18n.T("console_request.sort.school")}, nil)
	s.order.SetSelectedIndex(requestSortWaiting)
	s.order.OnChanged = func(string) { s.show(s.items) }
	head := container.NewBorder(nil, nil, nil, s.refreshB, pageTitle(i18n.T("console_request.nav")))
	filters := container.NewHBox(s.all, s.stateBox, widget.NewLabel(i18n.T("console_request.sort")), wideSelect(s.order))
	s.page.listView = container.NewBorder(container.NewVBox(head, filters, s.count, s.errL), nil, nil, nil, s.tableBox)
	s.page.setView(s.page.listView)
	return s
}

// rowCell is a cell of the list: an overdue request in the warning
// colour.
func (s *consoleRequests) rowCell(row, col int) (string, widget.Importance) {
	if s.items[row].Overdue(s.now()) {
		return s.rows[row][col], widget.WarningImportance
	}
	return s.rows[row][col], widget.MediumImportance
}

func (s *consoleRequests) Content() fyne.CanvasObject { return s.page.content(s.reload) }

func (s *consoleRequests) connectionChanged() {
	if s.view != nil {
		s.view.actions()
	}
}

func consoleRequestHeaders() []string {
	return []string{i18n.T("bureau_console.col.school"), i18n.T("console_request.col.type"), i18n.T("bureau_console.col.title"),
		i18n.T("console_request.col.state"), i18n.T("console_request.col.waited"), i18n.T("console_request.col.due")}
}

// columns: school, type, title, state (the step waiting), waited, due.
func (s *consoleRequests) columns() []column {
	cols := sampledColumns(consoleRequestHeaders(), s.rows, 2)
	cols[4].samples = append(cols[4].samples, i18n.T("console_request.waited_days", 12, 23))
	cols[5].samples = append(cols[5].samples, "2026-12-05")
	if slices.ContainsFunc(s.items, func(r *app.HubRequest) bool { return r.Overdue(s.now()) }) {
		cols[5].samples = append(cols[5].samples, i18n.T("console_request.due_overdue", "2026-12-05"))
	}
	return cols
}

// requestStates are the states the filter offers, after 全部状态 and
// before 超期.
var requestStates = []app.RequestState{app.RequestSubmitted, app.RequestReviewing, app.RequestApproved, app.RequestRejected, app.RequestWithdrawn}

func requestStateNames() []string {
	names := []string{i18n.T("console_request.state.any")}
	for _, st := range requestStates {
		names = append(names, app.StateLabel(st))
	}
	return append(names, i18n.T("console_request.state.overdue"))
}

// filter is what the state picked asks the hub for.
func (s *consoleRequests) filter() app.RequestFilter {
	i := s.state.SelectedIndex()
	switch {
	case i >= 1 && i <= len(requestStates):
		return app.RequestFilter{State: requestStates[i-1]}
	case i == len(requestStates)+1:
		return app.RequestFilter{Overdue: true}
	}
	return app.RequestFilter{}
}

// reload asks for the queue, or for every request the filter picks.
func (s *consoleRequests) reload() {
	s.page.started = true
	all, f := s.all.Checked, s.filter()
	consoleLoad(s.u, s.refreshB, s.errL, s.count, func(c app.BureauConsole, ctx context.Context) ([]*app.HubRequest, error) {
		if all {
			return c.AllRequests(ctx, f)
		}
		return c.RequestQueue(ctx)
	}, s.show)
}

// show lists items in the order picked.
func (s *consoleRequests) show(items []*app.HubRequest) {
	items = slices.Clone(items)
	switch s.order.SelectedIndex() {
	case requestSortNewest:
		slices.SortStableFunc(items, func(a, b *app.HubRequest) int { return b.ReceivedAt.Compare(a.ReceivedAt) })
	case requestSortSchool:
		slices.SortStableFunc(items, func(a, b *app.HubRequest) int {
			if c := strings.Compare(a.Org.Township, b.Org.Township); c != 0 {
				return c
			}
			return strings.Compare(a.Org.Name, b.Org.Name)
		})
	default:
		slices.SortStableFunc(items, func(a, b *app.HubRequest) int { return a.ReceivedAt.Compare(b.ReceivedAt) })
	}
	now := s.now()
	s.items = items
	s.rows = make([][]string, len(items))
	overdue := 0
	for i, r := range items {
		if r.Overdue(now) {
			overdue++
		}
		due := app.FormatDate(r.Due)
		if r.Overdue(now) {
			due = i18n.T("console_request.due_overdue", due) // not by colour alone
		}
		s.rows[i] = []string{r.Org.Name, app.TypeLabel(r.Type), r.Title, requestStateText(r), waitedText(r.Waiting(now)), due}
	}
	key := "console_request.count_queue"
	if s.all.Checked {
		key = "console_request.count_all"
	}
	s.count.SetText(i18n.T(key, len(items), overdue))
	s.fit.measure(s.columns())
	s.table.Refresh()
}

// requestStateText is a request's state, with the step it waits at.
func requestStateText(r *app.HubRequest) string {
	if step, ok := r.WaitingStep(); ok {
		return i18n.T("console_request.state.at_step", app.StateLabel(r.State), step.Name)
	}
	return app.StateLabel(r.State)
}

// waitedText is how long a request waited, in days and hours.
func waitedText(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	days, hours := int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour)
	if days == 0 {
		return i18n.T("console_request.waited_hours", hours)
	}
	return i18n.T("console_request.waited_days", days, hours)
}

// Open shows a request, as the hub has it now.
func (s *consoleRequests) Open(r *app.HubRequest) {
	s.view = newConsoleRequestView(s.u, r, s.now, s.back)
	s.page.setView(s.view.Content())
}

// back shows the list again, as it is on the hub now.
func (s *consoleRequests) back() {
	s.view = nil
	s.page.setView(s.page.listView)
	s.reload()
}

// wideSelect holds sel as wide as its longest option reads whole.
func wideSelect(sel *widget.Select) *fyne.Container {
	var w float32
	for _, o := range sel.Options {
		w = max(w, widget.NewLabel(o).MinSize().Width)
	}
	return container.New(minWidth(w+theme.IconInlineSize()+2*theme.Padding()), sel)
}
