package sync_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"jxj/app"
	jxjsync "jxj/sync"
)

// The console sends a survey, follows its answers and totals, sends 催办
// to the schools not answered and to those behind on a notice (as many
// as app.RemindBehind counted), and sees a notice's files; both roles
// may; bad requests change nothing; a school's credential never works.
func TestConsoleSurveysAndReminders(t *testing.T) {
	ctx := context.Background()
	hub, done, doneOrg := enrolled(t)
	behind, behindOrg := enrolAnother(t, hub, "城关镇第二小学")
	mustBureau(t, hub.store, "wang", "bureau-pass-1", app.BureauAdmin)
	mustBureau(t, hub.store, "li", "bureau-pass-2", app.BureauStaff)
	c, staff := jxjsync.NewConsoleClient(), jxjsync.NewConsoleClient()
	if _, err := c.Login(ctx, app.BureauLogin{HubURL: hub.srv.URL, Username: "wang", Password: "bureau-pass-1"}); err != nil {
		t.Fatal(err)
	}
	if _, err := staff.Login(ctx, app.BureauLogin{HubURL: hub.srv.URL, Username: "li", Password: "bureau-pass-2"}); err != nil {
		t.Fatal(err)
	}

	questions := []app.SurveyQuestion{
		{Label: "寄宿生人数", Kind: app.QuestionNumber},
		{Label: "是否配备校医", Kind: app.QuestionChoice, Options: []string{"是", "否"}},
	}
	_, err := c.PublishSurvey(ctx, app.SurveyDraft{Title: "没有问题", Questions: nil})
	wantKey(t, "a survey with no questions", err, app.EINVALID, "bureau_survey.error.no_questions")
	sv, err := staff.PublishSurvey(ctx, app.SurveyDraft{Title: "寄宿生统计", Intro: "请如实填写", Questions: questions,
		Deadline: time.Now().AddDate(0, 0, 3)})
	if err != nil || sv.Schools != 2 || sv.ID == 0 || len(sv.Questions) != 2 {
		t.Fatalf("staff publishes a survey: %+v %v", sv, err)
	}
	if ss, err := c.Surveys(ctx); err != nil || len(ss) != 1 || ss[0].UUID != sv.UUID || ss[0].Intro != "请如实填写" {
		t.Fatalf("surveys: %+v %v", ss, err)
	}
	mustSync(t, done)
	mustSync(t, behind)
	surveys, err := done.svc.BureauSurveys.BureauSurveys(admin)
	if err != nil || len(surveys) != 1 {
		t.Fatalf("the school's surveys: %v %v", surveys, err)
	}
	if _, err := done.svc.BureauSurveys.AnswerBureauSurvey(admin, surveys[0].ID,
		[]app.SurveyValue{{Number: num(41)}, {Choices: []string{"否"}}}); err != nil {
		t.Fatal(err)
	}
	mustSync(t, done)

	st, err := staff.SurveyStatus(ctx, strconv.FormatInt(sv.ID, 10))
	if err != nil || len(st.Schools) != 2 || st.Survey.Answered != 1 {
		t.Fatalf("survey status: %+v %v", st, err)
	}
	for _, sc := range st.Schools {
		if sc.Org.ID == doneOrg.ID && (sc.AnsweredAt.IsZero() || sc.Versions != 1 || *sc.Values[0].Number != 41) {
			t.Errorf("the school that answered: %+v", sc)
		}
	}
	if len(st.NotAnswered) != 1 || st.NotAnswered[0].ID != behindOrg.ID {
		t.Errorf("not answered: %+v, want the second school", st.NotAnswered)
	}
	if tot := st.Totals; len(tot) != 2 || tot[0].Sum != 41 || tot[1].Counts[1] != 1 || tot[1].Counts[0] != 0 {
		t.Errorf("totals: %+v", tot)
	}
	r, err := staff.RemindSurvey(ctx, app.RemindDraft{Ref: strconv.FormatInt(sv.ID, 10)})
	if err != nil || r.Kind != app.ReminderSurvey || len(r.Schools) != 1 || r.Schools[0].ID != behindOrg.ID {
		t.Fatalf("survey 催办: %+v %v; want the school not answered", r, err)
	}
	_, err = c.RemindSurvey(ctx, app.RemindDraft{Ref: strconv.FormatInt(sv.ID, 10), Orgs: []int64{999}})
	wantKey(t, "a 催办 to a school not sent the survey", err, app.EINVALID, "bureau_survey.error.not_sent")

	// a notice with a file: its status lists the file; 催办 at 50%
	path, content := randomFile(t, "安全预案.pdf", 1000, 3)
	n, err := c.PublishNotice(ctx, app.HubNoticeDraft{Title: "安全预案", Body: "请转发", RequiresAck: true, Files: []string{path}})
	if err != nil {
		t.Fatal(err)
	}
	ns, err := c.NoticeStatus(ctx, strconv.FormatInt(n.ID, 10))
	if err != nil || len(ns.Files) != 1 || ns.Files[0].Name != "安全预案.pdf" || ns.Files[0].Size != int64(len(content)) {
		t.Fatalf("notice status files: %+v %v", ns.Files, err)
	}
	want := len(app.RemindBehind(ns, 50))
	r, err = staff.RemindNotice(ctx, app.RemindDraft{Ref: strconv.FormatInt(n.ID, 10), AckPercent: 50})
	if err != nil || r.Kind != app.ReminderNotice || len(r.Schools) != want || want != 2 {
		t.Fatalf("notice 催办: %+v %v; want the %d schools counted", r, err, want)
	}
	_, err = c.RemindNotice(ctx, app.RemindDraft{Ref: strconv.FormatInt(n.ID, 10), AckPercent: 101})
	wantKey(t, "a 催办 at 101%", err, app.EINVALID, "bureau_survey.error.ack_percent")

	if rv, err := staff.RevokeSurvey(ctx, sv.ID); err != nil || rv.RevokedAt.IsZero() {
		t.Fatalf("staff revokes the survey: %+v %v", rv, err)
	}
	_, err = c.RemindSurvey(ctx, app.RemindDraft{Ref: strconv.FormatInt(sv.ID, 10)})
	wantKey(t, "a 催办 of a revoked survey", err, app.ECONFLICT, "bureau_survey.error.revoked")

	// bad requests change nothing; a school's credential never works
	st0, _ := done.svc.Sync.SyncState(admin)
	sess, err := hub.store.BureauLogin(ctx, "wang", "bureau-pass-1")
	if err != nil {
		t.Fatal(err)
	}
	url := hub.srv.URL + jxjsync.PathConsole
	tests := []struct {
		name, method, path, token string
		body                      any
		want                      int
	}{
		{"school lists surveys", "GET", "surveys", st0.Credential, nil, 401},
		{"school publishes a survey", "POST", "surveys", st0.Credential, map[string]any{"title": "x"}, 401},
		{"school reminds", "POST", "notices/1/remind", st0.Credential, map[string]any{}, 401},
		{"no session", "GET", "surveys/1", "", nil, 401},
		{"survey not JSON", "POST", "surveys", sess.Token, "not json", 400},
		{"survey of a bad kind", "POST", "surveys", sess.Token, map[string]any{"title": "x",
			"questions": []map[string]any{{"label": "q", "kind": "castle"}}}, 400},
		{"remind survey abc", "POST", "surveys/abc/remind", sess.Token, map[string]any{}, 400},
		{"remind no notice", "POST", "notices/999/remind", sess.Token, map[string]any{}, 404},
		{"revoke no survey", "POST", "surveys/999/revoke", sess.Token, nil, 404},
		{"status of no survey", "GET", "surveys/999", sess.Token, nil, 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got int
			if tt.method == "GET" {
				got = get(t, url+tt.path, tt.token, nil)
			} else {
				got, _ = post(t, url+tt.path, tt.token, tt.body)
			}
			if got != tt.want {
				t.Errorf("%s %s: %d, want %d", tt.method, tt.path, got, tt.want)
			}
		})
	}
	if ss, _ := hub.store.Surveys(admin); len(ss) != 1 {
		t.Errorf("%d surveys after the bad requests, want 1", len(ss))
	}
}
