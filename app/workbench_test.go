package app

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestBuildTodo(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 11, d, 0, 0, 0, 0, time.Local) }
	now := time.Date(2026, 11, 20, 15, 30, 0, 0, time.Local)

	notice := func(id int64, state NoticeState, ack bool, acked, total int, deadline time.Time) *Notice {
		return &Notice{ID: id, Title: fmt.Sprintf("n%d", id), State: state, RequiresAck: ack,
			Deadline: deadline, Counts: ReceiptCounts{Total: total, Acked: acked}}
	}
	homework := func(id int64, due time.Time, c CompletionCounts) *Homework {
		return &Homework{ID: id, Subject: "数学", Content: fmt.Sprintf("h%d", id), Due: due, Counts: c}
	}
	form := func(id int64, kind FormKind, deadline time.Time, answered, total int) *Form {
		return &Form{ID: id, Kind: kind, Title: fmt.Sprintf("f%d", id), Deadline: deadline, Answered: answered, Total: total}
	}
	checkin := func(id int64, start, end time.Time, answered, total int) *Form {
		return &Form{ID: id, Kind: FormCheckin, Title: fmt.Sprintf("c%d", id), StartDay: start, EndDay: end, Answered: answered, Total: total}
	}
	closed := func(f *Form) *Form { f.Closed = true; return f }
	leave := func(id int64, state LeaveState, from, to time.Time) *Leave {
		return &Leave{ID: id, StudentName: "张三", ClassLabel: "三年级1班", Kind: MarkSick, From: from, To: to, State: state}
	}

	tests := []struct {
		name     string
		notices  []*Notice
		homework []*Homework
		forms    []*Form
		leaves   []*Leave
		want     string // items as kind:id done/total due [overdue], in order
	}{
		{name: "nothing", want: ""},
		{
			name: "notices: published, asking for acks, some missing",
			notices: []*Notice{
				notice(1, NoticeStatePublished, true, 38, 45, day(25)),
				notice(2, NoticeStatePublished, true, 45, 45, day(25)),    // all acked
				notice(3, NoticeStatePublished, false, 0, 45, day(25)),    // no ack asked
				notice(4, NoticeStateDraft, true, 0, 0, day(25)),          // draft
				notice(5, NoticeStateRevoked, true, 3, 45, day(25)),       // revoked
				notice(6, NoticeStatePublished, true, 0, 45, time.Time{}), // no deadline
			},
			want: "notice:1 38/45 2026-11-25, notice:6 0/45 -",
		},
		{
			name: "notice with a past deadline is overdue and first; the deadline day itself is not",
			notices: []*Notice{
				notice(1, NoticeStatePublished, true, 1, 2, day(22)),
				notice(2, NoticeStatePublished, true, 1, 2, day(20)),
				notice(3, NoticeStatePublished, true, 1, 2, day(19)),
			},
			want: "notice:3 1/2 2026-11-19 overdue, notice:2 1/2 2026-11-20, notice:1 1/2 2026-11-22",
		},
		{
			name: "homework due today with completion left to record",
			homework: []*Homework{
				homework(1, day(20), CompletionCounts{Total: 45, Done: 30, Late: 2, Missing: 1, Excused: 1, Unrecorded: 11}),
				homework(2, day(20), CompletionCounts{Total: 45, Done: 40, Missing: 3, Excused: 2}), // all recorded
				homework(3, day(21), CompletionCounts{Total: 45, Unrecorded: 45}),                   // tomorrow
				homework(4, day(19), CompletionCounts{Total: 45, Unrecorded: 45}),                   // yesterday
			},
			want: "homework:1 32/44 2026-11-20", // the excused student is not expected
		},
		{
			name: "surveys and chains closing within three days or past with answers missing",
			forms: []*Form{
				form(1, FormSurvey, day(23), 10, 45),
				form(2, FormSurvey, day(24), 10, 45),         // four days ahead
				form(3, FormChain, day(18), 5, 45),           // past, missing answers
				form(4, FormSurvey, day(18), 45, 45),         // past, all answered
				closed(form(5, FormSurvey, day(21), 10, 45)), // closed
				form(6, FormSurvey, time.Time{}, 10, 45),     // no deadline
				form(7, FormChain, day(20), 0, 45),           // today
			},
			want: "form/chain:3 5/45 2026-11-18 overdue, form/chain:7 0/45 2026-11-20, form/survey:1 10/45 2026-11-23",
		},
		{
			name: "check-ins running today with today's progress",
			forms: []*Form{
				checkin(1, day(10), day(30), 20, 45),
				checkin(2, day(20), day(20), 0, 45),
				checkin(3, day(21), day(30), 0, 45),         // not started
				checkin(4, day(1), day(19), 0, 45),          // over
				checkin(5, day(10), day(30), 45, 45),        // all in today
				closed(checkin(6, day(10), day(30), 0, 45)), // closed
			},
			want: "form/checkin:1 20/45 2026-11-20, form/checkin:2 0/45 2026-11-20",
		},
		{
			name: "leave waiting for a decision, due on its first day; one already begun is overdue",
			leaves: []*Leave{
				leave(1, LeavePendingHead, day(21), day(23)),
				leave(2, LeavePendingAdmin, day(18), day(25)), // begun, still waiting
				leave(3, LeaveApproved, day(20), day(20)),
				leave(4, LeaveRejected, day(20), day(20)),
				leave(5, LeaveCancelled, day(20), day(20)),
				leave(6, LeavePendingHead, day(20), day(20)), // today
			},
			want: "leave:2 0/0 2026-11-18 overdue, leave:6 0/0 2026-11-20, leave:1 0/0 2026-11-21",
		},
		{
			name:     "mixed: overdue first, then by due day, none last",
			notices:  []*Notice{notice(1, NoticeStatePublished, true, 0, 9, time.Time{}), notice(2, NoticeStatePublished, true, 0, 9, day(21)), notice(3, NoticeStatePublished, true, 0, 9, day(10))},
			homework: []*Homework{homework(4, day(20), CompletionCounts{Total: 9, Unrecorded: 9})},
			forms:    []*Form{form(5, FormSurvey, day(15), 0, 9), form(6, FormSurvey, day(22), 0, 9)},
			want:     "notice:3 0/9 2026-11-10 overdue, form/survey:5 0/9 2026-11-15 overdue, homework:4 0/9 2026-11-20, notice:2 0/9 2026-11-21, form/survey:6 0/9 2026-11-22, notice:1 0/9 -",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items := BuildTodo(now, tt.notices, tt.homework, tt.forms, tt.leaves)
			var got []string
			for _, it := range items {
				kind := string(it.Kind)
				if it.FormKind != "" {
					kind += "/" + string(it.FormKind)
				}
				s := fmt.Sprintf("%s:%d %d/%d ", kind, it.ID, it.Done, it.Total)
				if it.Due.IsZero() {
					s += "-"
				} else {
					s += FormatDate(it.Due)
				}
				if it.Overdue {
					s += " overdue"
				}
				got = append(got, s)
			}
			if g := strings.Join(got, ", "); g != tt.want {
				t.Errorf("BuildTodo:\n got %s\nwant %s", g, tt.want)
			}
		})
	}
}

func TestBuildTodoTitles(t *testing.T) {
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.Local)
	tests := []struct {
		name string
		item TodoItem
		want string
	}{
		{"a notice's title", BuildTodo(now, []*Notice{{ID: 1, Title: "家长会通知", State: NoticeStatePublished, RequiresAck: true,
			Counts: ReceiptCounts{Total: 1}}}, nil, nil, nil)[0], "家长会通知"},
		{"homework: subject and first line", BuildTodo(now, nil, []*Homework{{ID: 1, Subject: "语文", Content: "\n  背诵第三课  \n抄写生字",
			Due: now, Counts: CompletionCounts{Total: 1, Unrecorded: 1}}}, nil, nil)[0], "语文 · 背诵第三课"},
		{"homework: a long line is cut", BuildTodo(now, nil, []*Homework{{ID: 1, Subject: "数学", Content: strings.Repeat("练", 40),
			Due: now, Counts: CompletionCounts{Total: 1, Unrecorded: 1}}}, nil, nil)[0], "数学 · " + strings.Repeat("练", todoTitleLen) + "…"},
		{"leave: the student and class", BuildTodo(now, nil, nil, nil, []*Leave{{ID: 1, StudentName: "李四", ClassLabel: "三年级2班",
			State: LeavePendingHead, From: now, To: now}})[0], "李四 · 三年级2班"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.item.Title != tt.want {
				t.Errorf("Title = %q, want %q", tt.item.Title, tt.want)
			}
		})
	}
}

func TestBuildWorkbench(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 11, d, 0, 0, 0, 0, time.Local) }
	now := time.Date(2026, 11, 20, 8, 0, 0, 0, time.Local)
	data := WorkbenchData{
		Notices: []*Notice{
			{ID: 1, State: NoticeStatePublished, RequiresAck: true, Counts: ReceiptCounts{Total: 45, Acked: 38}},
			{ID: 2, State: NoticeStatePublished, RequiresAck: true, Counts: ReceiptCounts{Total: 45, Acked: 45}},
		},
		Homework: []*Homework{
			{ID: 3, Due: day(20), Counts: CompletionCounts{Total: 45, Unrecorded: 2}},
			{ID: 4, Due: day(21), Counts: CompletionCounts{Total: 45, Unrecorded: 45}}, // not today
		},
		Forms: []*Form{
			{ID: 5, Kind: FormSurvey, Deadline: day(22), Answered: 1, Total: 45},
			{ID: 6, Kind: FormSurvey, Deadline: day(30), Answered: 1, Total: 45}, // not soon
			{ID: 7, Kind: FormChain, Deadline: day(19), Answered: 1, Total: 45},
			{ID: 8, Kind: FormCheckin, StartDay: day(18), EndDay: day(25), Answered: 0, Total: 45},
		},
		Leaves:   []*Leave{{ID: 9, State: LeavePendingHead, From: day(21), To: day(21)}},
		NotTaken: []*Class{{ID: 1}, {ID: 2}, {ID: 3}},
		Exams:    2,
	}
	wantCounts := WorkbenchCounts{Notices: 1, Homework: 1, Surveys: 1, Chains: 1, Checkins: 1, NotTaken: 3, Leaves: 1, Exams: 2}

	tests := []struct {
		name      string
		oversees  bool
		wantFirst TodoKind
		wantItems int
	}{
		{"a teacher: the count on the tile, no roll call item", false, TodoForm, 6},
		{"the administrator: the roll call leads the list", true, TodoRollCall, 7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := data
			d.Oversees = tt.oversees
			w := BuildWorkbench(now, d)
			if w.Counts != wantCounts {
				t.Errorf("counts = %+v, want %+v", w.Counts, wantCounts)
			}
			if len(w.Todo) != tt.wantItems || w.Todo[0].Kind != tt.wantFirst {
				t.Fatalf("to-do = %d items, first %v; want %d, first %s", len(w.Todo), w.Todo[0], tt.wantItems, tt.wantFirst)
			}
			if tt.oversees {
				if it := w.Todo[0]; it.Total != 3 || !it.StatusOnly() || !SameDay(it.Due, now) {
					t.Errorf("roll call item = %+v, want 3 classes, status only, due today", it)
				}
			}
		})
	}

	t.Run("every class took the roll", func(t *testing.T) {
		w := BuildWorkbench(now, WorkbenchData{Oversees: true})
		if len(w.Todo) != 0 || w.Counts != (WorkbenchCounts{}) {
			t.Errorf("workbench = %+v, want nothing", w)
		}
	})
}
