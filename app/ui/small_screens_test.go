package ui

import (
	"context"
	"fmt"
	"image"
	"regexp"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
	"jxj/app/mock"
)

// The window opens within the screen's work area, at the size it had
// last time when that still fits.
func TestWindowSize(t *testing.T) {
	big, netbook := fyne.NewSize(1920, 1040), fyne.NewSize(1024, 560)
	tests := []struct {
		name       string
		remembered fyne.Size
		room       fyne.Size
		want       fyne.Size
	}{
		{"first start on a large screen", fyne.Size{}, big, WindowSize},
		{"first start on a netbook", fyne.Size{}, netbook, fyne.NewSize(1008, 520)},
		{"first start, screen unknown", fyne.Size{}, fyne.Size{}, fyne.NewSize(1008, 520)},
		{"remembered, fits", fyne.NewSize(1300, 800), big, fyne.NewSize(1300, 800)},
		{"remembered small, fits", fyne.NewSize(900, 500), big, fyne.NewSize(900, 500)},
		{"remembered on a larger screen", fyne.NewSize(1300, 800), netbook, fyne.NewSize(1008, 520)},
		{"remembered, screen unknown", fyne.NewSize(1300, 800), fyne.Size{}, fyne.NewSize(1300, 800)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := test.NewTempApp(t)
			if !tt.remembered.IsZero() {
				a.Preferences().SetFloatList(PrefWindowSize, []float64{float64(tt.remembered.Width), float64(tt.remembered.Height)})
			}
			w := test.NewTempWindow(t, widget.NewLabel(""))
			SizeWindow(a, w, tt.room)
			if got := w.Canvas().Size(); got != tt.want {
				t.Errorf("window opens at %v, want %v", got, tt.want)
			}
		})
	}
}

// The size the window had when it closed is the one it opens at next.
func TestWindowSizeRemembered(t *testing.T) {
	a := test.NewTempApp(t)
	w := test.NewTempWindow(t, widget.NewLabel(""))
	SizeWindow(a, w, fyne.NewSize(1920, 1040))
	w.Resize(fyne.NewSize(1250, 690))
	RememberWindowSize(a, w)
	next := test.NewTempWindow(t, widget.NewLabel(""))
	SizeWindow(a, next, fyne.NewSize(1920, 1040))
	if got, want := next.Canvas().Size(), fyne.NewSize(1250, 690); got != want {
		t.Errorf("the next start opens at %v, want %v", got, want)
	}
}

// fitMargin is how much narrower the test driver measures than a real
// window (the English settings measured 1095 here and 1104 under X).
const fitMargin = 24

// fitSizes are the windows every page and editor must fit: the usual one
// and the smallest screen's.
var fitSizes = []fyne.Size{WindowSize, SmallScreen}

// filledShell is the shell over fakes with something on every page: a
// notice with receipts, a homework, a survey, a roll call, a leave
// request, an exam and a directory with phone numbers.
func filledShell(f *shellFakes) {
	nf := newNoticeFakes()
	f.svc.Notices = nf.svc
	f.svc.Homework = &mock.HomeworkService{
		HomeworksFn: func(context.Context) ([]*app.Homework, error) { return []*app.Homework{testHomework()}, nil },
		HomeworkEntriesFn: func(context.Context, int64) (*app.Homework, []app.HomeworkEntry, error) {
			return testHomework(), testHomeworkEntries(), nil
		},
	}
	f.svc.Forms = &mock.FormService{
		FormsFn:     func(context.Context) ([]*app.Form, error) { return []*app.Form{testSurveySheet().Form}, nil },
		FormSheetFn: func(context.Context, int64, string) (*app.FormSheet, error) { return testSurveySheet(), nil },
	}
	f.svc.Directory = &mock.DirectoryService{DirectoryFn: func(context.Context) (*app.Directory, error) { return testDirectory(), nil }}
	f.svc.Courses, _, _ = newCourseFakes() // courses_test.go
	f.svc.Requests, _ = newRequestFakes()  // requests_test.go
	// the admin reads whole phone numbers, wider than masked ones; a
	// family with two guardians has a line each
	nf.receipts[2].Guardians = []app.GuardianContact{{Name: "王建华", Relation: "父亲", Phone: "18940565678"},
		{Name: "贾丽英", Relation: "母亲", Phone: "13656139467"}}
}

// opener opens a view of a page; a record's view needs the filled fakes.
type opener struct {
	name   string
	open   func()
	record bool
}

// pageOpeners are the views a page opens besides its list, its editors
// and a record's detail, by page.
func pageOpeners(u *UI) map[string][]opener {
	notices := func() *NoticesScreen { return u.screens[pageNotices].(*NoticesScreen) }
	homework := func() *HomeworkScreen { return u.screens[pageHomework].(*HomeworkScreen) }
	forms := func() *FormsScreen { return u.screens[pageForms].(*FormsScreen) }
	exams := func() *ExamsScreen { return u.screens[pageExams].(*ExamsScreen) }
	leave := func() *LeaveScreen { return u.screens[pageLeave].(*LeaveScreen) }
	out := map[string][]opener{
		pageNotices:  {{"new notice", func() { notices().Compose() }, false}, {"notice 7", func() { notices().Open(7) }, true}},
		pageHomework: {{"new homework", func() { homework().Compose() }, false}, {"homework 7", func() { homework().Open(7) }, true}},
		pageExams:    {{"new exam", func() { exams().Compose() }, false}, {"exam 5", func() { exams().Open(5) }, false}},
		pageLeave:    {{"new leave request", func() { leave().Compose() }, false}},
		pageForms:    {{"form 5", func() { forms().Open(5) }, true}},
		pageCourses:  {{"course c2", func() { u.screens[pageCourses].(*CoursesScreen).list.Select(1) }, true}},
		pageRequests: requestOpeners(u), // requests_test.go
	}
	for _, k := range builderKinds {
		out[pageForms] = append(out[pageForms], opener{"new " + string(k), func() { forms().Compose(k) }, false})
	}
	return out
}

// Every page of the main view, every tab of it and every view it opens
// fits the window, at the usual size and the smallest screen's, in both
// languages, empty and filled: a page larger than the window would make
// the window grow past the screen.
func TestShellPagesFitTheWindow(t *testing.T) {
	for _, size := range fitSizes {
		limit := size.SubtractWidthHeight(fitMargin, fitMargin)
		for _, lang := range []string{i18n.Chinese, i18n.English} {
			for _, empty := range []bool{false, true} {
				t.Run(fmt.Sprintf("%v %s empty=%v", size, lang, empty), func(t *testing.T) {
					h := mainShell(t, lang, empty)
					check := func(what string) {
						t.Helper()
						if got := h.win.Content().MinSize(); got.Width > limit.Width || got.Height > limit.Height {
							t.Errorf("%s needs %v, more than the %v the window has", what, got, limit)
						}
					}
					eachView(h, !empty, check)
				})
			}
		}
	}
}

// mainShell is the shell logged in as the admin in lang, over fakes with
// something on every page unless empty.
func mainShell(t *testing.T, lang string, empty bool) *shellHarness {
	t.Helper()
	f := newShellFakes()
	if !empty {
		filledShell(f)
	}
	// attendance, leave and grades with a class each to show
	att := newAttendanceFakes()
	att.settings.SplitDay = true
	if !empty {
		alerts := att.svc.AbsenceAlertsFn
		att.svc.AbsenceAlertsFn = func(ctx context.Context, day time.Time, days int) ([]app.AbsenceAlert, error) {
			a, err := alerts(ctx, day, days)
			a[0].Guardians[0].Phone, a[0].Guardians[0].PhoneMasked = "18940565678", false
			return a, err
		}
	}
	f.svc.Attendance, f.svc.Leaves, f.svc.Exams = att.svc, newLeaveFakes().svc, newExamFakes().svc
	f.svc.Classes = &mock.ClassService{ClassesFn: func(context.Context) ([]*app.Class, error) { return testAttendanceClasses(), nil }}
	// 设置 with every card: the desktop's, and a new version to install
	opts := Options{DataDir: "/data", Version: "test", Desktop: &fakeDesktop{tray: true, supported: true}}
	if !empty {
		f.svc.Updates = &mock.UpdateService{UpdateStatusFn: func(context.Context) (*app.UpdateState, error) { return ready("0.3.1"), nil }}
		opts.InstallUpdate = func(context.Context) error { return nil }
	}
	h := startShell(t, f, opts)
	i18n.SetLanguage(lang)
	h.login("admin", shellPassword)
	return h
}

// eachView shows every page of the main view, every tab of it and every
// view it opens (a record's only with records) and calls check for each,
// naming it.
func eachView(h *shellHarness, records bool, check func(what string)) {
	openers := pageOpeners(h.ui)
	for _, p := range h.ui.navPages() {
		h.ui.selectPage(p.id)
		h.wait()
		eachTab(h, func(tab string) { check(p.id + tab) })
		for _, o := range openers[p.id] {
			if o.record && !records {
				continue
			}
			o.open()
			h.wait()
			eachTab(h, func(tab string) { check(p.id + ": " + o.name + tab) })
		}
	}
}

// eachTab calls check for what the window shows, and once more for every
// other tab of the tab bars on show, naming the tab.
func eachTab(h *shellHarness, check func(tab string)) {
	check("")
	for _, p := range placedObjects(h.win.Canvas(), h.win.Canvas().Size()) {
		tabs, ok := p.obj.(*container.AppTabs)
		if !ok {
			continue
		}
		was := tabs.SelectedIndex()
		for i, it := range tabs.Items {
			if i != was {
				tabs.SelectIndex(i)
				h.wait()
				check(" tab " + it.Text)
			}
		}
		tabs.SelectIndex(was)
	}
}

// placed is an object of the window with where it is and the part of the
// window its scroll containers and tables let it show in.
type placed struct {
	obj      fyne.CanvasObject
	overlay  fyne.CanvasObject // the dialog it is in, nil for the window's content
	inTable  bool
	pos      fyne.Position // in the window
	clipFrom fyne.Position
	clipTo   fyne.Position
}

// inView reports whether all of the object is in the part shown, a
// label's padding above and below its text aside.
func (p placed) inView() bool {
	from, end := p.pos, p.pos.Add(p.obj.Size())
	if _, ok := p.obj.(*widget.Label); ok {
		from.Y += theme.InnerPadding()
		end.Y -= theme.InnerPadding()
	}
	return from.X >= p.clipFrom.X-0.5 && from.Y >= p.clipFrom.Y-0.5 && end.X <= p.clipTo.X+0.5 && end.Y <= p.clipTo.Y+0.5
}

// placedObjects returns the visible objects of the window (dialogs
// included) where they are, clipped to the screen: the window as large as
// its content needs, seen through a screen of the given size.
func placedObjects(c fyne.Canvas, screen fyne.Size) []placed {
	var out []placed
	var overlay fyne.CanvasObject
	var walk func(o fyne.CanvasObject, at, from, to fyne.Position, inTable bool)
	walk = func(o fyne.CanvasObject, at, from, to fyne.Position, inTable bool) {
		if o == nil || !o.Visible() {
			return
		}
		pos := at.Add(o.Position())
		out = append(out, placed{o, overlay, inTable, pos, from, to})
		switch o.(type) {
		case *widget.Table, *keyTable:
			inTable = true
		}
		switch o.(type) {
		case *widget.Table, *keyTable, *container.Scroll:
			from = fyne.NewPos(max(from.X, pos.X), max(from.Y, pos.Y))
			end := pos.Add(o.Size())
			to = fyne.NewPos(min(to.X, end.X), min(to.Y, end.Y))
		}
		switch o := o.(type) {
		case *fyne.Container:
			for _, c := range o.Objects {
				walk(c, pos, from, to, inTable)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(o).Objects() {
				walk(c, pos, from, to, inTable)
			}
		}
	}
	to := fyne.NewPos(screen.Width, screen.Height)
	walk(c.Content(), fyne.Position{}, fyne.Position{}, to, false)
	for _, o := range c.Overlays().List() {
		overlay = o
		walk(o, fyne.Position{}, fyne.Position{}, to, false)
	}
	return out
}

// atScreen gives the window the size of screen, or more when its content
// needs more, as a real window would take.
func atScreen(w fyne.Window, screen fyne.Size) {
	w.Resize(screen.Max(w.Content().MinSize()))
}

// The buttons of every editor stay in view on the smallest screen, in
// both languages: its body scrolls, its action bar does not.
func TestEditorButtonsInView(t *testing.T) {
	screen := SmallScreen.SubtractWidthHeight(fitMargin, fitMargin)
	buttons := map[string][]string{
		"new notice":        {"notices.compose.cancel", "notices.compose.save", "notices.compose.publish"},
		"new homework":      {"formpage.cancel", "homeworkpage.publish"},
		"new exam":          {"formpage.cancel", "exampage.create"},
		"new leave request": {"formpage.cancel", "leavepage.submit"},
	}
	for _, k := range builderKinds {
		buttons["new "+string(k)] = []string{"formpage.cancel", "formpage.builder.create"}
	}
	for _, lang := range []string{i18n.Chinese, i18n.English} {
		t.Run(lang, func(t *testing.T) {
			h := mainShell(t, lang, false)
			openers := pageOpeners(h.ui)
			seen := 0
			for _, p := range h.ui.navPages() {
				for _, o := range openers[p.id] {
					keys, ok := buttons[o.name]
					if !ok {
						continue
					}
					seen++
					h.ui.selectPage(p.id)
					o.open()
					h.wait()
					atScreen(h.win, screen)
					objects := placedObjects(h.win.Canvas(), screen)
					for _, key := range keys {
						text := i18n.T(key)
						found := false
						for _, pl := range objects {
							if b, ok := pl.obj.(*widget.Button); ok && b.Text == text {
								found = true
								if !pl.inView() {
									t.Errorf("%s: button %q at %v, %v, out of the %v in view", o.name, text, pl.pos, b.Size(), screen)
								}
							}
						}
						if !found {
							t.Errorf("%s: no button %q", o.name, text)
						}
					}
				}
			}
			if seen != len(buttons) {
				t.Errorf("walked %d editors, want %d", seen, len(buttons))
			}
		})
	}
}

// phoneNumber is a phone number, whole or masked.
var phoneNumber = regexp.MustCompile(`1[0-9]{2}([0-9]{4}|\*{4})[0-9]{4}`)

// No table of any page cuts a phone number short or leaves it off its
// edge on the smallest screen, in either language: the directory, the
// receipts of a notice and the call list of students absent in a row
// among them.
func TestPhonesNeverCut(t *testing.T) {
	screen := SmallScreen.SubtractWidthHeight(fitMargin, fitMargin)
	for _, lang := range []string{i18n.Chinese, i18n.English} {
		t.Run(lang, func(t *testing.T) {
			h := mainShell(t, lang, false)
			seen := map[string]int{}
			check := func(what string) {
				atScreen(h.win, screen)
				for _, p := range placedObjects(h.win.Canvas(), screen) {
					l, ok := p.obj.(*widget.Label)
					if !ok || !p.inTable || !phoneNumber.MatchString(l.Text) {
						continue
					}
					seen[what]++
					need := columnWidth("", l.Text) - 2
					lines := float32(strings.Count(l.Text, "\n") + 1)
					if h := widget.NewLabel(l.Text).MinSize().Height; l.Size().Height < h && lines > 1 {
						t.Errorf("%s: %q shows %v of its %v lines' height", what, l.Text, l.Size().Height, h)
					}
					if l.Size().Width < need || !p.inView() {
						t.Errorf("%s: %q is cut: %v wide (needs %v) at %v, in view %v–%v", what, l.Text, l.Size().Width, need, p.pos, p.clipFrom, p.clipTo)
					}
				}
			}
			eachView(h, true, check)
			for _, want := range []string{pageDirectory, pageNotices + ": notice 7",
				pageAttend + " tab " + i18n.T("attendancepage.tab.alerts_n", 1)} {
				if seen[want] == 0 {
					t.Errorf("no phone number seen on %s; seen on %v", want, seen)
				}
			}
		})
	}
}

// The roll call of a class of 45 shows at least eight students whole at
// once on the smallest screen, in both languages (five before): compact
// rows, and the counts, the state and the keys' help beside the buttons.
// Their names read whole.
func TestRollCallRowsOnSmallScreen(t *testing.T) {
	screen := SmallScreen.SubtractWidthHeight(fitMargin, fitMargin)
	for _, lang := range []string{i18n.Chinese, i18n.English} {
		t.Run(lang, func(t *testing.T) {
			f := newShellFakes()
			att := newAttendanceFakes()
			att.settings.SplitDay = true
			att.svc.RollCallFn = func(_ context.Context, classID int64, day time.Time, ss app.Session) (*app.RollCall, error) {
				call := &app.RollCall{ClassID: classID, ClassLabel: "三年级1班", Day: day, Session: ss}
				for i := range 45 {
					call.Entries = append(call.Entries, app.RollCallEntry{StudentID: int64(i + 1),
						StudentName: fmt.Sprintf("学生%02d", i+1), StudentNo: fmt.Sprintf("20240101%02d", i+1)})
				}
				return call, nil
			}
			f.svc.Attendance = att.svc
			f.svc.Classes = &mock.ClassService{ClassesFn: func(context.Context) ([]*app.Class, error) { return testAttendanceClasses(), nil }}
			h := startShell(t, f, Options{})
			i18n.SetLanguage(lang)
			h.login("admin", shellPassword)
			h.ui.selectPage(pageAttend)
			h.wait()
			atScreen(h.win, screen)
			shown := 0
			for _, p := range placedObjects(h.win.Canvas(), screen) {
				if l, ok := p.obj.(*widget.Label); ok && p.inTable && strings.HasPrefix(l.Text, "学生") && p.inView() {
					shown++
					if l.Size().Width < columnWidth("", l.Text)-2 {
						t.Errorf("the name %q is cut short", l.Text)
					}
				}
			}
			if shown < 8 {
				t.Errorf("the roll call shows %d of 45 students whole, want at least 8", shown)
			}
		})
	}
}

// The keys of the roll call read whole in a dialog, from the button that
// takes the place of a line of help.
func TestRollCallKeysHelp(t *testing.T) {
	s, w := newTestAttendance(t, newAttendanceFakes(), nil, nil)
	test.Tap(buttonWithText(t, s.roll.content, "按键说明"))
	if texts := topDialogTexts(w); !containsText(texts, i18n.T("attendancepage.keys_hint")) {
		t.Errorf("the keys' dialog shows %q", texts)
	}
}

// The width policy: fit and phone columns keep what they need; text
// columns take what is left, or give it up first, down to three
// characters, then two; past that the table scrolls.
func TestTableFit(t *testing.T) {
	three, two := columnWidth("", textLeast[0]), columnWidth("", textLeast[1])
	cols := []column{{"no", colFit, nil}, {"name", colText, nil}, {"phone", colPhone, nil}, {"reason", colText, nil}}
	need := []float32{100, 120, 110, 300}
	pad := 4 * theme.Padding()
	tests := []struct {
		name  string
		width float32
		want  []float32
	}{
		{"room to spare", 800 + pad, []float32{100, 120 + 85, 110, 300 + 85}},
		{"just enough", 630 + pad, need},
		{"short: the text columns give way in proportion", 530 + pad, []float32{100, 120 - 100*(120-three)/(420-2*three), 110, 300 - 100*(300-three)/(420-2*three)}},
		{"shorter: three characters each", 210 + 2*three + pad, []float32{100, three, 110, three}},
		{"too short: two characters each", 210 + 2*two + pad, []float32{100, two, 110, two}},
		{"far too short: the table scrolls", 100, []float32{100, two, 110, two}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tbl := widget.NewTable(nil, nil, nil)
			f := &tableFit{table: tbl, cols: cols, need: need, least: map[int]float32{}}
			f.fit(tt.width)
			for c := range tt.want {
				if d := f.widths[c] - tt.want[c]; d > 0.01 || d < -0.01 {
					t.Errorf("widths = %v, want %v", f.widths, tt.want)
					break
				}
			}
		})
	}
}

// A click on a cell of the call list that is cut short shows it whole.
func TestTableShowsCutTextWhole(t *testing.T) {
	f := newAttendanceFakes()
	long := "欧阳思思思思思思思思思思思思思思思思思思思思思思思思"
	alerts := f.svc.AbsenceAlertsFn
	f.svc.AbsenceAlertsFn = func(ctx context.Context, day time.Time, days int) ([]app.AbsenceAlert, error) {
		a, err := alerts(ctx, day, days)
		a[0].Guardians[0].Name = long
		return a, err
	}
	s, w := newTestAttendance(t, f, nil, nil)
	w.Resize(SmallScreen)
	s.tabs.SelectIndex(attTabAlerts)
	v := s.alerts
	v.table.Select(widget.TableCellID{Row: 0, Col: alColNo})
	if texts := topDialogTexts(w); len(texts) > 0 {
		t.Errorf("a whole cell opened %q", texts)
	}
	v.table.Select(widget.TableCellID{Row: 0, Col: alColGuardian})
	if texts := topDialogTexts(w); !containsText(texts, long) {
		t.Errorf("a cut cell opened %q, want its whole text", texts)
	}
}

// The exam statistics are too wide for a small window: scrolled to the
// last score band, the table still shows the class and the subject of
// each line, and the band whole.
func TestExamStatsScrollKeepsTheRow(t *testing.T) {
	s, w := newTestExams(t, newExamFakes(), nil, nil)
	s.Open(5)
	d := s.detail
	d.tabs.SelectIndex(1)
	screen := SmallScreen.SubtractWidthHeight(fitMargin, fitMargin)
	atScreen(w, screen)
	last := len(statsHeaders()) - 1
	d.statsTable.ScrollTo(widget.TableCellID{Row: 0, Col: last})
	var class, band bool
	for _, p := range placedObjects(w.Canvas(), screen) {
		if l, ok := p.obj.(*widget.Label); ok && p.inTable && p.inView() {
			class = class || l.Text == "三年级1班"
			band = band || l.Text == bandName(len(app.BandEdges)-1)
		}
	}
	if !class || !band {
		t.Errorf("scrolled to the last band: the class shows %v, the band %v; want both", class, band)
	}
}

// On the smallest screen, in both languages, the leave list shows its
// reason column.
func TestLeaveReasonInView(t *testing.T) {
	screen := SmallScreen.SubtractWidthHeight(fitMargin, fitMargin)
	for _, lang := range []string{i18n.Chinese, i18n.English} {
		t.Run(lang, func(t *testing.T) {
			h := mainShell(t, lang, false)
			h.ui.selectPage(pageLeave)
			h.wait()
			atScreen(h.win, screen)
			reason := i18n.T("leavepage.col.reason")
			found := false
			for _, p := range placedObjects(h.win.Canvas(), screen) {
				if l, ok := p.obj.(*widget.Label); ok && p.inTable && l.Text == reason {
					found = p.pos.X+theme.InnerPadding() < p.clipTo.X
				}
			}
			if !found {
				t.Error("the leave list's reason column is out of view")
			}
		})
	}
}

// The dialogs with buttons that the pages open (an account, the password,
// the attendance rules, a mark's reason, a receipt, a student) keep their
// buttons in view on the smallest screen, in both languages.
func TestDialogButtonsInView(t *testing.T) {
	screen := SmallScreen.SubtractWidthHeight(fitMargin, fitMargin)
	for _, lang := range []string{i18n.Chinese, i18n.English} {
		t.Run(lang, func(t *testing.T) {
			h := mainShell(t, lang, false)
			dialogs := []struct {
				name string
				open func()
			}{
				{"new account", func() { h.ui.showPage(pageAccounts).(*AccountsScreen).showCreate() }},
				{"password", func() { h.ui.showPage(pageSettings).(*SettingsScreen).showPasswordDialog() }},
				{"attendance rules", func() { h.ui.showPage(pageAttend).(*AttendanceScreen).showSettings() }},
				{"reason", func() { h.ui.showPage(pageAttend).(*AttendanceScreen).roll.editReason(0) }},
				{"receipt", func() {
					n := h.ui.showPage(pageNotices).(*NoticesScreen)
					n.Open(7)
					h.wait()
					n.detail.showReceipt(0)
				}},
				{"student", func() {
					d := h.ui.showPage(pageDirectory).(*DirectoryScreen)
					h.wait()
					d.table.Select(widget.TableCellID{Row: 0, Col: colName})
				}},
			}
			for _, d := range dialogs {
				h.wait()
				d.open()
				h.wait()
				atScreen(h.win, screen)
				top := h.win.Canvas().Overlays().Top()
				if top == nil {
					t.Errorf("%s: no dialog", d.name)
					continue
				}
				buttons := 0
				for _, p := range placedObjects(h.win.Canvas(), screen) {
					if b, ok := p.obj.(*widget.Button); ok && b.Text != "" && p.overlay == top {
						buttons++
						if !p.inView() {
							t.Errorf("%s: button %q at %v is out of the %v in view", d.name, b.Text, p.pos, screen)
						}
					}
				}
				if buttons == 0 {
					t.Errorf("%s: no buttons found", d.name)
				}
				h.win.Canvas().Overlays().Remove(top)
			}
		})
	}
}

// TestWindowPos: the window opens where it was closed, kept on the screen
// when the screen is smaller now; with no place kept the system places it.
func TestWindowPos(t *testing.T) {
	laptop := image.Rect(0, 0, 1366, 728)
	tests := []struct {
		name   string
		kept   []int
		areas  []image.Rectangle
		want   image.Point
		wantOK bool
	}{
		{"never closed", nil, []image.Rectangle{laptop}, image.Point{}, false},
		{"kept, on the screen", []int{200, 100}, []image.Rectangle{laptop}, image.Pt(200, 100), true},
		{"kept on a second screen that has gone", []int{2100, 300}, []image.Rectangle{laptop}, image.Pt(1366-120, 300), true},
		{"kept on a second screen still there", []int{2100, 300}, []image.Rectangle{laptop, image.Rect(1366, 0, 3286, 1040)}, image.Pt(2100, 300), true},
		{"kept above and left of the screen", []int{-400, -50}, []image.Rectangle{laptop}, image.Pt(0, 0), true},
		{"kept below a smaller screen", []int{300, 700}, []image.Rectangle{image.Rect(0, 0, 1024, 560)}, image.Pt(300, 560-120), true},
		{"a work area beside a task bar", []int{0, 0}, []image.Rectangle{image.Rect(48, 0, 1366, 768)}, image.Pt(48, 0), true},
		{"screen unknown", []int{200, 100}, nil, image.Point{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := test.NewTempApp(t)
			if tt.kept != nil {
				a.Preferences().SetIntList(PrefWindowPos, tt.kept)
			}
			got, ok := WindowPos(a.Preferences(), tt.areas)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("WindowPos = %v, %v; want %v, %v", got, ok, tt.want, tt.wantOK)
			}
		})
	}
	a := test.NewTempApp(t)
	RememberWindowPos(a, image.Pt(321, 54))
	if got, _ := WindowPos(a.Preferences(), []image.Rectangle{laptop}); got != image.Pt(321, 54) {
		t.Errorf("a remembered place reads back as %v", got)
	}
}
