package storage

import (
	"context"
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"jxj/app"
)

// auditSchool is a school with an admin and n teachers' accounts: 2+n
// audit rows.
func auditSchool(t *testing.T, n int) *DB {
	t.Helper()
	db := MustOpenDB(t)
	mustSetup(t, db)
	for i := range n {
		if _, err := db.Services().Accounts.CreateAccount(adminCtx, app.AccountCreate{
			Username: fmt.Sprintf("t%d", i), Password: "teach123", Role: app.RoleTeacher}); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

func verify(t *testing.T, db *DB) *app.AuditCheck {
	t.Helper()
	c, err := db.Services().Audit.VerifyAudit(adminCtx)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// tamper runs SQL on the database as someone with sqlite3 would: with
// the append-only triggers dropped first.
func tamper(t *testing.T, db *DB, stmts ...string) {
	t.Helper()
	for _, s := range append([]string{`DROP TRIGGER audit_append_only_update`, `DROP TRIGGER audit_append_only_delete`}, stmts...) {
		if _, err := db.w.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// What sqlite3 does to the log, the chain shows: a row edited, rows
// deleted in the middle, at the start or at the end, a row inserted.
func TestAuditChainShowsTampering(t *testing.T) {
	tests := []struct {
		name  string
		stmts []string
		want  app.AuditCheck
		key   string
	}{
		{"intact", nil, app.AuditCheck{Rows: 6}, ""},
		{"a detail edited", []string{`UPDATE audit SET detail = 'username=t1 role=admin' WHERE id = 4`},
			app.AuditCheck{Rows: 4, Break: app.AuditEdited, At: 4}, "audit.broken.edited"},
		{"an actor edited", []string{`UPDATE audit SET actor = 'someone' WHERE id = 6`},
			app.AuditCheck{Rows: 6, Break: app.AuditEdited, At: 6}, "audit.broken.edited"},
		{"a row deleted in the middle", []string{`DELETE FROM audit WHERE id = 3`},
			app.AuditCheck{Rows: 3, Break: app.AuditMissing, At: 4, Expected: 3}, "audit.broken.missing_one"},
		{"the first rows deleted", []string{`DELETE FROM audit WHERE id <= 2`},
			app.AuditCheck{Rows: 1, Break: app.AuditMissing, At: 3, Expected: 1}, "audit.broken.missing"},
		{"the last rows deleted", []string{`DELETE FROM audit WHERE id >= 5`},
			app.AuditCheck{Rows: 4, Break: app.AuditTruncated, At: 4, Expected: 6}, "audit.broken.truncated"},
		{"every row deleted", []string{`DELETE FROM audit`},
			app.AuditCheck{Break: app.AuditTruncated, At: 0, Expected: 6}, "audit.broken.truncated"},
		{"a row inserted at the end", []string{`INSERT INTO audit (at, actor, action) VALUES ('2025-09-01T08:00:00.000Z', 'x', 'account.create')`},
			app.AuditCheck{Rows: 7, Break: app.AuditEdited, At: 7}, "audit.broken.edited"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := auditSchool(t, 4)
			tamper(t, db, tt.stmts...)
			got := verify(t, db)
			if *got != tt.want {
				t.Errorf("VerifyAudit = %+v; want %+v", *got, tt.want)
			}
			err := got.Problem()
			if tt.key == "" {
				if err != nil || !got.OK() {
					t.Errorf("an intact log: OK %v, problem %v", got.OK(), err)
				}
				return
			}
			if got.OK() {
				t.Error("OK() for a broken chain")
			}
			wantCode(t, err, app.ECONFLICT, tt.key)
		})
	}
}

// Rows deleted at the end stay visible after jxj writes more: new rows
// chain on the head, not on the last row left.
func TestAuditTruncationStaysVisible(t *testing.T) {
	db := auditSchool(t, 4)
	tamper(t, db, `DELETE FROM audit WHERE id >= 5`)
	if _, err := db.Services().Accounts.CreateAccount(adminCtx, app.AccountCreate{Username: "later", Password: "teach123", Role: app.RoleTeacher}); err != nil {
		t.Fatal(err)
	}
	got := verify(t, db)
	if got.Break != app.AuditMissing || got.At != 7 || got.Expected != 5 {
		t.Errorf("VerifyAudit after more writes = %+v; want the row after the deleted ones flagged", *got)
	}
}

func TestAuditIsAppendOnly(t *testing.T) {
	db := auditSchool(t, 1)
	for _, s := range []string{`DELETE FROM audit WHERE id = 2`, `UPDATE audit SET detail = '' WHERE id = 1`} {
		if _, err := db.w.Exec(s); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: err = %v; want it refused", s, err)
		}
	}
	if c := verify(t, db); !c.OK() || c.Rows != 3 {
		t.Errorf("VerifyAudit = %+v; want 3 intact rows", *c)
	}
}

func TestVerifyAuditNeedsReadsAll(t *testing.T) {
	db := auditSchool(t, 0)
	_, err := db.Services().Audit.VerifyAudit(as(app.RoleTeacher))
	wantCode(t, err, app.EFORBIDDEN, "storage.error.reads_all_only")
	if _, err := db.Services().Audit.VerifyAudit(as(app.RolePrincipal)); err != nil {
		t.Errorf("principal: %v", err)
	}
}

// A database from before the chain is sealed on upgrade: its rows are
// kept as they were and verify, and new rows chain on.
func TestAuditSealedOnUpgrade(t *testing.T) {
	old := fstest.MapFS{}
	ms, err := fs.Glob(migrationFS, "*.sql")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range ms {
		if name >= "0007" {
			continue
		}
		b, err := fs.ReadFile(migrationFS, name)
		if err != nil {
			t.Fatal(err)
		}
		old[name] = &fstest.MapFile{Data: b}
	}
	full := migrationFS
	withMigrations(t, old)
	dir := t.TempDir()
	db := mustOpenDir(t, dir)
	for i := range 3 {
		if _, err := db.w.Exec(`INSERT INTO audit (at, actor, action, target, detail) VALUES (?, 'admin', 'account.create', ?, ?)`,
			formatTime(testNow), fmt.Sprintf("account:%d", i+1), fmt.Sprintf("username=u%d", i)); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()

	migrationFS = full
	db = mustOpenDir(t, dir)
	if n := count(t, db, `SELECT count(*) FROM audit WHERE hash = ''`); n != 0 {
		t.Errorf("%d rows left unsealed", n)
	}
	if c := verify(t, db); !c.OK() || c.Rows != 3 {
		t.Fatalf("VerifyAudit after the upgrade = %+v; want 3 intact rows", *c)
	}
	mustSetup(t, db)
	if c := verify(t, db); !c.OK() || c.Rows != 5 {
		t.Errorf("VerifyAudit after new rows = %+v; want 5 intact rows", *c)
	}
	if n := count(t, db, `SELECT count(*) FROM audit WHERE detail = 'username=u1'`); n != 1 {
		t.Error("the old rows changed")
	}
}

// Every export is a row: who, what, how many, where; a read-only account
// changes nothing, not even the log.
func TestRecordExport(t *testing.T) {
	db := auditSchool(t, 0)
	audit := db.Services().Audit
	teacher := app.NewContextWithAccount(context.Background(), &app.Account{ID: 5, Username: "liu", Role: app.RoleTeacher})
	if err := audit.RecordExport(teacher, app.Export{What: "directory", Rows: 852, Path: "/home/liu/通讯录.xlsx"}); err != nil {
		t.Fatal(err)
	}
	var actor, action, target, detail string
	if err := db.w.QueryRow(`SELECT actor, action, target, detail FROM audit ORDER BY id DESC LIMIT 1`).Scan(&actor, &action, &target, &detail); err != nil {
		t.Fatal(err)
	}
	if actor != "liu" || action != "data.export" || target != "export:directory" || detail != "what=directory rows=852 file=/home/liu/通讯录.xlsx" {
		t.Errorf("export row = %s %s %s %q", actor, action, target, detail)
	}
	before := count(t, db, `SELECT count(*) FROM audit`)
	wantCode(t, audit.RecordExport(context.Background(), app.Export{What: "directory", Path: "x"}), app.EUNAUTHORIZED, "error.login_required")
	reader := app.NewContextWithAccount(context.Background(), app.StatusAccount)
	wantCode(t, audit.RecordExport(reader, app.Export{What: "directory", Path: "x"}), app.EFORBIDDEN, "account.error.read_only")
	_, err := db.Services().Accounts.CreateAccount(app.NewContextWithAccount(context.Background(),
		&app.Account{Username: "ro", Role: app.RoleAdmin, ReadOnly: true}), app.AccountCreate{Username: "zhao", Password: "teach123", Role: app.RoleTeacher})
	wantCode(t, err, app.EFORBIDDEN, "account.error.read_only")
	if n := count(t, db, `SELECT count(*) FROM audit`) + count(t, db, `SELECT count(*) FROM accounts WHERE username = 'zhao'`); n != before {
		t.Errorf("refused writes left %d rows", n-before)
	}
}
