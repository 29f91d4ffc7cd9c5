package xlsx

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"jxj/app"
)

func TestReadRosterXLSX(t *testing.T) {
	tests := []struct {
		name   string
		sheets []sheetSpec
		want   *app.RosterFile
	}{
		{
			name: "title, blank rows, shuffled synonyms, full-width phone, numbers",
			sheets: []sheetSpec{{
				name: "Sheet1",
				rows: [][]any{
					{"某某小学2026学年学生名单"},
					nil,
					{"序号", "班级", "学生姓名", "性别", "联系电话", "家长姓名", "与学生关系", "学籍号"},
					{1, "三年级(2)班", "张　三", "男", "１３８ １２３４ １２３４", "张大山", "父亲", "2026001"},
					nil,
					{"", "", "", "", "", "", "", ""},
					{2, "3.2", "李四", "女", 13912345678, "王芳", "母亲", 2026002},
					{3},                      // a pre-numbered empty row: nothing in a column we read
					{"", "  ", " ", "", "　"}, // spaces only
					{"", "制表人：王老师"},
					{"序号", "班级", "学生姓名", "性别", "联系电话", "家长姓名", "与学生关系", "学籍号"}, // the next class's header
					{1, "三年级3班", "王五"},
				},
				merge: [][2]string{{"A1", "H1"}},
			}},
			want: &app.RosterFile{
				Sheet: "Sheet1", HeaderLine: 3,
				Columns: []string{"班级", "学生姓名", "性别", "联系电话", "家长姓名", "与学生关系", "学籍号"},
				Rows: []app.RosterRow{
					{Line: 4, Name: "张　三", Gender: "男", StudentNo: "2026001", ClassText: "三年级(2)班",
						Guardians: []app.GuardianInput{g("张大山", "父亲", "１３８ １２３４ １２３４")}},
					{Line: 7, Name: "李四", Gender: "女", StudentNo: "2026002", ClassText: "3.2",
						Guardians: []app.GuardianInput{g("王芳", "母亲", "13912345678")}},
					{Line: 10, ClassText: "制表人：王老师"},
					{Line: 12, Name: "王五", ClassText: "三年级3班"},
				},
			},
		},
		{
			name: "template header, one and two guardians, grade column",
			sheets: []sheetSpec{{
				name: "名单",
				rows: [][]any{
					{"学生名单"},
					{"学号", "姓名", "性别", "年级", "班级", "家长1姓名", "家长1关系", "家长1电话", "家长2姓名", "家长2关系", "家长2电话"},
					{"", "王小红", "女", "一年级", "1班", "王强", "父亲", 13800000001.0, "刘丽", "母亲", "139-0000-0002"},
					{"", "赵小刚", "男", "一年级", "1班", "", "", "", "赵奶奶", "奶奶", "13800000003"},
				},
			}},
			want: &app.RosterFile{
				Sheet: "名单", HeaderLine: 2,
				Columns: []string{"学号", "姓名", "性别", "年级", "班级", "家长1姓名", "家长1关系", "家长1电话", "家长2姓名", "家长2关系", "家长2电话"},
				Rows: []app.RosterRow{
					{Line: 3, Name: "王小红", Gender: "女", GradeText: "一年级", ClassText: "1班",
						Guardians: []app.GuardianInput{g("王强", "父亲", "13800000001"), g("刘丽", "母亲", "139-0000-0002")}},
					{Line: 4, Name: "赵小刚", Gender: "男", GradeText: "一年级", ClassText: "1班",
						Guardians: []app.GuardianInput{g("赵奶奶", "奶奶", "13800000003")}},
				},
			},
		},
		{
			name: "father and mother columns",
			sheets: []sheetSpec{{
				name: "Sheet1",
				rows: [][]any{
					{"姓名", "班级", "父亲姓名", "父亲电话", "母亲姓名", "母亲电话"},
					{"陈一", "二年级3班", "陈父", 13811112222, "", ""},
					{"陈二", "二年级3班", "", "", "林母", 13933334444},
				},
			}},
			want: &app.RosterFile{
				Sheet: "Sheet1", HeaderLine: 1,
				Columns: []string{"姓名", "班级", "父亲姓名", "父亲电话", "母亲姓名", "母亲电话"},
				Rows: []app.RosterRow{
					{Line: 2, Name: "陈一", ClassText: "二年级3班", Guardians: []app.GuardianInput{g("陈父", "父亲", "13811112222")}},
					{Line: 3, Name: "陈二", ClassText: "二年级3班", Guardians: []app.GuardianInput{g("林母", "母亲", "13933334444")}},
				},
			},
		},
		{
			name: "instruction sheet and empty sheet before the roster, hidden sheet after",
			sheets: []sheetSpec{
				{name: "说明", rows: [][]any{{"请在第二个工作表填写学生名单"}, {"姓名和班级必填"}}},
				{name: "空白"},
				{name: "学生", rows: [][]any{{"Name", "Student No", "Class", "Guardian", "Relation", "Phone"}, {"Li Lei", 7, "3.1", "Li Ming", "father", "13800000009"}}},
				{name: "隐藏", hidden: true, rows: [][]any{{"姓名", "班级"}, {"不应读到", "1.1"}}},
			},
			want: &app.RosterFile{
				Sheet: "学生", HeaderLine: 1,
				Columns: []string{"Name", "Student No", "Class", "Guardian", "Relation", "Phone"},
				Rows: []app.RosterRow{
					{Line: 2, Name: "Li Lei", StudentNo: "7", ClassText: "3.1", Guardians: []app.GuardianInput{g("Li Ming", "father", "13800000009")}},
				},
			},
		},
		{
			name: "hidden sheet first is read after the visible ones",
			sheets: []sheetSpec{
				{name: "隐藏", hidden: true, rows: [][]any{{"姓名", "班级"}, {"隐藏表", "1.1"}}},
				{name: "可见", rows: [][]any{{"姓名", "班级"}, {"可见表", "1.2"}}},
			},
			want: &app.RosterFile{
				Sheet: "可见", HeaderLine: 1, Columns: []string{"姓名", "班级"},
				Rows: []app.RosterRow{{Line: 2, Name: "可见表", ClassText: "1.2"}},
			},
		},
		{
			name: "two header rows: 学生信息 / 家长信息 above repeated names",
			sheets: []sheetSpec{{
				name: "Sheet1",
				rows: [][]any{
					{"学生信息", "", "", "家长信息"},
					{"姓名", "性别", "班级", "姓名", "关系", "电话"},
					{"周小舟", "男", "五(1)班", "周大海", "爸爸", " 138 0000 0005 "},
				},
				merge: [][2]string{{"A1", "C1"}, {"D1", "F1"}},
			}},
			want: &app.RosterFile{
				Sheet: "Sheet1", HeaderLine: 2, Columns: []string{"姓名", "性别", "班级", "姓名", "关系", "电话"},
				Rows: []app.RosterRow{{Line: 3, Name: "周小舟", Gender: "男", ClassText: "五(1)班",
					Guardians: []app.GuardianInput{g("周大海", "爸爸", " 138 0000 0005 ")}}},
			},
		},
		{
			name: "header over two rows: 家长信息 merged above the guardian's columns",
			sheets: []sheetSpec{{
				name: "Sheet1",
				rows: [][]any{
					{"三年级2班学生名单"},
					{"学号", "姓名", "班级", "家长信息"},
					{"", "", "", "姓名", "关系", "电话"},
					{1, "吴小雨", "三年级2班", "吴刚", "父亲", 13800000006},
				},
				merge: [][2]string{{"A1", "F1"}, {"A2", "A3"}, {"B2", "B3"}, {"C2", "C3"}, {"D2", "F2"}},
			}},
			want: &app.RosterFile{
				Sheet: "Sheet1", HeaderLine: 3, Columns: []string{"学号", "姓名", "班级", "姓名", "关系", "电话"},
				Rows: []app.RosterRow{{Line: 4, Name: "吴小雨", StudentNo: "1", ClassText: "三年级2班",
					Guardians: []app.GuardianInput{g("吴刚", "父亲", "13800000006")}}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeXLSX(t, tt.sheets...)
			got, err := New().ReadRoster(path)
			if err != nil {
				t.Fatalf("ReadRoster: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ReadRoster:\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// TestReadRosterPlans runs the rows of a messy file through the domain's
// checks: what the reader passes on must be what PlanRoster can use.
func TestReadRosterPlans(t *testing.T) {
	path := writeXLSX(t, sheetSpec{name: "Sheet1", rows: [][]any{
		{"某某小学2026学年学生名单"},
		{"学号", "姓名", "性别", "班级", "家长姓名", "联系电话"},
		{2026001, "张　三", "男", "三年级(2)班", "张大山", "１３８ １２３４ １２３４"},
		{2026002, "李四", "女", "3.2", "王芳", 13912345678},
		{"", "合计：2人"},
	}})
	rf, err := New().ReadRoster(path)
	if err != nil {
		t.Fatal(err)
	}
	plan, clean := app.PlanRoster(rf.Rows, app.RosterState{})
	if plan.Added != 2 || len(plan.Rejected) != 1 || plan.Rejected[0].Line != 5 {
		t.Fatalf("plan: added %d, rejected %+v; want 2 added and line 5 rejected", plan.Added, plan.Rejected)
	}
	if got := clean[0].Guardians[0].Phone; got != "13812341234" {
		t.Errorf("phone = %q, want 13812341234", got)
	}
	if got := clean[1].Guardians[0].Phone; got != "13912345678" {
		t.Errorf("numeric phone = %q, want 13912345678", got)
	}
	if got := clean[1].StudentNo; got != "2026002" {
		t.Errorf("numeric student number = %q, want 2026002", got)
	}
}

func TestReadRosterCSV(t *testing.T) {
	const header = "学号,姓名,性别,班级,家长姓名,关系,联系电话\n"
	utf8 := "某某小学学生名单,,,,,,\n" + header +
		"2026001,张三,男,三年级2班,张大山,父亲,13812341234\n" +
		"\n" +
		"2026002,李四,女,3.2,王芳,母亲,\"139 1234 5678\"\n"
	wantRows := []app.RosterRow{
		{Line: 3, Name: "张三", Gender: "男", StudentNo: "2026001", ClassText: "三年级2班",
			Guardians: []app.GuardianInput{g("张大山", "父亲", "13812341234")}},
		{Line: 5, Name: "李四", Gender: "女", StudentNo: "2026002", ClassText: "3.2",
			Guardians: []app.GuardianInput{g("王芳", "母亲", "139 1234 5678")}},
	}
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(utf8)
	if err != nil {
		t.Fatal(err)
	}
	utf16, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(strings.ReplaceAll(utf8, ",", "\t"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		file string
		data string
		want []app.RosterRow
	}{
		{"utf-8", "名单.csv", utf8, wantRows},
		{"utf-8 with BOM", "名单.csv", "\xEF\xBB\xBF" + utf8, wantRows},
		{"gbk", "名单.csv", gbk, wantRows},
		{"crlf", "名单.csv", strings.ReplaceAll(utf8, "\n", "\r\n"), wantRows},
		{"old mac line ends", "名单.csv", strings.ReplaceAll(utf8, "\n", "\r"), wantRows},
		{"tab separated", "名单.txt", strings.ReplaceAll(utf8, ",", "\t"), wantRows},
		{"semicolon separated", "名单.csv", strings.ReplaceAll(utf8, ",", ";"), wantRows},
		{"utf-16 unicode text", "名单.txt", utf16, wantRows},
		{"tsv named .xls", "导出.xls", strings.ReplaceAll(utf8, ",", "\t"), wantRows},
		{
			name: "quoted line break, pandas floats, short rows",
			file: "export.csv",
			data: header +
				"2026001.0,\"张\n三\",男,三年级2班,张大山,父亲,13812341234.0\n" +
				"2026002,李四,女,3.2\n",
			want: []app.RosterRow{
				{Line: 2, Name: "张\n三", Gender: "男", StudentNo: "2026001", ClassText: "三年级2班",
					Guardians: []app.GuardianInput{g("张大山", "父亲", "13812341234")}},
				{Line: 3, Name: "李四", Gender: "女", StudentNo: "2026002", ClassText: "3.2"},
			},
		},
		{
			name: "bad quotes",
			file: "export.csv",
			data: header + "1,张\"三,男,1.1,,,\n2,李四,女,1.1,,,\n",
			want: []app.RosterRow{
				{Line: 2, Name: "张\"三", Gender: "男", StudentNo: "1", ClassText: "1.1"},
				{Line: 3, Name: "李四", Gender: "女", StudentNo: "2", ClassText: "1.1"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, tt.file, []byte(tt.data))
			got, err := New().ReadRoster(path)
			if err != nil {
				t.Fatalf("ReadRoster: %v", err)
			}
			if got.Sheet != "" {
				t.Errorf("Sheet = %q, want \"\" for a text file", got.Sheet)
			}
			if !reflect.DeepEqual(got.Rows, tt.want) {
				t.Errorf("rows:\n got %+v\nwant %+v", got.Rows, tt.want)
			}
		})
	}
}

func TestReadRosterErrors(t *testing.T) {
	good := writeXLSX(t, sheetSpec{name: "Sheet1", rows: [][]any{
		{"姓名", "班级"}, {"张三", "1.1"}, {"李四", "1.2"}, {"王五", "1.3"},
	}})
	goodBytes, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	ole := []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	random := make([]byte, 4096)
	for i := range random {
		random[i] = byte(i*7919 + i/13)
	}
	var many strings.Builder
	many.WriteString("姓名,班级\n")
	for i := range DefaultMaxRows + 1 {
		fmt.Fprintf(&many, "学生%d,1.1\n", i)
	}
	tests := []struct {
		name     string
		path     func(t *testing.T) string
		sheets   *Sheets
		wantKey  string
		wantCode string
	}{
		{"xls by magic", func(t *testing.T) string { return writeFile(t, "名单.xls", append(ole, make([]byte, 600)...)) }, nil, "sheets.error.xls", app.EINVALID},
		{"xls magic under an xlsx name", func(t *testing.T) string { return writeFile(t, "名单.xlsx", append(ole, make([]byte, 600)...)) }, nil, "sheets.error.xls", app.EINVALID},
		{"encrypted workbook", func(t *testing.T) string {
			return writeFile(t, "名单.xlsx", append(append(ole, make([]byte, 600)...), encryptedPackage...))
		}, nil, "sheets.error.encrypted", app.EINVALID},
		{"web page saved as xls", func(t *testing.T) string {
			return writeFile(t, "导出.xls", []byte("\xEF\xBB\xBF <html><table><tr><td>姓名</td></tr></table></html>"))
		}, nil, "sheets.error.xls", app.EINVALID},
		{"binary named xls", func(t *testing.T) string { return writeFile(t, "名单.xls", random) }, nil, "sheets.error.xls", app.EINVALID},
		{"random bytes as xlsx", func(t *testing.T) string { return writeFile(t, "名单.xlsx", random) }, nil, "sheets.error.corrupt", app.EINVALID},
		{"random bytes as csv", func(t *testing.T) string { return writeFile(t, "名单.csv", random) }, nil, "sheets.error.no_header", app.EINVALID},
		{"truncated xlsx", func(t *testing.T) string { return writeFile(t, "名单.xlsx", goodBytes[:len(goodBytes)/2]) }, nil, "sheets.error.corrupt", app.EINVALID},
		{"zip that is not a workbook", func(t *testing.T) string { return writeFile(t, "名单.xlsx", zipOf(t, "word/document.xml", "<w/>")) }, nil, "sheets.error.corrupt", app.EINVALID},
		{"no header", func(t *testing.T) string {
			return writeXLSX(t, sheetSpec{name: "Sheet1", rows: [][]any{{"名单"}, {"张三", "男", "1.1"}, {"李四", "女", "1.2"}}})
		}, nil, "sheets.error.no_header", app.EINVALID},
		{"header below row 15", func(t *testing.T) string {
			rows := make([][]any, 0, 20)
			for i := range 15 {
				rows = append(rows, []any{fmt.Sprintf("说明第%d行", i+1)})
			}
			rows = append(rows, []any{"姓名", "班级"}, []any{"张三", "1.1"})
			return writeXLSX(t, sheetSpec{name: "Sheet1", rows: rows})
		}, nil, "sheets.error.no_header", app.EINVALID},
		{"header without data", func(t *testing.T) string {
			return writeXLSX(t, sheetSpec{name: "Sheet1", rows: [][]any{{"姓名", "班级"}, nil, {"", " "}}})
		}, nil, "sheets.error.no_rows", app.EINVALID},
		{"empty workbook", func(t *testing.T) string { return writeXLSX(t, sheetSpec{name: "Sheet1"}) }, nil, "sheets.error.empty", app.EINVALID},
		{"empty csv", func(t *testing.T) string { return writeFile(t, "名单.csv", nil) }, nil, "sheets.error.empty", app.EINVALID},
		{"blank csv", func(t *testing.T) string { return writeFile(t, "名单.csv", []byte("\n\n , ,\n")) }, nil, "sheets.error.empty", app.EINVALID},
		{"too many rows (csv, default limit)", func(t *testing.T) string { return writeFile(t, "名单.csv", []byte(many.String())) }, nil, "sheets.error.too_many_rows", app.EINVALID},
		{"too many rows (xlsx)", func(t *testing.T) string { return good }, &Sheets{MaxBytes: DefaultMaxBytes, MaxRows: 2}, "sheets.error.too_many_rows", app.EINVALID},
		{"too large", func(t *testing.T) string { return good }, &Sheets{MaxBytes: 1000, MaxRows: DefaultMaxRows}, "sheets.error.too_large", app.EINVALID},
		{"unknown extension", func(t *testing.T) string { return writeFile(t, "名单.docx", goodBytes) }, nil, "sheets.error.extension", app.EINVALID},
		{"no extension", func(t *testing.T) string { return writeFile(t, "名单", goodBytes) }, nil, "sheets.error.extension", app.EINVALID},
		{"missing file", func(t *testing.T) string { return filepath.Join(t.TempDir(), "没有.xlsx") }, nil, "sheets.error.not_found", app.ENOTFOUND},
		{"a folder", func(t *testing.T) string {
			p := filepath.Join(t.TempDir(), "folder.csv")
			if err := os.Mkdir(p, 0o700); err != nil {
				t.Fatal(err)
			}
			return p
		}, nil, "sheets.error.not_file", app.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.sheets
			if s == nil {
				s = New()
			}
			got, err := s.ReadRoster(tt.path(t))
			if got != nil {
				t.Errorf("ReadRoster returned rows with an error: %+v", got)
			}
			if key := errorKey(err); key != tt.wantKey {
				t.Errorf("error key = %q, want %q (error %v)", key, tt.wantKey, err)
			}
			checkMessage(t, err)
			if code := app.ErrorCode(err); code != tt.wantCode {
				t.Errorf("error code = %q, want %q", code, tt.wantCode)
			}
		})
	}
}

// TestReadRosterCSVWithXLSXContent reads a workbook someone renamed .csv.
func TestReadRosterRenamedWorkbook(t *testing.T) {
	good := writeXLSX(t, sheetSpec{name: "Sheet1", rows: [][]any{{"姓名", "班级"}, {"张三", "1.1"}}})
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	rf, err := New().ReadRoster(writeFile(t, "名单.csv", data))
	if err != nil {
		t.Fatal(err)
	}
	if len(rf.Rows) != 1 || rf.Rows[0].Name != "张三" {
		t.Errorf("rows = %+v, want 张三", rf.Rows)
	}
}

func TestReadClasses(t *testing.T) {
	path := writeXLSX(t, sheetSpec{name: "班级", rows: [][]any{
		{"2026学年班级表"},
		{"序号", "年级", "班级", "班主任"},
		{1, "三年级", "2班", "王老师"},
		{2, 4, "1班", ""},
		{3, "", "五(3)班", "李老师"},
	}})
	got, err := New().ReadClasses(path)
	if err != nil {
		t.Fatal(err)
	}
	want := []app.ClassRow{
		{Line: 3, GradeText: "三年级", ClassText: "2班", HeadTeacher: "王老师"},
		{Line: 4, GradeText: "4", ClassText: "1班"},
		{Line: 5, ClassText: "五(3)班", HeadTeacher: "李老师"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ReadClasses:\n got %+v\nwant %+v", got, want)
	}
	if _, err := New().ReadClasses(writeFile(t, "x.csv", []byte("姓名,电话\n张三,1\n"))); errorKey(err) != "sheets.error.no_header" {
		t.Errorf("a staff list read as classes: error %v, want sheets.error.no_header", err)
	}
}

func TestReadStaff(t *testing.T) {
	csv := "教职工名单\n姓名,岗位,任教学科,手机,任教班级,备注\n" +
		"王老师,班主任,语文、数学,13800001111,三年级2班、三年级3班,\n" +
		"李校长,校长,,13800002222,,\n"
	gbk, err := simplifiedchinese.GB18030.NewEncoder().String(csv)
	if err != nil {
		t.Fatal(err)
	}
	got, err := New().ReadStaff(writeFile(t, "教职工.csv", []byte(gbk)))
	if err != nil {
		t.Fatal(err)
	}
	want := []app.StaffRow{
		{Line: 3, Name: "王老师", Post: "班主任", Subjects: "语文、数学", Phone: "13800001111", Classes: "三年级2班、三年级3班"},
		{Line: 4, Name: "李校长", Post: "校长", Phone: "13800002222"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ReadStaff:\n got %+v\nwant %+v", got, want)
	}
}

// TestReadRosterManyRows reads a full-size file: every row, in order.
func TestReadRosterFixture(t *testing.T) {
	path := filepath.Join(t.TempDir(), "roster.xlsx")
	if err := WriteRosterFixture(path, 500); err != nil {
		t.Fatal(err)
	}
	rf, err := New().ReadRoster(path)
	if err != nil {
		t.Fatal(err)
	}
	if rf.HeaderLine != 2 || len(rf.Rows) != 500 {
		t.Fatalf("header line %d, %d rows; want 2 and 500", rf.HeaderLine, len(rf.Rows))
	}
	for i, r := range rf.Rows {
		if r.Line != i+3 || len(r.Guardians) != 2 || r.StudentNo != fmt.Sprint(2026000001+i) ||
			r.Guardians[1].Phone != fmt.Sprint(13800000000+2*i+1) {
			t.Fatalf("row %d = %+v", i, r)
		}
	}
	plan, _ := app.PlanRoster(rf.Rows, app.RosterState{})
	if plan.Added != 500 || len(plan.Rejected) != 0 {
		t.Errorf("plan: %d added, rejected %+v; want 500 and none", plan.Added, plan.Rejected)
	}
}

// zipOf returns a zip archive with one file.
func zipOf(t *testing.T, name, content string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	var buf bytes.Buffer
	zw := f.ZipWriter(&buf)
	w, err := zw.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write([]byte(content)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
