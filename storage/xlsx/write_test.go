package xlsx

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/xuri/excelize/v2"

	"jxj/app"
	"jxj/app/i18n"
)

func TestWriteRosterTemplate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "模板.xlsx")
	if err := New().WriteRosterTemplate(path); err != nil {
		t.Fatal(err)
	}

	// The template reads back as a roster: its example row is the data.
	rf, err := New().ReadRoster(path)
	if err != nil {
		t.Fatalf("ReadRoster(template): %v", err)
	}
	want := &app.RosterFile{
		Sheet: "学生名单", HeaderLine: 2, Columns: templateColumns,
		Rows: []app.RosterRow{{Line: 3, Name: "张小明", Gender: "男", StudentNo: "2026001", GradeText: "三年级", ClassText: "2班",
			Guardians: []app.GuardianInput{g("张伟", "父亲", "13800138000"), g("李娜", "母亲", "13900139000")}}},
	}
	if !reflect.DeepEqual(rf, want) {
		t.Errorf("template read back:\n got %+v\nwant %+v", rf, want)
	}
	plan, _ := app.PlanRoster(rf.Rows, app.RosterState{})
	if plan.Added != 1 || len(plan.Rejected) != 0 {
		t.Errorf("the example row does not pass the roster checks: %+v", plan.Rejected)
	}

	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got, want := f.GetSheetList(), []string{"学生名单", "说明"}; !reflect.DeepEqual(got, want) {
		t.Errorf("sheets = %q, want %q", got, want)
	}
	if lines, _ := f.GetRows("说明"); len(lines) < 5 {
		t.Errorf("说明 has %d lines, want the instructions", len(lines))
	}
	merged, err := f.GetMergeCells("学生名单")
	if err != nil || len(merged) != 1 || merged[0].GetStartAxis() != "A1" || merged[0].GetEndAxis() != "K1" {
		t.Errorf("title merge = %v (%v), want A1:K1", merged, err)
	}
	// number and phone columns are text, so Excel keeps 13800138000 as typed
	for _, col := range []string{"A", "H", "K"} {
		id, err := f.GetColStyle("学生名单", col)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(id)
		if err != nil || st.NumFmt != textFormat {
			t.Errorf("column %s number format = %v (%v), want text (%d)", col, st, err, textFormat)
		}
	}
	if id, _ := f.GetCellStyle("学生名单", "B2"); id == 0 {
		t.Error("header cell B2 has no style, want bold")
	} else if st, _ := f.GetStyle(id); st == nil || st.Font == nil || !st.Font.Bold {
		t.Errorf("header style = %+v, want bold", st)
	}
	if w, _ := f.GetColWidth("学生名单", "H"); w < 12 {
		t.Errorf("phone column width = %v, want room for 11 digits", w)
	}
}

func TestWriteDirectory(t *testing.T) {
	entries := []app.DirectoryEntry{
		{Name: "张三", Gender: app.GenderMale, StudentNo: "2026001", ClassLabel: "三年级2班",
			Guardians: []app.GuardianContact{
				{Name: "张大山", Relation: "父亲", Phone: "13812341234"},
				{Name: "李梅", Relation: "母亲", Phone: "139****5678", PhoneMasked: true},
			}},
		{Name: "李四", Gender: app.GenderFemale, StudentNo: "0012", ClassLabel: "三年级2班"},
		{Name: "王五", ClassLabel: "四年级1班", Guardians: []app.GuardianContact{
			{Name: "王一", Relation: "父亲", Phone: "13800000001"},
			{Name: "王二", Relation: "母亲", Phone: "13800000002"},
			{Name: "王奶奶", Relation: "奶奶", Phone: "01012345678"},
		}},
	}
	tests := []struct {
		lang string
		want [][]string
	}{
		{i18n.Chinese, [][]string{
			{"班级", "学号", "姓名", "性别", "家长1姓名", "家长1关系", "家长1电话", "家长2姓名", "家长2关系", "家长2电话", "家长3姓名", "家长3关系", "家长3电话"},
			{"三年级2班", "2026001", "张三", "男", "张大山", "父亲", "13812341234", "李梅", "母亲", "139****5678"},
			{"三年级2班", "0012", "李四", "女"},
			{"四年级1班", "", "王五", "", "王一", "父亲", "13800000001", "王二", "母亲", "13800000002", "王奶奶", "奶奶", "01012345678"},
		}},
		{i18n.English, [][]string{
			{"Class", "Student No.", "Name", "Gender", "Guardian 1 name", "Guardian 1 relation", "Guardian 1 phone",
				"Guardian 2 name", "Guardian 2 relation", "Guardian 2 phone", "Guardian 3 name", "Guardian 3 relation", "Guardian 3 phone"},
			{"三年级2班", "2026001", "张三", i18n.TIn(i18n.English, "gender.M"), "张大山", "父亲", "13812341234", "李梅", "母亲", "139****5678"},
			{"三年级2班", "0012", "李四", i18n.TIn(i18n.English, "gender.F")},
			{"四年级1班", "", "王五", "", "王一", "父亲", "13800000001", "王二", "母亲", "13800000002", "王奶奶", "奶奶", "01012345678"},
		}},
	}
	defer i18n.SetLanguage(i18n.Language())
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			i18n.SetLanguage(tt.lang)
			path := filepath.Join(t.TempDir(), "通讯录.xlsx")
			if err := New().WriteDirectory(path, entries); err != nil {
				t.Fatal(err)
			}
			f, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			sheet := i18n.T("sheets.directory.sheet")
			got, err := f.GetRows(sheet)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("rows:\n got %q\nwant %q", got, tt.want)
			}
			panes, err := f.GetPanes(sheet)
			if err != nil || !panes.Freeze || panes.YSplit != 1 {
				t.Errorf("panes = %+v (%v), want the header row frozen", panes, err)
			}
			for _, cellRef := range []string{"G2", "B3"} { // a phone, a student number
				id, _ := f.GetCellStyle(sheet, cellRef)
				if st, err := f.GetStyle(id); err != nil || st.NumFmt != textFormat {
					t.Errorf("%s number format = %+v (%v), want text", cellRef, st, err)
				}
			}
		})
	}

	// In Chinese the export is itself a roster the import reads.
	i18n.SetLanguage(i18n.Chinese)
	path := filepath.Join(t.TempDir(), "通讯录.xlsx")
	if err := New().WriteDirectory(path, entries); err != nil {
		t.Fatal(err)
	}
	rf, err := New().ReadRoster(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(rf.Rows) != 3 || len(rf.Rows[2].Guardians) != 3 || rf.Rows[1].StudentNo != "0012" {
		t.Errorf("directory read back as a roster: %+v", rf.Rows)
	}
}

func TestWriteErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, path, wantKey string
	}{
		{"not xlsx", filepath.Join(dir, "模板.csv"), "sheets.error.write_extension"},
		{"missing folder", filepath.Join(dir, "no", "such", "模板.xlsx"), "sheets.error.write"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := New().WriteRosterTemplate(tt.path)
			checkMessage(t, err)
			if errorKey(err) != tt.wantKey {
				t.Errorf("WriteRosterTemplate: error %v, want %s", err, tt.wantKey)
			}
			if err := New().WriteDirectory(tt.path, nil); errorKey(err) != tt.wantKey {
				t.Errorf("WriteDirectory: error %v, want %s", err, tt.wantKey)
			}
		})
	}
	// A failed save leaves no temporary files behind.
	left, _ := os.ReadDir(dir)
	if len(left) != 0 {
		t.Errorf("files left in the folder: %v", left)
	}
}

func TestWriteDirectoryEmpty(t *testing.T) {
	path := filepath.Join(t.TempDir(), "空.xlsx")
	if err := New().WriteDirectory(path, nil); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows(f.GetSheetName(0))
	if len(rows) != 1 || len(rows[0]) != 10 {
		t.Errorf("empty export = %q, want the header with two guardians", rows)
	}
}
