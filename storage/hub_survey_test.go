package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"io/fs"
	"strconv"
	"testing"
	"testing/fstest"
	"time"

	"jxj/app"
)

var surveyQuestions = []app.SurveyQuestion{
	{Label: "留校学生数", Kind: app.QuestionNumber},
	{Label: "已开展安全教育", Kind: app.QuestionChoice, Options: []string{"是", "否"}},
}

func answerOp(survey, version, replaces string, at int64, n float64, choice string) app.OutOp {
	vs := []app.SurveyValue{{Number: &n}, {}}
	if choice != "" {
		vs[1].Choices = []string{choice}
	}
	return app.OutOp{Type: app.OpSurveyAnswer, Answer: &app.SurveyAnswerUp{Survey: survey, Version: version, Replaces: replaces, Values: vs, At: at}}
}

// pushOne sends one op in a batch and returns its result.
func pushOne(t *testing.T, h *Hub, org, batch int64, op app.OutOp) app.OpResult {
	t.Helper()
	rs, err := h.Push(context.Background(), org, batch, []byte{byte(batch)}, []app.OutOp{op})
	if err != nil {
		t.Fatal(err)
	}
	return rs[0]
}

// A survey's answers on the hub: only once delivered, only values that
// fit the questions, before the deadline, not after a revocation; a
// correction replaces the answer, and a version sent again changes
// nothing. Refused answers store nothing.
func TestHubSurveyAnswers(t *testing.T) {
	ctx := context.Background()
	h, org, _ := testHub(t, 0)
	if _, err := h.PublishSurvey(ctx, app.SurveyDraft{Title: "坏调查", Questions: []app.SurveyQuestion{{Label: "x", Kind: "count"}}}); app.ErrorCode(err) != app.EINVALID {
		t.Fatalf("a question of an unknown kind: %v", err)
	}
	if ss, _ := h.Surveys(ctx); len(ss) != 0 {
		t.Fatalf("a refused survey was stored: %+v", ss)
	}
	deadline := time.Date(2099, 1, 10, 0, 0, 0, 0, time.Local)
	s, err := h.PublishSurvey(ctx, app.SurveyDraft{Title: "寒假去向统计", Questions: surveyQuestions, Deadline: deadline})
	if err != nil {
		t.Fatal(err)
	}
	early := time.Date(2099, 1, 9, 12, 0, 0, 0, time.Local).Unix()
	if r := pushOne(t, h, org, 1, answerOp(s.UUID, "v1", "", early, 10, "是")); r.Code != rejectNotDelivered {
		t.Errorf("an answer before the feed delivered the survey: %+v", r)
	}
	page, err := h.Feed(ctx, org, "", 0, 64<<10)
	if err != nil || len(page.Records) != 1 || page.Records[0].Type != app.RecordSurvey {
		t.Fatalf("feed = %+v, %v", page, err)
	}
	var rec app.BureauSurveyRecord
	if err := json.Unmarshal(page.Records[0].Body, &rec); err != nil || rec.Title != s.Title || len(rec.Questions) != 2 || rec.Deadline != "2099-01-10" {
		t.Errorf("the survey record = %+v, %v", rec, err)
	}
	if _, err := h.Feed(ctx, org, page.Epoch, 1, 64<<10); err != nil {
		t.Fatal(err)
	}

	for _, bad := range []struct {
		op   app.OutOp
		code string
	}{
		{answerOp(s.UUID, "v1", "", early, -1, ""), rejectBadOp},
		{answerOp(s.UUID, "v1", "", early, 1, "也许"), rejectBadOp},
		{app.OutOp{Type: app.OpSurveyAnswer}, rejectBadOp},
		{answerOp("no-such-survey", "v1", "", early, 1, ""), rejectUnknownSurvey},
		{answerOp(s.UUID, "v1", "", time.Date(2099, 1, 11, 8, 0, 0, 0, time.Local).Unix(), 1, ""), rejectClosed},
	} {
		if r := pushOne(t, h, org, 2, bad.op); r.OK || r.Code != bad.code || r.Key == "" {
			t.Errorf("%+v: result %+v, want %s", bad.op.Answer, r, bad.code)
		}
		if st, _ := h.SurveyStatus(ctx, s.UUID); st.Survey.Answered != 0 || st.Schools[0].Versions != 0 {
			t.Fatalf("a refused answer was stored: %+v", st.Schools[0])
		}
		// a new batch number for each: a batch is answered once
		h.db.write(ctx, func(tx *sql.Tx) error { _, err := tx.Exec(`DELETE FROM hub_batches`); return err })
	}

	if r := pushOne(t, h, org, 3, answerOp(s.UUID, "v1", "", early, 10, "是")); !r.OK {
		t.Fatalf("answer: %+v", r)
	}
	if r := pushOne(t, h, org, 4, answerOp(s.UUID, "v2", "v1", early+60, 12, "否")); !r.OK {
		t.Fatalf("correction: %+v", r)
	}
	// a restored copy sends its old version again: it changes nothing
	if r := pushOne(t, h, org, 5, answerOp(s.UUID, "v1", "", early, 10, "是")); !r.OK {
		t.Fatalf("the old version again: %+v", r)
	}
	st, err := h.SurveyStatus(ctx, strconvID(s.ID))
	if err != nil {
		t.Fatal(err)
	}
	sc := st.Schools[0]
	if st.Survey.Answered != 1 || sc.Versions != 2 || *sc.Values[0].Number != 12 || sc.Values[1].Choices[0] != "否" || len(st.NotAnswered) != 0 {
		t.Errorf("status after the correction: %+v", sc)
	}
	if st.Totals[0].Sum != 12 || st.Totals[1].Counts[0] != 0 || st.Totals[1].Counts[1] != 1 {
		t.Errorf("totals = %+v", st.Totals)
	}

	if _, err := h.RevokeSurvey(ctx, s.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := h.RevokeSurvey(ctx, s.ID); app.ErrorCode(err) != app.ECONFLICT {
		t.Errorf("revoking twice: %v", err)
	}
	if r := pushOne(t, h, org, 6, answerOp(s.UUID, "v3", "v2", early+120, 13, "")); r.Code != rejectRevoked {
		t.Errorf("an answer to a revoked survey: %+v", r)
	}
	if _, err := h.RemindSurvey(ctx, app.RemindDraft{Ref: s.UUID}); app.ErrorCode(err) != app.ECONFLICT {
		t.Errorf("a reminder of a revoked survey: %v", err)
	}
	page, _ = h.Feed(ctx, org, page.Epoch, 1, 64<<10)
	if len(page.Records) != 1 || page.Records[0].Type != app.RecordSurveyRevoke || page.Records[0].ID != s.UUID {
		t.Errorf("the tombstone: %+v", page.Records)
	}
}

// 催办 picks the schools behind, or those named when they were sent the
// notice; none behind, a school not sent it, a revoked notice or a share
// out of range are refused and store nothing.
func TestHubRemind(t *testing.T) {
	ctx := context.Background()
	h, org, notices := testHub(t, 1)
	other, _, err := h.AddOrg(ctx, app.HubOrgDraft{Name: "城关镇第二小学", Kind: app.OrgPrimary})
	if err != nil {
		t.Fatal(err)
	}
	push(t, h, org, 1, app.OutOp{Type: app.OpNoticeConfirm, Notice: notices[0], At: 1},
		app.OutOp{Type: app.OpNoticeForward, Notice: notices[0], At: 2, Families: 3})
	if _, err := h.RemindNotice(ctx, app.RemindDraft{Ref: notices[0]}); app.ErrorCode(err) != app.ECONFLICT {
		t.Errorf("no school behind: %v", err)
	}
	if _, err := h.RemindNotice(ctx, app.RemindDraft{Ref: notices[0], Orgs: []int64{other.ID}}); app.ErrorCode(err) != app.EINVALID {
		t.Errorf("a school the notice was not sent to: %v", err)
	}
	if _, err := h.RemindNotice(ctx, app.RemindDraft{Ref: notices[0], AckPercent: 101}); app.ErrorCode(err) != app.EINVALID {
		t.Errorf("101 %%: %v", err)
	}
	var n int
	h.db.read(ctx, func(tx *sql.Tx) error { return tx.QueryRow(`SELECT COUNT(*) FROM hub_reminders`).Scan(&n) })
	if n != 0 {
		t.Fatalf("refused reminders stored %d rows", n)
	}
	r, err := h.RemindNotice(ctx, app.RemindDraft{Ref: notices[0], Orgs: []int64{org, org}})
	if err != nil || len(r.Schools) != 1 || r.Kind != app.ReminderNotice {
		t.Fatalf("a named school: %+v, %v", r, err)
	}
	page, err := h.Feed(ctx, org, "", 0, 64<<10)
	if err != nil || len(page.Records) != 2 || page.Records[1].Type != app.RecordReminder || page.Records[1].ID != r.UUID {
		t.Fatalf("feed = %+v, %v", page, err)
	}
	var rec app.ReminderRecord
	if err := json.Unmarshal(page.Records[1].Body, &rec); err != nil || rec.Ref != notices[0] || rec.Title != "通知 1" || rec.From != "" || rec.SentAt.IsZero() {
		t.Errorf("the reminder record = %+v, %v", rec, err)
	}
	if _, err := h.RevokeNotice(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if _, err := h.RemindNotice(ctx, app.RemindDraft{Ref: "1", Orgs: []int64{org}}); app.ErrorCode(err) != app.ECONFLICT {
		t.Errorf("a reminder of a revoked notice: %v", err)
	}
}

func strconvID(id int64) string { return strconv.FormatInt(id, 10) }

// A hub from before surveys (the migrations before 0008, which rebuilds
// the feed) upgrades with its feed: the notices' records are served as
// before, and a survey follows them in the same feed.
func TestHubSurveyMigrationKeepsFeed(t *testing.T) {
	old := hubMigrationFS
	t.Cleanup(func() { hubMigrationFS = old })
	before := fstest.MapFS{}
	names, err := fs.Glob(old, "*.sql")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		if name >= "0008" {
			continue
		}
		b, err := fs.ReadFile(old, name)
		if err != nil {
			t.Fatal(err)
		}
		before[name] = &fstest.MapFile{Data: b}
	}
	if len(before) < 7 {
		t.Fatalf("the hub's migrations before 0008: %v", names)
	}
	hubMigrationFS = before
	ctx := context.Background()
	dir := t.TempDir()
	h, err := OpenHub(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	org, _, err := h.AddOrg(ctx, app.HubOrgDraft{Name: "城关镇第一小学", Kind: app.OrgPrimary})
	if err != nil {
		t.Fatal(err)
	}
	n, err := h.PublishNotice(ctx, app.HubNoticeDraft{Title: "旧通知"})
	if err != nil {
		t.Fatal(err)
	}
	h.Close()

	hubMigrationFS = old
	if h, err = OpenHub(ctx, dir); err != nil {
		t.Fatalf("upgrade: %v", err)
	}
	t.Cleanup(func() { h.Close() })
	s, err := h.PublishSurvey(ctx, app.SurveyDraft{Title: "新调查", Questions: surveyQuestions})
	if err != nil {
		t.Fatal(err)
	}
	page, err := h.Feed(ctx, org.ID, "", 0, 64<<10)
	if err != nil || len(page.Records) != 2 {
		t.Fatalf("feed after the upgrade = %+v, %v", page, err)
	}
	if r := page.Records[0]; r.Type != app.RecordNotice || r.ID != n.UUID || r.Seq != 1 {
		t.Errorf("the old notice's record = %+v", r)
	}
	if r := page.Records[1]; r.Type != app.RecordSurvey || r.ID != s.UUID || r.Seq != 2 {
		t.Errorf("the survey's record = %+v", r)
	}
}
