package ui

import (
	"context"
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
	"jxj/app/mock"
)

var backupNow = time.Date(2026, 12, 4, 10, 0, 0, 0, time.Local)

func testBackups() []app.Backup {
	return []app.Backup{
		{Path: "/d/backups/jxj-2026-12-04.db", Size: 5 << 20, At: backupNow.Add(-2 * time.Hour), Auto: true},
		{Path: "/d/backups/jxj-2026-12-01-153000.db", Size: 4 << 20, At: backupNow.AddDate(0, 0, -3)},
	}
}

// newTestBackup builds the backup page over the fakes, in Chinese, with
// work run at once.
func newTestBackup(t *testing.T, svc *mock.BackupService, restore RestoreFunc) (*BackupScreen, *Env) {
	t.Helper()
	inChinese(t)
	env, w := newScreenEnv(t, app.Services{Backups: svc})
	runs := runAsync
	runAsync = runNow
	t.Cleanup(func() { runAsync = runs })
	s := NewBackupScreen(env, restore)
	s.now = func() time.Time { return backupNow }
	s.showLatest()
	w.SetContent(s.Content())
	return s, env
}

func TestBackupPage(t *testing.T) {
	var made []string
	var days []int
	svc := &mock.BackupService{
		BackupsFn:    func(context.Context) ([]app.Backup, error) { return testBackups(), nil },
		BackupDaysFn: func(context.Context) (int, error) { return 30, nil },
		BackupNowFn: func(_ context.Context, path string) (*app.Backup, error) {
			made = append(made, path)
			return &app.Backup{Path: "/d/backups/jxj-2026-12-04-100000.db", School: "城关小学", Students: 300}, nil
		},
		SetBackupDaysFn: func(_ context.Context, d int) error { days = append(days, d); return nil },
	}
	s, env := newTestBackup(t, svc, nil)
	if got, want := s.latest.Text, i18n.T("backuppage.latest", "2026-12-04 08:00", "5.0 MB", 2); got != want {
		t.Errorf("latest = %q; want %q", got, want)
	}
	if got, _ := tableCellText(s.table, 1, 1); got != i18n.T("backuppage.kind.manual") {
		t.Errorf("second row kind = %q; want 手动", got)
	}
	if got := s.days.Selected; got != i18n.T("backuppage.days", 30) {
		t.Errorf("days kept = %q; want 30 天", got)
	}
	s.days.SetSelectedIndex(slices.Index(app.BackupDayChoices, 90))
	if !slices.Equal(days, []int{90}) {
		t.Errorf("days saved = %v; want [90]", days)
	}
	test.Tap(buttonWithText(t, s.Content(), i18n.T("backuppage.now")))
	if !slices.Equal(made, []string{""}) || !containsText(topDialogTexts(env.Window), "城关小学") {
		t.Errorf("backups made = %q, dialog %q; want one into backups/ and what it holds", made, topDialogTexts(env.Window))
	}
	if s.restores.Visible() {
		t.Error("the restore buttons show without a restore (the demo school)")
	}
}

// TestBackupPageWarnsWhenStale: no backup for more than two days means
// the daily backup failed or jxj was not open; the page says so.
func TestBackupPageWarnsWhenStale(t *testing.T) {
	old := testBackups()[1:]
	s, _ := newTestBackup(t, &mock.BackupService{
		BackupsFn:    func(context.Context) ([]app.Backup, error) { return old, nil },
		BackupDaysFn: func(context.Context) (int, error) { return 30, nil },
	}, nil)
	if s.latest.Importance != widget.WarningImportance || s.latest.Text != i18n.T("backuppage.stale", "2026-12-01 10:00") {
		t.Errorf("latest = %q (%v); want the warning", s.latest.Text, s.latest.Importance)
	}
}

func TestBackupPageRestore(t *testing.T) {
	var checked, restored []string
	svc := &mock.BackupService{
		BackupsFn:    func(context.Context) ([]app.Backup, error) { return testBackups(), nil },
		BackupDaysFn: func(context.Context) (int, error) { return 30, nil },
		CheckBackupFn: func(_ context.Context, path string) (*app.Backup, error) {
			checked = append(checked, path)
			return &app.Backup{Path: path, School: "城关小学", Students: 298, At: backupNow.AddDate(0, 0, -3)}, nil
		},
	}
	s, env := newTestBackup(t, svc, func(_ context.Context, path string) (string, error) {
		restored = append(restored, path)
		return "/d/jxj.db.before-restore-20261204-100000", nil
	})
	if !s.restoreB.Disabled() {
		t.Error("恢复所选备份 is enabled with nothing selected")
	}
	s.table.Select(widget.TableCellID{Row: 1, Col: 0})
	test.Tap(s.restoreB)
	if !slices.Equal(checked, []string{testBackups()[1].Path}) || len(restored) != 0 {
		t.Fatalf("checked %q, restored %q; want the selected backup checked, nothing restored before the confirmation", checked, restored)
	}
	if got := topDialogTexts(env.Window); !containsText(got, "298 名学生") {
		t.Errorf("the confirmation shows %q; want what the backup holds", got)
	}
	wantCancelDefault(t, env.Window, i18n.T("backuppage.restore_do"))
	if len(restored) != 0 {
		t.Fatal("Enter in the confirmation restored the backup")
	}
	s.confirm()
	if !slices.Equal(restored, checked) || !containsText(topDialogTexts(env.Window), "before-restore") {
		t.Errorf("restored %q, dialog %q; want the backup restored and where the old data went", restored, topDialogTexts(env.Window))
	}
}

// TestRecoveryScreen: a damaged database offers the latest backup; a
// failed restore says why and stays; a good one starts the window.
func TestRecoveryScreen(t *testing.T) {
	inChinese(t)
	env, w := newScreenEnv(t, app.Services{})
	runs := runAsync
	runAsync = runNow
	t.Cleanup(func() { runAsync = runs })
	var tried []string
	started := false
	fail := true
	r := newRecoveryScreen(env, RecoveryOptions{
		Err:    app.Errorf(app.EINTERNAL, "storage.error.damaged", "/d/jxj.db", "database disk image is malformed", "最近的备份是 /d/backups/jxj-2026-12-03.db。"),
		Latest: "/d/backups/jxj-2026-12-03.db",
		Restore: func(path string) error {
			tried = append(tried, path)
			if fail {
				return app.Errorf(app.EINVALID, "backup.error.damaged", path, "x")
			}
			return nil
		},
		Started: func() { started = true },
	})
	w.SetContent(r.content)
	if !containsText(objectTexts(r.content), "已损坏") {
		t.Errorf("the screen shows %q; want what is wrong", objectTexts(r.content))
	}
	test.Tap(r.latest)
	if started || r.latest.Disabled() || !containsText(topDialogTexts(w), "不能用来恢复") {
		t.Fatalf("after a failed restore: started %v, button disabled %v, dialog %q", started, r.latest.Disabled(), topDialogTexts(w))
	}
	fail = false
	test.Tap(r.latest)
	if !started || !slices.Equal(tried, []string{"/d/backups/jxj-2026-12-03.db", "/d/backups/jxj-2026-12-03.db"}) {
		t.Errorf("tried %q, started %v; want the latest backup restored and the window started", tried, started)
	}
}

// TestShellRestoreShowsLogin: after a restore from the backup page the
// window is on the restored school's services, at its login.
func TestShellRestoreShowsLogin(t *testing.T) {
	restored := newShellFakes()
	restoredSchool := &app.Org{ID: 1, Name: "恢复后的学校", Kind: app.OrgPrimary, HasAdmin: true}
	restored.org.SchoolFn = func(context.Context) (*app.Org, error) { return restoredSchool, nil }
	h := startShell(t, newShellFakes(), Options{Restore: func(context.Context, string) (string, app.Services, error) {
		return "/d/jxj.db.before-restore", restored.svc, nil
	}})
	h.login("admin", shellPassword)
	s := h.ui.showPage(pageBackup).(*BackupScreen)
	if s.restore == nil {
		t.Fatal("the backup page has no restore for the school")
	}
	s.restoreFrom("/d/backups/jxj-2026-12-03.db")
	h.wait()
	if h.ui.state != stateLogin || h.ui.env.School != restoredSchool || h.ui.env.Account != nil {
		t.Errorf("state %d, school %+v, account %+v; want the login of the restored school", h.ui.state, h.ui.env.School, h.ui.env.Account)
	}
}
