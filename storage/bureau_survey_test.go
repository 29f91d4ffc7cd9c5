package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"testing"

	"jxj/app"
)

// feedRecord makes a feed record of typ with body as JSON.
func feedRecord(t *testing.T, seq int64, typ, id string, body any) app.FeedRecord {
	t.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	return app.FeedRecord{Seq: seq, Type: typ, ID: id, Body: b}
}

// pendingAnswers returns the survey answers waiting in the outbox.
func pendingAnswers(t *testing.T, db *DB) []app.SurveyAnswerUp {
	t.Helper()
	var out []app.SurveyAnswerUp
	err := db.read(context.Background(), func(tx *sql.Tx) error {
		rows, err := tx.Query(`SELECT body FROM outbox WHERE type = ? AND state = 'pending' ORDER BY seq`, app.OpSurveyAnswer)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var body string
			var b outSurveyAnswer
			if err := rows.Scan(&body); err != nil {
				return err
			}
			if err := json.Unmarshal([]byte(body), &b); err != nil {
				return err
			}
			out = append(out, *b.Answer)
		}
		return rows.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// On the school: surveys and reminders from the feed (unreadable ones
// skipped), answers by an administrator only, each a version naming the
// one it replaces and queued to go up; bad values, a closed or revoked
// survey change nothing; reminders are done when the school has done
// what they ask, and go when dismissed.
func TestBureauSurveyOnSchool(t *testing.T) {
	db := bureauSchool(t, t.TempDir(), 6, "notice-1")
	svc := db.Services().BureauSurveys
	open := app.BureauSurveyRecord{Title: "寒假去向统计", Questions: surveyQuestions, Deadline: "2025-09-05", PublishedAt: testNow}
	closed := app.BureauSurveyRecord{Title: "上学期统计", Questions: surveyQuestions, Deadline: "2025-08-31", PublishedAt: testNow}
	page := app.FeedPage{Epoch: "e1", Records: []app.FeedRecord{
		feedRecord(t, 2, app.RecordSurvey, "survey-open", open),
		feedRecord(t, 3, app.RecordSurvey, "survey-closed", closed),
		feedRecord(t, 4, app.RecordSurvey, "survey-bad", app.BureauSurveyRecord{Title: "坏", Questions: nil}),
		{Seq: 5, Type: app.RecordReminder, ID: "r-bad", Body: []byte(`{"kind": 7}`)},
		feedRecord(t, 6, app.RecordReminder, "r-notice", app.ReminderRecord{Kind: app.ReminderNotice, Ref: "notice-1", Title: "教育局通知 1", SentAt: testNow, AckPercent: 50}),
		feedRecord(t, 7, app.RecordReminder, "r-survey", app.ReminderRecord{Kind: app.ReminderSurvey, Ref: "survey-open", Title: open.Title, From: "张科长", SentAt: testNow}),
	}}
	applied, err := db.Services().Sync.ApplyFeed(adminCtx, page)
	if err != nil || applied != 4 {
		t.Fatalf("ApplyFeed = %d, %v; want 4 applied (2 surveys, 2 reminders)", applied, err)
	}
	if st, _ := db.Services().Sync.SyncState(adminCtx); st.Cursor != 7 {
		t.Errorf("cursor = %d, want 7: unreadable records are passed", st.Cursor)
	}
	surveys, err := svc.BureauSurveys(adminCtx)
	if err != nil || len(surveys) != 2 {
		t.Fatalf("surveys = %+v, %v", surveys, err)
	}
	openID, closedID := surveys[1].ID, surveys[0].ID

	w, err := db.Services().Workbench.Workbench(adminCtx)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[app.TodoKind]int{}
	for _, it := range w.Todo {
		kinds[it.Kind]++
	}
	if kinds[app.TodoReminder] != 2 || kinds[app.TodoBureauSurvey] != 1 {
		t.Errorf("to-do kinds = %v, want 2 reminders and the open survey", kinds)
	}
	if w, _ := db.Services().Workbench.Workbench(as(app.RoleTeacher, 1)); len(w.Todo) > 0 {
		for _, it := range w.Todo {
			if it.Kind == app.TodoReminder || it.Kind == app.TodoBureauSurvey {
				t.Errorf("a teacher's to-do has the bureau's %s", it.Kind)
			}
		}
	}

	twelve := 12.0
	good := []app.SurveyValue{{Number: &twelve}, {Choices: []string{"是"}}}
	for _, tc := range []struct {
		ctx    context.Context
		id     int64
		values []app.SurveyValue
		code   string
	}{
		{as(app.RoleTeacher, 1), openID, good, app.EFORBIDDEN},
		{adminCtx, openID, []app.SurveyValue{{}, {}}, app.EINVALID},
		{adminCtx, openID, []app.SurveyValue{{Text: "12"}, {}}, app.EINVALID},
		{adminCtx, openID, good[:1], app.EINVALID},
		{adminCtx, closedID, good, app.ECONFLICT},
		{adminCtx, 999, good, app.ENOTFOUND},
	} {
		if _, err := svc.AnswerBureauSurvey(tc.ctx, tc.id, tc.values); app.ErrorCode(err) != tc.code {
			t.Errorf("answer %d %+v: %v, want %s", tc.id, tc.values, err, tc.code)
		}
	}
	if got := pendingAnswers(t, db); len(got) != 0 {
		t.Fatalf("refused answers queued: %+v", got)
	}

	if _, err := svc.AnswerBureauSurvey(adminCtx, openID, good); err != nil {
		t.Fatal(err)
	}
	thirteen := 13.0
	got, err := svc.AnswerBureauSurvey(adminCtx, openID, []app.SurveyValue{{Number: &thirteen}, {}})
	if err != nil || got.Versions != 2 || *got.Values[0].Number != 13 || !got.Values[1].Blank() {
		t.Fatalf("correction = %+v, %v", got, err)
	}
	up := pendingAnswers(t, db)
	if len(up) != 2 || up[0].Survey != "survey-open" || up[0].Replaces != "" || up[1].Replaces != up[0].Version || up[1].Version == "" {
		t.Errorf("outbox answers = %+v; want two versions, the second replacing the first", up)
	}
	// a batch packs the answer whole
	batch, err := db.Services().Sync.NextBatch(adminCtx, 100)
	if err != nil {
		t.Fatal(err)
	}
	answers := 0
	for _, op := range batch.Ops {
		if op.Type == app.OpSurveyAnswer {
			answers++
			if op.Answer == nil || len(op.Answer.Values) != 2 {
				t.Errorf("packed answer = %+v", op.Answer)
			}
		}
	}
	if answers != 2 {
		t.Errorf("the batch has %d answers, want 2", answers)
	}

	rs, err := svc.Reminders(adminCtx)
	if err != nil || len(rs) != 2 {
		t.Fatalf("reminders = %+v, %v", rs, err)
	}
	for _, r := range rs {
		switch r.Kind {
		case app.ReminderSurvey:
			if !r.Done || r.From != "张科长" || r.RefID != openID {
				t.Errorf("the survey's reminder after answering: %+v", r)
			}
		case app.ReminderNotice:
			if r.Done {
				t.Errorf("the notice's reminder is done before the notice was forwarded: %+v", r)
			}
		}
	}
	notice := noticeID(t, db, "notice-1")
	if _, err := db.Services().Notices.ForwardBureau(adminCtx, notice, app.Target{School: true}); err != nil {
		t.Fatal(err)
	}
	if rs, _ := svc.Reminders(adminCtx); rs[1].Kind != app.ReminderNotice || rs[1].Done {
		t.Errorf("forwarded with no acknowledgement, below 50 %%: %+v", rs[1])
	}
	receipts, err := db.Services().Notices.Receipts(adminCtx, notice)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range receipts[:3] {
		if _, err := db.Services().Notices.RecordSlip(adminCtx, notice, r.Code); err != nil {
			t.Fatal(err)
		}
	}
	if rs, _ := svc.Reminders(adminCtx); !rs[1].Done {
		t.Errorf("3 of 6 families acknowledged, 50 %%: %+v, want done", rs[1])
	}

	if err := svc.DismissReminder(as(app.RoleTeacher, 1), rs[0].ID); app.ErrorCode(err) != app.EFORBIDDEN {
		t.Errorf("a teacher dismissing: %v", err)
	}
	if err := svc.DismissReminder(adminCtx, rs[0].ID); err != nil {
		t.Fatal(err)
	}
	if err := svc.DismissReminder(adminCtx, rs[0].ID); app.ErrorCode(err) != app.ENOTFOUND {
		t.Errorf("dismissing twice: %v", err)
	}
	if rs, _ := svc.Reminders(adminCtx); len(rs) != 1 {
		t.Errorf("after dismissing: %+v", rs)
	}

	// a revocation: no more answers, off the to-do
	page = app.FeedPage{Epoch: "e1", Records: []app.FeedRecord{feedRecord(t, 8, app.RecordSurveyRevoke, "survey-open", app.BureauRevoke{RevokedAt: testNow})}}
	if n, err := db.Services().Sync.ApplyFeed(adminCtx, page); err != nil || n != 1 {
		t.Fatalf("revoke: %d, %v", n, err)
	}
	if _, err := svc.AnswerBureauSurvey(adminCtx, openID, good); app.ErrorCode(err) != app.ECONFLICT {
		t.Errorf("answering a revoked survey: %v", err)
	}
}
