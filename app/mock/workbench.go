package mock

import (
	"context"

	"jxj/app"
)

var (
	_ app.NoticeService    = (*NoticeService)(nil)
	_ app.HomeworkService  = (*HomeworkService)(nil)
	_ app.FormService      = (*FormService)(nil)
	_ app.PrintService     = (*PrintService)(nil)
	_ app.WorkbenchService = (*WorkbenchService)(nil)
)

// WorkbenchService fakes app.WorkbenchService.
type WorkbenchService struct {
	WorkbenchFn func(ctx context.Context) (*app.Workbench, error)
}

func (s *WorkbenchService) Workbench(ctx context.Context) (*app.Workbench, error) {
	return s.WorkbenchFn(ctx)
}

// NoticeService fakes app.NoticeService.
type NoticeService struct {
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

// HomeworkService fakes app.HomeworkService.
type HomeworkService struct {
	AssignHomeworkFn  func(ctx context.Context, d app.HomeworkDraft) (*app.Homework, error)
	HomeworksFn       func(ctx context.Context) ([]*app.Homework, error)
	HomeworkEntriesFn func(ctx context.Context, id int64) (*app.Homework, []app.HomeworkEntry, error)
	SetCompletionFn   func(ctx context.Context, id int64, marks []app.CompletionMark) error
	DeleteHomeworkFn  func(ctx context.Context, id int64) error
}

func (s *HomeworkService) AssignHomework(ctx context.Context, d app.HomeworkDraft) (*app.Homework, error) {
	return s.AssignHomeworkFn(ctx, d)
}
func (s *HomeworkService) Homeworks(ctx context.Context) ([]*app.Homework, error) {
	return s.HomeworksFn(ctx)
}
func (s *HomeworkService) HomeworkEntries(ctx context.Context, id int64) (*app.Homework, []app.HomeworkEntry, error) {
	return s.HomeworkEntriesFn(ctx, id)
}
func (s *HomeworkService) SetCompletion(ctx context.Context, id int64, marks []app.CompletionMark) error {
	return s.SetCompletionFn(ctx, id, marks)
}
func (s *HomeworkService) DeleteHomework(ctx context.Context, id int64) error {
	return s.DeleteHomeworkFn(ctx, id)
}

// FormService fakes app.FormService.
type FormService struct {
	CreateFormFn    func(ctx context.Context, d app.FormDraft) (*app.Form, error)
	FormsFn         func(ctx context.Context) ([]*app.Form, error)
	FormSheetFn     func(ctx context.Context, id int64, day string) (*app.FormSheet, error)
	SaveAnswerFn    func(ctx context.Context, formID int64, in app.AnswerInput) (*app.Answer, error)
	ClearAnswerFn   func(ctx context.Context, formID, studentID int64, day string) error
	ImportAnswersFn func(ctx context.Context, formID int64, rows []app.AnswerRow, dryRun bool) (*app.AnswerImport, error)
	CloseFormFn     func(ctx context.Context, id int64) error
}

func (s *FormService) CreateForm(ctx context.Context, d app.FormDraft) (*app.Form, error) {
	return s.CreateFormFn(ctx, d)
}
func (s *FormService) Forms(ctx context.Context) ([]*app.Form, error) { return s.FormsFn(ctx) }
func (s *FormService) FormSheet(ctx context.Context, id int64, day string) (*app.FormSheet, error) {
	return s.FormSheetFn(ctx, id, day)
}
func (s *FormService) SaveAnswer(ctx context.Context, formID int64, in app.AnswerInput) (*app.Answer, error) {
	return s.SaveAnswerFn(ctx, formID, in)
}
func (s *FormService) ClearAnswer(ctx context.Context, formID, studentID int64, day string) error {
	return s.ClearAnswerFn(ctx, formID, studentID, day)
}
func (s *FormService) ImportAnswers(ctx context.Context, formID int64, rows []app.AnswerRow, dryRun bool) (*app.AnswerImport, error) {
	return s.ImportAnswersFn(ctx, formID, rows, dryRun)
}
func (s *FormService) CloseForm(ctx context.Context, id int64) error { return s.CloseFormFn(ctx, id) }

// PrintService fakes app.PrintService.
type PrintService struct {
	PrintNoticeFn      func(path string, p app.NoticePrint) error
	PrintResultSlipsFn func(path string, r app.ResultSlips) error
	PrintCockpitFn     func(path string, p app.CockpitPrint) error
}

func (s *PrintService) PrintNotice(path string, p app.NoticePrint) error {
	return s.PrintNoticeFn(path, p)
}
func (s *PrintService) PrintResultSlips(path string, r app.ResultSlips) error {
	return s.PrintResultSlipsFn(path, r)
}
func (s *PrintService) PrintCockpit(path string, p app.CockpitPrint) error {
	return s.PrintCockpitFn(path, p)
}
