package xlsx

import (
	"reflect"
	"testing"

	"jxj/app"
)

// TestBookCells reads cells as Excel, WPS and other programs write them:
// shared strings of rich-text runs with a phonetic guide and _xHHHH_
// escapes, inline strings, cells that skip columns or have no reference,
// a formula without a value, rows with and without numbers.
func TestBookCells(t *testing.T) {
	sst := `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>姓名</t></si><si><r><t>班</t></r><r><rPr><b/></rPr><t>级</t></r></si>` +
		`<si><r><t>张</t></r><r><t>_x000D_三_x005F_x0041_</t></r><rPh sb="0" eb="1"><t>zhang</t></rPh></si></sst>`
	data := `<sheetData><row r="2"><c r="B2" t="s"><v>0</v></c><c r="D2" t="s"><v>1</v></c></row>` +
		`<row><c r="B3" t="s"><v>2</v></c><c r="D3" t="inlineStr"><is><r><t>3.</t></r><r><t>1</t></r></is></c></row>` +
		`<row r="7"><c t="str"><v>ignored</v></c><c><f>A1</f></c><c/><c><v>1.2</v></c></row></sheetData>`
	rf, err := New().ReadRoster(writeFile(t, "cells.xlsx", workbookZip(t, data, sst)))
	if err != nil {
		t.Fatal(err)
	}
	want := []app.RosterRow{{Line: 3, Name: "张\r三_x0041_", ClassText: "3.1"}, {Line: 7, ClassText: "1.2"}}
	if rf.HeaderLine != 2 || !reflect.DeepEqual(rf.Rows, want) {
		t.Errorf("header on row %d, rows:\n got %+v\nwant %+v", rf.HeaderLine, rf.Rows, want)
	}
}

func TestUnescapeExcel(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"张三", "张三"},
		{"a_x000D_b", "a\rb"},
		{"_x005F_x000D_", "_x000D_"},
		{"_x004A__x004b_", "JK"},
		{"_x00G1_ _x12_ _x", "_x00G1_ _x12_ _x"},
	}
	for _, tt := range tests {
		if got := unescapeExcel(tt.in); got != tt.want {
			t.Errorf("unescapeExcel(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
