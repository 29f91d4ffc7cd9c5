package storage

import (
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"jxj/app"
	"jxj/app/i18n"
)

// FileName is the name of the database file inside the data folder.
const FileName = "jxj.db"

// readers is the size of the read pool: the GUI loads the directory, the
// workbench and the cockpit at the same time.
const readers = 4

// The connection parameters. The writer takes its write lock when a
// transaction begins (_txlock=immediate), so two writers queue on
// busy_timeout instead of failing halfway with SQLITE_BUSY; readers are
// query_only so a bug cannot write outside DB.write. Statement journals
// and sorts stay in memory (temp_store): a school's data is a few MB, and
// a multi-row INSERT otherwise journals to a temporary file. The writer's
// page cache (16 MB) holds a whole school, so a roster import does not
// spill pages to the WAL before it commits.
var (
	writerParams = []string{
		"_pragma=busy_timeout(5000)",
		"_pragma=cache_size(-16000)",
		"_pragma=foreign_keys(1)",
		"_pragma=journal_mode(WAL)",
		"_pragma=synchronous(FULL)",
		"_pragma=temp_store(MEMORY)",
		"_txlock=immediate",
	}
	readerParams = []string{
		"_pragma=busy_timeout(5000)",
		"_pragma=foreign_keys(1)",
		"_pragma=query_only(1)",
		"_pragma=temp_store(MEMORY)",
	}
)

// DB is the school's database: one writer connection and a pool of
// readers on dir/jxj.db.
type DB struct {
	// Now is the clock for timestamps; tests replace it.
	Now func() time.Time

	dir        string
	path       string
	migrations fs.FS   // the schema's NNNN_name.sql files
	w          *sql.DB // the one writer connection
	r          *sql.DB // read-only pool
}

// DefaultDir returns the user's local data folder for jxj:
// %LocalAppData%\jxj on Windows (never the roaming profile), else
// $XDG_DATA_HOME/jxj or ~/.local/share/jxj.
func DefaultDir() (string, error) {
	if runtime.GOOS == "windows" {
		base := os.Getenv("LOCALAPPDATA")
		if base == "" {
			// UserCacheDir is %LocalAppData% on Windows
			var err error
			if base, err = os.UserCacheDir(); err != nil {
				return "", app.WrapError(err, "storage.error.data_dir", err)
			}
		}
		return filepath.Join(base, "jxj"), nil
	}
	if base := os.Getenv("XDG_DATA_HOME"); base != "" && filepath.IsAbs(base) {
		return filepath.Join(base, "jxj"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", app.WrapError(err, "storage.error.data_dir", err)
	}
	return filepath.Join(home, ".local", "share", "jxj"), nil
}

// Open opens (creating if needed) the school's database in dir, applies
// pending migrations and checks foreign keys.
func Open(ctx context.Context, dir string) (*DB, error) {
	return open(ctx, dir, FileName, migrationFS)
}

// open opens the database file in dir with its migrations: the school's
// or the hub's.
func open(ctx context.Context, dir, file string, migrations fs.FS) (*DB, error) {
	if dir == "" {
		var err error
		if dir, err = DefaultDir(); err != nil {
			return nil, err
		}
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, app.WrapError(err, "error.storage", err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, app.WrapError(err, "error.storage", err)
	}
	db := &DB{Now: time.Now, dir: dir, path: filepath.Join(dir, file), migrations: migrations}

	fresh, err := prepareFile(db.path)
	if err != nil {
		return nil, err
	}
	if db.w, err = openPool(ctx, db.path, writerParams, 1); err != nil {
		if isDamage(err) {
			return nil, damaged(db.path, "storage.error.damaged", err.Error())
		}
		return nil, dbError(ctx, err)
	}
	if !fresh {
		if err := db.quickCheck(ctx); err != nil {
			db.w.Close()
			return nil, err
		}
	}
	if err := db.migrate(ctx); err != nil {
		db.w.Close()
		return nil, err
	}
	if db.r, err = openPool(ctx, db.path, readerParams, readers); err != nil {
		db.w.Close()
		return nil, dbError(ctx, err)
	}
	if err := markCreated(db.path); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// A database file that is empty or gone where one was made before is
// damage, not a fresh start: jxj never makes a new empty school over a
// school's data (a truncated jxj.db must not become an empty school).
// The marker file beside the database says one was made here.
const createdSuffix = ".created"

// prepareFile decides whether path is a fresh database and, if so,
// creates it readable by its owner only (SQLite gives its WAL and shared
// memory files the database's permissions). A database already there is
// made owner-only too: a data folder made beforehand by an admin may let
// everyone read it.
func prepareFile(path string) (fresh bool, err error) {
	fi, err := os.Stat(path)
	if err == nil && fi.Size() > 0 {
		for _, p := range []string{path, path + "-wal", path + "-shm", path + createdSuffix} {
			_ = os.Chmod(p, 0o600) // best effort: not every file system has modes
		}
		return false, nil
	}
	if _, merr := os.Stat(path + createdSuffix); merr == nil {
		if err == nil {
			return false, damaged(path, "storage.error.db_empty")
		}
		return false, damaged(path, "storage.error.db_missing")
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return false, app.WrapError(err, "error.storage", err)
	}
	_ = os.Chmod(path, 0o600) // an empty file left by an earlier start
	return true, f.Close()
}

// markCreated leaves the marker that a database was made at path.
func markCreated(path string) error {
	marker := path + createdSuffix
	if _, err := os.Stat(marker); err == nil {
		return nil
	}
	err := os.WriteFile(marker, []byte("jxj "+filepath.Base(path)+"\n"), 0o600)
	if err != nil {
		return app.WrapError(err, "error.storage", err)
	}
	return nil
}

// quickCheck runs SQLite's quick integrity check: a page overwritten on
// the disk is found here, at the start, before anything reads or writes
// around it.
func (db *DB) quickCheck(ctx context.Context) error {
	var result string
	err := db.w.QueryRowContext(ctx, `PRAGMA quick_check(1)`).Scan(&result)
	switch {
	case err != nil && isDamage(err):
		return damaged(db.path, "storage.error.damaged", err.Error())
	case err != nil:
		return dbError(ctx, err)
	case result != "ok":
		return damaged(db.path, "storage.error.damaged", result)
	}
	return nil
}

// damaged is the error of a database jxj will not use: it says what is
// wrong and, in the same message, the latest backup to restore.
func damaged(path, key string, args ...any) error {
	hint := i18n.T("storage.error.no_backup")
	if b := LatestBackup(filepath.Dir(path)); b != "" {
		hint = i18n.T("storage.error.restore_hint", b, filepath.Dir(path), b)
	}
	return app.Errorf(app.EINTERNAL, key, append(append([]any{path}, args...), hint)...)
}

// IsDamaged reports whether err says the database is damaged, empty or
// missing: the GUI then offers the latest backup instead of the window.
func IsDamaged(err error) bool {
	var ae *app.Error
	if !errors.As(err, &ae) {
		return false
	}
	switch ae.Key {
	case "storage.error.damaged", "storage.error.db_empty", "storage.error.db_missing":
		return true
	}
	return false
}

// isDamage reports whether err is SQLite finding a damaged file.
func isDamage(err error) bool {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	code := se.Code() & 0xff
	return code == sqlite3.SQLITE_CORRUPT || code == sqlite3.SQLITE_NOTADB
}

func openPool(ctx context.Context, path string, params []string, conns int) (*sql.DB, error) {
	p, err := sql.Open("sqlite", dsn(path, params))
	if err != nil {
		return nil, err
	}
	p.SetMaxOpenConns(conns)
	p.SetMaxIdleConns(conns)
	p.SetConnMaxLifetime(0)
	p.SetConnMaxIdleTime(0)
	if err := p.PingContext(ctx); err != nil {
		p.Close()
		return nil, err
	}
	return p, nil
}

// dsn builds a file: URI, escaping the path (spaces, Chinese user names, a
// '?' or '#' in a folder name) so SQLite and the driver read it back.
func dsn(path string, params []string) string {
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // C:/Users/… → /C:/Users/…, as SQLite expects on Windows
	}
	u := url.URL{Scheme: "file", Path: p}
	return u.String() + "?" + strings.Join(params, "&")
}

// Path returns the database file's path.
func (db *DB) Path() string { return db.path }

// Close closes both pools.
func (db *DB) Close() error {
	var errs []error
	if db.r != nil {
		errs = append(errs, db.r.Close())
	}
	if db.w != nil {
		// let SQLite refresh its planner statistics; harmless if it fails
		_, _ = db.w.Exec("PRAGMA optimize")
		errs = append(errs, db.w.Close())
	}
	if err := errors.Join(errs...); err != nil {
		return app.WrapError(err, "error.storage", err)
	}
	return nil
}

// Services returns the app services backed by db; Sheets and Printer are
// left for main to fill.
func (db *DB) Services() app.Services {
	return app.Services{
		Org:        &orgService{db: db},
		Accounts:   &accountService{db: db},
		Classes:    &classService{db: db},
		Staff:      &staffService{db: db},
		Directory:  &directoryService{db: db},
		Roster:     &rosterService{db: db},
		Years:      &yearService{db: db},
		Students:   &studentService{db: db},
		Audit:      &auditService{db: db},
		Notices:    &noticeService{db: db},
		Homework:   &homeworkService{db: db},
		Forms:      &formService{db: db},
		Sync:       &syncStore{db: db},
		Attendance: &attendanceService{db: db},
		Leaves:     &leaveService{db: db},
		Exams:      &examService{db: db},
		Backups:    &backupService{db: db},
		Cockpit:    &cockpitService{db: db},
		Workbench:  &workbenchService{db: db},
		Updates:    NewUpdates(db.dir),

		BureauSurveys: &bureauSurveyService{db: db},
		Requests:      &requestService{db: db},
		Courses:       &courseService{db: db},
	}
}

// write runs fn in one write transaction: everything fn does, including
// its audit row, is committed together or not at all. fn must use tx
// only: the writer has one connection, so a call to db.w inside fn would
// wait for itself.
func (db *DB) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return dbError(ctx, err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return dbError(ctx, err)
	}
	if err := tx.Commit(); err != nil {
		return dbError(ctx, err)
	}
	return nil
}

// read runs fn in one read transaction on the read pool, so the queries
// it makes see one snapshot of the data.
func (db *DB) read(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.r.BeginTx(ctx, nil)
	if err != nil {
		return dbError(ctx, err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return dbError(ctx, err)
	}
	return nil
}

// plan runs fn in a read transaction when dryRun (an import's preview:
// nothing can be written), else in a write transaction.
func (db *DB) plan(ctx context.Context, dryRun bool, fn func(tx *sql.Tx) error) error {
	if dryRun {
		return db.read(ctx, fn)
	}
	return db.write(ctx, fn)
}

// querier is what loaders need: a read transaction or the write one.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// rowScanner is a row to read: *sql.Rows or *sql.Row.
type rowScanner = interface{ Scan(...any) error }

// queryAll runs query and returns its rows, each as scan reads it.
func queryAll[T any](ctx context.Context, q querier, scan func(rowScanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// queryIDs runs a query of one integer column and returns its values.
func queryIDs(ctx context.Context, q querier, query string, args ...any) ([]int64, error) {
	return queryAll(ctx, q, func(sc rowScanner) (id int64, err error) { return id, sc.Scan(&id) }, query, args...)
}

// inChunks calls fn with ids a few hundred at a time, as the placeholders
// of an IN list ("?, ?, ?") and their arguments: SQLite limits the
// arguments of a statement.
func inChunks(ids []int64, fn func(in string, args []any) error) error {
	const chunk = 500
	for start := 0; start < len(ids); start += chunk {
		part := ids[start:min(start+chunk, len(ids))]
		args := make([]any, len(part))
		for i, id := range part {
			args[i] = id
		}
		if err := fn("?"+strings.Repeat(", ?", len(part)-1), args); err != nil {
			return err
		}
	}
	return nil
}

// dbError turns an error from the driver into one a user can read; an
// *app.Error passes through unchanged.
func dbError(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	var ae *app.Error
	if errors.As(err, &ae) {
		return err
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return app.WrapError(err, "storage.error.cancelled")
	}
	if cerr := ctx.Err(); cerr != nil {
		// the driver's error is often a consequence ("statement is
		// closed"); keep the cancellation first in the chain
		return app.WrapError(errors.Join(cerr, err), "storage.error.cancelled")
	}
	if isDamage(err) {
		// found while running: say so plainly; at the next start the
		// check finds it and offers the latest backup
		return app.WrapError(err, "storage.error.damaged_now")
	}
	var se *sqlite.Error
	if errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_BUSY {
		e := app.Errorf(app.ECONFLICT, "error.storage_locked")
		e.Err = err
		return e
	}
	return app.WrapError(err, "error.storage", err)
}

// isUnique reports whether err is a UNIQUE constraint failure.
func isUnique(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE
}

// timeFormat is how times are stored: UTC, RFC 3339 with milliseconds, so
// text order is time order.
const timeFormat = "2006-01-02T15:04:05.000Z07:00"

func (db *DB) now() string { return formatTime(db.Now()) }

func formatTime(t time.Time) string { return t.UTC().Format(timeFormat) }

func parseTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}
	}
	return t
}

// nullString stores "" as NULL, for columns where NULL means "none".
func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// nullID stores 0 as NULL, for optional foreign keys.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// insertRows inserts n rows with multi-row INSERTs of up to 100 rows
// (head, then row once per row, then tail, e.g. an ON CONFLICT clause):
// one statement per row would cost a trip through the driver each. The
// statement of a full chunk is prepared once and reused.
func insertRows(ctx context.Context, tx *sql.Tx, head, row string, n int, args func(i int) []any, tail string) error {
	const chunk = 100
	query := func(rows int) string {
		var b strings.Builder
		b.WriteString(head)
		for i := range rows {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(row)
		}
		b.WriteString(tail)
		return b.String()
	}
	var full *sql.Stmt
	if n >= chunk {
		var err error
		if full, err = tx.PrepareContext(ctx, query(chunk)); err != nil {
			return err
		}
		defer full.Close()
	}
	var all []any
	for start := 0; start < n; start += chunk {
		end := min(start+chunk, n)
		all = all[:0]
		for i := start; i < end; i++ {
			all = append(all, args(i)...)
		}
		var err error
		if end-start == chunk {
			_, err = full.ExecContext(ctx, all...)
		} else {
			_, err = tx.ExecContext(ctx, query(end-start), all...)
		}
		if err != nil {
			return err
		}
	}
	return nil
}
