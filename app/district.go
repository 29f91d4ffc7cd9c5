package app

import (
	"context"
	"time"
)

// The figures that feed the district cockpit (数字驾驶舱). Each school
// sends up, per day, counts only: never a name, a student number, a phone
// or a local id of a person (sync/PROTOCOL.md, "Daily aggregates").

// DayStats is a school's daily aggregate: a snapshot of one day that a
// newer one replaces on the hub.
type DayStats struct {
	Day  string // DateLayout, the school's calendar day
	Made int64  // device time the snapshot was made, Unix seconds: data only
	// Groups are the counts per grade and gender: students on the roll
	// when the snapshot was made, and that day's attendance.
	Groups []DayGroup
	// Classes are the sizes of this school year's classes (no names).
	Classes []ClassCount
	// Teachers is the teaching staff (as the school's cockpit counts
	// them); staff have no gender in jxj.
	Teachers int
	// Covered is how many students are in the classes whose roll was
	// taken that day: the school reported for them.
	Covered int
	// CallsTaken and CallsExpected are the roll calls taken that day and
	// those due (classes × sessions a day).
	CallsTaken, CallsExpected int
	// Streaks[i] counts the students absent exactly i+1 school days in a
	// row up to Day, as the school's AbsenceAlerts count them; the last
	// entry also counts longer streaks.
	Streaks []int
}

// DayGroup is one grade and gender of a day's aggregate. Expected counts
// student-sessions of the roll calls taken (a school that calls the roll
// morning and afternoon counts a student twice); late and early leave
// count as present.
type DayGroup struct {
	Grade    int    // 1–12
	Gender   string // GenderMale, GenderFemale, or "" when not given
	Students int
	Expected int
	Absent   int
	Leave    int // sick and personal leave
}

// Present is the student-sessions there: neither absent nor on leave.
func (g DayGroup) Present() int { return g.Expected - g.Absent - g.Leave }

// ClassCount is a class's grade and size in a daily aggregate.
type ClassCount struct {
	Grade    int
	Students int
}

// Limits of a daily aggregate the hub accepts: twice the largest school
// jxj is built for, and a streak histogram of the days AbsenceAlerts
// looks back.
const (
	MaxStatsCount   = 100000
	MaxStatsClasses = 1000
	MaxStreakDays   = 31
)

// Students is the school's students on the roll.
func (d *DayStats) Students() int {
	n := 0
	for _, g := range d.Groups {
		n += g.Students
	}
	return n
}

// Totals sums the day's attendance over grades and genders.
func (d *DayStats) Totals() DayGroup {
	var t DayGroup
	for _, g := range d.Groups {
		t.Students += g.Students
		t.Expected += g.Expected
		t.Absent += g.Absent
		t.Leave += g.Leave
	}
	return t
}

// Validate checks an aggregate as the hub receives it: a real day, known
// grades and genders each once, counts in range, absences and leave
// within what was expected. The error says what is wrong.
func (d *DayStats) Validate() error {
	if _, err := ParseDate(d.Day); err != nil || len(d.Day) != len(DateLayout) {
		return Errorf(EINVALID, "district.error.day", d.Day)
	}
	count := func(n int) bool { return n >= 0 && n <= MaxStatsCount }
	seen := map[DayGroup]bool{}
	for _, g := range d.Groups {
		key := DayGroup{Grade: g.Grade, Gender: g.Gender}
		if g.Grade < 1 || g.Grade > 12 || (g.Gender != GenderMale && g.Gender != GenderFemale && g.Gender != "") || seen[key] {
			return Errorf(EINVALID, "district.error.group", g.Grade, g.Gender)
		}
		seen[key] = true
		if !count(g.Students) || !count(g.Expected) || !count(g.Absent) || !count(g.Leave) || g.Absent+g.Leave > g.Expected {
			return Errorf(EINVALID, "district.error.counts", g.Grade, g.Gender)
		}
	}
	if len(d.Classes) > MaxStatsClasses || len(d.Streaks) > MaxStreakDays {
		return Errorf(EINVALID, "district.error.too_long")
	}
	for _, c := range d.Classes {
		if c.Grade < 1 || c.Grade > 12 || !count(c.Students) {
			return Errorf(EINVALID, "district.error.class", c.Grade, c.Students)
		}
	}
	for _, n := range []int{d.Teachers, d.Covered, d.CallsTaken, d.CallsExpected} {
		if !count(n) {
			return Errorf(EINVALID, "district.error.totals")
		}
	}
	for _, n := range d.Streaks {
		if !count(n) {
			return Errorf(EINVALID, "district.error.totals")
		}
	}
	return nil
}

// DayStatsQueuer is a school store that makes its daily aggregates: the
// sync client asks it before each push, so the snapshots of today and of
// every day whose roll calls changed go up in that run.
type DayStatsQueuer interface {
	// QueueDayStats writes the snapshots due to the outbox, each
	// replacing one of the same day still waiting, and returns how many.
	QueueDayStats(ctx context.Context) (int, error)
}

// DistrictService is what the bureau's console and `jxj hub cockpit`
// read: the district cockpit's figures.
type DistrictService interface {
	// DistrictCockpit computes every figure of the cockpit for q.
	DistrictCockpit(ctx context.Context, q DistrictQuery) (*DistrictCockpit, error)
}

// CockpitScope is what a figure covers: the county (zero), one
// township (学区), or one school.
type CockpitScope struct {
	Township string
	OrgID    int64
}

// Covers reports whether the scope includes o.
func (s CockpitScope) Covers(o DistrictOrg) bool {
	return (s.OrgID == 0 || s.OrgID == o.ID) && (s.Township == "" || s.Township == o.Township)
}

// DistrictQuery says which figures to compute.
type DistrictQuery struct {
	Scope    CockpitScope
	From, To time.Time // calendar days, both included; zero: the 30 days to today
	// StaleDays: a school whose last sync is older is flagged (4).
	StaleDays int
	// RatioAbove: schools with more students per teacher are flagged (6).
	RatioAbove float64
	// ReachBelow: schools below this share of families reached (read,
	// or acknowledged when the notice asks for it) are listed (7).
	ReachBelow float64
	// AbsentDays: students absent this many school days in a row (8).
	AbsentDays int
	// Weeks of the long-absence series (8).
	Weeks int
	// Notices: the latest bureau notices the reach figure covers (7).
	Notices int
}

// The defaults of a DistrictQuery.
const (
	DefaultRangeDays  = 30
	DefaultStaleDays  = 3
	DefaultRatioAbove = 19.0 // 生师比 of the national primary-school standard
	DefaultReachBelow = 0.8
	DefaultWeeks      = 12
	DefaultNotices    = 10
	// ReportShare: a school reported a day when its roll calls covered
	// more than this share of its students.
	ReportShare = 0.5
)

// WithDefaults fills what q leaves zero, with today the day of now.
func (q DistrictQuery) WithDefaults(now time.Time) DistrictQuery {
	if q.To.IsZero() {
		q.To = dayOf(now)
	}
	q.To = dayOf(q.To)
	if q.From.IsZero() {
		q.From = q.To.AddDate(0, 0, -(DefaultRangeDays - 1))
	}
	q.From = dayOf(q.From)
	if q.StaleDays <= 0 {
		q.StaleDays = DefaultStaleDays
	}
	if q.RatioAbove <= 0 {
		q.RatioAbove = DefaultRatioAbove
	}
	if q.ReachBelow <= 0 {
		q.ReachBelow = DefaultReachBelow
	}
	if q.AbsentDays <= 0 {
		q.AbsentDays = DefaultAlertDays
	}
	if q.Weeks <= 0 {
		q.Weeks = DefaultWeeks
	}
	if q.Notices <= 0 {
		q.Notices = DefaultNotices
	}
	return q
}

// Validate checks the range: in order and at most a school year.
func (q DistrictQuery) Validate() error {
	r := DateRange{From: q.From, To: q.To}
	return r.Validate()
}

// ReadFrom is the first day whose aggregates the figures need: the
// range's, the 30-day series' and the long-absence weeks'.
func (q DistrictQuery) ReadFrom() time.Time {
	from := q.From
	for _, d := range []time.Time{q.To.AddDate(0, 0, -(DefaultRangeDays - 1)), WeekStart(q.To).AddDate(0, 0, -7*(q.Weeks-1))} {
		if d.Before(from) {
			from = d
		}
	}
	return from
}

// WeekStart is the Monday of t's week.
func WeekStart(t time.Time) time.Time {
	t = dayOf(t)
	return t.AddDate(0, 0, -((int(t.Weekday()) + 6) % 7))
}

// DistrictOrg is a school or training institution as the cockpit lists
// it; LastSync is zero for one that never synced.
type DistrictOrg struct {
	ID       int64
	Name     string
	Kind     OrgKind
	Township string
	LastSync time.Time
}

// TakesAttendance reports whether the org counts in the attendance
// figures: schools do, training institutions keep no roll.
func (o DistrictOrg) TakesAttendance() bool { return o.Kind != OrgTraining }

// FigureHead is what every figure carries: what it covers and 数据截至,
// the latest sync of the schools it covers (zero when none synced).
type FigureHead struct {
	Scope CockpitScope
	AsOf  time.Time
}

// DistrictCockpit is every figure of the district cockpit.
type DistrictCockpit struct {
	Query       DistrictQuery
	Orgs        OrgFigure
	Roster      RosterFigure
	Reporting   ReportingFigure
	Freshness   FreshnessFigure
	Attendance  AttendanceFigure
	Ratio       RatioFigure
	Reach       ReachFigure
	LongAbsence LongAbsenceFigure
	Requests    RequestsFigure // 局校审批 (request_figures.go)
}

// KeyCount is a count by a key: a kind, a township.
type KeyCount struct {
	Key string
	N   int
}

// OrgFigure is 学校和培训机构分布 (1).
type OrgFigure struct {
	FigureHead
	Total      int
	ByKind     []KeyCount // in OrgKinds order, kinds with none left out
	ByTownship []KeyCount // by name; "" is no township
	Table      []TownshipKind
}

// TownshipKind is the count of one kind in one township.
type TownshipKind struct {
	Township string
	Kind     OrgKind
	N        int
}

// RosterFigure is students, classes and teachers (2), from each school's
// latest aggregate.
type RosterFigure struct {
	FigureHead
	Students, Classes, Teachers int
	ByGrade                     []GradeGender
	Schools                     []SchoolRoster // by name
}

// GradeGender counts students of one grade by gender.
type GradeGender struct {
	Grade                 int
	Male, Female, Unknown int
}

// Total is the grade's students.
func (g GradeGender) Total() int { return g.Male + g.Female + g.Unknown }

// SchoolRoster is one school's size, from its latest aggregate (Day).
type SchoolRoster struct {
	Org                         DistrictOrg
	Day                         string
	Students, Classes, Teachers int
	ClassSizes                  []ClassCount
}

// ReportingFigure is 上报率 (3): the share of school days in the range on
// which a school's roll calls covered more than half its students. The
// school days are the weekdays of the range and any day a school in scope
// reported. A school that never sent a figure did not report.
type ReportingFigure struct {
	FigureHead
	SchoolDays int
	Rate       float64 // reported school-days / (schools × SchoolDays)
	Schools    int
	Missing    []SchoolReport // schools that missed a day, fewest reported first
}

// SchoolReport is how many of the range's school days a school reported.
type SchoolReport struct {
	Org      DistrictOrg
	Reported int
	Missed   int
}

// FreshnessFigure is sync freshness (4): the schools whose last sync is
// older than StaleDays, never-synced first, then oldest first.
type FreshnessFigure struct {
	FigureHead
	StaleDays int
	Stale     []DistrictOrg
}

// AttendanceFigure is 出席到课率 (5). A day without roll calls has no
// rate (HasData false), never 0 %.
type AttendanceFigure struct {
	FigureHead
	Counts  AttendanceSum
	Daily   []DayAttendance    // the 30 days to the range's end
	Schools []SchoolAttendance // lowest rate first; schools without data left out
	ByGroup []GroupAttendance  // by grade, then gender
}

// AttendanceSum sums student-sessions.
type AttendanceSum struct {
	Expected, Absent, Leave int
}

// Present is the student-sessions there.
func (s AttendanceSum) Present() int { return s.Expected - s.Absent - s.Leave }

// HasData reports whether any roll call was taken.
func (s AttendanceSum) HasData() bool { return s.Expected > 0 }

// Rate is the attendance rate in [0, 1]; 0 without data (check HasData).
func (s AttendanceSum) Rate() float64 {
	if s.Expected == 0 {
		return 0
	}
	return float64(s.Present()) / float64(s.Expected)
}

func (s *AttendanceSum) add(g DayGroup) {
	s.Expected += g.Expected
	s.Absent += g.Absent
	s.Leave += g.Leave
}

// DayAttendance is one day of the series.
type DayAttendance struct {
	Day string
	AttendanceSum
}

// SchoolAttendance is one school's attendance over the range.
type SchoolAttendance struct {
	Org DistrictOrg
	AttendanceSum
}

// GroupAttendance is one grade and gender's attendance over the range.
type GroupAttendance struct {
	Grade  int
	Gender string
	AttendanceSum
}

// RatioFigure is 师生比 and class sizes (6), from each school's latest
// aggregate.
type RatioFigure struct {
	FigureHead
	Threshold float64
	Above     int           // schools above the threshold
	Schools   []SchoolRatio // most students per teacher first
	// AvgClass is the average class size of the schools in scope.
	AvgClass float64
	// Large and Huge count classes of 56 and more (大班额) and of 66 and
	// more (超大班额); Large includes Huge.
	Large, Huge int
	Oversized   []SchoolRatio // schools with a class of 56 or more, most first
}

// SchoolRatio is one school's students per teacher and class sizes.
type SchoolRatio struct {
	Org               DistrictOrg
	Students          int
	Teachers          int
	Ratio             float64 // students per teacher; 0 without teachers
	Above             bool
	Classes           int
	AvgClass          float64
	Large, Huge, Most int // classes of 56+, 66+, the largest class
}

// ReachFigure is 查阅情况统计 (7): the latest bureau notices and how far
// each reached at each school it was sent to.
type ReachFigure struct {
	FigureHead
	Below   float64
	Notices []NoticeReach // newest first
}

// NoticeReach is one bureau notice's reach.
type NoticeReach struct {
	ID          int64
	Title       string
	RequiresAck bool
	PublishedAt time.Time
	Schools     []SchoolReach // by name
	Below       []SchoolReach // lowest share first
	// Totals over the schools it was sent to.
	Sent, Confirmed, Forwarded int
	Families, Read, Acked      int
}

// SchoolReach is one school's progress with a bureau notice.
type SchoolReach struct {
	Org                  DistrictOrg
	Confirmed, Forwarded bool
	Families, Read, Ack  int
}

// Share is the part of the families the notice reached: acknowledged
// when it asks for it, else read; 0 before the school forwarded it.
func (s SchoolReach) Share(requiresAck bool) float64 {
	if s.Families == 0 {
		return 0
	}
	n := s.Read
	if requiresAck {
		n = s.Ack
	}
	return float64(n) / float64(s.Families)
}

// LongAbsenceFigure is long absences (8): students absent Days school
// days in a row, per school on its latest report in the range, and a
// weekly series (each school's last report of the week).
type LongAbsenceFigure struct {
	FigureHead
	Days    int
	Total   int
	Schools []SchoolCount // most first; schools with none left out
	Weekly  []WeekCount
}

// SchoolCount is a count at one school, as of its report of Day.
type SchoolCount struct {
	Org DistrictOrg
	Day string
	N   int
}

// WeekCount is one week's count; Week is its Monday.
type WeekCount struct {
	Week time.Time
	N    int
}

// LongAbsent counts the students of a streak histogram absent at least
// days school days in a row.
func LongAbsent(streaks []int, days int) int {
	n := 0
	for i, c := range streaks {
		if i+1 >= days {
			n += c
		}
	}
	return n
}
