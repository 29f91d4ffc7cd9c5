package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// pageRequests is the 局校申报 page: the school's requests to its bureau,
// for those who oversee the school (app.RequestService allows no one
// else).
const pageRequests = "requests"

// RequestsScreen lists the school's requests, newest first, with their
// state as the hub's feed last told it; a draft opens in the editor
// (request_editor.go), any other request in its view with every step the
// bureau decided, and 撤回 while it waits.
type RequestsScreen struct {
	env *Env
	// run starts background work; tests make it synchronous.
	run func(func())

	listPage

	table    *widget.Table
	fit      *tableFit
	tableBox fyne.CanvasObject // the table fitted to its width
	body     *fyne.Container   // a message, or the table
	items    []*app.Request
	rows     [][]string
	loads    int
	newB     *widget.Button // nil for an account that may change nothing
	canEdit  bool

	// the open sub-view, for tests; nil on the list
	editor *requestEditor
	view   *requestView
}

// The list's columns.
const (
	rqColTitle = iota
	rqColType
	rqColState
	rqColSubmitted
	rqColStep
)

// NewRequestsScreen builds the page; its list loads when first shown.
func NewRequestsScreen(env *Env) *RequestsScreen {
	s := &RequestsScreen{env: env, run: func(f func()) { runAsync(f) }, listPage: newListPage(),
		canEdit: env.Account.ReadsAll() && !env.Account.ReadOnly}
	s.buildList()
	s.showList()
	return s
}

// Content returns the page, loading the list the first time.
func (s *RequestsScreen) Content() fyne.CanvasObject { return s.content(s.Reload) }

// Compose opens the editor on a new request.
func (s *RequestsScreen) Compose() {
	s.started = true
	s.view = nil
	s.editor = newRequestEditor(s, nil)
	s.setView(s.editor.content)
}

// Open shows request id as it is stored now: a draft in the editor, any
// other in its view. The workbench's decided requests open here.
func (s *RequestsScreen) Open(id int64) {
	s.started = true
	ctx, svc := s.env.Ctx(), s.env.Services.Requests
	s.run(func() {
		r, err := svc.Request(ctx, id)
		fyne.Do(func() {
			if err != nil {
				s.env.ShowError(err)
				return
			}
			s.show(r)
		})
	})
}

// show opens r: a draft to edit, any other to read.
func (s *RequestsScreen) show(r *app.Request) {
	if r.State == app.RequestDraft && s.canEdit {
		s.view = nil
		s.editor = newRequestEditor(s, r)
		s.setView(s.editor.content)
		return
	}
	s.editor = nil
	s.view = newRequestView(s, r)
	s.setView(s.view.content)
}

func (s *RequestsScreen) showList() {
	s.editor, s.view = nil, nil
	s.setView(s.listView)
}

// back shows the list again, loaded afresh: the view left may have
// changed it.
func (s *RequestsScreen) back() {
	s.showList()
	s.Reload()
}

func requestHeaders() []string {
	return []string{i18n.T("requestpage.col.title"), i18n.T("requestpage.col.type"), i18n.T("requestpage.col.state"),
		i18n.T("requestpage.col.submitted"), i18n.T("requestpage.col.step")}
}

func (s *RequestsScreen) buildList() {
	s.table = newLabelTable(requestHeaders(), func() int { return len(s.rows) }, func(row, col int) (string, widget.Importance) {
		if col == rqColState {
			return s.rows[row][col], requestStateImportance(s.items[row].State)
		}
		return s.rows[row][col], widget.MediumImportance
	})
	s.table.OnSelected = func(id widget.TableCellID) {
		s.table.UnselectAll()
		if id.Row >= 0 && id.Row < len(s.items) {
			s.show(s.items[id.Row])
		}
	}
	s.fit, s.tableBox = fitColumns(s.table, s.columns())
	s.body = container.NewStack(s.tableBox)
	s.showMessage(i18n.T("requestpage.loading"))

	refresh := widget.NewButtonWithIcon("", theme.ViewRefreshIcon(), s.Reload)
	refresh.Importance = widget.LowImportance
	buttons := container.NewHBox(refresh)
	if s.canEdit {
		s.newB = widget.NewButtonWithIcon(i18n.T("requestpage.new"), theme.ContentAddIcon(), s.Compose)
		s.newB.Importance = widget.HighImportance
		buttons.Add(s.newB)
	}
	top := container.NewBorder(nil, nil, nil, buttons, pageTitle(i18n.T("nav.requests")))
	hint := newWrapLabel(i18n.T("requestpage.hint"))
	hint.Importance = widget.LowImportance
	s.listView = container.NewBorder(container.NewVBox(top, hint), nil, nil, nil, s.body)
}

// columns: the title takes what is left, the step or opinion gives way
// next; type, state and day are read whole.
func (s *RequestsScreen) columns() []column {
	cols := sampledColumns(requestHeaders(), s.rows, rqColTitle)
	for _, t := range app.RequestTemplates {
		cols[rqColType].samples = append(cols[rqColType].samples, app.TypeLabel(t.Type))
	}
	for _, st := range []app.RequestState{app.RequestDraft, app.RequestSubmitted, app.RequestReviewing, app.RequestApproved,
		app.RequestRejected, app.RequestWithdrawn} {
		cols[rqColState].samples = append(cols[rqColState].samples, app.StateLabel(st))
	}
	cols[rqColSubmitted].samples = append(cols[rqColSubmitted].samples, "2026-12-05")
	cols[rqColStep].kind = colText
	return cols
}

func (s *RequestsScreen) showMessage(text string) {
	s.body.Objects = []fyne.CanvasObject{messageView(text, nil)}
	s.body.Refresh()
}

// Reload loads the requests off the UI goroutine.
func (s *RequestsScreen) Reload() {
	s.started = true
	s.loads++
	gen := s.loads
	ctx, svc := s.env.Ctx(), s.env.Services.Requests
	s.run(func() {
		items, err := svc.Requests(ctx)
		fyne.Do(func() {
			if gen != s.loads {
				return
			}
			if err != nil {
				s.showMessage(i18n.Err(err))
				return
			}
			s.setItems(items)
		})
	})
}

func (s *RequestsScreen) setItems(items []*app.Request) {
	s.items = items
	s.rows = make([][]string, len(items))
	for i, r := range items {
		s.rows[i] = []string{r.Title, app.TypeLabel(r.Type), app.StateLabel(r.State), app.FormatDate(r.SubmittedAt.Local()), requestStep(r)}
	}
	s.fit.measure(s.columns())
	if len(items) == 0 {
		s.showMessage(i18n.T("requestpage.empty"))
	} else {
		s.body.Objects = []fyne.CanvasObject{s.tableBox}
		s.body.Refresh()
	}
	s.table.Refresh()
}

// requestStep is where a request is in a line: the step it waits at, the
// bureau's opinion once decided.
func requestStep(r *app.Request) string {
	switch {
	case r.State == app.RequestDraft:
		return i18n.T("requestpage.step.draft")
	case r.State.Open():
		for _, st := range r.Steps {
			if st.By == "" {
				return i18n.T("requestpage.step.waiting", st.Name)
			}
		}
		return i18n.T("requestpage.step.to_send")
	case r.State.Decided():
		return i18n.T("requestpage.step.opinion", requestOpinion(r.Opinion))
	}
	return ""
}

// requestOpinion is the bureau's opinion, or 无.
func requestOpinion(s string) string {
	if strings.TrimSpace(s) == "" {
		return i18n.T("approvals.todo.no_opinion")
	}
	return s
}

func requestStateImportance(st app.RequestState) widget.Importance {
	switch st {
	case app.RequestSubmitted, app.RequestReviewing:
		return widget.WarningImportance
	case app.RequestApproved:
		return widget.SuccessImportance
	case app.RequestRejected:
		return widget.DangerImportance
	case app.RequestWithdrawn:
		return widget.LowImportance
	}
	return widget.MediumImportance
}
