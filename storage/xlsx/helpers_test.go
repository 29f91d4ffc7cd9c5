package xlsx

import (
	"archive/zip"
	"compress/flate"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jxj/app"
	"jxj/app/i18n"
)

// sheetSpec is a worksheet for a test file: rows from row 1 (a nil row is
// left empty), cell values as excelize writes them (strings stay strings,
// ints and floats become numbers), and cell ranges to merge.
type sheetSpec struct {
	name   string
	rows   [][]any
	merge  [][2]string
	hidden bool
}

// writeXLSX builds an .xlsx in a temporary folder and returns its path.
func writeXLSX(t testing.TB, sheets ...sheetSpec) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, sh := range sheets {
		if i == 0 {
			if err := f.SetSheetName(f.GetSheetName(0), sh.name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(sh.name); err != nil {
			t.Fatal(err)
		}
		for r, row := range sh.rows {
			if row == nil {
				continue
			}
			ref, _ := excelize.CoordinatesToCellName(1, r+1)
			if err := f.SetSheetRow(sh.name, ref, &row); err != nil {
				t.Fatal(err)
			}
		}
		for _, m := range sh.merge {
			if err := f.MergeCell(sh.name, m[0], m[1]); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Excel cannot hide the selected sheet: select the first visible one.
	for i, sh := range sheets {
		if !sh.hidden {
			f.SetActiveSheet(i)
			break
		}
	}
	for _, sh := range sheets {
		if sh.hidden {
			if err := f.SetSheetVisible(sh.name, false); err != nil {
				t.Fatal(err)
			}
		}
	}
	path := filepath.Join(t.TempDir(), "test.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

// writeFile writes raw bytes to a temporary file with the given name.
func writeFile(t testing.TB, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// errorKey returns the translation key of an *app.Error, or a note that
// err is something else.
func errorKey(err error) string {
	if err == nil {
		return ""
	}
	var e *app.Error
	if !errors.As(err, &e) {
		return "not an *app.Error: " + err.Error()
	}
	return e.Key
}

// checkMessage fails when the text of a user's error is broken in a
// language: a missing key or placeholders that do not fit the arguments.
func checkMessage(t *testing.T, err error) {
	t.Helper()
	var e *app.Error
	if !errors.As(err, &e) {
		return
	}
	for _, lang := range i18n.Languages {
		msg := i18n.TIn(lang, e.Key, e.Args...)
		if msg == e.Key || strings.Contains(msg, "%!") {
			t.Errorf("%s message for %s%v: %q", lang, e.Key, e.Args, msg)
		}
	}
}

// g is a short GuardianInput for tables.
func g(name, relation, phone string) app.GuardianInput {
	return app.GuardianInput{Name: name, Relation: relation, Phone: phone}
}

// part is one file inside a test workbook: its name and what writes its
// content.
type part struct {
	name  string
	write func(w io.Writer) error
}

func text(s string) func(io.Writer) error {
	return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
}

const (
	mainNS = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
	relNS  = `xmlns="http://schemas.openxmlformats.org/package/2006/relationships"`
	relWS  = `http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet`
	relSST = `http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings`
)

// workbook writes a zip of a workbook with one sheet whose sheetData is
// data and shared strings sst (none when nil), plus any extra parts;
// parts replace the default ones of the same name.
func workbook(data, sst func(io.Writer) error, extra ...part) func(io.Writer) error {
	parts := []part{
		{"[Content_Types].xml", text(`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
			`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
			`<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`)},
		{"_rels/.rels", text(`<?xml version="1.0" encoding="UTF-8"?><Relationships ` + relNS + `>` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)},
		{"xl/workbook.xml", text(`<?xml version="1.0" encoding="UTF-8"?><workbook ` + mainNS + `><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`)},
		{"xl/_rels/workbook.xml.rels", text(`<?xml version="1.0" encoding="UTF-8"?><Relationships ` + relNS + `>` +
			`<Relationship Id="rId1" Type="` + relWS + `" Target="worksheets/sheet1.xml"/>` +
			`<Relationship Id="rId2" Type="` + relSST + `" Target="sharedStrings.xml"/></Relationships>`)},
		{"xl/worksheets/sheet1.xml", func(w io.Writer) error {
			if _, err := io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><worksheet `+mainNS+`><sheetData>`); err != nil {
				return err
			}
			if err := data(w); err != nil {
				return err
			}
			_, err := io.WriteString(w, `</sheetData></worksheet>`)
			return err
		}},
	}
	if sst != nil {
		parts = append(parts, part{"xl/sharedStrings.xml", sst})
	}
	for _, e := range extra {
		replaced := false
		for i := range parts {
			if parts[i].name == e.name {
				parts[i], replaced = e, true
			}
		}
		if !replaced {
			parts = append(parts, e)
		}
	}
	return func(w io.Writer) error {
		zw := zip.NewWriter(w)
		// the fastest compression: hundreds of MB of repeated XML still
		// pack into a few MB, and the test builds them in well under a second
		zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
		for _, p := range parts {
			pw, err := zw.Create(p.name)
			if err != nil {
				return err
			}
			if err := p.write(pw); err != nil {
				return err
			}
		}
		return zw.Close()
	}
}
