package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	lpdf "github.com/ledongthuc/pdf"
	"github.com/xuri/excelize/v2"
)

// The bureau's list from end to end: the template, filled in, is
// previewed (nothing written), imported, listed by township, imported
// again without doubling; a school is edited; letters are printed for the
// schools not enrolled, one page each with a code that enrols.
func TestHubOrgsEndToEnd(t *testing.T) {
	dir := t.TempDir()
	hubDir := filepath.Join(dir, "hub")
	list := filepath.Join(dir, "名单.xlsx")
	if code, out, errOut := jxj(t, "hub", "org", "template", list); code != 0 || !strings.Contains(out, list) {
		t.Fatalf("hub org template: exit %d\n%s%s", code, out, errOut)
	}
	f, err := excelize.OpenFile(list)
	if err != nil {
		t.Fatal(err)
	}
	sheet := f.GetSheetName(0)
	for i, row := range [][]any{
		{"城关镇第一小学", "小学", "城关镇"},
		{"城关镇中学", "九年一贯制", "城关镇"},
		{"李家教学点", "教学点", "河口镇"},
		{"某某大学", "大学", "河口镇"},
	} {
		if err := f.SetSheetRow(sheet, "A"+string(rune('2'+i)), &row); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()

	code, out, errOut := jxj(t, "hub", "org", "import", "--data", hubDir, "--dry-run", list)
	if code != 0 || !strings.Contains(out, "第 5 行") || !strings.Contains(out, "大学") || !strings.Contains(out, "没有写入") {
		t.Fatalf("import --dry-run: exit %d\n%s%s; want the preview with row 5's problem", code, out, errOut)
	}
	if _, out, _ := jxj(t, "hub", "org", "list", "--data", hubDir); !strings.Contains(out, "还没有") {
		t.Errorf("after a dry run the hub lists schools:\n%s", out)
	}
	if code, out, errOut := jxj(t, "hub", "org", "import", "--data", hubDir, list); code != 0 || !strings.Contains(out, "jxj hub org letters") {
		t.Fatalf("import: exit %d\n%s%s", code, out, errOut)
	}
	if code, out, errOut := jxj(t, "hub", "org", "import", "--data", hubDir, list); code != 0 {
		t.Fatalf("import again: exit %d\n%s%s", code, out, errOut)
	}
	code, out, _ = jxj(t, "hub", "org", "list", "--data", hubDir)
	for _, want := range []string{"城关镇：2 所，已注册 0 所", "河口镇：1 所", "九年一贯制", "教学点", "未注册"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("hub org list lacks %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "城关镇第一小学"); n != 1 {
		t.Errorf("城关镇第一小学 listed %d times after importing twice, want once", n)
	}

	if code, out, errOut := jxj(t, "hub", "org", "edit", "--data", hubDir, "--type", "初中", "--township", "城关学区", "2"); code != 0 ||
		!strings.Contains(out, "城关学区 · 初中") {
		t.Errorf("hub org edit: exit %d\n%s%s", code, out, errOut)
	}
	if code, _, errOut := jxj(t, "hub", "org", "edit", "--data", hubDir, "2"); code != 2 || !strings.Contains(errOut, "--township") {
		t.Errorf("hub org edit without a change: exit %d %q, want 2 and what to give", code, errOut)
	}

	letters := filepath.Join(dir, "通知书.pdf")
	if code, _, errOut := jxj(t, "hub", "org", "letters", "--data", hubDir, letters); code != 2 || !strings.Contains(errOut, "--hub") {
		t.Errorf("letters without --hub: exit %d %q, want 2 asking for it", code, errOut)
	}
	code, out, errOut = jxj(t, "hub", "org", "letters", "--data", hubDir, "--hub", "jxj.example.gov.cn:8420", letters)
	if code != 0 || !strings.Contains(out, "3 所学校") || !strings.Contains(out, "只印在这份 PDF 里") {
		t.Fatalf("hub org letters: exit %d\n%s%s", code, out, errOut)
	}
	pages := pdfPages(t, letters)
	if len(pages) != 3 {
		t.Fatalf("%d pages, want 3 (one per school not enrolled)", len(pages))
	}
	for i, p := range pages {
		if enrolCodeRE.FindString(p) == "" || !strings.Contains(p, "https://jxj.example.gov.cn:8420") {
			t.Errorf("page %d lacks the code or the hub's address:\n%s", i+1, p)
		}
	}
}

// pdfPages returns the text of each page of a PDF.
func pdfPages(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r, err := lpdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var pages []string
	for i := 1; i <= r.NumPage(); i++ {
		text, err := r.Page(i).GetPlainText(nil)
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, strings.Join(strings.Fields(text), ""))
	}
	return pages
}
