package console

import (
	"context"
	"testing"
	"time"

	"jxj/app"
)

// The surveys and a survey's answers are kept like the notices: served
// with their time while the hub is down; sending, revoking and 催办 are
// refused while the copy is browsed, and reach nothing.
func TestCacheKeepsSurveys(t *testing.T) {
	ctx := context.Background()
	down := false
	unreachable := func() error { return app.Errorf(app.EINTERNAL, "hub_accounts.error.unreachable", "https://hub") }
	fake := hubFake(&down)
	sent := 0
	fake.SurveysFn = func(context.Context) ([]*app.HubSurvey, error) {
		if down {
			return nil, unreachable()
		}
		return []*app.HubSurvey{{ID: 3, Title: "寄宿生人数"}}, nil
	}
	fake.SurveyStatusFn = func(_ context.Context, ref string) (*app.HubSurveyStatus, error) {
		if down {
			return nil, unreachable()
		}
		n := 12.0
		return &app.HubSurveyStatus{Survey: &app.HubSurvey{ID: 3}, Schools: []app.HubSurveySchool{{Org: app.HubOrg{Name: "城关一小"},
			Values: []app.SurveyValue{{Number: &n}}}}}, nil
	}
	fake.RemindSurveyFn = func(context.Context, app.RemindDraft) (*app.HubReminder, error) {
		sent++
		return &app.HubReminder{}, nil
	}
	fake.RemindNoticeFn = fake.RemindSurveyFn
	fake.PublishSurveyFn = func(context.Context, app.SurveyDraft) (*app.HubSurvey, error) { sent++; return &app.HubSurvey{}, nil }
	fake.RevokeSurveyFn = func(context.Context, int64) (*app.HubSurvey, error) { sent++; return &app.HubSurvey{}, nil }

	files := Files{Dir: t.TempDir()}
	c := files.Cache(fake)
	fetched := time.Date(2026, 12, 5, 9, 30, 0, 0, time.UTC)
	c.now = func() time.Time { return fetched }
	if _, err := c.Login(ctx, app.BureauLogin{HubURL: "https://hub"}); err != nil {
		t.Fatal(err)
	}
	for _, fetch := range []func() error{
		func() error { _, err := c.Orgs(ctx); return err },
		func() error { _, err := c.Surveys(ctx); return err },
		func() error { _, err := c.SurveyStatus(ctx, "3"); return err },
	} {
		if err := fetch(); err != nil {
			t.Fatal(err)
		}
	}

	down = true
	ss, err := c.Surveys(ctx)
	if at, ok := app.BureauStale(err); !ok || !at.Equal(fetched) || len(ss) != 1 || ss[0].Title != "寄宿生人数" {
		t.Errorf("Surveys offline = %v, %v; want the copy of %v", ss, err, fetched)
	}
	st, err := c.SurveyStatus(ctx, "3")
	if !isStale(err) || st == nil || *st.Schools[0].Values[0].Number != 12 {
		t.Errorf("SurveyStatus offline = %+v, %v; want the copy", st, err)
	}
	if st, err := c.SurveyStatus(ctx, "4"); st != nil || isStale(err) || !app.BureauOffline(err) {
		t.Errorf("SurveyStatus of a survey not kept = %+v, %v; want the hub's error alone", st, err)
	}
	if st, err := c.SurveyStatus(ctx, "../orgs"); st != nil || isStale(err) {
		t.Errorf("SurveyStatus of a ref that names no file = %+v, %v; want no copy", st, err)
	}

	next := files.Cache(fake)
	if !next.Browse("https://hub") {
		t.Fatal("Browse found no copy")
	}
	if _, err := next.PublishSurvey(ctx, app.SurveyDraft{Title: "x"}); err == nil {
		t.Error("PublishSurvey while browsing went through")
	}
	if _, err := next.RevokeSurvey(ctx, 3); err == nil {
		t.Error("RevokeSurvey while browsing went through")
	}
	if _, err := next.RemindSurvey(ctx, app.RemindDraft{Ref: "3"}); err == nil {
		t.Error("RemindSurvey while browsing went through")
	}
	if _, err := next.RemindNotice(ctx, app.RemindDraft{Ref: "7"}); err == nil {
		t.Error("RemindNotice while browsing went through")
	}
	if sent != 0 {
		t.Errorf("%d changes reached the hub while browsing, want none", sent)
	}
}
