package storage

import (
	"context"
	"slices"
	"strings"
	"testing"

	"jxj/app"
)

// mustSetup sets up a school with the admin "admin" / "secret-1".
func mustSetup(t testing.TB, db *DB) (*app.Org, *app.Account) {
	t.Helper()
	org, acct, err := db.Services().Org.Setup(context.Background(), app.SchoolSetup{
		Name: " 城关小学 ", Kind: app.OrgPrimary, AdminUsername: "admin", AdminPassword: "secret-1"})
	if err != nil {
		t.Fatalf("Setup: %v", err)
	}
	return org, acct
}

func TestSchoolBeforeSetup(t *testing.T) {
	db := MustOpenDB(t)
	_, err := db.Services().Org.School(context.Background())
	wantCode(t, err, app.ENOTFOUND, "org.error.not_setup")
}

func TestSetup(t *testing.T) {
	db := MustOpenDB(t)
	org, acct := mustSetup(t, db)
	if org.Name != "城关小学" || org.Kind != app.OrgPrimary || org.UUID == "" || !org.CreatedAt.Equal(testNow) {
		t.Errorf("Setup org = %+v; want 城关小学, primary, a uuid, created now", org)
	}
	if acct.Username != "admin" || acct.Role != app.RoleAdmin || acct.Disabled {
		t.Errorf("Setup account = %+v; want an active admin called admin", acct)
	}
	got, err := db.Services().Org.School(context.Background())
	if err != nil || got.UUID != org.UUID || got.Name != org.Name {
		t.Errorf("School() = %+v, %v; want %+v", got, err, org)
	}

	entries, _, err := db.Services().Audit.AuditLog(adminCtx, app.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range entries {
		actions = append(actions, e.Action)
		if e.Actor != "admin" {
			t.Errorf("audit %s actor = %q; want admin", e.Action, e.Actor)
		}
	}
	if want := []string{"account.create", "org.setup"}; !slices.Equal(actions, want) {
		t.Errorf("audit actions = %v; want %v", actions, want)
	}

	_, _, err = db.Services().Org.Setup(context.Background(), app.SchoolSetup{
		Name: "另一所", Kind: app.OrgPrimary, AdminUsername: "other", AdminPassword: "secret-1"})
	wantCode(t, err, app.ECONFLICT, "org.error.exists")
}

func TestSetupValidates(t *testing.T) {
	good := app.SchoolSetup{Name: "城关小学", Kind: app.OrgPrimary, AdminUsername: "admin", AdminPassword: "secret-1"}
	tests := []struct {
		name   string
		change func(s *app.SchoolSetup)
		key    string
	}{
		{"no name", func(s *app.SchoolSetup) { s.Name = "  " }, "org.error.name_missing"},
		{"bad kind", func(s *app.SchoolSetup) { s.Kind = "castle" }, "org.error.kind"},
		{"short username", func(s *app.SchoolSetup) { s.AdminUsername = "a" }, "account.error.username_length"},
		{"short password", func(s *app.SchoolSetup) { s.AdminPassword = "123" }, "account.error.password_short"},
		{"password too long for bcrypt", func(s *app.SchoolSetup) { s.AdminPassword = strings.Repeat("密", 30) }, "storage.error.password_long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := MustOpenDB(t)
			s := good
			tt.change(&s)
			_, _, err := db.Services().Org.Setup(context.Background(), s)
			wantCode(t, err, app.EINVALID, tt.key)
			if n := count(t, db, `SELECT count(*) FROM org`) + count(t, db, `SELECT count(*) FROM accounts`); n != 0 {
				t.Errorf("a refused setup wrote %d rows", n)
			}
		})
	}
}

func TestEnsureSchool(t *testing.T) {
	db := MustOpenDB(t)
	ctx := app.NewContextWithAccount(context.Background(), app.SystemAccount)
	org, err := db.Services().Org.EnsureSchool(ctx, "城关小学")
	if err != nil {
		t.Fatal(err)
	}
	if org.Name != "城关小学" || org.Kind != app.OrgPrimary {
		t.Errorf("EnsureSchool = %+v; want a primary school called 城关小学", org)
	}
	again, err := db.Services().Org.EnsureSchool(ctx, "别的名字")
	if err != nil || again.UUID != org.UUID || again.Name != "城关小学" {
		t.Errorf("second EnsureSchool = %+v, %v; want the same school", again, err)
	}
	if n := count(t, db, `SELECT count(*) FROM audit WHERE action = 'org.create' AND actor = 'system'`); n != 1 {
		t.Errorf("org.create audit rows by system = %d; want 1", n)
	}

	// the first-run wizard completes a school the command line made
	_, acct, err := db.Services().Org.Setup(context.Background(), app.SchoolSetup{
		Name: "城关第一小学", Kind: app.OrgPrimary, AdminUsername: "admin", AdminPassword: "secret-1"})
	if err != nil {
		t.Fatalf("Setup after EnsureSchool: %v", err)
	}
	got, _ := db.Services().Org.School(context.Background())
	if got.UUID != org.UUID || got.Name != "城关第一小学" || acct.Role != app.RoleAdmin {
		t.Errorf("after Setup: school %+v, account %+v; want the same school renamed and an admin", got, acct)
	}
}

func TestAuthenticate(t *testing.T) {
	db := MustOpenDB(t)
	mustSetup(t, db)
	svc := db.Services().Accounts
	teacher, err := svc.CreateAccount(adminCtx, app.AccountCreate{Username: "wang", Password: "teach123", Role: app.RoleTeacher})
	if err != nil {
		t.Fatal(err)
	}
	disabled := true
	if _, err := svc.UpdateAccount(adminCtx, teacher.ID, app.AccountUpdate{Disabled: &disabled}); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name, user, password string
		wantUser             string
		code, key            string
	}{
		{"admin", "admin", "secret-1", "admin", "", ""},
		{"username is not case sensitive", " ADMIN ", "secret-1", "admin", "", ""},
		{"wrong password", "admin", "secret-2", "", app.EUNAUTHORIZED, "account.error.login_failed"},
		{"unknown user", "nobody", "secret-1", "", app.EUNAUTHORIZED, "account.error.login_failed"},
		{"empty", "", "", "", app.EUNAUTHORIZED, "account.error.login_failed"},
		{"disabled", "wang", "teach123", "", app.EUNAUTHORIZED, "account.error.disabled"},
		{"disabled, wrong password tells nothing", "wang", "wrong!!", "", app.EUNAUTHORIZED, "account.error.login_failed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := svc.Authenticate(context.Background(), tt.user, tt.password)
			if tt.code != "" {
				wantCode(t, err, tt.code, tt.key)
				return
			}
			if err != nil {
				t.Fatalf("Authenticate: %v", err)
			}
			if a.Username != tt.wantUser {
				t.Errorf("Authenticate username = %q; want %q", a.Username, tt.wantUser)
			}
		})
	}
}

func TestAuthenticateFillsStaffAndClasses(t *testing.T) {
	db := MustOpenDB(t)
	mustSetup(t, db)
	seedStaffAndClasses(t, db)
	ids := classIDs(t, db)
	var wangID int64
	db.w.QueryRow(`SELECT id FROM staff WHERE name = '王芳'`).Scan(&wangID)

	svc := db.Services().Accounts
	if _, err := svc.CreateAccount(adminCtx, app.AccountCreate{Username: "wang", Password: "teach123", Role: app.RoleTeacher, StaffID: wangID}); err != nil {
		t.Fatal(err)
	}
	a, err := svc.Authenticate(context.Background(), "wang", "teach123")
	if err != nil {
		t.Fatal(err)
	}
	// 王芳 heads 三年级2班 and teaches 三年级10班 (seedStaffAndClasses)
	want := []int64{ids["三年级2班"], ids["三年级10班"]}
	slices.Sort(want)
	if a.StaffName != "王芳" || !slices.Equal(a.ClassIDs, want) {
		t.Errorf("Authenticate = staff %q classes %v; want 王芳 %v", a.StaffName, a.ClassIDs, want)
	}
}

func TestCreateAccount(t *testing.T) {
	db := MustOpenDB(t)
	mustSetup(t, db)
	svc := db.Services().Accounts
	tests := []struct {
		name      string
		ctx       context.Context
		c         app.AccountCreate
		code, key string
	}{
		{"ok", adminCtx, app.AccountCreate{Username: "li.hua", Password: "li-hua-88", Role: app.RolePrincipal}, "", ""},
		{"taken", adminCtx, app.AccountCreate{Username: "Admin", Password: "li-hua-88", Role: app.RoleTeacher}, app.ECONFLICT, "account.error.username_taken"},
		{"bad username", adminCtx, app.AccountCreate{Username: "a b", Password: "li-hua-88", Role: app.RoleTeacher}, app.EINVALID, "account.error.username_chars"},
		{"short password", adminCtx, app.AccountCreate{Username: "zhao", Password: "123", Role: app.RoleTeacher}, app.EINVALID, "account.error.password_short"},
		{"bad role", adminCtx, app.AccountCreate{Username: "zhao", Password: "li-hua-88", Role: "janitor"}, app.EINVALID, "account.error.role"},
		{"unknown staff", adminCtx, app.AccountCreate{Username: "zhao", Password: "li-hua-88", Role: app.RoleTeacher, StaffID: 99}, app.ENOTFOUND, "account.error.staff_not_found"},
		{"teacher may not", as(app.RoleTeacher), app.AccountCreate{Username: "zhao", Password: "li-hua-88", Role: app.RoleTeacher}, app.EFORBIDDEN, "error.admin_only"},
		{"principal may not", as(app.RolePrincipal), app.AccountCreate{Username: "zhao", Password: "li-hua-88", Role: app.RoleTeacher}, app.EFORBIDDEN, "error.admin_only"},
		{"nobody may not", context.Background(), app.AccountCreate{Username: "zhao", Password: "li-hua-88", Role: app.RoleTeacher}, app.EUNAUTHORIZED, "error.login_required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := count(t, db, `SELECT count(*) FROM audit`)
			a, err := svc.CreateAccount(tt.ctx, tt.c)
			after := count(t, db, `SELECT count(*) FROM audit`)
			if tt.code != "" {
				wantCode(t, err, tt.code, tt.key)
				if after != before {
					t.Errorf("a refused change wrote %d audit rows", after-before)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if a.Username != tt.c.Username || a.Role != tt.c.Role {
				t.Errorf("CreateAccount = %+v; want %s/%s", a, tt.c.Username, tt.c.Role)
			}
			var actor, action, detail string
			db.w.QueryRow(`SELECT actor, action, detail FROM audit ORDER BY id DESC LIMIT 1`).Scan(&actor, &action, &detail)
			if after != before+1 || actor != "test-admin" || action != "account.create" || strings.Contains(detail, tt.c.Password) {
				t.Errorf("audit: %d new rows, last %s by %s (%q); want one account.create by test-admin without the password",
					after-before, action, actor, detail)
			}
		})
	}
	accounts, err := svc.Accounts(adminCtx)
	if err != nil || len(accounts) != 2 {
		t.Errorf("Accounts() = %d accounts, %v; want 2", len(accounts), err)
	}
	_, err = svc.Accounts(as(app.RoleTeacher))
	wantCode(t, err, app.EFORBIDDEN, "error.admin_only")
}

func TestLastAdminRule(t *testing.T) {
	db := MustOpenDB(t)
	_, admin := mustSetup(t, db)
	svc := db.Services().Accounts
	teacher, yes, principal := app.RoleTeacher, true, app.RolePrincipal

	for _, u := range []app.AccountUpdate{{Role: &teacher}, {Disabled: &yes}, {Role: &principal, Disabled: &yes}} {
		before := count(t, db, `SELECT count(*) FROM audit`)
		_, err := svc.UpdateAccount(adminCtx, admin.ID, u)
		wantCode(t, err, app.ECONFLICT, "account.error.last_admin")
		if after := count(t, db, `SELECT count(*) FROM audit`); after != before {
			t.Errorf("a refused update wrote %d audit rows", after-before)
		}
	}

	second, err := svc.CreateAccount(adminCtx, app.AccountCreate{Username: "admin2", Password: "secret-2", Role: app.RoleAdmin})
	if err != nil {
		t.Fatal(err)
	}
	got, err := svc.UpdateAccount(adminCtx, admin.ID, app.AccountUpdate{Role: &teacher})
	if err != nil {
		t.Fatalf("demoting one of two admins: %v", err)
	}
	if got.Role != app.RoleTeacher {
		t.Errorf("role after update = %s; want teacher", got.Role)
	}
	_, err = svc.UpdateAccount(adminCtx, second.ID, app.AccountUpdate{Disabled: &yes})
	wantCode(t, err, app.ECONFLICT, "account.error.last_admin")

	_, err = svc.UpdateAccount(adminCtx, 999, app.AccountUpdate{Disabled: &yes})
	wantCode(t, err, app.ENOTFOUND, "account.error.not_found")
	bad := app.Role("root")
	_, err = svc.UpdateAccount(adminCtx, second.ID, app.AccountUpdate{Role: &bad})
	wantCode(t, err, app.EINVALID, "account.error.role")
}

func TestSetPassword(t *testing.T) {
	db := MustOpenDB(t)
	_, admin := mustSetup(t, db)
	svc := db.Services().Accounts
	if err := svc.SetPassword(adminCtx, admin.ID, "newpass1"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Authenticate(context.Background(), "admin", "newpass1"); err != nil {
		t.Errorf("login with the new password: %v", err)
	}
	_, err := svc.Authenticate(context.Background(), "admin", "secret-1")
	wantCode(t, err, app.EUNAUTHORIZED, "account.error.login_failed")
	if n := count(t, db, `SELECT count(*) FROM audit WHERE action = 'account.password' AND detail NOT LIKE '%newpass1%'`); n != 1 {
		t.Errorf("account.password audit rows = %d; want 1, without the password", n)
	}
	if n := count(t, db, `SELECT count(*) FROM accounts WHERE password_hash LIKE '%newpass1%'`); n != 0 {
		t.Error("a password is stored in clear")
	}
	wantCode(t, svc.SetPassword(adminCtx, admin.ID, "123"), app.EINVALID, "account.error.password_short")
	wantCode(t, svc.SetPassword(adminCtx, 999, "newpass1"), app.ENOTFOUND, "account.error.not_found")
	wantCode(t, svc.SetPassword(as(app.RoleTeacher), admin.ID, "newpass1"), app.EFORBIDDEN, "error.admin_only")
}

func TestChangePassword(t *testing.T) {
	db := MustOpenDB(t)
	_, admin := mustSetup(t, db)
	svc := db.Services().Accounts
	teacher, err := svc.CreateAccount(adminCtx, app.AccountCreate{Username: "liu", Password: "teach-01", Role: app.RoleTeacher})
	if err != nil {
		t.Fatal(err)
	}
	me := app.NewContextWithAccount(context.Background(), teacher)
	wantCode(t, svc.ChangePassword(me, "wrong!!", "newpass1"), app.EUNAUTHORIZED, "account.error.current_password")
	wantCode(t, svc.ChangePassword(me, "teach-01", "123"), app.EINVALID, "account.error.password_short")
	wantCode(t, svc.ChangePassword(context.Background(), "teach-01", "newpass1"), app.EUNAUTHORIZED, "error.login_required")
	if err := svc.ChangePassword(me, "teach-01", "newpass1"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Authenticate(context.Background(), "liu", "newpass1"); err != nil {
		t.Errorf("login with the new password: %v", err)
	}
	// only the teacher's own password changed
	if _, err := svc.Authenticate(context.Background(), admin.Username, "secret-1"); err != nil {
		t.Errorf("admin login: %v", err)
	}
	if n := count(t, db, `SELECT count(*) FROM audit WHERE action = 'account.password' AND actor = 'liu'`); n != 1 {
		t.Errorf("audit rows by liu = %d, want 1", n)
	}
}

func TestAuditRowSharesTheTransaction(t *testing.T) {
	// when the audit row cannot be written, the change is not made either
	db := MustOpenDB(t)
	mustSetup(t, db)
	if _, err := db.w.Exec(`ALTER TABLE audit RENAME TO audit_gone`); err != nil {
		t.Fatal(err)
	}
	_, err := db.Services().Accounts.CreateAccount(adminCtx, app.AccountCreate{Username: "zhao", Password: "li-hua-88", Role: app.RoleTeacher})
	if app.ErrorCode(err) != app.EINTERNAL {
		t.Fatalf("CreateAccount without an audit table: err = %v; want an internal error", err)
	}
	if n := count(t, db, `SELECT count(*) FROM accounts WHERE username = 'zhao'`); n != 0 {
		t.Error("the account was created although its audit row failed")
	}
}

func TestAuditLog(t *testing.T) {
	db := MustOpenDB(t)
	mustSetup(t, db)
	for _, u := range []string{"a1", "a2", "a3"} {
		if _, err := db.Services().Accounts.CreateAccount(adminCtx, app.AccountCreate{Username: u, Password: "li-hua-88", Role: app.RoleTeacher}); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name      string
		ctx       context.Context
		limit     int
		want      int
		code, key string
	}{
		{"admin", adminCtx, 0, 5, "", ""},
		{"principal", as(app.RolePrincipal), 2, 2, "", ""},
		{"teacher", as(app.RoleTeacher), 0, 0, app.EFORBIDDEN, "storage.error.reads_all_only"},
		{"nobody", context.Background(), 0, 0, app.EUNAUTHORIZED, "error.login_required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _, err := db.Services().Audit.AuditLog(tt.ctx, app.AuditFilter{Limit: tt.limit})
			if tt.code != "" {
				wantCode(t, err, tt.code, tt.key)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tt.want {
				t.Fatalf("AuditLog returned %d entries; want %d", len(got), tt.want)
			}
			if got[0].Target != "account:4" || !got[0].At.Equal(testNow) {
				t.Errorf("newest entry = %+v; want account:4 at %v", got[0], testNow)
			}
			for i := 1; i < len(got); i++ {
				if got[i].ID >= got[i-1].ID {
					t.Errorf("entries not newest first: %d after %d", got[i].ID, got[i-1].ID)
				}
			}
		})
	}
}
