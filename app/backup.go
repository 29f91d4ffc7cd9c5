package app

import (
	"context"
	"time"
)

// Backup is a copy of the school's database: made every day in the data
// folder's backups/, or by hand to any file (a USB stick).
type Backup struct {
	Path     string
	Size     int64
	At       time.Time // when it was made (the file's time)
	Auto     bool      // a daily backup, deleted after the days kept
	School   string    // the school it holds
	Students int
	Version  int // the schema version it was made by
}

// DefaultBackupDays is how long daily backups are kept.
const DefaultBackupDays = 30

// BackupDayChoices are the numbers of days the settings offer.
var BackupDayChoices = []int{7, 14, 30, 60, 90, 180, 365}

// BackupService makes and lists backups of the school's database. A
// restore replaces the database, so it is not a service of the database
// but of the program that opened it (see ui.Options.Restore).
type BackupService interface {
	// Backups lists the backups in the data folder, newest first.
	Backups(ctx context.Context) ([]Backup, error)
	// BackupNow writes a backup into the data folder's backups/, or to
	// path when it is not "": a consistent copy while jxj runs.
	BackupNow(ctx context.Context, path string) (*Backup, error)
	// CheckBackup reads a backup file without changing it: that it is
	// whole, a school's jxj database, and not from a newer jxj.
	CheckBackup(ctx context.Context, path string) (*Backup, error)
	// DailyBackup makes today's backup in backups/ unless there is one,
	// and deletes the daily backups older than the days kept; it returns
	// the backup made, or nil. jxj runs it at start and every hour.
	DailyBackup(ctx context.Context) (*Backup, error)
	// BackupDays is how many days daily backups are kept.
	BackupDays(ctx context.Context) (int, error)
	// SetBackupDays changes it; admin only.
	SetBackupDays(ctx context.Context, days int) error
}
