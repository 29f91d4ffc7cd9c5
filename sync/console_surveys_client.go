package sync

import (
	"context"
	"strconv"

	"jxj/app"
)

// Surveys lists the bureau's surveys.
func (c *ConsoleClient) Surveys(ctx context.Context) ([]*app.HubSurvey, error) {
	var ss []ConsoleSurvey
	if err := c.get(ctx, "surveys", &ss); err != nil {
		return nil, err
	}
	out := make([]*app.HubSurvey, len(ss))
	for i := range ss {
		out[i] = ss[i].app()
	}
	return out, nil
}

// PublishSurvey sends a survey to the schools d names, or all.
func (c *ConsoleClient) PublishSurvey(ctx context.Context, d app.SurveyDraft) (*app.HubSurvey, error) {
	var sv ConsoleSurvey
	err := c.post(ctx, "surveys", ConsoleSurveyDraft{Title: d.Title, Intro: d.Intro, Questions: d.Questions, Deadline: d.Deadline, Orgs: d.Orgs}, &sv)
	if err != nil {
		return nil, err
	}
	return sv.app(), nil
}

// RevokeSurvey revokes a survey at every school.
func (c *ConsoleClient) RevokeSurvey(ctx context.Context, id int64) (*app.HubSurvey, error) {
	var sv ConsoleSurvey
	if err := c.post(ctx, "surveys/"+strconv.FormatInt(id, 10)+"/revoke", nil, &sv); err != nil {
		return nil, err
	}
	return sv.app(), nil
}

// SurveyStatus returns a survey's answers per school, their totals and
// the schools not answered.
func (c *ConsoleClient) SurveyStatus(ctx context.Context, ref string) (*app.HubSurveyStatus, error) {
	var st ConsoleSurveyStatus
	if err := c.get(ctx, "surveys/"+ref, &st); err != nil {
		return nil, err
	}
	out := &app.HubSurveyStatus{Survey: st.Survey.app(), Schools: make([]app.HubSurveySchool, len(st.Schools)),
		NotAnswered: make([]app.HubOrg, len(st.NotAnswered))}
	for i, s := range st.Schools {
		out.Schools[i] = app.HubSurveySchool{Org: *s.Org.app(), Delivered: s.Delivered, AnsweredAt: s.AnsweredAt, Versions: s.Versions, Values: s.Values}
	}
	for i, o := range st.NotAnswered {
		out.NotAnswered[i] = *o.app()
	}
	out.Totals = app.SurveyTotals(out.Survey.Questions, out.Schools)
	return out, nil
}

// RemindNotice sends a 催办 about a notice (d.Ref its id).
func (c *ConsoleClient) RemindNotice(ctx context.Context, d app.RemindDraft) (*app.HubReminder, error) {
	return c.remind(ctx, "notices/", d)
}

// RemindSurvey sends a 催办 about a survey (d.Ref its id).
func (c *ConsoleClient) RemindSurvey(ctx context.Context, d app.RemindDraft) (*app.HubReminder, error) {
	return c.remind(ctx, "surveys/", d)
}

func (c *ConsoleClient) remind(ctx context.Context, prefix string, d app.RemindDraft) (*app.HubReminder, error) {
	if _, err := strconv.ParseInt(d.Ref, 10, 64); err != nil {
		return nil, app.Errorf(app.EINVALID, "console_survey.error.ref", d.Ref)
	}
	var r ConsoleReminder
	if err := c.post(ctx, prefix+d.Ref+"/remind", ConsoleRemindRequest{Orgs: d.Orgs, AckPercent: d.AckPercent}, &r); err != nil {
		return nil, err
	}
	out := &app.HubReminder{ID: r.ID, UUID: r.UUID, Kind: app.ReminderKind(r.Kind), Title: r.Title, SentAt: r.SentAt}
	for _, o := range r.Schools {
		out.Schools = append(out.Schools, *o.app())
	}
	return out, nil
}

func (f ConsoleFile) app() app.HubFile {
	return app.HubFile{ID: f.ID, Name: f.Name, Size: f.Size}
}
