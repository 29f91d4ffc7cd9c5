package console

import (
	"context"

	"jxj/app"
)

// The surveys and each survey's answers are kept as the notices are
// (surveys.json, survey-<ref>.json); sending a survey, revoking it and
// 催办 are refused while the copy is browsed.

// Surveys lists the surveys, or the copy when the hub does not answer.
func (c *Cache) Surveys(ctx context.Context) ([]*app.HubSurvey, error) {
	return read(c, "surveys", func() ([]*app.HubSurvey, error) { return c.BureauConsole.Surveys(ctx) })
}

// SurveyStatus returns a survey's answers, or their copy when the hub
// does not answer.
func (c *Cache) SurveyStatus(ctx context.Context, ref string) (*app.HubSurveyStatus, error) {
	fetch := func() (*app.HubSurveyStatus, error) { return c.BureauConsole.SurveyStatus(ctx, ref) }
	if !safeRef.MatchString(ref) {
		return fetch()
	}
	return read(c, "survey-"+ref, fetch)
}

func (c *Cache) PublishSurvey(ctx context.Context, d app.SurveyDraft) (*app.HubSurvey, error) {
	if err := c.offline(); err != nil {
		return nil, err
	}
	return c.BureauConsole.PublishSurvey(ctx, d)
}

func (c *Cache) RevokeSurvey(ctx context.Context, id int64) (*app.HubSurvey, error) {
	if err := c.offline(); err != nil {
		return nil, err
	}
	return c.BureauConsole.RevokeSurvey(ctx, id)
}

func (c *Cache) RemindNotice(ctx context.Context, d app.RemindDraft) (*app.HubReminder, error) {
	if err := c.offline(); err != nil {
		return nil, err
	}
	return c.BureauConsole.RemindNotice(ctx, d)
}

func (c *Cache) RemindSurvey(ctx context.Context, d app.RemindDraft) (*app.HubReminder, error) {
	if err := c.offline(); err != nil {
		return nil, err
	}
	return c.BureauConsole.RemindSurvey(ctx, d)
}
