package storage

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"jxj/app"
)

// cockpitSchool is the school every cockpit figure is checked on, by
// hand, for the week 2026-11-23 (Monday) to 2026-11-27:
//
//	一年级1班  head 李强   S005 张四 F                        no roll call at all
//	二年级1班  no head     nobody
//	三年级2班  head 王芳   S001 张三 M, S002 王五 M, S008 周九 F (no guardian)
//	三年级3班  no head     S006 钱七 M, S007 孙八 (no gender; a guardian without a phone)
//	三年级10班 no head     S003 赵六 F, S004 王五 F            王芳 teaches it
//
// and last year's 三年级2班 (S001 and S003 were in it), whose roll calls,
// absences and exam fall in the week too and must never count. Staff:
// 王芳 (语文), 李强 (数学), 陈敏 (no subject, teaches 三年级3班) teach;
// 刘校长 does not: 8 students, 3 teachers.
type cockpitSchool struct {
	*noticeSchool
	past    int64           // last year's 三年级2班
	wang    context.Context // 王芳, with her classes of both years
	notices map[string]int64
}

// at is a calendar day of the fixture at hour o'clock, local time.
func at(day string, hour int) time.Time { return due(day).Add(time.Duration(hour) * time.Hour) }

func newCockpitSchool(t *testing.T) *cockpitSchool {
	t.Helper()
	ns := newNoticeSchool(t)
	db, svc := ns.db, ns.db.Services()
	db.Now = func() time.Time { return at("2026-11-20", 9) }
	if _, err := svc.Classes.ImportClasses(adminCtx, []app.ClassRow{{Line: 2, GradeText: "三年级", ClassText: "3班"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Staff.ImportStaff(adminCtx, []app.StaffRow{
		{Line: 2, Name: "刘校长", Post: "校长", Phone: "13900000003"},
		{Line: 3, Name: "陈敏", Post: "教师", Phone: "13900000004", Classes: "三年级3班"},
	}); err != nil {
		t.Fatal(err)
	}
	if plan, err := svc.Roster.ImportRoster(adminCtx, []app.RosterRow{
		rrow(2, "钱七", "男", "S006", "三年级3班", "钱父", "父亲", "13800000006"),
		rrow(3, "孙八", "", "S007", "三年级3班", "孙母", "母亲", ""),
		rrow(4, "周九", "女", "S008", "三年级2班"),
	}, nil); err != nil || plan.Added != 3 {
		t.Fatalf("ImportRoster = %+v, %v; want 3 added", plan, err)
	}
	cs := &cockpitSchool{noticeSchool: ns, notices: map[string]int64{}}
	cs.classes = classIDs(t, db)
	rows, err := db.w.Query(`SELECT id, student_no FROM students`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		var no string
		if err := rows.Scan(&id, &no); err != nil {
			t.Fatal(err)
		}
		cs.students[no] = id
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
	cs.past = cs.addPastClass(t, 3, "2班", "S001", "S003")
	wang := &app.Account{ID: 3000, Username: "wang", Role: app.RoleTeacher, StaffID: ns.staffID(t, "王芳"),
		ClassIDs: []int64{cs.classes["三年级2班"], cs.classes["三年级10班"], cs.past}}
	cs.wang = app.NewContextWithAccount(context.Background(), wang)

	cs.rollCalls(t)
	cs.noticesAndDrafts(t)
	cs.homeworkAndForms(t)
	cs.exams(t)
	cs.leaves(t)
	if err := svc.Sync.SaveEnrolment(adminCtx, app.Enrolment{HubURL: "https://hub.example", Org: "org-1", Name: "城关镇中心小学",
		Credential: "secret-credential", Epoch: "e1"}); err != nil {
		t.Fatal(err)
	}
	return cs
}

// addPastClass adds a class of last school year, with the students who
// were in it, as 升年级 leaves one behind.
func (cs *cockpitSchool) addPastClass(t *testing.T, grade int, name string, members ...string) int64 {
	t.Helper()
	year := currentSchoolYear(t, cs.db) - 1
	var id int64
	exec(t, cs.db, `INSERT INTO school_years (start_year, started_at) VALUES (?, ?)`, year, formatTime(testNow))
	if err := cs.db.w.QueryRow(`INSERT INTO classes (uuid, year, grade, name) VALUES (?, ?, ?, ?) RETURNING id`,
		uuid.NewString(), year, grade, name).Scan(&id); err != nil {
		t.Fatal(err)
	}
	for _, no := range members {
		exec(t, cs.db, `INSERT INTO class_members (class_id, student_id) VALUES (?, ?)`, id, cs.students[no])
	}
	return id
}

func exec(t *testing.T, db *DB, query string, args ...any) {
	t.Helper()
	if _, err := db.w.Exec(query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

// rollCalls takes the roll calls of the table below (a class's students
// are present unless marked). Last year's class is written as a past
// year's records are: no account may take its roll any more.
func (cs *cockpitSchool) rollCalls(t *testing.T) {
	t.Helper()
	type call struct {
		class, day string
		marks      map[string]app.Mark
	}
	calls := []call{
		{"三年级2班", "2026-10-28", nil}, // before the trend's 30 days
		{"三年级2班", "2026-11-02", map[string]app.Mark{"S002": app.MarkAbsent}},
		{"三年级2班", "2026-11-23", map[string]app.Mark{"S001": app.MarkAbsent, "S008": app.MarkLate}},
		{"三年级2班", "2026-11-24", map[string]app.Mark{"S001": app.MarkAbsent}},
		{"三年级2班", "2026-11-25", map[string]app.Mark{"S001": app.MarkAbsent, "S002": app.MarkSick}},
		{"三年级2班", "2026-11-26", map[string]app.Mark{"S001": app.MarkAbsent}},
		{"三年级2班", "2026-11-27", map[string]app.Mark{"S001": app.MarkAbsent, "S008": app.MarkPersonal}},
		{"三年级10班", "2026-11-23", map[string]app.Mark{"S003": app.MarkEarly}},
		{"三年级10班", "2026-11-25", map[string]app.Mark{"S004": app.MarkAbsent}},
		{"三年级10班", "2026-11-26", map[string]app.Mark{"S004": app.MarkAbsent}},
		{"三年级10班", "2026-11-27", map[string]app.Mark{"S004": app.MarkAbsent}},
		{"三年级3班", "2026-11-25", map[string]app.Mark{"S006": app.MarkAbsent}},
		{"三年级3班", "2026-11-26", map[string]app.Mark{"S006": app.MarkAbsent, "S007": app.MarkAbsent}},
		{"三年级3班", "2026-11-27", map[string]app.Mark{"S006": app.MarkAbsent}},
	}
	att := cs.db.Services().Attendance
	for _, c := range calls {
		var marks []app.RollCallMark
		for no, m := range c.marks {
			marks = append(marks, app.RollCallMark{StudentID: cs.students[no], Mark: m})
		}
		if _, err := att.SaveRollCall(adminCtx, cs.classes[c.class], due(c.day), app.SessionDay, marks); err != nil {
			t.Fatalf("roll call %s %s: %v", c.class, c.day, err)
		}
	}
	for _, day := range []string{"2026-11-25", "2026-11-26", "2026-11-27"} {
		var id int64
		if err := cs.db.w.QueryRow(`INSERT INTO roll_calls (uuid, class_id, day, session, students, taken_by, taken_at)
			VALUES (?, ?, ?, 'day', 2, 'wang', ?) RETURNING id`, uuid.NewString(), cs.past, day, formatTime(testNow)).Scan(&id); err != nil {
			t.Fatal(err)
		}
		exec(t, cs.db, `INSERT INTO attendance (roll_call_id, student_id, mark) VALUES (?, ?, 'absent')`, id, cs.students["S003"])
	}
}

// noticesAndDrafts publishes the notices; on 2026-11-27 those open are
// 春游通知 (to the school; acknowledged by S001, S003 and S006, read by
// S002), 家长会 (to 一年级1班, nothing back) and the bureau's 防溺水通知
// (not forwarded: sent to nobody yet).
func (cs *cockpitSchool) noticesAndDrafts(t *testing.T) {
	t.Helper()
	li := cs.liCtx(t)
	school := app.Target{School: true}
	spring := cs.publishWith(t, adminCtx, "春游通知", school, true, "2026-11-30")
	cs.notices["春游通知"] = spring.ID
	cs.notices["家长会"] = cs.publishWith(t, li, "家长会", app.Target{ClassIDs: []int64{cs.classes["一年级1班"]}}, true, "").ID
	cs.publishWith(t, adminCtx, "运动会通知", school, true, "2026-11-22") // its deadline has passed
	cs.publishWith(t, adminCtx, "食堂菜单", school, false, "")           // asks for no acknowledgement
	revoked := cs.publishWith(t, adminCtx, "停课通知", school, true, "")
	if _, err := cs.svc.Revoke(adminCtx, revoked.ID); err != nil {
		t.Fatal(err)
	}
	marks := []app.ReceiptMark{
		{ReceiptID: cs.receiptID(t, spring.ID, "S001"), State: app.ReceiptAcked, Channel: app.ChannelSlip},
		{ReceiptID: cs.receiptID(t, spring.ID, "S003"), State: app.ReceiptAcked, Channel: app.ChannelPhone},
		{ReceiptID: cs.receiptID(t, spring.ID, "S006"), State: app.ReceiptAcked, Channel: app.ChannelInPerson},
		{ReceiptID: cs.receiptID(t, spring.ID, "S002"), State: app.ReceiptRead, Channel: app.ChannelPhone},
	}
	if err := cs.svc.MarkReceipts(adminCtx, marks); err != nil {
		t.Fatal(err)
	}
	// from the bureau: one asking for acknowledgements, received only;
	// one that does not, confirmed
	page := app.FeedPage{Epoch: "e1"}
	for i, n := range []app.BureauNotice{
		{Title: "防溺水通知", Body: "各校：……", RequiresAck: true, PublishedAt: at("2026-11-20", 8)},
		{Title: "教师培训安排", Body: "各校：……", PublishedAt: at("2026-11-21", 8)},
	} {
		body, err := json.Marshal(n)
		if err != nil {
			t.Fatal(err)
		}
		page.Records = append(page.Records, app.FeedRecord{Seq: int64(i + 1), Type: app.RecordNotice, ID: uuid.NewString(), Body: body})
	}
	// and a survey not answered yet, with a 催办 about it
	page.Records = append(page.Records,
		feedRecord(t, 3, app.RecordSurvey, "survey-1", app.BureauSurveyRecord{Title: "寒假去向统计", Questions: surveyQuestions,
			Deadline: "2027-01-10", PublishedAt: at("2026-11-22", 8)}),
		feedRecord(t, 4, app.RecordReminder, "reminder-1", app.ReminderRecord{Kind: app.ReminderSurvey, Ref: "survey-1",
			Title: "寒假去向统计", SentAt: at("2026-11-24", 8)}))
	if _, err := cs.db.Services().Sync.ApplyFeed(adminCtx, page); err != nil {
		t.Fatal(err)
	}
	cs.notices["防溺水通知"] = int64(count(t, cs.db, `SELECT id FROM notices WHERE title = '防溺水通知'`))
	if _, err := cs.svc.ConfirmBureau(adminCtx, int64(count(t, cs.db, `SELECT id FROM notices WHERE title = '教师培训安排'`))); err != nil {
		t.Fatal(err)
	}
	for _, d := range []struct {
		ctx   context.Context
		title string
	}{{adminCtx, "期末安排（草稿）"}, {cs.wang, "班级通知（草稿）"}} {
		if _, err := cs.svc.SaveDraft(d.ctx, app.NoticeDraft{Title: d.title, Body: "正文"}); err != nil {
			t.Fatal(err)
		}
	}
	// published after the week: not open in it
	cs.db.Now = func() time.Time { return at("2026-11-28", 9) }
	cs.publishWith(t, adminCtx, "元旦放假", school, true, "")
	cs.db.Now = func() time.Time { return at("2026-11-20", 9) }
}

// liCtx acts as 李强, head teacher of 一年级1班.
func (cs *cockpitSchool) liCtx(t *testing.T) context.Context {
	return app.NewContextWithAccount(context.Background(), &app.Account{ID: 3001, Username: "li", Role: app.RoleTeacher,
		StaffID: cs.staffID(t, "李强"), ClassIDs: []int64{cs.classes["一年级1班"]}})
}

func (cs *cockpitSchool) publishWith(t *testing.T, ctx context.Context, title string, target app.Target, ack bool, deadline string) *app.Notice {
	t.Helper()
	d := app.NoticeDraft{Title: title, Body: "正文", Target: target, RequiresAck: ack}
	if deadline != "" {
		d.Deadline = due(deadline)
	}
	draft, err := cs.svc.SaveDraft(ctx, d)
	if err != nil {
		t.Fatal(err)
	}
	n, err := cs.svc.Publish(ctx, draft.ID)
	if err != nil {
		t.Fatalf("Publish(%s): %v", title, err)
	}
	return n
}

// homeworkAndForms assigns the homework and makes the forms.
func (cs *cockpitSchool) homeworkAndForms(t *testing.T) {
	t.Helper()
	hw := cs.db.Services().Homework
	complete := func(h *app.Homework, states map[string]app.Completion) {
		t.Helper()
		var marks []app.CompletionMark
		for no, s := range states {
			marks = append(marks, app.CompletionMark{StudentID: cs.students[no], State: s})
		}
		if err := hw.SetCompletion(adminCtx, h.ID, marks); err != nil {
			t.Fatal(err)
		}
	}
	h1 := assign(t, cs.noticeSchool, cs.wang, "语文", "2026-11-24", "三年级2班", "三年级10班")
	complete(h1, map[string]app.Completion{"S001": app.CompletionDone, "S002": app.CompletionLate, "S008": app.CompletionMissing,
		"S003": app.CompletionExcused})
	h2 := assign(t, cs.noticeSchool, cs.wang, "语文", "2026-11-26", "三年级2班")
	complete(h2, map[string]app.Completion{"S001": app.CompletionDone})
	h3 := assign(t, cs.noticeSchool, adminCtx, "数学", "2026-11-25", "三年级3班")
	complete(h3, map[string]app.Completion{"S006": app.CompletionDone, "S007": app.CompletionDone})
	assign(t, cs.noticeSchool, adminCtx, "数学", "2026-11-30", "三年级2班") // due after the week
	assign(t, cs.noticeSchool, adminCtx, "语文", "2026-11-20", "一年级1班") // due before it

	form := func(ctx context.Context, d app.FormDraft, deadline string, classes ...string) *app.Form {
		t.Helper()
		if deadline != "" {
			d.Title += deadline
			d.Deadline = due(deadline)
		}
		return createForm(t, cs.noticeSchool, ctx, d, classes...)
	}
	f1 := form(adminCtx, surveyDraft(), "2026-11-28", "三年级2班", "三年级3班")
	save(t, cs.noticeSchool, adminCtx, f1.ID, "S001", "", "f1", "出省")
	save(t, cs.noticeSchool, adminCtx, f1.ID, "S006", "", "f1", "留在本地")
	f2 := form(cs.wang, chainDraft(), "", "三年级10班")
	save(t, cs.noticeSchool, adminCtx, f2.ID, "S003", "", "f1", "周一护导")
	form(adminCtx, surveyDraft(), "2026-11-25", "一年级1班")
	form(adminCtx, surveyDraft(), "2026-11-22", "三年级2班") // closed before the week
	closed := form(adminCtx, surveyDraft(), "2026-11-30", "三年级2班")
	if err := cs.db.Services().Forms.CloseForm(adminCtx, closed.ID); err != nil {
		t.Fatal(err)
	}
	checkin := checkinDraft()
	checkin.StartDay, checkin.EndDay = due("2026-11-23"), due("2026-11-27")
	form(adminCtx, checkin, "", "三年级2班") // a check-in is not a survey
	cs.db.Now = func() time.Time { return at("2026-11-28", 9) }
	form(adminCtx, surveyDraft(), "2026-12-05", "三年级2班") // made after the week
	cs.db.Now = func() time.Time { return at("2026-11-20", 9) }
}

// exams: 期中考试 (2026-11-20) of grade 3 and 一年级1班, with absentees;
// 一年级数学 (2026-11-25) of 一年级1班 only; 期末考试 after the week; and
// last year's class's exam on 2026-11-26.
func (cs *cockpitSchool) exams(t *testing.T) {
	t.Helper()
	ex := cs.db.Services().Exams
	create := func(name, day string, subjects []string, classes ...string) *app.Exam {
		t.Helper()
		d := app.ExamDraft{Name: name, Date: due(day)}
		for _, s := range subjects {
			d.Subjects = append(d.Subjects, app.ExamSubject{Name: s, Full: 1000})
		}
		for _, c := range classes {
			d.ClassIDs = append(d.ClassIDs, cs.classes[c])
		}
		e, err := ex.CreateExam(adminCtx, d)
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	scores := func(e *app.Exam, cells ...any) {
		t.Helper()
		var entries []app.ScoreEntry
		for i := 0; i+2 < len(cells); i += 3 {
			cell := app.ScoreCell{Set: true}
			if v, ok := cells[i+2].(int); ok {
				cell.Value = app.Score(v * 10)
			} else {
				cell.Absent = true
			}
			entries = append(entries, app.ScoreEntry{StudentID: cs.students[cells[i].(string)], Subject: cells[i+1].(string), Cell: cell})
		}
		if err := ex.SaveScores(adminCtx, e.ID, entries); err != nil {
			t.Fatal(err)
		}
	}
	mid := create("期中考试", "2026-11-20", []string{"语文", "数学"}, "三年级2班", "三年级3班", "三年级10班", "一年级1班")
	scores(mid,
		"S001", "语文", 90, "S001", "数学", "缺考",
		"S002", "语文", 55, "S002", "数学", 70,
		"S008", "语文", "缺考", "S008", "数学", 85,
		"S003", "语文", 80, "S003", "数学", 95,
		"S004", "语文", 60, "S004", "数学", 40,
		"S006", "语文", 100, "S006", "数学", 30, // S007 has no score
		"S005", "语文", 20, "S005", "数学", 100)
	first := create("一年级数学", "2026-11-25", []string{"数学"}, "一年级1班")
	scores(first, "S005", "数学", 88)
	create("期末考试", "2026-11-30", []string{"语文"}, "三年级2班", "一年级1班")

	var id int64
	if err := cs.db.w.QueryRow(`INSERT INTO exams (uuid, name, day, subjects, created_by, created_at)
		VALUES (?, '去年的考试', '2026-11-26', '[{"Name":"语文","Full":1000,"Pass":600,"Excellent":850,"Low":400}]', 'admin', ?) RETURNING id`,
		uuid.NewString(), formatTime(testNow)).Scan(&id); err != nil {
		t.Fatal(err)
	}
	exec(t, cs.db, `INSERT INTO exam_classes (exam_id, class_id) VALUES (?, ?)`, id, cs.past)
	exec(t, cs.db, `INSERT INTO scores (exam_id, student_id, subject, value, recorded_at, recorded_by) VALUES (?, ?, '语文', 500, ?, 'admin')`,
		id, cs.students["S001"], formatTime(testNow))
}

// leaves: S001's waits for 王芳 (head of 三年级2班); S003's for a head
// 三年级10班 does not have; S005's five days, approved by 李强, for the
// principal; S006's is decided.
func (cs *cockpitSchool) leaves(t *testing.T) {
	t.Helper()
	lv := cs.db.Services().Leaves
	request := func(no string, from, to string) *app.Leave {
		t.Helper()
		l, err := lv.RequestLeave(adminCtx, app.LeaveDraft{StudentID: cs.students[no], AskedBy: "家长", Kind: app.MarkSick, From: due(from), To: due(to)})
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	request("S001", "2026-12-01", "2026-12-01")
	request("S003", "2026-12-01", "2026-12-01")
	long := request("S005", "2026-12-01", "2026-12-05")
	if l, err := lv.DecideLeave(cs.liCtx(t), long.ID, true, ""); err != nil || l.State != app.LeavePendingAdmin {
		t.Fatalf("李强 approving five days = %+v, %v; want it to wait for the principal", l, err)
	}
	done := request("S006", "2026-12-01", "2026-12-01")
	if _, err := lv.DecideLeave(adminCtx, done.ID, true, ""); err != nil {
		t.Fatal(err)
	}
}

var (
	week    = app.DateRange{From: due("2026-11-23"), To: due("2026-11-27")}
	summer  = app.DateRange{From: due("2026-07-01"), To: due("2026-07-05")} // nothing happened
	untilEx = app.DateRange{From: due("2026-11-01"), To: due("2026-11-24")} // before 一年级数学
)

func cockpitOf(t *testing.T, cs *cockpitSchool, ctx context.Context, r app.DateRange) *app.Cockpit {
	t.Helper()
	c, err := cs.db.Services().Cockpit.Cockpit(ctx, r)
	if err != nil {
		t.Fatalf("Cockpit(%s…%s): %v", app.FormatDate(r.From), app.FormatDate(r.To), err)
	}
	return c
}

// labelsOf lists the labels (or names) of a section's rows, in order.
func labelsOf[T any](rows []T, label func(T) string) []string {
	var out []string
	for _, r := range rows {
		out = append(out, label(r))
	}
	return out
}

func wantList(t *testing.T, what string, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s = %q; want %q", what, got, want)
	}
}

func TestCockpitAttendance(t *testing.T) {
	cs := newCockpitSchool(t)
	type A = app.AttendanceCounts
	tests := []struct {
		name     string
		ctx      context.Context
		today    A
		trend    []string
		byClass  []string
		counts   map[string]A
		notTaken []string
		absent   []string
	}{{
		name:  "admin",
		ctx:   adminCtx,
		today: A{Sessions: 7, Absent: 3, Personal: 1}, // S001, S004, S006 absent; S008 on leave
		trend: []string{ // from 2026-10-29: not 2026-10-28; last year's class never
			"2026-11-02 {Sessions:3 Absent:1 Late:0 Early:0 Sick:0 Personal:0}",
			"2026-11-23 {Sessions:5 Absent:1 Late:1 Early:1 Sick:0 Personal:0}",
			"2026-11-24 {Sessions:3 Absent:1 Late:0 Early:0 Sick:0 Personal:0}",
			"2026-11-25 {Sessions:7 Absent:3 Late:0 Early:0 Sick:1 Personal:0}",
			"2026-11-26 {Sessions:7 Absent:4 Late:0 Early:0 Sick:0 Personal:0}",
			"2026-11-27 {Sessions:7 Absent:3 Late:0 Early:0 Sick:0 Personal:1}",
		},
		// 2/6 = 33 %, 8/15 = 53 %, 5/8 = 63 %: lowest first; 一年级1班
		// took none
		byClass: []string{"三年级3班", "三年级2班", "三年级10班"},
		counts: map[string]A{
			"三年级2班":  {Sessions: 15, Absent: 5, Late: 1, Sick: 1, Personal: 1},
			"三年级3班":  {Sessions: 6, Absent: 4},
			"三年级10班": {Sessions: 8, Absent: 3, Early: 1},
		},
		notTaken: []string{"一年级1班"}, // 二年级1班 has nobody to call
		absent:   []string{"张三 三年级2班 5 2026-11-23", "钱七 三年级3班 3 2026-11-25", "王五 三年级10班 3 2026-11-25"},
	}, {
		name:  "teacher of two classes",
		ctx:   cs.wang,
		today: A{Sessions: 5, Absent: 2, Personal: 1},
		trend: []string{
			"2026-11-02 {Sessions:3 Absent:1 Late:0 Early:0 Sick:0 Personal:0}",
			"2026-11-23 {Sessions:5 Absent:1 Late:1 Early:1 Sick:0 Personal:0}",
			"2026-11-24 {Sessions:3 Absent:1 Late:0 Early:0 Sick:0 Personal:0}",
			"2026-11-25 {Sessions:5 Absent:2 Late:0 Early:0 Sick:1 Personal:0}",
			"2026-11-26 {Sessions:5 Absent:2 Late:0 Early:0 Sick:0 Personal:0}",
			"2026-11-27 {Sessions:5 Absent:2 Late:0 Early:0 Sick:0 Personal:1}",
		},
		byClass: []string{"三年级2班", "三年级10班"},
		counts: map[string]A{
			"三年级2班":  {Sessions: 15, Absent: 5, Late: 1, Sick: 1, Personal: 1},
			"三年级10班": {Sessions: 8, Absent: 3, Early: 1},
		},
		absent: []string{"张三 三年级2班 5 2026-11-23", "王五 三年级10班 3 2026-11-25"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := cockpitOf(t, cs, tt.ctx, week)
			att := c.Attendance
			if att.Today != tt.today {
				t.Errorf("Today = %+v; want %+v", att.Today, tt.today)
			}
			wantList(t, "Trend", labelsOf(att.Trend, func(d app.DayCounts) string { return fmt.Sprintf("%s %+v", app.FormatDate(d.Day), d.Counts) }), tt.trend)
			wantList(t, "ByClass", labelsOf(att.ByClass, func(r app.RateRow) string { return r.Label }), tt.byClass)
			for _, r := range att.ByClass {
				if r.Level != app.RateClass || r.ID != cs.classes[r.Label] || r.Counts != tt.counts[r.Label] {
					t.Errorf("ByClass %s = %+v; want class %d, %+v", r.Label, r, cs.classes[r.Label], tt.counts[r.Label])
				}
			}
			// the grade is all of grade 3's classes for both; boys: 三年级2班's
			// two in 5 roll calls and 钱七 in 3; girls: 周九 in 5 and
			// 三年级10班's two in 4; 孙八 (no gender) in All only
			wantGrades := []app.GradeAttendance{{Grade: 3,
				All:    A{Sessions: 29, Absent: 12, Late: 1, Early: 1, Sick: 1, Personal: 1},
				Male:   A{Sessions: 13, Absent: 8, Sick: 1},
				Female: A{Sessions: 13, Absent: 3, Late: 1, Early: 1, Personal: 1}}}
			if !slices.Equal(att.ByGrade, wantGrades) {
				t.Errorf("ByGrade = %+v; want %+v", att.ByGrade, wantGrades)
			}
			wantList(t, "NotTaken", labelsOf(att.NotTaken, func(c *app.Class) string { return c.Label() }), tt.notTaken)
			wantList(t, "Absent", labelsOf(att.Absent, func(a app.AbsenceAlert) string {
				return fmt.Sprintf("%s %s %d %s", a.StudentName, a.ClassLabel, a.Days, app.FormatDate(a.Since))
			}), tt.absent)
			if att.AlertDays != app.DefaultAlertDays {
				t.Errorf("AlertDays = %d; want %d", att.AlertDays, app.DefaultAlertDays)
			}
			if g := att.Absent[0].Guardians; len(g) != 2 || g[0].Phone != "13800000001" {
				t.Errorf("张三's guardians = %+v; want both, phones in full for his own teacher and the admin", g)
			}
		})
	}
}

func TestCockpitRosterAndLines(t *testing.T) {
	cs := newCockpitSchool(t)
	sizes := func(c *app.Cockpit) []string {
		return labelsOf(c.Roster.Classes, func(s app.ClassSize) string { return fmt.Sprintf("%s %d", s.ClassLabel, s.Students) })
	}
	admin := cockpitOf(t, cs, adminCtx, week)
	ro := admin.Roster
	// 8 on the roll (last year's class holds no one this year); 王芳,
	// 李强 and 陈敏 teach, 刘校长 does not
	if ro.Students != 8 || ro.Staff != 3 || fmt.Sprintf("%.2f", ro.StudentsPerTeacher()) != "2.67" {
		t.Errorf("Students, Staff = %d, %d (%.2f); want 8, 3 (2.67)", ro.Students, ro.Staff, ro.StudentsPerTeacher())
	}
	wantGrades := []app.GradeCount{{Grade: 1, Students: 1, Classes: 1}, {Grade: 2, Students: 0, Classes: 1}, {Grade: 3, Students: 7, Classes: 3}}
	if !slices.Equal(ro.ByGrade, wantGrades) {
		t.Errorf("ByGrade = %+v; want %+v", ro.ByGrade, wantGrades)
	}
	wantList(t, "Classes", sizes(admin), []string{"一年级1班 1", "二年级1班 0", "三年级2班 3", "三年级3班 2", "三年级10班 2"})
	if ro.Lines != app.DefaultClassSizeLines {
		t.Errorf("Lines = %+v; want the defaults %+v", ro.Lines, app.DefaultClassSizeLines)
	}

	teacher := cockpitOf(t, cs, cs.wang, week)
	// the school's totals, her grade beside her classes
	if tr := teacher.Roster; !teacher.Teacher || admin.Teacher || tr.Students != 8 || tr.Staff != 3 ||
		!slices.Equal(tr.ByGrade, []app.GradeCount{{Grade: 3, Students: 7, Classes: 3}}) {
		t.Errorf("teacher's roster = %+v (Teacher %v); want the school's 8 and 3, grade 3's 7 in 3 classes", tr, teacher.Teacher)
	}
	wantList(t, "teacher's Classes", sizes(teacher), []string{"三年级2班 3", "三年级10班 2"})

	svc := cs.db.Services().Cockpit
	lines := app.ClassSizeLines{Standard: 40, Large: 50, Huge: 60}
	if err := svc.SetClassSizeLines(cs.wang, lines); app.ErrorCode(err) != app.EFORBIDDEN {
		t.Errorf("a teacher setting the lines = %v; want EFORBIDDEN", err)
	}
	if err := svc.SetClassSizeLines(adminCtx, app.ClassSizeLines{Standard: 40, Large: 40, Huge: 60}); app.ErrorCode(err) != app.EINVALID {
		t.Errorf("lines that do not rise = %v; want EINVALID", err)
	}
	if got, err := svc.ClassSizeLines(adminCtx); err != nil || got != app.DefaultClassSizeLines {
		t.Fatalf("ClassSizeLines after refusals = %+v, %v; want the defaults", got, err)
	}
	before := count(t, cs.db, `SELECT count(*) FROM audit WHERE action = 'cockpit.size_lines'`)
	if err := svc.SetClassSizeLines(adminCtx, lines); err != nil {
		t.Fatal(err)
	}
	if got, err := svc.ClassSizeLines(cs.wang); err != nil || got != lines {
		t.Errorf("ClassSizeLines = %+v, %v; want %+v", got, err, lines)
	}
	if got := cockpitOf(t, cs, cs.wang, week).Roster.Lines; got != lines {
		t.Errorf("the cockpit's Lines = %+v; want %+v", got, lines)
	}
	if after := count(t, cs.db, `SELECT count(*) FROM audit WHERE action = 'cockpit.size_lines' AND detail = 'standard=40 large=50 huge=60'`); before != 0 || after != 1 {
		t.Errorf("audit rows before, after = %d, %d; want 0, 1", before, after)
	}
	if _, err := svc.ClassSizeLines(context.Background()); app.ErrorCode(err) != app.EUNAUTHORIZED {
		t.Errorf("ClassSizeLines without an account = %v; want EUNAUTHORIZED", err)
	}
}

func TestCockpitNoticesHomeworkForms(t *testing.T) {
	cs := newCockpitSchool(t)
	notices := func(c *app.Cockpit) []string {
		var out []string
		for _, n := range c.Notices.Open {
			line := fmt.Sprintf("%s %s %d/%d/%d/%d", n.Title, app.FormatDate(n.Deadline), n.Counts.Total, n.Counts.Acked, n.Counts.Read, n.Counts.Unread)
			for _, p := range n.Classes {
				line += fmt.Sprintf("; %s %d/%d/%d/%d", p.ClassLabel, p.Counts.Total, p.Counts.Acked, p.Counts.Read, p.Counts.Unread)
			}
			out = append(out, line)
		}
		return out
	}
	homework := func(c *app.Cockpit) []string {
		return labelsOf(c.Homework, func(h app.HomeworkRate) string {
			return fmt.Sprintf("%s %s %d %+v %.2f", h.ClassLabel, h.Subject, h.Homework, h.Counts, h.Counts.Rate())
		})
	}
	forms := func(c *app.Cockpit) []string {
		return labelsOf(c.Forms, func(f app.FormRate) string {
			return fmt.Sprintf("%s %s %d/%d", f.Title, f.Kind, f.Answered, f.Expected)
		})
	}

	admin := cockpitOf(t, cs, adminCtx, week)
	// newest first; 防溺水通知 has reached nobody yet
	wantList(t, "Open", notices(admin), []string{
		"防溺水通知  0/0/0/0",
		"家长会  1/0/0/1; 一年级1班 1/0/0/1",
		"春游通知 2026-11-30 8/3/1/4; 一年级1班 1/0/0/1; 三年级2班 3/1/1/1; 三年级3班 2/1/0/1; 三年级10班 2/1/0/1",
	})
	if id := admin.Notices.Open[2].NoticeID; id != cs.notices["春游通知"] {
		t.Errorf("春游通知's NoticeID = %d; want %d", id, cs.notices["春游通知"])
	}
	// 王五 (read), 周九, 孙八, 王五 of 10班 and 张四 (on both notices) have
	// not acknowledged; 元旦放假 came after the week
	if admin.Notices.ToReach != 5 {
		t.Errorf("ToReach = %d; want 5", admin.Notices.ToReach)
	}
	wantList(t, "Homework", homework(admin), []string{
		"三年级2班 语文 2 {Total:6 Done:2 Late:1 Missing:1 Excused:0 Unrecorded:2} 0.50",
		"三年级3班 数学 1 {Total:2 Done:2 Late:0 Missing:0 Excused:0 Unrecorded:0} 1.00",
		"三年级10班 语文 1 {Total:2 Done:0 Late:0 Missing:0 Excused:1 Unrecorded:1} 0.00",
	})
	// closing soonest first, no deadline last; not the closed one, the
	// check-in, the one closed before the week or the one made after it
	wantList(t, "Forms", forms(admin), []string{
		"寒假去向统计2026-11-25 survey 0/1",
		"寒假去向统计2026-11-28 survey 2/5",
		"志愿者报名 chain 1/2",
	})

	teacher := cockpitOf(t, cs, cs.wang, week)
	wantList(t, "teacher's Open", notices(teacher), []string{"春游通知 2026-11-30 5/2/1/2; 三年级2班 3/1/1/1; 三年级10班 2/1/0/1"})
	if teacher.Notices.ToReach != 3 {
		t.Errorf("teacher's ToReach = %d; want 3 (王五, 周九 and 王五 of 10班)", teacher.Notices.ToReach)
	}
	wantList(t, "teacher's Homework", homework(teacher), []string{
		"三年级2班 语文 2 {Total:6 Done:2 Late:1 Missing:1 Excused:0 Unrecorded:2} 0.50",
		"三年级10班 语文 1 {Total:2 Done:0 Late:0 Missing:0 Excused:1 Unrecorded:1} 0.00",
	})
	wantList(t, "teacher's Forms", forms(teacher), []string{"寒假去向统计2026-11-28 survey 1/3", "志愿者报名 chain 1/2"})
}

// statsLine writes a subject's statistics as the cockpit's charts use them.
func statsLine(s app.SubjectStats) string {
	return fmt.Sprintf("%s n=%d absent=%d avg=%.1f max=%s min=%s pass=%d excellent=%d low=%d bands=%v",
		s.Subject, s.Count, s.Absent, s.Avg, s.Max, s.Min, s.Pass, s.Excellent, s.Low, s.Bands)
}

func groupLines(g app.GroupStats) []string {
	out := []string{fmt.Sprintf("%s students=%d", g.ClassLabel, g.Students)}
	for _, s := range g.Subjects {
		out = append(out, statsLine(s))
	}
	return out
}

func TestCockpitExam(t *testing.T) {
	cs := newCockpitSchool(t)
	// the teacher's latest is 期中考试 (last year's exam on 2026-11-26 is
	// not her class's any more, 一年级数学 never was): her two classes,
	// and grade 3 (not 一年级1班) beside them
	c := cockpitOf(t, cs, cs.wang, week)
	if c.Exam == nil || c.Exam.Exam.Name != "期中考试" {
		t.Fatalf("teacher's Exam = %+v; want 期中考试", c.Exam)
	}
	var got []string
	for _, g := range c.Exam.Classes {
		got = append(got, groupLines(g)...)
	}
	wantList(t, "teacher's exam classes", got, []string{
		"三年级2班 students=3",
		"语文 n=2 absent=1 avg=72.5 max=90 min=55 pass=1 excellent=1 low=0 bands=[1 0 0 0 1]",
		"数学 n=2 absent=1 avg=77.5 max=85 min=70 pass=2 excellent=1 low=0 bands=[0 0 1 1 0]",
		"三年级10班 students=2",
		"语文 n=2 absent=0 avg=70.0 max=80 min=60 pass=2 excellent=0 low=0 bands=[0 1 0 1 0]",
		"数学 n=2 absent=0 avg=67.5 max=95 min=40 pass=1 excellent=1 low=0 bands=[1 0 0 0 1]",
	})
	wantList(t, "teacher's grade", groupLines(c.Exam.All), []string{
		" students=7",
		"语文 n=5 absent=1 avg=77.0 max=100 min=55 pass=4 excellent=2 low=0 bands=[1 1 0 1 2]",
		"数学 n=5 absent=1 avg=64.0 max=95 min=30 pass=3 excellent=2 low=1 bands=[2 0 1 1 1]",
	})

	// the administrator's latest is 一年级数学; before it, 期中考试 over
	// all its classes, 一年级1班 too
	if c := cockpitOf(t, cs, adminCtx, week); c.Exam == nil || c.Exam.Exam.Name != "一年级数学" ||
		!slices.Equal(groupLines(c.Exam.All), []string{" students=1", "数学 n=1 absent=0 avg=88.0 max=88 min=88 pass=1 excellent=1 low=0 bands=[0 0 0 1 0]"}) {
		t.Errorf("admin's Exam = %+v; want 一年级数学 with 张四's 88", c.Exam)
	}
	c = cockpitOf(t, cs, adminCtx, untilEx)
	if c.Exam == nil || c.Exam.Exam.Name != "期中考试" || len(c.Exam.Classes) != 4 {
		t.Fatalf("admin's Exam up to 2026-11-24 = %+v; want 期中考试 of 4 classes", c.Exam)
	}
	wantList(t, "the whole exam", groupLines(c.Exam.All), []string{
		" students=8",
		"语文 n=6 absent=1 avg=67.5 max=100 min=20 pass=4 excellent=2 low=1 bands=[2 1 0 1 2]",
		"数学 n=6 absent=1 avg=70.0 max=100 min=30 pass=4 excellent=3 low=1 bands=[2 0 1 1 2]",
	})
}

func TestCockpitToDoAndSync(t *testing.T) {
	cs := newCockpitSchool(t)
	principal := as(app.RolePrincipal)
	tests := []struct {
		name               string
		ctx                context.Context
		leaves, drafts     int
		confirm, forward   int
		bureau             int // surveys to answer and 催办
		noPhone, noHead    []string
		firstGuardianNames []string
	}{
		{"admin", adminCtx, 3, 2, 1, 2, 2, []string{"周九 三年级2班", "孙八 三年级3班"}, []string{"二年级1班", "三年级3班", "三年级10班"}, nil},
		// the principal decides the two that wait for a head teacher
		// who is not there and the long one; has no drafts
		{"principal", principal, 3, 0, 1, 2, 2, []string{"周九 三年级2班", "孙八 三年级3班"}, []string{"二年级1班", "三年级3班", "三年级10班"}, nil},
		// 王芳 decides her class's; bureau notices are not hers to confirm
		{"teacher", cs.wang, 1, 1, 0, 0, 0, []string{"周九 三年级2班"}, []string{"三年级10班"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := cockpitOf(t, cs, tt.ctx, week)
			td := c.ToDo
			if td.LeavesWaiting != tt.leaves || td.Drafts != tt.drafts || td.BureauToConfirm != tt.confirm || td.BureauToForward != tt.forward ||
				td.BureauItems != tt.bureau {
				t.Errorf("leaves, drafts, to confirm, to forward, surveys and 催办 = %d, %d, %d, %d, %d; want %d, %d, %d, %d, %d",
					td.LeavesWaiting, td.Drafts, td.BureauToConfirm, td.BureauToForward, td.BureauItems,
					tt.leaves, tt.drafts, tt.confirm, tt.forward, tt.bureau)
			}
			wantList(t, "NoGuardianPhone", labelsOf(td.NoGuardianPhone, func(e app.DirectoryEntry) string { return e.Name + " " + e.ClassLabel }), tt.noPhone)
			wantList(t, "NoHeadTeacher", labelsOf(td.NoHeadTeacher, func(c *app.Class) string { return c.Label() }), tt.noHead)
			for _, e := range td.NoGuardianPhone {
				if e.Name == "孙八" && (len(e.Guardians) != 1 || e.Guardians[0].Name != "孙母" || e.Guardians[0].Phone != "") {
					t.Errorf("孙八's guardians = %+v; want 孙母 with no phone", e.Guardians)
				}
			}
			// the link's state: enrolled, the confirmation waiting to go
			// up, and never the credential
			if s := c.Sync; s == nil || s.HubURL != "https://hub.example" || s.Pending != 1 || s.Credential != "" {
				t.Errorf("Sync = %+v; want the hub, 1 waiting, no credential", s)
			}
		})
	}
}

// A teacher's cockpit names no student, class or notice of a class that
// is not hers, and last year's class never counts, for any account.
func TestCockpitTeacherSeesOnlyHerClasses(t *testing.T) {
	cs := newCockpitSchool(t)
	own := map[int64]bool{cs.classes["三年级2班"]: true, cs.classes["三年级10班"]: true}
	students := map[int64]bool{}
	for _, no := range []string{"S001", "S002", "S008", "S003", "S004"} {
		students[cs.students[no]] = true
	}
	for _, r := range []app.DateRange{week, untilEx} {
		c := cockpitOf(t, cs, cs.wang, r)
		var classes, seen []int64
		for _, x := range c.Attendance.ByClass {
			classes = append(classes, x.ID)
		}
		for _, x := range c.Attendance.NotTaken {
			classes = append(classes, x.ID)
		}
		for _, x := range c.Attendance.Absent {
			classes, seen = append(classes, x.ClassID), append(seen, x.StudentID)
		}
		for _, x := range c.Roster.Classes {
			classes = append(classes, x.ClassID)
		}
		for _, n := range c.Notices.Open {
			for _, p := range n.Classes {
				classes = append(classes, p.ClassID)
			}
		}
		for _, x := range c.Homework {
			classes = append(classes, x.ClassID)
		}
		if c.Exam != nil {
			for _, g := range c.Exam.Classes {
				classes = append(classes, g.ClassID)
			}
		}
		for _, x := range c.ToDo.NoGuardianPhone {
			classes, seen = append(classes, x.ClassID), append(seen, x.StudentID)
		}
		for _, x := range c.ToDo.NoHeadTeacher {
			classes = append(classes, x.ID)
		}
		if len(classes) < 10 || len(seen) == 0 {
			t.Fatalf("only %d classes and %d students named: the fixture no longer tests this", len(classes), len(seen))
		}
		for _, id := range classes {
			if !own[id] {
				t.Errorf("%s…%s: the teacher's cockpit names class %d, not hers", app.FormatDate(r.From), app.FormatDate(r.To), id)
			}
		}
		for _, id := range seen {
			if !students[id] {
				t.Errorf("%s…%s: the teacher's cockpit names student %d, not hers", app.FormatDate(r.From), app.FormatDate(r.To), id)
			}
		}
	}
	// the administrator's neither: not even last year's 2026-11-25…27
	// absences of 赵六, whose own class did not mark her absent
	c := cockpitOf(t, cs, adminCtx, week)
	for _, a := range c.Attendance.Absent {
		if a.ClassID == cs.past || a.StudentID == cs.students["S003"] {
			t.Errorf("an absence alert of last year's class: %+v", a)
		}
	}
	for _, r := range c.Attendance.ByClass {
		if r.ID == cs.past {
			t.Errorf("last year's class has a rate: %+v", r)
		}
	}
}

func TestCockpitEmptyRangeAndErrors(t *testing.T) {
	cs := newCockpitSchool(t)
	c := cockpitOf(t, cs, adminCtx, summer)
	att := c.Attendance
	if att.Today != (app.AttendanceCounts{}) || att.Trend != nil || att.ByClass != nil || att.ByGrade != nil || att.Absent != nil {
		t.Errorf("attendance of a range with no roll call = %+v; want none", att)
	}
	// every class with students is missing its roll call
	wantList(t, "NotTaken", labelsOf(att.NotTaken, func(c *app.Class) string { return c.Label() }), []string{"一年级1班", "三年级2班", "三年级3班", "三年级10班"})
	if c.Notices.Open != nil || c.Notices.ToReach != 0 || c.Homework != nil || c.Forms != nil || c.Exam != nil {
		t.Errorf("a range before everything = notices %+v, homework %+v, forms %+v, exam %+v; want none", c.Notices, c.Homework, c.Forms, c.Exam)
	}
	if c.Roster.Students != 8 || !app.SameDay(c.Range.From, summer.From) || !app.SameDay(c.Range.To, summer.To) {
		t.Errorf("Roster.Students = %d, Range = %v; want the roll as it is, the range asked", c.Roster.Students, c.Range)
	}

	svc := cs.db.Services().Cockpit
	bad := []struct {
		name string
		ctx  context.Context
		r    app.DateRange
		code string
	}{
		{"no range", adminCtx, app.DateRange{}, app.EINVALID},
		{"backwards", adminCtx, app.DateRange{From: week.To, To: week.From}, app.EINVALID},
		{"over a year", adminCtx, app.DateRange{From: due("2025-11-01"), To: week.To}, app.EINVALID},
		{"nobody logged in", context.Background(), week, app.EUNAUTHORIZED},
	}
	for _, tt := range bad {
		if _, err := svc.Cockpit(tt.ctx, tt.r); app.ErrorCode(err) != tt.code {
			t.Errorf("%s: %v; want %s", tt.name, err, tt.code)
		}
	}
}

// A student's absences count in her class's roll calls only: 赵六 was
// marked absent in last year's class's roll calls on three days her
// class (三年级10班) marked her present, and is no alert of it.
func TestAbsenceAlertsCountTheClassOwnRollCalls(t *testing.T) {
	cs := newCockpitSchool(t)
	alerts, err := cs.db.Services().Attendance.AbsenceAlerts(adminCtx, week.To, 3)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range alerts {
		if a.StudentID == cs.students["S003"] && a.ClassID == cs.classes["三年级10班"] {
			t.Errorf("赵六 is an alert of 三年级10班: %+v", a)
		}
	}
}
