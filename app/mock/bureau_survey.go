package mock

import (
	"context"

	"jxj/app"
)

var _ app.BureauSurveyService = (*BureauSurveyService)(nil)

// BureauSurveyService fakes app.BureauSurveyService.
type BureauSurveyService struct {
	BureauSurveysFn      func(ctx context.Context) ([]*app.BureauSurvey, error)
	BureauSurveyFn       func(ctx context.Context, id int64) (*app.BureauSurvey, error)
	AnswerBureauSurveyFn func(ctx context.Context, id int64, values []app.SurveyValue) (*app.BureauSurvey, error)
	RemindersFn          func(ctx context.Context) ([]*app.BureauReminder, error)
	DismissReminderFn    func(ctx context.Context, id int64) error
}

func (s *BureauSurveyService) BureauSurveys(ctx context.Context) ([]*app.BureauSurvey, error) {
	return s.BureauSurveysFn(ctx)
}

func (s *BureauSurveyService) BureauSurvey(ctx context.Context, id int64) (*app.BureauSurvey, error) {
	return s.BureauSurveyFn(ctx, id)
}

func (s *BureauSurveyService) AnswerBureauSurvey(ctx context.Context, id int64, values []app.SurveyValue) (*app.BureauSurvey, error) {
	return s.AnswerBureauSurveyFn(ctx, id, values)
}

func (s *BureauSurveyService) Reminders(ctx context.Context) ([]*app.BureauReminder, error) {
	return s.RemindersFn(ctx)
}

func (s *BureauSurveyService) DismissReminder(ctx context.Context, id int64) error {
	return s.DismissReminderFn(ctx, id)
}
