package cli

import (
	"context"
	"errors"
	"strings"
	"testing"

	"jxj/app"
	"jxj/app/i18n"
	"jxj/app/mock"
)

var testTeacher = &app.Account{ID: 2, Username: "liu", Role: app.RoleTeacher, ClassIDs: []int64{3}}

const teacherPassword = "liu-pass-22"

// accountFakes is a school with an admin and a teacher; the account
// service records what the commands asked of it.
type accountFakes struct {
	svc        app.Services
	setPW      map[int64]string
	changed    [][2]string // current, new
	unlocked   []int64
	recovered  []app.Recovery
	exports    []app.Export
	exportedBy []string
}

func newAccountFakes() *accountFakes {
	f := &accountFakes{setPW: map[int64]string{}}
	f.svc = app.Services{
		Org: &mock.OrgService{SchoolFn: func(context.Context) (*app.Org, error) { return testSchool, nil }},
		Accounts: &mock.AccountService{
			AuthenticateFn: func(_ context.Context, user, pw string) (*app.Account, error) {
				for _, a := range []struct {
					acct *app.Account
					pw   string
				}{{testAdmin, testPassword}, {testTeacher, teacherPassword}} {
					if strings.EqualFold(user, a.acct.Username) && pw == a.pw {
						return a.acct, nil
					}
				}
				return nil, app.Errorf(app.EUNAUTHORIZED, "account.error.login_failed")
			},
			AccountsFn: func(ctx context.Context) ([]*app.Account, error) {
				if err := app.RequireAdmin(ctx); err != nil {
					return nil, err
				}
				return []*app.Account{testAdmin, testTeacher}, nil
			},
			SetPasswordFn: func(ctx context.Context, id int64, pw string) error {
				if err := app.RequireAdmin(ctx); err != nil {
					return err
				}
				f.setPW[id] = pw
				return nil
			},
			ChangePasswordFn: func(ctx context.Context, current, pw string) error {
				f.changed = append(f.changed, [2]string{current, pw})
				return nil
			},
			UnlockAccountFn: func(ctx context.Context, id int64) error {
				if err := app.RequireAdmin(ctx); err != nil {
					return err
				}
				f.unlocked = append(f.unlocked, id)
				return nil
			},
			RecoverPasswordFn: func(_ context.Context, r app.Recovery) error {
				f.recovered = append(f.recovered, r)
				return nil
			},
		},
		Audit: &mock.AuditService{RecordExportFn: func(ctx context.Context, e app.Export) error {
			f.exports = append(f.exports, e)
			f.exportedBy = append(f.exportedBy, app.AccountFromContext(ctx).Username)
			return nil
		}},
	}
	return f
}

// as sets the account the next commands act as, through the environment.
func as(t *testing.T, user, pw string) {
	t.Helper()
	t.Setenv("JXJ_USER", user)
	t.Setenv("JXJ_PASSWORD", pw)
}

// Once the school has an administrator, every command that changes data
// or exports personal data refuses to run without an account (exit 2),
// before any service but the school is asked; the read-only ones run.
func TestCommandsNeedAnAccount(t *testing.T) {
	as(t, "", "")
	needs := [][]string{
		{"import", "roster", "--data", "d", "x.xlsx"},
		{"import", "classes", "--data", "d", "--dry-run", "x.xlsx"},
		{"import", "staff", "--data", "d", "x.xlsx"},
		{"export", "directory", "--data", "d", "x.xlsx"},
		{"notice", "publish", "--data", "d", "--title", "T", "--to", "school"},
		{"notice", "ack", "--data", "d", "--code", "K7MQ2XP"},
		{"notice", "codes", "--data", "d", "3"},
		{"notice", "confirm", "--data", "d", "3"},
		{"notice", "forward", "--data", "d", "--to", "school", "3"},
		{"print", "notice", "--data", "d", "--out", "x.pdf", "3"},
		{"form", "export", "--data", "d", "3", "x.xlsx"},
		{"attendance", "mark", "--data", "d", "--date", "2026-11-02", "--class", "1"},
		{"attendance", "export", "--data", "d", "--class", "1", "--month", "2026-11", "x.xlsx"},
		{"exam", "add", "--data", "d", "--name", "期中", "--date", "2026-11-10", "--subjects", "语文:100"},
		{"grades", "import", "--data", "d", "--exam", "1", "x.xlsx"},
		{"enrol", "--data", "d", "--hub", "https://hub", "--code", "ABCD-EFGH-JKLM"},
		{"account", "list", "--data", "d"},
		{"account", "passwd", "--data", "d", "admin"},
		{"account", "unlock", "--data", "d", "liu"},
	}
	for _, args := range needs {
		t.Run(strings.Join(args[:2], " "), func(t *testing.T) {
			svc := app.Services{Org: newAccountFakes().svc.Org} // anything else called panics
			code, out, errOut := runWith(t, svc, "new-password-9\n", args...)
			if code != ExitUsage || !strings.Contains(errOut, "--user") || out != "" {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 2 asking for --user", code, out, errOut)
			}
		})
	}
	for _, tt := range []struct {
		args []string
		svc  app.Services
	}{
		{[]string{"notice", "list", "--data", "d"}, app.Services{Notices: &mock.NoticeService{NoticesFn: func(ctx context.Context) ([]*app.Notice, error) {
			if a := app.AccountFromContext(ctx); a == nil || !a.ReadOnly {
				t.Errorf("notice list acts as %+v; want the read-only status account", a)
			}
			return nil, nil
		}}}},
		{[]string{"audit", "verify", "--data", "d"}, app.Services{Audit: &mock.AuditService{VerifyAuditFn: func(context.Context) (*app.AuditCheck, error) {
			return &app.AuditCheck{Rows: 3}, nil
		}}}},
		{[]string{"version"}, app.Services{}},
	} {
		code, _, errOut := runWith(t, tt.svc, "", tt.args...)
		if code != ExitOK {
			t.Errorf("%s without an account: exit %d, %s", strings.Join(tt.args, " "), code, errOut)
		}
	}
}

// The account comes from --user or JXJ_USER, its password from
// JXJ_PASSWORD or the terminal; a wrong one fails (exit 1), and without a
// terminal or JXJ_PASSWORD there is nothing to log in with (exit 2).
func TestLogin(t *testing.T) {
	run := func(t *testing.T, env *Env, args ...string) (int, string, *app.Account) {
		t.Helper()
		f := newAccountFakes()
		var acting *app.Account
		f.svc.Accounts.(*mock.AccountService).AccountsFn = func(ctx context.Context) ([]*app.Account, error) {
			acting = app.AccountFromContext(ctx)
			return []*app.Account{testAdmin, testTeacher}, nil
		}
		var errOut strings.Builder
		env.Stdout, env.Stderr = &strings.Builder{}, &errOut
		env.Open = func(context.Context, string) (app.Services, func() error, error) {
			return f.svc, func() error { return nil }, nil
		}
		env.Stdin = strings.NewReader("")
		return Run(context.Background(), args, env), errOut.String(), acting
	}
	i18n.SetLanguage(i18n.Chinese)

	as(t, "liu", teacherPassword)
	if code, errOut, a := run(t, &Env{}, "account", "list", "--data", "d"); code != ExitOK || a != testTeacher {
		t.Errorf("JXJ_USER=liu: exit %d (%s), acting %+v; want liu", code, errOut, a)
	}
	as(t, "liu", testPassword)
	if code, errOut, a := run(t, &Env{}, "account", "list", "--user", "admin", "--data", "d"); code != ExitOK || a != testAdmin {
		t.Errorf("--user admin over JXJ_USER=liu: exit %d (%s), acting %+v; want admin", code, errOut, a)
	}
	as(t, "admin", "wrong-pass-1")
	if code, errOut, a := run(t, &Env{}, "account", "list", "--data", "d"); code != ExitFailed || a != nil || !strings.Contains(errOut, "用户名或密码不对") {
		t.Errorf("a wrong password: exit %d (%s), acting %+v; want exit 1 and the reason", code, errOut, a)
	}

	// no JXJ_PASSWORD: asked on the terminal, or refused without one
	as(t, "admin", "")
	var prompts []string
	terminal := &Env{ReadPassword: func(prompt string) (string, error) {
		prompts = append(prompts, prompt)
		return testPassword, nil
	}}
	if code, errOut, a := run(t, terminal, "account", "list", "--data", "d"); code != ExitOK || a != testAdmin || len(prompts) != 1 || !strings.Contains(prompts[0], "admin") {
		t.Errorf("terminal: exit %d (%s), acting %+v, prompts %q; want admin after one prompt naming it", code, errOut, a, prompts)
	}
	if code, errOut, _ := run(t, &Env{}, "account", "list", "--data", "d"); code != ExitUsage || !strings.Contains(errOut, "JXJ_PASSWORD") {
		t.Errorf("no terminal, no JXJ_PASSWORD: exit %d, %q; want exit 2 naming JXJ_PASSWORD", code, errOut)
	}
	broken := &Env{ReadPassword: func(string) (string, error) { return "", errors.New("EOF") }}
	if code, errOut, _ := run(t, broken, "account", "list", "--data", "d"); code != ExitFailed || !strings.Contains(errOut, "没能从终端读取密码") {
		t.Errorf("an unreadable terminal: exit %d, %q", code, errOut)
	}
}

// A weak password from before the rules still logs in, with a note to
// change it.
func TestLoginWithAWeakPasswordWarns(t *testing.T) {
	f := newAccountFakes()
	weak := *testAdmin
	weak.WeakPassword = true
	f.svc.Accounts.(*mock.AccountService).AuthenticateFn = func(context.Context, string, string) (*app.Account, error) { return &weak, nil }
	as(t, "admin", "123456")
	code, _, errOut := runWith(t, f.svc, "", "account", "unlock", "--data", "d", "liu")
	if code != ExitOK || !strings.Contains(errOut, "jxj account passwd") {
		t.Errorf("exit %d, stderr %q; want done with a note to change the password", code, errOut)
	}
}

// In a folder whose school has no administrator yet the command line acts
// as the setup, named in the audit log by the OS user and host.
func TestFreshFolderActsAsSetup(t *testing.T) {
	as(t, "", "")
	osUser, host := WhoAmI()
	for name, school := range map[string]func(context.Context) (*app.Org, error){
		"no school": func(context.Context) (*app.Org, error) { return nil, app.Errorf(app.ENOTFOUND, "org.error.not_setup") },
		"no admin":  func(context.Context) (*app.Org, error) { return &app.Org{ID: 1, Name: "x"}, nil },
	} {
		t.Run(name, func(t *testing.T) {
			var acting *app.Account
			svc := app.Services{
				Org: &mock.OrgService{SchoolFn: school},
				Sheets: &mock.SheetService{ReadClassesFn: func(string) ([]app.ClassRow, error) {
					return nil, nil
				}},
				Classes: &mock.ClassService{PreviewClassesFn: func(ctx context.Context, _ []app.ClassRow) (*app.ImportPlan, error) {
					acting = app.AccountFromContext(ctx)
					return &app.ImportPlan{}, nil
				}},
			}
			code, _, errOut := runWith(t, svc, "", "import", "classes", "--data", "d", "--dry-run", "x.xlsx")
			if code != ExitOK || acting == nil || acting.Username != "setup:"+osUser+"@"+host || !acting.IsAdmin() {
				t.Errorf("exit %d (%s), acting %+v; want setup:%s@%s as admin", code, errOut, acting, osUser, host)
			}
		})
	}
}

// `account passwd`: the admin for anyone, an account for itself with its
// old password, nobody else; `echo x | jxj account passwd admin` no longer
// works without the admin's password.
func TestAccountPasswd(t *testing.T) {
	f := newAccountFakes()
	as(t, "admin", testPassword)
	code, out, errOut := runWith(t, f.svc, "new-pass-77\n", "account", "passwd", "--data", "d", "LIU")
	if code != ExitOK || f.setPW[testTeacher.ID] != "new-pass-77" || !strings.Contains(out, "liu") {
		t.Errorf("admin sets liu's: exit %d (%s), set %v", code, errOut, f.setPW)
	}
	if code, _, _ := runWith(t, f.svc, "new-pass-77\n", "account", "passwd", "--data", "d", "nobody"); code != ExitFailed {
		t.Errorf("an unknown account: exit %d, want 1", code)
	}

	f = newAccountFakes()
	as(t, "liu", teacherPassword)
	code, _, errOut = runWith(t, f.svc, "mine-is-new-1\n", "account", "passwd", "--data", "d", "liu")
	if code != ExitOK || len(f.changed) != 1 || f.changed[0] != [2]string{teacherPassword, "mine-is-new-1"} {
		t.Errorf("liu changes his own: exit %d (%s), ChangePassword calls %v; want the old password and the new", code, errOut, f.changed)
	}
	code, _, errOut = runWith(t, f.svc, "taken-over-1\n", "account", "passwd", "--data", "d", "admin")
	if code != ExitFailed || len(f.setPW) != 0 || !strings.Contains(errOut, "只有管理员") {
		t.Errorf("liu sets the admin's: exit %d (%s), set %v; want refused", code, errOut, f.setPW)
	}

	as(t, "", "")
	code, _, _ = runWith(t, f.svc, "x\n", "account", "passwd", "--data", "d", "admin")
	if code != ExitUsage || len(f.setPW) != 0 {
		t.Errorf("echo x | jxj account passwd admin: exit %d, set %v; want refused", code, f.setPW)
	}

	// on a terminal the new password is typed twice
	f = newAccountFakes()
	as(t, "admin", testPassword)
	answers := []string{"first-try-12", "second-try-1"}
	env := func(p string) (string, error) {
		a := answers[0]
		answers = answers[1:]
		return a, nil
	}
	var errOutB strings.Builder
	code = Run(context.Background(), []string{"account", "passwd", "--data", "d", "liu"}, &Env{
		Stdin: strings.NewReader(""), Stdout: &strings.Builder{}, Stderr: &errOutB, ReadPassword: env,
		Open: func(context.Context, string) (app.Services, func() error, error) {
			return f.svc, func() error { return nil }, nil
		}})
	if code != ExitFailed || len(f.setPW) != 0 || !strings.Contains(errOutB.String(), "不一致") {
		t.Errorf("two different new passwords: exit %d (%s), set %v; want refused", code, errOutB.String(), f.setPW)
	}
}

func TestAccountUnlock(t *testing.T) {
	f := newAccountFakes()
	as(t, "admin", testPassword)
	if code, out, errOut := runWith(t, f.svc, "", "account", "unlock", "--data", "d", "liu"); code != ExitOK || len(f.unlocked) != 1 || f.unlocked[0] != testTeacher.ID || !strings.Contains(out, "liu") {
		t.Errorf("exit %d (%s), unlocked %v", code, errOut, f.unlocked)
	}
	as(t, "liu", teacherPassword)
	if code, _, _ := runWith(t, f.svc, "", "account", "unlock", "--data", "d", "liu"); code != ExitFailed || len(f.unlocked) != 1 {
		t.Errorf("a teacher unlocks: exit %d, unlocked %v; want refused", code, f.unlocked)
	}
}

// The offline recovery needs no account; it tells the service the OS
// user and host, which the audit log keeps.
func TestAccountRecover(t *testing.T) {
	as(t, "", "")
	f := newAccountFakes()
	f.svc.Accounts.(*mock.AccountService).AuthenticateFn = nil // a call would panic
	code, out, errOut := runWith(t, f.svc, "back-in-2025\n", "account", "recover", "--data", "d", "admin")
	osUser, host := WhoAmI()
	want := app.Recovery{Username: "admin", Password: "back-in-2025", OSUser: osUser, Host: host}
	if code != ExitOK || len(f.recovered) != 1 || f.recovered[0] != want {
		t.Fatalf("exit %d (%s), recovered %+v; want %+v", code, errOut, f.recovered, want)
	}
	if !strings.Contains(out, osUser) || !strings.Contains(out, host) {
		t.Errorf("output %q does not say the recovery was logged with %s and %s", out, osUser, host)
	}
	if code, _, _ := runWith(t, f.svc, "", "account", "recover", "--data", "d", "admin"); code != ExitUsage {
		t.Errorf("no new password: exit %d, want 2", code)
	}
}

func TestAuditVerify(t *testing.T) {
	check := &app.AuditCheck{Rows: 120}
	svc := app.Services{Audit: &mock.AuditService{VerifyAuditFn: func(ctx context.Context) (*app.AuditCheck, error) {
		if a := app.AccountFromContext(ctx); a == nil || !a.ReadsAll() {
			t.Errorf("audit verify acts as %+v; want an account that reads all", a)
		}
		return check, nil
	}}}
	if code, out, _ := runWith(t, svc, "", "audit", "verify", "--data", "d"); code != ExitOK || !strings.Contains(out, "共 120 条") {
		t.Errorf("intact: exit %d, %q", code, out)
	}
	check = &app.AuditCheck{Rows: 40, Break: app.AuditMissing, At: 41, Expected: 38}
	if code, out, errOut := runWith(t, svc, "", "audit", "verify", "--data", "d"); code != ExitFailed || out != "" || !strings.Contains(errOut, "第 38 到第 40 条被删除") {
		t.Errorf("broken: exit %d, stdout %q, stderr %q; want exit 1 naming rows 38 to 40", code, out, errOut)
	}
}

// A teacher's directory export is the directory as the teacher sees it
// (the service masks by the acting account) and is audited as theirs.
func TestExportDirectoryActsAsTheAccount(t *testing.T) {
	f := newAccountFakes()
	var seenBy *app.Account
	f.svc.Directory = &mock.DirectoryService{DirectoryFn: func(ctx context.Context) (*app.Directory, error) {
		seenBy = app.AccountFromContext(ctx)
		return &app.Directory{Entries: make([]app.DirectoryEntry, 3)}, nil
	}}
	f.svc.Sheets = &mock.SheetService{WriteDirectoryFn: func(string, []app.DirectoryEntry) error { return nil }}
	as(t, "liu", teacherPassword)
	code, _, errOut := runWith(t, f.svc, "", "export", "directory", "--data", "d", "通讯录.xlsx")
	if code != ExitOK || seenBy != testTeacher {
		t.Fatalf("exit %d (%s), directory read as %+v; want liu", code, errOut, seenBy)
	}
	want := app.Export{What: "directory", Rows: 3, Path: "通讯录.xlsx"}
	if len(f.exports) != 1 || f.exports[0] != want || f.exportedBy[0] != "liu" {
		t.Errorf("exports %+v by %v; want %+v by liu", f.exports, f.exportedBy, want)
	}
}
