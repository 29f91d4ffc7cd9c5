package ui

import (
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// AttendanceScreen is the attendance page (考勤). Its toolbar picks the
// class, the day and (in a school that takes the roll twice a day) the
// session; its tabs show the class's roll call, the classes that have not
// taken the roll that day, the students absent several days in a row and
// the attendance rates.
type AttendanceScreen struct {
	env *Env
	// run starts background work and now gives today; tests replace both.
	run func(func())
	now func() time.Time

	root    *fyne.Container // loading, failed, or main
	started bool
	pending func() // a class or tab asked for before the page loaded

	settings app.AttendanceSettings
	classes  []*app.Class // the classes the account takes the roll of
	classID  int64
	day      time.Time
	session  app.Session

	classSel  *widget.Select
	dayEntry  *widget.Entry
	dayErr    *wrapLabel
	sessions  *widget.RadioGroup
	exportBtn *widget.Button
	progress  *busyIndicator
	tabs      *container.AppTabs
	// syncing is set while code, not the user, changes the toolbar
	syncing bool

	roll     *rollCallView
	notTaken *notTakenView
	alerts   *alertsView
	rates    *ratesView

	settingsBtn *widget.Button      // admin only
	settingsDlg *attendanceSettings // the open settings dialog, for tests
}

// The tabs of the attendance page, in order.
const (
	attTabRoll = iota
	attTabNotTaken
	attTabAlerts
	attTabRates
)

// NewAttendanceScreen builds the attendance page; it loads the school's
// settings and classes the first time it is shown.
func NewAttendanceScreen(env *Env) *AttendanceScreen {
	s := &AttendanceScreen{env: env, run: func(f func()) { runAsync(f) }, now: time.Now}
	s.root = container.NewStack(container.NewCenter(widget.NewLabel(i18n.T("attendancepage.loading"))))
	return s
}

// Content returns the page's widgets.
func (s *AttendanceScreen) Content() fyne.CanvasObject {
	if !s.started {
		s.load()
	}
	return s.root
}

func (s *AttendanceScreen) load() {
	s.started = true
	ctx := s.env.Ctx()
	svc := s.env.Services
	s.run(func() {
		st, err := svc.Attendance.Settings(ctx)
		var classes []*app.Class
		if err == nil {
			classes, err = svc.Classes.Classes(ctx)
		}
		if err == nil {
			// past years' classes follow this year's: their roll calls
			// and month sheets stay readable
			var past []*app.Class
			past, err = pastClasses(ctx, svc.Years)
			classes = append(classes, past...)
		}
		fyne.Do(func() {
			if err != nil {
				retry := widget.NewButtonWithIcon(i18n.T("attendancepage.retry"), theme.ViewRefreshIcon(), s.load)
				s.setRoot(messageView(i18n.Err(err), retry))
				return
			}
			s.settings = *st
			if s.settings.AlertDays <= 0 {
				s.settings.AlertDays = app.DefaultAlertDays
			}
			s.classes = ownClasses(s.env.Account, classes)
			s.build()
			s.setRoot(s.mainView())
			s.reloadAll()
			if s.pending != nil {
				open := s.pending
				s.pending = nil
				open()
			}
		})
	})
}

func (s *AttendanceScreen) setRoot(o fyne.CanvasObject) {
	s.root.Objects = []fyne.CanvasObject{o}
	s.root.Refresh()
}

func (s *AttendanceScreen) build() {
	now := s.now()
	s.day = dayStart(now)
	s.session = app.SessionDay
	if s.settings.SplitDay {
		s.session = app.SessionAM
		if now.Hour() >= 12 {
			s.session = app.SessionPM
		}
	}

	labels := make([]string, len(s.classes))
	for i, c := range s.classes {
		labels[i] = c.Label()
	}
	s.classSel = widget.NewSelect(labels, func(string) { s.classPicked() })
	s.classSel.PlaceHolder = i18n.T("attendancepage.pick_class")
	s.dayEntry = widget.NewEntry()
	s.dayEntry.SetPlaceHolder(i18n.T("attendancepage.day_hint"))
	s.dayEntry.OnSubmitted = func(text string) {
		day, err := app.ParseDate(text)
		if err == nil && day.IsZero() {
			err = app.Errorf(app.EINVALID, "date.error.invalid", text)
		}
		showInline(s.dayErr, err)
		if err == nil {
			s.changeDay(day)
		}
	}
	s.dayErr = errorLabel()
	sessionLabels := []string{i18n.T("attendancepage.session.am"), i18n.T("attendancepage.session.pm")}
	s.sessions = widget.NewRadioGroup(sessionLabels, func(picked string) {
		if s.syncing || picked == "" {
			return
		}
		next := app.SessionAM
		if picked == sessionLabels[1] {
			next = app.SessionPM
		}
		prev := s.session
		s.whenSaved(func() {
			s.session = next
			s.loadRoll()
		}, func() { s.showSession(prev) })
	})
	s.sessions.Horizontal = true
	s.sessions.Required = true
	s.showSession(s.session)
	if !s.settings.SplitDay {
		s.sessions.Hide()
	}
	s.exportBtn = widget.NewButtonWithIcon(i18n.T("attendancepage.export_month"), theme.DocumentSaveIcon(), s.chooseExport)
	if s.env.Account.IsAdmin() {
		s.settingsBtn = widget.NewButtonWithIcon(i18n.T("attendancepage.settings.open"), theme.SettingsIcon(), s.showSettings)
	}
	s.progress = newBusyIndicator()

	s.roll = newRollCallView(s)
	s.notTaken = newNotTakenView(s)
	s.alerts = newAlertsView(s)
	s.rates = newRatesView(s)
	s.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon(i18n.T("attendancepage.tab.roll"), theme.ListIcon(), s.roll.content),
		container.NewTabItemWithIcon(i18n.T("attendancepage.tab.not_taken"), theme.WarningIcon(), s.notTaken.content),
		container.NewTabItemWithIcon(i18n.T("attendancepage.tab.alerts"), theme.ErrorIcon(), s.alerts.content),
		container.NewTabItemWithIcon(i18n.T("attendancepage.tab.rates"), theme.GridIcon(), s.rates.content),
	)
	s.syncing = true
	s.dayEntry.SetText(app.FormatDate(s.day))
	if len(s.classes) > 0 {
		s.classID = s.classes[0].ID
		s.classSel.SetSelectedIndex(0)
	}
	s.syncing = false
	s.updateButtons()
}

func (s *AttendanceScreen) mainView() fyne.CanvasObject {
	prev := widget.NewButtonWithIcon("", theme.NavigateBackIcon(), func() { s.changeDay(s.day.AddDate(0, 0, -1)) })
	next := widget.NewButtonWithIcon("", theme.NavigateNextIcon(), func() { s.changeDay(s.day.AddDate(0, 0, 1)) })
	today := widget.NewButton(i18n.T("attendancepage.today"), func() { s.changeDay(dayStart(s.now())) })
	bar := container.NewHBox(widget.NewLabel(i18n.T("attendancepage.class")), fitOptions(s.classSel, classSelectMost),
		widget.NewLabel(i18n.T("attendancepage.day")), prev, container.New(minWidth(130), s.dayEntry), next, today, s.sessions)
	actions := container.NewHBox(s.exportBtn)
	if s.settingsBtn != nil {
		actions.Add(s.settingsBtn)
	}
	top := container.NewVBox(
		container.NewBorder(nil, nil, nil, actions, pageTitle(i18n.T("nav.attendance"))),
		bar, s.dayErr, s.progress.box)
	return container.NewBorder(top, nil, nil, nil, s.tabs)
}

// showSession shows session in the radio group without acting on it.
func (s *AttendanceScreen) showSession(ss app.Session) {
	s.syncing = true
	defer func() { s.syncing = false }()
	switch ss {
	case app.SessionAM:
		s.sessions.SetSelected(s.sessions.Options[0])
	case app.SessionPM:
		s.sessions.SetSelected(s.sessions.Options[1])
	}
}

// classPicked follows the class box: the roll call of the class picked.
func (s *AttendanceScreen) classPicked() {
	if s.syncing {
		return
	}
	i := s.classSel.SelectedIndex()
	if i < 0 || i >= len(s.classes) || s.classes[i].ID == s.classID {
		return
	}
	prev := slices.IndexFunc(s.classes, func(c *app.Class) bool { return c.ID == s.classID })
	next := s.classes[i].ID
	s.whenSaved(func() {
		s.classID = next
		s.updateButtons()
		s.loadRoll()
	}, func() {
		s.syncing = true
		s.classSel.SetSelectedIndex(prev)
		s.syncing = false
	})
}

// OpenClass shows the roll call of a class the account takes (once the
// page has loaded, when it has not yet).
func (s *AttendanceScreen) OpenClass(id int64) {
	if s.classSel == nil {
		s.pending = func() { s.OpenClass(id) }
		return
	}
	i := slices.IndexFunc(s.classes, func(c *app.Class) bool { return c.ID == id })
	if i < 0 {
		return
	}
	s.tabs.SelectIndex(attTabRoll)
	s.classSel.SetSelectedIndex(i)
}

// ShowTab shows one of the page's tabs: attTabNotTaken, attTabAlerts or
// attTabRates (once the page has loaded, when it has not yet).
func (s *AttendanceScreen) ShowTab(tab int) {
	if s.tabs == nil {
		s.pending = func() { s.ShowTab(tab) }
		return
	}
	s.tabs.SelectIndex(tab)
}

// ShowRates shows the rates tab over a preset range ending on the day
// shown, by a level, all of it (once the page has loaded, when it has not
// yet).
func (s *AttendanceScreen) ShowRates(kind app.RangeKind, level app.RateLevel) {
	if s.tabs == nil {
		s.pending = func() { s.ShowRates(kind, level) }
		return
	}
	v := s.rates
	if i := slices.Index(ratePeriods, kind); i >= 0 {
		v.period.SetSelected(v.period.Options[i])
	}
	if i := slices.Index(rateLevels, level); i >= 0 {
		v.show(v.level.Options[i], 0, "")
	}
	s.tabs.SelectIndex(attTabRates)
}

// changeDay shows another day: its roll call and the lists as of it.
func (s *AttendanceScreen) changeDay(day time.Time) {
	day = dayStart(day)
	if day.Equal(s.day) {
		s.syncing = true
		s.dayEntry.SetText(app.FormatDate(s.day))
		s.syncing = false
		return
	}
	s.whenSaved(func() {
		s.day = day
		showInline(s.dayErr, nil)
		s.syncing = true
		s.dayEntry.SetText(app.FormatDate(day))
		s.syncing = false
		s.reloadAll()
	}, func() {
		s.syncing = true
		s.dayEntry.SetText(app.FormatDate(s.day))
		s.syncing = false
	})
}

// whenSaved runs change at once when the roll call shown has no unsaved
// marks; otherwise it asks first, and runs keep if the user stays.
func (s *AttendanceScreen) whenSaved(change, keep func()) {
	if s.roll == nil || !s.roll.dirty() {
		change()
		return
	}
	confirmDanger(s.env.Window, i18n.T("attendancepage.discard_title"), confirmText(i18n.T("attendancepage.discard")),
		i18n.T("attendancepage.discard_ok"), func(ok bool) {
			if ok {
				change()
			} else if keep != nil {
				keep()
			}
		})
}

func (s *AttendanceScreen) reloadAll() {
	s.loadRoll()
	s.notTaken.load()
	s.alerts.load()
	s.rates.reload()
}

func (s *AttendanceScreen) loadRoll() {
	if s.classID == 0 {
		s.roll.showMessage(i18n.T("attendancepage.no_classes"))
		return
	}
	s.roll.load(s.classID, s.day, s.session)
}

func (s *AttendanceScreen) class() *app.Class {
	i := slices.IndexFunc(s.classes, func(c *app.Class) bool { return c.ID == s.classID })
	if i < 0 {
		return nil
	}
	return s.classes[i]
}

func (s *AttendanceScreen) updateButtons() {
	enable(s.exportBtn, s.classID != 0 && !s.progress.busy())
}

func (s *AttendanceScreen) chooseExport() {
	c := s.class()
	if c == nil {
		return
	}
	month := s.day.Format("2006-01")
	chooseSavePath(s.env, i18n.T("attendancepage.month_file", c.Label(), month), ".xlsx", s.exportTo)
}

// exportTo writes the month of the day shown, of the class picked, as a
// 考勤表.
func (s *AttendanceScreen) exportTo(path string) {
	if s.progress.busy() || s.classID == 0 {
		return
	}
	ctx := s.env.Ctx()
	svc := s.env.Services
	classID, month := s.classID, monthStart(s.day)
	s.progress.job(s.run, i18n.T("attendancepage.exporting"), s.updateButtons, func() error {
		m, err := svc.Attendance.MonthSheet(ctx, classID, month)
		if err != nil {
			return err
		}
		return svc.Sheets.WriteMonthSheet(path, m)
	}, orShow(s.env, func() {
		s.env.ShowInfo(i18n.T("attendancepage.export_month"), i18n.T("attendancepage.saved_to", path))
	}))
}

// dayStart is midnight at the start of t's day in time.Local.
func dayStart(t time.Time) time.Time {
	t = t.In(time.Local)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.Local)
}

// monthStart is the first day of t's month.
func monthStart(t time.Time) time.Time {
	t = t.In(time.Local)
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.Local)
}

// markText names a mark: 出勤, 缺勤, 迟到, 早退, 病假, 事假.
func markText(m app.Mark) string {
	if m == app.MarkPresent {
		return i18n.T("attendancepage.mark.present")
	}
	return i18n.T("attendancepage.mark." + string(m))
}

// markImportance colours a mark: absence red, late and early orange,
// leave blue, present plain.
func markImportance(m app.Mark) widget.Importance {
	switch m {
	case app.MarkAbsent:
		return widget.DangerImportance
	case app.MarkLate, app.MarkEarly:
		return widget.WarningImportance
	case app.MarkSick, app.MarkPersonal:
		return widget.HighImportance
	}
	return widget.MediumImportance
}

// percentText is a rate in [0, 1] as 97.8%.
func percentText(r float64) string { return i18n.T("attendancepage.percent", r*100) }
