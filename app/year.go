package app

import (
	"context"
	"time"

	"jxj/app/i18n"
)

// A school year (学年) starts in August: 2026 is the 2026–2027 year. The
// newest year a school has is its current one; classes belong to a year,
// and 升年级 (Rollover) starts the next.
const yearStartMonth = time.August

// SchoolYearOf returns the school year a day falls in.
func SchoolYearOf(t time.Time) int {
	if t.Month() < yearStartMonth {
		return t.Year() - 1
	}
	return t.Year()
}

// SchoolYearName is a school year as people write it: 2026—2027学年.
func SchoolYearName(start int) string {
	return i18n.T("year.name", start, start+1)
}

// SchoolYear is one school year of the school.
type SchoolYear struct {
	Start     int       // 2026 for 2026–2027
	StartedAt time.Time // when it began in jxj
	Current   bool
}

// Name is the year as people write it.
func (y SchoolYear) Name() string { return SchoolYearName(y.Start) }

// TopGrade is the grade that graduates in a school of kind k when no
// class of a higher grade says otherwise (a 九年一贯制 school registered
// as primary has grade 9 classes).
func TopGrade(k OrgKind) int {
	switch k {
	case OrgPrimary:
		return 6
	case OrgMiddle:
		return 9
	case OrgKindergarten:
		return 3
	}
	return MaxGrade
}

// Rollover is the plan of 升年级: every class of the current year moves up
// a grade into the next year, with its head teacher, teachers and active
// students; the classes of the top grade graduate instead (their students'
// records are kept, out of the active directory). Students who are
// suspended or transferred out stay in last year's class.
type Rollover struct {
	From, To  int // school years
	TopGrade  int
	Moves     []ClassMove // classes that move up
	Graduates []ClassMove // classes of the top grade; To is empty
	Moved     int         // students who move up with their class
	Graduated int         // students who graduate
	Staying   int         // suspended or transferred students left in last year's class
	// Early: the next year has not begun (it starts in August), so
	// Rollover refuses for now
	Early bool
}

// ClassMove is one class in a rollover: its label this year and next.
type ClassMove struct {
	ClassID  int64
	From, To string
	Students int // active students
}

// RolloverOptions are the choices of a rollover; the zero value takes the
// defaults.
type RolloverOptions struct {
	// TopGrade is the grade that graduates; 0 for the school's (TopGrade
	// of its kind, or the highest grade of its classes).
	TopGrade int
}

// YearService reads the school years and starts a new one.
type YearService interface {
	// SchoolYears returns the school's years, the current one first.
	SchoolYears(ctx context.Context) ([]SchoolYear, error)
	// ClassesOfYear returns the classes of a school year (Classes gives
	// the current year's).
	ClassesOfYear(ctx context.Context, year int) ([]*Class, error)
	// PlanRollover says what Rollover would do, writing nothing.
	PlanRollover(ctx context.Context, opts RolloverOptions) (*Rollover, error)
	// Rollover starts the next school year; admin only. It is refused
	// before the next year has begun (August), so that a second click
	// cannot move every class up twice.
	Rollover(ctx context.Context, opts RolloverOptions) (*Rollover, error)
}

// StudentStatus is where a student stands with the school.
type StudentStatus string

// The statuses of a student. Only active students are on the roll (the
// directory, roll calls, new notices); the others keep their records.
const (
	StatusActive      StudentStatus = "active"      // 在读
	StatusSuspended   StudentStatus = "suspended"   // 休学
	StatusTransferred StudentStatus = "transferred" // 转出
	StatusGraduated   StudentStatus = "graduated"   // 毕业
)

// Left reports whether the status takes a student off the roll; the zero
// status is on it.
func (s StudentStatus) Left() bool { return s != "" && s != StatusActive }

// Label is the status in the current language.
func (s StudentStatus) Label() string { return i18n.T("student.status." + string(s)) }

// StatusChange is a change of students' status one by one or by a list:
// 转出 and 休学 take them off the roll; 转入 (also for 复学) puts them
// back on it, into a class of the current year.
type StatusChange struct {
	StudentIDs []int64
	To         StudentStatus // StatusActive, StatusSuspended or StatusTransferred
	ClassID    int64         // StatusActive: the class they join
	Note       string        // why, e.g. 转至城关二小
}

// StudentService changes students' status.
type StudentService interface {
	// SetStatus applies a status change to every student named, in one
	// transaction with its audit rows; admin only.
	SetStatus(ctx context.Context, c StatusChange) error
	// FormerStudents lists the students who are not on the roll, for the
	// directory's 已离校 view: graduated, transferred or suspended, with
	// their last class; phones are masked for the account.
	FormerStudents(ctx context.Context) ([]DirectoryEntry, error)
}

// CheckStatusChange checks that a student named name may move from one
// status to another: a graduate's record is closed, and a change must
// change something.
func CheckStatusChange(name string, from, to StudentStatus) error {
	switch {
	case from == StatusGraduated:
		return Errorf(ECONFLICT, "student.error.graduated", name)
	case from == to:
		return Errorf(EINVALID, "student.error.same_status", name, to.Label())
	}
	return nil
}
