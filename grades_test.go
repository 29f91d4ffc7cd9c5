package main

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jxj/app/demo"
)

// The attendance and grades commands on the demo school: a roll call
// saved twice, its month sheet, an exam added, a real-looking score sheet
// imported (first a dry run, then a sheet with a bad row refused whole),
// and the statistics printed.
func TestAttendanceAndGradesEndToEnd(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	if code, out, errOut := jxj(t, "demo", "--data", data); code != 0 {
		t.Fatalf("demo: exit %d\n%s%s", code, out, errOut)
	}
	actAs(t, demo.AdminUser)
	// the first class is 一年级1班, students 20260101…
	code, out, errOut := jxj(t, "attendance", "mark", "--data", data, "--date", "2026-11-02", "--class", "1", "--absent", "20260101,20260102", "--late", "20260103")
	if code != 0 || !strings.Contains(out, "应到 45，出勤 43，缺勤 2，请假 0") {
		t.Fatalf("attendance mark: exit %d\n%s%s", code, out, errOut)
	}
	// saving the same day again replaces it
	code, out, errOut = jxj(t, "attendance", "mark", "--data", data, "--date", "2026-11-02", "--class", "1", "--sick", "20260101")
	if code != 0 || !strings.Contains(out, "出勤 44，缺勤 0，请假 1") {
		t.Fatalf("attendance mark again: exit %d\n%s%s", code, out, errOut)
	}
	if code, _, errOut := jxj(t, "attendance", "mark", "--data", data, "--date", "2026-11-02", "--class", "1", "--absent", "99999999"); code != 1 || !strings.Contains(errOut, "99999999") {
		t.Errorf("an unknown student number: exit %d, %q; want 1 and the number named", code, errOut)
	}
	sheet := filepath.Join(dir, "考勤表.xlsx")
	if code, out, errOut := jxj(t, "attendance", "export", "--data", data, "--class", "1", "--month", "2026-11", sheet); code != 0 || !strings.Contains(out, sheet) {
		t.Fatalf("attendance export: exit %d\n%s%s", code, out, errOut)
	}
	if f, err := excelize.OpenFile(sheet); err != nil {
		t.Fatalf("the month sheet does not open: %v", err)
	} else {
		f.Close()
	}

	code, out, errOut = jxj(t, "exam", "add", "--data", data, "--name", "十一月月考", "--date", "2026-11-20", "--classes", "1,2", "--subjects", "语文:100,数学:100,英语:120")
	examID := strings.TrimSpace(out)
	if _, err := strconv.Atoi(examID); code != 0 || err != nil || !strings.Contains(errOut, "2 个班，3 个科目") {
		t.Fatalf("exam add: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	// a school's own score sheet: a title row, columns in their order,
	// 总分 and 名次 columns to ignore, a 缺考 and a half point
	f := excelize.NewFile()
	rows := [][]any{
		{"演示县实验小学2026学年十一月月考成绩"},
		{"学号", "姓名", "数学", "语文", "英语", "总分", "名次"},
		{"20260101", "", 95.5, 88, 101, 284.5, 1},
		{"20260102", "", "缺考", 90, 99, 189, 2},
		{"20260103", "", 60, 59, 72, 191, 3},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	scores := filepath.Join(dir, "成绩.xlsx")
	if err := f.SaveAs(scores); err != nil {
		t.Fatal(err)
	}
	code, out, errOut = jxj(t, "grades", "import", "--data", data, "--exam", examID, "--dry-run", scores)
	if code != 0 || !strings.Contains(out, "新录入或修改 9 个成绩") || !strings.Contains(out, "试运行") {
		t.Fatalf("grades import --dry-run: exit %d\n%s%s", code, out, errOut)
	}
	if code, out, errOut = jxj(t, "grades", "import", "--data", data, "--exam", examID, scores); code != 0 {
		t.Fatalf("grades import: exit %d\n%s%s", code, out, errOut)
	}
	code, stats, errOut := jxj(t, "grades", "stats", "--data", data, "--exam", examID)
	// 一年级1班 数学: 95.5 and 60 (one 缺考): average 77.75, max 95.5, min 60,
	// deviation 17.75, pass 100%, excellent 50%, low 0%
	if code != 0 || !hasFields(stats, "一年级1班", "数学", "2", "1", "77.75", "95.5", "60", "17.75", "100.0%", "50.0%", "0.0%") {
		t.Fatalf("grades stats: exit %d, stderr %q:\n%s", code, errOut, stats)
	}

	// a sheet with one score over the full marks is refused whole
	if err := f.SetCellValue("Sheet1", "C5", 130); err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellValue("Sheet1", "D3", 70); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(scores); err != nil {
		t.Fatal(err)
	}
	if code, out, _ := jxj(t, "grades", "import", "--data", data, "--exam", examID, scores); code != 1 || !strings.Contains(out, "第 5 行") {
		t.Errorf("a score over the full marks: exit %d, want 1 and row 5 named:\n%s", code, out)
	}
	if _, after, _ := jxj(t, "grades", "stats", "--data", data, "--exam", examID); after != stats {
		t.Errorf("the refused import changed the scores:\n%s\nwant\n%s", after, stats)
	}
}
