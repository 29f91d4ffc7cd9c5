package ui

import (
	"image/color"
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
	errText *widget.Label

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
	s.tiles = []*tile{
		newTile(i18n.T("workbench.tile.notice"), theme.MailSendIcon(), a.NewNotice),
		newTile(i18n.T("workbench.tile.homework"), theme.DocumentCreateIcon(), a.NewHomework),
		newTile(i18n.T("workbench.tile.survey"), theme.FileTextIcon(), newForm(app.FormSurvey)),
		newTile(i18n.T("workbench.tile.chain"), theme.ListIcon(), newForm(app.FormChain)),
		newTile(i18n.T("workbench.tile.checkin"), theme.ConfirmIcon(), newForm(app.FormCheckin)),
		newTile(i18n.T("workbench.tile.attendance"), theme.CalendarIcon(), a.Attendance),
		newTile(i18n.T("workbench.tile.grades"), theme.GridIcon(), a.Exams),
		newTile(i18n.T("workbench.tile.directory"), theme.AccountIcon(), a.Directory),
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
	svc := s.env.Services
	now := s.now()
	s.run(func() {
		notices, err := svc.Notices.Notices(ctx)
		var homework []*app.Homework
		if err == nil {
			homework, err = svc.Homework.Homeworks(ctx)
		}
		var forms []*app.Form
		if err == nil {
			forms, err = svc.Forms.Forms(ctx)
		}
		// leave waiting for this account's decision; a school without
		// the leave service has none
		var leaves []*app.Leave
		if err == nil && svc.Leaves != nil {
			leaves, err = svc.Leaves.Leaves(ctx, app.LeaveFilter{Pending: true})
		}
		var items []app.TodoItem
		if err == nil {
			items = app.BuildTodo(now, notices, homework, forms, leaves)
		}
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
			s.items = items
			s.list.Refresh()
			if len(items) == 0 {
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
	}
	if open != nil {
		open(it.ID)
	}
}

// newTodoRow is the template of a to-do line: the kind's icon, title and
// due line, and the progress on the right.
func newTodoRow() fyne.CanvasObject {
	icon := widget.NewIcon(theme.MailSendIcon())
	title := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.Truncation = fyne.TextTruncateEllipsis
	meta := widget.NewLabel("")
	meta.Truncation = fyne.TextTruncateEllipsis
	bar := container.NewCenter(container.New(minWidth(240), newCountBar(0, "")))
	return container.NewBorder(nil, nil, icon, bar, container.NewVBox(title, meta))
}

func (s *WorkbenchScreen) updateTodoRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(s.items) {
		return
	}
	it := s.items[id]
	c := o.(*fyne.Container)
	texts := c.Objects[0].(*fyne.Container).Objects
	texts[0].(*widget.Label).SetText(it.Title)
	meta := texts[1].(*widget.Label)
	meta.SetText(todoMeta(it, s.now()))
	if it.Overdue {
		meta.Importance = widget.DangerImportance
	} else {
		meta.Importance = widget.MediumImportance
	}
	meta.Refresh()
	c.Objects[1].(*widget.Icon).SetResource(todoIcon(it))
	bar := c.Objects[2].(*fyne.Container).Objects[0].(*fyne.Container).Objects[0].(*countBar)
	bar.Set(fraction(it.Done, it.Total), todoProgress(it))
}

// todoProgress is an item's progress as the teacher reads it, e.g.
// 已确认 38/45.
func todoProgress(it app.TodoItem) string {
	switch {
	case it.Kind == app.TodoNotice:
		return i18n.T("workbench.todo.progress.notice", it.Done, it.Total)
	case it.Kind == app.TodoHomework:
		return i18n.T("workbench.todo.progress.homework", it.Done, it.Total)
	case it.Kind == app.TodoLeave:
		return leaveStateText(it.Leave.State)
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
	var kind string
	if it.Kind == app.TodoForm {
		kind = i18n.T("form.kind." + string(it.FormKind))
	} else {
		kind = i18n.T("workbench.todo.kind." + string(it.Kind))
	}
	var due string
	switch {
	case it.FormKind == app.FormCheckin:
		due = i18n.T("workbench.todo.checkin_today")
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
	case it.Kind == app.TodoLeave:
		return theme.CalendarIcon()
	case it.FormKind == app.FormChain:
		return theme.ListIcon()
	case it.FormKind == app.FormCheckin:
		return theme.ConfirmIcon()
	}
	return theme.FileTextIcon()
}

// tile is a large button of the workbench: an icon over a label. The
// button under the content takes the taps and draws hover and disabled
// states.
type tile struct {
	widget.BaseWidget
	label  string
	button *widget.Button
	icon   *canvas.Image
	text   *widget.Label
}

func newTile(label string, icon fyne.Resource, tapped func()) *tile {
	t := &tile{label: label, button: widget.NewButton("", tapped)}
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

// Disabled reports whether the tile does nothing when tapped.
func (t *tile) Disabled() bool { return t.button.Disabled() }

func (t *tile) CreateRenderer() fyne.WidgetRenderer {
	size := canvas.NewRectangle(color.Transparent)
	size.SetMinSize(tileSize)
	content := container.NewCenter(container.NewVBox(container.NewCenter(t.icon), t.text))
	return widget.NewSimpleRenderer(container.NewStack(size, t.button, content))
}
