package storage

import (
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/crypto/bcrypt"

	"jxj/app"
)

func init() { BcryptCost = bcrypt.MinCost }

// testNow is the clock of every test database.
var testNow = time.Date(2025, 9, 1, 8, 0, 0, 0, time.UTC)

// MustOpenDB opens a fresh database in a temporary folder, closed when
// the test ends.
func MustOpenDB(tb testing.TB) *DB {
	tb.Helper()
	return mustOpenDir(tb, tb.TempDir())
}

func mustOpenDir(tb testing.TB, dir string) *DB {
	tb.Helper()
	db, err := Open(context.Background(), dir)
	if err != nil {
		tb.Fatalf("Open(%q): %v", dir, err)
	}
	db.Now = func() time.Time { return testNow }
	tb.Cleanup(func() { db.Close() })
	return db
}

// as returns a context acting as an account with the role.
func as(role app.Role, classIDs ...int64) context.Context {
	return app.NewContextWithAccount(context.Background(),
		&app.Account{ID: 1000, Username: "test-" + string(role), Role: role, ClassIDs: classIDs})
}

var adminCtx = as(app.RoleAdmin)

// wantCode fails unless err is an *app.Error with the code and key.
func wantCode(t *testing.T, err error, code, key string) {
	t.Helper()
	var ae *app.Error
	if !errors.As(err, &ae) {
		t.Fatalf("err = %v; want *app.Error %s %s", err, code, key)
	}
	if ae.Code != code || ae.Key != key {
		t.Fatalf("err = %s/%s (%v); want %s/%s", ae.Code, ae.Key, err, code, key)
	}
}

// count returns a count(*) query's answer through the writer.
func count(t testing.TB, db *DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.w.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func TestOpenReopen(t *testing.T) {
	dir := t.TempDir()
	db, err := Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := db.Path(), filepath.Join(dir, "jxj.db"); got != want {
		t.Errorf("Path() = %q; want %q", got, want)
	}
	if _, _, err := db.Services().Org.Setup(context.Background(), app.SchoolSetup{
		Name: "城关小学", Kind: app.OrgPrimary, AdminUsername: "admin", AdminPassword: "secret1"}); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}

	db = mustOpenDir(t, dir)
	org, err := db.Services().Org.School(context.Background())
	if err != nil {
		t.Fatalf("School after reopen: %v", err)
	}
	if org.Name != "城关小学" {
		t.Errorf("School().Name = %q; want 城关小学", org.Name)
	}
	want := len(mustMigrations(t))
	if n := count(t, db, `SELECT count(*) FROM schema_migrations`); n != want {
		t.Errorf("schema_migrations has %d rows after reopen; want %d", n, want)
	}
	if _, err := os.Stat(filepath.Join(dir, "jxj.db.before-0001")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a reopen without pending migrations made a backup (stat err %v)", err)
	}
}

func TestOpenPathWithSpecialCharacters(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "数据 folder #1 ?x", "jxj")
	db := mustOpenDir(t, dir)
	if _, err := os.Stat(filepath.Join(dir, "jxj.db")); err != nil {
		t.Fatalf("database file not at %s: %v", db.Path(), err)
	}
}

func TestPragmas(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	tests := []struct {
		pool   string
		pragma string
		want   string
	}{
		{"writer", "journal_mode", "wal"},
		{"writer", "synchronous", "2"}, // FULL
		{"writer", "busy_timeout", "5000"},
		{"writer", "foreign_keys", "1"},
		{"writer", "query_only", "0"},
		{"reader", "journal_mode", "wal"},
		{"reader", "busy_timeout", "5000"},
		{"reader", "foreign_keys", "1"},
		{"reader", "query_only", "1"},
	}
	for _, tt := range tests {
		t.Run(tt.pool+"/"+tt.pragma, func(t *testing.T) {
			pool := db.w
			if tt.pool == "reader" {
				pool = db.r
			}
			var got string
			if err := pool.QueryRowContext(ctx, "PRAGMA "+tt.pragma).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("PRAGMA %s on the %s = %q; want %q", tt.pragma, tt.pool, got, tt.want)
			}
		})
	}
	if got := db.w.Stats().MaxOpenConnections; got != 1 {
		t.Errorf("writer MaxOpenConnections = %d; want 1", got)
	}
	if got := db.r.Stats().MaxOpenConnections; got < 2 {
		t.Errorf("reader MaxOpenConnections = %d; want a pool", got)
	}
	if _, err := db.r.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('x', 'y')`); err == nil {
		t.Error("a reader connection could write")
	}
}

func TestWriteImmediateLock(t *testing.T) {
	// _txlock=immediate: a write transaction holds the write lock from
	// BEGIN, so a second connection cannot start writing meanwhile.
	db := MustOpenDB(t)
	ctx := context.Background()
	other, err := sql.Open("sqlite", dsn(db.Path(), []string{"_pragma=busy_timeout(0)", "_txlock=immediate"}))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	err = db.write(ctx, func(tx *sql.Tx) error {
		_, err := other.ExecContext(ctx, `BEGIN IMMEDIATE`)
		if err == nil {
			other.Exec(`ROLLBACK`)
			t.Error("another connection began a write while db.write was open")
			return nil
		}
		wantCode(t, dbError(ctx, err), app.ECONFLICT, "error.storage_locked")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestWriteRollsBack(t *testing.T) {
	db := MustOpenDB(t)
	boom := errors.New("boom")
	err := db.write(adminCtx, func(tx *sql.Tx) error {
		if _, err := tx.Exec(`INSERT INTO settings (key, value) VALUES ('k', 'v')`); err != nil {
			return err
		}
		if err := db.audit(adminCtx, tx, "test.change", "settings:k", ""); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("write error = %v; want boom in its chain", err)
	}
	if n := count(t, db, `SELECT count(*) FROM settings`); n != 0 {
		t.Errorf("settings has %d rows after a failed write; want 0", n)
	}
	if n := count(t, db, `SELECT count(*) FROM audit`); n != 0 {
		t.Errorf("audit has %d rows after a failed write; want 0", n)
	}
}

// withMigrations makes Open see only 0001_init.sql and extra's migrations
// for the rest of the test.
func withMigrations(t *testing.T, extra fstest.MapFS) {
	t.Helper()
	old := migrationFS
	fsys := fstest.MapFS{}
	init, err := fs.ReadFile(old, "0001_init.sql")
	if err != nil {
		t.Fatal(err)
	}
	fsys["0001_init.sql"] = &fstest.MapFile{Data: init}
	for name, f := range extra {
		fsys[name] = f
	}
	migrationFS = fsys
	t.Cleanup(func() { migrationFS = old })
}

func TestMigrationBackup(t *testing.T) {
	withMigrations(t, nil)
	dir := t.TempDir()
	db, err := Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.w.Exec(`INSERT INTO settings (key, value) VALUES ('before', 'yes')`); err != nil {
		t.Fatal(err)
	}
	db.Close()

	withMigrations(t, fstest.MapFS{
		"0002_notes.sql": {Data: []byte(`CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);
			INSERT INTO settings (key, value) VALUES ('after', 'yes');`)},
	})
	db = mustOpenDir(t, dir)

	rows, err := db.w.Query(`SELECT version, name FROM schema_migrations ORDER BY version`)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rows.Next() {
		var v int
		var name string
		rows.Scan(&v, &name)
		got = append(got, name)
	}
	rows.Close()
	if len(got) != 2 || got[0] != "init" || got[1] != "notes" {
		t.Errorf("schema_migrations = %v; want [init notes]", got)
	}
	if n := count(t, db, `SELECT count(*) FROM notes`); n != 0 {
		t.Errorf("notes has %d rows; want 0", n)
	}

	backup := filepath.Join(dir, "jxj.db.before-0002")
	b, err := sql.Open("sqlite", dsn(backup, []string{"_pragma=query_only(1)"}))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	var version int
	if err := b.QueryRow(`SELECT max(version) FROM schema_migrations`).Scan(&version); err != nil {
		t.Fatalf("reading the backup %s: %v", backup, err)
	}
	if version != 1 {
		t.Errorf("backup is at version %d; want 1", version)
	}
	var keys int
	b.QueryRow(`SELECT count(*) FROM settings`).Scan(&keys)
	if keys != 1 {
		t.Errorf("backup has %d settings; want 1 (the row from before the migration)", keys)
	}
}

func TestMigrationFreshDBNoBackup(t *testing.T) {
	withMigrations(t, fstest.MapFS{"0002_notes.sql": {Data: []byte(`CREATE TABLE notes (id INTEGER PRIMARY KEY);`)}})
	dir := t.TempDir()
	db := mustOpenDir(t, dir)
	if n := count(t, db, `SELECT count(*) FROM schema_migrations`); n != 2 {
		t.Errorf("schema_migrations has %d rows; want 2", n)
	}
	matches, _ := filepath.Glob(filepath.Join(dir, "*.before-*"))
	if len(matches) != 0 {
		t.Errorf("a fresh database was backed up: %v", matches)
	}
}

func TestMigrationFailureRollsBack(t *testing.T) {
	withMigrations(t, nil)
	dir := t.TempDir()
	db, err := Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()

	withMigrations(t, fstest.MapFS{
		"0002_broken.sql": {Data: []byte(`CREATE TABLE half (id INTEGER PRIMARY KEY); INSERT INTO nowhere VALUES (1);`)},
	})
	_, err = Open(context.Background(), dir)
	wantCode(t, err, app.EINTERNAL, "storage.error.migrate")

	withMigrations(t, nil)
	db = mustOpenDir(t, dir)
	if n := count(t, db, `SELECT count(*) FROM sqlite_master WHERE name = 'half'`); n != 0 {
		t.Error("the failed migration left its table behind")
	}
	if n := count(t, db, `SELECT max(version) FROM schema_migrations`); n != 1 {
		t.Errorf("schema version = %d after a failed migration; want 1", n)
	}
	if _, err := os.Stat(filepath.Join(dir, "jxj.db.before-0002")); err != nil {
		t.Errorf("no backup before the failed migration: %v", err)
	}
}

func TestNewerDatabaseRefused(t *testing.T) {
	dir := t.TempDir()
	db, err := Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.w.Exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (7, 'future', '')`); err != nil {
		t.Fatal(err)
	}
	db.Close()

	_, err = Open(context.Background(), dir)
	wantCode(t, err, app.EINVALID, "error.storage_newer")
	var ae *app.Error
	errors.As(err, &ae)
	ms := mustMigrations(t)
	latest := ms[len(ms)-1].version // numbers may have gaps while branches merge
	if len(ae.Args) != 2 || ae.Args[0] != 7 || ae.Args[1] != latest {
		t.Errorf("error args = %v; want [7 %d]", ae.Args, latest)
	}
}

func TestForeignKeyCheckOnOpen(t *testing.T) {
	dir := t.TempDir()
	db, err := Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	// a tool that ignored foreign keys left a student in a missing class
	raw, err := sql.Open("sqlite", dsn(filepath.Join(dir, "jxj.db"), []string{"_pragma=foreign_keys(0)"}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`INSERT INTO students (uuid, name, class_id, created_at, updated_at) VALUES ('u', '张三', 42, '', '')`); err != nil {
		t.Fatal(err)
	}
	raw.Close()

	_, err = Open(context.Background(), dir)
	wantCode(t, err, app.EINTERNAL, "storage.error.foreign_keys")
}

func TestDefaultDir(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Setenv("LOCALAPPDATA", `C:\Users\张三\AppData\Local`)
		got, err := DefaultDir()
		if err != nil || got != `C:\Users\张三\AppData\Local\jxj` {
			t.Errorf("DefaultDir() = %q, %v; want the LocalAppData folder", got, err)
		}
		return
	}
	data := t.TempDir()
	t.Setenv("XDG_DATA_HOME", data)
	if got, err := DefaultDir(); err != nil || got != filepath.Join(data, "jxj") {
		t.Errorf("DefaultDir() with XDG_DATA_HOME = %q, %v; want %q", got, err, filepath.Join(data, "jxj"))
	}
	home := t.TempDir()
	t.Setenv("XDG_DATA_HOME", "")
	t.Setenv("HOME", home)
	if got, err := DefaultDir(); err != nil || got != filepath.Join(home, ".local", "share", "jxj") {
		t.Errorf("DefaultDir() = %q, %v; want %q", got, err, filepath.Join(home, ".local", "share", "jxj"))
	}
}

func TestNaturalCompare(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"2班", "10班", -1},
		{"10班", "2班", 1},
		{"2班", "2班", 0},
		{"1班", "火箭班", -1},
		{"A9", "A10", -1},
		{"002", "2", -1}, // equal value, plain order breaks the tie
		{"2023001", "2023010", -1},
		{"", "1", -1},
	}
	for _, tt := range tests {
		if got := naturalCompare(tt.a, tt.b); got != tt.want {
			t.Errorf("naturalCompare(%q, %q) = %d; want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestSchoolHasAdmin(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	svc := db.Services()
	org, err := svc.Org.EnsureSchool(ctx, "城关小学")
	if err != nil || org.HasAdmin {
		t.Fatalf("EnsureSchool = %+v, %v; want a school without admin", org, err)
	}
	if _, _, err := svc.Org.Setup(ctx, app.SchoolSetup{Name: "城关小学", Kind: app.OrgPrimary, AdminUsername: "admin", AdminPassword: "secret1"}); err != nil {
		t.Fatal(err)
	}
	if org, err = svc.Org.School(ctx); err != nil || !org.HasAdmin {
		t.Errorf("after setup School = %+v, %v; want HasAdmin", org, err)
	}
}

// mustMigrations lists the embedded migrations.
func mustMigrations(t *testing.T) []migration {
	t.Helper()
	ms, err := loadMigrations(migrationFS)
	if err != nil {
		t.Fatal(err)
	}
	return ms
}
