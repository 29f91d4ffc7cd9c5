package xlsx

import (
	"strconv"

	"github.com/xuri/excelize/v2"

	"jxj/app"
	"jxj/app/i18n"
)

// The bureau's list of schools and training institutions (组织关联): the
// hub imports it with `jxj hub org import`. Bureaus keep such lists in
// many shapes, so it is read like a roster: title rows, varying header
// names, any column order.

var _ app.HubOrgSheets = (*Sheets)(nil)

// orgColumns are the header names of the bureau's list.
var orgColumns = []synonyms{
	{role{field: fName}, []string{"学校名称", "学校", "校名", "单位名称", "单位", "机构名称", "机构", "名称", "学校全称",
		"学校机构名称", "name", "school", "schoolname", "organisation", "organization"}},
	{role{field: fOrgKind}, []string{"学校类型", "类型", "类别", "学校类别", "办学类型", "机构类型", "学段", "单位类型",
		"type", "kind", "schooltype"}},
	{role{field: fTownship}, []string{"乡镇", "学区", "乡镇学区", "所属乡镇", "所属学区", "乡镇名称", "乡镇街道", "片区",
		"township", "town", "area"}},
	{role{field: fIgnore}, rowNumberNames},
}

var orgSchema = newSchema(orgColumns, false, []field{fName}, "学校名称", "学校名称、学校类型、乡镇（学区）")

// ReadHubOrgs reads the bureau's list: the first sheet with a school name
// column, one row per school with its kind and township as written.
func (s *Sheets) ReadHubOrgs(path string) ([]app.HubOrgRow, error) {
	rows, _, _, err := readTable(s, path, orgSchema, orgLayout)
	return rows, err
}

func orgLayout(h *header) func(line int, cells []string) app.HubOrgRow {
	name, kind, township := h.col(fName, gNone), h.col(fOrgKind, gNone), h.col(fTownship, gNone)
	return func(line int, cells []string) app.HubOrgRow {
		return app.HubOrgRow{Line: line, Name: cell(cells, name), Kind: cell(cells, kind), Township: cell(cells, township)}
	}
}

// WriteHubOrgTemplate writes an empty list for the bureau to fill in: the
// three columns, a kind chosen from a drop-down of the kinds' names, and
// a second sheet that explains the columns.
func (s *Sheets) WriteHubOrgTemplate(path string) error {
	return writeBook(path, buildOrgTemplate)
}

func buildOrgTemplate(f *excelize.File) error {
	sheet := i18n.T("orgs.template.sheet")
	if err := f.SetSheetName(f.GetSheetName(0), sheet); err != nil {
		return err
	}
	cols := []column{
		{title: i18n.T("orgs.template.name"), width: 24},
		{title: i18n.T("orgs.template.kind"), width: 12},
		{title: i18n.T("orgs.template.township"), width: 14},
	}
	// no example row: one left in would be imported as a school
	if err := writeTable(f, sheet, 1, cols, nil); err != nil {
		return err
	}
	kinds := make([]string, len(app.OrgKinds))
	for i, k := range app.OrgKinds {
		kinds[i] = i18n.T("org.kind." + string(k))
	}
	dv := excelize.NewDataValidation(true)
	dv.Sqref = "B2:B2000"
	if err := dv.SetDropList(kinds); err != nil {
		return err
	}
	dv.SetError(excelize.DataValidationErrorStyleStop, i18n.T("orgs.template.kind"), i18n.T("orgs.template.kind_error"))
	if err := f.AddDataValidation(sheet, dv); err != nil {
		return err
	}
	help := i18n.T("orgs.template.help_sheet")
	if _, err := f.NewSheet(help); err != nil {
		return err
	}
	for i, key := range []string{"orgs.template.help_name", "orgs.template.help_kind", "orgs.template.help_township", "orgs.template.help_update"} {
		text := i18n.T(key)
		if key == "orgs.template.help_kind" {
			text = i18n.T(key, app.OrgKindList())
		}
		if err := f.SetCellStr(help, "A"+strconv.Itoa(i+1), text); err != nil {
			return err
		}
	}
	return f.SetColWidth(help, "A", "A", 100)
}
