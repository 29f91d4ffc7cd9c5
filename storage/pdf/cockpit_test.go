package pdf

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"jxj/app"
	"jxj/app/i18n"
)

// fakeCharts draws each chart as a plain picture of the size asked and
// keeps the sizes. A chart of more than most labels (when most is set)
// is refused as the renderer refuses one too crowded for its size.
type fakeCharts struct {
	sizes []image.Point
	most  int
}

func (f *fakeCharts) RenderPNG(c app.Chart, w, h int, dark bool) ([]byte, error) {
	f.sizes = append(f.sizes, image.Pt(w, h))
	if f.most > 0 && len(c.Labels) > f.most {
		return nil, app.Errorf(app.EINVALID, "charts.error.crowded", len(c.Labels))
	}
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		img.Set(x, h/2, color.Black)
	}
	var b bytes.Buffer
	err := png.Encode(&b, img)
	return b.Bytes(), err
}

// The cockpit fits one A4 page with its figures and every chart, however
// many there are.
func TestPrintCockpit(t *testing.T) {
	defer i18n.SetLanguage(i18n.Language())
	i18n.SetLanguage(i18n.Chinese)
	day := time.Date(2026, 12, 4, 0, 0, 0, 0, time.Local)
	c := &app.Cockpit{
		Range:      app.DateRange{From: day.AddDate(0, 0, -3), To: day},
		Attendance: app.CockpitAttendance{Today: app.AttendanceCounts{Sessions: 400, Absent: 20}, AlertDays: 3},
		Roster:     app.CockpitRoster{Students: 540, Staff: 36},
		Notices:    app.CockpitNotices{ToReach: 12},
	}
	// every chart of the cockpit: a day of attendance, classes, grades, notices, homework, an exam
	c.Attendance.Trend = []app.DayCounts{{Day: day, Counts: c.Attendance.Today}}
	c.Attendance.ByClass = []app.RateRow{{ID: 1, Label: "三年级2班", Counts: c.Attendance.Today}}
	c.Attendance.ByGrade = []app.GradeAttendance{{Grade: 3, All: c.Attendance.Today}}
	c.Roster.ByGrade = []app.GradeCount{{Grade: 3, Students: 45, Classes: 1}}
	c.Roster.Classes = []app.ClassSize{{ClassID: 1, ClassLabel: "三年级2班", Grade: 3, Students: 45}}
	c.Notices.Open = []app.NoticeRate{{Title: "家长会", Counts: app.ReceiptCounts{Total: 2, Acked: 1, Unread: 1},
		Classes: []app.ClassProgress{{ClassID: 1, ClassLabel: "三年级2班", Counts: app.ReceiptCounts{Total: 2, Acked: 1, Unread: 1}}}}}
	c.Homework = []app.HomeworkRate{{ClassID: 1, ClassLabel: "三年级2班", Subject: "语文", Counts: app.CompletionCounts{Total: 2, Done: 1}}}
	subject := app.SubjectStats{Subject: "语文", Full: 1000, Count: 2, Avg: 80, Pass: 2, Bands: []int{0, 0, 1, 1, 0}}
	c.Exam = &app.CockpitExam{Exam: &app.Exam{Name: "期中", Date: day, Subjects: []app.ExamSubject{{Name: "语文", Full: 1000}}},
		Classes: []app.GroupStats{{ClassID: 1, ClassLabel: "三年级2班", Subjects: []app.SubjectStats{subject}}},
		All:     app.GroupStats{Subjects: []app.SubjectStats{subject}}}
	charts := &fakeCharts{}
	path := filepath.Join(t.TempDir(), "驾驶舱.pdf")
	err := (&Printer{Charts: charts}).PrintCockpit(path, app.CockpitPrint{School: testSchool, Cockpit: c, Printed: day.Add(15 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if want := len(c.Charts()); want != 11 || len(charts.sizes) != want {
		t.Fatalf("drew %d charts; want the cockpit's %d (11)", len(charts.sizes), want)
	}
	// drawn for their cells: half the content's width, text readable
	if s := charts.sizes[0]; s.X != int((contentW-chartGap)/2*chartPxPerMM) || s.Y < 150 {
		t.Errorf("a chart was drawn %v; want the cell's size at %v px/mm, at least 150 px high", s, chartPxPerMM)
	}
	pages := readPages(t, path)
	if len(pages) != 1 {
		t.Fatalf("the cockpit took %d pages; want one", len(pages))
	}
	text := strings.ReplaceAll(pages[0], " ", "")
	for _, want := range []string{testSchool, "数字驾驶舱", "2026-12-01至2026-12-04", "95.0%（实到380/应到400）", "540名学生", "生师比15.0", "12户", "期中（2026-12-04）"} {
		if !strings.Contains(text, want) {
			t.Errorf("the page lacks %q:\n%s", want, pages[0])
		}
	}
	if err := New().PrintCockpit(path, app.CockpitPrint{}); app.ErrorCode(err) != app.EINVALID {
		t.Errorf("PrintCockpit with no cockpit = %v; want EINVALID", err)
	}
}

// A school with more classes than a chart's cell can show still prints
// its page: the cell has the chart's title and says where to see it.
func TestPrintCockpitCrowded(t *testing.T) {
	for _, tt := range []struct{ lang, want string }{
		{i18n.Chinese, "共40项，这里画不下"},
		{i18n.English, "40itemsaretoomanytodrawhere"},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			defer i18n.SetLanguage(i18n.Language())
			i18n.SetLanguage(tt.lang)
			day := time.Date(2026, 12, 4, 0, 0, 0, 0, time.Local)
			c := &app.Cockpit{Range: app.DateRange{From: day, To: day}}
			counts := app.AttendanceCounts{Sessions: 40, Absent: 1}
			c.Attendance.Trend = []app.DayCounts{{Day: day, Counts: counts}}
			for i := range 40 {
				c.Attendance.ByClass = append(c.Attendance.ByClass, app.RateRow{ID: int64(i + 1), Label: fmt.Sprintf("%d班", i+1), Counts: counts})
			}
			charts := &fakeCharts{most: 30}
			path := filepath.Join(t.TempDir(), "驾驶舱.pdf")
			err := (&Printer{Charts: charts}).PrintCockpit(path, app.CockpitPrint{School: testSchool, Cockpit: c, Printed: day})
			if err != nil {
				t.Fatalf("PrintCockpit with a chart too crowded for its cell: %v", err)
			}
			pages := readPages(t, path)
			if len(pages) != 1 {
				t.Fatalf("the cockpit took %d pages; want one", len(pages))
			}
			text := strings.ReplaceAll(pages[0], " ", "")
			title := strings.ReplaceAll(c.Charts()[1].Chart.Title, " ", "")
			for _, want := range []string{title, tt.want} {
				if !strings.Contains(text, want) {
					t.Errorf("the page lacks %q:\n%s", want, pages[0])
				}
			}
		})
	}
}
