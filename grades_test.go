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
// imported (first a dry run; then a sheet with a bad row and a student not
// on the roster, whose good rows go in; then a sheet that is not a score
// sheet, refused whole), and the statistics printed.
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

	// a bad score and a student not on the roster: those two rows are
	// listed with their reasons, the others are imported (20260101's 语文
	// goes from 88 to 70; nothing of row 5 is saved, not even its good
	// cells)
	for cell, v := range map[string]any{"C5": 130, "D5": 99, "D3": 70, "A6": "20269999", "C6": 80} {
		if err := f.SetCellValue("Sheet1", cell, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SaveAs(scores); err != nil {
		t.Fatal(err)
	}
	rejected := []string{"第 5 行 20260103：130 分超过了数学的满分 100，没有保存。", "第 6 行 20269999：", "被拒绝的 2 行"}
	code, out, errOut = jxj(t, "grades", "import", "--data", data, "--exam", examID, "--dry-run", scores)
	if code != 0 || !containsAll(out, append(rejected, "新录入或修改 1 个成绩", "试运行")...) {
		t.Fatalf("grades import --dry-run of a sheet with two bad rows: exit %d, want 0, rows 5 and 6 rejected, 1 score to save\n%s%s", code, out, errOut)
	}
	if _, after, _ := jxj(t, "grades", "stats", "--data", data, "--exam", examID); after != stats {
		t.Errorf("the dry run changed the scores:\n%s\nwant\n%s", after, stats)
	}
	code, out, errOut = jxj(t, "grades", "import", "--data", data, "--exam", examID, scores)
	if code != 0 || !containsAll(out, append(rejected, "新录入或修改 1 个成绩", "导入完成")...) {
		t.Fatalf("grades import of a sheet with two bad rows: exit %d, want 0, rows 5 and 6 rejected, 1 score saved\n%s%s", code, out, errOut)
	}
	_, stats, _ = jxj(t, "grades", "stats", "--data", data, "--exam", examID)
	// 一年级1班 语文: 70, 90 and 59 (row 5's 99 not saved): average 73,
	// deviation 12.83, pass 66.7%, excellent 33.3%
	if !hasFields(stats, "一年级1班", "语文", "3", "0", "73.00", "90", "59", "12.83", "66.7%", "33.3%", "0.0%") {
		t.Errorf("after the import the statistics are:\n%s", stats)
	}

	// a sheet without the exam's subjects is refused whole
	wrong := excelize.NewFile()
	if err := wrong.SetSheetRow("Sheet1", "A1", &[]any{"学号", "姓名", "物理"}); err != nil {
		t.Fatal(err)
	}
	if err := wrong.SetSheetRow("Sheet1", "A2", &[]any{"20260101", "", 90}); err != nil {
		t.Fatal(err)
	}
	if err := wrong.SaveAs(scores); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := jxj(t, "grades", "import", "--data", data, "--exam", examID, scores); code != 1 || !strings.Contains(errOut, "语文") {
		t.Errorf("a sheet without the exam's subjects: exit %d, want 1 and the subjects named:\n%s", code, errOut)
	}
	if _, after, _ := jxj(t, "grades", "stats", "--data", data, "--exam", examID); after != stats {
		t.Errorf("the refused sheet changed the scores:\n%s\nwant\n%s", after, stats)
	}
}

// containsAll reports whether s contains every one of subs.
func containsAll(s string, subs ...string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}
