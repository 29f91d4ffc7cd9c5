package ui

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
	"jxj/app/mock"
)

// attNow is the clock of the attendance tests: a Friday morning.
var attNow = time.Date(2026, 11, 20, 9, 0, 0, 0, time.Local)

func attDay(d int) time.Time { return time.Date(2026, 11, d, 0, 0, 0, 0, time.Local) }

func testAttendanceClasses() []*app.Class {
	return []*app.Class{
		{ID: 10, Grade: 3, Name: "1班", HeadTeacherName: "刘老师", StudentCount: 4},
		{ID: 11, Grade: 3, Name: "2班", HeadTeacherName: "陈老师", StudentCount: 40},
	}
}

// testRollCall is a class of four not taken yet, 王五 on approved sick
// leave.
func testRollCall(classID int64, day time.Time, ss app.Session) *app.RollCall {
	return &app.RollCall{ClassID: classID, ClassLabel: "三年级1班", Day: day, Session: ss, Entries: []app.RollCallEntry{
		{StudentID: 1, StudentName: "张三", StudentNo: "01"},
		{StudentID: 2, StudentName: "李四", StudentNo: "02"},
		{StudentID: 3, StudentName: "王五", StudentNo: "03", Mark: app.MarkSick, Reason: "发烧", LeaveID: 9},
		{StudentID: 4, StudentName: "赵六", StudentNo: "04"},
	}}
}

// rollReq is a RollCall or SaveRollCall the screen made.
type rollReq struct {
	classID int64
	day     time.Time
	session app.Session
	marks   []app.RollCallMark
}

// attendanceFakes is an attendance service whose calls are recorded.
type attendanceFakes struct {
	settings app.AttendanceSettings
	svc      *mock.AttendanceService
	loads    []rollReq
	saves    []rollReq
	rates    [][2]time.Time
	levels   []app.RateLevel
	alerts   []int // the days asked for
}

func newAttendanceFakes() *attendanceFakes {
	f := &attendanceFakes{settings: app.AttendanceSettings{AlertDays: 3}}
	f.svc = &mock.AttendanceService{
		SettingsFn: func(context.Context) (*app.AttendanceSettings, error) { s := f.settings; return &s, nil },
		RollCallFn: func(_ context.Context, classID int64, day time.Time, ss app.Session) (*app.RollCall, error) {
			f.loads = append(f.loads, rollReq{classID: classID, day: day, session: ss})
			return testRollCall(classID, day, ss), nil
		},
		SaveRollCallFn: func(_ context.Context, classID int64, day time.Time, ss app.Session, marks []app.RollCallMark) (*app.RollCall, error) {
			f.saves = append(f.saves, rollReq{classID, day, ss, marks})
			call := testRollCall(classID, day, ss)
			call.Taken, call.TakenBy, call.TakenAt = true, "admin", attNow
			for i, m := range marks {
				call.Entries[i].Mark, call.Entries[i].Reason = m.Mark, m.Reason
				if m.Mark != app.MarkSick {
					call.Entries[i].LeaveID = 0
				}
			}
			return call, nil
		},
		NotTakenFn: func(context.Context, time.Time) ([]*app.Class, error) { return testAttendanceClasses(), nil },
		AbsenceAlertsFn: func(_ context.Context, _ time.Time, days int) ([]app.AbsenceAlert, error) {
			f.alerts = append(f.alerts, days)
			return []app.AbsenceAlert{{StudentID: 2, StudentName: "李四", StudentNo: "02", ClassID: 10, ClassLabel: "三年级1班",
				Days: 4, Since: attDay(17), Guardians: []app.GuardianContact{
					{Name: "李强", Relation: "父亲", Phone: "138****1234", PhoneMasked: true},
					{Name: "王芳", Relation: "母亲", Phone: "139****5678", PhoneMasked: true},
				}}}, nil
		},
		RatesFn: func(_ context.Context, from, to time.Time, level app.RateLevel) ([]app.RateRow, error) {
			f.rates = append(f.rates, [2]time.Time{from, to})
			f.levels = append(f.levels, level)
			return []app.RateRow{{Level: app.RateClass, ID: 10, Label: "三年级1班",
				Counts: app.AttendanceCounts{Sessions: 45, Absent: 1}}}, nil
		},
		MonthSheetFn: func(_ context.Context, classID int64, month time.Time) (*app.MonthSheet, error) {
			return &app.MonthSheet{ClassID: classID, ClassLabel: "三年级1班", Month: month}, nil
		},
	}
	return f
}

// newTestAttendance builds the attendance page over the fakes in Chinese,
// with work run at once and the clock at attNow.
func newTestAttendance(t *testing.T, f *attendanceFakes, acc *app.Account, sheets *mock.SheetService) (*AttendanceScreen, fyne.Window) {
	t.Helper()
	inChinese(t)
	env, w := newScreenEnv(t, app.Services{
		Attendance: f.svc,
		Sheets:     sheets,
		Classes:    &mock.ClassService{ClassesFn: func(context.Context) ([]*app.Class, error) { return testAttendanceClasses(), nil }},
	})
	if acc != nil {
		env.Account = acc
	}
	s := NewAttendanceScreen(env)
	s.run = runNow
	s.now = func() time.Time { return attNow }
	w.SetContent(s.Content())
	return s, w
}

// rollCellText is what the roll call shows in a cell.
func rollCellText(r *rollCallView, row, col int) string {
	cell := r.createCell()
	r.updateCell(widget.TableCellID{Row: row, Col: col}, cell)
	return cell.(*fyne.Container).Objects[0].(*widget.Label).Text
}

// rollMarkButton is the button of mark m in a row of the roll call.
func rollMarkButton(r *rollCallView, row int, m app.Mark) *widget.Button {
	cell := r.createCell()
	r.updateCell(widget.TableCellID{Row: row, Col: rcColMark}, cell)
	return cell.(*fyne.Container).Objects[1].(*fyne.Container).Objects[slices.Index(app.Marks, m)].(*widget.Button)
}

func TestAttendanceRollCall(t *testing.T) {
	f := newAttendanceFakes()
	s, w := newTestAttendance(t, f, nil, nil)
	r := s.roll
	if len(f.loads) != 1 || f.loads[0].classID != 10 || !f.loads[0].day.Equal(attDay(20)) || f.loads[0].session != app.SessionDay {
		t.Fatalf("RollCall calls = %+v, want class 10 today for the whole day", f.loads)
	}
	if got, want := rollCellText(r, 2, rcColState), "病假（已批假）"; got != want {
		t.Errorf("王五's approved leave shows %q, want %q", got, want)
	}
	if got := rollCellText(r, 0, rcColState); got != "出勤" {
		t.Errorf("张三 shows %q before any mark, want 出勤", got)
	}
	if got, want := r.summary.Text, "应到 4 人，实到 3 人；缺勤 0，迟到 0，早退 0，病假 1，事假 0"; got != want {
		t.Errorf("summary = %q, want %q", got, want)
	}

	test.Tap(rollMarkButton(r, 1, app.MarkAbsent)) // 李四 absent by button
	// by keyboard: 3 (late) on 张三 moves to 李四; down twice to 赵六; 4 (left early)
	r.table.TypedRune('3')
	for _, k := range []fyne.KeyName{fyne.KeyDown, fyne.KeyDown} {
		r.table.TypedKey(&fyne.KeyEvent{Name: k})
	}
	r.table.TypedRune('4')
	if len(f.saves) != 0 {
		t.Fatalf("marks were saved before 保存: %+v", f.saves)
	}
	if got, want := r.summary.Text, "应到 4 人，实到 2 人；缺勤 1，迟到 1，早退 1，病假 1，事假 0"; got != want {
		t.Errorf("summary = %q, want %q", got, want)
	}
	if got := rollCellText(r, 3, rcColState); got != "早退" {
		t.Errorf("赵六 shows %q after key 4, want 早退", got)
	}

	// a reason for 李四, in its dialog
	r.cellTapped(widget.TableCellID{Row: 1, Col: rcColReason})
	entry, ok := w.Canvas().Focused().(*widget.Entry)
	if !ok {
		t.Fatal("the reason dialog has no focused entry")
	}
	test.Type(entry, "旷课")
	test.Tap(buttonWithText(t, w.Canvas().Overlays().Top(), i18n.T("formpage.ok")))

	read := len(f.rates)
	test.Tap(r.saveBtn)
	// the rates tab counts the roll call saved, in its trend too
	if !slices.ContainsFunc(f.rates[read:], func(span [2]time.Time) bool { return span[0].Equal(span[1]) }) {
		t.Errorf("after saving, the rates read %v; want the trend's days again", f.rates[read:])
	}
	want := []app.RollCallMark{
		{StudentID: 1, Mark: app.MarkLate},
		{StudentID: 2, Mark: app.MarkAbsent, Reason: "旷课"},
		{StudentID: 3, Mark: app.MarkSick, Reason: "发烧"},
		{StudentID: 4, Mark: app.MarkEarly},
	}
	if len(f.saves) != 1 || f.saves[0].classID != 10 || !f.saves[0].day.Equal(attDay(20)) || !slices.Equal(f.saves[0].marks, want) {
		t.Fatalf("SaveRollCall calls = %+v, want class 10 today with %+v", f.saves, want)
	}
	if r.dirty() || r.status.Importance != widget.SuccessImportance {
		t.Errorf("after saving: dirty %v, status %q", r.dirty(), r.status.Text)
	}

	// saving again sends the roll call as it is now
	r.table.moveTo(0, rcColName)
	r.table.TypedRune('1')
	test.Tap(r.saveBtn)
	if len(f.saves) != 2 || f.saves[1].marks[0] != (app.RollCallMark{StudentID: 1, Mark: app.MarkPresent}) {
		t.Errorf("second save = %+v, want 张三 present again", f.saves[1:])
	}
}

func TestAttendanceTeacherSeesOwnClasses(t *testing.T) {
	f := newAttendanceFakes()
	teacher := &app.Account{ID: 2, Username: "chen", Role: app.RoleTeacher, ClassIDs: []int64{11}}
	s, _ := newTestAttendance(t, f, teacher, nil)
	if got := s.classSel.Options; !slices.Equal(got, []string{"三年级2班"}) {
		t.Errorf("a teacher of class 11 is offered %q, want only 三年级2班", got)
	}
	if len(f.loads) != 1 || f.loads[0].classID != 11 {
		t.Errorf("RollCall calls = %+v, want class 11", f.loads)
	}
	// the service names every class not taken; the teacher sees their own
	if got, _ := tableCellText(s.notTaken.table, 0, 0); len(s.notTaken.classes) != 1 || got != "三年级2班" {
		t.Errorf("the not-taken list shows %d classes, the first %q; want 三年级2班 alone", len(s.notTaken.classes), got)
	}
	if got := s.tabs.Items[attTabNotTaken].Text; got != "未点名班级（1）" {
		t.Errorf("tab = %q, want 未点名班级（1）", got)
	}
}

func TestAttendanceSessions(t *testing.T) {
	f := newAttendanceFakes()
	f.settings.SplitDay = true
	s, _ := newTestAttendance(t, f, nil, nil)
	if !s.sessions.Visible() || s.sessions.Selected != "上午" {
		t.Fatalf("sessions shown %v, picked %q; want 上午 at 9:00", s.sessions.Visible(), s.sessions.Selected)
	}
	s.sessions.SetSelected("下午")
	if n := len(f.loads); n != 2 || f.loads[0].session != app.SessionAM || f.loads[1].session != app.SessionPM {
		t.Errorf("RollCall calls = %+v, want the morning then the afternoon", f.loads)
	}

	plain := newAttendanceFakes()
	s, _ = newTestAttendance(t, plain, nil, nil)
	if s.sessions.Visible() || plain.loads[0].session != app.SessionDay {
		t.Errorf("a school that takes the roll once a day: sessions shown %v, session %q", s.sessions.Visible(), plain.loads[0].session)
	}
}

func TestAttendanceUnsavedMarksAsk(t *testing.T) {
	f := newAttendanceFakes()
	s, w := newTestAttendance(t, f, nil, nil)
	test.Tap(rollMarkButton(s.roll, 0, app.MarkAbsent))
	s.changeDay(attDay(19))
	if len(f.loads) != 1 {
		t.Fatalf("the day changed over unsaved marks without asking: %+v", f.loads)
	}
	if got := topDialogTexts(w); !containsText(got, "放弃未保存的考勤？") {
		t.Fatalf("no question shown; the top dialog shows %q", got)
	}
	wantCancelDefault(t, w, "放弃改动")
	if len(f.loads) != 1 {
		t.Fatalf("Enter in the question discarded the marks: %+v", f.loads)
	}
	s.changeDay(attDay(19))
	test.Tap(buttonWithText(t, w.Canvas().Overlays().Top(), "放弃改动"))
	if len(f.loads) != 2 || !f.loads[1].day.Equal(attDay(19)) || s.dayEntry.Text != "2026-11-19" {
		t.Errorf("after confirming: RollCall calls %+v, day shown %q; want the 19th", f.loads, s.dayEntry.Text)
	}
}

func TestAttendanceLists(t *testing.T) {
	f := newAttendanceFakes()
	s, _ := newTestAttendance(t, f, nil, nil)

	if got := s.tabs.Items[attTabNotTaken].Text; got != "未点名班级（2）" {
		t.Errorf("tab = %q, want 未点名班级（2）", got)
	}
	if got, want := s.notTaken.title.Text, "2026-11-20 还有 2 个班级没有点名"; got != want {
		t.Errorf("not-taken title = %q, want %q", got, want)
	}
	for i, row := range [][]string{{"三年级1班", "刘老师", "4"}, {"三年级2班", "陈老师", "40"}} {
		for c, want := range row {
			if got, _ := tableCellText(s.notTaken.table, i, c); got != want {
				t.Errorf("not-taken row %d col %d = %q, want %q", i, c, got, want)
			}
		}
	}
	// a click on a class opens its roll call
	s.tabs.SelectIndex(attTabNotTaken)
	s.notTaken.table.Select(widget.TableCellID{Row: 1, Col: 0})
	if s.tabs.SelectedIndex() != attTabRoll || s.classID != 11 || f.loads[len(f.loads)-1].classID != 11 {
		t.Errorf("clicking 三年级2班 shows tab %d, class %d; want its roll call", s.tabs.SelectedIndex(), s.classID)
	}

	if !slices.Equal(f.alerts, []int{3}) {
		t.Errorf("AbsenceAlerts asked for %v days, want the school's 3", f.alerts)
	}
	if got := s.tabs.Items[attTabAlerts].Text; got != "连续缺勤（1）" {
		t.Errorf("tab = %q, want 连续缺勤（1）", got)
	}
	wantRows := [][alertCols]string{
		{"三年级1班", "02", "李四", "4 天", "2026-11-17", "李强", "父亲", "138****1234"},
		{"", "", "", "", "", "王芳", "母亲", "139****5678"},
	}
	for i, want := range wantRows {
		for c := range want {
			if got, _ := tableCellText(s.alerts.table, i, c); got != want[c] {
				t.Errorf("call list row %d col %d = %q, want %q", i, c, got, want[c])
			}
		}
	}
	if got := s.alerts.title.Text; !containsText([]string{got}, "连续缺勤 3 天及以上") {
		t.Errorf("call list title = %q", got)
	}
}

func TestAttendanceRates(t *testing.T) {
	f := newAttendanceFakes()
	s, _ := newTestAttendance(t, f, nil, nil)
	// the week to the day, by class
	if len(f.rates) == 0 || !f.rates[0][0].Equal(attDay(16)) || !f.rates[0][1].Equal(attDay(20)) || f.levels[0] != app.RateClass {
		t.Fatalf("Rates calls = %v %v, want 2026-11-16 to 20 by class first", f.rates, f.levels)
	}
	for c, want := range []string{"三年级1班", "45", "44", "1", "0", "0", "0", "0", "97.8%"} {
		if got, _ := tableCellText(s.rates.table, 0, c); got != want {
			t.Errorf("rates col %d = %q, want %q", c, got, want)
		}
	}
	s.rates.period.SetSelected("本学期")
	s.rates.level.SetSelected("全校")
	term := time.Date(2026, 9, 1, 0, 0, 0, 0, time.Local)
	found := false
	for i, r := range f.rates {
		found = found || r[0].Equal(term) && r[1].Equal(attDay(20)) && f.levels[i] == app.RateSchool
	}
	if !found {
		t.Errorf("Rates calls %v by %v, want the term for the school", f.rates, f.levels)
	}
}

// TestAttendanceRatesCharts: above the rates, each day's rate (the week
// to the day at least, a month at most; days without a roll call left
// out) and each class's.
func TestAttendanceRatesCharts(t *testing.T) {
	f := newAttendanceFakes()
	table := f.svc.RatesFn
	f.svc.RatesFn = func(ctx context.Context, from, to time.Time, level app.RateLevel) ([]app.RateRow, error) {
		if !from.Equal(to) || level != app.RateSchool {
			return table(ctx, from, to, level)
		}
		f.rates = append(f.rates, [2]time.Time{from, to})
		f.levels = append(f.levels, level)
		if from.Weekday() == time.Saturday || from.Weekday() == time.Sunday {
			return nil, nil
		}
		return []app.RateRow{{Level: level, Counts: app.AttendanceCounts{Sessions: 50, Absent: from.Day() % 3}}}, nil
	}
	charts := newChartFakes()
	s, _ := newTestAttendance(t, f, nil, nil)
	s.env.Services.Charts = charts.svc
	s.tabs.SelectIndex(attTabRates)

	var days [][2]time.Time
	for i, l := range f.levels {
		if l == app.RateSchool {
			days = append(days, f.rates[i])
		}
	}
	if len(days) != 7 || !days[0][0].Equal(attDay(14)) || !days[6][0].Equal(attDay(20)) {
		t.Errorf("daily Rates calls %v, want each day of 2026-11-14 to 20 (a week, longer than the week so far)", days)
	}
	// 11-16 to 11-20: 50 sessions, 16 % 3 = 1 absent …
	checkChart(t, charts.last("每天出勤率（2026-11-16 至 2026-11-20）"), app.Chart{Kind: app.ChartLine, Percent: true,
		Title:  "每天出勤率（2026-11-16 至 2026-11-20）",
		Labels: []string{"11-16", "11-17", "11-18", "11-19", "11-20"},
		Series: []app.ChartSeries{{Name: "出勤率", Values: []float64{49.0 / 50, 48.0 / 50, 1, 49.0 / 50, 48.0 / 50}}}})
	checkChart(t, charts.last("各班出勤率"), app.Chart{Kind: app.ChartColumns, Percent: true, Title: "各班出勤率",
		Labels: []string{"三年级1班"}, Series: []app.ChartSeries{{Name: "出勤率", Values: []float64{44.0 / 45}}}})

	// the term: its last month
	s.rates.period.SetSelected("本学期")
	last := f.rates[len(f.rates)-1]
	first := f.rates[len(f.rates)-app.TrendDays]
	if !last[0].Equal(attDay(20)) || !first[0].Equal(attDay(20).AddDate(0, 0, 1-app.TrendDays)) {
		t.Errorf("the term's daily rates from %v to %v, want the %d days to 2026-11-20", first[0], last[0], app.TrendDays)
	}
}

// TestAttendanceRatesDrillDown: a row opens the level below, kept to it
// (the school's grades, a grade's classes, a class's students), and "看全部"
// shows the whole level again.
func TestAttendanceRatesDrillDown(t *testing.T) {
	f := newAttendanceFakes()
	counts := app.AttendanceCounts{Sessions: 10, Absent: 1}
	f.svc.RatesFn = func(_ context.Context, _, _ time.Time, level app.RateLevel) ([]app.RateRow, error) {
		f.levels = append(f.levels, level)
		switch level {
		case app.RateSchool:
			return []app.RateRow{{Level: level, Counts: counts}}, nil
		case app.RateGrade:
			return []app.RateRow{{Level: level, ID: 1, Label: "一年级", Counts: counts}, {Level: level, ID: 3, Label: "三年级", Counts: counts}}, nil
		case app.RateClass:
			return []app.RateRow{{Level: level, ID: 7, Within: 1, Label: "一年级1班", Counts: counts},
				{Level: level, ID: 10, Within: 3, Label: "三年级1班", Counts: counts}, {Level: level, ID: 11, Within: 3, Label: "三年级2班", Counts: counts}}, nil
		}
		return []app.RateRow{{Level: level, ID: 100, Within: 10, Label: "三年级1班 张三", Counts: counts},
			{Level: level, ID: 101, Within: 11, Label: "三年级2班 李四", Counts: counts}}, nil
	}
	s, _ := newTestAttendance(t, f, nil, nil)
	s.tabs.SelectIndex(attTabRates)
	v := s.rates
	labels := func() []string {
		var out []string
		for _, r := range v.rows {
			out = append(out, r.Label)
		}
		return out
	}
	tap := func(row int) { v.table.OnSelected(widget.TableCellID{Row: row}) }

	v.level.SetSelected("全校")
	tap(0)
	if v.level.Selected != "按年级" || fmt.Sprint(labels()) != "[一年级 三年级]" || v.withinBar.Visible() {
		t.Fatalf("the school's row opened %q %v (filter shown %v); want every grade", v.level.Selected, labels(), v.withinBar.Visible())
	}
	calls := len(f.levels)
	tap(1)
	// the trend is the period's, read once: a row's level reads its rates only
	if got := f.levels[calls:]; !slices.Equal(got, []app.RateLevel{app.RateClass}) {
		t.Errorf("opening a row read the rates %v; want only the classes'", got)
	}
	if v.level.Selected != "按班级" || fmt.Sprint(labels()) != "[三年级1班 三年级2班]" {
		t.Fatalf("三年级's row opened %q %v; want its two classes", v.level.Selected, labels())
	}
	if !v.withinBar.Visible() || v.withinL.Text != "只看：三年级" {
		t.Errorf("the filter reads %q (shown %v); want 只看：三年级", v.withinL.Text, v.withinBar.Visible())
	}
	tap(1)
	if v.level.Selected != "按学生" || fmt.Sprint(labels()) != "[三年级2班 李四]" || v.withinL.Text != "只看：三年级2班" {
		t.Fatalf("三年级2班's row opened %q %v %q; want its student", v.level.Selected, labels(), v.withinL.Text)
	}
	calls = len(f.levels)
	tap(0) // a student is the last level
	if len(f.levels) != calls || v.level.Selected != "按学生" {
		t.Errorf("a student's row loaded %v; want nothing more", f.levels[calls:])
	}
	// "看全部": every student again; picking a level also drops the filter
	test.Tap(v.withinBar.Objects[1].(*widget.Button))
	if len(v.rows) != 2 || v.withinBar.Visible() {
		t.Errorf("看全部 shows %v (filter shown %v); want both students", labels(), v.withinBar.Visible())
	}
	v.level.SetSelected("按班级")
	tap(2)
	v.level.SetSelected("按年级")
	v.level.SetSelected("按学生")
	if len(v.rows) != 2 || v.withinBar.Visible() {
		t.Errorf("picking 按学生 after a class's students shows %v; want every student", labels())
	}
}

func TestAttendanceExportMonth(t *testing.T) {
	f := newAttendanceFakes()
	var gotPath string
	var got *app.MonthSheet
	sheets := &mock.SheetService{WriteMonthSheetFn: func(path string, m *app.MonthSheet) error {
		gotPath, got = path, m
		return nil
	}}
	s, w := newTestAttendance(t, f, nil, sheets)
	s.exportTo("/tmp/att.xlsx")
	if gotPath != "/tmp/att.xlsx" || got == nil || got.ClassID != 10 || !got.Month.Equal(attDay(1)) {
		t.Fatalf("WriteMonthSheet(%q, %+v), want class 10's November", gotPath, got)
	}
	if !containsText(topDialogTexts(w), "/tmp/att.xlsx") {
		t.Errorf("after the export the window shows %q, want the path", topDialogTexts(w))
	}
}

// The administrator sets the attendance rules from the page; a refusal
// stays in the dialog, a save reloads the page with the new rules.
// Teachers have no settings.
func TestAttendanceSettings(t *testing.T) {
	f := newAttendanceFakes()
	var saved []app.AttendanceSettings
	f.svc.SaveSettingsFn = func(_ context.Context, st app.AttendanceSettings) error {
		saved = append(saved, st)
		if st.AlertDays == 10 {
			return app.Errorf(app.EINVALID, "storage.attendance.error.settings", 30, 60)
		}
		f.settings = st
		return nil
	}
	s, _ := newTestAttendance(t, f, nil, nil)
	if s.settingsBtn == nil {
		t.Fatal("the administrator has no settings button")
	}
	test.Tap(s.settingsBtn)
	d := s.settingsDlg
	d.alert.SetSelected("10 天")
	test.Tap(d.save)
	if len(saved) != 1 || saved[0].AlertDays != 10 || !d.errMsg.Visible() || s.settingsDlg != d {
		t.Fatalf("a refused save: %+v, error shown %v; want it kept in the dialog", saved, d.errMsg.Visible())
	}
	test.Tap(d.split)
	d.alert.SetSelected("5 天")
	d.leave.SetSelected("7 天")
	test.Tap(d.save)
	want := app.AttendanceSettings{SplitDay: true, AlertDays: 5, LeaveDaysForAdmin: 7}
	if len(saved) != 2 || saved[1] != want || s.settingsDlg != nil {
		t.Fatalf("saved %+v, want %+v and the dialog closed", saved, want)
	}
	if !s.settings.SplitDay || !s.sessions.Visible() {
		t.Errorf("after the save the page does not take the roll morning and afternoon")
	}

	teacher := &app.Account{ID: 7, Username: "liu", Role: app.RoleTeacher, ClassIDs: []int64{10}}
	ts, _ := newTestAttendance(t, newAttendanceFakes(), teacher, nil)
	if ts.settingsBtn != nil {
		t.Error("a teacher has the settings button")
	}
}

// TestAttendanceListsPastClasses: after 升年级 last year's classes follow
// this year's in the class box, named with their year, so their roll
// calls and month sheets stay readable.
func TestAttendanceListsPastClasses(t *testing.T) {
	inChinese(t)
	past := &app.Class{ID: 90, Year: 2025, Past: true, Grade: 5, Name: "1班"}
	env, w := newScreenEnv(t, app.Services{
		Attendance: newAttendanceFakes().svc,
		Classes:    &mock.ClassService{ClassesFn: func(context.Context) ([]*app.Class, error) { return testAttendanceClasses(), nil }},
		Years: &mock.YearService{
			SchoolYearsFn: func(context.Context) ([]app.SchoolYear, error) {
				return []app.SchoolYear{{Start: 2026, Current: true}, {Start: 2025}}, nil
			},
			ClassesOfYearFn: func(_ context.Context, y int) ([]*app.Class, error) {
				if y != 2025 {
					t.Errorf("ClassesOfYear(%d); want only the past year 2025", y)
				}
				return []*app.Class{past}, nil
			},
		},
	})
	s := NewAttendanceScreen(env)
	s.run = runNow
	s.now = func() time.Time { return attNow }
	w.SetContent(s.Content())
	opts := s.classSel.Options
	if len(opts) != len(testAttendanceClasses())+1 || opts[len(opts)-1] != "五年级1班（2025—2026学年）" {
		t.Errorf("class box = %q; want this year's classes, then 五年级1班（2025—2026学年）", opts)
	}
}

// The class picked reads whole in the toolbar, in English too, where a
// class's name is longer than the picker's placeholder.
func TestAttendanceClassReadsWhole(t *testing.T) {
	s, _ := newTestAttendance(t, newAttendanceFakes(), nil, nil)
	i18n.SetLanguage(i18n.English)
	s.started = false
	s.Content()
	label := s.classes[0].Label()
	// the text, padded as Fyne's select pads it, and its arrow
	need := fyne.MeasureText(label, theme.TextSize(), fyne.TextStyle{}).Width + 4*theme.InnerPadding() + theme.IconInlineSize()
	if s.classSel.Size().Width < need {
		t.Errorf("the class picker is %v wide, less than %q needs (%v)", s.classSel.Size().Width, label, need)
	}
}
