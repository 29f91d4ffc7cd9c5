package mock

import (
	"context"

	"jxj/app"
)

var _ app.AuditService = (*AuditService)(nil)

// AuditService fakes app.AuditService.
type AuditService struct {
	AuditLogFn     func(ctx context.Context, f app.AuditFilter) ([]*app.AuditEntry, bool, error)
	AuditActorsFn  func(ctx context.Context) ([]app.AuditActor, error)
	VerifyAuditFn  func(ctx context.Context) (*app.AuditCheck, error)
	RecordExportFn func(ctx context.Context, e app.Export) error
}

func (s *AuditService) AuditLog(ctx context.Context, f app.AuditFilter) ([]*app.AuditEntry, bool, error) {
	return s.AuditLogFn(ctx, f)
}
func (s *AuditService) AuditActors(ctx context.Context) ([]app.AuditActor, error) {
	return s.AuditActorsFn(ctx)
}
func (s *AuditService) VerifyAudit(ctx context.Context) (*app.AuditCheck, error) {
	return s.VerifyAuditFn(ctx)
}
func (s *AuditService) RecordExport(ctx context.Context, e app.Export) error {
	return s.RecordExportFn(ctx, e)
}
