package app

import (
	"math"
	"slices"
	"testing"
	"time"

	"jxj/app/i18n"
)

func TestRangeOf(t *testing.T) {
	day := func(s string) time.Time {
		d, err := time.ParseInLocation(DateLayout, s, time.Local)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	tests := []struct {
		kind     RangeKind
		today    string
		from, to string
	}{
		{RangeToday, "2026-12-04", "2026-12-04", "2026-12-04"},
		{RangeWeek, "2026-12-04", "2026-11-30", "2026-12-04"}, // a Friday: from Monday
		{RangeWeek, "2026-11-30", "2026-11-30", "2026-11-30"}, // a Monday
		{RangeWeek, "2026-12-06", "2026-11-30", "2026-12-06"}, // a Sunday ends the week
		{RangeMonth, "2026-12-04", "2026-12-01", "2026-12-04"},
		{RangeTerm, "2026-12-04", "2026-09-01", "2026-12-04"},
		{RangeTerm, "2027-01-15", "2026-09-01", "2027-01-15"}, // January ends the first term
		{RangeTerm, "2027-03-10", "2027-02-01", "2027-03-10"},
		{RangeTerm, "2027-08-20", "2027-02-01", "2027-08-20"}, // August belongs to the second
		{RangeCustom, "2026-12-04", "2026-12-04", "2026-12-04"},
	}
	for _, tt := range tests {
		got := RangeOf(tt.kind, day(tt.today).Add(15*time.Hour))
		if FormatDate(got.From) != tt.from || FormatDate(got.To) != tt.to {
			t.Errorf("RangeOf(%s, %s) = %s…%s; want %s…%s", tt.kind, tt.today, FormatDate(got.From), FormatDate(got.To), tt.from, tt.to)
		}
		if err := got.Validate(); err != nil {
			t.Errorf("RangeOf(%s, %s).Validate() = %v", tt.kind, tt.today, err)
		}
	}
	bad := []DateRange{{}, {From: day("2026-12-05"), To: day("2026-12-04")}, {From: day("2025-01-01"), To: day("2026-12-04")}}
	for _, r := range bad {
		if ErrorCode(r.Validate()) != EINVALID {
			t.Errorf("Validate(%v) = %v; want EINVALID", r, r.Validate())
		}
	}
	lines := []struct {
		l  ClassSizeLines
		ok bool
	}{{DefaultClassSizeLines, true}, {ClassSizeLines{45, 45, 66}, false}, {ClassSizeLines{0, 56, 66}, false}, {ClassSizeLines{45, 56, 201}, false}}
	for _, tt := range lines {
		if got := tt.l.Validate() == nil; got != tt.ok {
			t.Errorf("%+v.Validate() ok = %v; want %v", tt.l, got, tt.ok)
		}
	}
}

func TestCockpitCharts(t *testing.T) {
	defer i18n.SetLanguage(i18n.Language())
	i18n.SetLanguage(i18n.Chinese)
	day := time.Date(2026, 12, 3, 0, 0, 0, 0, time.Local)
	counts := func(sessions, absent int) AttendanceCounts {
		return AttendanceCounts{Sessions: sessions, Absent: absent}
	}
	exam := &Exam{Name: "期中", Subjects: []ExamSubject{{Name: "语文", Full: 1000}, {Name: "数学", Full: 1000}}}
	c := &Cockpit{
		Teacher: true,
		Attendance: CockpitAttendance{
			Trend:   []DayCounts{{Day: day, Counts: counts(40, 2)}, {Day: day.AddDate(0, 0, 1), Counts: counts(40, 0)}},
			ByClass: []RateRow{{Level: RateClass, ID: 7, Label: "三年级2班", Counts: counts(100, 10)}},
			ByGrade: []GradeAttendance{{Grade: 3, All: counts(400, 20), Male: counts(200, 15), Female: counts(200, 5)}},
		},
		Roster: CockpitRoster{Classes: []ClassSize{{ClassID: 7, ClassLabel: "三年级2班", Grade: 3, Students: 58}}, Lines: DefaultClassSizeLines},
		Notices: CockpitNotices{Open: []NoticeRate{
			{Title: "关于寒假安全教育的告知书和回执", Counts: ReceiptCounts{Total: 4, Acked: 2, Read: 1, Unread: 1},
				Classes: []ClassProgress{{ClassID: 7, ClassLabel: "三年级2班", Counts: ReceiptCounts{Total: 4, Acked: 2, Read: 1, Unread: 1}}}},
			{Title: "家长会", Counts: ReceiptCounts{Total: 5, Acked: 1, Unread: 4},
				Classes: []ClassProgress{{ClassID: 7, ClassLabel: "三年级2班", Counts: ReceiptCounts{Total: 4, Acked: 1, Unread: 3}}, {ClassID: 0, ClassLabel: "教职工", Counts: ReceiptCounts{Total: 1, Unread: 1}}}},
		}},
		Homework: []HomeworkRate{{ClassID: 7, ClassLabel: "三年级2班", Subject: "语文", Counts: CompletionCounts{Total: 4, Done: 3, Missing: 1}},
			{ClassID: 7, ClassLabel: "三年级2班", Subject: "数学", Counts: CompletionCounts{Total: 4, Done: 2, Excused: 2}},
			{ClassID: 8, ClassLabel: "三年级3班", Subject: "语文", Counts: CompletionCounts{Total: 2, Done: 1, Missing: 1}}},
		Exam: &CockpitExam{Exam: exam,
			Classes: []GroupStats{{ClassID: 7, ClassLabel: "三年级2班", Subjects: []SubjectStats{
				{Subject: "语文", Full: 1000, Count: 4, Avg: 75, Pass: 3, Excellent: 1, Bands: []int{1, 0, 1, 1, 1}},
				{Subject: "数学", Full: 1000, Count: 4, Avg: 60, Pass: 2, Bands: []int{2, 1, 1, 0, 0}}}}},
			All: GroupStats{Subjects: []SubjectStats{
				{Subject: "语文", Full: 1000, Count: 8, Avg: 80, Pass: 7, Excellent: 2, Bands: []int{1, 1, 2, 2, 2}},
				{Subject: "数学", Full: 1000, Count: 8, Avg: 70, Pass: 6, Excellent: 1, Bands: []int{2, 1, 2, 2, 1}}}}},
	}
	charts := map[CockpitChartID]Chart{}
	var ids []CockpitChartID
	for _, nc := range c.Charts() {
		charts[nc.ID] = nc.Chart
		ids = append(ids, nc.ID)
	}
	if want := []CockpitChartID{ChartAttendanceTrend, ChartAttendanceClass, ChartAttendanceGrade, ChartClassSizes, ChartNotices,
		ChartNoticeClasses, ChartHomework, ChartExamSubjects, ChartExamClasses, ChartExamBands}; !slices.Equal(ids, want) {
		t.Fatalf("charts = %v; want %v (no students-by-grade: no grade counts)", ids, want)
	}
	near := func(name string, got, want []float64) {
		t.Helper()
		if len(got) != len(want) {
			t.Errorf("%s = %v; want %v", name, got, want)
			return
		}
		for i := range got {
			if math.Abs(got[i]-want[i]) > 1e-9 {
				t.Errorf("%s = %v; want %v", name, got, want)
				return
			}
		}
	}
	tr := charts[ChartAttendanceTrend]
	if !slices.Equal(tr.Labels, []string{"12-03", "12-04"}) || !tr.Percent {
		t.Errorf("trend labels = %v", tr.Labels)
	}
	near("trend", tr.Series[0].Values, []float64{0.95, 1})
	cl := charts[ChartAttendanceClass]
	near("class rate", cl.Series[0].Values, []float64{0.9})
	near("the class's grade beside it", cl.Series[1].Values, []float64{0.95})
	gr := charts[ChartAttendanceGrade]
	near("grade all/boys/girls", []float64{gr.Series[0].Values[0], gr.Series[1].Values[0], gr.Series[2].Values[0]}, []float64{0.95, 0.925, 0.975})
	if sz := charts[ChartClassSizes]; len(sz.Marks) != 3 || sz.Marks[1].Value != 56 || sz.Marks[1].Label != "大班额 56" {
		t.Errorf("class size marks = %+v", sz.Marks)
	}
	no := charts[ChartNotices]
	if no.Labels[0] != "关于寒假安全教育的告知书和…" || !no.Stacked {
		t.Errorf("notice labels = %q", no.Labels)
	}
	near("acknowledged", no.Series[0].Values, []float64{0.5, 0.2})
	nc := charts[ChartNoticeClasses]
	if !slices.Equal(nc.Labels, []string{"三年级2班"}) {
		t.Errorf("notice classes = %v; want the class, not the staff", nc.Labels)
	}
	near("class acknowledged over both notices", nc.Series[0].Values, []float64{3.0 / 8})
	hw := charts[ChartHomework]
	if len(hw.Series) != 2 || hw.Series[0].Name != "语文" || hw.Title != "各班作业完成率（按科目）" {
		t.Errorf("homework %q series = %+v", hw.Title, hw.Series)
	}
	near("语文, 数学 of 三年级2班", []float64{hw.Series[0].Values[0], hw.Series[1].Values[0]}, []float64{0.75, 1})
	if v := hw.Series[1].Values[1]; !math.IsNaN(v) {
		t.Errorf("三年级3班's 数学, with no homework, = %v; want no bar (NaN)", v)
	}
	one := (&Cockpit{Homework: c.Homework[:1]}).homeworkChart()
	if one.Title != "各班作业完成率（语文）" {
		t.Errorf("the homework of one subject is titled %q; want the subject in it (no legend for one series)", one.Title)
	}
	ex := charts[ChartExamSubjects]
	near("average score rate", ex.Series[0].Values, []float64{0.8, 0.7})
	near("pass", ex.Series[1].Values, []float64{7.0 / 8, 6.0 / 8})
	ec := charts[ChartExamClasses]
	if !slices.Equal(ec.Labels, []string{"三年级2班", "全年级"}) {
		t.Errorf("exam classes = %v; want the class and the grade beside it", ec.Labels)
	}
	near("语文 pass by class", ec.Series[0].Values, []float64{0.75, 7.0 / 8})
	eb := charts[ChartExamBands]
	near("the class's 0–59% band, both subjects", []float64{eb.Series[0].Values[0]}, []float64{3.0 / 8})
	if got := (&Cockpit{}).Charts(); len(got) != 0 {
		t.Errorf("an empty cockpit has charts %v; want none", got)
	}
}
