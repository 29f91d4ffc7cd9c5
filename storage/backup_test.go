package storage

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"jxj/app"
)

// openSchool opens a school database in a new folder with a small roster,
// closed by the test's cleanup.
func openSchool(t *testing.T) (*DB, string) {
	t.Helper()
	dir := t.TempDir()
	db := mustOpenDir(t, dir)
	mustSetup(t, db)
	mustImport(t, db, bigRoster(300))
	return db, dir
}

func TestBackupAndRestore(t *testing.T) {
	db, dir := openSchool(t)
	svc := db.Services().Backups
	b, err := svc.BackupNow(adminCtx, "")
	if err != nil {
		t.Fatal(err)
	}
	if b.School != "城关小学" || b.Students != 300 || filepath.Dir(b.Path) != filepath.Join(dir, backupsDir) {
		t.Fatalf("backup = %+v; want 城关小学 with 300 students in backups/", b)
	}
	if list, err := svc.Backups(adminCtx); err != nil || len(list) != 1 || list[0].Path != b.Path {
		t.Fatalf("Backups = %+v, %v; want the one made", list, err)
	}
	// more work after the backup, then the restore
	mustImport(t, db, []app.RosterRow{rrow(2, "新同学", "女", "N001", "3.1")})
	db.Close()
	aside, err := Restore(adminCtx, dir, b.Path)
	if err != nil {
		t.Fatal(err)
	}
	db = mustOpenDir(t, dir)
	if n := count(t, db, `SELECT count(*) FROM students`); n != 300 {
		t.Errorf("students after the restore = %d; want 300, as in the backup", n)
	}
	if n := count(t, db, `SELECT count(*) FROM audit WHERE action = 'backup.restore' AND actor = 'test-admin'`); n != 1 {
		t.Errorf("backup.restore audit rows = %d; want 1", n)
	}
	if n := count(t, db, `SELECT count(*) FROM audit WHERE action = 'backup.create'`); n != 1 {
		t.Errorf("the restored database holds %d backup.create rows; want 1 (the backup records itself)", n)
	}
	kept, err := CheckBackup(context.Background(), aside)
	if err != nil || kept.Students != 301 {
		t.Errorf("the database kept aside = %+v, %v; want the 301 students from before the restore", kept, err)
	}
}

func TestRestoreRefusesBadFiles(t *testing.T) {
	db, dir := openSchool(t)
	good, err := db.Services().Backups.BackupNow(adminCtx, filepath.Join(t.TempDir(), "usb", "jxj.db"))
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	before := readFile(t, filepath.Join(dir, FileName))

	other := t.TempDir()
	damagedCopy := filepath.Join(other, "damaged.db")
	writeDamaged(t, good.Path, damagedCopy)
	notJXJ := filepath.Join(other, "other.db")
	if err := os.WriteFile(notJXJ, []byte("SQLite format 3\x00 but not really"), 0o600); err != nil {
		t.Fatal(err)
	}
	newer := filepath.Join(other, "newer.db")
	copyFileTest(t, good.Path, newer)
	nb, err := openPool(context.Background(), newer, writerParams, 1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := nb.Exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future', 'x')`); err != nil {
		t.Fatal(err)
	}
	nb.Close()

	tests := []struct{ name, path, key string }{
		{"damaged", damagedCopy, "backup.error.damaged"},
		{"not a jxj backup", notJXJ, "backup.error.damaged"},
		{"from a newer jxj", newer, "backup.error.newer"},
		{"missing", filepath.Join(other, "nothing.db"), "backup.error.unreadable"},
		{"the database itself", filepath.Join(dir, FileName), "backup.error.same_file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Restore(adminCtx, dir, tt.path)
			var ae *app.Error
			if !asAppError(err, &ae) || ae.Key != tt.key {
				t.Fatalf("Restore(%s) = %v; want %s", tt.name, err, tt.key)
			}
			if !bytes.Equal(readFile(t, filepath.Join(dir, FileName)), before) {
				t.Error("the database changed after a refused restore")
			}
		})
	}
}

func TestAutoBackupKeepsTheDaysChosen(t *testing.T) {
	db, dir := openSchool(t)
	backups := filepath.Join(dir, backupsDir)
	if err := os.MkdirAll(backups, 0o700); err != nil {
		t.Fatal(err)
	}
	// a school that opened jxj on these days
	for _, day := range []string{"2025-06-01", "2025-06-02", "2025-07-01", "2025-08-10", "2025-08-25"} {
		if err := os.WriteFile(filepath.Join(backups, "jxj-"+day+".db"), []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	byHand := filepath.Join(backups, "jxj-2025-01-01-101500.db")
	if err := os.WriteFile(byHand, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := db.Services().Backups.SetBackupDays(adminCtx, 7); err != nil {
		t.Fatal(err)
	}
	made, err := db.AutoBackup(context.Background()) // testNow is 2025-09-01
	if err != nil || made == nil || filepath.Base(made.Path) != "jxj-2025-09-01.db" {
		t.Fatalf("AutoBackup = %+v, %v; want today's backup", made, err)
	}
	again, err := db.AutoBackup(context.Background())
	if err != nil || again != nil {
		t.Errorf("a second AutoBackup the same day = %+v, %v; want nothing made", again, err)
	}
	var names []string
	entries, _ := os.ReadDir(backups)
	for _, e := range entries {
		names = append(names, e.Name())
	}
	want := "jxj-2025-01-01-101500.db jxj-2025-08-10.db jxj-2025-08-25.db jxj-2025-09-01.db"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("backups = %s; want %s (daily ones older than 7 days go but the newest 3 stay; those made by hand stay)", got, want)
	}
}

// A damaged, emptied or deleted jxj.db is never used, nor replaced by a
// new empty school: Open says so and names the latest backup.
func TestDamagedDatabaseRefused(t *testing.T) {
	tests := []struct {
		name   string
		damage func(t *testing.T, path string)
		key    string
	}{
		{"a page overwritten with 0xFF", func(t *testing.T, path string) {
			writeDamaged(t, path, path)
		}, "storage.error.damaged"},
		{"truncated to 0 bytes", func(t *testing.T, path string) {
			if err := os.Truncate(path, 0); err != nil {
				t.Fatal(err)
			}
		}, "storage.error.db_empty"},
		{"deleted", func(t *testing.T, path string) {
			if err := os.Remove(path); err != nil {
				t.Fatal(err)
			}
		}, "storage.error.db_missing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, dir := openSchool(t)
			latest, err := db.AutoBackup(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			db.Close()
			path := filepath.Join(dir, FileName)
			tt.damage(t, path)
			before, _ := os.ReadFile(path)
			_, err = Open(context.Background(), dir)
			var ae *app.Error
			if !IsDamaged(err) || !asAppError(err, &ae) || ae.Key != tt.key {
				t.Fatalf("Open = %v; want %s", err, tt.key)
			}
			if msg := ae.Args[len(ae.Args)-1].(string); !strings.Contains(msg, latest.Path) {
				t.Errorf("message %q does not name the latest backup %s", msg, latest.Path)
			}
			after, _ := os.ReadFile(path)
			if !bytes.Equal(before, after) {
				t.Error("Open changed the damaged file")
			}
			// and the backup brings the school back
			if _, err := Restore(adminCtx, dir, latest.Path); err != nil {
				t.Fatal(err)
			}
			db = mustOpenDir(t, dir)
			if n := count(t, db, `SELECT count(*) FROM students`); n != 300 {
				t.Errorf("students after restoring the backup = %d; want 300", n)
			}
		})
	}
}

// Files jxj makes in a data folder that someone else made beforehand are
// its owner's only: they hold names and phone numbers.
func TestDataFilesOwnerOnly(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("file modes are POSIX; Windows folders inherit their ACL")
	}
	for _, open := range []struct {
		name string
		file string
		fn   func(ctx context.Context, dir string) (interface{ Close() error }, error)
	}{
		{"school", FileName, func(ctx context.Context, dir string) (interface{ Close() error }, error) { return Open(ctx, dir) }},
		{"hub", HubFileName, func(ctx context.Context, dir string) (interface{ Close() error }, error) { return OpenHub(ctx, dir) }},
	} {
		t.Run(open.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.Chmod(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			db, err := open.fn(context.Background(), dir)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			for _, name := range []string{open.file, open.file + "-wal", open.file + "-shm", open.file + createdSuffix} {
				fi, err := os.Stat(filepath.Join(dir, name))
				if err != nil {
					t.Fatal(err)
				}
				if mode := fi.Mode().Perm(); mode != 0o600 {
					t.Errorf("%s is %o; want 600", name, mode)
				}
			}
		})
	}
}

// writeDamaged copies src to dst with one page in the middle overwritten
// with 0xFF, as a failing disk leaves it.
func writeDamaged(t *testing.T, src, dst string) {
	t.Helper()
	b := readFile(t, src)
	const page = 4096
	if len(b) < 8*page {
		t.Fatalf("%s has %d bytes; want a few pages", src, len(b))
	}
	at := (len(b) / page / 2) * page
	copy(b[at:at+page], bytes.Repeat([]byte{0xFF}, page))
	if err := os.WriteFile(dst, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func copyFileTest(t *testing.T, src, dst string) {
	t.Helper()
	if err := os.WriteFile(dst, readFile(t, src), 0o600); err != nil {
		t.Fatal(err)
	}
}

// asAppError is errors.As for *app.Error.
func asAppError(err error, target **app.Error) bool { return errors.As(err, target) }

// BenchmarkOpenAndBackup: a school at the budget (5,000 students, two
// guardians each, a year of attendance): how long the start's integrity
// check adds to opening, and how long a backup takes while jxj runs.
func BenchmarkOpenAndBackup(b *testing.B) {
	db, _ := yearOfAttendance(b)
	dir := db.dir
	if _, err := db.AutoBackup(context.Background()); err != nil {
		b.Fatal(err)
	}
	db.Close()
	fi, err := os.Stat(filepath.Join(dir, FileName))
	if err != nil {
		b.Fatal(err)
	}
	var open, check, backup time.Duration
	b.ResetTimer()
	for i := range b.N {
		t0 := time.Now()
		db, err := Open(context.Background(), dir)
		if err != nil {
			b.Fatal(err)
		}
		open += time.Since(t0)
		t1 := time.Now()
		if err := db.quickCheck(context.Background()); err != nil {
			b.Fatal(err)
		}
		check += time.Since(t1)
		t2 := time.Now()
		if _, err := db.Services().Backups.BackupNow(adminCtx, filepath.Join(b.TempDir(), fmt.Sprintf("b%d.db", i))); err != nil {
			b.Fatal(err)
		}
		backup += time.Since(t2)
		db.Close()
	}
	n := float64(b.N)
	b.ReportMetric(float64(fi.Size())/(1<<20), "db-MB")
	b.ReportMetric(float64(open.Microseconds())/1000/n, "ms/open")
	b.ReportMetric(float64(check.Microseconds())/1000/n, "ms/quick-check")
	b.ReportMetric(float64(backup.Microseconds())/1000/n, "ms/backup")
}

// A homework deleted after a backup comes back with its attachment when
// the backup is restored: deleting keeps the file aside for as long as a
// daily backup may name it.
func TestRestoreBringsBackAttachments(t *testing.T) {
	ns := newNoticeSchool(t)
	dir := ns.db.dir
	file := filepath.Join(t.TempDir(), "作业说明.txt")
	if err := os.WriteFile(file, []byte("第 12 页"), 0o600); err != nil {
		t.Fatal(err)
	}
	hw, err := ns.db.Services().Homework.AssignHomework(adminCtx, app.HomeworkDraft{Subject: "语文", Content: "背诵", Due: due("2025-09-05"),
		ClassIDs: []int64{ns.classes["三年级2班"]}, AddFiles: []string{file}})
	if err != nil {
		t.Fatal(err)
	}
	b, err := ns.db.Services().Backups.BackupNow(adminCtx, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := ns.db.Services().Homework.DeleteHomework(adminCtx, hw.ID); err != nil {
		t.Fatal(err)
	}
	copied := filepath.Join(dir, filepath.FromSlash(hw.Attachments[0].Path))
	if _, err := os.Stat(copied); !os.IsNotExist(err) {
		t.Fatalf("the deleted homework's file is still in its folder (%v)", err)
	}
	ns.db.Close()
	if _, err := Restore(adminCtx, dir, b.Path); err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile(copied); err != nil || string(got) != "第 12 页" {
		t.Errorf("the attachment after the restore = %q, %v; want it back", got, err)
	}

	// once no backup kept can name it, the kept copy goes
	db := mustOpenDir(t, dir)
	if err := db.Services().Homework.DeleteHomework(adminCtx, hw.ID); err != nil {
		t.Fatal(err)
	}
	db.Now = func() time.Time { return testNow.AddDate(0, 0, app.DefaultBackupDays+1) }
	if _, err := db.AutoBackup(context.Background()); err != nil {
		t.Fatal(err)
	}
	kept := filepath.Join(dir, attachmentsDir, keptDir, hw.UUID)
	if entries, _ := os.ReadDir(kept); len(entries) != 0 {
		t.Errorf("kept files %v still there after the days backups are kept", entries)
	}
}
