package ui

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"jxj/app"
	"jxj/app/i18n"
	"jxj/app/mock"
)

var cockpitNow = time.Date(2026, 12, 4, 10, 0, 0, 0, time.Local)

// testCockpit is a school's cockpit with a bit of everything but an exam.
func testCockpit() *app.Cockpit {
	day := time.Date(2026, 12, 4, 0, 0, 0, 0, time.Local)
	return &app.Cockpit{
		Range: app.RangeOf(app.RangeMonth, day),
		Attendance: app.CockpitAttendance{
			Today:     app.AttendanceCounts{Sessions: 400, Absent: 20},
			Trend:     []app.DayCounts{{Day: day, Counts: app.AttendanceCounts{Sessions: 400, Absent: 20}}},
			ByClass:   []app.RateRow{{Level: app.RateClass, ID: 11, Label: "三年级2班", Counts: app.AttendanceCounts{Sessions: 90, Absent: 9}}},
			NotTaken:  []*app.Class{{ID: 12, Grade: 3, Name: "3班"}},
			Absent:    []app.AbsenceAlert{{StudentName: "张三"}},
			AlertDays: 3,
		},
		Roster: app.CockpitRoster{Students: 540, Staff: 36, Lines: app.DefaultClassSizeLines,
			Classes: []app.ClassSize{{ClassID: 11, ClassLabel: "三年级2班", Grade: 3, Students: 45}, {ClassID: 12, ClassLabel: "三年级3班", Grade: 3, Students: 44}}},
		Notices: app.CockpitNotices{ToReach: 7},
		Forms:   []app.FormRate{{FormID: 5, Title: "寒假去向统计", Kind: app.FormSurvey, Deadline: day.AddDate(0, 0, 2), Answered: 30, Expected: 45}},
		ToDo:    app.CockpitToDo{LeavesWaiting: 2, NoHeadTeacher: []*app.Class{{ID: 12, Grade: 3, Name: "3班"}}},
	}
}

// blankPNG is a small picture the fake renderer returns.
func blankPNG(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewRGBA(image.Rect(0, 0, 60, 30))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// cockpitCalls records what the cockpit's tiles opened.
type cockpitCalls struct {
	opened []string
	ids    []int64
}

func (c *cockpitCalls) actions() CockpitActions {
	open := func(name string) func() { return func() { c.opened = append(c.opened, name) } }
	return CockpitActions{
		RollCall: func(id int64) { c.opened = append(c.opened, "roll"); c.ids = append(c.ids, id) },
		NotTaken: open("not_taken"), Alerts: open("alerts"), Directory: open("directory"),
		Rates: func(kind app.RangeKind, level app.RateLevel) {
			c.opened = append(c.opened, "rates "+string(kind)+" "+string(level))
		},
		Notices: open("notices"), NewExam: open("new_exam"), Leave: open("leave"), NewHW: open("new_homework"),
		OpenForm: func(id int64) { c.opened = append(c.opened, "form"); c.ids = append(c.ids, id) },
	}
}

func newTestCockpit(t *testing.T, svc *mock.CockpitService, calls *cockpitCalls) (*CockpitScreen, fyne.Window) {
	t.Helper()
	inChinese(t)
	charts := &mock.ChartRenderer{RenderPNGFn: func(app.Chart, int, int, bool) ([]byte, error) { return blankPNG(t), nil }}
	env, w := newScreenEnv(t, app.Services{Cockpit: svc, Charts: charts})
	runs := runAsync
	runAsync = runNow
	t.Cleanup(func() { runAsync = runs })
	s := NewCockpitScreen(env, calls.actions())
	s.run = runNow
	s.now = func() time.Time { return cockpitNow }
	w.SetContent(s.Content())
	return s, w
}

func TestCockpitShowsFiguresAndLeadsOn(t *testing.T) {
	var asked []app.DateRange
	svc := &mock.CockpitService{CockpitFn: func(_ context.Context, r app.DateRange) (*app.Cockpit, error) {
		asked = append(asked, r)
		return testCockpit(), nil
	}}
	calls := &cockpitCalls{}
	s, _ := newTestCockpit(t, svc, calls)
	if len(asked) != 1 || app.FormatDate(asked[0].From) != "2026-12-01" || app.FormatDate(asked[0].To) != "2026-12-04" {
		t.Fatalf("ranges asked = %v; want this month to today", asked)
	}
	texts := objectTexts(s.Content())
	for _, want := range []string{"95.0%", "实到 380 / 应到 400", "已点名 1 / 2 个班", "查看联系名单", "540",
		"无家长电话 0 人 · 无班主任 1 班", "寒假去向统计", "已答 30 / 45", "2026-12-01 至 2026-12-04", "还没有考试。"} {
		if !containsText(texts, want) {
			t.Errorf("the cockpit lacks %q; it shows %q", want, texts)
		}
	}
	test.Tap(buttonWithText(t, s.Content(), "三年级3班"))
	test.Tap(buttonWithText(t, s.Content(), i18n.T("cockpit.exam.new")))
	for _, o := range test.LaidOutObjects(s.Content()) {
		if tile, ok := o.(*figureTile); ok && tile.value.Text == "95.0%" {
			test.Tap(tile.button)
		}
	}
	if want := []string{"roll", "new_exam", "rates today class"}; !slices.Equal(calls.opened, want) || calls.ids[0] != 12 {
		t.Errorf("opened %v %v; want %v with class 12's roll call", calls.opened, calls.ids, want)
	}

	s.kindSel.SetSelected(i18n.T("cockpit.range.week"))
	if last := asked[len(asked)-1]; app.FormatDate(last.From) != "2026-11-30" {
		t.Errorf("this week asked from %s; want Monday 2026-11-30", app.FormatDate(last.From))
	}
}

// TestCockpitCustomRange: a custom range is asked as typed; one that
// runs backwards says why and asks nothing.
func TestCockpitCustomRange(t *testing.T) {
	var asked []app.DateRange
	svc := &mock.CockpitService{CockpitFn: func(_ context.Context, r app.DateRange) (*app.Cockpit, error) {
		asked = append(asked, r)
		return testCockpit(), nil
	}}
	s, w := newTestCockpit(t, svc, &cockpitCalls{})
	s.kindSel.SetSelected(i18n.T("cockpit.range.custom"))
	if !s.custom.Visible() {
		t.Fatal("the custom range's days do not show")
	}
	s.from.SetText("2026-12-04")
	s.to.SetText("2026-11-01")
	n := len(asked)
	s.Reload()
	if len(asked) != n || !containsText(topDialogTexts(w), "在结束日期") {
		t.Errorf("a backwards range asked %d more times and shows %q; want none and why", len(asked)-n, topDialogTexts(w))
	}
	s.to.SetText("2026-12-31")
	s.from.SetText("2026-09-01")
	s.Reload()
	if last := asked[len(asked)-1]; app.FormatDate(last.From) != "2026-09-01" || app.FormatDate(last.To) != "2026-12-31" {
		t.Errorf("custom range asked %v", last)
	}
}

// TestCockpitPrint prints the cockpit on show with the school's name.
func TestCockpitPrint(t *testing.T) {
	svc := &mock.CockpitService{CockpitFn: func(context.Context, app.DateRange) (*app.Cockpit, error) { return testCockpit(), nil }}
	s, _ := newTestCockpit(t, svc, &cockpitCalls{})
	var got app.CockpitPrint
	var path string
	s.env.Services.Printer = &mock.PrintService{PrintCockpitFn: func(p string, c app.CockpitPrint) error { path, got = p, c; return nil }}
	s.env.School = &app.Org{Name: "城关小学"}
	s.print("/tmp/驾驶舱.pdf")
	if path != "/tmp/驾驶舱.pdf" || got.School != "城关小学" || got.Cockpit != s.cockpit || !got.Printed.Equal(cockpitNow) {
		t.Errorf("printed %q: %+v; want the cockpit on show, the school and the time", path, got)
	}
}

// TestShellLandsOnCockpit: the administrator and principal land on the
// cockpit, a teacher on the workbench with the cockpit one click away.
func TestShellLandsOnCockpit(t *testing.T) {
	for _, tt := range []struct {
		user, page string
		nav2       string
	}{{"admin", pageCockpit, "工作台"}, {"liu", pageWorkbench, "驾驶舱"}} {
		f := newShellFakes()
		f.svc.Cockpit = &mock.CockpitService{CockpitFn: func(context.Context, app.DateRange) (*app.Cockpit, error) { return testCockpit(), nil }}
		f.svc.Charts = &mock.ChartRenderer{RenderPNGFn: func(app.Chart, int, int, bool) ([]byte, error) { return blankPNG(t), nil }}
		h := startShell(t, f, Options{})
		h.login(tt.user, shellPassword)
		if h.ui.page != tt.page || h.navLabels()[1] != tt.nav2 {
			t.Errorf("%s lands on %s with navigation %v; want %s, then %s second", tt.user, h.ui.page, h.navLabels(), tt.page, tt.nav2)
		}
	}
}

// The class size lines are edited in a dialog that says why lines are
// refused and keeps what was typed; saved, they draw the cockpit again.
func TestCockpitClassSizeLines(t *testing.T) {
	var saved []app.ClassSizeLines
	loads := 0
	svc := &mock.CockpitService{
		CockpitFn: func(context.Context, app.DateRange) (*app.Cockpit, error) { loads++; return testCockpit(), nil },
		ClassSizeLinesFn: func(context.Context) (app.ClassSizeLines, error) {
			return app.DefaultClassSizeLines, nil
		},
		SetClassSizeLinesFn: func(_ context.Context, l app.ClassSizeLines) error {
			if err := l.Validate(); err != nil {
				return err
			}
			saved = append(saved, l)
			return nil
		},
	}
	s, _ := newTestCockpit(t, svc, &cockpitCalls{})
	test.Tap(s.linesB)
	d := s.linesDlg
	if d == nil || d.entries[0].Text != "45" || d.entries[1].Text != "56" || d.entries[2].Text != "66" {
		t.Fatal("the class size lines dialog does not open at the lines read")
	}
	d.entries[1].SetText("4x")
	test.Tap(d.save)
	if len(saved) != 0 || !d.errMsg.Visible() || d.errMsg.Text != i18n.T("cockpit.error.size_lines") || s.linesDlg == nil {
		t.Fatalf("lines refused: saved %v, message %q (shown %v); want the reason in the open dialog", saved, d.errMsg.Text, d.errMsg.Visible())
	}
	if d.entries[1].Text != "4x" {
		t.Errorf("the dialog lost what was typed: %q", d.entries[1].Text)
	}
	d.entries[1].SetText("50")
	before := loads
	test.Tap(d.save)
	if want := (app.ClassSizeLines{Standard: 45, Large: 50, Huge: 66}); !slices.Equal(saved, []app.ClassSizeLines{want}) {
		t.Errorf("saved %v, want %v", saved, want)
	}
	if s.linesDlg != nil || loads != before+1 {
		t.Errorf("after saving: dialog open %v, cockpit loads %d; want it closed and the cockpit drawn again", s.linesDlg != nil, loads-before)
	}
}
