package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"time"

	"jxj/app"
)

// Backups live in the data folder's backups/: jxj-2026-12-04.db is the
// daily one, jxj-2026-12-04-153012.db one made by hand. A backup is a
// whole SQLite database made by VACUUM INTO: consistent while jxj runs,
// and openable by any SQLite tool.
const (
	backupsDir        = "backups"
	settingBackupDays = "backup.days"
	// backupsKept daily backups stay whatever their age, so a school that
	// did not open jxj for a summer still has some
	backupsKept = 3
)

// dailyBackup matches the name of a daily backup and captures its day.
var dailyBackup = regexp.MustCompile(`^jxj-(\d{4}-\d{2}-\d{2})\.db$`)

var _ app.BackupService = (*backupService)(nil)

// backupService implements app.BackupService.
type backupService struct{ db *DB }

// Backups lists the backups in the data folder, newest first.
func (s *backupService) Backups(ctx context.Context) ([]app.Backup, error) {
	if err := app.RequireAdmin(ctx); err != nil {
		return nil, err
	}
	entries, err := os.ReadDir(filepath.Join(s.db.dir, backupsDir))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, app.WrapError(err, "error.storage", err)
	}
	var out []app.Backup
	for _, e := range entries {
		fi, err := e.Info()
		if err != nil || !fi.Mode().IsRegular() || filepath.Ext(e.Name()) != ".db" {
			continue
		}
		out = append(out, app.Backup{Path: filepath.Join(s.db.dir, backupsDir, e.Name()), Size: fi.Size(),
			At: fi.ModTime(), Auto: dailyBackup.MatchString(e.Name())})
	}
	slices.SortFunc(out, func(a, b app.Backup) int { return b.At.Compare(a.At) })
	return out, nil
}

// BackupNow writes a backup to path, or into backups/ when path is "".
// It holds every name and phone of the school: admin only, audited.
func (s *backupService) BackupNow(ctx context.Context, path string) (*app.Backup, error) {
	if err := app.RequireAdmin(ctx); err != nil {
		return nil, err
	}
	if path == "" {
		path = filepath.Join(s.db.dir, backupsDir, "jxj-"+s.db.Now().Format("2006-01-02-150405")+".db")
	}
	return s.db.backupTo(ctx, path, "backup.create")
}

// CheckBackup reads a backup without changing it.
func (s *backupService) CheckBackup(ctx context.Context, path string) (*app.Backup, error) {
	if err := app.RequireAdmin(ctx); err != nil {
		return nil, err
	}
	return CheckBackup(ctx, path)
}

// BackupDays is how long daily backups are kept.
func (s *backupService) BackupDays(ctx context.Context) (int, error) {
	days := app.DefaultBackupDays
	err := s.db.read(ctx, func(tx *sql.Tx) error {
		var v string
		err := tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, settingBackupDays).Scan(&v)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		if n, err := strconv.Atoi(v); err == nil && n > 0 {
			days = n
		}
		return nil
	})
	return days, err
}

// SetBackupDays changes how long daily backups are kept.
func (s *backupService) SetBackupDays(ctx context.Context, days int) error {
	if err := app.RequireAdmin(ctx); err != nil {
		return err
	}
	if !slices.Contains(app.BackupDayChoices, days) {
		return app.Errorf(app.EINVALID, "backup.error.days", days)
	}
	return s.db.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, settingBackupDays, strconv.Itoa(days)); err != nil {
			return err
		}
		return s.db.audit(ctx, tx, "backup.days", "settings", fmt.Sprintf("days=%d", days))
	})
}

// DailyBackup makes today's backup (see DB.AutoBackup).
func (s *backupService) DailyBackup(ctx context.Context) (*app.Backup, error) {
	return s.db.AutoBackup(ctx)
}

// AutoBackup makes today's daily backup unless it is there, then deletes
// daily backups older than the days kept (all but the newest
// backupsKept). It returns the backup made, or nil.
func (db *DB) AutoBackup(ctx context.Context) (*app.Backup, error) {
	today := db.Now()
	path := filepath.Join(db.dir, backupsDir, "jxj-"+today.Format("2006-01-02")+".db")
	var made *app.Backup
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		b, err := db.backupTo(app.NewContextWithAccount(ctx, app.SystemAccount), path, "backup.auto")
		if err != nil {
			return nil, err
		}
		made = b
	}
	days, err := (&backupService{db: db}).BackupDays(ctx)
	if err != nil {
		return made, err
	}
	oldest := today.AddDate(0, 0, -days)
	if err := pruneKeptAttachments(db.dir, oldest); err != nil {
		return made, err
	}
	return made, pruneBackups(filepath.Join(db.dir, backupsDir), oldest)
}

// pruneBackups deletes the daily backups of days before oldest, keeping
// the newest backupsKept.
func pruneBackups(dir string, oldest time.Time) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return app.WrapError(err, "error.storage", err)
	}
	var daily []string // names sort by day
	for _, e := range entries {
		if dailyBackup.MatchString(e.Name()) {
			daily = append(daily, e.Name())
		}
	}
	slices.Sort(daily)
	cut := oldest.Format("2006-01-02")
	for _, name := range daily[:max(0, len(daily)-backupsKept)] {
		if dailyBackup.FindStringSubmatch(name)[1] < cut {
			if err := os.Remove(filepath.Join(dir, name)); err != nil {
				return app.WrapError(err, "error.storage", err)
			}
		}
	}
	return nil
}

// backupTo writes the audit row of the backup, then the backup itself,
// so the copy holds its own record. It goes to a temporary file beside
// path first: a half-written backup never has the name of a whole one.
func (db *DB) backupTo(ctx context.Context, path, action string) (*app.Backup, error) {
	path, err := filepath.Abs(path)
	if err != nil {
		return nil, app.WrapError(err, "error.storage", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, app.WrapError(err, "backup.error.write", path, err)
	}
	if err := db.write(ctx, func(tx *sql.Tx) error {
		return db.audit(ctx, tx, action, "backup", "file="+path)
	}); err != nil {
		return nil, err
	}
	part := path + ".part"
	_ = os.Remove(part) // left by a backup that did not finish
	// VACUUM INTO writes into an empty file; made here, it is the owner's
	// only (a backup holds every phone number of the school)
	f, err := os.OpenFile(part, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, app.WrapError(err, "backup.error.write", path, err)
	}
	f.Close()
	if _, err := db.w.ExecContext(ctx, `VACUUM INTO ?`, part); err != nil {
		os.Remove(part)
		return nil, dbError(ctx, err)
	}
	if err := syncFile(part); err != nil {
		os.Remove(part)
		return nil, app.WrapError(err, "backup.error.write", path, err)
	}
	if err := os.Rename(part, path); err != nil {
		os.Remove(part)
		return nil, app.WrapError(err, "backup.error.write", path, err)
	}
	_ = syncFile(filepath.Dir(path))
	return CheckBackup(ctx, path)
}

// syncFile flushes a file (or a folder's entries) to the disk.
func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// CheckBackup reads the backup at path without changing it, not even its
// locks: it must be whole (integrity_check), a school's jxj database, and
// not from a newer jxj than this one.
func CheckBackup(ctx context.Context, path string) (*app.Backup, error) {
	fi, err := os.Stat(path)
	switch {
	case err != nil:
		return nil, app.WrapError(err, "backup.error.unreadable", path, err)
	case !fi.Mode().IsRegular() || fi.Size() == 0:
		return nil, app.Errorf(app.EINVALID, "backup.error.not_jxj", path)
	}
	b := &app.Backup{Path: path, Size: fi.Size(), At: fi.ModTime(), Auto: dailyBackup.MatchString(filepath.Base(path))}
	db, err := sql.Open("sqlite", dsn(path, []string{"mode=ro", "immutable=1"}))
	if err != nil {
		return nil, app.WrapError(err, "backup.error.unreadable", path, err)
	}
	defer db.Close()
	var check string
	if err := db.QueryRowContext(ctx, `PRAGMA integrity_check(1)`).Scan(&check); err != nil {
		if isDamage(err) {
			return nil, app.Errorf(app.EINVALID, "backup.error.damaged", path, err.Error())
		}
		return nil, app.WrapError(err, "backup.error.unreadable", path, err)
	}
	if check != "ok" {
		return nil, app.Errorf(app.EINVALID, "backup.error.damaged", path, check)
	}
	err = db.QueryRowContext(ctx, `SELECT (SELECT MAX(version) FROM schema_migrations), COALESCE((SELECT name FROM org WHERE id = 1), ''),
		(SELECT count(*) FROM students)`).Scan(&b.Version, &b.School, &b.Students)
	if err != nil {
		return nil, app.Errorf(app.EINVALID, "backup.error.not_jxj", path)
	}
	ms, err := loadMigrations(migrationFS)
	if err != nil {
		return nil, app.WrapError(err, "error.storage", err)
	}
	if known := ms[len(ms)-1].version; b.Version > known {
		return nil, app.Errorf(app.EINVALID, "backup.error.newer", path, b.Version, known)
	}
	return b, nil
}

// Restore replaces the school's database in dir with the backup at src,
// which is checked first. The database must be closed. The one it
// replaces is kept beside it as jxj.db.before-restore-<time> (with its
// WAL, if any); the files of attachments deleted since the backup come
// back from attachments/deleted/; and the restore is written to the
// restored database's audit log, as the account in ctx. It returns the
// path kept aside ("" if there was no database).
func Restore(ctx context.Context, dir, src string) (aside string, err error) {
	if dir, err = filepath.Abs(dir); err != nil {
		return "", app.WrapError(err, "error.storage", err)
	}
	if src, err = filepath.Abs(src); err != nil {
		return "", app.WrapError(err, "error.storage", err)
	}
	path := filepath.Join(dir, FileName)
	if src == path {
		return "", app.Errorf(app.EINVALID, "backup.error.same_file", src)
	}
	b, err := CheckBackup(ctx, src)
	if err != nil {
		return "", err
	}
	part := path + ".restoring"
	if err := copyBackup(src, part); err != nil {
		return "", app.WrapError(err, "backup.error.write", part, err)
	}
	if _, err := os.Stat(path); err == nil {
		aside = asideName(path, time.Now())
		for _, suffix := range []string{"", "-wal", "-shm"} {
			if err := os.Rename(path+suffix, aside+suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
				os.Remove(part)
				return "", app.WrapError(err, "backup.error.write", path, err)
			}
		}
	}
	if err := os.Rename(part, path); err != nil {
		return aside, app.WrapError(err, "backup.error.write", path, err)
	}
	_ = syncFile(dir)
	db, err := Open(ctx, dir)
	if err != nil {
		return aside, err
	}
	defer db.Close()
	// files of attachments deleted after the backup come back
	missing, err := reviveAttachments(ctx, db)
	if err != nil {
		return aside, err
	}
	return aside, db.write(ctx, func(tx *sql.Tx) error {
		return db.audit(ctx, tx, "backup.restore", "backup",
			fmt.Sprintf("file=%s version=%d aside=%s attachments_missing=%d", src, b.Version, aside, missing))
	})
}

// asideName is a new name for the database a restore replaces:
// jxj.db.before-restore-20261204-153000, with -2, -3 … when taken.
func asideName(path string, now time.Time) string {
	base := path + ".before-restore-" + now.Format("20060102-150405")
	name := base
	for i := 2; ; i++ {
		if _, err := os.Stat(name); errors.Is(err, os.ErrNotExist) {
			return name
		}
		name = base + "-" + strconv.Itoa(i)
	}
}

// copyBackup copies src to a new file dst, readable by its owner only,
// and flushes it to the disk.
func copyBackup(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	_ = os.Remove(dst) // left by a restore that did not finish
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		os.Remove(dst)
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		os.Remove(dst)
		return err
	}
	return out.Close()
}

// LatestBackup returns the newest backup in dir's backups/, or "".
func LatestBackup(dir string) string {
	s := &backupService{db: &DB{dir: dir}}
	backups, err := s.Backups(app.NewContextWithAccount(context.Background(), app.SystemAccount))
	if err != nil || len(backups) == 0 {
		return ""
	}
	return backups[0].Path
}
