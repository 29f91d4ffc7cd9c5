package app

import (
	"context"
	"time"
)

// Mark is a student's attendance at one roll call (考勤). Present is the
// default: a roll call records only the exceptions.
type Mark string

// The marks a teacher gives with one click or key.
const (
	MarkPresent  Mark = ""
	MarkAbsent   Mark = "absent"   // 缺勤 (旷课)
	MarkLate     Mark = "late"     // 迟到
	MarkEarly    Mark = "early"    // 早退
	MarkSick     Mark = "sick"     // 病假
	MarkPersonal Mark = "personal" // 事假
)

// Marks lists the marks in the roll call's order (and its keys 1–6).
var Marks = []Mark{MarkPresent, MarkAbsent, MarkLate, MarkEarly, MarkSick, MarkPersonal}

// Valid reports whether m is one of Marks.
func (m Mark) Valid() bool {
	for _, v := range Marks {
		if m == v {
			return true
		}
	}
	return false
}

// OnLeave reports whether m is a leave (sick or personal).
func (m Mark) OnLeave() bool { return m == MarkSick || m == MarkPersonal }

// Session is the part of the day a roll call covers. A school that takes
// attendance once a day uses SessionDay; one that takes it morning and
// afternoon uses SessionAM and SessionPM (a school setting).
type Session string

// The sessions.
const (
	SessionDay Session = "day"
	SessionAM  Session = "am"
	SessionPM  Session = "pm"
)

// Sessions returns the sessions of a day for a school that takes
// attendance twice a day (split) or once.
func Sessions(split bool) []Session {
	if split {
		return []Session{SessionAM, SessionPM}
	}
	return []Session{SessionDay}
}

// RollCallEntry is one student's line of a roll call.
type RollCallEntry struct {
	StudentID   int64
	StudentName string
	StudentNo   string
	Mark        Mark
	Reason      string
	// LeaveID is the approved leave that gave the mark; 0 for a mark the
	// teacher gave.
	LeaveID int64
}

// RollCall is a class's attendance for one day and session.
type RollCall struct {
	ClassID    int64
	ClassLabel string
	Day        time.Time // a calendar day
	Session    Session
	Taken      bool // saved at least once; otherwise every mark comes from leave
	TakenBy    string
	TakenAt    time.Time
	Entries    []RollCallEntry // number order
}

// RollCallMark is a mark as the roll call saves it.
type RollCallMark struct {
	StudentID int64
	Mark      Mark
	Reason    string
}

// Limits on what attendance stores.
const MaxMarkReason = 100 // characters

// AttendanceCounts counts student-sessions by mark.
type AttendanceCounts struct {
	Sessions                            int // student-sessions expected (students × sessions taken)
	Absent, Late, Early, Sick, Personal int
}

// Add counts one student-session with mark m.
func (c *AttendanceCounts) Add(m Mark) {
	c.Sessions++
	switch m {
	case MarkAbsent:
		c.Absent++
	case MarkLate:
		c.Late++
	case MarkEarly:
		c.Early++
	case MarkSick:
		c.Sick++
	case MarkPersonal:
		c.Personal++
	}
}

// Plus returns the sum of two counts.
func (c AttendanceCounts) Plus(o AttendanceCounts) AttendanceCounts {
	return AttendanceCounts{Sessions: c.Sessions + o.Sessions, Absent: c.Absent + o.Absent, Late: c.Late + o.Late,
		Early: c.Early + o.Early, Sick: c.Sick + o.Sick, Personal: c.Personal + o.Personal}
}

// Present is how many student-sessions the student was there for: late
// and early leave count as present (出勤), absence and leave do not.
func (c AttendanceCounts) Present() int { return c.Sessions - c.Absent - c.Sick - c.Personal }

// Rate is the attendance rate (出勤率) in [0, 1]; 0 when nothing was
// taken.
func (c AttendanceCounts) Rate() float64 {
	if c.Sessions == 0 {
		return 0
	}
	return float64(c.Present()) / float64(c.Sessions)
}

// RateLevel is what attendance rates are grouped by.
type RateLevel string

// The levels.
const (
	RateSchool  RateLevel = "school"
	RateGrade   RateLevel = "grade"
	RateClass   RateLevel = "class"
	RateStudent RateLevel = "student"
)

// RateRow is the attendance of one school, grade, class or student over
// a period.
type RateRow struct {
	Level RateLevel
	ID    int64 // grade number, class id or student id; 0 for the school
	// Within is the row one level up: a class's grade number, a
	// student's class id; 0 for a school or grade row.
	Within int64
	Label  string
	Counts AttendanceCounts
}

// AbsenceAlert is a student absent several school days in a row up to
// the day asked about, for the call list: with the guardians, phones
// masked by role.
type AbsenceAlert struct {
	StudentID   int64
	StudentName string
	StudentNo   string
	ClassID     int64
	ClassLabel  string
	Days        int       // consecutive days absent (without leave)
	Since       time.Time // the first of them
	Guardians   []GuardianContact
}

// DefaultAlertDays is how many days absent in a row put a student on the
// alert list, unless the school changes it.
const DefaultAlertDays = 3

// MonthSheet is a class's month of attendance in the common 考勤表 layout:
// students down, days across, totals at the right.
type MonthSheet struct {
	ClassID    int64
	ClassLabel string
	Month      time.Time // the first day of the month
	Days       []time.Time
	Sessions   []Session
	Students   []MonthRow
}

// MonthRow is one student's line of the month sheet; Marks has one entry
// per day and session (day-major), "" for present or not taken.
type MonthRow struct {
	StudentID   int64
	StudentName string
	StudentNo   string
	Marks       []Mark
	Taken       []bool // whether each day and session was taken
	Counts      AttendanceCounts
}

// AttendanceSettings are the school's attendance rules.
type AttendanceSettings struct {
	SplitDay  bool // morning and afternoon roll calls
	AlertDays int  // consecutive days absent that raise an alert
	// LeaveDaysForAdmin: leave longer than this many days also needs
	// the admin or principal after the head teacher.
	LeaveDaysForAdmin int
}

// DefaultLeaveDaysForAdmin is the default of LeaveDaysForAdmin.
const DefaultLeaveDaysForAdmin = 3

// AttendanceService keeps roll calls. A teacher takes the roll of their
// own classes; admin and principal see the whole school. Each save is
// written with its audit row in one transaction.
type AttendanceService interface {
	Settings(ctx context.Context) (*AttendanceSettings, error)
	SaveSettings(ctx context.Context, s AttendanceSettings) error
	// RollCall returns the class's roll call for day and session, with
	// approved leave filled in where the teacher has not marked.
	RollCall(ctx context.Context, classID int64, day time.Time, s Session) (*RollCall, error)
	// SaveRollCall replaces the class's marks for day and session (saving
	// twice updates). A student not in the class or an unknown mark is
	// EINVALID and nothing is saved.
	SaveRollCall(ctx context.Context, classID int64, day time.Time, s Session, marks []RollCallMark) (*RollCall, error)
	// Rates sums attendance from..to (calendar days, inclusive) at a
	// level, over the roll calls taken.
	Rates(ctx context.Context, from, to time.Time, level RateLevel) ([]RateRow, error)
	// NotTaken lists the classes with no roll call on day (any session).
	NotTaken(ctx context.Context, day time.Time) ([]*Class, error)
	// AbsenceAlerts lists students absent at least days school days in a
	// row up to day.
	AbsenceAlerts(ctx context.Context, day time.Time, days int) ([]AbsenceAlert, error)
	// MonthSheet returns a class's month (month's first day).
	MonthSheet(ctx context.Context, classID int64, month time.Time) (*MonthSheet, error)
}
