package pdf

import (
	"bytes"
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

// testChartPNG is a plain 600×300 picture standing in for a chart.
func testChartPNG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 600, 300))
	for x := range 600 {
		img.Set(x, 150, color.Black)
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
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
	var charts [][]byte
	for range 11 {
		charts = append(charts, testChartPNG(t))
	}
	path := filepath.Join(t.TempDir(), "驾驶舱.pdf")
	err := New().PrintCockpit(path, app.CockpitPrint{School: testSchool, Cockpit: c, Charts: charts, Printed: day.Add(15 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	pages := readPages(t, path)
	if len(pages) != 1 {
		t.Fatalf("the cockpit took %d pages; want one", len(pages))
	}
	text := strings.ReplaceAll(pages[0], " ", "")
	for _, want := range []string{testSchool, "数字驾驶舱", "2026-12-01至2026-12-04", "95.0%（实到380/应到400）", "540名学生", "生师比15.0", "12户"} {
		if !strings.Contains(text, want) {
			t.Errorf("the page lacks %q:\n%s", want, pages[0])
		}
	}
	if err := New().PrintCockpit(path, app.CockpitPrint{}); app.ErrorCode(err) != app.EINVALID {
		t.Errorf("PrintCockpit with no cockpit = %v; want EINVALID", err)
	}
}
