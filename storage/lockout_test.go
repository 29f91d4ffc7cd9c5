package storage

import (
	"context"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"jxj/app"
)

// Five wrong passwords in a row lock the account for 15 minutes, even
// for the right password and across a restart; the lock ends by itself,
// by an admin's unlock or by a new password, and every step is audited.
func TestLockout(t *testing.T) {
	dir := t.TempDir()
	db := mustOpenDir(t, dir)
	mustSetup(t, db)
	svc := db.Services().Accounts
	teacher, err := svc.CreateAccount(adminCtx, app.AccountCreate{Username: "wang", Password: "teach123", Role: app.RoleTeacher})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for i := 1; i < app.MaxFailedLogins; i++ {
		_, err := svc.Authenticate(ctx, "wang", "wrong-one")
		wantCode(t, err, app.EUNAUTHORIZED, "account.error.login_failed")
	}
	// a right password before the limit resets the count
	if _, err := svc.Authenticate(ctx, "wang", "teach123"); err != nil {
		t.Fatalf("right password after %d failures: %v", app.MaxFailedLogins-1, err)
	}
	for i := 1; i < app.MaxFailedLogins; i++ {
		_, err := svc.Authenticate(ctx, "wang", "wrong-one")
		wantCode(t, err, app.EUNAUTHORIZED, "account.error.login_failed")
	}
	_, err = svc.Authenticate(ctx, "wang", "wrong-one")
	wantCode(t, err, app.EUNAUTHORIZED, "account.error.locked")
	until := testNow.Add(app.LockoutTime)
	if args := err.(*app.Error).Args; len(args) != 2 || args[0] != app.MaxFailedLogins || args[1] != until.Local().Format("15:04") {
		t.Errorf("locked error args = %v; want the limit and %s", args, until.Local().Format("15:04"))
	}
	_, err = svc.Authenticate(ctx, "wang", "teach123")
	wantCode(t, err, app.EUNAUTHORIZED, "account.error.locked")
	// another account is not affected
	if _, err := svc.Authenticate(ctx, "admin", "secret-1"); err != nil {
		t.Fatalf("admin login while wang is locked: %v", err)
	}

	// a restart does not reset the lock
	db.Close()
	db = mustOpenDir(t, dir)
	svc = db.Services().Accounts
	_, err = svc.Authenticate(ctx, "wang", "teach123")
	wantCode(t, err, app.EUNAUTHORIZED, "account.error.locked")
	list, err := svc.Accounts(adminCtx)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range list {
		if locked := a.Locked(testNow); locked != (a.ID == teacher.ID) {
			t.Errorf("%s: Locked = %v, LockedUntil %v", a.Username, locked, a.LockedUntil)
		}
	}

	// the lock ends by itself
	db.Now = func() time.Time { return until.Add(time.Second) }
	if _, err := svc.Authenticate(ctx, "wang", "teach123"); err != nil {
		t.Fatalf("login after the lock-out: %v", err)
	}
	db.Now = func() time.Time { return testNow }

	// an admin unlocks; a teacher may not
	lock := func() {
		t.Helper()
		for range app.MaxFailedLogins {
			_, _ = svc.Authenticate(ctx, "wang", "wrong-one")
		}
		_, err := svc.Authenticate(ctx, "wang", "teach123")
		wantCode(t, err, app.EUNAUTHORIZED, "account.error.locked")
	}
	lock()
	wantCode(t, svc.UnlockAccount(as(app.RoleTeacher), teacher.ID), app.EFORBIDDEN, "error.admin_only")
	if err := svc.UnlockAccount(adminCtx, teacher.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Authenticate(ctx, "wang", "teach123"); err != nil {
		t.Fatalf("login after unlock: %v", err)
	}
	// a new password set by the admin ends the lock too
	lock()
	if err := svc.SetPassword(adminCtx, teacher.ID, "new-pass-2"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Authenticate(ctx, "wang", "new-pass-2"); err != nil {
		t.Fatalf("login with the new password: %v", err)
	}

	// four failures and a login, four failures and the lock, the login
	// after it ended, then two more locks
	for _, tt := range []struct {
		action, actor string
		want          int
	}{
		{"account.login_failed", "wang", 16},
		{"account.locked", "wang", 3},
		{"account.login", "wang", 2},
		{"account.unlock", "test-admin", 1},
	} {
		if n := count(t, db, `SELECT count(*) FROM audit WHERE action = ? AND actor = ?`, tt.action, tt.actor); n != tt.want {
			t.Errorf("%s rows by %s = %d; want %d", tt.action, tt.actor, n, tt.want)
		}
	}
}

// An unknown username counts nothing and writes nothing.
func TestLockoutUnknownUserWritesNothing(t *testing.T) {
	db := MustOpenDB(t)
	mustSetup(t, db)
	before := count(t, db, `SELECT count(*) FROM audit`)
	for range app.MaxFailedLogins + 1 {
		_, err := db.Services().Accounts.Authenticate(context.Background(), "nobody", "wrong-one")
		wantCode(t, err, app.EUNAUTHORIZED, "account.error.login_failed")
	}
	if n := count(t, db, `SELECT count(*) FROM audit`); n != before {
		t.Errorf("failed logins of an unknown user wrote %d audit rows", n-before)
	}
}

// A password set before the rules were tightened keeps working; the
// account is marked so the user is asked to change it.
func TestWeakPasswordStillLogsIn(t *testing.T) {
	db := MustOpenDB(t)
	mustSetup(t, db)
	svc := db.Services().Accounts
	if _, err := svc.CreateAccount(adminCtx, app.AccountCreate{Username: "wang", Password: "teach123", Role: app.RoleTeacher}); err != nil {
		t.Fatal(err)
	}
	old, err := bcrypt.GenerateFromPassword([]byte("123456"), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.w.Exec(`UPDATE accounts SET password_hash = ? WHERE username = 'wang'`, string(old)); err != nil {
		t.Fatal(err)
	}
	a, err := svc.Authenticate(context.Background(), "wang", "123456")
	if err != nil || !a.WeakPassword {
		t.Fatalf("Authenticate with an old weak password = %+v, %v; want it accepted and marked weak", a, err)
	}
	if a, err := svc.Authenticate(context.Background(), "admin", "secret-1"); err != nil || a.WeakPassword {
		t.Errorf("a strong password: %+v, %v; want it accepted and not marked", a, err)
	}
	// the weak one cannot be set again
	wantCode(t, svc.SetPassword(adminCtx, a.ID, "123456"), app.EINVALID, "account.error.password_short")
	wantCode(t, svc.SetPassword(adminCtx, a.ID, "88888888"), app.EINVALID, "account.error.password_common")
}

// The offline recovery needs no account and no old password; its audit
// row names it a recovery with the OS user and host, and it ends a lock.
func TestRecoverPassword(t *testing.T) {
	db := MustOpenDB(t)
	mustSetup(t, db)
	svc := db.Services().Accounts
	ctx := context.Background()
	for range app.MaxFailedLogins {
		_, _ = svc.Authenticate(ctx, "admin", "wrong-one")
	}
	wantCode(t, svc.RecoverPassword(ctx, app.Recovery{Username: "admin", Password: "woaini1314", OSUser: "it", Host: "office-pc"}),
		app.EINVALID, "account.error.password_common")
	wantCode(t, svc.RecoverPassword(ctx, app.Recovery{Username: "nobody", Password: "back-in-2025", OSUser: "it", Host: "office-pc"}),
		app.ENOTFOUND, "account.error.not_found")
	if err := svc.RecoverPassword(ctx, app.Recovery{Username: "ADMIN", Password: "back-in-2025", OSUser: "it", Host: "office-pc"}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Authenticate(ctx, "admin", "back-in-2025"); err != nil {
		t.Fatalf("login after the recovery: %v", err)
	}
	var actor, detail string
	if err := db.w.QueryRow(`SELECT actor, detail FROM audit WHERE action = 'account.recover'`).Scan(&actor, &detail); err != nil {
		t.Fatal(err)
	}
	if actor != "recovery:it@office-pc" || detail != "username=admin os_user=it host=office-pc" {
		t.Errorf("recovery audit row: actor %q, detail %q", actor, detail)
	}
}

func TestIdleLockSetting(t *testing.T) {
	db := MustOpenDB(t)
	mustSetup(t, db)
	svc := db.Services().Accounts
	if d, err := svc.IdleLock(adminCtx); err != nil || d != app.DefaultIdleLock {
		t.Fatalf("IdleLock before any choice = %v, %v; want the default %v", d, err, app.DefaultIdleLock)
	}
	wantCode(t, svc.SetIdleLock(adminCtx, 7*time.Minute), app.EINVALID, "account.error.idle_lock")
	wantCode(t, svc.SetIdleLock(as(app.RolePrincipal), 30*time.Minute), app.EFORBIDDEN, "error.admin_only")
	if err := svc.SetIdleLock(adminCtx, 30*time.Minute); err != nil {
		t.Fatal(err)
	}
	if d, err := svc.IdleLock(as(app.RoleTeacher)); err != nil || d != 30*time.Minute {
		t.Errorf("IdleLock = %v, %v; want 30m", d, err)
	}
	if n := count(t, db, `SELECT count(*) FROM audit WHERE action = 'settings.idle_lock' AND detail = 'minutes=30'`); n != 1 {
		t.Errorf("settings.idle_lock rows = %d; want 1", n)
	}
}

func TestPasswordRulesInStorage(t *testing.T) {
	db := MustOpenDB(t)
	mustSetup(t, db)
	svc := db.Services().Accounts
	for _, pw := range []string{"12345678", "88888888", "5201314520", "WoAiNi1314", "qwertyuiop", "password", "admin123"} {
		_, err := svc.CreateAccount(adminCtx, app.AccountCreate{Username: "zhao", Password: pw, Role: app.RoleTeacher})
		if app.ErrorCode(err) != app.EINVALID || !strings.HasPrefix(err.(*app.Error).Key, "account.error.password_") {
			t.Errorf("CreateAccount with %q: err = %v; want it refused", pw, err)
		}
	}
	if n := count(t, db, `SELECT count(*) FROM accounts WHERE username = 'zhao'`); n != 0 {
		t.Errorf("a refused password created the account")
	}
}
