package app

import (
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // Europe/Berlin below on any machine, with or without a zoneinfo folder
)

// leaveDay is midnight of a calendar day in time.Local.
func leaveDay(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.Local)
}

func TestLeaveDays(t *testing.T) {
	tests := []struct {
		name     string
		from, to time.Time
		want     int
	}{
		{"one day", leaveDay(2026, 3, 2), leaveDay(2026, 3, 2), 1},
		{"two days", leaveDay(2026, 3, 2), leaveDay(2026, 3, 3), 2},
		// Jan 30, 31, Feb 1, 2
		{"across a month end", leaveDay(2026, 1, 30), leaveDay(2026, 2, 2), 4},
		// Jan 31 + 28 days of February 2026 + Mar 1
		{"across February", leaveDay(2026, 1, 31), leaveDay(2026, 3, 1), 30},
		// Feb 28, 29, Mar 1
		{"across a leap day", leaveDay(2028, 2, 28), leaveDay(2028, 3, 1), 3},
		{"across a year end", leaveDay(2026, 12, 31), leaveDay(2027, 1, 1), 2},
		{"times of day do not count", time.Date(2026, 3, 2, 18, 30, 0, 0, time.Local), time.Date(2026, 3, 3, 7, 45, 0, 0, time.Local), 2},
		{"late to early on the same day", time.Date(2026, 3, 2, 23, 59, 0, 0, time.Local), time.Date(2026, 3, 2, 0, 0, 0, 0, time.Local), 1},
		// the old rounding toward zero made this 1
		{"to a day before from", leaveDay(2026, 3, 3), leaveDay(2026, 3, 2), 0},
		{"to a week before from", leaveDay(2026, 3, 9), leaveDay(2026, 3, 2), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := LeaveDays(tt.from, tt.to); got != tt.want {
				t.Errorf("LeaveDays(%s, %s) = %d; want %d", tt.from, tt.to, got, tt.want)
			}
			l := &Leave{From: tt.from, To: tt.to}
			if got := l.Days(); got != tt.want {
				t.Errorf("Leave.Days() = %d; want %d", got, tt.want)
			}
		})
	}
}

// Days across a daylight-saving change still count whole: 23- and
// 25-hour days are one day each. (China has no DST, but the app runs
// wherever the PC's clock says.)
func TestLeaveDaysDST(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	// Sequential test: time.Local is package state, and parallel tests
	// only start after every sequential one has finished.
	old := time.Local
	time.Local = berlin
	t.Cleanup(func() { time.Local = old })
	tests := []struct {
		name     string
		from, to time.Time
		want     int
	}{
		// 2026-03-29 has 23 hours in Berlin, 2026-10-25 has 25
		{"spring forward", leaveDay(2026, 3, 28), leaveDay(2026, 3, 30), 3},
		{"fall back", leaveDay(2026, 10, 24), leaveDay(2026, 10, 26), 3},
		{"the short day alone", leaveDay(2026, 3, 29), leaveDay(2026, 3, 29), 1},
		{"late on the long day to its next", time.Date(2026, 10, 25, 23, 0, 0, 0, berlin), time.Date(2026, 10, 26, 0, 30, 0, 0, berlin), 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := LeaveDays(tt.from, tt.to); got != tt.want {
				t.Errorf("LeaveDays(%s, %s) = %d; want %d", tt.from, tt.to, got, tt.want)
			}
		})
	}
}

// validLeaveDraft passes Validate; the cases change one thing.
func validLeaveDraft() LeaveDraft {
	return LeaveDraft{
		StudentID: 7,
		AskedBy:   "张三（父亲）",
		Kind:      MarkSick,
		From:      leaveDay(2026, 3, 2),
		To:        leaveDay(2026, 3, 3),
		Reason:    "发烧",
	}
}

func TestLeaveDraftValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(d *LeaveDraft)
		key    string // "" for valid
	}{
		{"valid", func(d *LeaveDraft) {}, ""},
		{"personal leave", func(d *LeaveDraft) { d.Kind = MarkPersonal }, ""},
		{"one day", func(d *LeaveDraft) { d.To = d.From }, ""},
		{"times of day on one day", func(d *LeaveDraft) {
			d.From, d.To = time.Date(2026, 3, 2, 14, 0, 0, 0, time.Local), time.Date(2026, 3, 2, 8, 0, 0, 0, time.Local)
		}, ""},
		// Jan 1 .. Mar 1 2026: 31 + 28 + 1 = 60
		{"60 days", func(d *LeaveDraft) { d.From, d.To = leaveDay(2026, 1, 1), leaveDay(2026, 3, 1) }, ""},
		{"no reason", func(d *LeaveDraft) { d.Reason = "" }, ""},
		// characters, not bytes: 200 Chinese characters are 600 bytes
		{"reason of 200 characters", func(d *LeaveDraft) { d.Reason = strings.Repeat("病", MaxLeaveReason) }, ""},
		{"no student", func(d *LeaveDraft) { d.StudentID = 0 }, "leave.error.student"},
		{"present is no leave", func(d *LeaveDraft) { d.Kind = MarkPresent }, "leave.error.kind"},
		{"absent is no leave", func(d *LeaveDraft) { d.Kind = MarkAbsent }, "leave.error.kind"},
		{"late is no leave", func(d *LeaveDraft) { d.Kind = MarkLate }, "leave.error.kind"},
		{"unknown kind", func(d *LeaveDraft) { d.Kind = "holiday" }, "leave.error.kind"},
		{"no from", func(d *LeaveDraft) { d.From = time.Time{} }, "leave.error.dates"},
		{"no to", func(d *LeaveDraft) { d.To = time.Time{} }, "leave.error.dates"},
		{"to before from", func(d *LeaveDraft) { d.From, d.To = d.To, d.From }, "leave.error.order"},
		// Jan 1 .. Mar 2: 61
		{"61 days", func(d *LeaveDraft) { d.From, d.To = leaveDay(2026, 1, 1), leaveDay(2026, 3, 2) }, "leave.error.long"},
		{"reason of 201 characters", func(d *LeaveDraft) { d.Reason = strings.Repeat("病", MaxLeaveReason+1) }, "leave.error.reason_long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := validLeaveDraft()
			tt.change(&d)
			err := d.Validate()
			if tt.key == "" {
				if err != nil {
					t.Fatalf("Validate() = %v; want nil", err)
				}
				return
			}
			if code, key := examErr(err); code != EINVALID || key != tt.key {
				t.Errorf("Validate() = %v (code %q); want EINVALID %s", err, code, tt.key)
			}
		})
	}
}

func TestNextLeaveState(t *testing.T) {
	var (
		teacher   = &Account{Username: "wang", Role: RoleTeacher, ClassIDs: []int64{1}}
		principal = &Account{Username: "li", Role: RolePrincipal}
		admin     = &Account{Username: "zhao", Role: RoleAdmin}
	)
	const adminDays = 3
	tests := []struct {
		name        string
		a           *Account
		headTeacher bool
		cur         LeaveState
		days        int
		approve     bool
		want        LeaveState
		code        string // "" for a decision
	}{
		// the first step: the head teacher
		{"head teacher approves 2 days", teacher, true, LeavePendingHead, 2, true, LeaveApproved, ""},
		{"head teacher approves 3 days (at the limit)", teacher, true, LeavePendingHead, 3, true, LeaveApproved, ""},
		{"head teacher approves 5 days: admin next", teacher, true, LeavePendingHead, 5, true, LeavePendingAdmin, ""},
		{"head teacher rejects 2 days", teacher, true, LeavePendingHead, 2, false, LeaveRejected, ""},
		{"head teacher rejects 5 days", teacher, true, LeavePendingHead, 5, false, LeaveRejected, ""},
		{"another teacher may not decide", teacher, false, LeavePendingHead, 2, true, LeavePendingHead, EFORBIDDEN},
		{"another teacher may not reject", teacher, false, LeavePendingHead, 2, false, LeavePendingHead, EFORBIDDEN},
		{"no account", nil, false, LeavePendingHead, 2, true, LeavePendingHead, EFORBIDDEN},
		// admin or principal in the head teacher's place settles it
		{"admin decides the first step of a long leave", admin, false, LeavePendingHead, 5, true, LeaveApproved, ""},
		{"principal decides the first step of a long leave", principal, false, LeavePendingHead, 5, true, LeaveApproved, ""},
		{"admin rejects the first step", admin, false, LeavePendingHead, 5, false, LeaveRejected, ""},
		{"principal who is head teacher approves a long leave", principal, true, LeavePendingHead, 5, true, LeaveApproved, ""},
		// the second step: admin or principal
		{"principal approves the second step", principal, false, LeavePendingAdmin, 5, true, LeaveApproved, ""},
		{"admin approves the second step", admin, false, LeavePendingAdmin, 5, true, LeaveApproved, ""},
		{"principal rejects the second step", principal, false, LeavePendingAdmin, 5, false, LeaveRejected, ""},
		{"admin rejects the second step", admin, false, LeavePendingAdmin, 5, false, LeaveRejected, ""},
		{"head teacher may not decide the second step", teacher, true, LeavePendingAdmin, 5, true, LeavePendingAdmin, EFORBIDDEN},
		{"head teacher may not reject the second step", teacher, true, LeavePendingAdmin, 5, false, LeavePendingAdmin, EFORBIDDEN},
		{"another teacher may not decide the second step", teacher, false, LeavePendingAdmin, 5, true, LeavePendingAdmin, EFORBIDDEN},
		// settled requests
		{"approved", principal, true, LeaveApproved, 2, true, LeaveApproved, ECONFLICT},
		{"rejected", principal, true, LeaveRejected, 2, true, LeaveRejected, ECONFLICT},
		{"cancelled", teacher, true, LeaveCancelled, 2, false, LeaveCancelled, ECONFLICT},
		{"approved, by a teacher", teacher, false, LeaveApproved, 2, true, LeaveApproved, ECONFLICT},
		{"unknown state", admin, true, LeaveState("lost"), 2, true, LeaveState("lost"), ECONFLICT},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NextLeaveState(tt.a, tt.headTeacher, tt.cur, tt.days, adminDays, tt.approve)
			code, _ := examErr(err)
			if got != tt.want || code != tt.code {
				t.Errorf("NextLeaveState(%v, head %v, %s, %d days, approve %v) = %s, %v; want %s, code %q",
					tt.a, tt.headTeacher, tt.cur, tt.days, tt.approve, got, err, tt.want, tt.code)
			}
		})
	}
}

// A long leave goes head teacher → principal, one step at a time.
func TestNextLeaveStateLongLeave(t *testing.T) {
	teacher := &Account{Username: "wang", Role: RoleTeacher, ClassIDs: []int64{1}}
	principal := &Account{Username: "li", Role: RolePrincipal}
	days := LeaveDays(leaveDay(2026, 3, 2), leaveDay(2026, 3, 6)) // Mon–Fri: 5
	steps := []struct {
		name string
		a    *Account
		head bool
		want LeaveState
		code string
	}{
		{"head teacher approves", teacher, true, LeavePendingAdmin, ""},
		{"head teacher again", teacher, true, LeavePendingAdmin, EFORBIDDEN},
		{"principal approves", principal, false, LeaveApproved, ""},
		{"principal again", principal, false, LeaveApproved, ECONFLICT},
	}
	state := LeavePendingHead
	for _, s := range steps {
		got, err := NextLeaveState(s.a, s.head, state, days, DefaultLeaveDaysForAdmin, true)
		if code, _ := examErr(err); got != s.want || code != s.code {
			t.Fatalf("%s: NextLeaveState(%s) = %s, %v; want %s, code %q", s.name, state, got, err, s.want, s.code)
		}
		state = got
	}
}

func TestLeaveStatePending(t *testing.T) {
	tests := []struct {
		s    LeaveState
		want bool
	}{
		{LeavePendingHead, true},
		{LeavePendingAdmin, true},
		{LeaveApproved, false},
		{LeaveRejected, false},
		{LeaveCancelled, false},
		{"", false},
	}
	for _, tt := range tests {
		t.Run(string(tt.s), func(t *testing.T) {
			if got := tt.s.Pending(); got != tt.want {
				t.Errorf("%q.Pending() = %v; want %v", tt.s, got, tt.want)
			}
		})
	}
}
