package app

import (
	"context"
	"time"
)

// The cockpit (数字驾驶舱) is the school at a glance over a range of days:
// every figure comes from the school's own database, for the classes the
// account sees. An administrator or principal sees the whole school; a
// teacher sees their own classes, each beside its grade (the grade's
// figures are counts and rates, never another class's students). The
// classes are this school year's: a past year's class never counts.

// RangeKind is a preset of the cockpit's range picker.
type RangeKind string

// The presets of the range picker.
const (
	RangeToday  RangeKind = "today"
	RangeWeek   RangeKind = "week"  // from Monday
	RangeMonth  RangeKind = "month" // from the 1st
	RangeTerm   RangeKind = "term"  // from 1 September or 1 February
	RangeCustom RangeKind = "custom"
)

// RangeKinds lists the presets in the order the picker offers them.
var RangeKinds = []RangeKind{RangeToday, RangeWeek, RangeMonth, RangeTerm, RangeCustom}

// DateRange is a range of calendar days, both ends included.
type DateRange struct {
	From, To time.Time
}

// MaxRangeDays is the longest range the cockpit computes: a school year.
const MaxRangeDays = 366

// RangeOf is the range of a preset that ends on the day today: today
// alone, the week from Monday, the month from the 1st, or the term (the
// first from 1 September to 31 January, the second from 1 February to 31
// July; August belongs to the second). RangeCustom gives today alone.
func RangeOf(kind RangeKind, today time.Time) DateRange {
	t := dayOf(today)
	from := t
	switch kind {
	case RangeWeek:
		from = t.AddDate(0, 0, -((int(t.Weekday()) + 6) % 7))
	case RangeMonth:
		from = time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, t.Location())
	case RangeTerm:
		switch m := t.Month(); {
		case m >= time.September:
			from = time.Date(t.Year(), time.September, 1, 0, 0, 0, 0, t.Location())
		case m == time.January:
			from = time.Date(t.Year()-1, time.September, 1, 0, 0, 0, 0, t.Location())
		default:
			from = time.Date(t.Year(), time.February, 1, 0, 0, 0, 0, t.Location())
		}
	}
	return DateRange{From: from, To: t}
}

// Validate checks a range: From not after To, at most MaxRangeDays.
func (r DateRange) Validate() error {
	from, to := dayOf(r.From), dayOf(r.To)
	switch {
	case r.From.IsZero() || r.To.IsZero():
		return Errorf(EINVALID, "cockpit.error.range_missing")
	case from.After(to):
		return Errorf(EINVALID, "cockpit.error.range_order", FormatDate(from), FormatDate(to))
	case to.Sub(from) > MaxRangeDays*24*time.Hour:
		return Errorf(EINVALID, "cockpit.error.range_long", MaxRangeDays)
	}
	return nil
}

// TrendDays is how many days the attendance trend shows, ending on the
// range's last day.
const TrendDays = 30

// Cockpit is every figure of the cockpit page (and of `jxj cockpit`) for
// one range.
type Cockpit struct {
	Range DateRange
	// Teacher: the figures are of the account's own classes, with their
	// grades beside them (Attendance.ByGrade, Roster.ByGrade, Exam.All);
	// else of the whole school.
	Teacher bool

	Attendance CockpitAttendance
	Roster     CockpitRoster
	Notices    CockpitNotices
	Homework   []HomeworkRate // homework due in the range, by class and subject
	Forms      []FormRate     // surveys and chains open in the range, closing soonest first
	Exam       *CockpitExam   // the latest exam up to the range's end; nil for none
	ToDo       CockpitToDo
	// Sync is the link to the bureau's hub, its credential left out: not
	// Enrolled until the school enrols. Nil only from a fake that has
	// none.
	Sync *SyncState
}

// CockpitAttendance is attendance in the range.
type CockpitAttendance struct {
	// Today is the range's last day: 应到 (Sessions) and 实到 (Present).
	Today AttendanceCounts
	// Trend has one entry per day with a roll call in the TrendDays days
	// that end on the range's last day, oldest first.
	Trend []DayCounts
	// ByClass is each class's rate over the range (its roll calls' student
	// sessions and exceptions), lowest rate first; classes that took no
	// roll call in the range are left out (see NotTaken for today).
	ByClass []RateRow
	// ByGrade is each grade's rate over the range, with boys and girls
	// apart; a teacher gets the grades of their classes, over all of each
	// grade's classes.
	ByGrade []GradeAttendance
	// NotTaken are the classes with no roll call on the range's last day.
	NotTaken []*Class
	// Absent are the students absent (without leave) on each of the
	// AlertDays school days up to the range's last day.
	Absent    []AbsenceAlert
	AlertDays int
}

// DayCounts are the attendance counts of one day.
type DayCounts struct {
	Day    time.Time
	Counts AttendanceCounts
}

// GradeAttendance is a grade's attendance, all and by gender (students
// with no gender recorded count in All only). A gender's sessions are its
// students now on each class's roll, once per roll call.
type GradeAttendance struct {
	Grade             int
	All, Male, Female AttendanceCounts
}

// CockpitRoster is the school's size: students on the roll by grade and
// class, and staff. Students and Staff are the whole school's for every
// account; a teacher's ByGrade and Classes are of their own classes.
type CockpitRoster struct {
	Students int
	// Staff is the teaching staff: those with a subject, or teaching or
	// heading a class of this year. 生师比 is Students per Staff.
	Staff   int
	ByGrade []GradeCount
	Classes []ClassSize // grade and class order
	Lines   ClassSizeLines
}

// StudentsPerTeacher is 生师比: students per teacher, 0 without staff.
func (r CockpitRoster) StudentsPerTeacher() float64 {
	if r.Staff == 0 {
		return 0
	}
	return float64(r.Students) / float64(r.Staff)
}

// GradeCount is a grade's students and classes.
type GradeCount struct {
	Grade             int
	Students, Classes int
}

// ClassSize is a class's students on the roll.
type ClassSize struct {
	ClassID    int64
	ClassLabel string
	Grade      int
	Students   int
}

// ClassSizeLines are the class sizes the cockpit draws as lines: the
// standard size, 大班额 and 超大班额. They are a school setting.
type ClassSizeLines struct {
	Standard, Large, Huge int
}

// DefaultClassSizeLines are the national lines: 45 a class in primary
// school, 56 大班额, 66 超大班额.
var DefaultClassSizeLines = ClassSizeLines{Standard: 45, Large: 56, Huge: 66}

// Validate checks that the lines rise: 1 ≤ Standard < Large < Huge ≤ 200.
func (l ClassSizeLines) Validate() error {
	if l.Standard < 1 || l.Standard >= l.Large || l.Large >= l.Huge || l.Huge > 200 {
		return Errorf(EINVALID, "cockpit.error.size_lines")
	}
	return nil
}

// CockpitNotices are the notices still open: published, not revoked,
// asking for acknowledgements, with the deadline not past (or none).
type CockpitNotices struct {
	Open []NoticeRate // newest first
	// ToReach is how many families have not acknowledged one of them: the
	// call list behind it is each notice's unacknowledged receipts.
	ToReach int
}

// NoticeRate is an open notice's family receipts (a staff member's are
// not counted), in all and by class.
type NoticeRate struct {
	NoticeID int64
	Title    string
	Deadline time.Time // zero for none
	Counts   ReceiptCounts
	Classes  []ClassProgress // the classes the account sees, in class order
}

// HomeworkRate is the completion of the homework of one subject in one
// class, due in the range: each piece asks the students on the class's
// roll; a record of a student who has left since still counts.
type HomeworkRate struct {
	ClassID    int64
	ClassLabel string
	Subject    string
	Homework   int // pieces of homework
	Counts     CompletionCounts
}

// FormRate is a survey or chain and how many of its students answered.
type FormRate struct {
	FormID   int64
	Title    string
	Kind     FormKind
	Deadline time.Time // zero for none
	Answered int
	Expected int
}

// CockpitExam is the latest exam's statistics, per class and subject:
// averages, 及格率, 优秀率 and score bands. It holds no student's result
// and no ranking.
type CockpitExam struct {
	Exam    *Exam
	Classes []GroupStats // the classes the account sees
	// All is the exam over all its classes of the grades the account
	// sees (for a teacher: their grade beside their class).
	All GroupStats
}

// CockpitToDo counts what waits for someone, with the lists behind the
// data-quality counts.
type CockpitToDo struct {
	LeavesWaiting   int // leave requests the account may decide
	Drafts          int // notice drafts of the account (all, for an administrator)
	BureauToConfirm int // bureau notices not confirmed yet (0 for a teacher, who may not)
	BureauToForward int // bureau notices not forwarded yet (0 for a teacher)
	// BureauItems: bureau surveys to answer and 催办 not done, as the
	// workbench lists them (BureauTodo; 0 for a teacher)
	BureauItems int
	// NoGuardianPhone are the students on the roll without any guardian
	// phone; NoHeadTeacher the classes of this year without a head
	// teacher.
	NoGuardianPhone []DirectoryEntry
	NoHeadTeacher   []*Class
}

// BureauWaiting is what the bureau waits for from the school: notices to
// confirm or forward, surveys to answer, 催办 not done.
func (t CockpitToDo) BureauWaiting() int {
	return t.BureauToConfirm + t.BureauToForward + t.BureauItems
}

// CockpitService computes the cockpit.
type CockpitService interface {
	// Cockpit computes every figure for range r, for the acting account.
	Cockpit(ctx context.Context, r DateRange) (*Cockpit, error)
	// ClassSizeLines reads the class size lines; SetClassSizeLines
	// changes them (administrator).
	ClassSizeLines(ctx context.Context) (ClassSizeLines, error)
	SetClassSizeLines(ctx context.Context, l ClassSizeLines) error
}
