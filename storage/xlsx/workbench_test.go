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

// openXLSX opens a written workbook for checks.
func openXLSX(t *testing.T, path string) *excelize.File {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// rowsOf returns the formatted rows of a sheet.
func rowsOf(t *testing.T, f *excelize.File, sheet string) [][]string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatalf("GetRows(%q): %v (sheets %q)", sheet, err, f.GetSheetList())
	}
	return rows
}

// inLanguage runs the rest of a test in lang and restores the language
// after it.
func inLanguage(t *testing.T, lang string) {
	was := i18n.Language()
	i18n.SetLanguage(lang)
	t.Cleanup(func() { i18n.SetLanguage(was) })
}

func testReceipts() (*app.Notice, []app.Receipt, []string) {
	codes := []string{app.NewSlipCode(), app.NewSlipCode(), app.NewSlipCode()}
	n := &app.Notice{ID: 7, Title: "关于11/25家长会的通知[重要]"}
	return n, []app.Receipt{
		{ID: 1, Code: codes[0], StudentID: 1, StudentName: "张三", StudentNo: "2026001", ClassLabel: "三年级2班",
			Guardians: []app.GuardianContact{
				{Name: "张大山", Relation: "父亲", Phone: "138****1234"},
				{Name: "李梅", Relation: "母亲", Phone: "139****5678"},
			}},
		{ID: 2, Code: codes[1], StudentID: 2, StudentName: "李四", StudentNo: "0012", ClassLabel: "三年级2班", State: app.ReceiptRead},
		{ID: 3, Code: codes[2], StaffID: 9, StaffName: "王老师"},
	}, codes
}

func TestWriteSlipCodes(t *testing.T) {
	n, receipts, codes := testReceipts()
	path := filepath.Join(t.TempDir(), "回执码.xlsx")
	if err := New().WriteSlipCodes(path, n, receipts); err != nil {
		t.Fatal(err)
	}
	f := openXLSX(t, path)
	sheet := "关于11 25家长会的通知 重要"
	if got := f.GetSheetList(); !reflect.DeepEqual(got, []string{sheet}) {
		t.Fatalf("sheets = %q, want one named after the notice", got)
	}
	want := [][]string{
		{"班级", "学号", "姓名", "回执码", "通知"},
		{"三年级2班", "2026001", "张三", app.FormatSlipCode(codes[0]), n.Title},
		{"三年级2班", "0012", "李四", app.FormatSlipCode(codes[1]), n.Title},
		{"教职工", "", "王老师", app.FormatSlipCode(codes[2]), n.Title},
	}
	if got := rowsOf(t, f, sheet); !reflect.DeepEqual(got, want) {
		t.Errorf("rows:\n got %q\nwant %q", got, want)
	}
	if panes, err := f.GetPanes(sheet); err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("panes = %+v (%v), want the header row frozen", panes, err)
	}
	id, _ := f.GetCellStyle(sheet, "B3")
	if st, err := f.GetStyle(id); err != nil || st.NumFmt != textFormat {
		t.Errorf("student number B3 format = %+v (%v), want text so 0012 stays 0012", st, err)
	}
	if w, _ := f.GetColWidth(sheet, "E"); w < float64(textWidth(n.Title)) {
		t.Errorf("notice column width %v, want room for %q", w, n.Title)
	}

	// The file is itself a receipt sheet: its codes read back.
	rows, err := New().ReadReceiptSheet(path)
	if err != nil {
		t.Fatal(err)
	}
	wantRows := []app.ReceiptSheetRow{
		{Line: 2, Code: app.FormatSlipCode(codes[0]), StudentNo: "2026001", StudentName: "张三", ClassLabel: "三年级2班"},
		{Line: 3, Code: app.FormatSlipCode(codes[1]), StudentNo: "0012", StudentName: "李四", ClassLabel: "三年级2班"},
		{Line: 4, Code: app.FormatSlipCode(codes[2]), StudentName: "王老师", ClassLabel: "教职工"},
	}
	if !reflect.DeepEqual(rows, wantRows) {
		t.Errorf("read back:\n got %+v\nwant %+v", rows, wantRows)
	}
	for _, r := range rows {
		if c, err := app.NormalizeSlipCode(r.Code); err != nil || app.FormatSlipCode(c) != r.Code {
			t.Errorf("code %q read back does not normalise: %q, %v", r.Code, c, err)
		}
	}
}

func TestWriteSlipCodesEnglish(t *testing.T) {
	inLanguage(t, i18n.English)
	n, receipts, codes := testReceipts()
	n.Title = "???"
	path := filepath.Join(t.TempDir(), "codes.xlsx")
	if err := New().WriteSlipCodes(path, n, receipts); err != nil {
		t.Fatal(err)
	}
	f := openXLSX(t, path)
	rows := rowsOf(t, f, "Slip codes") // a title of nothing usable gives the fallback name
	if want := []string{"Class", "Student No.", "Name", "Slip code", "Notice"}; !reflect.DeepEqual(rows[0], want) {
		t.Errorf("header = %q, want %q", rows[0], want)
	}
	if rows[3][0] != "Staff" {
		t.Errorf("staff class = %q, want Staff", rows[3][0])
	}
	got, err := New().ReadReceiptSheet(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[2].Code != app.FormatSlipCode(codes[2]) || got[0].StudentNo != "2026001" {
		t.Errorf("English file read back: %+v", got)
	}
}

func TestWriteCallList(t *testing.T) {
	n, receipts, _ := testReceipts()
	path := filepath.Join(t.TempDir(), "电话.xlsx")
	if err := New().WriteCallList(path, n, receipts); err != nil {
		t.Fatal(err)
	}
	f := openXLSX(t, path)
	sheet := f.GetSheetName(0)
	want := [][]string{
		{"班级", "学生", "家长", "关系", "电话", "状态"},
		{"三年级2班", "张三", "张大山", "父亲", "138****1234", "未读"},
		{"三年级2班", "张三", "李梅", "母亲", "139****5678", "未读"},
		{"三年级2班", "李四", "", "", "", "已读"},
		{"教职工", "王老师", "", "", "", "未读"},
	}
	if got := rowsOf(t, f, sheet); !reflect.DeepEqual(got, want) {
		t.Errorf("rows:\n got %q\nwant %q", got, want)
	}
	if panes, err := f.GetPanes(sheet); err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("panes = %+v (%v), want the header row frozen", panes, err)
	}
	if w, _ := f.GetColWidth(sheet, "E"); w < 11 {
		t.Errorf("phone column width = %v, want room for 11 characters", w)
	}
	hf, err := f.GetHeaderFooter(sheet)
	if err != nil || hf == nil || !strings.Contains(hf.OddHeader, n.Title) {
		t.Errorf("page header = %+v (%v), want the notice title", hf, err)
	}
}

func TestReadReceiptSheet(t *testing.T) {
	tests := []struct {
		name string
		rows [][]any
		want []app.ReceiptSheetRow
	}{
		{
			name: "codes only",
			rows: [][]any{{"回执编码"}, {" k7m-q2xp "}, nil, {""}, {"ABC2345"}},
			want: []app.ReceiptSheetRow{{Line: 2, Code: "k7m-q2xp"}, {Line: 5, Code: "ABC2345"}},
		},
		{
			name: "names with class under a title",
			rows: [][]any{{"三年级2班回执"}, {"序号", "班级", "学生姓名", "家长签名"}, {1, "三年级2班", "张三", "张大山"}, {2, "", "李四"}},
			want: []app.ReceiptSheetRow{
				{Line: 3, StudentName: "张三", ClassLabel: "三年级2班"},
				{Line: 4, StudentName: "李四"},
			},
		},
		{
			name: "numbers stored as numbers",
			rows: [][]any{{"学号", "Code"}, {2026001, ""}, {2026002.0, nil}},
			want: []app.ReceiptSheetRow{{Line: 2, StudentNo: "2026001"}, {Line: 3, StudentNo: "2026002"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := New().ReadReceiptSheet(writeXLSX(t, sheetSpec{name: "Sheet1", rows: tt.rows}))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestReadReceiptSheetErrors(t *testing.T) {
	tests := []struct {
		name    string
		rows    [][]any
		wantKey string
	}{
		{"neither code nor student", [][]any{{"班级", "家长", "电话"}, {"三年级2班", "张大山", "13812341234"}}, "sheets.wb.error.receipt_header"},
		{"header without rows", [][]any{{"回执码"}, {""}}, "sheets.error.no_rows"},
		{"empty", [][]any{nil}, "sheets.error.empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := New().ReadReceiptSheet(writeXLSX(t, sheetSpec{name: "Sheet1", rows: tt.rows}))
			checkMessage(t, err)
			if errorKey(err) != tt.wantKey || rows != nil {
				t.Errorf("got %d rows, error %v; want key %s", len(rows), err, tt.wantKey)
			}
		})
	}
}

func TestReadReceiptSheetCSV(t *testing.T) {
	text := "班级,学号,姓名\n三年级2班,2026001,张三\n\n三年级2班,,李四\n"
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	want := []app.ReceiptSheetRow{
		{Line: 2, StudentNo: "2026001", StudentName: "张三", ClassLabel: "三年级2班"},
		{Line: 4, StudentName: "李四", ClassLabel: "三年级2班"},
	}
	for name, data := range map[string]string{"utf-8": text, "gbk": gbk} {
		t.Run(name, func(t *testing.T) {
			got, err := New().ReadReceiptSheet(writeFile(t, "回执.csv", []byte(data)))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got  %+v\nwant %+v", got, want)
			}
		})
	}
}

func TestWriteHomework(t *testing.T) {
	h := &app.Homework{ID: 3, Subject: "语文", Content: "背诵《静夜思》。\n抄写生字两遍。",
		Due: time.Date(2026, 11, 25, 0, 0, 0, 0, time.Local)}
	entries := []app.HomeworkEntry{
		{StudentName: "张三", StudentNo: "2026001", ClassID: 1, ClassLabel: "三年级1班", State: app.CompletionDone},
		{StudentName: "李四", StudentNo: "2026002", ClassID: 1, ClassLabel: "三年级1班", State: app.CompletionLate, Note: "周一补交"},
		{StudentName: "王五", StudentNo: "2026003", ClassID: 1, ClassLabel: "三年级1班", State: app.CompletionExcused, Note: "病假"},
		{StudentName: "赵六", StudentNo: "2026101", ClassID: 2, ClassLabel: "三年级2班", State: app.CompletionMissing},
		{StudentName: "钱七", StudentNo: "2026102", ClassID: 2, ClassLabel: "三年级2班"},
	}
	path := filepath.Join(t.TempDir(), "作业.xlsx")
	if err := New().WriteHomework(path, h, entries); err != nil {
		t.Fatal(err)
	}
	f := openXLSX(t, path)
	if got, want := f.GetSheetList(), []string{"作业完成情况", "汇总"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("sheets = %q, want %q", got, want)
	}
	want := [][]string{
		{"语文作业（截止 2026-11-25）"},
		{h.Content},
		nil,
		{"班级", "学号", "姓名", "完成情况", "备注"},
		{"三年级1班", "2026001", "张三", "已完成"},
		{"三年级1班", "2026002", "李四", "迟交", "周一补交"},
		{"三年级1班", "2026003", "王五", "免做", "病假"},
		{"三年级2班", "2026101", "赵六", "未交"},
		{"三年级2班", "2026102", "钱七", "未登记"},
	}
	if got := rowsOf(t, f, "作业完成情况"); !reflect.DeepEqual(got, want) {
		t.Errorf("rows:\n got %q\nwant %q", got, want)
	}
	if hgt, _ := f.GetRowHeight("作业完成情况", 2); hgt < 30 {
		t.Errorf("content row height = %v, want room for its two lines", hgt)
	}
	if panes, _ := f.GetPanes("作业完成情况"); !panes.Freeze || panes.YSplit != homeworkTop {
		t.Errorf("panes = %+v, want frozen under the header on row %d", panes, homeworkTop)
	}
	wantSummary := [][]string{
		{"班级", "人数", "已完成", "迟交", "未交", "免做", "未登记", "完成率"},
		{"三年级1班", "3", "1", "1", "0", "1", "0", "100.00%"},
		{"三年级2班", "2", "0", "0", "1", "0", "1", "0.00%"},
		{"合计", "5", "1", "1", "1", "1", "1", "50.00%"},
	}
	if got := rowsOf(t, f, "汇总"); !reflect.DeepEqual(got, wantSummary) {
		t.Errorf("summary:\n got %q\nwant %q", got, wantSummary)
	}
}

// testForm is a survey with a field of every type.
func testForm() *app.Form {
	return &app.Form{ID: 5, Kind: app.FormSurvey, Title: "秋游报名", Fields: []app.Field{
		{Key: "f1", Label: "是否参加", Type: app.FieldYesNo, Required: true},
		{Key: "f2", Label: "午餐", Type: app.FieldChoice, Options: []string{"自带", "学校订餐"}},
		{Key: "f3", Label: "兴趣（可多选）", Type: app.FieldMulti, Options: []string{"画画", "唱歌", "跑步"}},
		{Key: "f4", Label: "身高(cm)", Type: app.FieldNumber},
		{Key: "f5", Label: "出生日期", Type: app.FieldDate},
		{Key: "f6", Label: "备注", Type: app.FieldText},
	}}
}

func testStudents() []app.FormStudent {
	return []app.FormStudent{
		{StudentID: 1, StudentName: "张三", StudentNo: "2026001", ClassID: 1, ClassLabel: "三年级2班"},
		{StudentID: 2, StudentName: "李四", StudentNo: "0012", ClassID: 1, ClassLabel: "三年级2班"},
		{StudentID: 3, StudentName: "王五", StudentNo: "2026003", ClassID: 1, ClassLabel: "三年级2班"},
		{StudentID: 4, StudentName: "赵六", StudentNo: "2026004", ClassID: 1, ClassLabel: "三年级2班"},
	}
}

func TestAnswerTemplateRoundTrip(t *testing.T) {
	form := testForm()
	sheet := &app.FormSheet{Form: form, Students: testStudents(), Answers: []app.Answer{
		{StudentID: 1, Values: map[string]string{"f1": "yes", "f2": "自带", "f3": "画画、跑步", "f4": "132.5", "f5": "2018-03-09", "f6": "对花生过敏"}},
		{StudentID: 2, Values: map[string]string{"f1": "no"}},
	}}
	path := filepath.Join(t.TempDir(), "秋游报名.xlsx")
	if err := New().WriteAnswerTemplate(path, sheet); err != nil {
		t.Fatal(err)
	}
	f := openXLSX(t, path)
	if got, want := f.GetSheetList(), []string{"秋游报名", "填写说明"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("sheets = %q, want %q", got, want)
	}
	want := [][]string{
		{"班级", "学号", "姓名", "是否参加", "午餐", "兴趣（可多选）", "身高(cm)", "出生日期", "备注"},
		{"三年级2班", "2026001", "张三", "是", "自带", "画画、跑步", "132.5", "2018-03-09", "对花生过敏"},
		{"三年级2班", "0012", "李四", "否"},
		{"三年级2班", "2026003", "王五"},
		{"三年级2班", "2026004", "赵六"},
	}
	if got := rowsOf(t, f, "秋游报名"); !reflect.DeepEqual(got, want) {
		t.Errorf("rows:\n got %q\nwant %q", got, want)
	}
	if w, _ := f.GetColWidth("秋游报名", "E"); w < float64(textWidth("学校订餐")) {
		t.Errorf("choice column width = %v, want room for its longest option", w)
	}
	dvs, err := f.GetDataValidations("秋游报名")
	if err != nil {
		t.Fatal(err)
	}
	lists := map[string]string{}
	for _, dv := range dvs {
		lists[dv.Sqref] = dv.Formula1
	}
	wantLists := map[string]string{
		"D2:D5": `"是,否"`,
		"E2:E5": `'填写说明'!$E$8:$F$8`, // 午餐 is the second field, under the header on row 6
	}
	if !reflect.DeepEqual(lists, wantLists) {
		t.Errorf("drop-down lists = %q, want %q", lists, wantLists)
	}
	help := rowsOf(t, f, "填写说明")
	if got, want := help[7], []string{"午餐", "单选", "否", i18n.T("sheets.wb.template.how.choice"), "自带", "学校订餐"}; !reflect.DeepEqual(got, want) {
		t.Errorf("help row of 午餐 = %q, want %q", got, want)
	}

	// The class fills in the sheet: 王五 with a real date cell and numbers,
	// 赵六 not at all.
	for ref, v := range map[string]any{"D4": "是", "E4": "学校订餐", "F4": "唱歌", "G4": 128, "H4": time.Date(2018, 5, 1, 0, 0, 0, 0, time.UTC)} {
		if err := f.SetCellValue("秋游报名", ref, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	rows, err := New().ReadAnswers(path, form)
	if err != nil {
		t.Fatal(err)
	}
	wantRows := []app.AnswerRow{
		{Line: 2, StudentNo: "2026001", StudentName: "张三", ClassLabel: "三年级2班",
			Values: map[string]string{"f1": "是", "f2": "自带", "f3": "画画、跑步", "f4": "132.5", "f5": "2018-03-09", "f6": "对花生过敏"}},
		{Line: 3, StudentNo: "0012", StudentName: "李四", ClassLabel: "三年级2班", Values: map[string]string{"f1": "否"}},
		{Line: 4, StudentNo: "2026003", StudentName: "王五", ClassLabel: "三年级2班",
			Values: map[string]string{"f1": "是", "f2": "学校订餐", "f3": "唱歌", "f4": "128", "f5": "2018-05-01"}},
	}
	if !reflect.DeepEqual(rows, wantRows) {
		t.Errorf("read back:\n got %+v\nwant %+v", rows, wantRows)
	}
}

func TestAnswerTemplateEnglishCheckin(t *testing.T) {
	inLanguage(t, i18n.English)
	form := &app.Form{Kind: app.FormCheckin, Title: "阅读打卡", Fields: []app.Field{
		{Key: "f1", Label: "阅读分钟", Type: app.FieldNumber},
		{Key: "f2", Label: "读完了吗", Type: app.FieldYesNo},
	}}
	sheet := &app.FormSheet{Form: form, Day: "2026-11-25", Students: testStudents()[:2], Answers: []app.Answer{
		{StudentID: 1, Day: "2026-11-25", Values: map[string]string{"f1": "30", "f2": "yes"}},
	}}
	path := filepath.Join(t.TempDir(), "checkin.xlsx")
	if err := New().WriteAnswerTemplate(path, sheet); err != nil {
		t.Fatal(err)
	}
	f := openXLSX(t, path)
	want := [][]string{
		{"Class", "Student No.", "Name", "Date", "阅读分钟", "读完了吗"},
		{"三年级2班", "2026001", "张三", "2026-11-25", "30", "Yes"},
		{"三年级2班", "0012", "李四", "2026-11-25"},
	}
	if got := rowsOf(t, f, "阅读打卡"); !reflect.DeepEqual(got, want) {
		t.Errorf("rows:\n got %q\nwant %q", got, want)
	}
	if got := f.GetSheetList(); got[1] != "How to fill in" {
		t.Errorf("sheets = %q, want the help sheet in English", got)
	}
	if err := f.SetCellValue("阅读打卡", "E3", 15); err != nil {
		t.Fatal(err)
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	rows, err := New().ReadAnswers(path, form)
	if err != nil {
		t.Fatal(err)
	}
	wantRows := []app.AnswerRow{
		{Line: 2, StudentNo: "2026001", StudentName: "张三", ClassLabel: "三年级2班", Day: "2026-11-25", Values: map[string]string{"f1": "30", "f2": "Yes"}},
		{Line: 3, StudentNo: "0012", StudentName: "李四", ClassLabel: "三年级2班", Day: "2026-11-25", Values: map[string]string{"f1": "15"}},
	}
	if !reflect.DeepEqual(rows, wantRows) {
		t.Errorf("read back:\n got %+v\nwant %+v", rows, wantRows)
	}
}

func TestReadAnswersColumns(t *testing.T) {
	form := &app.Form{Kind: app.FormSurvey, Fields: []app.Field{
		{Key: "f1", Label: "是否参加", Type: app.FieldYesNo},
		{Key: "f2", Label: "身高(cm)", Type: app.FieldNumber},
		{Key: "f3", Label: "身高(m)", Type: app.FieldNumber},
	}}
	tests := []struct {
		name     string
		rows     [][]any
		wantKey  string
		wantArgs []any
		want     []app.AnswerRow
	}{
		{
			name: "row numbers and spaced names are fine",
			rows: [][]any{{"报名表"}, {"序号", "学 号", "姓名", "是否参加", "身高（cm）", "身高(m)"},
				{1, 2026001, "张三", "yes", 132, 1.32}, {2, "", "李四", "", "", ""}},
			want: []app.AnswerRow{{Line: 3, StudentNo: "2026001", StudentName: "张三",
				Values: map[string]string{"f1": "yes", "f2": "132", "f3": "1.32"}}},
		},
		{
			name:     "a survey has no day",
			rows:     [][]any{{"学号", "日期", "是否参加", "身高(cm)", "身高(m)"}, {"2026001", "2026-11-25", "是", "132", "1.32"}},
			wantKey:  "sheets.wb.error.extra_columns",
			wantArgs: []any{"日期"},
		},
		{
			name:     "a field's column missing",
			rows:     [][]any{{"学号", "姓名", "是否参加", "身高(cm)"}, {"2026001", "张三", "是", "132"}},
			wantKey:  "sheets.wb.error.missing_columns",
			wantArgs: []any{"身高(m)"},
		},
		{
			name:     "columns the form does not have",
			rows:     [][]any{{"学号", "姓名", "性别", "是否参加", "身高(cm)", "身高(m)", "电话"}, {"2026001", "张三", "男", "是", "132", "1.32", "138"}},
			wantKey:  "sheets.wb.error.extra_columns",
			wantArgs: []any{"性别、电话"},
		},
		{
			name:     "a renamed column",
			rows:     [][]any{{"学号", "姓名", "参加吗", "身高(cm)", "身高(m)"}, {"2026001", "张三", "是", "132", "1.32"}},
			wantKey:  "sheets.wb.error.wrong_columns",
			wantArgs: []any{"是否参加", "参加吗"},
		},
		{
			name:    "no student column",
			rows:    [][]any{{"班级", "是否参加", "身高(cm)", "身高(m)"}, {"三年级2班", "是", "132", "1.32"}},
			wantKey: "sheets.wb.error.answer_header",
		},
		{
			name:     "wrong columns and no rows: the columns are the news",
			rows:     [][]any{{"学号", "姓名"}},
			wantKey:  "sheets.wb.error.missing_columns",
			wantArgs: []any{"是否参加、身高(cm)、身高(m)"},
		},
		{
			name:    "nothing filled in",
			rows:    [][]any{{"学号", "姓名", "是否参加", "身高(cm)", "身高(m)"}, {"2026001", "张三"}, {"2026002", "李四", " "}},
			wantKey: "sheets.wb.error.no_answers",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := New().ReadAnswers(writeXLSX(t, sheetSpec{name: "Sheet1", rows: tt.rows}), form)
			checkMessage(t, err)
			if errorKey(err) != tt.wantKey {
				t.Fatalf("error %v, want key %q", err, tt.wantKey)
			}
			if tt.wantArgs != nil {
				if e := err.(*app.Error); !reflect.DeepEqual(e.Args, tt.wantArgs) {
					t.Errorf("error args = %q, want %q", e.Args, tt.wantArgs)
				}
			}
			if !reflect.DeepEqual(rows, tt.want) {
				t.Errorf("rows:\n got %+v\nwant %+v", rows, tt.want)
			}
		})
	}
}

// Fields may be named like the table's own columns: the table's come
// first, as jxj writes them.
func TestAnswerLabelsLikeColumns(t *testing.T) {
	tests := []struct {
		kind   app.FormKind
		fields []string
	}{
		{app.FormCheckin, []string{"日期", "序号"}},
		{app.FormSurvey, []string{"日期", "编号", "姓名"}},
		{app.FormChain, []string{"No.", "班级"}},
	}
	for _, tt := range tests {
		t.Run(string(tt.kind), func(t *testing.T) {
			form := &app.Form{Kind: tt.kind, Title: "表"}
			values := map[string]string{}
			for i, l := range tt.fields {
				key := "f" + string(rune('1'+i))
				form.Fields = append(form.Fields, app.Field{Key: key, Label: l, Type: app.FieldText})
				values[key] = "答" + l
			}
			sheet := &app.FormSheet{Form: form, Day: "2026-11-25", Students: testStudents()[:1],
				Answers: []app.Answer{{StudentID: 1, Day: "2026-11-25", Values: values}}}
			path := filepath.Join(t.TempDir(), "表.xlsx")
			if err := New().WriteAnswerTemplate(path, sheet); err != nil {
				t.Fatal(err)
			}
			rows, err := New().ReadAnswers(path, form)
			if err != nil {
				t.Fatal(err)
			}
			want := []app.AnswerRow{{Line: 2, StudentNo: "2026001", StudentName: "张三", ClassLabel: "三年级2班", Values: values}}
			if tt.kind == app.FormCheckin {
				want[0].Day = "2026-11-25"
			}
			if !reflect.DeepEqual(rows, want) {
				t.Errorf("read back:\n got %+v\nwant %+v", rows, want)
			}
		})
	}
}

func TestReadAnswersSameLabel(t *testing.T) {
	form := &app.Form{Fields: []app.Field{{Key: "f1", Label: "电话"}, {Key: "f2", Label: " 电 话"}}}
	path := writeXLSX(t, sheetSpec{name: "Sheet1", rows: [][]any{{"姓名", "电话"}, {"张三", "1"}}})
	rows, err := New().ReadAnswers(path, form)
	checkMessage(t, err)
	if errorKey(err) != "sheets.wb.error.same_label" || rows != nil {
		t.Errorf("got %v, %v; want sheets.wb.error.same_label", rows, err)
	}
}

func TestReadAnswersCSV(t *testing.T) {
	form := testForm()
	text := "班级,学号,姓名,是否参加,午餐,兴趣（可多选）,身高(cm),出生日期,备注\n" +
		"三年级2班,2026001,张三,是,自带,\"画画、跑步\",132.5,2018/3/9,\"对花生过敏，\n带药\"\n" +
		"三年级2班,0012,李四,,,,,,\n" +
		"三年级2班,2026003,王五,no,,,,,\n"
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	want := []app.AnswerRow{
		{Line: 2, StudentNo: "2026001", StudentName: "张三", ClassLabel: "三年级2班",
			Values: map[string]string{"f1": "是", "f2": "自带", "f3": "画画、跑步", "f4": "132.5", "f5": "2018/3/9", "f6": "对花生过敏，\n带药"}},
		// a quoted cell over two lines is one row, as Excel shows the file
		{Line: 4, StudentNo: "2026003", StudentName: "王五", ClassLabel: "三年级2班", Values: map[string]string{"f1": "no"}},
	}
	for name, data := range map[string]string{"utf-8": "\xEF\xBB\xBF" + text, "gbk": gbk} {
		t.Run(name, func(t *testing.T) {
			got, err := New().ReadAnswers(writeFile(t, "答案.csv", []byte(data)), form)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got  %+v\nwant %+v", got, want)
			}
		})
	}
}

func TestWriteFormAnswers(t *testing.T) {
	form := &app.Form{Kind: app.FormChain, Title: "家长义工接龙", Fields: []app.Field{
		{Key: "f1", Label: "岗位", Type: app.FieldChoice, Options: []string{"门口值守", "午餐帮厨"}, Limits: []int{2, 0}},
		{Key: "f2", Label: "人数", Type: app.FieldNumber},
		{Key: "f3", Label: "自带工具", Type: app.FieldYesNo},
	}}
	at := time.Date(2026, 11, 20, 8, 30, 0, 0, time.Local)
	students := testStudents()
	sheet := &app.FormSheet{Form: form, Students: students, Answers: []app.Answer{
		{StudentID: 1, Seq: 3, At: at.Add(2 * time.Hour), Values: map[string]string{"f1": "午餐帮厨", "f2": "1", "f3": "no"}},
		{StudentID: 2, Seq: 1, At: at, Values: map[string]string{"f1": "门口值守", "f2": "2", "f3": "yes"}},
		{StudentID: 3, Seq: 2, At: at.Add(time.Hour), Values: map[string]string{"f1": "门口值守"}},
	}}
	totals := &app.FormTotals{Students: 4, Answered: 3, Missing: students[3:], Fields: []app.FieldTotal{
		{Field: form.Fields[0], Answered: 3, Options: []app.OptionCount{
			{Option: "门口值守", Count: 2, Percent: 200.0 / 3}, {Option: "午餐帮厨", Count: 1, Percent: 100.0 / 3}}},
		{Field: form.Fields[1], Answered: 2, Number: &app.NumberStats{Count: 2, Sum: 3, Avg: 1.5, Min: 1, Max: 2}},
		{Field: form.Fields[2], Answered: 2, Options: []app.OptionCount{{Option: "yes", Count: 1, Percent: 50}, {Option: "no", Count: 1, Percent: 50}}},
	}}
	path := filepath.Join(t.TempDir(), "接龙.xlsx")
	if err := New().WriteFormAnswers(path, sheet, totals); err != nil {
		t.Fatal(err)
	}
	f := openXLSX(t, path)
	if got, want := f.GetSheetList(), []string{"答案", "汇总", "未填写"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("sheets = %q, want %q", got, want)
	}
	wantAnswers := [][]string{
		{"序号", "班级", "学号", "姓名", "岗位", "人数", "自带工具", "填写时间"},
		{"1", "三年级2班", "0012", "李四", "门口值守", "2", "是", "2026-11-20 08:30"},
		{"2", "三年级2班", "2026003", "王五", "门口值守", "", "", "2026-11-20 09:30"},
		{"3", "三年级2班", "2026001", "张三", "午餐帮厨", "1", "否", "2026-11-20 10:30"},
	}
	if got := rowsOf(t, f, "答案"); !reflect.DeepEqual(got, wantAnswers) {
		t.Errorf("answers:\n got %q\nwant %q", got, wantAnswers)
	}
	wantSummary := [][]string{
		{"题目", "项目", "数值", "占比"},
		{"全部", "应填人数", "4"},
		{"全部", "已填写", "3", "75.00%"},
		{"岗位", "已填写", "3", "100.00%"},
		{"岗位", "门口值守", "2", "66.67%"},
		{"岗位", "午餐帮厨", "1", "33.33%"},
		{"人数", "已填写", "2", "66.67%"},
		{"人数", "数量", "2"},
		{"人数", "合计", "3"},
		{"人数", "平均", "1.5"},
		{"人数", "最小", "1"},
		{"人数", "最大", "2"},
		{"自带工具", "已填写", "2", "66.67%"},
		{"自带工具", "是", "1", "50.00%"},
		{"自带工具", "否", "1", "50.00%"},
	}
	if got := rowsOf(t, f, "汇总"); !reflect.DeepEqual(got, wantSummary) {
		t.Errorf("summary:\n got %q\nwant %q", got, wantSummary)
	}
	// the share is a number Excel can compute with, not text
	if v, err := f.GetCellValue("汇总", "D5", excelize.Options{RawCellValue: true}); err != nil || !strings.HasPrefix(v, "0.6666") {
		t.Errorf("D5 raw = %q (%v), want the fraction 0.6666…", v, err)
	}
	wantMissing := [][]string{{"班级", "学号", "姓名"}, {"三年级2班", "2026004", "赵六"}}
	if got := rowsOf(t, f, "未填写"); !reflect.DeepEqual(got, wantMissing) {
		t.Errorf("missing:\n got %q\nwant %q", got, wantMissing)
	}
}

func TestWriteFormAnswersCheckinOrder(t *testing.T) {
	form := &app.Form{Kind: app.FormCheckin, Title: "打卡", Fields: []app.Field{{Key: "f1", Label: "分钟", Type: app.FieldNumber}}}
	students := testStudents()[:2]
	sheet := &app.FormSheet{Form: form, Day: app.AllDays, Students: students, Answers: []app.Answer{
		{StudentID: 2, Day: "2026-11-24", Values: map[string]string{"f1": "10"}},
		{StudentID: 1, Day: "2026-11-25", Values: map[string]string{"f1": "30"}},
		{StudentID: 1, Day: "2026-11-24", Values: map[string]string{"f1": "20"}},
	}}
	path := filepath.Join(t.TempDir(), "打卡.xlsx")
	if err := New().WriteFormAnswers(path, sheet, &app.FormTotals{Students: 2, Answered: 2}); err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"班级", "学号", "姓名", "日期", "分钟", "填写时间"},
		{"三年级2班", "2026001", "张三", "2026-11-24", "20"},
		{"三年级2班", "2026001", "张三", "2026-11-25", "30"},
		{"三年级2班", "0012", "李四", "2026-11-24", "10"},
	}
	if got := rowsOf(t, openXLSX(t, path), "答案"); !reflect.DeepEqual(got, want) {
		t.Errorf("answers:\n got %q\nwant %q", got, want)
	}
}

func TestWorkbenchWriteErrors(t *testing.T) {
	n, receipts, _ := testReceipts()
	sheet := &app.FormSheet{Form: testForm(), Students: testStudents()}
	path := filepath.Join(t.TempDir(), "out.csv")
	writes := map[string]func() error{
		"slip codes": func() error { return New().WriteSlipCodes(path, n, receipts) },
		"call list":  func() error { return New().WriteCallList(path, n, receipts) },
		"homework":   func() error { return New().WriteHomework(path, &app.Homework{}, nil) },
		"template":   func() error { return New().WriteAnswerTemplate(path, sheet) },
		"answers":    func() error { return New().WriteFormAnswers(path, sheet, &app.FormTotals{}) },
	}
	for name, write := range writes {
		if err := write(); errorKey(err) != "sheets.error.write_extension" {
			t.Errorf("%s to .csv: %v, want sheets.error.write_extension", name, err)
		}
	}
}

func TestExcelDate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"46351", "2026-11-25"},
		{"46351.5", "2026-11-25"},
		{"43168", "2018-03-09"},
		{"2026-11-25", "2026-11-25"},
		{"2026/11/25", "2026/11/25"},
		{"2026", "2026"},         // a year typed as a number, not a day of 1905
		{"20261125", "20261125"}, // a date typed as digits: the check refuses it
		{"1e5", "1e5"},
		{"NaN", "NaN"},
		{"", ""},
		{" 46351 ", "2026-11-25"},
	}
	for _, tt := range tests {
		if got := excelDate(tt.in); got != tt.want {
			t.Errorf("excelDate(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSheetName(t *testing.T) {
	tests := []struct {
		title, want string
		taken       []string
	}{
		{"秋游报名", "秋游报名", nil},
		{"关于11/25家长会的通知[重要]", "关于11 25家长会的通知 重要", nil},
		{"'引号'", "引号", nil},
		{"：？", "：？", nil}, // full-width forms are allowed in sheet names
		{"??", "回退", nil},
		{"", "回退", nil},
		{"一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三", "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一", nil},
		{"填写说明", "回退", []string{"填写说明"}},
		{"Help", "回退", []string{"help"}},
	}
	for _, tt := range tests {
		if got := sheetName(tt.title, "回退", tt.taken...); got != tt.want {
			t.Errorf("sheetName(%q, %q) = %q, want %q", tt.title, tt.taken, got, tt.want)
		}
	}
}

// FuzzReadAnswers drives the text path of ReadAnswers with arbitrary
// bytes: it must never panic, fail only with an *app.Error and no rows,
// and on success give rows in file order that each answer a field of the
// form.
func FuzzReadAnswers(f *testing.F) {
	good := "秋游报名,,,\n序号,班级,学号,姓名,是否参加,午餐,兴趣（可多选）,身高(cm),出生日期,备注\n" +
		"1,三年级2班,2026001,张三,是,自带,\"画画、跑步\",132.5,46351,\"对花生\n过敏\"\n,,0012,李四,,,,,,\n"
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String(good)
	for _, s := range []string{
		good,
		gbk,
		strings.ReplaceAll(good, ",", "\t"),
		"学号,姓名\n1,张三\n",
		"学号,姓名,是否参加,身高(cm),电话\n1,张三,是,1,2\n",
		"姓名,是否参加,午餐,兴趣（可多选）,身高(cm),出生日期,备注,日期\n张三,,,,,,,46351\n",
		"",
		"\x00\xff",
	} {
		f.Add([]byte(s))
	}
	form := testForm()
	keys := make(map[string]bool)
	for _, fd := range form.Fields {
		keys[fd.Key] = true
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ar, err := newAnswerReader(form)
		if err != nil {
			t.Fatal(err)
		}
		rows, _, err := readText(bytes.NewReader(data), "fuzz.csv", 1000, ar.sc, ar.layout)
		rows, err = ar.finish(rows, err)
		checkSheetRows(t, rows, err, ar.h, func(r app.AnswerRow) (int, map[string]string) { return r.Line, r.Values },
			func(k, v string) bool { return keys[k] && strings.TrimSpace(v) != "" })
	})
}
