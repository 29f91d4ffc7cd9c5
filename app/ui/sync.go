package ui

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// SyncRunsShown is how many of the latest sync runs the sync page lists.
const SyncRunsShown = 50

// SyncIntervals are the intervals the sync page offers.
var SyncIntervals = []time.Duration{5 * time.Minute, 10 * time.Minute, 30 * time.Minute, time.Hour}

// How the sync page and the status line write times: in full on the
// page, short on the status line (12-02 14:35).
const (
	syncTimeLayout = "2006-01-02 15:04"
	syncLineLayout = "01-02 15:04"
)

// SyncOptions is what the sync page needs from the shell.
type SyncOptions struct {
	// RunNow starts a sync through the scheduler, so that a run started
	// by 立即同步 never overlaps a scheduled one. It is called off the UI
	// goroutine. Nil: the page calls Services.Syncer.Sync itself.
	RunNow func()
	// Running reports whether the scheduler is running a sync; it is
	// called off the UI goroutine. Nil: only the page's own runs count.
	Running func() bool
	// OnInterval is told the interval the user chose, once it is saved,
	// so the scheduler can use it at once.
	OnInterval func(time.Duration)
	// OnChanged is called after a change the status line shows: an
	// enrolment, a run started or ended.
	OnChanged func()
}

// The columns of the sync history.
const (
	hcolStart = iota
	hcolDown
	hcolUp
	hcolRejected
	hcolResult
	historyCols
)

// SyncScreen is the sync page (同步): the enrolment with the bureau's hub
// and, once enrolled, the state of the link, what waits to go up, the
// conflicts, the interval and the history of runs. Admin and principal
// only.
type SyncScreen struct {
	env  *Env
	opts SyncOptions
	// run starts background work; tests make it synchronous.
	run func(func())

	root    *fyne.Container
	started bool
	loads   int

	// what the latest load read
	state     *app.SyncState
	conflicts []app.SyncConflict
	runs      [][historyCols]string
	runFailed []bool
	running   bool // a sync is under way: the scheduler's or the page's own
	ownRun    bool // the page's own run (no scheduler) is under way

	loadingView fyne.CanvasObject
	failedView  fyne.CanvasObject
	failedText  *wrapLabel

	// the enrolment form
	enrolView   fyne.CanvasObject
	enrolTitle  *widget.Label
	reenrolling bool // the user asked for the form while enrolled
	hubEntry    *widget.Entry
	codeEntry   *widget.Entry
	enrolB      *widget.Button
	cancelB     *widget.Button
	enrolErr    *wrapLabel
	enrolBusy   bool
	// trust is how the hub typed is trusted: nothing asked yet, or what
	// the user accepted in the trust box (a fingerprint compared with the
	// bureau's, plain HTTP); it is forgotten when the address changes
	trust      app.HubTrust
	offer      app.HubTrust // what trustB accepts
	trustBox   *fyne.Container
	trustIntro *wrapLabel
	trustFP    *wrapLabel // the fingerprint to compare
	trustNote  *wrapLabel
	trustB     *widget.Button

	// the enrolled view
	statusView   fyne.CanvasObject
	runB         *widget.Button
	reenrolB     *widget.Button
	needsEnrol   *wrapLabel
	clockBack    *wrapLabel
	enrolled     *wrapLabel // 已注册 after an enrolment made here
	runErr       *wrapLabel // why the page's own run failed
	loadErr      *wrapLabel // why a reload failed, over the state read before
	busy         *busyIndicator
	info         *fyne.Container // the link's state, rebuilt per load
	interval     *widget.Select
	intervals    map[string]time.Duration
	intervalErr  *wrapLabel
	conflictHead *widget.Label
	conflictList *widget.List
	conflictBox  *fyne.Container // the list, or a line saying there are none
	conflictNone fyne.CanvasObject
	history      *widget.Table
	historyNote  *widget.Label
}

// NewSyncScreen builds the sync page. It loads the state the first time
// its content is shown.
func NewSyncScreen(env *Env, opts SyncOptions) *SyncScreen {
	s := &SyncScreen{env: env, opts: opts, run: func(f func()) { runAsync(f) }}
	s.root = container.NewStack()
	s.loadingView = container.NewCenter(container.New(minWidth(280), container.NewVBox(
		widget.NewLabelWithStyle(i18n.T("syncpage.loading"), fyne.TextAlignCenter, fyne.TextStyle{}),
		widget.NewProgressBarInfinite())))
	s.failedText = errorLabel()
	retry := widget.NewButtonWithIcon(i18n.T("syncpage.retry"), theme.ViewRefreshIcon(), s.Reload)
	s.failedView = container.NewCenter(container.New(minWidth(420), container.NewVBox(s.failedText, container.NewCenter(retry))))
	s.buildEnrol()
	s.buildStatus()
	s.setView(s.loadingView)
	return s
}

// Content returns the page's widgets.
func (s *SyncScreen) Content() fyne.CanvasObject {
	if !s.started {
		s.Reload()
	}
	return s.root
}

func (s *SyncScreen) setView(o fyne.CanvasObject) {
	s.root.Objects = []fyne.CanvasObject{o}
	s.root.Refresh()
}

func (s *SyncScreen) changed() {
	if s.opts.OnChanged != nil {
		s.opts.OnChanged()
	}
}

// Reload reads the link's state, the conflicts and the history off the
// UI goroutine. The view on show stays until they are there; a form
// being filled in keeps what was typed.
func (s *SyncScreen) Reload() {
	s.started = true
	s.loads++
	gen := s.loads
	ctx, store := s.env.Ctx(), s.env.Services.Sync
	running := s.opts.Running
	s.run(func() {
		st, err := store.SyncState(ctx)
		var conflicts []app.SyncConflict
		var runs []app.SyncRun
		if err == nil && st.Enrolled() {
			conflicts, err = store.Conflicts(ctx)
			if err == nil {
				runs, err = store.SyncRuns(ctx, SyncRunsShown)
			}
		}
		busy := running != nil && running()
		rows, failed := syncRunRows(runs)
		fyne.Do(func() {
			if gen != s.loads {
				return
			}
			if err != nil {
				if s.state == nil {
					showInline(s.failedText, err)
					s.setView(s.failedView)
				} else {
					showInline(s.loadErr, err)
				}
				return
			}
			showInline(s.loadErr, nil)
			s.state, s.conflicts, s.runs, s.runFailed = st, conflicts, rows, failed
			s.setRunning(busy || s.ownRun)
			s.show()
		})
	})
}

// show puts the loaded state on the page: the form while not enrolled
// (or asked for again), else the link's state.
func (s *SyncScreen) show() {
	if !s.state.Enrolled() || s.reenrolling {
		s.showEnrol()
		return
	}
	s.fillStatus()
	s.setView(s.statusView)
}

func (s *SyncScreen) buildEnrol() {
	s.enrolTitle = pageTitle(i18n.T("syncpage.enrol.title"))
	intro := newWrapLabel(i18n.T("syncpage.enrol.intro"))
	s.hubEntry = widget.NewEntry()
	s.hubEntry.SetPlaceHolder(i18n.T("syncpage.enrol.hub_placeholder"))
	s.codeEntry = widget.NewEntry()
	s.codeEntry.SetPlaceHolder(i18n.T("syncpage.enrol.code_placeholder"))
	s.hubEntry.OnSubmitted = func(string) { s.env.Window.Canvas().Focus(s.codeEntry) }
	s.hubEntry.OnChanged = func(string) { s.setTrust(app.HubTrust{}) }
	s.codeEntry.OnSubmitted = func(string) { s.enrol() }
	s.enrolErr = errorLabel()
	s.buildTrust()
	s.enrolB = widget.NewButtonWithIcon(i18n.T("syncpage.enrol.submit"), theme.ConfirmIcon(), s.enrol)
	s.enrolB.Importance = widget.HighImportance
	s.cancelB = widget.NewButtonWithIcon(i18n.T("syncpage.enrol.cancel"), theme.CancelIcon(), func() {
		s.reenrolling = false
		showInline(s.enrolErr, nil)
		s.show()
	})
	form := widget.NewForm(
		widget.NewFormItem(i18n.T("syncpage.enrol.hub"), s.hubEntry),
		widget.NewFormItem(i18n.T("syncpage.enrol.code"), s.codeEntry),
	)
	privacy := newWrapLabel(i18n.T("syncpage.enrol.privacy"))
	privacy.SizeName = theme.SizeNameCaptionText
	column := container.NewVBox(intro, form, s.enrolErr, s.trustBox,
		container.NewHBox(layout.NewSpacer(), s.cancelB, s.enrolB), widget.NewSeparator(), privacy)
	s.enrolView = container.NewBorder(s.enrolTitle, nil, container.New(minWidth(600), column), nil)
}

// showEnrol shows the form, the hub's address filled in from the state
// when the field is empty; 取消 only when there is an enrolment to go
// back to.
func (s *SyncScreen) showEnrol() {
	if s.state.Enrolled() {
		s.enrolTitle.SetText(i18n.T("syncpage.enrol.again_title"))
		s.cancelB.Show()
	} else {
		s.enrolTitle.SetText(i18n.T("syncpage.enrol.title"))
		s.cancelB.Hide()
	}
	if s.hubEntry.Text == "" && s.state.HubURL != "" {
		s.hubEntry.SetText(s.state.HubURL)
	}
	if s.hubEntry.Text == s.state.HubURL {
		s.setTrust(s.state.Trust) // enrolling again with the same hub trusts it as before
	}
	s.setView(s.enrolView)
}

// buildTrust builds the box that asks the user to trust the hub when
// enrolling needs it: a certificate no authority vouches for (a self-
// signed hub), shown by its fingerprint to compare with the bureau's, or
// plain HTTP to another computer.
func (s *SyncScreen) buildTrust() {
	s.trustIntro = newWrapLabel("")
	s.trustFP = newWrapLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Monospace: true})
	s.trustNote = newWrapLabel("")
	s.trustB = widget.NewButtonWithIcon("", theme.ConfirmIcon(), func() {
		s.setTrust(s.offer)
		s.enrol()
	})
	s.trustB.Importance = widget.WarningImportance
	s.trustBox = container.NewVBox(s.trustIntro, s.trustFP, s.trustNote, container.NewHBox(layout.NewSpacer(), s.trustB))
	s.trustBox.Hide()
}

// setTrust sets how the hub typed is trusted and hides the question.
func (s *SyncScreen) setTrust(t app.HubTrust) {
	s.trust = t
	s.trustBox.Hide()
}

// askTrust shows the trust box when err is one the user may settle by
// trusting the hub: a certificate to compare and pin, or plain HTTP.
func (s *SyncScreen) askTrust(err error) {
	var ce *app.HubCertError
	switch {
	case errors.As(err, &ce) && (ce.Problem == app.CertUnknownAuthority || ce.Problem == app.CertNotPinned) && ce.Fingerprint != "":
		s.offer = app.HubTrust{Fingerprint: ce.Fingerprint}
		intro := "syncpage.trust.cert_unknown"
		if ce.Problem == app.CertNotPinned {
			intro = "syncpage.trust.cert_changed"
		}
		s.trustIntro.SetText(i18n.T(intro))
		s.trustFP.SetText(ce.Fingerprint)
		s.trustFP.Show()
		s.trustNote.SetText(i18n.T("syncpage.trust.cert_compare"))
		s.trustB.SetText(i18n.T("syncpage.trust.cert_button"))
	case errors.Is(err, app.ErrPlainHTTP):
		s.offer = app.HubTrust{Insecure: true}
		s.trustIntro.SetText(i18n.T("syncpage.trust.plain"))
		s.trustFP.Hide()
		s.trustNote.SetText(i18n.T("syncpage.trust.plain_note"))
		s.trustB.SetText(i18n.T("syncpage.trust.plain_button"))
	default:
		return
	}
	s.trustBox.Show()
}

// Reenrol shows the enrolment form again, e.g. with a new code after the
// hub refused the school's credential.
func (s *SyncScreen) Reenrol() {
	s.reenrolling = true
	s.codeEntry.SetText("")
	showInline(s.enrolErr, nil)
	if s.state != nil {
		s.showEnrol()
	}
}

func (s *SyncScreen) setEnrolBusy(busy bool) {
	s.enrolBusy = busy
	for _, e := range []*widget.Entry{s.hubEntry, s.codeEntry} {
		if busy {
			e.Disable()
		} else {
			e.Enable()
		}
	}
	for _, b := range []*widget.Button{s.enrolB, s.cancelB, s.trustB} {
		if busy {
			b.Disable()
		} else {
			b.Enable()
		}
	}
}

// enrol exchanges the code for the school's credential off the UI
// goroutine, then shows the link and runs the first sync at once (which
// also resumes a scheduler that a refused credential stopped).
func (s *SyncScreen) enrol() {
	if s.enrolBusy {
		return
	}
	hub, code := strings.TrimSpace(s.hubEntry.Text), strings.TrimSpace(s.codeEntry.Text)
	if hub == "" || code == "" {
		showInline(s.enrolErr, app.Errorf(app.EINVALID, "syncpage.enrol.missing"))
		return
	}
	showInline(s.enrolErr, nil)
	s.trustBox.Hide()
	s.setEnrolBusy(true)
	ctx, syncer := s.env.Ctx(), s.env.Services.Syncer
	r := app.EnrolRequest{HubURL: hub, Code: code, Trust: s.trust}
	if s.env.School != nil {
		r.School = s.env.School.Name
	}
	s.run(func() {
		e, err := syncer.Enrol(ctx, r)
		fyne.Do(func() {
			s.setEnrolBusy(false)
			if err != nil {
				showInline(s.enrolErr, err)
				s.askTrust(err)
				return
			}
			s.reenrolling = false
			s.codeEntry.SetText("")
			s.enrolled.SetText(i18n.T("syncpage.enrolled", e.Name, e.HubURL))
			s.enrolled.Show()
			s.changed()
			s.Reload()
			s.SyncNow()
		})
	})
}

func (s *SyncScreen) buildStatus() {
	s.runB = widget.NewButtonWithIcon(i18n.T("syncpage.run"), theme.ViewRefreshIcon(), s.SyncNow)
	s.runB.Importance = widget.HighImportance
	s.reenrolB = widget.NewButtonWithIcon(i18n.T("syncpage.reenrol"), theme.LoginIcon(), s.Reenrol)
	refresh := widget.NewButtonWithIcon("", theme.ViewRefreshIcon(), s.Reload)
	refresh.Importance = widget.LowImportance
	header := container.NewBorder(nil, nil, nil, container.NewHBox(refresh, s.reenrolB, s.runB), pageTitle(i18n.T("nav.sync")))

	banner := func(key string) *wrapLabel {
		l := newWrapLabelWithStyle(i18n.T(key), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		l.Hide()
		return l
	}
	s.needsEnrol = banner("syncpage.needs_enrol")
	s.needsEnrol.Importance = widget.DangerImportance
	s.clockBack = banner("syncpage.clock_back")
	s.clockBack.Importance = widget.WarningImportance
	s.enrolled = newWrapLabel("")
	s.enrolled.Importance = widget.SuccessImportance
	s.enrolled.Hide()
	s.runErr = errorLabel()
	s.loadErr = errorLabel()
	s.busy = newBusyIndicator()

	s.intervals = map[string]time.Duration{}
	s.interval = widget.NewSelect(nil, s.setInterval)
	s.intervalErr = errorLabel()
	s.info = container.NewStack()

	s.conflictHead = fieldLabel("")
	conflictHint := newWrapLabel(i18n.T("syncpage.conflicts.hint"))
	conflictHint.SizeName = theme.SizeNameCaptionText
	s.conflictList = widget.NewList(func() int { return len(s.conflicts) }, newConflictRow, s.updateConflictRow)
	s.conflictList.OnSelected = func(widget.ListItemID) { s.conflictList.UnselectAll() }
	none := newWrapLabel(i18n.T("syncpage.conflicts.none"))
	none.Importance = widget.LowImportance
	s.conflictNone = container.NewVBox(none)
	s.conflictBox = container.NewStack(s.conflictNone)
	conflicts := container.NewBorder(container.NewVBox(s.conflictHead, conflictHint), nil, nil, nil, s.conflictBox)

	middle := container.NewGridWithColumns(2, s.info, conflicts)
	top := container.NewVBox(header, s.needsEnrol, s.clockBack, s.enrolled, s.runErr, s.loadErr, s.busy.box, middle, widget.NewSeparator(),
		fieldLabel(i18n.T("syncpage.history.title", SyncRunsShown)))
	history := s.newHistoryTable()
	s.historyNote = widget.NewLabel(i18n.T("syncpage.history.empty"))
	s.historyNote.Importance = widget.LowImportance
	s.statusView = container.NewBorder(top, nil, nil, nil, container.NewStack(history, container.NewCenter(s.historyNote)))
}

// fillStatus puts the loaded state into the enrolled view.
func (s *SyncScreen) fillStatus() {
	st := s.state
	setVisible(s.needsEnrol, st.NeedsEnrol)
	setVisible(s.clockBack, st.ClockBack)
	if st.NeedsEnrol {
		s.reenrolB.Importance = widget.HighImportance
	} else {
		s.reenrolB.Importance = widget.MediumImportance
	}
	s.reenrolB.Refresh()
	if s.runErr.Visible() && s.runErr.Text == st.LastError {
		showInline(s.runErr, nil) // the run's error is the last error, shown below
	}

	s.info.Objects = []fyne.CanvasObject{s.infoForm()}
	s.info.Refresh()

	s.conflictHead.SetText(i18n.T("syncpage.conflicts.title", len(s.conflicts)))
	if len(s.conflicts) == 0 {
		s.conflictBox.Objects = []fyne.CanvasObject{s.conflictNone}
	} else {
		s.conflictBox.Objects = []fyne.CanvasObject{s.conflictList}
	}
	s.conflictBox.Refresh()
	s.conflictList.Refresh()

	setVisible(s.historyNote, len(s.runs) == 0)
	s.history.Refresh()
}

// infoForm is the link's state: where the hub is, when the school last
// synced and how that went, what waits to go up and how often it syncs.
func (s *SyncScreen) infoForm() fyne.CanvasObject {
	st := s.state
	value := func(text string) *widget.Label {
		l := widget.NewLabel(text)
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}
	when := func(t time.Time) *widget.Label {
		if t.IsZero() {
			l := value(i18n.T("syncpage.never"))
			l.Importance = widget.LowImportance
			return l
		}
		return value(t.Local().Format(syncTimeLayout))
	}
	trust := newWrapLabel(app.TrustText(st.HubURL, st.Trust))
	items := []*widget.FormItem{widget.NewFormItem(i18n.T("syncpage.hub"), value(st.HubURL)),
		widget.NewFormItem(i18n.T("syncpage.trust"), trust)}
	if st.Name != "" {
		items = append(items, widget.NewFormItem(i18n.T("syncpage.hub_name"), value(st.Name)))
	}
	lastErr := newWrapLabel(i18n.T("syncpage.no_error"))
	lastErr.Importance = widget.LowImportance
	if st.LastError != "" {
		lastErr.SetText(st.LastError)
		lastErr.Importance = widget.DangerImportance
	}
	pending := value(i18n.T("syncpage.pending_n", st.Pending))
	if st.Pending > 0 {
		pending.TextStyle.Bold = true
	}
	s.setIntervalOptions(st.Interval)
	items = append(items,
		widget.NewFormItem(i18n.T("syncpage.last_success"), when(st.LastSuccess)),
		widget.NewFormItem(i18n.T("syncpage.last_attempt"), when(st.LastAttempt)),
		widget.NewFormItem(i18n.T("syncpage.last_error"), lastErr),
		widget.NewFormItem(i18n.T("syncpage.pending"), pending),
		widget.NewFormItem(i18n.T("syncpage.interval"), container.NewVBox(s.interval, s.intervalErr)),
	)
	return widget.NewForm(items...)
}

// intervalLabel names an interval as the select offers it.
func intervalLabel(d time.Duration) string {
	return i18n.T("syncpage.interval_n", int(d/time.Minute))
}

// setIntervalOptions offers SyncIntervals, and the current interval when
// it is another (set with the command line), with the current one
// selected. It sets the field rather than calling SetSelected, which
// would save it again.
func (s *SyncScreen) setIntervalOptions(current time.Duration) {
	if current <= 0 {
		current = app.DefaultSyncInterval
	}
	ds := slices.Clone(SyncIntervals)
	if !slices.Contains(ds, current) {
		ds = append(ds, current)
		slices.Sort(ds)
	}
	s.intervals = make(map[string]time.Duration, len(ds))
	labels := make([]string, 0, len(ds))
	for _, d := range ds {
		l := intervalLabel(d)
		s.intervals[l] = d
		labels = append(labels, l)
	}
	s.interval.Options = labels
	s.interval.Selected = intervalLabel(current)
	s.interval.Refresh()
}

// setInterval saves the interval the user picked off the UI goroutine; a
// refusal puts the saved one back.
func (s *SyncScreen) setInterval(label string) {
	d, ok := s.intervals[label]
	if !ok || s.state == nil || d == s.state.Interval {
		return
	}
	ctx, store := s.env.Ctx(), s.env.Services.Sync
	s.run(func() {
		err := store.SetInterval(ctx, d)
		fyne.Do(func() {
			showInline(s.intervalErr, err)
			if err != nil {
				s.setIntervalOptions(s.state.Interval)
				return
			}
			s.state.Interval = d
			if s.opts.OnInterval != nil {
				s.opts.OnInterval(d)
			}
		})
	})
}

// SyncNow runs a sync: through the scheduler when the shell has one,
// else with the Syncer directly, off the UI goroutine either way; the
// page loads again when it is done.
func (s *SyncScreen) SyncNow() {
	if s.running {
		return
	}
	showInline(s.runErr, nil)
	s.setRunning(true)
	if runNow := s.opts.RunNow; runNow != nil {
		s.run(func() {
			runNow()
			fyne.Do(func() {
				s.setRunning(false)
				s.Reload()
				s.changed()
			})
		})
		return
	}
	s.ownRun = true
	s.changed()
	ctx, syncer := s.env.Ctx(), s.env.Services.Syncer
	s.run(func() {
		_, err := syncer.Sync(ctx)
		fyne.Do(func() {
			s.ownRun = false
			s.setRunning(false)
			showInline(s.runErr, err)
			s.Reload()
			s.changed()
		})
	})
}

// setRunning shows whether a sync is under way; 立即同步 waits for it.
func (s *SyncScreen) setRunning(on bool) {
	s.running = on
	if on {
		s.busy.set(i18n.T("syncpage.running"))
		s.runB.Disable()
	} else {
		s.busy.set("")
		s.runB.Enable()
	}
}

// newConflictRow is the template of a conflict: what it was and which
// notice, then when and the hub's reason. One label a line: the texts
// vary in length, and a list row is laid out once.
func newConflictRow() fyne.CanvasObject {
	head := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	head.Truncation = fyne.TextTruncateEllipsis
	msg := widget.NewLabel("")
	msg.Truncation = fyne.TextTruncateEllipsis
	msg.Importance = widget.WarningImportance
	return container.NewVBox(head, msg)
}

func (s *SyncScreen) updateConflictRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(s.conflicts) {
		return
	}
	c := s.conflicts[id]
	lines := o.(*fyne.Container).Objects
	head := []string{syncOpName(c.Type)}
	if c.Notice != "" {
		head = append(head, c.Notice)
	}
	lines[0].(*widget.Label).SetText(strings.Join(head, i18n.T("syncline.sep")))
	var detail []string
	if !c.At.IsZero() {
		detail = append(detail, c.At.Local().Format(syncLineLayout))
	}
	msg := c.Message
	if msg == "" {
		msg = c.Code
	}
	detail = append(detail, msg)
	lines[1].(*widget.Label).SetText(strings.Join(detail, i18n.T("syncline.sep")))
}

// setVisible shows or hides o.
func setVisible(o fyne.CanvasObject, on bool) {
	if on {
		o.Show()
	} else {
		o.Hide()
	}
}

// syncOpName is an operation's type as the user reads it.
func syncOpName(typ string) string {
	if key := "sync.op." + typ; i18n.Has(i18n.Language(), key) {
		return i18n.T(key)
	}
	return typ
}

func syncHistoryHeaders() [historyCols]string {
	return [historyCols]string{
		i18n.T("syncpage.history.start"), i18n.T("syncpage.history.down"), i18n.T("syncpage.history.up"),
		i18n.T("syncpage.history.rejected"), i18n.T("syncpage.history.result"),
	}
}

// newHistoryTable makes the history's table, s.history, and returns it
// fitted to its width: an error reads far in the result column, which
// takes the rest.
func (s *SyncScreen) newHistoryTable() fyne.CanvasObject {
	headers := syncHistoryHeaders()
	t := newLabelTable(headers[:], func() int { return len(s.runs) }, func(row, col int) (string, widget.Importance) {
		if col == hcolResult && s.runFailed[row] {
			return s.runs[row][col], widget.DangerImportance
		}
		return s.runs[row][col], widget.MediumImportance
	})
	samples := [historyCols][]string{{"2026-12-31 23:59"}, {"9999"}, {"9999"}, {"9999"}, {i18n.T("syncpage.history.ok")}}
	cols := make([]column, historyCols)
	for c, h := range headers {
		cols[c] = column{h, colFit, samples[c]}
	}
	cols[hcolResult].kind = colText
	s.history = t
	_, view := fitColumns(t, cols)
	return view
}

// syncRunRows formats runs for the history table, once per load.
func syncRunRows(runs []app.SyncRun) ([][historyCols]string, []bool) {
	rows := make([][historyCols]string, len(runs))
	failed := make([]bool, len(runs))
	for i, r := range runs {
		rows[i] = [historyCols]string{
			r.Start.Local().Format(syncTimeLayout),
			strconv.Itoa(r.Down), strconv.Itoa(r.Up), strconv.Itoa(r.Rejected),
			i18n.T("syncpage.history.ok"),
		}
		if r.Error != "" {
			rows[i][hcolResult] = r.Error
			failed[i] = true
		}
	}
	return rows, failed
}
