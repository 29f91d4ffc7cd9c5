package ui

import (
	"context"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
	"jxj/app/mock"
)

// testClock is a clock a test moves by hand.
type testClock struct{ t time.Time }

func (c *testClock) now() time.Time          { return c.t }
func (c *testClock) advance(d time.Duration) { c.t = c.t.Add(d) }

// startIdle logs in as user on the settings page with the 修改密码 dialog
// open and something typed in it, under a clock the test moves.
func startIdle(t *testing.T, f *shellFakes, user string) (*shellHarness, *testClock) {
	t.Helper()
	clock := &testClock{t: time.Date(2025, 9, 1, 8, 0, 0, 0, time.Local)}
	h := startShell(t, f, Options{Now: clock.now})
	h.login(user, shellPassword)
	test.Tap(h.ui.navBtns[pageSettings])
	h.wait()
	test.Tap(h.ui.settings.passwordB)
	h.win.Canvas().Focus(h.ui.settings.password.next)
	test.Type(h.ui.settings.password.next, "half-typed")
	h.ui.idle.check() // the typing is seen at once
	return h, clock
}

// After the school's idle time without input the window locks over the
// page and its dialog, asks the same account's password and comes back
// as it was; input before that keeps it open.
func TestIdleLock(t *testing.T) {
	f := newShellFakes()
	f.accounts.IdleLockFn = func(context.Context) (time.Duration, error) { return 5 * time.Minute, nil }
	h, clock := startIdle(t, f, "liu")
	content := h.win.Content()

	clock.advance(4 * time.Minute)
	h.ui.idle.check()
	if h.ui.idle.screen != nil {
		t.Fatal("locked before the idle time")
	}
	// typing in the dialog counts as use
	test.Type(h.ui.settings.password.next, "-more")
	clock.advance(2 * time.Minute)
	h.ui.idle.check()
	// so does the pointer moving over the window
	clock.advance(2 * time.Minute)
	h.win.Content().(*activityWatch).Cursor()
	clock.advance(4 * time.Minute)
	h.ui.idle.check()
	if h.ui.idle.screen != nil {
		t.Fatal("locked although the window was used within the idle time")
	}

	clock.advance(time.Minute)
	h.ui.idle.check()
	lock := h.ui.idle.screen
	if lock == nil {
		t.Fatal("not locked after 5 minutes without input")
	}
	overlays := h.win.Canvas().Overlays()
	if overlays.Top() != lock.Content() {
		t.Error("the lock screen is not on top of everything")
	}
	if got, want := lock.Content().Size(), h.win.Canvas().Size(); got != want {
		t.Errorf("the lock screen covers %v of the %v window", got, want)
	}
	h.wantText(i18n.T("lock.title"))
	h.wantText("刘老师（liu）")

	var tried []string
	auth := f.accounts.AuthenticateFn
	f.accounts.AuthenticateFn = func(ctx context.Context, user, pw string) (*app.Account, error) {
		tried = append(tried, user)
		return auth(ctx, user, pw)
	}
	test.Type(lock.password, "wrong-password")
	test.Tap(lock.unlockB)
	h.wait()
	if h.ui.idle.screen == nil || !lock.errLabel.Visible() || lock.errLabel.Text != i18n.T("account.error.login_failed") {
		t.Fatalf("a wrong password: locked %v, error %q", h.ui.idle.screen != nil, lock.errLabel.Text)
	}
	test.Type(lock.password, shellPassword)
	lock.password.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.wait()
	if h.ui.idle.screen != nil {
		t.Fatal("still locked after the right password")
	}
	if len(tried) != 2 || tried[0] != "liu" || tried[1] != "liu" {
		t.Errorf("passwords checked for %q; want liu's twice", tried)
	}
	if h.win.Content() != content || h.ui.env.Account != shellTeacher || h.ui.page != pageSettings {
		t.Error("the window is not as it was before the lock")
	}
	if got := h.ui.settings.password.next.Text; got != "half-typed-more" {
		t.Errorf("the open dialog holds %q; want the text typed before the lock", got)
	}
	for _, o := range overlays.List() {
		if o == lock.Content() {
			t.Error("the lock screen is still an overlay")
		}
	}
	// the idle time starts again
	clock.advance(4 * time.Minute)
	h.ui.idle.check()
	if h.ui.idle.screen != nil {
		t.Error("locked again right after the unlock")
	}
}

func TestIdleLockDefaultAndLogout(t *testing.T) {
	h, clock := startIdle(t, newShellFakes(), "admin")
	clock.advance(app.DefaultIdleLock - time.Second)
	h.ui.idle.check()
	if h.ui.idle.screen != nil {
		t.Fatal("locked before the default idle time")
	}
	clock.advance(time.Second)
	h.ui.idle.check()
	if h.ui.idle.screen == nil {
		t.Fatal("not locked after the default idle time")
	}
	test.Tap(h.ui.idle.screen.logoutB)
	h.wait()
	if h.ui.state != stateLogin || h.ui.env.Account != nil || len(h.win.Canvas().Overlays().List()) != 0 {
		t.Errorf("logout from the lock: state %d, account %v, %d overlays; want the login and nothing over it",
			h.ui.state, h.ui.env.Account, len(h.win.Canvas().Overlays().List()))
	}
	if h.ui.idle.stop != nil {
		t.Error("the idle check keeps running after the logout")
	}
}

// A password from before the rules still logs in; the user is asked to
// change it, and the button opens 修改密码.
func TestWeakPasswordAskedAfterLogin(t *testing.T) {
	f := newShellFakes()
	weak := *shellTeacher
	weak.WeakPassword = true
	f.accounts.AuthenticateFn = func(context.Context, string, string) (*app.Account, error) { return &weak, nil }
	h := startShell(t, f, Options{})
	h.login("liu", "123456")
	if h.ui.state != stateMain {
		t.Fatalf("state = %d, want logged in", h.ui.state)
	}
	h.wantText(i18n.T("login.weak_password", app.MinPasswordLen))
	test.Tap(h.button(i18n.T("settings.password.change")))
	h.wait()
	if h.ui.page != pageSettings || h.ui.settings == nil || h.ui.settings.password == nil {
		t.Error("修改密码 did not open the change-password dialog")
	}

	h = startShell(t, newShellFakes(), Options{})
	h.login("liu", shellPassword)
	if h.hasText(i18n.T("login.weak_password", app.MinPasswordLen)) {
		t.Error("a good password is asked to change")
	}
}

func TestLoginShowsLockout(t *testing.T) {
	f := newShellFakes()
	f.accounts.AuthenticateFn = func(context.Context, string, string) (*app.Account, error) {
		return nil, app.Errorf(app.EUNAUTHORIZED, "account.error.locked", app.MaxFailedLogins, "08:15")
	}
	h := startShell(t, f, Options{})
	h.login("liu", shellPassword)
	h.wantText("密码连续输错 5 次，这个账号已锁定到 08:15")
}

// The admin chooses the idle time in 设置; it is saved and used at once.
// Others see it.
func TestSettingsIdleLock(t *testing.T) {
	f := newShellFakes()
	var saved []time.Duration
	f.accounts.SetIdleLockFn = func(ctx context.Context, d time.Duration) error {
		if !app.AccountFromContext(ctx).IsAdmin() {
			t.Error("SetIdleLock not as the admin")
		}
		saved = append(saved, d)
		return nil
	}
	h := openSettings(t, f, "admin")
	s := h.ui.settings
	if s.idleSelect == nil || s.idleSelect.Selected != "10 分钟没有操作" || s.idleSelect.Disabled() {
		t.Fatalf("the admin's idle lock choice: %+v", s.idleSelect)
	}
	s.idleSelect.SetSelected("30 分钟没有操作")
	h.wait()
	if len(saved) != 1 || saved[0] != 30*time.Minute || h.ui.idle.timeout != 30*time.Minute {
		t.Errorf("saved %v, shell uses %v; want 30m both", saved, h.ui.idle.timeout)
	}

	h = openSettings(t, newShellFakes(), "liu")
	if h.ui.settings.idleSelect != nil {
		t.Error("a teacher can choose the idle lock")
	}
	h.wantText("10 分钟没有操作就锁定")
}

// 设置 warns when the audit log's chain is broken.
func TestSettingsAuditChainWarning(t *testing.T) {
	f := newShellFakes()
	h := openSettings(t, f, "admin")
	if h.ui.settings.auditCheck.Visible() {
		t.Errorf("a warning for an intact log: %q", h.ui.settings.auditCheck.Text)
	}
	f.audit.VerifyAuditFn = func(context.Context) (*app.AuditCheck, error) {
		return &app.AuditCheck{Rows: 9, Break: app.AuditTruncated, At: 9, Expected: 12}, nil
	}
	h = openSettings(t, f, "admin")
	h.wantText("现在只到第 9 条，但曾经写到第 12 条")
}

func TestAccountsUnlock(t *testing.T) {
	f := newShellFakes()
	locked := *shellTeacher
	locked.LockedUntil = time.Now().Add(10 * time.Minute)
	f.accounts.AccountsFn = func(context.Context) ([]*app.Account, error) { return []*app.Account{shellAdmin, &locked}, nil }
	var unlocked []int64
	f.accounts.UnlockAccountFn = func(_ context.Context, id int64) error {
		unlocked = append(unlocked, id)
		return nil
	}
	h := openAccounts(t, f)
	s := h.ui.accounts
	if want := i18n.T("accounts.state.locked", locked.LockedUntil.Local().Format("15:04")); s.rows[1][3] != want {
		t.Errorf("state of the locked account = %q, want %q", s.rows[1][3], want)
	}
	s.table.Select(widget.TableCellID{Row: 0})
	if !s.unlockB.Disabled() {
		t.Error("解锁 is enabled for an account that is not locked")
	}
	s.table.Select(widget.TableCellID{Row: 1})
	if s.unlockB.Disabled() {
		t.Fatal("解锁 is disabled for the locked account")
	}
	test.Tap(s.unlockB)
	h.wait()
	if len(unlocked) != 1 || unlocked[0] != locked.ID {
		t.Errorf("UnlockAccount calls = %v, want [%d]", unlocked, locked.ID)
	}
}

// The window's exports go through the audited services as the account
// logged in.
func TestShellExportsAreAudited(t *testing.T) {
	f := newShellFakes()
	var by []string
	f.audit.RecordExportFn = func(ctx context.Context, e app.Export) error {
		by = append(by, app.AccountFromContext(ctx).Username+" "+e.What)
		return nil
	}
	f.svc.Sheets.(*mock.SheetService).WriteDirectoryFn = func(string, []app.DirectoryEntry) error { return nil }
	h := startShell(t, f, Options{})
	h.login("liu", shellPassword)
	if err := h.ui.env.Services.Sheets.WriteDirectory(t.TempDir()+"/x.xlsx", nil); err != nil {
		t.Fatal(err)
	}
	if len(by) != 1 || by[0] != "liu directory" {
		t.Errorf("exports recorded: %q; want liu's directory", by)
	}
}
