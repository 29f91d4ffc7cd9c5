package ui

import (
	"image/color"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// WorkbenchActions are what the workbench's tiles and to-do items open.
// A nil action leaves its tile disabled and its items inert: the page it
// opens is not there (yet).
type WorkbenchActions struct {
	NewNotice    func()
	NewHomework  func()
	NewForm      func(kind app.FormKind) // a survey, a chain or a check-in
	Directory    func()
	OpenNotice   func(id int64)
	OpenHomework func(id int64)
	OpenForm     func(id int64)
	Attendance   func() // the roll call
	Exams        func() // the exams and their scores
	OpenLeave    func(id int64)
	NotTaken     func() // the classes that have not taken the roll today
	// the bureau's surveys and 催办 reminders (bureau_survey.go)
	OpenBureauSurvey func(id int64)
	OpenReminder     func(r *app.BureauReminder)
	// a request the bureau decided (requests.go)
	OpenRequest func(id int64)
}

// WorkbenchScreen is the home page after login: large tiles for the
// common actions and the to-do list (待办) of what is still open today.
type WorkbenchScreen struct {
	env     *Env
	actions WorkbenchActions
	// run starts background work and now tells the day; tests replace
	// both.
	run func(func())
	now func() time.Time

	root    fyne.CanvasObject
	tiles   []*tile
	list    *widget.List
	todo    *fyne.Container // swaps between loading, empty, error and list
	loading fyne.CanvasObject
	empty   fyne.CanvasObject
	failed  fyne.CanvasObject
	errText *wrapLabel

	items  []app.TodoItem
	loaded bool // items hold a finished load
	loads  int  // generation of the latest load, so a slow old one loses
}

// The tiles' minimum size; four side by side and two rows fit the
// content area of WindowSize with the to-do list below.
var tileSize = fyne.NewSize(150, 90)

// NewWorkbenchScreen builds the workbench. It loads the to-do list each
// time it is shown, so it reflects what was done on the other pages.
func NewWorkbenchScreen(env *Env, actions WorkbenchActions) *WorkbenchScreen {
	s := &WorkbenchScreen{env: env, actions: actions, run: func(f func()) { runAsync(f) }, now: time.Now}
	s.build()
	return s
}

// Content returns the screen's widgets and reloads the to-do list.
func (s *WorkbenchScreen) Content() fyne.CanvasObject {
	s.Reload()
	return s.root
}

func (s *WorkbenchScreen) build() {
	a := s.actions
	newForm := func(kind app.FormKind) func() {
		if a.NewForm == nil {
			return nil
		}
		return func() { a.NewForm(kind) }
	}
	// each tile's count: what waits for the account there; the
	// directory has nothing waiting
	count := func(key string, n func(c app.WorkbenchCounts) int) func(app.WorkbenchCounts) []string {
		return func(c app.WorkbenchCounts) []string { return countText(key, n(c)) }
	}
	s.tiles = []*tile{
		newTile(i18n.T("workbench.tile.notice"), theme.MailSendIcon(), a.NewNotice,
			count("workbench.count.notices", func(c app.WorkbenchCounts) int { return c.Notices })),
		newTile(i18n.T("workbench.tile.homework"), theme.DocumentCreateIcon(), a.NewHomework,
			count("workbench.count.homework", func(c app.WorkbenchCounts) int { return c.Homework })),
		newTile(i18n.T("workbench.tile.survey"), theme.FileTextIcon(), newForm(app.FormSurvey),
			count("workbench.count.forms", func(c app.WorkbenchCounts) int { return c.Surveys })),
		newTile(i18n.T("workbench.tile.chain"), theme.ListIcon(), newForm(app.FormChain),
			count("workbench.count.forms", func(c app.WorkbenchCounts) int { return c.Chains })),
		newTile(i18n.T("workbench.tile.checkin"), theme.ConfirmIcon(), newForm(app.FormCheckin),
			count("workbench.count.checkins", func(c app.WorkbenchCounts) int { return c.Checkins })),
		newTile(i18n.T("workbench.tile.attendance"), theme.CalendarIcon(), a.Attendance, func(c app.WorkbenchCounts) []string {
			return append(countText("workbench.count.not_taken", c.NotTaken), countText("workbench.count.leaves", c.Leaves)...)
		}),
		newTile(i18n.T("workbench.tile.grades"), theme.GridIcon(), a.Exams,
			count("workbench.count.exams", func(c app.WorkbenchCounts) int { return c.Exams })),
		newTile(i18n.T("workbench.tile.directory"), theme.AccountIcon(), a.Directory, nil),
	}
	grid := container.NewGridWithColumns(4)
	for _, t := range s.tiles {
		grid.Add(t)
	}

	s.list = widget.NewList(func() int { return len(s.items) }, newTodoRow, s.updateTodoRow)
	s.list.OnSelected = func(id widget.ListItemID) {
		s.list.UnselectAll()
		if id < len(s.items) {
			s.open(s.items[id])
		}
	}

	s.loading = container.NewCenter(container.New(minWidth(280), container.NewVBox(
		widget.NewLabelWithStyle(i18n.T("workbench.todo.loading"), fyne.TextAlignCenter, fyne.TextStyle{}),
		widget.NewProgressBarInfinite())))
	emptyText := widget.NewLabelWithStyle(i18n.T("workbench.todo.empty"), fyne.TextAlignCenter, fyne.TextStyle{})
	emptyText.Importance = widget.LowImportance
	s.empty = container.NewCenter(container.NewVBox(container.NewCenter(widget.NewIcon(theme.ConfirmIcon())), emptyText))
	s.errText = errorLabel()
	retry := widget.NewButtonWithIcon(i18n.T("workbench.retry"), theme.ViewRefreshIcon(), s.Reload)
	s.failed = container.NewCenter(container.New(minWidth(420), container.NewVBox(s.errText, container.NewCenter(retry))))
	s.todo = container.NewStack(s.loading)

	todoTitle := widget.NewLabelWithStyle(i18n.T("workbench.todo.title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	todoTitle.SizeName = theme.SizeNameSubHeadingText
	refresh := widget.NewButtonWithIcon("", theme.ViewRefreshIcon(), s.Reload)
	refresh.Importance = widget.LowImportance
	top := container.NewVBox(pageTitle(i18n.T("nav.workbench")), grid, widget.NewSeparator(), container.NewBorder(nil, nil, nil, refresh, todoTitle))
	s.root = container.NewBorder(top, nil, nil, nil, s.todo)
}

// Reload loads the to-do list off the UI goroutine. The list on show
// stays until the new one is there.
func (s *WorkbenchScreen) Reload() {
	s.loads++
	gen := s.loads
	if !s.loaded {
		s.setTodoView(s.loading)
	}
	ctx := s.env.Ctx()
	svc := s.env.Services.Workbench
	s.run(func() {
		wb, err := svc.Workbench(ctx)
		fyne.Do(func() {
			if gen != s.loads {
				return
			}
			if err != nil {
				s.loaded = false
				showInline(s.errText, err)
				s.setTodoView(s.failed)
				return
			}
			s.loaded = true
			s.items = wb.Todo
			for _, t := range s.tiles {
				t.setCounts(wb.Counts)
			}
			s.list.Refresh()
			if len(s.items) == 0 {
				s.setTodoView(s.empty)
			} else {
				s.setTodoView(s.list)
			}
		})
	})
}

func (s *WorkbenchScreen) setTodoView(o fyne.CanvasObject) {
	s.todo.Objects = []fyne.CanvasObject{o}
	s.todo.Refresh()
}

// open opens a to-do item through the action of its kind.
func (s *WorkbenchScreen) open(it app.TodoItem) {
	var open func(int64)
	switch it.Kind {
	case app.TodoNotice:
		open = s.actions.OpenNotice
	case app.TodoHomework:
		open = s.actions.OpenHomework
	case app.TodoForm:
		open = s.actions.OpenForm
	case app.TodoLeave:
		open = s.actions.OpenLeave
	case app.TodoRollCall:
		if s.actions.NotTaken != nil {
			open = func(int64) { s.actions.NotTaken() }
		}
	case app.TodoBureauSurvey:
		open = s.actions.OpenBureauSurvey
	case app.TodoRequest:
		open = s.actions.OpenRequest
	case app.TodoReminder:
		if s.actions.OpenReminder != nil {
			open = func(int64) { s.actions.OpenReminder(it.Reminder) }
		}
	}
	if open != nil {
		open(it.ID)
	}
}

// todoRow is a to-do line: the kind's icon, the title and due line, and
// on the right the progress bar or, for an item that has a state and no
// progress, a status badge; the scroll bar's width is kept clear at the
// right edge, so the list's scroll bar never lies over them.
type todoRow struct {
	widget.BaseWidget
	icon        *widget.Icon
	title, meta *widget.Label
	bar         *countBar
	barBox      fyne.CanvasObject
	badge       *widget.Label
	outline     *canvas.Rectangle
	badgeBox    fyne.CanvasObject
}

func newTodoRow() fyne.CanvasObject {
	r := &todoRow{icon: widget.NewIcon(theme.MailSendIcon()), bar: newCountBar(0, "")}
	r.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	r.title.Truncation = fyne.TextTruncateEllipsis
	r.meta = widget.NewLabel("")
	r.meta.Truncation = fyne.TextTruncateEllipsis
	r.barBox = container.NewCenter(container.New(minWidth(240), r.bar))
	r.badge = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	r.outline = canvas.NewRectangle(color.Transparent)
	r.outline.StrokeWidth = 1
	r.outline.CornerRadius = theme.InputRadiusSize()
	r.badgeBox = container.NewCenter(container.NewStack(r.outline, r.badge))
	r.badgeBox.Hide()
	r.ExtendBaseWidget(r)
	return r
}

func (r *todoRow) CreateRenderer() fyne.WidgetRenderer {
	gutter := canvas.NewRectangle(color.Transparent)
	gutter.SetMinSize(fyne.NewSize(theme.ScrollBarSize(), 0))
	right := container.NewHBox(container.NewStack(r.barBox, r.badgeBox), gutter)
	return widget.NewSimpleRenderer(container.NewBorder(nil, nil, r.icon, right, container.NewVBox(r.title, r.meta)))
}

// show puts an item in the row.
func (r *todoRow) show(it app.TodoItem, now time.Time) {
	r.title.SetText(todoTitle(it))
	r.meta.Importance = widget.MediumImportance
	if it.Overdue {
		r.meta.Importance = widget.DangerImportance
	}
	r.meta.SetText(todoMeta(it, now))
	r.icon.SetResource(todoIcon(it))
	text := todoProgress(it)
	if it.StatusOnly() {
		r.outline.StrokeColor = theme.Color(theme.ColorNameWarning) // of the theme now in use
		r.barBox.Hide()
		r.badge.SetText(text)
		r.badgeBox.Show()
		return
	}
	r.badgeBox.Hide()
	r.bar.Set(fraction(it.Done, it.Total), text)
	r.barBox.Show()
}

func (s *WorkbenchScreen) updateTodoRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id < len(s.items) {
		o.(*todoRow).show(s.items[id], s.now())
	}
}

// todoTitle names an item: its own title, or for the roll call how many
// classes have not taken it.
func todoTitle(it app.TodoItem) string {
	if it.Kind == app.TodoRollCall {
		return i18n.T("workbench.todo.not_taken", it.Total)
	}
	return it.Title
}

// todoProgress is an item's progress as the teacher reads it, e.g.
// 已确认 38/45, or the state of a status-only item.
func todoProgress(it app.TodoItem) string {
	switch {
	case it.Kind == app.TodoNotice:
		return i18n.T("workbench.todo.progress.notice", it.Done, it.Total)
	case it.Kind == app.TodoHomework:
		return i18n.T("workbench.todo.progress.homework", it.Done, it.Total)
	case it.Kind == app.TodoLeave:
		return leaveStateText(it.Leave.State)
	case it.Kind == app.TodoRollCall:
		return i18n.T("workbench.todo.not_taken_state")
	case it.Kind == app.TodoBureauSurvey, it.Kind == app.TodoReminder:
		return bureauTodoState(it)
	case it.Kind == app.TodoRequest:
		return app.StateLabel(it.Request.State) // request_todo.go
	case it.FormKind == app.FormCheckin:
		return i18n.T("workbench.todo.progress.checkin", it.Done, it.Total)
	}
	// as the forms page says it: 已填 for a survey, 已报名 for a chain
	return progressText(it.FormKind, it.Done, it.Total)
}

// todoMeta is the line under an item's title: what it is and when it is
// due.
func todoMeta(it app.TodoItem, now time.Time) string {
	if it.Kind == app.TodoLeave {
		return leaveTodoMeta(it)
	}
	if it.Kind == app.TodoReminder {
		return reminderTodoMeta(it)
	}
	if it.Kind == app.TodoRequest {
		return requestTodoMeta(it)
	}
	var kind string
	switch it.Kind {
	case app.TodoForm:
		kind = i18n.T("form.kind." + string(it.FormKind))
	case app.TodoRollCall:
		kind = i18n.T("workbench.todo.kind.rollcall")
	default:
		kind = i18n.T("workbench.todo.kind." + string(it.Kind))
	}
	var due string
	switch {
	case it.FormKind == app.FormCheckin:
		due = i18n.T("workbench.todo.checkin_today")
	case it.Kind == app.TodoRollCall:
		due = i18n.T("workbench.todo.today")
	case it.Due.IsZero():
		due = i18n.T("workbench.todo.no_due")
	case it.Overdue:
		due = i18n.T("workbench.todo.overdue", app.FormatDate(it.Due))
	case app.SameDay(it.Due, now):
		due = i18n.T("workbench.todo.due_today")
	default:
		due = i18n.T("workbench.todo.due", app.FormatDate(it.Due))
	}
	return i18n.T("workbench.todo.meta", kind, due)
}

func todoIcon(it app.TodoItem) fyne.Resource {
	switch {
	case it.Kind == app.TodoNotice:
		return theme.MailSendIcon()
	case it.Kind == app.TodoHomework:
		return theme.DocumentCreateIcon()
	case it.Kind == app.TodoLeave, it.Kind == app.TodoRollCall:
		return theme.CalendarIcon()
	case it.Kind == app.TodoReminder:
		return theme.WarningIcon()
	case it.Kind == app.TodoRequest:
		return requestTodoIcon(it)
	case it.FormKind == app.FormChain:
		return theme.ListIcon()
	case it.FormKind == app.FormCheckin:
		return theme.ConfirmIcon()
	}
	return theme.FileTextIcon()
}

// tile is a large button of the workbench: an icon over a label, and
// under it what waits there (3 个班未点名 · 2 待审批). The button under the
// content takes the taps and draws hover and disabled states.
type tile struct {
	widget.BaseWidget
	label  string
	button *widget.Button
	icon   *canvas.Image
	text   *widget.Label
	// counts gives the count line's parts from the workbench's counts;
	// nil for a tile with nothing waiting
	counts func(app.WorkbenchCounts) []string
	count  *widget.Label
}

// countText is a tile's count, e.g. 3 个班未点名; none when n is 0, so a
// tile with nothing waiting stays calm.
func countText(key string, n int) []string {
	if n == 0 {
		return nil
	}
	return []string{i18n.T(key, n)}
}

func newTile(label string, icon fyne.Resource, tapped func(), counts func(app.WorkbenchCounts) []string) *tile {
	t := &tile{label: label, button: widget.NewButton("", tapped), counts: counts}
	t.count = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{})
	t.count.Importance = widget.HighImportance
	t.count.SizeName = theme.SizeNameCaptionText
	t.icon = canvas.NewImageFromResource(icon)
	t.icon.FillMode = canvas.ImageFillContain
	t.icon.SetMinSize(fyne.NewSquareSize(36))
	t.text = widget.NewLabelWithStyle(label, fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	if tapped == nil {
		t.button.Disable()
		t.icon.Resource = theme.NewDisabledResource(icon)
		t.text.Importance = widget.LowImportance
	}
	t.ExtendBaseWidget(t)
	return t
}

// setCounts shows what waits at the tile, or an empty line.
func (t *tile) setCounts(c app.WorkbenchCounts) {
	var parts []string
	if t.counts != nil {
		parts = t.counts(c)
	}
	// an empty line keeps its height, so every tile's icon and label
	// stand at the same height
	t.count.SetText(strings.Join(parts, i18n.T("workbench.count.sep")))
}

// Disabled reports whether the tile does nothing when tapped.
func (t *tile) Disabled() bool { return t.button.Disabled() }

func (t *tile) CreateRenderer() fyne.WidgetRenderer {
	size := canvas.NewRectangle(color.Transparent)
	size.SetMinSize(tileSize)
	content := container.NewCenter(container.NewVBox(container.NewCenter(t.icon), t.text, t.count))
	return widget.NewSimpleRenderer(container.NewStack(size, t.button, content))
}
