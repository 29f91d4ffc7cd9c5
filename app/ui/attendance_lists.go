package ui

import (
	"context"
	"math"
	"slices"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// The attendance page's other tabs: the classes without a roll call on
// the day, the call list of students absent several days in a row, and
// the rates. Each loads when the day changes or a roll call is saved.

// listBody is a stack that shows a message or a table.
func listBody() *fyne.Container { return container.NewStack() }

// showListMessage shows text in body in place of the table.
func showListMessage(body *fyne.Container, text string) { showListTable(body, messageView(text, nil)) }

// showListTable shows table (or a message) in body.
func showListTable(body *fyne.Container, table fyne.CanvasObject) {
	body.Objects = []fyne.CanvasObject{table}
	body.Refresh()
}

// notTakenView lists the classes with no roll call on the day; a click
// opens the class's roll call.
type notTakenView struct {
	s       *AttendanceScreen
	content fyne.CanvasObject
	title   *wrapLabel
	body    *fyne.Container
	table   *widget.Table
	view    fyne.CanvasObject // the table fitted to its width
	classes []*app.Class
	loads   int
}

func newNotTakenView(s *AttendanceScreen) *notTakenView {
	v := &notTakenView{s: s, title: boldLabel(""), body: listBody()}
	headers := []string{i18n.T("homeworkpage.col.class"), i18n.T("attendancepage.col.head_teacher"), i18n.T("attendancepage.col.students")}
	v.table = newLabelTable(headers, func() int { return len(v.classes) }, func(row, col int) (string, widget.Importance) {
		c := v.classes[row]
		switch col {
		case 0:
			return c.Label(), widget.MediumImportance
		case 1:
			return c.HeadTeacherName, widget.MediumImportance
		}
		return strconv.Itoa(c.StudentCount), widget.MediumImportance
	})
	_, v.view = fitColumns(v.table, []column{
		{headers[0], colFit, []string{classSample()}},
		{headers[1], colText, []string{"欧阳老师"}},
		{headers[2], colFit, []string{"100"}},
	})
	v.table.OnSelected = func(id widget.TableCellID) {
		v.table.Unselect(id)
		if id.Row >= 0 && id.Row < len(v.classes) {
			s.OpenClass(v.classes[id.Row].ID)
		}
	}
	hint := widget.NewLabel(i18n.T("attendancepage.not_taken_hint"))
	v.content = container.NewBorder(container.NewVBox(v.title, hint), nil, nil, nil, v.body)
	showListMessage(v.body, i18n.T("attendancepage.loading"))
	return v
}

func (v *notTakenView) load() {
	v.loads++
	gen := v.loads
	day := v.s.day
	ctx := v.s.env.Ctx()
	svc := v.s.env.Services.Attendance
	acc := v.s.env.Account
	v.s.run(func() {
		classes, err := svc.NotTaken(ctx, day)
		fyne.Do(func() {
			if gen != v.loads {
				return
			}
			if err != nil {
				v.title.SetText("")
				showListMessage(v.body, i18n.Err(err))
				return
			}
			v.classes = ownClasses(acc, classes)
			v.s.setTabText(attTabNotTaken, i18n.T("attendancepage.tab.not_taken_n", len(v.classes)))
			if len(v.classes) == 0 {
				v.title.SetText("")
				showListMessage(v.body, i18n.T("attendancepage.all_taken", app.FormatDate(day)))
				return
			}
			v.title.SetText(i18n.T("attendancepage.not_taken_title", app.FormatDate(day), len(v.classes)))
			showListTable(v.body, v.view)
		})
	})
}

// alertsView is the call list of students absent (without leave) at
// least AlertDays school days in a row: one line per guardian, phones as
// the service gave them (masked by role).
type alertsView struct {
	s       *AttendanceScreen
	content fyne.CanvasObject
	title   *wrapLabel
	body    *fyne.Container
	table   *widget.Table
	fit     *tableFit
	view    fyne.CanvasObject // the table fitted to its width
	alerts  []app.AbsenceAlert
	rows    [][alertCols]string
	loads   int
}

// The columns of the call list.
const (
	alColClass = iota
	alColNo
	alColName
	alColDays
	alColSince
	alColGuardian
	alColRelation
	alColPhone
	alertCols
)

func alertHeaders() []string {
	return []string{
		i18n.T("homeworkpage.col.class"), i18n.T("homeworkpage.col.no"), i18n.T("homeworkpage.col.name"),
		i18n.T("attendancepage.col.days"), i18n.T("attendancepage.col.since"), i18n.T("attendancepage.col.guardian"),
		i18n.T("attendancepage.col.relation"), i18n.T("attendancepage.col.phone"),
	}
}

func newAlertsView(s *AttendanceScreen) *alertsView {
	v := &alertsView{s: s, title: boldLabel(""), body: listBody()}
	headers := alertHeaders()
	v.table = newLabelTable(headers, func() int { return len(v.rows) }, func(row, col int) (string, widget.Importance) {
		imp := widget.MediumImportance
		if col == alColDays {
			imp = widget.DangerImportance
		}
		return v.rows[row][col], imp
	})
	v.fit, v.view = fitColumns(v.table, []column{
		{headers[alColClass], colText, []string{classSample()}},
		{headers[alColNo], colFit, []string{"2024010101"}},
		{headers[alColName], colText, []string{"欧阳思思"}},
		{headers[alColDays], colFit, []string{i18n.T("attendancepage.days", 10)}},
		{headers[alColSince], colFit, []string{"2026-11-20"}},
		{headers[alColGuardian], colText, []string{"欧阳思思"}},
		{headers[alColRelation], colFit, []string{i18n.T("attendancepage.relation_sample")}},
		{headers[alColPhone], colPhone, nil},
	})
	// the call list opens nothing: a click reads a cell cut short whole
	v.table.OnSelected = func(id widget.TableCellID) {
		v.table.Unselect(id)
		if id.Row >= 0 && id.Row < len(v.rows) {
			v.fit.showWhole(s.env.Window, id.Col, v.rows[id.Row][id.Col])
		}
	}
	v.content = container.NewBorder(v.title, nil, nil, nil, v.body)
	showListMessage(v.body, i18n.T("attendancepage.loading"))
	return v
}

func (v *alertsView) load() {
	v.loads++
	gen := v.loads
	day, days := v.s.day, v.s.settings.AlertDays
	ctx := v.s.env.Ctx()
	svc := v.s.env.Services.Attendance
	v.s.run(func() {
		alerts, err := svc.AbsenceAlerts(ctx, day, days)
		fyne.Do(func() {
			if gen != v.loads {
				return
			}
			if err != nil {
				v.title.SetText("")
				showListMessage(v.body, i18n.Err(err))
				return
			}
			v.alerts = alerts
			v.rows = alertRows(alerts)
			v.s.setTabText(attTabAlerts, i18n.T("attendancepage.tab.alerts_n", len(alerts)))
			if len(alerts) == 0 {
				v.title.SetText("")
				showListMessage(v.body, i18n.T("attendancepage.no_alerts", days, app.FormatDate(day)))
				return
			}
			v.title.SetText(i18n.T("attendancepage.alerts_title", days, app.FormatDate(day), len(alerts)))
			showListTable(v.body, v.view)
		})
	})
}

// alertRows formats the call list: a line per guardian, the student on
// the first of them; a student without guardians gets one line.
func alertRows(alerts []app.AbsenceAlert) [][alertCols]string {
	var rows [][alertCols]string
	for _, a := range alerts {
		student := [alertCols]string{a.ClassLabel, a.StudentNo, a.StudentName, i18n.T("attendancepage.days", a.Days), app.FormatDate(a.Since)}
		if len(a.Guardians) == 0 {
			row := student
			row[alColGuardian] = i18n.T("attendancepage.no_guardian")
			rows = append(rows, row)
			continue
		}
		for i, g := range a.Guardians {
			var row [alertCols]string
			if i == 0 {
				row = student
			}
			row[alColGuardian], row[alColRelation], row[alColPhone] = g.Name, g.Relation, g.Phone
			rows = append(rows, row)
		}
	}
	return rows
}

// ratesView shows attendance rates over a period ending on the day, by
// school, grade, class or student: above the table, the rate of each day
// (of the period, or the week up to the day, at most trendDays days) and
// of each grade or class. A row opens the level below it, kept to that
// row: a grade's classes, a class's students.
type ratesView struct {
	s       *AttendanceScreen
	content fyne.CanvasObject
	period  *widget.RadioGroup
	level   *widget.RadioGroup
	title   *wrapLabel
	charts  *fyne.Container
	trend   *chartView
	byGroup *chartView
	body    *fyne.Container
	table   *widget.Table
	view    fyne.CanvasObject // the table fitted to its width
	rows    []app.RateRow
	loads   int
	// the trend's days as last read, and the days they are of: another
	// level or row of the same period draws the same trend, read once
	trendDays []app.DayCounts
	trendSpan [2]time.Time

	// within keeps the rows to one grade or class (its label in
	// withinBar); 0 shows them all. drilling is set while a row's tap
	// changes the level, which otherwise shows all again.
	within    int64
	withinBar *fyne.Container
	withinL   *widget.Label
	drilling  bool
}

// The days of the rates page's trend: at least a week, at most a month.
const (
	trendLeast = 7
	trendMost  = app.TrendDays
)

// The periods rates are summed over, in the order offered.
var ratePeriods = []app.RangeKind{app.RangeToday, app.RangeWeek, app.RangeMonth, app.RangeTerm}

// The levels offered, in order: each row of one opens the next.
var rateLevels = []app.RateLevel{app.RateSchool, app.RateGrade, app.RateClass, app.RateStudent}

func rateHeaders() []string {
	return []string{
		i18n.T("attendancepage.col.group"), i18n.T("attendancepage.col.expected"), i18n.T("attendancepage.col.present"),
		markText(app.MarkAbsent), markText(app.MarkLate), markText(app.MarkEarly), markText(app.MarkSick),
		markText(app.MarkPersonal), i18n.T("attendancepage.col.rate"),
	}
}

func newRatesView(s *AttendanceScreen) *ratesView {
	v := &ratesView{s: s, title: boldLabel(""), body: listBody()}
	periods := make([]string, len(ratePeriods))
	for i, p := range ratePeriods {
		periods[i] = i18n.T("attendancepage.period." + string(p))
	}
	levels := make([]string, len(rateLevels))
	for i, l := range rateLevels {
		levels[i] = i18n.T("attendancepage.level." + string(l))
	}
	v.period = widget.NewRadioGroup(periods, func(string) { v.load() })
	v.period.Horizontal, v.period.Required = true, true
	v.level = widget.NewRadioGroup(levels, func(string) {
		if !v.drilling {
			v.within = 0
		}
		v.load()
	})
	v.level.Horizontal, v.level.Required = true, true
	v.period.Selected = periods[1]
	v.level.Selected = levels[2]
	headers := rateHeaders()
	v.table = newLabelTable(headers, func() int { return len(v.rows) }, func(row, col int) (string, widget.Importance) {
		r := v.rows[row]
		c := r.Counts
		switch col {
		case 0:
			return r.Label, widget.MediumImportance
		case 8:
			if c.Sessions == 0 {
				return "—", widget.LowImportance
			}
			return percentText(c.Rate()), widget.MediumImportance
		}
		return strconv.Itoa([]int{0, c.Sessions, c.Present(), c.Absent, c.Late, c.Early, c.Sick, c.Personal}[col]), widget.MediumImportance
	})
	cols := make([]column, len(headers))
	for c, h := range headers {
		cols[c] = column{h, colFit, []string{"99999"}}
	}
	cols[0] = column{headers[0], colText, []string{classSample() + "一二三四"}}
	cols[8].samples = []string{percentText(1)}
	_, v.view = fitColumns(v.table, cols)
	v.table.OnSelected = func(id widget.TableCellID) {
		v.table.UnselectAll()
		if id.Row >= 0 && id.Row < len(v.rows) {
			v.open(v.rows[id.Row])
		}
	}
	v.trend = newChartView(s.env, s.run, chartHeight)
	v.byGroup = newChartView(s.env, s.run, chartHeight)
	v.charts = container.NewGridWithColumns(2, v.trend.Content(), v.byGroup.Content())
	v.charts.Hide()
	v.withinL = widget.NewLabel("")
	all := widget.NewButtonWithIcon(i18n.T("attendancepage.within.all"), theme.CancelIcon(), func() { v.show(v.level.Selected, 0, "") })
	all.Importance = widget.LowImportance
	v.withinBar = container.NewHBox(v.withinL, all)
	v.withinBar.Hide()
	bar := container.NewVBox(
		container.NewHBox(widget.NewLabel(i18n.T("attendancepage.period")), v.period,
			widget.NewLabel(i18n.T("attendancepage.level")), v.level), // one row: the rest for the charts and the table
		container.NewBorder(nil, nil, nil, v.withinBar, v.title), v.charts)
	v.content = container.NewBorder(bar, nil, nil, nil, v.body)
	showListMessage(v.body, i18n.T("attendancepage.loading"))
	return v
}

// open shows the level below a row, kept to it: the school's grades, a
// grade's classes, a class's students.
func (v *ratesView) open(r app.RateRow) {
	i := slices.Index(rateLevels, r.Level)
	if i < 0 || i+1 >= len(rateLevels) {
		return
	}
	within, label := r.ID, r.Label
	if r.Level == app.RateSchool {
		within, label = 0, ""
	}
	v.show(v.level.Options[i+1], within, label)
}

// show loads the rates at a level (one of the radio's options), kept to
// a grade or class when within is not 0.
func (v *ratesView) show(level string, within int64, label string) {
	v.within = within
	v.withinL.SetText(i18n.T("attendancepage.within", label))
	if v.level.Selected == level {
		v.load()
		return
	}
	v.drilling = true
	v.level.SetSelected(level)
	v.drilling = false
}

// span is the period picked, ending on the day shown.
func (v *ratesView) span() (from, to time.Time) {
	i := max(0, slices.Index(v.period.Options, v.period.Selected))
	r := app.RangeOf(ratePeriods[i], v.s.day)
	return r.From, r.To
}

// reload loads the rates and the trend again, after a roll call was
// saved or the day changed.
func (v *ratesView) reload() {
	v.trendSpan = [2]time.Time{}
	v.load()
}

// load loads the rates of the period and level picked, and the trend
// unless it is of the period read last.
func (v *ratesView) load() {
	if v.s.tabs == nil {
		return // still building
	}
	v.loads++
	gen := v.loads
	from, to := v.span()
	level := rateLevels[max(0, slices.Index(v.level.Options, v.level.Selected))]
	ctx := v.s.env.Ctx()
	svc := v.s.env.Services.Attendance
	title := i18n.T("attendancepage.rates_title", app.FormatDate(from), app.FormatDate(to))
	if level != app.RateStudent {
		title += " · " + i18n.T("attendancepage.rates_hint")
	}
	v.title.SetText(title)
	if v.within != 0 {
		v.withinBar.Show()
	} else {
		v.withinBar.Hide()
	}
	span := [2]time.Time{trendStart(from, to), to}
	days, read := v.trendDays, v.trendSpan != span
	v.s.run(func() {
		rows, err := svc.Rates(ctx, from, to, level)
		if err == nil && read {
			days, err = dailyRates(ctx, svc, span[0], span[1])
		}
		fyne.Do(func() {
			if gen != v.loads {
				return
			}
			v.charts.Hide()
			if err != nil {
				showListMessage(v.body, i18n.Err(err))
				return
			}
			v.trendDays, v.trendSpan = days, span
			if v.within != 0 {
				rows = slices.DeleteFunc(rows, func(r app.RateRow) bool { return r.Within != v.within })
			}
			v.rows = rows
			if len(rows) == 0 {
				showListMessage(v.body, i18n.T("attendancepage.no_rates"))
				return
			}
			v.trend.SetChart(trendChart(days))
			// a bar for each grade or class; a class's students are
			// read in the table, and the trend takes the width
			if level == app.RateStudent {
				v.charts.Objects = []fyne.CanvasObject{v.trend.Content()}
			} else {
				v.byGroup.SetChart(groupRatesChart(rows, level))
				v.charts.Objects = []fyne.CanvasObject{v.trend.Content(), v.byGroup.Content()}
			}
			v.charts.Layout = layout.NewGridLayoutWithColumns(len(v.charts.Objects))
			v.charts.Show()
			v.charts.Refresh()
			showListTable(v.body, v.view)
		})
	})
}

// trendStart is the first day of the trend of the period from..to: the
// trend shows the period, or the week up to its last day when it is
// shorter, cut to its last trendMost days.
func trendStart(from, to time.Time) time.Time {
	if least := to.AddDate(0, 0, 1-trendLeast); least.Before(from) {
		from = least
	}
	if most := to.AddDate(0, 0, 1-trendMost); from.Before(most) {
		from = most
	}
	return from
}

// dailyRates is each day's attendance from..to, as the service sums it
// for the classes the account sees, leaving out the days without a roll
// call.
func dailyRates(ctx context.Context, svc app.AttendanceService, from, to time.Time) ([]app.DayCounts, error) {
	var out []app.DayCounts
	for day := from; !day.After(to); day = day.AddDate(0, 0, 1) {
		rows, err := svc.Rates(ctx, day, day, app.RateSchool)
		if err != nil {
			return nil, err
		}
		if len(rows) > 0 && rows[0].Counts.Sessions > 0 {
			out = append(out, app.DayCounts{Day: day, Counts: rows[0].Counts})
		}
	}
	return out, nil
}

// trendChart is the rate of each day, nil for no day.
func trendChart(days []app.DayCounts) *app.Chart {
	if len(days) == 0 {
		return nil
	}
	c := &app.Chart{Kind: app.ChartLine, Percent: true, Series: []app.ChartSeries{{Name: i18n.T("attendancepage.col.rate")}},
		Title: i18n.T("charts.attendance.trend", app.FormatDate(days[0].Day), app.FormatDate(days[len(days)-1].Day))}
	for _, d := range days {
		c.Labels = append(c.Labels, d.Day.Format("01-02"))
		c.Series[0].Values = append(c.Series[0].Values, d.Counts.Rate())
	}
	return c
}

// groupRatesChart is the rate of each row, as the table lists them.
func groupRatesChart(rows []app.RateRow, level app.RateLevel) *app.Chart {
	c := &app.Chart{Kind: app.ChartColumns, Percent: true, Title: i18n.T("charts.attendance." + string(level)),
		Series: []app.ChartSeries{{Name: i18n.T("attendancepage.col.rate")}}}
	for _, r := range rows {
		label := r.Label
		if label == "" {
			label = i18n.T("attendancepage.level.school")
		}
		c.Labels = append(c.Labels, label)
		v := r.Counts.Rate()
		if r.Counts.Sessions == 0 {
			v = math.NaN() // no roll call: no bar, not a bar of 0
		}
		c.Series[0].Values = append(c.Series[0].Values, v)
	}
	return c
}

// setTabText renames a tab, e.g. with its count.
func (s *AttendanceScreen) setTabText(tab int, text string) {
	s.tabs.Items[tab].Text = text
	s.tabs.Refresh()
}
