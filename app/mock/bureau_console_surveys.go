package mock

import (
	"context"

	"jxj/app"
)

var _ app.BureauConsoleSurveys = (*BureauConsoleSurveys)(nil)

// BureauConsoleSurveys fakes the console's surveys and reminders;
// BureauConsole embeds it.
type BureauConsoleSurveys struct {
	SurveysFn       func(ctx context.Context) ([]*app.HubSurvey, error)
	PublishSurveyFn func(ctx context.Context, d app.SurveyDraft) (*app.HubSurvey, error)
	RevokeSurveyFn  func(ctx context.Context, id int64) (*app.HubSurvey, error)
	SurveyStatusFn  func(ctx context.Context, ref string) (*app.HubSurveyStatus, error)
	RemindNoticeFn  func(ctx context.Context, d app.RemindDraft) (*app.HubReminder, error)
	RemindSurveyFn  func(ctx context.Context, d app.RemindDraft) (*app.HubReminder, error)
}

func (c *BureauConsoleSurveys) Surveys(ctx context.Context) ([]*app.HubSurvey, error) {
	return c.SurveysFn(ctx)
}
func (c *BureauConsoleSurveys) PublishSurvey(ctx context.Context, d app.SurveyDraft) (*app.HubSurvey, error) {
	return c.PublishSurveyFn(ctx, d)
}
func (c *BureauConsoleSurveys) RevokeSurvey(ctx context.Context, id int64) (*app.HubSurvey, error) {
	return c.RevokeSurveyFn(ctx, id)
}
func (c *BureauConsoleSurveys) SurveyStatus(ctx context.Context, ref string) (*app.HubSurveyStatus, error) {
	return c.SurveyStatusFn(ctx, ref)
}
func (c *BureauConsoleSurveys) RemindNotice(ctx context.Context, d app.RemindDraft) (*app.HubReminder, error) {
	return c.RemindNoticeFn(ctx, d)
}
func (c *BureauConsoleSurveys) RemindSurvey(ctx context.Context, d app.RemindDraft) (*app.HubReminder, error) {
	return c.RemindSurveyFn(ctx, d)
}
