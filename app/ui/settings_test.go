package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"jxj/app"
	"jxj/app/i18n"
)

// openSettings logs in as user and opens 设置.
func openSettings(t *testing.T, f *shellFakes, user string) *shellHarness {
	t.Helper()
	h := startShell(t, f, Options{DataDir: "/data/jxj", Version: "0.3.0"})
	h.login(user, shellPassword)
	test.Tap(h.ui.navBtns[pageSettings])
	h.wait()
	if h.ui.settings == nil {
		t.Fatal("the settings screen is not shown")
	}
	return h
}

func TestSettingsSwitchToEnglish(t *testing.T) {
	h := openSettings(t, newShellFakes(), "admin")
	h.ui.settings.lang.SetSelected("English")
	h.wait()

	if i18n.Language() != i18n.English {
		t.Fatalf("language = %q, want en", i18n.Language())
	}
	if got := h.app.Preferences().String(PrefLanguage); got != i18n.English {
		t.Errorf("saved language = %q, want en", got)
	}
	if h.ui.state != stateMain || h.ui.env.Account != shellAdmin {
		t.Fatal("the user was logged out by the language switch")
	}
	want := "Workbench,Notices,Homework,Forms & check-ins,Open courses,Bureau requests,Attendance,Leave,Grades,Parent directory,Import,Accounts,Backups,Sync,Settings"
	if got := strings.Join(h.navLabels(), ","); got != want {
		t.Errorf("navigation = %s, want %s", got, want)
	}
	h.wantText("Log out")
	h.wantText("Language and appearance")
	if h.hasText("退出登录") {
		t.Error("Chinese text left after switching to English")
	}
	if got, want := h.win.Title(), "JXJ School — "+shellSchool.Name; got != want {
		t.Errorf("title = %q, want %q", got, want)
	}
	if h.ui.page != pageSettings || h.ui.settings == nil {
		t.Errorf("page = %q after the switch, want the settings again", h.ui.page)
	}
}

func TestSettingsLanguageFromPreferences(t *testing.T) {
	lang := i18n.Language()
	t.Cleanup(func() { i18n.SetLanguage(lang) })
	a := test.NewTempApp(t)
	a.Preferences().SetString(PrefLanguage, i18n.English)
	w := test.NewTempWindow(t, nil)
	async := trackShellAsync(t)
	u := Start(a, w, newShellFakes().svc, Options{})
	async.wait(t)
	if i18n.Language() != i18n.English {
		t.Errorf("language = %q, want the saved en", i18n.Language())
	}
	if got := u.login.submitB.Text; got != "Log in" {
		t.Errorf("login button = %q, want Log in", got)
	}
}

func TestSettingsTheme(t *testing.T) {
	h := openSettings(t, newShellFakes(), "admin")
	bg := func() any {
		return h.app.Settings().Theme().Color(theme.ColorNameBackground, theme.VariantLight)
	}
	h.ui.settings.theme.SetSelected(i18n.T("settings.theme.light"))
	h.wait()
	light := bg()
	h.ui.settings.theme.SetSelected(i18n.T("settings.theme.dark"))
	h.wait()
	dark := bg()
	if light == dark {
		t.Errorf("background is %v in both light and dark", light)
	}
	if want := NewTheme(ThemeDark).Color(theme.ColorNameBackground, theme.VariantLight); dark != want {
		t.Errorf("dark background = %v, want the dark theme's %v", dark, want)
	}
	if got := h.app.Preferences().String(PrefTheme); got != ThemeDark {
		t.Errorf("saved theme = %q, want dark", got)
	}
	if h.ui.state != stateMain || h.ui.settings == nil {
		t.Error("the theme switch left the settings")
	}
}

// An admin's settings lead to the records, which show each entry as a
// sentence; back returns to the settings.
func TestSettingsAboutAndAudit(t *testing.T) {
	h := openSettings(t, newShellFakes(), "admin")
	h.wantText("/data/jxj")
	h.wantText("0.3.0")
	if h.ui.settings.auditCheck.Visible() {
		t.Error("the warning of a broken chain shows for an intact one")
	}
	test.Tap(h.button("查看操作记录"))
	h.wait()
	page := h.ui.settings.audit
	if page == nil {
		t.Fatal("查看操作记录 does not open the records")
	}
	want := "王校务（管理员）新建了账号 liu，角色：教师"
	if len(page.rows) != 1 || page.rows[0].sentence != want || page.rows[0].at != "2025-09-01 08:30" {
		t.Errorf("records = %+v; want one at 2025-09-01 08:30: %q", page.rows, want)
	}
	test.Tap(h.button("返回设置"))
	h.wait()
	if h.ui.settings.audit != nil || !h.hasText("/data/jxj") {
		t.Error("返回设置 does not show the settings again")
	}
}

// A broken chain is a warning on the settings as they open.
func TestSettingsAuditBroken(t *testing.T) {
	f := newShellFakes()
	f.audit.VerifyAuditFn = func(context.Context) (*app.AuditCheck, error) {
		return &app.AuditCheck{Rows: 9, Break: app.AuditEdited, At: 4}, nil
	}
	h := openSettings(t, f, "admin")
	h.wantText("第 4 条与记录链对不上")
}

func TestSettingsTeacherHasNoAudit(t *testing.T) {
	f := newShellFakes()
	called := false
	f.audit.AuditLogFn = func(context.Context, app.AuditFilter) ([]*app.AuditEntry, bool, error) {
		called = true
		return nil, false, nil
	}
	f.audit.VerifyAuditFn = func(context.Context) (*app.AuditCheck, error) {
		called = true
		return &app.AuditCheck{}, nil
	}
	h := openSettings(t, f, "liu")
	if called || h.ui.settings.auditCheck != nil || h.hasText("查看操作记录") {
		t.Error("a teacher's settings lead to the audit log")
	}
}

func TestSettingsChangeOwnPassword(t *testing.T) {
	f := newShellFakes()
	var got []string
	f.accounts.ChangePasswordFn = func(ctx context.Context, current, next string) error {
		if a := app.AccountFromContext(ctx); a == nil || a.Username != "liu" {
			t.Errorf("acting account = %+v, want the teacher", a)
		}
		got = append(got, current, next)
		if current != shellPassword {
			return app.Errorf(app.EUNAUTHORIZED, "account.error.current_password")
		}
		return nil
	}
	h := openSettings(t, f, "liu")
	s := h.ui.settings

	test.Tap(s.passwordB)
	test.Type(s.password.current, "wrong-pw")
	test.Type(s.password.next, "newpass1")
	test.Type(s.password.repeat, "newpass2")
	if s.password.repeat.Validate() == nil {
		t.Error("a repeat that differs passes validation")
	}
	s.password.submit()
	h.wait()
	h.wantText(i18n.T("account.error.current_password"))

	test.Tap(s.passwordB)
	test.Type(s.password.current, shellPassword)
	test.Type(s.password.next, "newpass1")
	test.Type(s.password.repeat, "newpass1")
	if err := s.password.repeat.Validate(); err != nil {
		t.Errorf("matching repeat: %v", err)
	}
	s.password.submit()
	h.wait()
	h.wantText(i18n.T("settings.password.done"))
	if want := []string{"wrong-pw", "newpass1", shellPassword, "newpass1"}; strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("ChangePassword calls = %q, want %q", got, want)
	}
}
