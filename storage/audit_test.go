package storage

import (
	"context"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"jxj/app"
	"jxj/app/i18n"
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

// The records read as sentences: the person by their staff name and
// role, the notice by its title now, the class by its label, and a
// deleted homework by the subject and day its entry kept.
func TestAuditRecordsReadAsSentences(t *testing.T) {
	defer i18n.SetLanguage(i18n.Language())
	i18n.SetLanguage(i18n.Chinese)
	ns := newNoticeSchool(t)
	var staffID int64
	if err := ns.db.w.QueryRow(`SELECT id FROM staff WHERE name = '王芳'`).Scan(&staffID); err != nil {
		t.Fatal(err)
	}
	acct, err := ns.db.Services().Accounts.CreateAccount(adminCtx, app.AccountCreate{Username: "wangf", Password: "teach123", Role: app.RoleTeacher, StaffID: staffID})
	if err != nil {
		t.Fatal(err)
	}
	class := ns.classes["三年级2班"]
	ctx := app.NewContextWithAccount(context.Background(), &app.Account{ID: acct.ID, Username: "wangf", Role: app.RoleTeacher, StaffID: staffID, ClassIDs: []int64{class}})
	n, err := ns.svc.SaveDraft(ctx, app.NoticeDraft{Title: "家长会", Body: "周五下午", Target: app.Target{ClassIDs: []int64{class}}, RequiresAck: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ns.svc.Publish(ctx, n.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := ns.db.w.Exec(`UPDATE notices SET title = '家长会（改期）' WHERE id = ?`, n.ID); err != nil {
		t.Fatal(err)
	}
	hw := ns.db.Services().Homework
	h, err := hw.AssignHomework(ctx, app.HomeworkDraft{Subject: "语文", Content: "背诵", ClassIDs: []int64{class}, Due: time.Date(2025, 9, 5, 0, 0, 0, 0, time.Local)})
	if err != nil {
		t.Fatal(err)
	}
	if err := hw.DeleteHomework(ctx, h.ID); err != nil {
		t.Fatal(err)
	}

	entries, more, err := ns.db.Services().Audit.AuditLog(adminCtx, app.AuditFilter{Actor: "wangf"})
	if err != nil || more {
		t.Fatalf("AuditLog = %v, more %v", err, more)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Sentence())
	}
	want := []string{
		"王芳（教师）删除了作业 语文（2025-09-05 交）",
		"王芳（教师）给三年级2班布置了作业：语文（2025-09-05 交）",
		"王芳（教师）发布了通知《家长会（改期）》，发给三年级2班（2 份回执）",
		"王芳（教师）新建了通知草稿《家长会（改期）》",
	}
	if !slices.Equal(got, want) {
		t.Errorf("wangf's records:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if p := entries[0].Who; p != (app.AuditActor{Username: "wangf", Name: "王芳", Role: app.RoleTeacher}) {
		t.Errorf("Who = %+v; want 王芳, teacher", p)
	}
}

// auditDays is a school whose log has rows on three days by two people,
// of accounts and of settings.
func auditDays(t *testing.T) *DB {
	t.Helper()
	db := MustOpenDB(t)
	now := testNow
	db.Now = func() time.Time { return now }
	mustSetup(t, db) // 2 rows by admin (org.setup, account.create) on 1 September
	svc := db.Services()
	now = testNow.AddDate(0, 0, 1)
	for _, u := range []string{"t1", "t2"} { // 2 rows by test-admin on 2 September
		if _, err := svc.Accounts.CreateAccount(adminCtx, app.AccountCreate{Username: u, Password: "teach123", Role: app.RoleTeacher}); err != nil {
			t.Fatal(err)
		}
	}
	now = testNow.AddDate(0, 0, 3)
	if err := svc.Accounts.SetIdleLock(adminCtx, 30*time.Minute); err != nil { // 1 row on 4 September
		t.Fatal(err)
	}
	return db
}

// The records are filtered by person, kind and days, newest first, a
// page at a time.
func TestAuditLogFilter(t *testing.T) {
	db := auditDays(t)
	day := func(d int) time.Time { return time.Date(2025, 9, d, 0, 0, 0, 0, time.Local) }
	tests := []struct {
		name string
		f    app.AuditFilter
		want []int64
		more bool
	}{
		{"everything", app.AuditFilter{}, []int64{5, 4, 3, 2, 1}, false},
		{"a person", app.AuditFilter{Actor: "test-admin"}, []int64{5, 4, 3}, false},
		{"a kind", app.AuditFilter{Kind: app.AuditAccounts}, []int64{4, 3, 2}, false},
		{"another kind", app.AuditFilter{Kind: app.AuditSettings}, []int64{5, 1}, false},
		{"a day", app.AuditFilter{From: day(2), To: day(2)}, []int64{4, 3}, false},
		{"from a day on", app.AuditFilter{From: day(2)}, []int64{5, 4, 3}, false},
		{"up to a day", app.AuditFilter{To: day(3)}, []int64{4, 3, 2, 1}, false},
		{"person, kind and days", app.AuditFilter{Actor: "test-admin", Kind: app.AuditAccounts, From: day(1), To: day(4)}, []int64{4, 3}, false},
		{"the first page", app.AuditFilter{Limit: 2}, []int64{5, 4}, true},
		{"the next page", app.AuditFilter{Limit: 2, Before: 4}, []int64{3, 2}, true},
		{"the last page", app.AuditFilter{Limit: 2, Before: 2}, []int64{1}, false},
		{"a page of a person", app.AuditFilter{Actor: "test-admin", Limit: 2, Before: 5}, []int64{4, 3}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			entries, more, err := db.Services().Audit.AuditLog(as(app.RolePrincipal), tt.f)
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			for _, e := range entries {
				got = append(got, e.ID)
			}
			if !slices.Equal(got, tt.want) || more != tt.more {
				t.Errorf("AuditLog(%+v) = %v, more %v; want %v, more %v", tt.f, got, more, tt.want, tt.more)
			}
		})
	}
	_, _, err := db.Services().Audit.AuditLog(adminCtx, app.AuditFilter{From: day(3), To: day(2)})
	wantCode(t, err, app.EINVALID, "audit.error.range")
}

// The filters read the log through its indexes, not the whole table.
func TestAuditLogUsesIndexes(t *testing.T) {
	db := auditDays(t)
	for _, tt := range []struct {
		f     app.AuditFilter
		index string
	}{
		{app.AuditFilter{Actor: "t1"}, "audit_actor"},
		{app.AuditFilter{Kind: app.AuditBackups}, "audit_action"},
		{app.AuditFilter{From: testNow, To: testNow}, "audit_at"},
	} {
		where, args := auditWhere(tt.f)
		rows, err := db.w.Query(`EXPLAIN QUERY PLAN SELECT id FROM audit WHERE `+where+` ORDER BY id DESC LIMIT 101`, args...)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		if !strings.Contains(strings.Join(plan, "; "), "INDEX "+tt.index) {
			t.Errorf("filter %+v: plan %q does not use %s", tt.f, plan, tt.index)
		}
	}
}

// Everyone in the log is offered for the filter, as a person where an
// account has the name; a teacher may not read the log.
func TestAuditActors(t *testing.T) {
	db := auditDays(t)
	got, err := db.Services().Audit.AuditActors(adminCtx)
	if err != nil {
		t.Fatal(err)
	}
	want := []app.AuditActor{{Username: "admin", Role: app.RoleAdmin}, {Username: "test-admin"}}
	if !slices.Equal(got, want) {
		t.Errorf("AuditActors = %+v; want %+v", got, want)
	}
	_, err = db.Services().Audit.AuditActors(as(app.RoleTeacher))
	wantCode(t, err, app.EFORBIDDEN, "storage.error.reads_all_only")
	_, _, err = db.Services().Audit.AuditLog(as(app.RoleTeacher), app.AuditFilter{})
	wantCode(t, err, app.EFORBIDDEN, "storage.error.reads_all_only")
}
