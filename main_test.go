package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/crypto/bcrypt"
	"golang.org/x/text/encoding/simplifiedchinese"

	"jxj/app"
	"jxj/app/demo"
	"jxj/app/i18n"
	"jxj/storage"
	"jxj/storage/xlsx"
)

// jxj runs the command line in-process, wired to real storage and real
// files, as the binary is.
func jxj(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}

// actAs makes the commands that need an account act as user of the demo
// school (its password is demo.Password), as a script does.
func actAs(t *testing.T, user string) {
	t.Helper()
	t.Setenv("JXJ_USER", user)
	t.Setenv("JXJ_PASSWORD", demo.Password)
}

func TestMain(m *testing.M) {
	if os.Getenv(beMain) == "1" {
		// a fault test started this binary as jxj itself
		os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	storage.BcryptCost = bcrypt.MinCost
	os.Setenv("JXJ_LANG", i18n.Chinese)
	os.Exit(m.Run())
}

// A school's messy roster, as Excel on Chinese Windows saves it as CSV
// (GBK), goes through preview, import and re-import without duplicates.
func TestImportRosterEndToEnd(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	csv := "城关镇中心小学2026学年学生名单\r\n\r\n" +
		"序号,学生姓名,性别,学籍号,年级,班级,监护人,与学生关系,联系电话,家长2姓名,家长2关系,家长2电话\r\n" +
		"1,张　三,男,2026001,三年级,(2)班,张大山,父亲,１３８ １２３４ １２３４,李梅,母亲,139-0000-1111\r\n" +
		"2,李喆,女,2026002,三年级,2班,张大山,父亲,13812341234,,,\r\n" +
		"\r\n" +
		"3,,男,2026003,三年级,2班,王父,父亲,13800000000,,,\r\n" +
		"4,钱彧,女,2026004,三年级,3班,钱父,父亲,1380000,,,\r\n"
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(csv)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "名单.csv")
	if err := os.WriteFile(file, []byte(gbk), 0o600); err != nil {
		t.Fatal(err)
	}

	code, out, errOut := jxj(t, "import", "roster", "--data", data, "--dry-run", file)
	if code != 0 {
		t.Fatalf("dry run: exit %d: %s", code, errOut)
	}
	for _, want := range []string{"第 3 行是表头", "新增 2，更新 0，不变 0，拒绝 2 行", "三年级2班",
		"第 7 行 ：缺少学生姓名", "第 8 行 钱彧：电话“1380000”不是有效的手机或座机号码", "试运行"} {
		if !strings.Contains(out, want) {
			t.Errorf("dry run output lacks %q:\n%s", want, out)
		}
	}

	if code, out, errOut = jxj(t, "import", "roster", "--data", data, file); code != 0 || !strings.Contains(out, "新增 2") {
		t.Fatalf("import: exit %d\n%s%s", code, out, errOut)
	}
	if code, out, _ = jxj(t, "import", "roster", "--data", data, file); code != 0 || !strings.Contains(out, "新增 0，更新 0，不变 2") {
		t.Fatalf("re-import: exit %d, want all unchanged:\n%s", code, out)
	}

	export := filepath.Join(dir, "通讯录.xlsx")
	if code, out, errOut = jxj(t, "export", "directory", "--data", data, export); code != 0 {
		t.Fatalf("export: exit %d: %s", code, errOut)
	}
	f, err := xlsx.New().ReadRoster(export)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Rows) != 2 || f.Rows[0].Name != "张三" || len(f.Rows[0].Guardians) != 2 || f.Rows[0].Guardians[0].Phone != "13812341234" {
		t.Fatalf("exported rows = %+v; want 张三 with both guardians and the full phone", f.Rows)
	}
}

func TestDemoAndAccounts(t *testing.T) {
	data := t.TempDir()
	if code, out, errOut := jxj(t, "demo", "--data", data); code != 0 || !strings.Contains(out, "演示县实验小学") {
		t.Fatalf("demo: exit %d\n%s%s", code, out, errOut)
	}
	if code, out, _ := jxj(t, "demo", "--data", data); code != 0 || !strings.Contains(out, "已存在") {
		t.Fatalf("second demo: exit %d, want 0 and nothing changed:\n%s", code, out)
	}
	actAs(t, demo.AdminUser)
	code, out, _ := jxj(t, "account", "list", "--data", data)
	if code != 0 || !strings.Contains(out, "admin") || !strings.Contains(out, "teacher") {
		t.Fatalf("account list: exit %d\n%s", code, out)
	}
}

func TestBadFilesFailCleanly(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	xls := filepath.Join(dir, "old.xls")
	if err := os.WriteFile(xls, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0}, 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := jxj(t, "import", "roster", "--data", data, xls)
	if code != 1 || !strings.Contains(errOut, ".xlsx") {
		t.Errorf(".xls: exit %d, stderr %q; want 1 and the advice to save as .xlsx", code, errOut)
	}
	if code, _, _ := jxj(t, "import", "roster", "--data", data); code != 2 {
		t.Errorf("no file: exit %d, want 2", code)
	}
	if code, out, errOut := jxj(t, "export", "directory", "--data", data, filepath.Join(dir, "x.xlsx")); code != 1 {
		t.Errorf("export of a folder without a school: exit %d, want 1\n%s%s", code, out, errOut)
	}
}

// What is neither the window's --data nor a command is refused with exit
// 2, the words as typed and the help, in the user's language (not the
// flag package's English).
func TestUnknownArguments(t *testing.T) {
	for _, args := range [][]string{{"frobnicate"}, {"--bogus"}, {"--data", "x", "frob", "nicate"}} {
		code, _, errOut := jxj(t, args...)
		want := "没有这个命令：" + strings.Join(args, " ")
		if code != 2 || !strings.Contains(errOut, want) || !strings.Contains(errOut, "jxj demo --data DIR") ||
			strings.Contains(errOut, "flag provided") {
			t.Errorf("jxj %v: exit %d, stderr %q; want 2, %q and the help", args, code, errOut, want)
		}
	}
}

// A notice goes out to grade 1 from the command line: its slip codes come
// out for a mail merge, one comes back and is acknowledged, a duplicate
// and a typo are refused without changing anything, and the notice prints
// as a PDF; the demo survey exports to Excel.
func TestNoticeEndToEnd(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	if code, out, errOut := jxj(t, "demo", "--data", data); code != 0 {
		t.Fatalf("demo: exit %d\n%s%s", code, out, errOut)
	}
	actAs(t, demo.AdminUser)

	code, out, errOut := jxj(t, "notice", "publish", "--data", data, "--title", "春游安全须知", "--body", "请家长阅读后签字。",
		"--to", "grade:1", "--ack", "--deadline", "2026-12-01")
	id := strings.TrimSpace(out)
	if _, err := strconv.ParseInt(id, 10, 64); code != 0 || err != nil {
		t.Fatalf("publish: exit %d, stdout %q, stderr %q; want 0 and the id alone", code, out, errOut)
	}
	if !strings.Contains(errOut, "共 180 份回执") {
		t.Errorf("publish summary %q; want 180 receipts (grade 1: 4 classes × 45)", errOut)
	}

	code, out, errOut = jxj(t, "notice", "codes", "--data", data, id)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if code != 0 || len(lines) != 181 || lines[0] != "班级\t学号\t学生\t回执码" {
		t.Fatalf("codes: exit %d, %d lines (want a header and 180), stderr %q:\n%.300s", code, len(lines), errOut, out)
	}
	first := strings.Split(lines[1], "\t")
	if len(first) != 4 || first[0] != "一年级1班" {
		t.Fatalf("first code row %q; want class, number, student, code of 一年级1班", lines[1])
	}
	student, slip := first[2], first[3]

	status := func() string {
		t.Helper()
		code, out, errOut := jxj(t, "notice", "status", "--data", data, id)
		if code != 0 {
			t.Fatalf("status: exit %d: %s", code, errOut)
		}
		return out
	}
	before := status()
	if !hasFields(before, "全部", "180", "0", "0", "180") {
		t.Fatalf("status before any slip:\n%s", before)
	}

	code, out, errOut = jxj(t, "notice", "ack", "--data", data, "--code", strings.ToLower(slip))
	if code != 0 || !strings.Contains(out, "一年级1班 "+student) {
		t.Fatalf("ack %s: exit %d, stdout %q, stderr %q; want %s acknowledged", slip, code, out, errOut, student)
	}
	acked := status()
	if !hasFields(acked, "全部", "179", "0", "1", "180") || !hasFields(acked, "一年级1班", "44", "0", "1", "45") {
		t.Fatalf("status after one slip; want 1 acknowledged in 一年级1班:\n%s", acked)
	}
	if code, out, errOut = jxj(t, "notice", "list", "--data", data); code != 0 || !hasFields(out, id, "已发布", time.Now().Format("2006-01-02"), "1/180", "春游安全须知") {
		t.Errorf("list: exit %d, stderr %q; want the notice with 1/180:\n%s", code, errOut, out)
	}

	typo := slip[:len(slip)-1] + "2"
	if typo == slip {
		typo = slip[:len(slip)-1] + "3"
	}
	for _, tt := range []struct{ name, code, want string }{
		{"the same slip again", slip, student + "（一年级1班）的回执已在"},
		{"a mistyped code", typo, "有输错的地方"},
		{"a code of no notice", app.NewSlipCode(), "找不到回执码"},
	} {
		code, out, errOut := jxj(t, "notice", "ack", "--data", data, "--code", tt.code)
		if code != 1 || out != "" || !strings.Contains(errOut, tt.want) {
			t.Errorf("%s (%s): exit %d, stdout %q, stderr %q; want 1 and a message with %q", tt.name, tt.code, code, out, errOut, tt.want)
		}
		if after := status(); after != acked {
			t.Errorf("%s changed the status:\n%s\nwant\n%s", tt.name, after, acked)
		}
	}

	book := filepath.Join(dir, "回执码.xlsx")
	if code, out, errOut = jxj(t, "notice", "codes", "--data", data, "--out", book, id); code != 0 {
		t.Fatalf("codes --out: exit %d\n%s%s", code, out, errOut)
	}
	// the mail-merge file reads back as a sheet of returned slips
	rows, err := xlsx.New().ReadReceiptSheet(book)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 180 || rows[0].Code != slip || rows[0].StudentName != student {
		t.Fatalf("codes file: %d rows, first %+v; want 180, the first %s %s", len(rows), rows[0], student, slip)
	}

	pdf := filepath.Join(dir, "通知.pdf")
	if code, out, errOut = jxj(t, "print", "notice", "--data", data, "--out", pdf, id); code != 0 || !strings.Contains(out, "180 张回执条") {
		t.Fatalf("print: exit %d\n%s%s", code, out, errOut)
	}
	if b, err := os.ReadFile(pdf); err != nil || !bytes.HasPrefix(b, []byte("%PDF")) {
		t.Fatalf("print wrote %.20q, %v; want a PDF", b, err)
	}

	code, out, errOut = jxj(t, "form", "list", "--data", data)
	var survey string
	for line := range strings.Lines(out) {
		if f := strings.Fields(line); len(f) > 0 && f[len(f)-1] == "寒假去向统计" {
			survey = f[0]
		}
	}
	if code != 0 || survey == "" {
		t.Fatalf("form list: exit %d, stderr %q; want the demo survey:\n%s", code, errOut, out)
	}
	answers := filepath.Join(dir, "寒假去向.xlsx")
	if code, out, errOut = jxj(t, "form", "export", "--data", data, survey, answers); code != 0 {
		t.Fatalf("form export: exit %d\n%s%s", code, out, errOut)
	}
	f, err := excelize.OpenFile(answers)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if sheets := f.GetSheetList(); len(sheets) < 2 {
		t.Errorf("export has sheets %q; want the answers and a summary", sheets)
	}
}

// hasFields reports whether out has a line whose space-separated fields
// are fields.
func hasFields(out string, fields ...string) bool {
	for line := range strings.Lines(out) {
		if slices.Equal(strings.Fields(line), fields) {
			return true
		}
	}
	return false
}
