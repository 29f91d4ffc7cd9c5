package ui

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// LeaveScreen is the page of students' leave requests (请假): the list,
// those waiting for a decision first, with the request picked shown on
// the right to approve, reject or cancel; and the view a new request is
// entered in.
type LeaveScreen struct {
	env *Env
	// run starts background work and now gives the default days; tests
	// replace both.
	run func(func())
	now func() time.Time

	root    *fyne.Container
	started bool

	// the list view
	listView    fyne.CanvasObject
	table       *widget.Table
	tableView   fyne.CanvasObject // the table fitted to its width
	body        *fyne.Container   // a message, or the table
	listArea    *fyne.Container   // body alone, or split beside the request
	split       *container.Split  // body and the request picked
	side        fyne.CanvasObject // the request picked
	pendingOnly *widget.Check
	leaves      []*app.Leave // pending first
	selected    int64        // the request shown on the right; 0 for none
	openID      int64        // a request to show once the list is loaded
	loads       int

	// the request on the right
	detailText *widget.Label   // the lines of detail, joined, for tests
	details    *fyne.Container // a truncating label per line
	steps      *wrapLabel
	note       *widget.Entry
	approveBtn *widget.Button
	rejectBtn  *widget.Button
	cancelBtn  *widget.Button
	cancelBox  *fyne.Container // cancelBtn, apart from the decisions
	why        *wrapLabel      // why the account may not decide a waiting request
	errMsg     *wrapLabel
	busy       bool

	// the open new-request view, for tests; nil on the list
	compose *leaveCompose
}

// The columns of the list.
const (
	lvColState = iota
	lvColStudent
	lvColClass
	lvColKind
	lvColSpan
	lvColDays
	lvColAskedBy
	lvColReason
	lvCols
)

// NewLeaveScreen builds the leave page; it loads the list the first time
// it is shown.
func NewLeaveScreen(env *Env) *LeaveScreen {
	s := &LeaveScreen{env: env, run: func(f func()) { runAsync(f) }, now: time.Now}
	s.root = container.NewStack()
	s.buildList()
	s.showList()
	return s
}

// Content returns the page's widgets.
func (s *LeaveScreen) Content() fyne.CanvasObject {
	if !s.started {
		s.Reload()
	}
	return s.root
}

// Compose opens the view that enters a new request.
func (s *LeaveScreen) Compose() {
	s.started = true
	s.compose = newLeaveCompose(s)
	s.setView(s.compose.content)
}

// Open shows the list with request id picked.
func (s *LeaveScreen) Open(id int64) {
	s.openID = id
	s.showList()
	s.Reload()
}

func (s *LeaveScreen) setView(o fyne.CanvasObject) {
	s.root.Objects = []fyne.CanvasObject{o}
	s.root.Refresh()
}

func (s *LeaveScreen) showList() {
	s.compose = nil
	s.setView(s.listView)
}

func leaveHeaders() []string {
	return []string{
		i18n.T("leavepage.col.state"), i18n.T("homeworkpage.col.name"), i18n.T("homeworkpage.col.class"),
		i18n.T("leavepage.col.kind"), i18n.T("leavepage.col.span"), i18n.T("leavepage.col.days"),
		i18n.T("leavepage.col.asked_by"), i18n.T("leavepage.col.reason"),
	}
}

func (s *LeaveScreen) buildList() {
	headers := leaveHeaders()
	s.table = newLabelTable(headers, func() int { return len(s.leaves) }, func(row, col int) (string, widget.Importance) {
		l := s.leaves[row]
		if col == lvColState {
			return leaveStateText(l.State), leaveStateImportance(l.State)
		}
		return leaveCells(l)[col], widget.MediumImportance
	})
	var states []string
	for _, st := range []app.LeaveState{app.LeavePendingHead, app.LeavePendingAdmin, app.LeaveApproved, app.LeaveRejected, app.LeaveCancelled} {
		states = append(states, leaveStateText(st))
	}
	// the reason takes what is left; in a small window every text gives
	// way, and the request's panel shows it whole
	_, s.tableView = fitColumns(s.table, []column{
		{headers[lvColState], colText, states},
		{headers[lvColStudent], colFit, []string{"欧阳思思"}}, // a name is never cut
		{headers[lvColClass], colText, []string{classSample()}},
		{headers[lvColKind], colFit, []string{markText(app.MarkPersonal), markText(app.MarkSick)}},
		{headers[lvColSpan], colText, []string{leaveSpan(time.Date(2026, 12, 30, 0, 0, 0, 0, time.Local), time.Date(2026, 12, 31, 0, 0, 0, 0, time.Local))}},
		{headers[lvColDays], colFit, []string{"60"}},
		{headers[lvColAskedBy], colText, []string{"欧阳思思（母亲）"}},
		{headers[lvColReason], colText, []string{"发烧，去县医院"}},
	})
	s.table.OnSelected = func(id widget.TableCellID) {
		if id.Row >= 0 && id.Row < len(s.leaves) {
			s.pick(s.leaves[id.Row].ID)
		}
	}
	s.body = container.NewStack()
	s.showListMessage(i18n.T("leavepage.loading"))

	s.pendingOnly = widget.NewCheck(i18n.T("leavepage.pending_only"), func(bool) { s.Reload() })
	add := widget.NewButtonWithIcon(i18n.T("leavepage.new"), theme.ContentAddIcon(), s.Compose)
	add.Importance = widget.HighImportance
	refresh := widget.NewButtonWithIcon("", theme.ViewRefreshIcon(), s.Reload)
	top := container.NewBorder(nil, nil, nil, container.NewHBox(s.pendingOnly, refresh, add), pageTitle(i18n.T("nav.leave")))

	s.detailText = widget.NewLabel("")
	s.details = container.NewVBox()
	for range leaveDetailLines {
		s.details.Add(newWrapLabel(""))
	}
	s.steps = newWrapLabel("")
	s.note = widget.NewMultiLineEntry()
	s.note.Wrapping = fyne.TextWrapWord
	s.note.SetMinRowsVisible(2)
	s.note.SetPlaceHolder(i18n.T("leavepage.note_hint"))
	s.approveBtn = widget.NewButtonWithIcon(i18n.T("leavepage.approve"), theme.ConfirmIcon(), func() { s.decide(true) })
	s.approveBtn.Importance = widget.HighImportance
	s.rejectBtn = widget.NewButtonWithIcon(i18n.T("leavepage.reject"), theme.CancelIcon(), func() { s.decide(false) })
	s.rejectBtn.Importance = widget.DangerImportance
	s.cancelBtn = widget.NewButtonWithIcon(i18n.T("leavepage.cancel_request"), theme.DeleteIcon(), s.confirmCancel)
	s.cancelBtn.Importance = widget.DangerImportance
	s.cancelBox = dangerGroup(s.cancelBtn)
	s.why = newWrapLabel("")
	s.errMsg = errorLabel()
	// the decisions side by side, the withdrawal apart below them: the
	// panel stays narrow and the list keeps its columns on a small screen
	decide := container.NewVBox(widget.NewSeparator(), widget.NewLabel(i18n.T("leavepage.note")), s.note, s.why,
		container.NewGridWithColumns(2, s.approveBtn, s.rejectBtn), s.cancelBox, s.errMsg)
	closeBtn := widget.NewButtonWithIcon("", theme.CancelIcon(), s.unpick)
	closeBtn.Importance = widget.LowImportance
	// the request's lines wrap: they scroll with its reason and steps, so
	// the panel never asks for more height than the window has
	head := container.NewBorder(nil, nil, nil, container.NewVBox(closeBtn), s.details)
	s.side = container.NewBorder(nil, decide, nil, nil, container.NewVScroll(container.NewVBox(head, s.steps)))
	// the request's panel opens beside the list when one is picked; until
	// then the list has the whole width
	s.split = container.NewHSplit(widget.NewLabel(""), s.side)
	s.split.Offset = 0.68
	s.listArea = container.NewStack(s.body)
	s.listView = container.NewBorder(top, nil, nil, nil, s.listArea)
	s.showDetail()
}

func (s *LeaveScreen) showListMessage(text string) {
	msg := newWrapLabel(text)
	msg.Alignment = fyne.TextAlignCenter
	s.body.Objects = []fyne.CanvasObject{container.NewCenter(container.New(minWidth(300), msg))}
	s.body.Refresh()
}

// leaveCells is a request as the list shows it, in the order of the
// columns.
func leaveCells(l *app.Leave) [lvCols]string {
	return [lvCols]string{leaveStateText(l.State), l.StudentName, l.ClassLabel, markText(l.Kind), leaveSpan(l.From, l.To),
		strconv.Itoa(l.Days()), l.AskedBy, firstLine(l.Reason)}
}

// leaveSpan is the days of a leave: 2026-11-20 至 11-22 (the year once
// when both days are in it), 2026-12-30 至 2027-01-02, or the one day.
func leaveSpan(from, to time.Time) string {
	if app.SameDay(from, to) {
		return app.FormatDate(from)
	}
	end := app.FormatDate(to)
	if from.Year() == to.Year() {
		end = to.Format("01-02")
	}
	return i18n.T("leavepage.span", app.FormatDate(from), end)
}

// leaveStateText names a state: 待班主任审批, 已批准, ….
func leaveStateText(st app.LeaveState) string { return i18n.T("leavepage.state." + string(st)) }

func leaveStateImportance(st app.LeaveState) widget.Importance {
	switch st {
	case app.LeavePendingHead, app.LeavePendingAdmin:
		return widget.WarningImportance
	case app.LeaveApproved:
		return widget.SuccessImportance
	case app.LeaveRejected:
		return widget.DangerImportance
	}
	return widget.MediumImportance
}

// leaveTodoMeta is the line under a leave's to-do item: 请假 · 病假
// 2026-11-20 至 2026-11-22（3 天）.
func leaveTodoMeta(it app.TodoItem) string {
	l := it.Leave
	return i18n.T("workbench.todo.leave_meta", markText(l.Kind), leaveSpan(l.From, l.To), l.Days())
}

// sortLeaves puts the requests waiting for a decision first and keeps
// the service's order otherwise.
func sortLeaves(leaves []*app.Leave) {
	slices.SortStableFunc(leaves, func(a, b *app.Leave) int {
		return cmp.Compare(boolRank(!a.State.Pending()), boolRank(!b.State.Pending()))
	})
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Reload loads the list again, off the UI goroutine.
func (s *LeaveScreen) Reload() {
	s.started = true
	s.loads++
	gen := s.loads
	ctx := s.env.Ctx()
	svc := s.env.Services.Leaves
	f := app.LeaveFilter{Pending: s.pendingOnly.Checked}
	s.run(func() {
		leaves, err := svc.Leaves(ctx, f)
		if err == nil {
			sortLeaves(leaves)
		}
		fyne.Do(func() {
			if gen != s.loads {
				return
			}
			if err != nil {
				s.showListMessage(i18n.Err(err))
				return
			}
			s.setLeaves(leaves)
		})
	})
}

func (s *LeaveScreen) setLeaves(leaves []*app.Leave) {
	s.leaves = leaves
	if s.openID != 0 {
		s.selected, s.openID = s.openID, 0
	}
	if len(leaves) == 0 {
		s.showListMessage(i18n.T("leavepage.empty"))
	} else {
		s.body.Objects = []fyne.CanvasObject{s.tableView}
		s.body.Refresh()
	}
	s.table.UnselectAll()
	if i := s.index(s.selected); i >= 0 {
		s.table.Select(widget.TableCellID{Row: i, Col: 0})
	} else {
		s.selected = 0
	}
	s.table.Refresh()
	s.showDetail()
}

func (s *LeaveScreen) index(id int64) int {
	return slices.IndexFunc(s.leaves, func(l *app.Leave) bool { return l.ID == id })
}

func (s *LeaveScreen) current() *app.Leave {
	if i := s.index(s.selected); i >= 0 {
		return s.leaves[i]
	}
	return nil
}

// pick shows request id on the right.
func (s *LeaveScreen) pick(id int64) {
	if id != s.selected {
		s.selected = id
		s.note.SetText("")
		showInline(s.errMsg, nil)
	}
	s.showDetail()
}

// unpick closes the request's panel: the list takes the whole width.
func (s *LeaveScreen) unpick() {
	s.selected = 0
	s.table.UnselectAll()
	s.showDetail()
}

// showPanel shows the request's panel beside the list, or the list alone.
func (s *LeaveScreen) showPanel(show bool) {
	if show {
		s.split.Leading = s.body
		s.split.Refresh()
		s.listArea.Objects = []fyne.CanvasObject{s.split}
	} else {
		s.listArea.Objects = []fyne.CanvasObject{s.body}
	}
	s.listArea.Refresh()
}

// showDetail shows the request picked, with what can be done to it now.
func (s *LeaveScreen) showDetail() {
	l := s.current()
	s.showPanel(l != nil)
	if l == nil {
		s.setDetails()
		s.steps.SetText("")
		s.updateButtons()
		return
	}
	lines := []string{
		i18n.T("leavepage.detail.student", l.StudentName, l.StudentNo, l.ClassLabel),
		i18n.T("leavepage.detail.kind", markText(l.Kind), leaveSpan(l.From, l.To), l.Days()),
		i18n.T("leavepage.detail.asked_by", l.AskedBy),
		i18n.T("leavepage.detail.created", l.CreatedBy, l.CreatedAt.In(time.Local).Format("2006-01-02 15:04")),
		i18n.T("leavepage.detail.state", leaveStateText(l.State)),
	}
	s.setDetails(lines...)
	steps := []string{i18n.T("leavepage.detail.reason", l.Reason)}
	for _, st := range l.Steps {
		steps = append(steps, leaveStepText(st))
	}
	s.steps.SetText(strings.Join(steps, "\n"))
	s.updateButtons()
}

// leaveDetailLines is how many lines the panel shows above the reason;
// they stay in place, so the panel's layout never moves.
const leaveDetailLines = 5

// setDetails shows the request's lines, each cut to the panel's width.
func (s *LeaveScreen) setDetails(lines ...string) {
	s.detailText.SetText(strings.Join(lines, "\n"))
	for i, o := range s.details.Objects {
		text := ""
		if i < len(lines) {
			text = lines[i]
		}
		o.(*wrapLabel).SetText(text)
	}
}

// leaveStepText is one decision: 2026-11-20 09:30 liu（教师）批准：好好休息.
func leaveStepText(st app.LeaveStep) string {
	verdict := i18n.T("leavepage.step.rejected")
	if st.Approved {
		verdict = i18n.T("leavepage.step.approved")
	}
	text := i18n.T("leavepage.step", st.At.In(time.Local).Format("2006-01-02 15:04"), st.By, i18n.T("role."+string(st.Role)), verdict)
	if st.Note != "" {
		text = i18n.T("leavepage.step_note", text, st.Note)
	}
	return text
}

// updateButtons shows the decisions and 撤销请假 only where the account
// may take them (app.CanDecideLeave, app.CanCancelLeave); a request that
// waits for someone else says for whom.
func (s *LeaveScreen) updateButtons() {
	l := s.current()
	acc := s.env.Account
	decides, cancels := l != nil && app.CanDecideLeave(acc, l) == nil, l != nil && app.CanCancelLeave(acc, l) == nil
	for _, b := range []*widget.Button{s.approveBtn, s.rejectBtn} {
		setVisible(b, decides)
		enable(b, decides && !s.busy)
	}
	setVisible(s.cancelBox, cancels)
	enable(s.cancelBtn, cancels && !s.busy)
	if decides && !s.busy {
		s.note.Enable()
	} else {
		s.note.Disable()
	}
	waits := l != nil && l.State.Pending() && !decides
	if waits {
		s.why.SetText(i18n.Err(app.CanDecideLeave(acc, l)))
	}
	setVisible(s.why, waits)
}

// decide approves or rejects the request picked, with the note typed.
func (s *LeaveScreen) decide(approve bool) {
	l := s.current()
	if l == nil || s.busy {
		return
	}
	note := strings.TrimSpace(s.note.Text)
	id := l.ID
	ctx, svc := s.env.Ctx(), s.env.Services.Leaves
	s.act(func() (*app.Leave, error) { return svc.DecideLeave(ctx, id, approve, note) })
}

func (s *LeaveScreen) confirmCancel() {
	l := s.current()
	if l == nil {
		return
	}
	id := l.ID
	ctx, svc := s.env.Ctx(), s.env.Services.Leaves
	confirmDanger(s.env.Window, i18n.T("leavepage.cancel_title"),
		confirmText(i18n.T("leavepage.cancel_confirm", l.StudentName, leaveSpan(l.From, l.To)), l.StudentName),
		i18n.T("leavepage.cancel_request"), func(ok bool) {
			if ok {
				s.act(func() (*app.Leave, error) { return svc.CancelLeave(ctx, id) })
			}
		})
}

// act runs a decision off the UI goroutine and shows the request as it
// comes back; an error shows under the buttons.
func (s *LeaveScreen) act(do func() (*app.Leave, error)) {
	s.busy = true
	showInline(s.errMsg, nil)
	s.updateButtons()
	s.run(func() {
		l, err := do()
		fyne.Do(func() {
			s.busy = false
			showInline(s.errMsg, err)
			if err != nil {
				s.updateButtons()
				return
			}
			s.note.SetText("")
			if i := s.index(l.ID); i >= 0 {
				s.leaves[i] = l
			}
			s.selected = l.ID
			if s.pendingOnly.Checked && !l.State.Pending() {
				s.leaves = slices.DeleteFunc(s.leaves, func(x *app.Leave) bool { return x.ID == l.ID })
			}
			sortLeaves(s.leaves)
			s.setLeaves(s.leaves)
		})
	})
}

// leaveCompose is the view a new request is entered in: the class, then
// the student, who asked, the kind, the days and the reason.
type leaveCompose struct {
	s       *LeaveScreen
	content fyne.CanvasObject

	classes  []*app.Class
	entries  []app.DirectoryEntry
	students []app.DirectoryEntry // of the class picked

	class   *widget.Select
	student *widget.Select
	askedBy *widget.SelectEntry
	kind    *widget.RadioGroup
	from    *widget.Entry
	to      *widget.Entry
	days    *widget.Label
	reason  *widget.Entry
	errMsg  *wrapLabel
	submitB *widget.Button
	busy    bool
}

// leaveKinds are the kinds offered, in order.
var leaveKinds = []app.LeaveKind{app.MarkSick, app.MarkPersonal}

func newLeaveCompose(s *LeaveScreen) *leaveCompose {
	c := &leaveCompose{s: s}
	c.class = widget.NewSelect(nil, func(string) { c.classPicked() })
	c.class.PlaceHolder = i18n.T("leavepage.loading_students")
	c.student = widget.NewSelect(nil, func(string) { c.studentPicked() })
	c.student.PlaceHolder = i18n.T("leavepage.pick_student")
	c.student.Disable()
	c.askedBy = widget.NewSelectEntry(nil)
	c.askedBy.SetPlaceHolder(i18n.T("leavepage.asked_by_hint"))
	kinds := make([]string, len(leaveKinds))
	for i, k := range leaveKinds {
		kinds[i] = markText(k)
	}
	c.kind = widget.NewRadioGroup(kinds, nil)
	c.kind.Horizontal = true
	today := app.FormatDate(s.now())
	c.from = widget.NewEntry()
	c.from.SetText(today)
	c.to = widget.NewEntry()
	c.to.SetText(today)
	c.days = widget.NewLabel("")
	c.from.OnChanged = func(string) { c.showDays() }
	c.to.OnChanged = func(string) { c.showDays() }
	c.reason = widget.NewMultiLineEntry()
	c.reason.Wrapping = fyne.TextWrapWord
	c.reason.SetMinRowsVisible(3)
	c.reason.SetPlaceHolder(i18n.T("leavepage.reason_hint"))
	c.errMsg = errorLabel()
	c.submitB = widget.NewButtonWithIcon(i18n.T("leavepage.submit"), theme.ConfirmIcon(), c.submit)
	c.submitB.Importance = widget.HighImportance
	cancel := widget.NewButton(i18n.T("formpage.cancel"), s.showList)

	form := widget.NewForm(
		widget.NewFormItem(i18n.T("homeworkpage.col.class"), c.class),
		widget.NewFormItem(i18n.T("leavepage.field.student"), c.student),
		widget.NewFormItem(i18n.T("leavepage.col.asked_by"), c.askedBy),
		widget.NewFormItem(i18n.T("leavepage.col.kind"), c.kind),
		widget.NewFormItem(i18n.T("leavepage.field.from"), c.from),
		widget.NewFormItem(i18n.T("leavepage.field.to"), container.NewBorder(nil, nil, nil, c.days, c.to)),
		widget.NewFormItem(i18n.T("leavepage.col.reason"), c.reason),
	)
	c.showDays()
	c.content = editorView(subViewHeader(i18n.T("leavepage.new_title"), s.showList), form,
		actionBar([]fyne.CanvasObject{c.errMsg}, cancel, c.submitB))
	c.load()
	return c
}

// load reads the classes and students the account may ask leave for.
func (c *leaveCompose) load() {
	env := c.s.env
	ctx := env.Ctx()
	c.s.run(func() {
		dir, err := env.Services.Directory.Directory(ctx)
		fyne.Do(func() {
			if err != nil {
				showInline(c.errMsg, err)
				return
			}
			c.classes = ownClasses(env.Account, dir.Classes)
			c.entries = dir.Entries
			labels := make([]string, len(c.classes))
			for i, cl := range c.classes {
				labels[i] = cl.Label()
			}
			c.class.PlaceHolder = i18n.T("attendancepage.pick_class")
			c.class.SetOptions(labels)
			if len(c.classes) == 1 {
				c.class.SetSelectedIndex(0)
			}
		})
	})
}

func (c *leaveCompose) classPicked() {
	i := c.class.SelectedIndex()
	if i < 0 {
		return
	}
	id := c.classes[i].ID
	c.students = nil
	var labels []string
	for _, e := range c.entries {
		if e.ClassID == id {
			c.students = append(c.students, e)
			labels = append(labels, studentOption(e))
		}
	}
	c.student.ClearSelected()
	c.student.SetOptions(labels)
	c.student.Enable()
}

// studentOption is a student as the picker offers them: 03 王五.
func studentOption(e app.DirectoryEntry) string {
	if e.StudentNo == "" {
		return e.Name
	}
	return e.StudentNo + " " + e.Name
}

// studentPicked offers the student's guardians as who asked.
func (c *leaveCompose) studentPicked() {
	e, ok := c.pickedStudent()
	if !ok {
		return
	}
	var who []string
	for _, g := range e.Guardians {
		who = append(who, i18n.T("leavepage.guardian", g.Name, g.Relation))
	}
	c.askedBy.SetOptions(who)
	if c.askedBy.Text == "" && len(who) > 0 {
		c.askedBy.SetText(who[0])
	}
}

func (c *leaveCompose) pickedStudent() (app.DirectoryEntry, bool) {
	i := c.student.SelectedIndex()
	if i < 0 || i >= len(c.students) {
		return app.DirectoryEntry{}, false
	}
	return c.students[i], true
}

func (c *leaveCompose) showDays() {
	from, err1 := app.ParseDate(c.from.Text)
	to, err2 := app.ParseDate(c.to.Text)
	if err1 != nil || err2 != nil || from.IsZero() || to.IsZero() || to.Before(from) {
		c.days.SetText("")
		return
	}
	c.days.SetText(i18n.T("leavepage.days", app.LeaveDays(from, to)))
}

// draft reads the view; a day it cannot read is an error.
func (c *leaveCompose) draft() (app.LeaveDraft, error) {
	var d app.LeaveDraft
	if e, ok := c.pickedStudent(); ok {
		d.StudentID = e.StudentID
	}
	d.AskedBy = strings.TrimSpace(c.askedBy.Text)
	if i := slices.Index(c.kind.Options, c.kind.Selected); i >= 0 {
		d.Kind = leaveKinds[i]
	}
	var err error
	if d.From, err = app.ParseDate(c.from.Text); err != nil {
		return d, err
	}
	if d.To, err = app.ParseDate(c.to.Text); err != nil {
		return d, err
	}
	d.Reason = strings.TrimSpace(c.reason.Text)
	return d, d.Validate()
}

func (c *leaveCompose) submit() {
	s := c.s
	ctx, svc := s.env.Ctx(), s.env.Services.Leaves
	sendDraft(s.run, &c.busy, c.submitB, c.errMsg, c.draft, func(d app.LeaveDraft) (int64, error) {
		l, err := svc.RequestLeave(ctx, d)
		if err != nil {
			return 0, err
		}
		return l.ID, nil
	}, func(id int64) {
		if s.compose == c {
			s.Open(id)
		}
	})
}
