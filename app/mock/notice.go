package mock

import (
	"context"

	"jxj/app"
)

var _ app.NoticeService = (*NoticeService)(nil)

// NoticeService fakes app.NoticeService.
type NoticeService struct {
	AttachmentFiles  // attachment.go
	SaveDraftFn      func(ctx context.Context, d app.NoticeDraft) (*app.Notice, error)
	PublishFn        func(ctx context.Context, id int64) (*app.Notice, error)
	RevokeFn         func(ctx context.Context, id int64) (*app.Notice, error)
	NoticesFn        func(ctx context.Context) ([]*app.Notice, error)
	NoticeStatusFn   func(ctx context.Context, id int64) (*app.NoticeStatus, error)
	ReceiptsFn       func(ctx context.Context, noticeID int64) ([]app.Receipt, error)
	RecordSlipFn     func(ctx context.Context, noticeID int64, code string) (*app.Receipt, error)
	MarkReceiptsFn   func(ctx context.Context, marks []app.ReceiptMark) error
	ImportReceiptsFn func(ctx context.Context, noticeID int64, rows []app.ReceiptSheetRow, dryRun bool) (*app.ReceiptImport, error)
	ConfirmBureauFn  func(ctx context.Context, id int64) (*app.Notice, error)
	ForwardBureauFn  func(ctx context.Context, id int64, t app.Target) (*app.Notice, error)
}

func (s *NoticeService) ConfirmBureau(ctx context.Context, id int64) (*app.Notice, error) {
	return s.ConfirmBureauFn(ctx, id)
}
func (s *NoticeService) ForwardBureau(ctx context.Context, id int64, t app.Target) (*app.Notice, error) {
	return s.ForwardBureauFn(ctx, id, t)
}

func (s *NoticeService) SaveDraft(ctx context.Context, d app.NoticeDraft) (*app.Notice, error) {
	return s.SaveDraftFn(ctx, d)
}
func (s *NoticeService) Publish(ctx context.Context, id int64) (*app.Notice, error) {
	return s.PublishFn(ctx, id)
}
func (s *NoticeService) Revoke(ctx context.Context, id int64) (*app.Notice, error) {
	return s.RevokeFn(ctx, id)
}
func (s *NoticeService) Notices(ctx context.Context) ([]*app.Notice, error) { return s.NoticesFn(ctx) }
func (s *NoticeService) NoticeStatus(ctx context.Context, id int64) (*app.NoticeStatus, error) {
	return s.NoticeStatusFn(ctx, id)
}
func (s *NoticeService) Receipts(ctx context.Context, noticeID int64) ([]app.Receipt, error) {
	return s.ReceiptsFn(ctx, noticeID)
}
func (s *NoticeService) RecordSlip(ctx context.Context, noticeID int64, code string) (*app.Receipt, error) {
	return s.RecordSlipFn(ctx, noticeID, code)
}
func (s *NoticeService) MarkReceipts(ctx context.Context, marks []app.ReceiptMark) error {
	return s.MarkReceiptsFn(ctx, marks)
}
func (s *NoticeService) ImportReceipts(ctx context.Context, noticeID int64, rows []app.ReceiptSheetRow, dryRun bool) (*app.ReceiptImport, error) {
	return s.ImportReceiptsFn(ctx, noticeID, rows, dryRun)
}
