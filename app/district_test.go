package app

import (
	"slices"
	"testing"
	"time"
)

func mustDay(s string) time.Time {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// handDistrict is a small district with known answers: 城关一小 syncs
// every day; 城关中学 synced once, ten days ago; 河口小学 never synced;
// 阳光培训 is a training institution (no roll calls).
func handDistrict() (*DistrictData, DistrictQuery) {
	now := time.Date(2026, 11, 20, 10, 0, 0, 0, time.Local)
	yi := DistrictOrg{ID: 1, Name: "城关一小", Kind: OrgPrimary, Township: "城关镇", LastSync: now.Add(-time.Hour)}
	zhong := DistrictOrg{ID: 2, Name: "城关中学", Kind: OrgMiddle, Township: "城关镇", LastSync: now.AddDate(0, 0, -10)}
	hekou := DistrictOrg{ID: 3, Name: "河口小学", Kind: OrgPrimary, Township: "河口乡"}
	peixun := DistrictOrg{ID: 4, Name: "阳光培训", Kind: OrgTraining, Township: "河口乡", LastSync: now.Add(-2 * time.Hour)}
	d := &DistrictData{Now: now, Orgs: []DistrictOrg{hekou, zhong, peixun, yi}, Latest: map[int64]*DayStats{
		1: {Day: "2026-11-20", Teachers: 2, Groups: []DayGroup{
			{Grade: 1, Gender: GenderMale, Students: 20}, {Grade: 1, Gender: GenderFemale, Students: 20},
			{Grade: 2, Gender: GenderMale, Students: 10}, {Grade: 2, Gender: GenderFemale, Students: 10}},
			Classes: []ClassCount{{Grade: 1, Students: 40}, {Grade: 2, Students: 20}}},
		2: {Day: "2026-11-10", Teachers: 7, Groups: []DayGroup{
			{Grade: 7, Gender: GenderMale, Students: 40}, {Grade: 7, Gender: GenderFemale, Students: 30}},
			Classes: []ClassCount{{Grade: 7, Students: 70}}},
	}}
	full := []DayGroup{{Grade: 1, Gender: GenderMale, Expected: 20, Absent: 3}, {Grade: 1, Gender: GenderFemale, Expected: 20, Leave: 3},
		{Grade: 2, Gender: GenderMale, Expected: 10}, {Grade: 2, Gender: GenderFemale, Expected: 10}}
	for _, day := range []string{"2026-11-16", "2026-11-17", "2026-11-18", "2026-11-20"} {
		r := OrgDay{OrgID: 1, Day: day, Students: 60, Covered: 60, Totals: AttendanceSum{Expected: 60, Absent: 3, Leave: 3}, Groups: full}
		if day == "2026-11-20" {
			r.Streaks = []int{1, 0, 2}
		}
		d.Days = append(d.Days, r)
	}
	// the 19th: one class of three called the roll: not reported
	d.Days = append(d.Days,
		OrgDay{OrgID: 1, Day: "2026-11-19", Students: 60, Covered: 20, Totals: AttendanceSum{Expected: 20},
			Groups: []DayGroup{{Grade: 1, Gender: GenderMale, Expected: 20}}},
		OrgDay{OrgID: 1, Day: "2026-11-13", Students: 60, Covered: 60, Totals: AttendanceSum{Expected: 60}, Streaks: []int{0, 0, 1, 1}},
		OrgDay{OrgID: 2, Day: "2026-11-10", Students: 70, Covered: 70, Totals: AttendanceSum{Expected: 70, Absent: 7}, Streaks: []int{0, 0, 0, 5}})
	d.Notices = []NoticeReach{{ID: 9, Title: "寒假安全", RequiresAck: true, Schools: []SchoolReach{
		{Org: DistrictOrg{ID: 1}, Confirmed: true, Forwarded: true, Families: 100, Read: 90, Ack: 85},
		{Org: DistrictOrg{ID: 2}, Confirmed: true, Forwarded: true, Families: 50, Read: 10, Ack: 5},
		{Org: DistrictOrg{ID: 3}},
	}}}
	at := func(day string, hour int) time.Time { return mustDay(day).Add(time.Duration(hour) * time.Hour) }
	d.Requests = []RequestRow{
		{OrgID: 1, Township: "城关镇", Type: RequestTrip, State: RequestReviewing, ReceivedAt: at("2026-11-18", 9), Due: at("2026-11-19", 9)},
		{OrgID: 1, Township: "城关镇", Type: RequestLeave, State: RequestApproved, ReceivedAt: at("2026-11-17", 10), DecidedAt: at("2026-11-18", 10)},
		{OrgID: 2, Township: "城关镇", Type: RequestProject, State: RequestRejected, ReceivedAt: at("2026-11-16", 8), DecidedAt: at("2026-11-19", 8)},
		// before the range: still waiting counts, withdrawn does not
		{OrgID: 3, Township: "河口乡", Type: RequestReport, State: RequestSubmitted, ReceivedAt: at("2026-10-01", 9), Due: at("2026-11-30", 9)},
		{OrgID: 3, Township: "河口乡", Type: RequestReport, State: RequestWithdrawn, ReceivedAt: at("2026-10-05", 9)},
		{OrgID: 3, Township: "河口乡", Type: RequestLeave, State: RequestApproved, ReceivedAt: at("2026-11-19", 10), DecidedAt: at("2026-11-20", 8)},
	}
	q := DistrictQuery{From: mustDay("2026-11-16"), To: mustDay("2026-11-20")}.WithDefaults(now)
	return d, q
}

// 局校审批: the requests of the range and those waiting, by township for
// the county, by school for a township, by type for a school.
func TestDistrictRequests(t *testing.T) {
	d, q := handDistrict()
	f := ComputeDistrictCockpit(d, q).Requests
	if want := (RequestCounts{Waiting: 2, Approved: 2, Rejected: 1, Overdue: 1}); f.Total != want || f.MedianDaysToDo != 1 {
		t.Errorf("county: %+v, median %v days; want %+v, 1 day", f.Total, f.MedianDaysToDo, want)
	}
	want := []RequestGroup{
		{Scope: CockpitScope{Township: "城关镇"}, Name: "城关镇", Counts: RequestCounts{Waiting: 1, Approved: 1, Rejected: 1, Overdue: 1}},
		{Scope: CockpitScope{Township: "河口乡"}, Name: "河口乡", Counts: RequestCounts{Waiting: 1, Approved: 1}},
	}
	if !slices.Equal(f.Groups, want) {
		t.Errorf("county rows %+v, want %+v", f.Groups, want)
	}
	if got, none := f.MedianText(), (&RequestFigures{}).MedianText(); got != "1.0" || none != "—" {
		t.Errorf("the median reads %q, with none decided %q; want 1.0 and —", got, none)
	}

	q.Scope = CockpitScope{Township: "城关镇"}
	f = ComputeDistrictCockpit(d, q).Requests
	want = []RequestGroup{
		{Scope: CockpitScope{Township: "城关镇", OrgID: 1}, Name: "城关一小", Counts: RequestCounts{Waiting: 1, Approved: 1, Overdue: 1}},
		{Scope: CockpitScope{Township: "城关镇", OrgID: 2}, Name: "城关中学", Counts: RequestCounts{Rejected: 1}},
	}
	if !slices.Equal(f.Groups, want) || f.Total.Waiting != 1 || f.MedianDaysToDo != 2 {
		t.Errorf("township rows %+v (%+v, median %v), want %+v", f.Groups, f.Total, f.MedianDaysToDo, want)
	}

	q.Scope = CockpitScope{Township: "城关镇", OrgID: 1}
	f = ComputeDistrictCockpit(d, q).Requests
	want = []RequestGroup{
		{Name: TypeLabel(RequestLeave), Counts: RequestCounts{Approved: 1}},
		{Name: TypeLabel(RequestTrip), Counts: RequestCounts{Waiting: 1, Overdue: 1}},
	}
	if !slices.Equal(f.Groups, want) {
		t.Errorf("school rows %+v, want %+v", f.Groups, want)
	}
}

func names[T any](rows []T, org func(T) DistrictOrg) []string {
	var out []string
	for _, r := range rows {
		out = append(out, org(r).Name)
	}
	return out
}

func TestDistrictCockpitCounty(t *testing.T) {
	d, q := handDistrict()
	c := ComputeDistrictCockpit(d, q)
	lastSync := d.Now.Add(-time.Hour)

	t.Run("1 organisations by type and township", func(t *testing.T) {
		f := c.Orgs
		want := []KeyCount{{"primary", 2}, {"middle", 1}, {"training", 1}}
		if f.Total != 4 || !slices.Equal(f.ByKind, want) || !slices.Equal(f.ByTownship, []KeyCount{{"城关镇", 2}, {"河口乡", 2}}) {
			t.Errorf("orgs = %d %v %v; want 4 %v and two per township", f.Total, f.ByKind, f.ByTownship, want)
		}
		if len(f.Table) != 4 || !f.AsOf.Equal(lastSync) {
			t.Errorf("table %v, as of %v; want 4 cells, as of %v", f.Table, f.AsOf, lastSync)
		}
	})
	t.Run("2 students, classes, teachers", func(t *testing.T) {
		f := c.Roster
		wantGrades := []GradeGender{{1, 20, 20, 0}, {2, 10, 10, 0}, {7, 40, 30, 0}}
		if f.Students != 130 || f.Classes != 3 || f.Teachers != 9 || !slices.Equal(f.ByGrade, wantGrades) {
			t.Errorf("roster = %d students %d classes %d teachers %v; want 130, 3, 9, %v", f.Students, f.Classes, f.Teachers, f.ByGrade, wantGrades)
		}
		if !f.AsOf.Equal(lastSync) || len(f.Schools) != 2 {
			t.Errorf("as of %v with %d schools; want %v, 2", f.AsOf, len(f.Schools), lastSync)
		}
	})
	t.Run("3 reporting", func(t *testing.T) {
		f := c.Reporting
		if f.Schools != 3 || f.SchoolDays != 5 || !near(f.Rate, 4.0/15) {
			t.Errorf("reporting = %d schools, %d days, rate %v; want 3, 5, 4/15", f.Schools, f.SchoolDays, f.Rate)
		}
		got := names(f.Missing, func(r SchoolReport) DistrictOrg { return r.Org })
		if want := []string{"城关中学", "河口小学", "城关一小"}; !slices.Equal(got, want) || f.Missing[2].Reported != 4 || f.Missing[0].Missed != 5 {
			t.Errorf("missing = %v (%+v), want %v with 城关一小 reporting 4 of 5", got, f.Missing, want)
		}
	})
	t.Run("4 sync freshness", func(t *testing.T) {
		got := names(c.Freshness.Stale, func(o DistrictOrg) DistrictOrg { return o })
		if want := []string{"河口小学", "城关中学"}; !slices.Equal(got, want) {
			t.Errorf("stale = %v, want %v (never synced first)", got, want)
		}
	})
	t.Run("5 attendance", func(t *testing.T) {
		f := c.Attendance
		if f.Counts != (AttendanceSum{Expected: 260, Absent: 12, Leave: 12}) || !near(f.Counts.Rate(), 236.0/260) {
			t.Errorf("counts = %+v, want 260 expected, 12 absent, 12 on leave", f.Counts)
		}
		if len(f.Schools) != 1 || f.Schools[0].Org.ID != 1 {
			t.Errorf("ranked schools = %+v, want 城关一小 alone (the others sent no roll call in the range)", f.Schools)
		}
		wantGroups := []GroupAttendance{{1, "F", AttendanceSum{80, 0, 12}}, {1, "M", AttendanceSum{100, 12, 0}},
			{2, "F", AttendanceSum{40, 0, 0}}, {2, "M", AttendanceSum{40, 0, 0}}}
		if !slices.Equal(f.ByGroup, wantGroups) {
			t.Errorf("by group = %v, want %v", f.ByGroup, wantGroups)
		}
		if len(f.Daily) != 30 || f.Daily[29].Day != "2026-11-20" || f.Daily[29].Expected != 60 {
			t.Fatalf("daily series ends %+v, want 30 days to 2026-11-20 with 60 expected", f.Daily[len(f.Daily)-1])
		}
		byDay := map[string]DayAttendance{}
		for _, x := range f.Daily {
			byDay[x.Day] = x
		}
		if x := byDay["2026-11-10"]; x.Expected != 70 || x.Absent != 7 {
			t.Errorf("the 10th = %+v, want 城关中学's 70 expected, 7 absent", x)
		}
		if x := byDay["2026-11-14"]; x.HasData() {
			t.Errorf("a Saturday without roll calls = %+v, want no data (not 0 %%)", x)
		}
	})
	t.Run("6 teacher ratio and class sizes", func(t *testing.T) {
		f := c.Ratio
		if f.Above != 1 || f.Schools[0].Org.ID != 1 || !near(f.Schools[0].Ratio, 30) || !f.Schools[0].Above || f.Schools[1].Above {
			t.Errorf("ratio = %+v, want 城关一小 at 30 above 19, 城关中学 at 10 not", f.Schools)
		}
		if !near(f.AvgClass, 130.0/3) || f.Large != 1 || f.Huge != 1 || len(f.Oversized) != 1 || f.Oversized[0].Org.ID != 2 || f.Oversized[0].Most != 70 {
			t.Errorf("classes: average %v, %d large, %d huge, oversized %+v; want 43.3, 1, 1, 城关中学 with 70", f.AvgClass, f.Large, f.Huge, f.Oversized)
		}
	})
	t.Run("7 notice reach", func(t *testing.T) {
		if len(c.Reach.Notices) != 1 {
			t.Fatalf("notices = %+v, want one", c.Reach.Notices)
		}
		n := c.Reach.Notices[0]
		if n.Sent != 3 || n.Confirmed != 2 || n.Forwarded != 2 || n.Families != 150 || n.Read != 100 || n.Acked != 90 {
			t.Errorf("totals = %+v", n)
		}
		got := names(n.Below, func(s SchoolReach) DistrictOrg { return s.Org })
		if want := []string{"河口小学", "城关中学"}; !slices.Equal(got, want) {
			t.Errorf("below 80 %% = %v, want %v", got, want)
		}
	})
	t.Run("8 long absences", func(t *testing.T) {
		f := c.LongAbsence
		if f.Days != 3 || f.Total != 2 || len(f.Schools) != 1 || f.Schools[0].Day != "2026-11-20" {
			t.Errorf("long absences = %+v, want 2 at 城关一小 as of the 20th", f)
		}
		n := len(f.Weekly)
		if n != 12 || !f.Weekly[n-1].Week.Equal(mustDay("2026-11-16")) || f.Weekly[n-1].N != 2 || f.Weekly[n-2].N != 7 || f.Weekly[n-3].N != 0 {
			t.Errorf("weekly = %+v, want 12 weeks ending the 16th: 2, before it 7 (2 + 城关中学's 5), before that 0", f.Weekly)
		}
	})
}

// Drilling down: a township, and one school.
func TestDistrictCockpitScope(t *testing.T) {
	d, q := handDistrict()
	q.Scope = CockpitScope{Township: "河口乡"}
	c := ComputeDistrictCockpit(d, q)
	if c.Orgs.Total != 2 || c.Reporting.Schools != 1 || c.Reporting.Rate != 0 || len(c.Reporting.Missing) != 1 || c.Reporting.Missing[0].Org.Name != "河口小学" {
		t.Errorf("河口乡: %d orgs, reporting %+v; want 2 orgs, 河口小学 not reporting", c.Orgs.Total, c.Reporting)
	}
	if c.Roster.Students != 0 || c.Attendance.Counts.HasData() || !c.Roster.AsOf.IsZero() || !c.Orgs.AsOf.Equal(d.Now.Add(-2*time.Hour)) {
		t.Errorf("河口乡: roster %+v, attendance %+v; want none, as of 阳光培训's sync for the orgs", c.Roster, c.Attendance.Counts)
	}
	if len(c.Reach.Notices) != 1 || c.Reach.Notices[0].Sent != 1 {
		t.Errorf("河口乡's reach = %+v, want the notice at 河口小学 only", c.Reach.Notices)
	}

	q.Scope = CockpitScope{OrgID: 2}
	c = ComputeDistrictCockpit(d, q)
	if c.Orgs.Total != 1 || c.Roster.Students != 70 || c.Attendance.Counts.HasData() || c.LongAbsence.Weekly[10].N != 5 {
		t.Errorf("城关中学: %d orgs, %d students, attendance %+v, weekly %+v", c.Orgs.Total, c.Roster.Students, c.Attendance.Counts, c.LongAbsence.Weekly)
	}
}

func TestDistrictQuery(t *testing.T) {
	now := time.Date(2026, 11, 20, 10, 0, 0, 0, time.Local)
	q := DistrictQuery{}.WithDefaults(now)
	if FormatDate(q.To) != "2026-11-20" || FormatDate(q.From) != "2026-10-22" || q.StaleDays != DefaultStaleDays || q.AbsentDays != DefaultAlertDays {
		t.Errorf("defaults = %+v", q)
	}
	if got := FormatDate(q.ReadFrom()); got != "2026-08-31" {
		t.Errorf("ReadFrom = %s, want 2026-08-31 (the Monday 11 weeks before the last)", got)
	}
	bad := DistrictQuery{From: mustDay("2026-11-21"), To: mustDay("2026-11-20")}.WithDefaults(now)
	if err := bad.Validate(); ErrorCode(err) != EINVALID {
		t.Errorf("a range backwards: %v, want EINVALID", err)
	}
}

func TestLongAbsent(t *testing.T) {
	tests := []struct {
		streaks []int
		days    int
		want    int
	}{
		{nil, 3, 0},
		{[]int{5, 4, 3, 2}, 3, 5},
		{[]int{5, 4, 3, 2}, 1, 14},
		{[]int{5}, 2, 0},
	}
	for _, tt := range tests {
		if got := LongAbsent(tt.streaks, tt.days); got != tt.want {
			t.Errorf("LongAbsent(%v, %d) = %d, want %d", tt.streaks, tt.days, got, tt.want)
		}
	}
}
