package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"
	"golang.org/x/text/encoding/simplifiedchinese"

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

func TestMain(m *testing.M) {
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
