package xlsx

import (
	"path/filepath"
	"testing"

	"jxj/app"
	"jxj/app/i18n"
)

// A bureau's list as bureaus keep it: a title row, header names of their
// own, columns in another order, a row counter; and the kinds in words.
func TestReadHubOrgs(t *testing.T) {
	path := writeXLSX(t, sheetSpec{name: "学校名单", rows: [][]any{
		{"某某县中小学及培训机构名单（2026年秋季）"},
		{"序号", "所属乡镇（学区）", "单位名称", "办学类型"},
		{1, "城关镇", "城关镇第一小学", "小学"},
		{2, "河口镇", "李家教学点", "教学点"},
		nil,
		{3, "", "阳光培训学校", "培训机构"},
	}, merge: [][2]string{{"A1", "D1"}}})
	rows, err := New().ReadHubOrgs(path)
	if err != nil {
		t.Fatal(err)
	}
	want := []app.HubOrgRow{
		{Line: 3, Name: "城关镇第一小学", Kind: "小学", Township: "城关镇"},
		{Line: 4, Name: "李家教学点", Kind: "教学点", Township: "河口镇"},
		{Line: 6, Name: "阳光培训学校", Kind: "培训机构", Township: ""},
	}
	if len(rows) != len(want) {
		t.Fatalf("read %d rows %+v, want %d", len(rows), rows, len(want))
	}
	for i := range want {
		if rows[i] != want[i] {
			t.Errorf("row %d = %+v, want %+v", i, rows[i], want[i])
		}
	}
}

// A sheet without a school name column says which column it needs.
func TestReadHubOrgsNoHeader(t *testing.T) {
	path := writeXLSX(t, sheetSpec{name: "Sheet1", rows: [][]any{{"乡镇", "类型"}, {"城关镇", "小学"}}})
	_, err := New().ReadHubOrgs(path)
	if app.ErrorCode(err) != app.EINVALID {
		t.Fatalf("err = %v, want EINVALID (no name column)", err)
	}
}

// The template, filled in by hand, reads back; its kind drop-down offers
// every kind.
func TestHubOrgTemplate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "名单模板.xlsx")
	s := New()
	if err := s.WriteHubOrgTemplate(path); err != nil {
		t.Fatal(err)
	}
	f := openXLSX(t, path)
	sheet := f.GetSheetName(0)
	dvs, err := f.GetDataValidations(sheet)
	if err != nil || len(dvs) != 1 {
		t.Fatalf("data validations = %d, %v; want the kind drop-down", len(dvs), err)
	}
	for _, k := range app.OrgKinds {
		if _, ok := app.ParseOrgKind(labelOf(k)); !ok {
			t.Errorf("the drop-down's %s does not read back", k)
		}
	}
	if err := f.SetSheetRow(sheet, "A2", &[]any{"城关镇第二小学", labelOf(app.OrgNineYear), "城关镇"}); err != nil {
		t.Fatal(err)
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	rows, err := s.ReadHubOrgs(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].Name != "城关镇第二小学" || rows[0].Township != "城关镇" {
		t.Fatalf("rows = %+v", rows)
	}
	if k, ok := app.ParseOrgKind(rows[0].Kind); !ok || k != app.OrgNineYear {
		t.Errorf("kind %q reads as %q, want nine_year", rows[0].Kind, k)
	}
}

func labelOf(k app.OrgKind) string { return i18n.T("org.kind." + string(k)) }
