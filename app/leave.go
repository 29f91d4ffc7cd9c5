package app

import (
	"context"
	"time"
	"unicode/utf8"
)

// LeaveKind is a leave's kind: sick or personal; it becomes the mark
// attendance gets for the days of approved leave.
type LeaveKind = Mark

// LeaveState is where a leave request is in its approval.
type LeaveState string

// A request waits for the head teacher; a long one then for the admin or
// principal; it ends approved or rejected. A request can be cancelled
// while it waits.
const (
	LeavePendingHead  LeaveState = "pending_head"
	LeavePendingAdmin LeaveState = "pending_admin"
	LeaveApproved     LeaveState = "approved"
	LeaveRejected     LeaveState = "rejected"
	LeaveCancelled    LeaveState = "cancelled"
)

// Pending reports whether the request still waits for a decision.
func (s LeaveState) Pending() bool { return s == LeavePendingHead || s == LeavePendingAdmin }

// Leave is a student's leave request (请假), entered by the teacher or
// the admin for the family that asked.
type Leave struct {
	ID          int64
	UUID        string
	StudentID   int64
	StudentName string
	StudentNo   string
	ClassID     int64
	ClassLabel  string
	AskedBy     string // who asked: 张三（父亲）, as typed
	Kind        LeaveKind
	From, To    time.Time // calendar days, inclusive
	Reason      string
	State       LeaveState
	CreatedBy   string
	CreatedAt   time.Time
	Steps       []LeaveStep // the decisions so far, in order

	// HeadTeacherID is the staff id of the class's head teacher (班主任),
	// 0 for none: who decides the request's first step.
	HeadTeacherID int64
}

// HeadedBy reports whether a is the head teacher of the student's class.
func (l *Leave) HeadedBy(a *Account) bool {
	return a != nil && a.StaffID != 0 && a.StaffID == l.HeadTeacherID
}

// Days is how many calendar days the leave covers.
func (l *Leave) Days() int { return LeaveDays(l.From, l.To) }

// LeaveDays counts the calendar days from..to, inclusive (in
// time.Local); 0 when to comes before from.
func LeaveDays(from, to time.Time) int {
	// Count dates in UTC, where every day has 24 hours (a local day
	// across a daylight-saving change has 23 or 25), so the division is
	// exact: no rounding that turns a backwards span into 1 day.
	date := func(t time.Time) time.Time {
		y, m, d := t.In(time.Local).Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	n := int(date(to).Sub(date(from))/(24*time.Hour)) + 1
	return max(n, 0)
}

// LeaveStep is one decision on a request.
type LeaveStep struct {
	By       string // username
	Role     Role
	Approved bool
	Note     string
	At       time.Time
}

// LeaveDraft is a request as the teacher enters it.
type LeaveDraft struct {
	StudentID int64
	AskedBy   string
	Kind      LeaveKind
	From, To  time.Time
	Reason    string
}

// Limits of a leave request.
const (
	MaxLeaveDays   = 60
	MaxLeaveReason = 200 // characters
)

// Validate checks a draft before it is stored.
func (d LeaveDraft) Validate() error {
	switch {
	case d.StudentID == 0:
		return Errorf(EINVALID, "leave.error.student")
	case d.Kind != MarkSick && d.Kind != MarkPersonal:
		return Errorf(EINVALID, "leave.error.kind")
	case d.From.IsZero() || d.To.IsZero():
		return Errorf(EINVALID, "leave.error.dates")
	case dayOf(d.To).Before(dayOf(d.From)):
		return Errorf(EINVALID, "leave.error.order", FormatDate(d.From), FormatDate(d.To))
	case LeaveDays(d.From, d.To) > MaxLeaveDays:
		return Errorf(EINVALID, "leave.error.long", MaxLeaveDays)
	case utf8.RuneCountInString(d.Reason) > MaxLeaveReason:
		return Errorf(EINVALID, "leave.error.reason_long", MaxLeaveReason)
	}
	return nil
}

// NextLeaveState is the state after a decision by account a on a request
// in state cur of days days, or an error when a may not decide now: the
// head teacher (of the student's class: headTeacher) decides first; a
// request longer than adminDays then needs the admin or principal. An
// admin or principal who is not the head teacher may decide the first
// step too (the head teacher is away), and then the request is settled.
func NextLeaveState(a *Account, headTeacher bool, cur LeaveState, days, adminDays int, approve bool) (LeaveState, error) {
	switch {
	case !cur.Pending():
		return cur, Errorf(ECONFLICT, "leave.error.decided")
	case cur == LeavePendingHead && !headTeacher && !a.ReadsAll():
		return cur, Errorf(EFORBIDDEN, "leave.error.not_head")
	case cur == LeavePendingAdmin && !a.ReadsAll():
		return cur, Errorf(EFORBIDDEN, "leave.error.not_admin")
	case !approve:
		return LeaveRejected, nil
	case cur == LeavePendingHead && days > adminDays && !a.ReadsAll():
		return LeavePendingAdmin, nil
	}
	return LeaveApproved, nil
}

// LeaveFilter picks leave requests.
type LeaveFilter struct {
	Pending bool // only those waiting for a decision the account can make
}

// LeaveService keeps leave requests and their approval. Approved leave
// fills attendance for its days as leave. Every step has its audit row.
type LeaveService interface {
	RequestLeave(ctx context.Context, d LeaveDraft) (*Leave, error)
	Leaves(ctx context.Context, f LeaveFilter) ([]*Leave, error)
	DecideLeave(ctx context.Context, id int64, approve bool, note string) (*Leave, error)
	CancelLeave(ctx context.Context, id int64) (*Leave, error)
}
