package cli

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"jxj/app"
	"jxj/app/i18n"
	"jxj/app/mock"
)

// The school every command test runs in unless it gives its own Org and
// Accounts fakes: one with an administrator, who logs in through
// JXJ_USER and JXJ_PASSWORD.
var (
	testSchool = &app.Org{ID: 1, Name: "城关镇中心小学", HasAdmin: true}
	testAdmin  = &app.Account{ID: 1, Username: "admin", Role: app.RoleAdmin}
)

const testPassword = "admin-pass-1"

// runWith runs the command line against fake services and returns the exit
// code and both outputs. Unless the test set JXJ_USER itself, the command
// acts as testAdmin; exports are recorded nowhere unless the test gives an
// Audit fake.
func runWith(t *testing.T, svc app.Services, stdin string, args ...string) (int, string, string) {
	t.Helper()
	i18n.SetLanguage(i18n.Chinese)
	if svc.Org == nil {
		svc.Org = &mock.OrgService{SchoolFn: func(context.Context) (*app.Org, error) { return testSchool, nil }}
	}
	if svc.Accounts == nil {
		svc.Accounts = &mock.AccountService{AuthenticateFn: func(_ context.Context, user, pw string) (*app.Account, error) {
			if user == testAdmin.Username && pw == testPassword {
				return testAdmin, nil
			}
			return nil, app.Errorf(app.EUNAUTHORIZED, "account.error.login_failed")
		}}
	}
	if svc.Audit == nil {
		svc.Audit = &mock.AuditService{RecordExportFn: func(context.Context, app.Export) error { return nil }}
	}
	if _, set := os.LookupEnv("JXJ_USER"); !set {
		t.Setenv("JXJ_USER", testAdmin.Username)
		t.Setenv("JXJ_PASSWORD", testPassword)
	}
	var out, errOut bytes.Buffer
	var openedDir string
	env := &Env{
		Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut, Version: "test",
		Open: func(_ context.Context, dir string) (app.Services, func() error, error) {
			openedDir = dir
			return svc, func() error { return nil }, nil
		},
	}
	code := Run(context.Background(), args, env)
	if code == ExitOK && len(args) > 2 && args[2] == "--data" && openedDir != args[3] {
		t.Errorf("opened %q, want the --data folder %q", openedDir, args[3])
	}
	return code, out.String(), errOut.String()
}

func TestHelpListsCommandsInTheUsersLanguage(t *testing.T) {
	code, out, _ := runWith(t, app.Services{}, "", "--help")
	if code != ExitOK {
		t.Fatalf("exit %d, want 0", code)
	}
	for _, want := range []string{"jxj import roster --data DIR [--dry-run] FILE", "导入学生和家长名单", "jxj export directory"} {
		if !strings.Contains(out, want) {
			t.Errorf("help lacks %q:\n%s", want, out)
		}
	}
	i18n.SetLanguage(i18n.English)
	defer i18n.SetLanguage(i18n.Chinese)
	var buf bytes.Buffer
	printHelp(&buf)
	if !strings.Contains(buf.String(), "import students and guardians") {
		t.Errorf("English help lacks the English text:\n%s", buf.String())
	}
}

// A command's -h or --help is its help on standard output, exit 0: the
// usage, what it does and its flags in the user's language; not a usage
// error saying "flag: help requested".
func TestCommandHelp(t *testing.T) {
	for _, args := range [][]string{{"cockpit", "--help"}, {"backup", "-h"}, {"student", "status", "--help"}} {
		code, out, errOut := runWith(t, app.Services{}, "", args...)
		if code != ExitOK || errOut != "" || !strings.Contains(out, "用法：jxj "+strings.Join(args[:len(args)-1], " ")) ||
			!strings.Contains(out, "-data") || !strings.Contains(out, "数据文件夹") {
			t.Errorf("jxj %v: exit %d, stdout %q, stderr %q; want 0 and the command's help", args, code, out, errOut)
		}
	}
	if _, out, _ := runWith(t, app.Services{}, "", "cockpit", "--help"); !strings.Contains(out, "-from") {
		t.Errorf("cockpit's help lacks --from:\n%s", out)
	}
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		{"unknown command", []string{"frobnicate"}},
		{"missing file", []string{"import", "roster", "--data", "d"}},
		{"flag after file", []string{"import", "roster", "--data", "d", "a.xlsx", "--dry-run"}},
		{"unknown flag", []string{"demo", "--bogus"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := runWith(t, app.Services{}, "", tt.args...)
			if code != ExitUsage || errOut == "" {
				t.Errorf("exit %d, stderr %q; want exit 2 with a message", code, errOut)
			}
		})
	}
}

func TestIsCommand(t *testing.T) {
	tests := []struct {
		args []string
		want bool
	}{
		{nil, false},
		{[]string{"--data", "x"}, false},
		{[]string{"demo"}, true},
		{[]string{"import", "roster"}, true},
		{[]string{"export"}, true},
		{[]string{"help"}, true},
		{[]string{"imp"}, false},
	}
	for _, tt := range tests {
		if got := IsCommand(tt.args); got != tt.want {
			t.Errorf("IsCommand(%q) = %v, want %v", tt.args, got, tt.want)
		}
	}
}

func TestImportRosterDryRunPrintsThePlanAndWritesNothing(t *testing.T) {
	rows := []app.RosterRow{{Line: 3, Name: "张三"}, {Line: 4, Name: ""}}
	imported := false
	svc := app.Services{
		Sheets: &mock.SheetService{ReadRosterFn: func(path string) (*app.RosterFile, error) {
			return &app.RosterFile{Sheet: "学生名单", HeaderLine: 2, Columns: []string{"姓名", "班级"}, Rows: rows}, nil
		}},
		Roster: &mock.RosterService{
			PreviewRosterFn: func(_ context.Context, got []app.RosterRow) (*app.ImportPlan, error) {
				if len(got) != 2 {
					t.Errorf("preview got %d rows, want 2", len(got))
				}
				return &app.ImportPlan{Added: 1, NewClasses: []app.ClassKey{{Grade: 3, Name: "2班"}},
					Rejected: []app.RowProblem{{Line: 4, Reason: app.Errorf(app.EINVALID, "import.reject.name_missing")}}}, nil
			},
			ImportRosterFn: func(context.Context, []app.RosterRow, func(int, int)) (*app.ImportPlan, error) {
				imported = true
				return nil, nil
			},
		},
	}
	code, out, errOut := runWith(t, svc, "", "import", "roster", "--data", "d", "--dry-run", "名单.xlsx")
	if code != ExitOK {
		t.Fatalf("exit %d, stderr %s", code, errOut)
	}
	if imported {
		t.Error("--dry-run imported")
	}
	for _, want := range []string{"工作表“学生名单”，第 2 行是表头", "新增 1，更新 0，不变 0，拒绝 1 行", "三年级2班", "第 4 行 ：缺少学生姓名", "试运行"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestImportRosterPrintsChangesRemovalsFirst(t *testing.T) {
	plan := &app.ImportPlan{Updated: 2, Removals: 1, Items: []app.PlanItem{
		{Line: 3, Action: app.ActionUpdate, Name: "王乐",
			Changes: []app.Change{{Field: "import.field.guardian", Old: "赵敏 13812340004", New: "赵敏 13912349999"}}},
		{Line: 4, Action: app.ActionUpdate, Name: "刘一",
			Changes: []app.Change{{Field: "import.field.guardian", Old: "刘大 13812340005"}, {Field: "import.field.guardian", New: "陈梅 13812340006"}}},
	}}
	svc := app.Services{
		Sheets: &mock.SheetService{ReadRosterFn: func(string) (*app.RosterFile, error) { return &app.RosterFile{}, nil }},
		Roster: &mock.RosterService{PreviewRosterFn: func(context.Context, []app.RosterRow) (*app.ImportPlan, error) { return plan, nil }},
	}
	code, out, errOut := runWith(t, svc, "", "import", "roster", "--data", "d", "--dry-run", "名单.xlsx")
	if code != ExitOK {
		t.Fatalf("exit %d, stderr %s", code, errOut)
	}
	removal := strings.Index(out, "! 第 4 行 刘一：监护人：移除 刘大 13812340005；监护人：新增 陈梅 13812340006")
	update := strings.Index(out, "  第 3 行 王乐：监护人：赵敏 13812340004 → 赵敏 13912349999")
	if removal < 0 || update < 0 || removal > update || !strings.Contains(out, "移除 1 项") {
		t.Errorf("output lacks the removal count, the marked removal first, then the update:\n%s", out)
	}
}

func TestUnreadableFileFails(t *testing.T) {
	svc := app.Services{Sheets: &mock.SheetService{ReadRosterFn: func(string) (*app.RosterFile, error) {
		return nil, app.Errorf(app.EINVALID, "import.reject.class_missing")
	}}}
	code, _, errOut := runWith(t, svc, "", "import", "roster", "--data", "d", "x.xlsx")
	if code != ExitFailed || !strings.Contains(errOut, "缺少班级") {
		t.Errorf("exit %d, stderr %q; want 1 with the translated reason", code, errOut)
	}
}

func TestYearRolloverDryRunPlansOnly(t *testing.T) {
	plan := &app.Rollover{From: 2026, To: 2027, TopGrade: 6, Moved: 45, Graduated: 43,
		Moves:     []app.ClassMove{{From: "五年级1班", To: "六年级1班", Students: 45}},
		Graduates: []app.ClassMove{{From: "六年级1班", Students: 43}}}
	rolled := false
	svc := app.Services{Years: &mock.YearService{
		PlanRolloverFn: func(_ context.Context, o app.RolloverOptions) (*app.Rollover, error) {
			if o.TopGrade != 6 {
				t.Errorf("top grade %d; want the flag's 6", o.TopGrade)
			}
			return plan, nil
		},
		RolloverFn: func(context.Context, app.RolloverOptions) (*app.Rollover, error) { rolled = true; return plan, nil },
	}}
	code, out, errOut := runWith(t, svc, "", "year", "rollover", "--data", "d", "--dry-run", "--top-grade", "6")
	if code != ExitOK || rolled {
		t.Fatalf("exit %d, rolled over %v, stderr %s; want a plan only", code, rolled, errOut)
	}
	for _, want := range []string{"2026—2027学年 → 2027—2028学年", "五年级1班 → 六年级1班（45 人）", "六年级1班 毕业（43 人）", "试运行"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}
