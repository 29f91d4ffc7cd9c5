package mock

import (
	"context"

	"jxj/app"
)

var _ app.BackupService = (*BackupService)(nil)

// BackupService fakes app.BackupService.
type BackupService struct {
	BackupsFn       func(ctx context.Context) ([]app.Backup, error)
	BackupNowFn     func(ctx context.Context, path string) (*app.Backup, error)
	CheckBackupFn   func(ctx context.Context, path string) (*app.Backup, error)
	DailyBackupFn   func(ctx context.Context) (*app.Backup, error)
	BackupDaysFn    func(ctx context.Context) (int, error)
	SetBackupDaysFn func(ctx context.Context, days int) error
}

func (s *BackupService) Backups(ctx context.Context) ([]app.Backup, error) { return s.BackupsFn(ctx) }
func (s *BackupService) BackupNow(ctx context.Context, path string) (*app.Backup, error) {
	return s.BackupNowFn(ctx, path)
}
func (s *BackupService) CheckBackup(ctx context.Context, path string) (*app.Backup, error) {
	return s.CheckBackupFn(ctx, path)
}
func (s *BackupService) DailyBackup(ctx context.Context) (*app.Backup, error) {
	return s.DailyBackupFn(ctx)
}
func (s *BackupService) BackupDays(ctx context.Context) (int, error) { return s.BackupDaysFn(ctx) }
func (s *BackupService) SetBackupDays(ctx context.Context, days int) error {
	return s.SetBackupDaysFn(ctx, days)
}
