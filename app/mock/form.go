package mock

import (
	"context"

	"jxj/app"
)

var _ app.FormService = (*FormService)(nil)

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
