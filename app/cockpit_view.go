package app

import (
	"math"
	"slices"

	"jxj/app/i18n"
)

// CockpitChartID names a chart of the cockpit: the page's tiles, the
// printed page and the PNG files use the same charts.
type CockpitChartID string

// The charts of the cockpit, in the page's order.
const (
	ChartAttendanceTrend CockpitChartID = "attendance-trend"
	ChartAttendanceClass CockpitChartID = "attendance-class"
	ChartAttendanceGrade CockpitChartID = "attendance-grade"
	ChartStudentsGrade   CockpitChartID = "students-grade"
	ChartClassSizes      CockpitChartID = "class-sizes"
	ChartNotices         CockpitChartID = "notices"
	ChartNoticeClasses   CockpitChartID = "notice-classes"
	ChartHomework        CockpitChartID = "homework"
	ChartExamSubjects    CockpitChartID = "exam-subjects"
	ChartExamClasses     CockpitChartID = "exam-classes"
	ChartExamBands       CockpitChartID = "exam-bands"
)

// NamedChart is a chart of the cockpit with its id.
type NamedChart struct {
	ID    CockpitChartID
	Chart Chart
}

// maxChartTitle is how many characters of a notice's title a chart label
// keeps.
const maxChartTitle = 14

// Charts describes the charts of the cockpit's figures, in the page's
// order, in the current language; a chart with nothing to draw is left
// out. A teacher's class charts put each class beside its grade.
func (c *Cockpit) Charts() []NamedChart {
	var out []NamedChart
	add := func(id CockpitChartID, ch Chart) {
		if len(ch.Labels) > 0 {
			out = append(out, NamedChart{ID: id, Chart: ch})
		}
	}
	a := &c.Attendance
	rate := i18n.T("cockpit.chart.rate")

	trend := Chart{Kind: ChartLine, Title: i18n.T("cockpit.chart.trend", TrendDays), Percent: true, Series: []ChartSeries{{Name: rate}}}
	for _, d := range a.Trend {
		trend.Labels = append(trend.Labels, d.Day.Format("01-02"))
		trend.Series[0].Values = append(trend.Series[0].Values, d.Counts.Rate())
	}
	add(ChartAttendanceTrend, trend)

	classes := Chart{Kind: ChartBars, Title: i18n.T("cockpit.chart.attendance_class"), Percent: true, Series: []ChartSeries{{Name: rate}}}
	gradeOf := c.Roster.classGrades()
	gradeRate := map[int]float64{}
	for _, g := range a.ByGrade {
		gradeRate[g.Grade] = g.All.Rate()
	}
	if c.Teacher {
		classes.Series = append(classes.Series, ChartSeries{Name: i18n.T("cockpit.chart.grade")})
	}
	for _, r := range a.ByClass {
		classes.Labels = append(classes.Labels, r.Label)
		classes.Series[0].Values = append(classes.Series[0].Values, r.Counts.Rate())
		if c.Teacher {
			classes.Series[1].Values = append(classes.Series[1].Values, gradeRate[gradeOf[r.ID]])
		}
	}
	add(ChartAttendanceClass, classes)

	grades := Chart{Kind: ChartColumns, Title: i18n.T("cockpit.chart.attendance_grade"), Percent: true, Series: []ChartSeries{
		{Name: i18n.T("cockpit.chart.all")}, {Name: i18n.T("gender.M")}, {Name: i18n.T("gender.F")}}}
	for _, g := range a.ByGrade {
		grades.Labels = append(grades.Labels, GradeName(g.Grade))
		for i, counts := range []AttendanceCounts{g.All, g.Male, g.Female} {
			grades.Series[i].Values = append(grades.Series[i].Values, counts.Rate())
		}
	}
	add(ChartAttendanceGrade, grades)

	students := Chart{Kind: ChartColumns, Title: i18n.T("cockpit.chart.students_grade"), Series: []ChartSeries{{Name: i18n.T("cockpit.chart.students")}}}
	for _, g := range c.Roster.ByGrade {
		students.Labels = append(students.Labels, GradeName(g.Grade))
		students.Series[0].Values = append(students.Series[0].Values, float64(g.Students))
	}
	add(ChartStudentsGrade, students)

	l := c.Roster.Lines
	sizes := Chart{Kind: ChartBars, Title: i18n.T("cockpit.chart.class_sizes"), Series: []ChartSeries{{Name: i18n.T("cockpit.chart.students")}},
		Marks: []ChartMark{
			{Value: float64(l.Standard), Label: i18n.T("cockpit.chart.line_standard", l.Standard)},
			{Value: float64(l.Large), Label: i18n.T("cockpit.chart.line_large", l.Large)},
			{Value: float64(l.Huge), Label: i18n.T("cockpit.chart.line_huge", l.Huge)},
		}}
	for _, cs := range c.Roster.Classes {
		sizes.Labels = append(sizes.Labels, cs.ClassLabel)
		sizes.Series[0].Values = append(sizes.Series[0].Values, float64(cs.Students))
	}
	add(ChartClassSizes, sizes)

	add(ChartNotices, c.noticesChart())
	add(ChartNoticeClasses, c.noticeClassesChart())
	add(ChartHomework, c.homeworkChart())
	if c.Exam != nil {
		groups := c.ExamGroups()
		add(ChartExamSubjects, c.Exam.subjectsChart())
		add(ChartExamClasses, c.Exam.classesChart(groups))
		add(ChartExamBands, c.Exam.bandsChart(groups))
	}
	return out
}

// classGrades maps each class to its grade.
func (r CockpitRoster) classGrades() map[int64]int {
	out := make(map[int64]int, len(r.Classes))
	for _, c := range r.Classes {
		out[c.ClassID] = c.Grade
	}
	return out
}

// ReceiptsChart is receipts by state, stacked for each label:
// acknowledged, read, unread; as fractions of the label's receipts when
// percent, else as counts.
func ReceiptsChart(title string, labels []string, counts []ReceiptCounts, percent bool) Chart {
	ch := Chart{Kind: ChartBars, Title: title, Labels: labels, Percent: percent, Stacked: true}
	for _, st := range []ReceiptState{ReceiptAcked, ReceiptRead, ReceiptUnread} {
		ch.Series = append(ch.Series, ChartSeries{Name: i18n.T("receipt.state." + st.String())})
	}
	for _, c := range counts {
		for i, n := range []int{c.Acked, c.Read, c.Unread} {
			v := float64(n)
			if percent {
				v = ratio(n, c.Total)
			}
			ch.Series[i].Values = append(ch.Series[i].Values, v)
		}
	}
	return ch
}

// noticesChart is each open notice's receipts, stacked.
func (c *Cockpit) noticesChart() Chart {
	var labels []string
	var counts []ReceiptCounts
	for _, n := range c.Notices.Open {
		labels = append(labels, shorten(n.Title, maxChartTitle))
		counts = append(counts, n.Counts)
	}
	return ReceiptsChart(i18n.T("cockpit.chart.notices"), labels, counts, true)
}

// noticeClassesChart is the receipts of the open notices by class,
// stacked; the staff (class 0) are left out.
func (c *Cockpit) noticeClassesChart() Chart {
	var order []int64
	labels := map[int64]string{}
	sums := map[int64]ReceiptCounts{}
	for _, n := range c.Notices.Open {
		for _, p := range n.Classes {
			if p.ClassID == 0 {
				continue
			}
			if _, seen := labels[p.ClassID]; !seen {
				order = append(order, p.ClassID)
				labels[p.ClassID] = p.ClassLabel
			}
			sums[p.ClassID] = sums[p.ClassID].Plus(p.Counts)
		}
	}
	var names []string
	var counts []ReceiptCounts
	for _, id := range order {
		names = append(names, labels[id])
		counts = append(counts, sums[id])
	}
	return ReceiptsChart(i18n.T("cockpit.chart.notice_classes"), names, counts, true)
}

// homeworkChart is each class's completion rate, a bar per subject.
func (c *Cockpit) homeworkChart() Chart {
	ch := Chart{Kind: ChartBars, Title: i18n.T("cockpit.chart.homework"), Percent: true}
	var classes []int64
	labels := map[int64]string{}
	rates := map[int64]map[string]float64{}
	for _, h := range c.Homework {
		if _, seen := labels[h.ClassID]; !seen {
			classes = append(classes, h.ClassID)
			labels[h.ClassID] = h.ClassLabel
			rates[h.ClassID] = map[string]float64{}
		}
		rates[h.ClassID][h.Subject] = h.Counts.Rate()
		if !slices.ContainsFunc(ch.Series, func(s ChartSeries) bool { return s.Name == h.Subject }) {
			ch.Series = append(ch.Series, ChartSeries{Name: h.Subject})
		}
	}
	for _, id := range classes {
		ch.Labels = append(ch.Labels, labels[id])
		for i := range ch.Series {
			v, ok := rates[id][ch.Series[i].Name]
			if !ok {
				v = math.NaN() // no homework of the subject: no bar, not 0 %
			}
			ch.Series[i].Values = append(ch.Series[i].Values, v)
		}
	}
	if len(ch.Series) == 1 { // a chart of one series has no legend
		ch.Title = i18n.T("cockpit.chart.homework_subject", ch.Series[0].Name)
	}
	return ch
}

// subjectsChart is the exam's average (as a fraction of full marks),
// 及格率 and 优秀率 by subject, over all its classes.
func (e *CockpitExam) subjectsChart() Chart {
	ch := Chart{Kind: ChartColumns, Title: i18n.T("cockpit.chart.exam_subjects", e.Exam.Name), Percent: true, Series: []ChartSeries{
		{Name: i18n.T("cockpit.chart.average")}, {Name: i18n.T("cockpit.chart.pass")}, {Name: i18n.T("cockpit.chart.excellent")}}}
	for _, s := range e.All.Subjects {
		if s.Count == 0 {
			continue
		}
		ch.Labels = append(ch.Labels, s.Subject)
		ch.Series[0].Values = append(ch.Series[0].Values, s.Avg*10/float64(max(s.Full, 1)))
		ch.Series[1].Values = append(ch.Series[1].Values, s.PassRate())
		ch.Series[2].Values = append(ch.Series[2].Values, s.ExcellentRate())
	}
	return ch
}

// ExamGroups are the classes of the latest exam the account sees and,
// after them, the exam over all its classes, labelled 全部 (for a
// teacher 全年级: their grade beside their class); nil without an exam.
// The charts and the command line's tables show these groups.
func (c *Cockpit) ExamGroups() []GroupStats {
	if c.Exam == nil {
		return nil
	}
	all := c.Exam.All
	all.ClassLabel = i18n.T("cockpit.chart.all")
	if c.Teacher {
		all.ClassLabel = i18n.T("cockpit.chart.whole_grade")
	}
	return append(slices.Clone(c.Exam.Classes), all)
}

// classesChart is each group's 及格率, a bar per subject.
func (e *CockpitExam) classesChart(groups []GroupStats) Chart {
	ch := Chart{Kind: ChartColumns, Title: i18n.T("cockpit.chart.exam_classes", e.Exam.Name), Percent: true}
	for _, s := range e.Exam.Subjects {
		ch.Series = append(ch.Series, ChartSeries{Name: s.Name})
	}
	for _, g := range groups {
		ch.Labels = append(ch.Labels, g.ClassLabel)
		for i := range ch.Series {
			v := 0.0
			if i < len(g.Subjects) {
				v = g.Subjects[i].PassRate()
			}
			ch.Series[i].Values = append(ch.Series[i].Values, v)
		}
	}
	return ch
}

// bandsChart is each group's scores by band, every subject together,
// stacked as fractions of the scores.
func (e *CockpitExam) bandsChart(groups []GroupStats) Chart {
	ch := Chart{Kind: ChartColumns, Title: i18n.T("cockpit.chart.exam_bands", e.Exam.Name), Percent: true, Stacked: true}
	for i := range BandEdges {
		lo, hi := BandRange(i)
		ch.Series = append(ch.Series, ChartSeries{Name: i18n.T("cockpit.chart.band", lo, hi)})
	}
	for _, g := range groups {
		bands := make([]int, len(BandEdges))
		total := 0
		for _, s := range g.Subjects {
			for i, n := range s.Bands {
				if i < len(bands) {
					bands[i] += n
					total += n
				}
			}
		}
		if total == 0 {
			continue
		}
		ch.Labels = append(ch.Labels, g.ClassLabel)
		for i, n := range bands {
			ch.Series[i].Values = append(ch.Series[i].Values, ratio(n, total))
		}
	}
	return ch
}

// shorten keeps the first n characters of s, with an ellipsis.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// Figure is one headline figure of the cockpit: a name and its value as
// text, for the printed page.
type Figure struct {
	Name, Value string
}

// Headline lists the cockpit's headline figures in the current language:
// today's attendance, the school's size, what is not done, the sync.
func (c *Cockpit) Headline() []Figure {
	a := &c.Attendance
	pct := func(f float64) string { return i18n.T("cockpit.figure.percent", f*100) }
	today := i18n.T("cockpit.figure.none")
	if a.Today.Sessions > 0 {
		today = i18n.T("cockpit.figure.attendance", pct(a.Today.Rate()), a.Today.Present(), a.Today.Sessions)
	}
	r := &c.Roster
	out := []Figure{
		{i18n.T("cockpit.figure.today", FormatDate(c.Range.To)), today},
		{i18n.T("cockpit.figure.roster"), i18n.T("cockpit.figure.roster_value", r.Students, r.Staff, r.StudentsPerTeacher())},
		{i18n.T("cockpit.figure.not_taken"), i18n.T("cockpit.figure.classes", len(a.NotTaken))},
		{i18n.T("cockpit.figure.absent", a.AlertDays), i18n.T("cockpit.figure.students", len(a.Absent))},
		{i18n.T("cockpit.figure.to_reach"), i18n.T("cockpit.figure.families", c.Notices.ToReach)},
		{i18n.T("cockpit.figure.waiting"), i18n.T("cockpit.figure.waiting_value", c.ToDo.LeavesWaiting, c.ToDo.Drafts,
			c.ToDo.BureauToConfirm, c.ToDo.BureauToForward, c.ToDo.BureauItems)},
		{i18n.T("cockpit.figure.quality"), i18n.T("cockpit.figure.quality_value", len(c.ToDo.NoGuardianPhone), len(c.ToDo.NoHeadTeacher))},
	}
	if c.Exam != nil {
		out = append(out, Figure{i18n.T("cockpit.figure.exam"), i18n.T("cockpit.figure.exam_value", c.Exam.Exam.Name, FormatDate(c.Exam.Exam.Date))})
	}
	if s := c.Sync; s != nil {
		last := FormatMinute(s.LastSuccess)
		if last == "" {
			last = i18n.T("cockpit.figure.never")
		}
		out = append(out, Figure{i18n.T("cockpit.figure.sync"), i18n.T("cockpit.figure.sync_value", last, s.Pending, s.Conflicts)})
	}
	return out
}
