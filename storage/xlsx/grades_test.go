package xlsx

import (
	"bytes"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"jxj/app"
	"jxj/app/i18n"
)

// testExam is a mid-term in three subjects, English out of 120.
func testExam() *app.Exam {
	return &app.Exam{ID: 4, Name: "期中考试", Date: time.Date(2026, 11, 20, 0, 0, 0, 0, time.Local),
		Subjects: []app.ExamSubject{
			app.ExamSubject{Name: "语文", Full: 1000}.WithDefaultLines(),
			app.ExamSubject{Name: "数学", Full: 1000}.WithDefaultLines(),
			app.ExamSubject{Name: "英语", Full: 1200}.WithDefaultLines(),
		}}
}

// sc is a score cell for tables: a score in tenths, or absent.
func sc(v app.Score) app.ScoreCell { return app.ScoreCell{Set: true, Value: v} }

var absentCell = app.ScoreCell{Set: true, Absent: true}

// testExamSheet has two classes: 张三 and 李四 in 三年级1班, 王五 in
// 三年级2班 with nothing entered yet.
func testExamSheet() *app.ExamSheet {
	return &app.ExamSheet{Exam: testExam(),
		Students: []app.ExamStudent{
			{StudentID: 1, StudentName: "张三", StudentNo: "2026001", ClassID: 1, ClassLabel: "三年级1班"},
			{StudentID: 2, StudentName: "李四", StudentNo: "0012", ClassID: 1, ClassLabel: "三年级1班"},
			{StudentID: 3, StudentName: "王五", StudentNo: "2026101", ClassID: 2, ClassLabel: "三年级2班"},
		},
		Scores: [][]app.ScoreCell{
			{sc(955), sc(1000), absentCell},
			{sc(880), {}, {}},
			{{}, {}, {}},
		}}
}

func TestScoreTemplateRoundTrip(t *testing.T) {
	tests := []struct {
		lang                       string
		sheet, head1, head4, absnt string
	}{
		{i18n.Chinese, "期中考试", "班级", "语文（100）", "缺考"},
		{i18n.English, "期中考试", "Class", "语文 (100)", "absent"},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			inLanguage(t, tt.lang)
			es := testExamSheet()
			path := filepath.Join(t.TempDir(), "成绩.xlsx")
			if err := New().WriteScoreTemplate(path, es); err != nil {
				t.Fatal(err)
			}
			f := openXLSX(t, path)
			if got := f.GetSheetList(); !reflect.DeepEqual(got, []string{tt.sheet}) {
				t.Fatalf("sheets = %q, want [%q]", got, tt.sheet)
			}
			rows := rowsOf(t, f, tt.sheet)
			if len(rows) != 6 {
				t.Fatalf("%d rows, want title, note, header and 3 students: %q", len(rows), rows)
			}
			if !strings.HasPrefix(rows[0][0], "期中考试") || !strings.Contains(rows[0][0], "2026-11-20") {
				t.Errorf("title = %q, want the exam's name and date", rows[0][0])
			}
			if !strings.Contains(rows[1][0], tt.absnt) {
				t.Errorf("note = %q, want it to say how to write absent (%s)", rows[1][0], tt.absnt)
			}
			if rows[2][0] != tt.head1 || rows[2][3] != tt.head4 || len(rows[2]) != 6 {
				t.Errorf("header = %q, want %s … %s and a column per subject", rows[2], tt.head1, tt.head4)
			}
			want := [][]string{
				{"三年级1班", "2026001", "张三", "95.5", "100", tt.absnt},
				{"三年级1班", "0012", "李四", "88"},
				{"三年级2班", "2026101", "王五"},
			}
			if !reflect.DeepEqual(rows[3:], want) {
				t.Errorf("students:\n got %q\nwant %q", rows[3:], want)
			}
			// scores are numbers, so the check and Excel's sums work on them
			if v, _ := f.GetCellValue(tt.sheet, "D4", excelize.Options{RawCellValue: true}); v != "95.5" {
				t.Errorf("D4 raw = %q, want the number 95.5", v)
			}
			if typ, _ := f.GetCellType(tt.sheet, "E4"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
				t.Errorf("E4 type = %v, want a number", typ)
			}
			if panes, _ := f.GetPanes(tt.sheet); !panes.Freeze || panes.YSplit != scoreTemplateTop {
				t.Errorf("panes = %+v, want frozen under the header on row %d", panes, scoreTemplateTop)
			}
			dvs, err := f.GetDataValidations(tt.sheet)
			if err != nil {
				t.Fatal(err)
			}
			checks := map[string]string{}
			for _, dv := range dvs {
				checks[dv.Sqref] = dv.Type + " " + dv.Formula1
			}
			for ref, want := range map[string]string{"D4:D6": "D4<=100,", "F4:F6": "F4<=120,"} {
				if c := checks[ref]; !strings.HasPrefix(c, "custom ") || !strings.Contains(c, want) || !strings.Contains(c, `="缺考"`) {
					t.Errorf("check on %s = %q, want a custom formula with %q and 缺考 (all: %q)", ref, c, want, checks)
				}
			}

			// The teacher fills in 王五 and corrects 李四.
			for ref, v := range map[string]any{"D6": 72, "E6": 90.5, "F6": "缺考", "E5": "６０"} {
				if err := f.SetCellValue(tt.sheet, ref, v); err != nil {
					t.Fatal(err)
				}
			}
			if err := f.Save(); err != nil {
				t.Fatal(err)
			}
			got, err := New().ReadScores(path, es.Exam)
			if err != nil {
				t.Fatal(err)
			}
			wantRows := []app.ScoreRow{
				{Line: 4, StudentNo: "2026001", StudentName: "张三", ClassLabel: "三年级1班",
					Values: map[string]string{"语文": "95.5", "数学": "100", "英语": tt.absnt}},
				{Line: 5, StudentNo: "0012", StudentName: "李四", ClassLabel: "三年级1班",
					Values: map[string]string{"语文": "88", "数学": "６０"}},
				{Line: 6, StudentNo: "2026101", StudentName: "王五", ClassLabel: "三年级2班",
					Values: map[string]string{"语文": "72", "数学": "90.5", "英语": "缺考"}},
			}
			if !reflect.DeepEqual(got, wantRows) {
				t.Errorf("read back:\n got %+v\nwant %+v", got, wantRows)
			}
		})
	}
}

func TestReadScores(t *testing.T) {
	exam := testExam()
	tests := []struct {
		name  string
		exam  *app.Exam
		rows  [][]any
		merge [][2]string
		want  []app.ScoreRow
	}{
		{
			name: "a school's sheet: titles, another order, totals and ranks",
			rows: [][]any{
				{"某某市第一中学"},
				{"2026学年第一学期期中考试成绩表"},
				{"序号", "学号", "姓 名", "班级", "数学", "语文（100分）", "英语成绩", "总分", "班级排名", "年级名次"},
				{1, 2026001, "张三", "初一(1)班", 98, "９５", 95.5, 288.5, 1, 1},
				{2, "2026002", "李四", "初一(1)班", "缺考", 80, 84.00000000000001, 164, 2, 5},
				nil,
				{3, "2026101.0", " 王五 ", "初一(2)班", 60, "", "", 60, 1, 9},
				{"", "", "平均分", "", 79, 87.5, 89.75, 170.8},
			},
			merge: [][2]string{{"A1", "J1"}, {"A2", "J2"}},
			want: []app.ScoreRow{
				{Line: 4, StudentNo: "2026001", StudentName: "张三", ClassLabel: "初一(1)班",
					Values: map[string]string{"数学": "98", "语文": "９５", "英语": "95.5"}},
				{Line: 5, StudentNo: "2026002", StudentName: "李四", ClassLabel: "初一(1)班",
					Values: map[string]string{"数学": "缺考", "语文": "80", "英语": "84"}},
				{Line: 7, StudentNo: "2026101", StudentName: "王五", ClassLabel: "初一(2)班",
					Values: map[string]string{"数学": "60"}},
			},
		},
		{
			name: "names only, one subject, another name for it",
			rows: [][]any{{"姓名", "外语", "名次"}, {"张三", 110, 1}, {"李四", "", ""}, {"王五", "缺", 2}},
			want: []app.ScoreRow{
				{Line: 2, StudentName: "张三", Values: map[string]string{"英语": "110"}},
				{Line: 4, StudentName: "王五", Values: map[string]string{"英语": "缺"}},
			},
		},
		{
			name: "our results export reads back",
			rows: [][]any{{"期中考试 成绩"}, {"班级", "学号", "姓名", "语文", "数学", "英语", "总分", "班级名次", "年级名次"},
				{"三年级1班", "2026001", "张三", 95.5, 100, "缺考", 195.5, 1, 1}},
			want: []app.ScoreRow{{Line: 3, StudentNo: "2026001", StudentName: "张三", ClassLabel: "三年级1班",
				Values: map[string]string{"语文": "95.5", "数学": "100", "英语": "缺考"}}},
		},
		{
			name: "two subjects of one name, told apart by their full headers",
			exam: &app.Exam{Name: "英语测验", Subjects: []app.ExamSubject{{Name: "英语（听力）", Full: 300}, {Name: "英语（笔试）", Full: 1200}}},
			rows: [][]any{{"学号", "姓名", "英语（笔试）（120）", "英语 (听力) (30)", "英语"}, {"1", "张三", 100, 28.5, 128.5}},
			want: []app.ScoreRow{{Line: 2, StudentNo: "1", StudentName: "张三",
				Values: map[string]string{"英语（笔试）": "100", "英语（听力）": "28.5"}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := tt.exam
			if e == nil {
				e = exam
			}
			got, err := New().ReadScores(writeXLSX(t, sheetSpec{name: "成绩", rows: tt.rows, merge: tt.merge}), e)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestReadScoresCSV(t *testing.T) {
	text := "三年级期中考试成绩,,,\n学号,姓名,语文,数学\n2026001,张三,95.5,缺考\n\n0012,李四,88,\n"
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	want := []app.ScoreRow{
		{Line: 3, StudentNo: "2026001", StudentName: "张三", Values: map[string]string{"语文": "95.5", "数学": "缺考"}},
		{Line: 5, StudentNo: "0012", StudentName: "李四", Values: map[string]string{"语文": "88"}},
	}
	for name, data := range map[string]string{"utf-8": "\xEF\xBB\xBF" + text, "gbk": gbk} {
		t.Run(name, func(t *testing.T) {
			got, err := New().ReadScores(writeFile(t, "成绩.csv", []byte(data)), testExam())
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got  %+v\nwant %+v", got, want)
			}
		})
	}
}

func TestReadScoresErrors(t *testing.T) {
	sheet := func(rows ...[]any) func(t *testing.T) string {
		return func(t *testing.T) string { return writeXLSX(t, sheetSpec{name: "Sheet1", rows: rows}) }
	}
	file := func(name string, data []byte) func(t *testing.T) string {
		return func(t *testing.T) string { return writeFile(t, name, data) }
	}
	tests := []struct {
		name     string
		file     func(t *testing.T) string
		wantKey  string
		wantArgs []any
	}{
		{"no subject columns", sheet([]any{"学号", "姓名", "物理", "化学", "总分"}, []any{"1", "张三", 90, 80, 170}),
			"sheets.exam.error.no_subjects_extra", []any{1, "语文、数学、英语", "物理、化学"}},
		{"only columns jxj ignores", sheet([]any{"成绩表"}, []any{"姓名", "总分", "名次"}, []any{"张三", 170, 1}),
			"sheets.exam.error.no_subjects", []any{2, "语文、数学、英语"}},
		{"no name column", sheet([]any{"班级", "语文", "数学"}, []any{"三年级1班", 90, 80}),
			"sheets.exam.error.no_student_column", []any{headerScanRows}},
		{"header without rows", sheet([]any{"姓名", "语文"}), "sheets.error.no_rows", nil},
		{"no score filled in", sheet([]any{"姓名", "语文"}, []any{"张三", ""}, []any{"李四", " "}), "sheets.exam.error.no_scores", []any{1}},
		{".xls", file("成绩.xls", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 600)...)), "sheets.error.xls", nil},
		{"corrupt zip", file("成绩.xlsx", []byte("PK\x03\x04 not really a workbook")), "sheets.error.corrupt", nil},
		{"not a workbook", file("成绩.xlsx", []byte("姓名,语文\n张三,90\n")), "sheets.error.corrupt", nil},
		{"empty file", file("成绩.xlsx", nil), "sheets.error.empty", nil},
		{"empty sheet", sheet(nil), "sheets.error.empty", nil},
		{"a pdf", file("成绩.pdf", []byte("%PDF-1.7")), "sheets.error.extension", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := New().ReadScores(tt.file(t), testExam())
			checkMessage(t, err)
			if errorKey(err) != tt.wantKey || rows != nil {
				t.Fatalf("got %d rows, error %v; want key %s", len(rows), err, tt.wantKey)
			}
			if tt.wantArgs != nil {
				if e := err.(*app.Error); !reflect.DeepEqual(e.Args, tt.wantArgs) {
					t.Errorf("error args = %q, want %q", e.Args, tt.wantArgs)
				}
			}
		})
	}
}

func TestScoreSchema(t *testing.T) {
	exams := map[string][]app.ExamSubject{
		"primary":     {{Name: "语文"}, {Name: "数学"}, {Name: "英语"}, {Name: "科学"}, {Name: "道德与法治"}},
		"senior":      {{Name: "语文"}, {Name: "数学"}, {Name: "外语"}, {Name: "物理"}, {Name: "化学"}, {Name: "生物"}, {Name: "政治"}, {Name: "历史"}, {Name: "地理"}},
		"same group":  {{Name: "道德与法治"}, {Name: "政治"}},
		"english ids": {{Name: "Chinese"}, {Name: "Maths"}},
	}
	for name, subjects := range exams {
		t.Run(name, func(t *testing.T) {
			s := newSchema(newScoreColumns(subjects), false, nil, "", "")
			if len(s.conflicts) > 0 {
				t.Errorf("header names with two meanings: %q", s.conflicts)
			}
			for n := range s.roles {
				if got := normalizeHeader(n); got != n {
					t.Errorf("name %q is not in normalised form (normalizeHeader gives %q): it can never match", n, got)
				}
			}
		})
	}
	// 政治 and 道德与法治 in one exam: each only by its own name.
	s := newSchema(newScoreColumns(exams["same group"]), false, nil, "", "")
	for n, want := range map[string]int{"道德与法治": 0, "政治": 1, "道法成绩": -1, "思想政治": -1} {
		got := -1
		if r, ok := s.roles[n]; ok && r.field == fScore {
			got = r.item
		}
		if got != want {
			t.Errorf("%s → subject %d, want %d", n, got, want)
		}
	}
}

func TestScoreText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"95", "95"},
		{"95.5", "95.5"},
		{" 95.5 ", "95.5"},
		{"95.0", "95"},
		{"84.00000000000001", "84"},
		{"95.499999999999986", "95.5"},
		{"9.55E1", "95.5"},
		{"095", "095"},
		{"95.55", "95.55"}, // two decimals stay, for the check to refuse
		{"９５．５", "９５．５"},
		{"缺考", "缺考"},
		{"-5", "-5"},
		{"1.2.3", "1.2.3"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := scoreText(tt.in); got != tt.want {
			t.Errorf("scoreText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestBandLabels(t *testing.T) {
	tests := []struct {
		full app.Score
		want []string
	}{
		{1000, []string{"0–59", "60–69", "70–79", "80–89", "90–100"}},
		{1200, []string{"0–71", "72–83", "84–95", "96–107", "108–120"}},
		{1500, []string{"0–89", "90–104", "105–119", "120–134", "135–150"}},
		{750, []string{"0–44.9", "45–52.4", "52.5–59.9", "60–67.4", "67.5–75"}},
		{1005, []string{"0–60.2", "60.3–70.3", "70.4–80.3", "80.4–90.4", "90.5–100.5"}},
	}
	for _, tt := range tests {
		if got := bandLabels(tt.full); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("bandLabels(%s) = %q, want %q", tt.full, got, tt.want)
		}
	}
}

// monthTest is a class of two over the first days of November 2026.
func monthTest(split bool) *app.MonthSheet {
	day := func(d int) time.Time { return time.Date(2026, 11, d, 0, 0, 0, 0, time.Local) }
	m := &app.MonthSheet{ClassID: 1, ClassLabel: "三年级2班", Month: day(1), Sessions: app.Sessions(split)}
	if split {
		m.Days = []time.Time{day(2), day(3)} // Monday, Tuesday
		m.Students = []app.MonthRow{
			{StudentID: 1, StudentName: "张三", StudentNo: "2026001",
				Marks:  []app.Mark{app.MarkPresent, app.MarkEarly, app.MarkSick, app.MarkPersonal},
				Taken:  []bool{true, true, true, true},
				Counts: app.AttendanceCounts{Sessions: 4, Early: 1, Sick: 1, Personal: 1}},
			{StudentID: 2, StudentName: "李四", StudentNo: "0012",
				Marks:  []app.Mark{app.MarkAbsent, app.MarkPresent, app.MarkPresent, app.MarkPresent},
				Taken:  []bool{true, true, true, false},
				Counts: app.AttendanceCounts{Sessions: 3, Absent: 1}},
		}
		return m
	}
	m.Days = []time.Time{day(2), day(3), day(4)}
	m.Students = []app.MonthRow{
		{StudentID: 1, StudentName: "张三", StudentNo: "2026001",
			Marks:  []app.Mark{app.MarkPresent, app.MarkLate, app.MarkAbsent},
			Taken:  []bool{true, true, true},
			Counts: app.AttendanceCounts{Sessions: 3, Late: 1, Absent: 1}},
		{StudentID: 2, StudentName: "李四", StudentNo: "0012",
			Marks:  []app.Mark{app.MarkSick, app.MarkPresent, app.MarkPresent},
			Taken:  []bool{true, true, false},
			Counts: app.AttendanceCounts{Sessions: 2, Sick: 1}},
	}
	return m
}

func TestWriteMonthSheet(t *testing.T) {
	tests := []struct {
		name      string
		split     bool
		rows      map[int][]string // row number → its cells as GetRows shows them
		headRows  int
		merged    []string
		rateCell  string
		rateRaw   string
		legendRow int
	}{
		{
			name:  "once a day",
			split: false,
			rows: map[int][]string{
				1: {"三年级2班 2026年11月考勤表"},
				2: {"学号", "姓名", "2", "3", "4", "应到", "出勤", "缺勤", "迟到", "早退", "病假", "事假", "出勤率"},
				3: {"", "", "一", "二", "三"},
				4: {"2026001", "张三", "√", "○", "×", "3", "2", "1", "1", "0", "0", "0", "66.7%"},
				5: {"0012", "李四", "病", "√", "", "2", "1", "0", "0", "0", "1", "0", "50.0%"},
				6: {"合计", "", "1", "2", "0", "5", "3", "1", "1", "0", "1", "0", "60.0%"},
			},
			headRows:  3,
			merged:    []string{"A1:M1", "A2:A3", "F2:F3", "M2:M3", "A6:B6", "A7:M7"},
			rateCell:  "M4",
			rateRaw:   "0.667",
			legendRow: 7,
		},
		{
			name:  "morning and afternoon",
			split: true,
			rows: map[int][]string{
				1: {"三年级2班 2026年11月考勤表"},
				2: {"学号", "姓名", "2", "", "3", "", "应到", "出勤", "缺勤", "迟到", "早退", "病假", "事假", "出勤率"},
				3: {"", "", "一", "", "二"},
				4: {"", "", "上午", "下午", "上午", "下午"},
				5: {"2026001", "张三", "√", "△", "病", "事", "4", "2", "0", "0", "1", "1", "1", "50.0%"},
				6: {"0012", "李四", "×", "√", "√", "", "3", "2", "1", "0", "0", "0", "0", "66.7%"},
				7: {"合计", "", "1", "2", "1", "0", "7", "4", "1", "0", "1", "1", "1", "57.1%"},
			},
			headRows:  4,
			merged:    []string{"A1:N1", "A2:A4", "C2:D2", "C3:D3", "E2:F2", "G2:G4", "N2:N4", "A7:B7", "A8:N8"},
			rateCell:  "N5",
			rateRaw:   "0.5",
			legendRow: 8,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "考勤.xlsx")
			if err := New().WriteMonthSheet(path, monthTest(tt.split)); err != nil {
				t.Fatal(err)
			}
			f := openXLSX(t, path)
			if got := f.GetSheetList(); !reflect.DeepEqual(got, []string{"考勤表"}) {
				t.Fatalf("sheets = %q, want [考勤表]", got)
			}
			rows := rowsOf(t, f, "考勤表")
			for n, want := range tt.rows {
				if n > len(rows) || !reflect.DeepEqual(rows[n-1], want) {
					var got []string
					if n <= len(rows) {
						got = rows[n-1]
					}
					t.Errorf("row %d:\n got %q\nwant %q", n, got, want)
				}
			}
			if raw, _ := f.GetCellValue("考勤表", tt.rateCell, excelize.Options{RawCellValue: true}); raw != tt.rateRaw {
				t.Errorf("rate %s raw = %q, want the fraction %s", tt.rateCell, raw, tt.rateRaw)
			}
			if len(rows) != tt.legendRow {
				t.Fatalf("%d rows, want the legend last on row %d", len(rows), tt.legendRow)
			}
			legend := rows[tt.legendRow-1][0]
			for _, want := range []string{"√ 出勤", "× 缺勤", "○ 迟到", "△ 早退", "病 病假", "事 事假"} {
				if !strings.Contains(legend, want) {
					t.Errorf("legend %q lacks %q", legend, want)
				}
			}
			mc, err := f.GetMergeCells("考勤表")
			if err != nil {
				t.Fatal(err)
			}
			merged := map[string]bool{}
			for _, c := range mc {
				merged[c.GetStartAxis()+":"+c.GetEndAxis()] = true
			}
			for _, want := range tt.merged {
				if !merged[want] {
					t.Errorf("%s not merged (merged: %v)", want, merged)
				}
			}
			if panes, _ := f.GetPanes("考勤表"); !panes.Freeze || panes.XSplit != 2 || panes.YSplit != tt.headRows {
				t.Errorf("panes = %+v, want names and the %d header rows frozen", panes, tt.headRows)
			}
			pl, err := f.GetPageLayout("考勤表")
			if err != nil || *pl.Size != 9 || *pl.Orientation != "landscape" || pl.FitToWidth == nil || *pl.FitToWidth != 1 {
				t.Errorf("page layout = size %v, %v, fit %v (%v); want A4 landscape, one page wide", *pl.Size, *pl.Orientation, pl.FitToWidth, err)
			}
			if w, _ := f.GetColWidth("考勤表", "C"); w > 4 {
				t.Errorf("day column width %v, want narrow days so the month fits on A4", w)
			}
		})
	}
}

func TestWriteMonthSheetEnglish(t *testing.T) {
	inLanguage(t, i18n.English)
	path := filepath.Join(t.TempDir(), "attendance.xlsx")
	if err := New().WriteMonthSheet(path, monthTest(true)); err != nil {
		t.Fatal(err)
	}
	rows := rowsOf(t, openXLSX(t, path), "Attendance")
	if rows[0][0] != "三年级2班 attendance, 2026-11" || rows[2][2] != "Mo" || rows[3][2] != "AM" || rows[4][5] != "P" {
		t.Errorf("rows = %q, want the title, weekdays, sessions and marks in English", rows)
	}
}

func TestWriteExamResults(t *testing.T) {
	es := testExamSheet()
	es.Scores[1] = []app.ScoreCell{sc(600), absentCell, sc(700)}
	es.Scores[2] = []app.ScoreCell{sc(720), sc(900), {}}
	stats := app.ComputeExamStats(es)
	path := filepath.Join(t.TempDir(), "成绩.xlsx")
	if err := New().WriteExamResults(path, es, stats); err != nil {
		t.Fatal(err)
	}
	f := openXLSX(t, path)
	if got, want := f.GetSheetList(), []string{"成绩", "全部班级", "三年级1班", "三年级2班"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("sheets = %q, want %q", got, want)
	}
	want := [][]string{
		{"期中考试 成绩（2026-11-20）"},
		{"班级", "学号", "姓名", "语文", "数学", "英语", "总分"},
		{"三年级1班", "2026001", "张三", "95.5", "100", "缺考", "195.5"},
		{"三年级1班", "0012", "李四", "60", "缺考", "70", "130"},
		{"三年级2班", "2026101", "王五", "72", "90", "", "162"},
	}
	if got := rowsOf(t, f, "成绩"); !reflect.DeepEqual(got, want) {
		t.Errorf("scores:\n got %q\nwant %q", got, want)
	}

	class := rowsOf(t, f, "三年级1班")
	if !strings.Contains(class[0][0], "三年级1班") || !strings.Contains(class[0][0], "共 2 人") {
		t.Errorf("summary title = %q, want the class and its students", class[0][0])
	}
	wantHead := []string{"科目", "满分", "人数", "缺考", "平均分", "最高分", "最低分", "标准差", "及格率", "优秀率", "低分率"}
	if !reflect.DeepEqual(class[1], wantHead) {
		t.Errorf("summary header = %q, want %q", class[1], wantHead)
	}
	wantStats := [][]string{
		// 95.5 and 60: average 77.75, σ 17.75; both pass (60 is the line), one excellent
		{"语文", "100", "2", "0", "77.75", "95.5", "60", "17.75", "100.0%", "50.0%", "0.0%"},
		{"数学", "100", "1", "1", "100.00", "100", "100", "0.00", "100.0%", "100.0%", "0.0%"},
		// 70 of 120 is below the pass line of 72
		{"英语", "120", "1", "1", "70.00", "70", "70", "0.00", "0.0%", "0.0%", "0.0%"},
	}
	if !reflect.DeepEqual(class[2:5], wantStats) {
		t.Errorf("summary:\n got %q\nwant %q", class[2:5], wantStats)
	}
	if raw, _ := f.GetCellValue("三年级1班", "E3", excelize.Options{RawCellValue: true}); raw != "77.75" {
		t.Errorf("average raw = %q, want the number 77.75", raw)
	}
	wantBands := [][]string{
		{"语文", "分数段", "0–59", "60–69", "70–79", "80–89", "90–100"},
		{"", "人数", "0", "1", "0", "0", "1"},
		{"", "占比", "0.0%", "50.0%", "0.0%", "0.0%", "50.0%"},
		{"数学", "分数段", "0–59", "60–69", "70–79", "80–89", "90–100"},
		{"", "人数", "0", "0", "0", "0", "1"},
		{"", "占比", "0.0%", "0.0%", "0.0%", "0.0%", "100.0%"},
		{"英语", "分数段", "0–71", "72–83", "84–95", "96–107", "108–120"},
		{"", "人数", "1", "0", "0", "0", "0"},
	}
	if len(class) < 15 || !reflect.DeepEqual(class[7:15], wantBands) {
		t.Errorf("bands:\n got %q\nwant %q", class[6:], wantBands)
	}
	all := rowsOf(t, f, "全部班级")
	// 语文 of all: 95.5, 60, 72: average 75.83; pass 3 of 3
	if got := all[2]; got[0] != "语文" || got[2] != "3" || got[4] != "75.83" || got[8] != "100.0%" {
		t.Errorf("all classes' 语文 = %q, want 3 students, average 75.83, pass rate 100.0%%", got)
	}
}

func TestWriteExamResultsOneClass(t *testing.T) {
	es := testExamSheet()
	es.Students, es.Scores = es.Students[:2], es.Scores[:2]
	path := filepath.Join(t.TempDir(), "成绩.xlsx")
	if err := New().WriteExamResults(path, es, nil); err != nil {
		t.Fatal(err)
	}
	// one class: its summary is the whole exam's, written once
	if got, want := openXLSX(t, path).GetSheetList(), []string{"成绩", "三年级1班"}; !reflect.DeepEqual(got, want) {
		t.Errorf("sheets = %q, want %q", got, want)
	}
}

func TestGradesWriteErrors(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.csv")
	writes := map[string]func() error{
		"month sheet":    func() error { return New().WriteMonthSheet(path, monthTest(false)) },
		"score template": func() error { return New().WriteScoreTemplate(path, testExamSheet()) },
		"exam results":   func() error { return New().WriteExamResults(path, testExamSheet(), nil) },
	}
	for name, write := range writes {
		if err := write(); errorKey(err) != "sheets.error.write_extension" {
			t.Errorf("%s to .csv: %v, want sheets.error.write_extension", name, err)
		}
	}
}

// FuzzReadScores drives the text path of ReadScores with arbitrary bytes:
// it must never panic, fail only with an *app.Error and no rows, and on
// success give rows in file order, each with a score of one of the
// exam's subjects.
func FuzzReadScores(f *testing.F) {
	good := "期中考试成绩,,,\n序号,学号,姓名,数学,语文（100）,英语成绩,总分,名次\n" +
		"1,2026001,张三,98,９５,95.5,288.5,1\n2,,李四,缺考,,,,\n,,平均分,98,95,95.5,,\n"
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String(good)
	for _, s := range []string{
		good,
		gbk,
		strings.ReplaceAll(good, ",", "\t"),
		"姓名,外语\n张三,110\n",
		"学号,姓名,物理\n1,张三,90\n",
		"班级,语文\n1,90\n",
		"姓名,语文\n张三,\n",
		"",
		"\x00\xff",
	} {
		f.Add([]byte(s))
	}
	exam := testExam()
	names := map[string]bool{}
	for _, s := range exam.Subjects {
		names[s.Name] = true
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sr := newScoreReader(exam)
		rows, _, err := readText(bytes.NewReader(data), "fuzz.csv", 1000, sr.sc, sr.layout)
		rows, err = sr.finish(rows, err)
		checkSheetRows(t, rows, err, sr.h, func(r app.ScoreRow) (int, map[string]string) { return r.Line, r.Values },
			func(k, v string) bool { return names[k] && v != "" && v == strings.TrimSpace(v) })
	})
}
