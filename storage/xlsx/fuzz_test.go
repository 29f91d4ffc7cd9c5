package xlsx

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"jxj/app"
)

// FuzzReadCSV drives the whole text path of ReadRoster (encoding, delimiter,
// header search, rows) with arbitrary bytes: it must never panic, fail
// only with an *app.Error, and number rows as a sheet does.
func FuzzReadCSV(f *testing.F) {
	good := "某某小学学生名单,,,\n学号,姓名,性别,班级,家长姓名,关系,联系电话\n" +
		"2026001,张三,男,三年级2班,张大山,父亲,13812341234\n\n2026002,李四,女,3.2,王芳,母亲,\"139 1234 5678\"\n"
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String(good)
	for _, s := range []string{
		good,
		"\xEF\xBB\xBF" + good,
		gbk,
		strings.ReplaceAll(good, ",", "\t"),
		strings.ReplaceAll(good, ",", ";"),
		strings.ReplaceAll(good, "\n", "\r"),
		"\xFF\xFE" + "姓\x00名\x00", // UTF-16 with an odd tail
		"\xFE\xFF\x00",
		"姓名,班级\n\"张\n三\",1.1\n李四,\"1.2",
		"姓名,班级\n张\"三,1.1\n\"\"\",\"\n",
		"姓名\n" + strings.Repeat(",", 1000) + "\n",
		"Name;Class;Father;Phone;Mother;Phone\nLi;3.1;Li F;13800000000.0;Wang M;1.3800000001E10\n",
		"",
		"\n\n\n",
		"\x00\x01\x02",
		"\xD0\xCF\x11\xE0",
		"PK\x03\x04",
		"\x81\x30\x81\x30姓名,班级\n", // GB18030 four-byte sequence
		// the shapes of hostile_test.go, small: a row beyond the columns
		// read, lines joined by quoted line breaks, a quote before \r\n
		"姓名,班级\n" + strings.Repeat(",", 300) + "x\n",
		"姓名,班级\n" + strings.Repeat(",", 100) + "\"\n\"" + strings.Repeat(",", 100) + "\n",
		"姓名,班级\r\n\"张三\",\"1.1\"\r\n\"李\"四\",1.2\r\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, sc := range []*schema{rosterSchema, staffSchema} {
			rows, h, err := readText(bytes.NewReader(data), "fuzz.csv", 1000, sc, rosterLayout)
			if err != nil {
				var e *app.Error
				if !errors.As(err, &e) {
					t.Fatalf("error %v is not an *app.Error", err)
				}
				if rows != nil || h != nil {
					t.Fatalf("rows or header returned with error %v", err)
				}
				continue
			}
			if h == nil || len(rows) == 0 || len(rows) > 1000 {
				t.Fatalf("success with header %v and %d rows", h, len(rows))
			}
			last := h.line
			for _, r := range rows {
				if r.Line <= last {
					t.Fatalf("row line %d after line %d", r.Line, last)
				}
				last = r.Line
			}
		}
	})
}

// FuzzMatchHeader checks that any row of cells (tab-separated in the
// input) gives a header whose columns are in range and distinct, and that
// a header always has its required column.
func FuzzMatchHeader(f *testing.F) {
	for _, s := range []string{
		"学号\t姓名\t性别\t年级\t班级\t家长1姓名\t家长1关系\t家长1电话\t家长2姓名\t家长2关系\t家长2电话",
		"序号\t班别\t学生姓名\t联系电话\t监护人\t与学生关系\t学籍号",
		"姓名\t班级\t父亲\t电话\t母亲\t电话",
		"姓名\t性别\t班级\t姓名\t关系\t电话\t姓名\t电话\t姓名",
		"电话\t电话\t电话\t电话\t关系\t关系\t家长\t家长\t家长\t家长",
		"*学生姓名（必填）\t班　级\t家长\n手机\t第二监护人\t（（（\t)))\t【",
		"Name\tStudent No.\tClass\tGuardian\tRelation\tPhone",
		"年级\t班级\t班主任",
		"姓名\t岗位\t学科\t手机\t任教班级",
		"",
		"\t\t\t",
		"\x00\xff\xfe",
		strings.Repeat("姓", 100),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		cells := strings.Split(s, "\t")
		for _, sc := range []*schema{rosterSchema, classSchema, staffSchema, receiptSchema} {
			h := matchHeader(cells, sc)
			if h.score == 0 {
				continue
			}
			if !h.hasAny(sc.required) {
				t.Fatalf("header %v without its required column", h.cols)
			}
			if h.score != len(h.cols) || len(h.columns) != len(h.cols) {
				t.Fatalf("score %d, %d columns, %d names", h.score, len(h.cols), len(h.columns))
			}
			seen := make(map[int]bool)
			for r, i := range h.cols {
				if i < 0 || i >= len(cells) || seen[i] {
					t.Fatalf("role %v at column %d of %d (seen %v)", r, i, len(cells), seen[i])
				}
				if r.bare {
					t.Fatalf("unresolved role %v", r)
				}
				seen[i] = true
			}
		}
	})
}

// FuzzReadXLSX reads workbooks whose worksheet and shared strings are
// arbitrary XML, the parts a damaged or hand-made file gets wrong: the
// read must fail with an *app.Error or succeed, never panic.
func FuzzReadXLSX(f *testing.F) {
	sst := `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3">` +
		`<si><t>姓名</t></si><si><t>班级</t></si><si><t>张三</t></si></sst>`
	for _, seed := range [][2]string{
		{`<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>` +
			`<row r="3"><c r="A3" t="s"><v>2</v></c><c r="B3"><v>3.2</v></c></row></sheetData>`, sst},
		{`<sheetData><row><c t="inlineStr"><is><t>姓名</t></is></c><c t="inlineStr"><is><t>班级</t></is></c></row>` +
			`<row><c t="inlineStr"><is><t>李四</t></is></c><c><v>1.3812341234E10</v></c></row></sheetData>`, ""},
		{`<sheetData><row r="1"><c r="A1" t="s"><v>99</v></c></row></sheetData>`, sst},
		{`<sheetData><row r="1048577"><c r="A1"><v>1</v></c></row></sheetData>`, sst},
		{`<sheetData><row r="1"><c r="XFE1" t="s"><v>0</v></c></row></sheetData>`, sst},
		{`<sheetData><row r="2"><c r="A1" t="s"><v>0</v></c><c r="A1" t="s"><v>1</v></c></row></sheetData>`, sst},
		{`<sheetData><row r="1"><c r="A1" t="b"><v>1</v></c><c t="d"><v>2026-01-01</v></c><c t="e"><v>#N/A</v></c></row>`, sst},
		{`<sheetData><row r="-1"><c r="A0"><v>x</v></c></row></sheetData>`, `<sst><si><r><t>姓</t></r><r><t>名</t></r></si></sst>`},
		// the shapes of hostile_test.go, small: a far column, a long row
		// without references, deep nesting, many attributes, rich text
		// with a phonetic guide and _xHHHH_ escapes
		{`<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="XFD1"><v>1</v></c></row></sheetData>`, sst},
		{`<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row><row>` +
			strings.Repeat(`<c><v>1</v></c>`, 300) + `</row></sheetData>`, sst},
		{`<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>` + strings.Repeat("<x>", 5000) + `</sheetData>`, sst},
		{`<sheetData><row r="1"` + strings.Repeat(` a=""`, 1000) + `><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row></sheetData>`, sst},
		{`<sheetData><row><c t="s"><v>0</v></c><c t="s"><v>1</v></c></row><row><c t="s"><v>2</v></c><c><v>3.1</v></c></row></sheetData>`,
			`<sst><si><t>姓名</t></si><si><r><t>班</t></r><r><t>级</t></r></si><si><r><t>张</t></r><rPh><t>zhang</t></rPh><t>_x000D_三_x005F_x0041_</t></si></sst>`},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, sheetData, sharedStrings string) {
		path := writeFile(t, "fuzz.xlsx", workbookZip(t, sheetData, sharedStrings))
		rf, err := New().ReadRoster(path)
		if err != nil {
			var e *app.Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v is not an *app.Error", err)
			}
			return
		}
		if len(rf.Rows) == 0 {
			t.Fatal("success without rows")
		}
	})
}

// workbookZip builds a one-sheet .xlsx whose worksheet holds sheetData as
// given (a fuzzed one need not be well formed), and the shared strings
// XML.
func workbookZip(t *testing.T, sheetData, sharedStrings string) []byte {
	t.Helper()
	var buf bytes.Buffer
	sheet := part{"xl/worksheets/sheet1.xml", text(`<?xml version="1.0" encoding="UTF-8"?><worksheet ` + mainNS + `>` + sheetData + `</worksheet>`)}
	if err := workbook(nil, text(sharedStrings), sheet)(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestHandMadeWorkbook checks the fuzzer's workbook builder, and reads
// XML as other programs write it: rows and cells without references,
// inline strings, numbers in exponent form.
func TestHandMadeWorkbook(t *testing.T) {
	data := workbookZip(t, `<sheetData><row><c t="inlineStr"><is><t>姓名</t></is></c><c t="inlineStr"><is><t>班级</t></is></c>`+
		`<c t="inlineStr"><is><t>电话</t></is></c></row><row/>`+
		`<row><c t="inlineStr"><is><t>李四</t></is></c><c><v>3.2</v></c><c><v>1.3812341234E10</v></c></row></sheetData>`, "")
	rf, err := New().ReadRoster(writeFile(t, "hand.xlsx", data))
	if err != nil {
		t.Fatal(err)
	}
	want := []app.RosterRow{{Line: 3, Name: "李四", ClassText: "3.2", Guardians: []app.GuardianInput{g("", "", "13812341234")}}}
	if !reflect.DeepEqual(rf.Rows, want) {
		t.Errorf("rows:\n got %+v\nwant %+v", rf.Rows, want)
	}
}

// checkSheetRows is what the fuzz targets of the sheet readers ask of any
// input: an *app.Error and no rows, or some rows after the header line,
// in file order, each with values that valid accepts.
func checkSheetRows[R any](t *testing.T, rows []R, err error, h *header, fields func(R) (int, map[string]string), valid func(k, v string) bool) {
	t.Helper()
	if err != nil {
		var e *app.Error
		if !errors.As(err, &e) {
			t.Fatalf("error %v is not an *app.Error", err)
		}
		if rows != nil {
			t.Fatalf("%d rows returned with error %v", len(rows), err)
		}
		return
	}
	if len(rows) == 0 {
		t.Fatal("success without rows")
	}
	last := h.line
	for _, r := range rows {
		line, values := fields(r)
		if line <= last {
			t.Fatalf("row line %d after line %d", line, last)
		}
		last = line
		if len(values) == 0 {
			t.Fatalf("row %d without values", line)
		}
		for k, v := range values {
			if !valid(k, v) {
				t.Fatalf("row %d value %q=%q", line, k, v)
			}
		}
	}
}
