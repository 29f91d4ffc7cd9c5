package mock

import (
	"context"
	"time"

	"jxj/app"
)

var (
	_ app.SyncStore = (*SyncStore)(nil)
	_ app.Syncer    = (*Syncer)(nil)
)

// SyncStore fakes app.SyncStore.
type SyncStore struct {
	SyncStateFn     func(ctx context.Context) (*app.SyncState, error)
	SaveEnrolmentFn func(ctx context.Context, e app.Enrolment) error
	SetIntervalFn   func(ctx context.Context, d time.Duration) error
	NeedsEnrolFn    func(ctx context.Context) error
	ApplyFeedFn     func(ctx context.Context, page app.FeedPage) (int, error)
	ResetFeedFn     func(ctx context.Context, epoch string) error
	CheckRestoreFn  func(ctx context.Context, hubBatch int64) (*app.CatchUp, error)
	ApplyCatchUpFn  func(ctx context.Context, page app.ReceiptsPage) (int, error)
	NextBatchFn     func(ctx context.Context, maxOps int) (*app.OutBatch, error)
	ConfirmBatchFn  func(ctx context.Context, batch int64, results []app.OpResult) error
	ConflictBatchFn func(ctx context.Context, batch int64, code, message string) error
	RecordRunFn     func(ctx context.Context, r app.SyncRun) error
	SyncRunsFn      func(ctx context.Context, limit int) ([]app.SyncRun, error)
	ConflictsFn     func(ctx context.Context) ([]app.SyncConflict, error)
}

func (s *SyncStore) SyncState(ctx context.Context) (*app.SyncState, error) { return s.SyncStateFn(ctx) }
func (s *SyncStore) SaveEnrolment(ctx context.Context, e app.Enrolment) error {
	return s.SaveEnrolmentFn(ctx, e)
}
func (s *SyncStore) SetInterval(ctx context.Context, d time.Duration) error {
	return s.SetIntervalFn(ctx, d)
}
func (s *SyncStore) NeedsEnrol(ctx context.Context) error { return s.NeedsEnrolFn(ctx) }
func (s *SyncStore) ApplyFeed(ctx context.Context, page app.FeedPage) (int, error) {
	return s.ApplyFeedFn(ctx, page)
}
func (s *SyncStore) ResetFeed(ctx context.Context, epoch string) error {
	return s.ResetFeedFn(ctx, epoch)
}
func (s *SyncStore) CheckRestore(ctx context.Context, hubBatch int64) (*app.CatchUp, error) {
	return s.CheckRestoreFn(ctx, hubBatch)
}
func (s *SyncStore) ApplyCatchUp(ctx context.Context, page app.ReceiptsPage) (int, error) {
	return s.ApplyCatchUpFn(ctx, page)
}
func (s *SyncStore) NextBatch(ctx context.Context, maxOps int) (*app.OutBatch, error) {
	return s.NextBatchFn(ctx, maxOps)
}
func (s *SyncStore) ConfirmBatch(ctx context.Context, batch int64, results []app.OpResult) error {
	return s.ConfirmBatchFn(ctx, batch, results)
}
func (s *SyncStore) ConflictBatch(ctx context.Context, batch int64, code, message string) error {
	return s.ConflictBatchFn(ctx, batch, code, message)
}
func (s *SyncStore) RecordRun(ctx context.Context, r app.SyncRun) error { return s.RecordRunFn(ctx, r) }
func (s *SyncStore) SyncRuns(ctx context.Context, limit int) ([]app.SyncRun, error) {
	return s.SyncRunsFn(ctx, limit)
}
func (s *SyncStore) Conflicts(ctx context.Context) ([]app.SyncConflict, error) {
	return s.ConflictsFn(ctx)
}

// Syncer fakes app.Syncer.
type Syncer struct {
	EnrolFn func(ctx context.Context, r app.EnrolRequest) (*app.Enrolment, error)
	SyncFn  func(ctx context.Context) (app.SyncRun, error)
}

func (s *Syncer) Enrol(ctx context.Context, r app.EnrolRequest) (*app.Enrolment, error) {
	return s.EnrolFn(ctx, r)
}
func (s *Syncer) Sync(ctx context.Context) (app.SyncRun, error) { return s.SyncFn(ctx) }
