package sync_test

import (
	"testing"
	"time"

	"jxj/app"
)

// enrolAnother enrols a second school's node with the hub.
func enrolAnother(t *testing.T, hub *testHub, name string) (*testNode, *app.HubOrg) {
	t.Helper()
	org, code, err := hub.store.AddOrg(admin, app.HubOrgDraft{Name: name, Kind: app.OrgPrimary, Township: "城关镇"})
	if err != nil {
		t.Fatal(err)
	}
	node := newTestNode(t, smallSchool)
	if _, err := node.client.Enrol(admin, app.EnrolRequest{HubURL: hub.srv.URL, Code: code, School: name}); err != nil {
		t.Fatalf("enrol: %v", err)
	}
	return node, org
}

// todo returns the node's workbench to-do items of a kind.
func todo(t *testing.T, n *testNode, kind app.TodoKind) []app.TodoItem {
	t.Helper()
	w, err := n.svc.Workbench.Workbench(admin)
	if err != nil {
		t.Fatal(err)
	}
	var out []app.TodoItem
	for _, it := range w.Todo {
		if it.Kind == kind {
			out = append(out, it)
		}
	}
	return out
}

// winterTotal is a total of the school's own winter-break survey (the
// demo's): the count of its first field's first option.
func winterTotal(t *testing.T, n *testNode) float64 {
	t.Helper()
	forms, err := n.svc.Forms.Forms(admin)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range forms {
		if f.Kind != app.FormSurvey {
			continue
		}
		sheet, err := n.svc.Forms.FormSheet(admin, f.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		picks := app.FormTotalPicks(app.ComputeTotals(sheet))
		if len(picks) > 0 && picks[0].Value > 0 {
			return picks[0].Value
		}
	}
	t.Fatal("the demo school has no survey with a total to pick")
	return 0
}

func num(f float64) *float64 { return &f }

// The whole way of a bureau survey and of 催办: published, answered by one
// school with a number from its own form's totals, corrected; the hub's
// status, totals and the school not answering; reminders reach the
// workbench of the school behind and not of the one that is done.
func TestSurveyAnswersAndReminders(t *testing.T) {
	hub, done, doneOrg := enrolled(t)
	behind, behindOrg := enrolAnother(t, hub, "城关镇第二小学")

	questions := []app.SurveyQuestion{
		{Label: "留在本地过寒假的学生数", Kind: app.QuestionNumber},
		{Label: "是否已开展假期安全教育", Kind: app.QuestionChoice, Options: []string{"是", "否"}},
		{Label: "开展的活动", Kind: app.QuestionMulti, Options: []string{"家访", "班会", "致家长信"}},
		{Label: "其他说明", Kind: app.QuestionText},
	}
	hs, err := hub.store.PublishSurvey(admin, app.SurveyDraft{Title: "寒假去向统计", Questions: questions,
		Deadline: time.Now().AddDate(0, 0, 5)})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []*testNode{done, behind} {
		if run := mustSync(t, n); run.Down != 1 {
			t.Errorf("sync received %d records, want the survey", run.Down)
		}
		if items := todo(t, n, app.TodoBureauSurvey); len(items) != 1 || items[0].Title != hs.Title {
			t.Fatalf("to-do of bureau surveys = %+v, want the survey", items)
		}
	}

	surveys, err := done.svc.BureauSurveys.BureauSurveys(admin)
	if err != nil || len(surveys) != 1 {
		t.Fatalf("the school's surveys = %v, %v", surveys, err)
	}
	s := surveys[0]
	stay := winterTotal(t, done)
	answer := []app.SurveyValue{{Number: num(stay)}, {Choices: []string{"是"}}, {Choices: []string{"家访", "班会"}}, {Text: "已召开班会"}}
	// a phone number never goes up: refused before it is stored
	phone := append([]app.SurveyValue(nil), answer...)
	phone[3] = app.SurveyValue{Text: "联系人 138 0013 8000"}
	if _, err := done.svc.BureauSurveys.AnswerBureauSurvey(admin, s.ID, phone); app.ErrorCode(err) != app.EINVALID {
		t.Fatalf("an answer with a phone number: %v, want EINVALID", err)
	}
	if _, err := done.svc.BureauSurveys.AnswerBureauSurvey(admin, s.ID, answer); err != nil {
		t.Fatal(err)
	}
	if run := mustSync(t, done); run.Up != 1 || run.Rejected != 0 {
		t.Errorf("the answer's sync sent %d ops (%d refused), want 1", run.Up, run.Rejected)
	}
	// the school corrects its number
	answer[0] = app.SurveyValue{Number: num(stay + 3)}
	answer[1] = app.SurveyValue{Choices: []string{"否"}}
	got, err := done.svc.BureauSurveys.AnswerBureauSurvey(admin, s.ID, answer)
	if err != nil || got.Versions != 2 {
		t.Fatalf("correction: %v versions, %v", got, err)
	}
	if run := mustSync(t, done); run.Up != 1 || run.Rejected != 0 {
		t.Errorf("the correction's sync sent %d ops (%d refused), want 1", run.Up, run.Rejected)
	}
	if items := todo(t, done, app.TodoBureauSurvey); len(items) != 0 {
		t.Errorf("an answered survey is still on the to-do: %+v", items)
	}

	st, err := hub.store.SurveyStatus(admin, hs.UUID)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Schools) != 2 || st.Survey.Answered != 1 {
		t.Fatalf("status: %d schools, %d answered; want 2, 1", len(st.Schools), st.Survey.Answered)
	}
	for _, sc := range st.Schools {
		switch sc.Org.ID {
		case doneOrg.ID:
			if sc.AnsweredAt.IsZero() || sc.Versions != 2 || len(sc.Values) != 4 || *sc.Values[0].Number != stay+3 || sc.Values[1].Choices[0] != "否" {
				t.Errorf("the answering school: %+v", sc)
			}
		case behindOrg.ID:
			if !sc.AnsweredAt.IsZero() || sc.Values != nil || !sc.Delivered {
				t.Errorf("the silent school: %+v", sc)
			}
		}
	}
	if len(st.NotAnswered) != 1 || st.NotAnswered[0].ID != behindOrg.ID {
		t.Errorf("not answered = %+v, want the second school", st.NotAnswered)
	}
	tot := st.Totals
	if tot[0].Sum != stay+3 || tot[0].Answered != 1 || tot[1].Counts[0] != 0 || tot[1].Counts[1] != 1 ||
		tot[2].Counts[0] != 1 || tot[2].Counts[1] != 1 || tot[2].Counts[2] != 0 || tot[3].Answered != 1 {
		t.Errorf("totals = %+v", tot)
	}

	// 催办 of the survey: only the school that has not answered
	r, err := hub.store.RemindSurvey(admin, app.RemindDraft{Ref: hs.UUID})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Schools) != 1 || r.Schools[0].ID != behindOrg.ID {
		t.Fatalf("survey reminder went to %+v, want the second school", r.Schools)
	}

	// a notice: the first school confirms, forwards, every family
	// acknowledges; the second does nothing
	hn, err := hub.store.PublishNotice(admin, app.HubNoticeDraft{Title: "关于做好寒假安全工作的通知", Body: "各校：……", RequiresAck: true})
	if err != nil {
		t.Fatal(err)
	}
	mustSync(t, behind)
	mustSync(t, done)
	n := bureauNotice(t, done, hn.UUID)
	if _, err := done.svc.Notices.ForwardBureau(admin, n.ID, app.Target{School: true}); err != nil {
		t.Fatal(err)
	}
	receipts, err := done.svc.Notices.Receipts(admin, n.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, rc := range receipts {
		if _, err := done.svc.Notices.RecordSlip(admin, n.ID, rc.Code); err != nil {
			t.Fatal(err)
		}
	}
	mustSync(t, done)
	r, err = hub.store.RemindNotice(admin, app.RemindDraft{Ref: hn.UUID})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Schools) != 1 || r.Schools[0].ID != behindOrg.ID {
		t.Fatalf("notice reminder went to %+v, want the second school", r.Schools)
	}
	// naming the school that is done reminds it anyway; its to-do
	// shows nothing, as it has done what the notice asks
	if _, err := hub.store.RemindNotice(admin, app.RemindDraft{Ref: hn.UUID, Orgs: []int64{doneOrg.ID}}); err != nil {
		t.Fatal(err)
	}

	mustSync(t, behind)
	mustSync(t, done)
	items := todo(t, behind, app.TodoReminder)
	if len(items) != 2 {
		t.Fatalf("the school behind has %d reminders on its to-do, want 2: %+v", len(items), items)
	}
	for _, it := range items {
		if it.Reminder == nil || it.Reminder.SentAt.IsZero() || (it.Title != hs.Title && it.Title != hn.Title) {
			t.Errorf("reminder item = %+v", it)
		}
	}
	if items := todo(t, done, app.TodoReminder); len(items) != 0 {
		t.Errorf("the school that is done has reminders on its to-do: %+v", items)
	}

	// the school behind answers: the survey's reminder goes; it dismisses
	// the notice's
	bs, err := behind.svc.BureauSurveys.BureauSurveys(admin)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := behind.svc.BureauSurveys.AnswerBureauSurvey(admin, bs[0].ID, []app.SurveyValue{{Number: num(12)}, {}, {}, {}}); err != nil {
		t.Fatal(err)
	}
	items = todo(t, behind, app.TodoReminder)
	if len(items) != 1 || items[0].Title != hn.Title {
		t.Fatalf("after answering, reminders = %+v, want the notice's", items)
	}
	if err := behind.svc.BureauSurveys.DismissReminder(admin, items[0].ID); err != nil {
		t.Fatal(err)
	}
	if items := todo(t, behind, app.TodoReminder); len(items) != 0 {
		t.Errorf("a dismissed reminder stays: %+v", items)
	}
	mustSync(t, behind)
	if st, _ := hub.store.SurveyStatus(admin, hs.UUID); len(st.NotAnswered) != 0 || st.Totals[0].Sum != stay+3+12 {
		t.Errorf("after both answered: not answered %+v, sum %v", st.NotAnswered, st.Totals[0].Sum)
	}

	// counts and text only went up: no name, student number or phone
	nothingPersonal(t, done, hub.sent())
}

// An answer the hub refuses (the survey was revoked before the school's
// sync) is kept as a conflict named by the survey's title, and does not
// block what follows.
func TestSurveyAnswerRefused(t *testing.T) {
	hub, node, _ := enrolled(t)
	hs, err := hub.store.PublishSurvey(admin, app.SurveyDraft{Title: "教师培训意向", Questions: []app.SurveyQuestion{{Label: "参训人数", Kind: app.QuestionNumber}}})
	if err != nil {
		t.Fatal(err)
	}
	mustSync(t, node)
	bs, err := node.svc.BureauSurveys.BureauSurveys(admin)
	if err != nil || len(bs) != 1 {
		t.Fatalf("surveys = %v, %v", bs, err)
	}
	if _, err := node.svc.BureauSurveys.AnswerBureauSurvey(admin, bs[0].ID, []app.SurveyValue{{Number: num(3)}}); err != nil {
		t.Fatal(err)
	}
	if _, err := hub.store.RevokeSurvey(admin, hs.ID); err != nil {
		t.Fatal(err)
	}
	if run := mustSync(t, node); run.Rejected != 1 || run.Down != 1 {
		t.Errorf("sync: %d down, %d refused; want the tombstone down and the answer refused", run.Down, run.Rejected)
	}
	cs, err := node.svc.Sync.Conflicts(admin)
	if err != nil || len(cs) != 1 || cs[0].Type != app.OpSurveyAnswer || cs[0].Notice != hs.Title || cs[0].Code != "revoked" {
		t.Errorf("conflicts = %+v, %v", cs, err)
	}
	if st, _ := hub.store.SurveyStatus(admin, hs.UUID); st.Survey.Answered != 0 {
		t.Error("the refused answer was stored")
	}
}
