package xlsx

import (
	"errors"
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
