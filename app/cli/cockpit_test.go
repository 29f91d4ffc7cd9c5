package cli

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"jxj/app"
)

// fakeCockpit is the cockpit service of these tests: it returns c and
// keeps the range it was asked for.
type fakeCockpit struct {
	c   *app.Cockpit
	got app.DateRange
}

func (f *fakeCockpit) Cockpit(_ context.Context, r app.DateRange) (*app.Cockpit, error) {
	f.got = r
	return f.c, nil
}
func (f *fakeCockpit) ClassSizeLines(context.Context) (app.ClassSizeLines, error) {
	return app.DefaultClassSizeLines, nil
}
func (f *fakeCockpit) SetClassSizeLines(context.Context, app.ClassSizeLines) error { return nil }

func day(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := app.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestCockpitRange(t *testing.T) {
	now := day(t, "2026-12-04").Add(15 * time.Hour)
	tests := []struct {
		from, to string
		want     string // from…to, or "" for a usage error
	}{
		{"", "", "2026-12-01…2026-12-04"}, // this month up to today
		{"", "2026-11-15", "2026-11-01…2026-11-15"},
		{"2026-10-20", "", "2026-10-20…2026-12-04"},
		{"2026年9月1日", "2026/9/30", "2026-09-01…2026-09-30"},
		{"2026-12-05", "2026-12-01", ""},
		{"2025-01-01", "", ""}, // more than a year
		{"昨天", "", ""},
	}
	for _, tt := range tests {
		r, err := cockpitRange(tt.from, tt.to, now)
		got := app.FormatDate(r.From) + "…" + app.FormatDate(r.To)
		if err != nil {
			got = ""
		}
		if got != tt.want {
			t.Errorf("cockpitRange(%q, %q) = %q, %v; want %q", tt.from, tt.to, got, err, tt.want)
		}
	}
}

// A cockpit with one of everything, as a script would read it.
func sampleCockpit(t *testing.T) *app.Cockpit {
	class := &app.Class{ID: 7, Grade: 3, Name: "2班"}
	counts := app.AttendanceCounts{Sessions: 40, Absent: 2, Late: 1, Sick: 1}
	sub := app.SubjectStats{Subject: "语文", Full: 1000, Count: 2, Absent: 1, Sum: 1450, Max: 900, Min: 550, Avg: 72.5, Pass: 1, Excellent: 1, Bands: []int{1, 0, 0, 0, 1}}
	return &app.Cockpit{
		Range: app.DateRange{From: day(t, "2026-11-23"), To: day(t, "2026-11-27")},
		Attendance: app.CockpitAttendance{
			Today:     app.AttendanceCounts{Sessions: 8, Absent: 1},
			Trend:     []app.DayCounts{{Day: day(t, "2026-11-27"), Counts: app.AttendanceCounts{Sessions: 8, Absent: 1}}},
			ByClass:   []app.RateRow{{Level: app.RateClass, ID: 7, Label: "三年级2班", Counts: counts}},
			ByGrade:   []app.GradeAttendance{{Grade: 3, All: counts}},
			NotTaken:  []*app.Class{class},
			AlertDays: 3,
			Absent: []app.AbsenceAlert{{StudentID: 11, StudentName: "张三", StudentNo: "S001", ClassID: 7, ClassLabel: "三年级2班", Days: 4,
				Since: day(t, "2026-11-24"), Guardians: []app.GuardianContact{{Name: "张父", Relation: "父亲", Phone: "138****0001", PhoneMasked: true}}}},
		},
		Roster: app.CockpitRoster{Students: 90, Staff: 4, ByGrade: []app.GradeCount{{Grade: 3, Students: 90, Classes: 2}},
			Classes: []app.ClassSize{{ClassID: 7, ClassLabel: "三年级2班", Grade: 3, Students: 58}}, Lines: app.DefaultClassSizeLines},
		Notices: app.CockpitNotices{ToReach: 3, Open: []app.NoticeRate{{NoticeID: 5, Title: "春游通知", Deadline: day(t, "2026-11-30"),
			Counts:  app.ReceiptCounts{Total: 4, Acked: 1, Read: 1, Unread: 2},
			Classes: []app.ClassProgress{{ClassID: 7, ClassLabel: "三年级2班", Counts: app.ReceiptCounts{Total: 4, Acked: 1, Read: 1, Unread: 2}}}}}},
		Homework: []app.HomeworkRate{{ClassID: 7, ClassLabel: "三年级2班", Subject: "语文", Homework: 2,
			Counts: app.CompletionCounts{Total: 6, Done: 2, Late: 1, Missing: 1, Unrecorded: 2}}},
		Forms: []app.FormRate{{FormID: 9, Title: "寒假去向统计", Kind: app.FormSurvey, Answered: 2, Expected: 5}},
		Exam: &app.CockpitExam{Exam: &app.Exam{ID: 3, Name: "期中考试", Date: day(t, "2026-11-20")},
			Classes: []app.GroupStats{{ClassID: 7, ClassLabel: "三年级2班", Students: 3, Subjects: []app.SubjectStats{sub}}},
			All:     app.GroupStats{Students: 3, Subjects: []app.SubjectStats{sub}}},
		ToDo: app.CockpitToDo{LeavesWaiting: 2, Drafts: 1, BureauToConfirm: 1, BureauToForward: 2,
			NoGuardianPhone: []app.DirectoryEntry{{StudentID: 12, Name: "周九", StudentNo: "S008", ClassID: 7, ClassLabel: "三年级2班"}},
			NoHeadTeacher:   []*app.Class{class}},
		Sync: &app.SyncState{HubURL: "https://hub.example", Credential: "secret", Pending: 1,
			LastSuccess: time.Date(2026, 11, 27, 8, 30, 0, 0, time.UTC)},
	}
}

// The JSON's field names are what scripts read: each figure under its
// documented name, lists never null, no credential.
func TestCockpitJSONNames(t *testing.T) {
	fake := &fakeCockpit{c: sampleCockpit(t)}
	code, out, errOut := runWith(t, app.Services{Cockpit: fake}, "", "cockpit", "--data", "d", "--from", "2026-11-23", "--to", "2026-11-27", "--json")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if app.FormatDate(fake.got.From) != "2026-11-23" || app.FormatDate(fake.got.To) != "2026-11-27" {
		t.Errorf("asked the service for %v; want 2026-11-23…2026-11-27", fake.got)
	}
	var doc any
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	at := func(path string) any {
		v := doc
		for _, part := range strings.Split(path, ".") {
			switch x := v.(type) {
			case map[string]any:
				v = x[part]
			case []any:
				if len(x) == 0 {
					return nil
				}
				v = x[0]
				if part != "0" {
					v = v.(map[string]any)[part]
				}
			}
		}
		return v
	}
	want := map[string]any{
		"from": "2026-11-23", "to": "2026-11-27", "teacher": false,
		"attendance.today.sessions": 8.0, "attendance.today.present": 7.0, "attendance.today.rate": 0.875,
		"attendance.trend.0.day": "2026-11-27", "attendance.by_class.0.class_id": 7.0, "attendance.by_class.0.sick": 1.0,
		"attendance.by_grade.0.grade_name": "三年级", "attendance.by_grade.0.all.present": 37.0, "attendance.not_taken.0.class": "三年级2班",
		"attendance.alert_days": 3.0, "attendance.absent.0.since": "2026-11-24", "attendance.absent.0.guardians.0.phone": "138****0001",
		"roster.students": 90.0, "roster.teaching_staff": 4.0, "roster.students_per_teacher": 22.5, "roster.by_grade.0.classes": 2.0,
		"roster.classes.0.students": 58.0, "roster.size_lines.large": 56.0,
		"notices.families_to_reach": 3.0, "notices.open.0.notice_id": 5.0, "notices.open.0.deadline": "2026-11-30",
		"notices.open.0.receipts.acknowledged_rate": 0.25, "notices.open.0.classes.0.receipts.unread": 2.0,
		"homework.0.subject": "语文", "homework.0.unrecorded": 2.0, "homework.0.rate": 0.5,
		"forms.0.form_id": 9.0, "forms.0.kind": "survey", "forms.0.deadline": "", "forms.0.expected": 5.0,
		"exam.exam_id": 3.0, "exam.date": "2026-11-20", "exam.band_edges.0": 0.0, "exam.classes.0.subjects.0.average": 72.5,
		"exam.classes.0.subjects.0.max": 90.0, "exam.classes.0.subjects.0.pass_rate": 0.5, "exam.all.subjects.0.bands.0": 1.0,
		"todo.leaves_waiting": 2.0, "todo.bureau_to_forward": 2.0, "todo.no_guardian_phone.0.student_no": "S008", "todo.no_head_teacher.0.class_id": 7.0,
		"sync.enrolled": true, "sync.hub": "https://hub.example", "sync.last_success": "2026-11-27T08:30:00Z", "sync.pending": 1.0,
	}
	for path, w := range want {
		if got := at(path); got != w {
			t.Errorf("%s = %#v; want %#v", path, got, w)
		}
	}
	if strings.Contains(out, "secret") || strings.Contains(out, "credential") {
		t.Errorf("the JSON shows the hub credential:\n%s", out)
	}

	// nothing at all: empty lists, no exam, no sync
	fake.c = &app.Cockpit{Range: fake.c.Range}
	_, out, _ = runWith(t, app.Services{Cockpit: fake}, "", "cockpit", "--data", "d", "--json")
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"attendance.trend", "attendance.absent", "notices.open", "homework", "forms", "todo.no_head_teacher"} {
		if l, ok := at(path).([]any); !ok || len(l) != 0 {
			t.Errorf("%s = %#v; want []", path, at(path))
		}
	}
	if doc.(map[string]any)["exam"] != nil || doc.(map[string]any)["sync"] != nil {
		t.Errorf("exam, sync = %v, %v; want null", at("exam"), at("sync"))
	}
}

// The tables: the range and whose classes, every section, each figure, a
// section with nothing saying so.
func TestCockpitTables(t *testing.T) {
	fake := &fakeCockpit{c: sampleCockpit(t)}
	fake.c.Teacher = true
	code, out, errOut := runWith(t, app.Services{Cockpit: fake}, "", "cockpit", "--data", "d")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"城关镇中心小学 驾驶舱：2026-11-23 至 2026-11-27（本人任教的班级，旁边是所在年级）",
		"2026-11-27：应到 8，实到 7，出勤率 87.5%",
		"7     三年级2班  40    37    2     1     0     1     0     92.5%",
		"三年级  92.5%  -     -",
		"连续缺勤 3 天及以上的学生：1 人", "S001  张三  三年级2班  4     2026-11-24",
		"在读学生 90 人，任课教师 4 人，生师比 22.5", "7     三年级2班  58    大班额",
		"还有 3 个家庭没有确认。", "5     春游通知     2026-11-30  1       1     2     25.0%",
		"7     三年级2班  语文  2     6     2     1     1     0     2       50.0%",
		"9     填表/调查  -     2/5        寒假去向统计",
		"期中考试（2026-11-20，编号 3）", "全年级     语文  2     1     72.50", "0–59%", "90–100%",
		"待审批的请假 2，通知草稿 1，待确认的教育局通知 1，待转发的教育局通知 2", "S008  周九  三年级2班",
		"同步平台：https://hub.example", "待上传：1 项",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the tables lack %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "secret") {
		t.Errorf("the tables show the hub credential")
	}

	fake.c = &app.Cockpit{Range: fake.c.Range}
	_, out, _ = runWith(t, app.Services{Cockpit: fake}, "", "cockpit", "--data", "d")
	for _, want := range []string{"（全校）", "还没有考试：可以用 jxj exam add 新建考试。"} {
		if !strings.Contains(out, want) {
			t.Errorf("an empty cockpit's tables lack %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "（无）"); n < 8 {
		t.Errorf("an empty cockpit says (none) %d times; want every empty table to:\n%s", n, out)
	}
	lines := strings.Split(out, "\n")
	if !slices.Contains(lines, "【最近考试】") || !slices.Contains(lines, "【同步】") {
		t.Errorf("sections missing:\n%s", out)
	}
}
