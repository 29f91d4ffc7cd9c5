package app

import (
	"cmp"
	"slices"
	"time"
)

// DistrictData is what the district cockpit's figures are computed from,
// as the hub's store reads it: plain data, so the figures are pure
// functions, tested on hand-made districts.
type DistrictData struct {
	Now  time.Time
	Orgs []DistrictOrg // every organisation whose credential is not revoked
	// Latest is each school's latest aggregate: its roster.
	Latest map[int64]*DayStats
	// Days are the aggregates of the days from the query's ReadFrom to
	// its To. Groups may be nil outside From…To.
	Days []OrgDay
	// Notices are the latest bureau notices, newest first, each with
	// the schools it was sent to; totals and Below are computed here.
	Notices []NoticeReach
	// Requests are the requests of the organisations read; the range
	// and the scope are applied here.
	Requests []RequestRow
}

// OrgDay is one school's aggregate of one day as the cockpit reads it.
type OrgDay struct {
	OrgID    int64
	Day      string
	Students int
	Covered  int
	Totals   AttendanceSum
	Groups   []DayGroup
	Streaks  []int
}

// Reported reports whether the school's roll calls that day covered more
// than ReportShare of its students.
func (d OrgDay) Reported() bool {
	return d.Students > 0 && float64(d.Covered) > ReportShare*float64(d.Students)
}

// ComputeDistrictCockpit computes every figure for q (with its defaults
// filled) from d.
func ComputeDistrictCockpit(d *DistrictData, q DistrictQuery) *DistrictCockpit {
	c := &cockpitCalc{d: d, q: q, orgs: map[int64]DistrictOrg{}}
	for _, o := range d.Orgs {
		if q.Scope.Covers(o) {
			c.scope = append(c.scope, o)
			c.orgs[o.ID] = o
		}
	}
	slices.SortFunc(c.scope, func(a, b DistrictOrg) int { return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID)) })
	c.from, c.to = FormatDate(q.From), FormatDate(q.To)
	return &DistrictCockpit{
		Query:       q,
		Orgs:        c.orgFigure(),
		Roster:      c.rosterFigure(),
		Reporting:   c.reportingFigure(),
		Freshness:   c.freshnessFigure(),
		Attendance:  c.attendanceFigure(),
		Ratio:       c.ratioFigure(),
		Reach:       c.reachFigure(),
		LongAbsence: c.longAbsenceFigure(),
		Requests:    c.requestsFigure(),
	}
}

type cockpitCalc struct {
	d        *DistrictData
	q        DistrictQuery
	scope    []DistrictOrg // by name
	orgs     map[int64]DistrictOrg
	from, to string
}

// head is a figure's scope and 数据截至 over the orgs it covers.
func (c *cockpitCalc) head(orgs []DistrictOrg) FigureHead {
	h := FigureHead{Scope: c.q.Scope}
	for _, o := range orgs {
		if o.LastSync.After(h.AsOf) {
			h.AsOf = o.LastSync
		}
	}
	return h
}

// schools are the orgs in scope that take attendance.
func (c *cockpitCalc) schools() []DistrictOrg {
	var out []DistrictOrg
	for _, o := range c.scope {
		if o.TakesAttendance() {
			out = append(out, o)
		}
	}
	return out
}

// inRange returns the scope's aggregates of From…To.
func (c *cockpitCalc) inRange() []OrgDay {
	var out []OrgDay
	for _, r := range c.d.Days {
		if _, ok := c.orgs[r.OrgID]; ok && r.Day >= c.from && r.Day <= c.to {
			out = append(out, r)
		}
	}
	return out
}

func (c *cockpitCalc) orgFigure() OrgFigure {
	f := OrgFigure{FigureHead: c.head(c.scope), Total: len(c.scope)}
	kinds := map[OrgKind]int{}
	towns := map[string]int{}
	cells := map[TownshipKind]int{}
	for _, o := range c.scope {
		kinds[o.Kind]++
		towns[o.Township]++
		cells[TownshipKind{Township: o.Township, Kind: o.Kind}]++
	}
	for _, k := range OrgKinds {
		if kinds[k] > 0 {
			f.ByKind = append(f.ByKind, KeyCount{Key: string(k), N: kinds[k]})
		}
	}
	for t, n := range towns {
		f.ByTownship = append(f.ByTownship, KeyCount{Key: t, N: n})
	}
	slices.SortFunc(f.ByTownship, func(a, b KeyCount) int { return cmp.Compare(a.Key, b.Key) })
	for cell, n := range cells {
		cell.N = n
		f.Table = append(f.Table, cell)
	}
	slices.SortFunc(f.Table, func(a, b TownshipKind) int {
		return cmp.Or(cmp.Compare(a.Township, b.Township), cmp.Compare(slices.Index(OrgKinds, a.Kind), slices.Index(OrgKinds, b.Kind)))
	})
	return f
}

// withLatest are the orgs in scope that sent an aggregate, by name.
func (c *cockpitCalc) withLatest() []DistrictOrg {
	var out []DistrictOrg
	for _, o := range c.scope {
		if c.d.Latest[o.ID] != nil {
			out = append(out, o)
		}
	}
	return out
}

func (c *cockpitCalc) rosterFigure() RosterFigure {
	orgs := c.withLatest()
	f := RosterFigure{FigureHead: c.head(orgs)}
	grades := map[int]*GradeGender{}
	for _, o := range orgs {
		s := c.d.Latest[o.ID]
		r := SchoolRoster{Org: o, Day: s.Day, Students: s.Students(), Classes: len(s.Classes), Teachers: s.Teachers, ClassSizes: s.Classes}
		f.Students += r.Students
		f.Classes += r.Classes
		f.Teachers += r.Teachers
		f.Schools = append(f.Schools, r)
		for _, g := range s.Groups {
			gg := grades[g.Grade]
			if gg == nil {
				gg = &GradeGender{Grade: g.Grade}
				grades[g.Grade] = gg
			}
			switch g.Gender {
			case GenderMale:
				gg.Male += g.Students
			case GenderFemale:
				gg.Female += g.Students
			default:
				gg.Unknown += g.Students
			}
		}
	}
	for _, g := range grades {
		f.ByGrade = append(f.ByGrade, *g)
	}
	slices.SortFunc(f.ByGrade, func(a, b GradeGender) int { return cmp.Compare(a.Grade, b.Grade) })
	return f
}

func (c *cockpitCalc) reportingFigure() ReportingFigure {
	schools := c.schools()
	f := ReportingFigure{FigureHead: c.head(schools), Schools: len(schools)}
	days := map[string]bool{}
	for d := c.q.From; !d.After(c.q.To); d = d.AddDate(0, 0, 1) {
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			days[FormatDate(d)] = true
		}
	}
	reported := map[int64]int{}
	for _, r := range c.inRange() {
		if r.Reported() && c.orgs[r.OrgID].TakesAttendance() {
			days[r.Day] = true
			reported[r.OrgID]++
		}
	}
	f.SchoolDays = len(days)
	total := 0
	for _, o := range schools {
		n := reported[o.ID]
		total += n
		if n < f.SchoolDays {
			f.Missing = append(f.Missing, SchoolReport{Org: o, Reported: n, Missed: f.SchoolDays - n})
		}
	}
	if len(schools) > 0 && f.SchoolDays > 0 {
		f.Rate = float64(total) / float64(len(schools)*f.SchoolDays)
	}
	slices.SortStableFunc(f.Missing, func(a, b SchoolReport) int { return cmp.Compare(a.Reported, b.Reported) })
	return f
}

func (c *cockpitCalc) freshnessFigure() FreshnessFigure {
	f := FreshnessFigure{FigureHead: c.head(c.scope), StaleDays: c.q.StaleDays}
	limit := c.d.Now.Add(-time.Duration(c.q.StaleDays) * 24 * time.Hour)
	for _, o := range c.scope {
		if o.LastSync.Before(limit) {
			f.Stale = append(f.Stale, o)
		}
	}
	// the zero time sorts first: never-synced schools lead
	slices.SortStableFunc(f.Stale, func(a, b DistrictOrg) int { return a.LastSync.Compare(b.LastSync) })
	return f
}

func (c *cockpitCalc) attendanceFigure() AttendanceFigure {
	var f AttendanceFigure
	bySchool := map[int64]*AttendanceSum{}
	byGroup := map[DayGroup]*AttendanceSum{}
	for _, r := range c.inRange() {
		f.Counts.Expected += r.Totals.Expected
		f.Counts.Absent += r.Totals.Absent
		f.Counts.Leave += r.Totals.Leave
		s := bySchool[r.OrgID]
		if s == nil {
			s = &AttendanceSum{}
			bySchool[r.OrgID] = s
		}
		s.Expected += r.Totals.Expected
		s.Absent += r.Totals.Absent
		s.Leave += r.Totals.Leave
		for _, g := range r.Groups {
			key := DayGroup{Grade: g.Grade, Gender: g.Gender}
			gs := byGroup[key]
			if gs == nil {
				gs = &AttendanceSum{}
				byGroup[key] = gs
			}
			gs.add(g)
		}
	}
	var covered []DistrictOrg
	for _, o := range c.scope {
		if s := bySchool[o.ID]; s != nil && s.HasData() {
			covered = append(covered, o)
			f.Schools = append(f.Schools, SchoolAttendance{Org: o, AttendanceSum: *s})
		}
	}
	f.FigureHead = c.head(covered)
	slices.SortStableFunc(f.Schools, func(a, b SchoolAttendance) int { return cmp.Compare(a.Rate(), b.Rate()) })
	for key, s := range byGroup {
		if s.HasData() {
			f.ByGroup = append(f.ByGroup, GroupAttendance{Grade: key.Grade, Gender: key.Gender, AttendanceSum: *s})
		}
	}
	slices.SortFunc(f.ByGroup, func(a, b GroupAttendance) int {
		return cmp.Or(cmp.Compare(a.Grade, b.Grade), cmp.Compare(a.Gender, b.Gender))
	})
	// the 30-day series, whatever the range: a day without data stays
	// without (Expected 0), never 0 %
	first := c.q.To.AddDate(0, 0, -(DefaultRangeDays - 1))
	index := map[string]int{}
	for i := range DefaultRangeDays {
		day := FormatDate(first.AddDate(0, 0, i))
		index[day] = i
		f.Daily = append(f.Daily, DayAttendance{Day: day})
	}
	for _, r := range c.d.Days {
		i, ok := index[r.Day]
		if _, in := c.orgs[r.OrgID]; ok && in {
			s := &f.Daily[i].AttendanceSum
			s.Expected += r.Totals.Expected
			s.Absent += r.Totals.Absent
			s.Leave += r.Totals.Leave
		}
	}
	return f
}

func (c *cockpitCalc) ratioFigure() RatioFigure {
	orgs := c.withLatest()
	f := RatioFigure{FigureHead: c.head(orgs), Threshold: c.q.RatioAbove}
	lines := DefaultClassSizeLines
	classes, inClasses := 0, 0
	for _, o := range orgs {
		s := c.d.Latest[o.ID]
		r := SchoolRatio{Org: o, Students: s.Students(), Teachers: s.Teachers, Classes: len(s.Classes)}
		if r.Teachers > 0 {
			r.Ratio = float64(r.Students) / float64(r.Teachers)
			r.Above = r.Ratio > c.q.RatioAbove
		}
		sum := 0
		for _, cl := range s.Classes {
			sum += cl.Students
			r.Most = max(r.Most, cl.Students)
			if cl.Students >= lines.Large {
				r.Large++
			}
			if cl.Students >= lines.Huge {
				r.Huge++
			}
		}
		if r.Classes > 0 {
			r.AvgClass = float64(sum) / float64(r.Classes)
		}
		classes, inClasses = classes+r.Classes, inClasses+sum
		f.Large, f.Huge = f.Large+r.Large, f.Huge+r.Huge
		if r.Above {
			f.Above++
		}
		f.Schools = append(f.Schools, r)
		if r.Large > 0 {
			f.Oversized = append(f.Oversized, r)
		}
	}
	if classes > 0 {
		f.AvgClass = float64(inClasses) / float64(classes)
	}
	slices.SortStableFunc(f.Schools, func(a, b SchoolRatio) int { return cmp.Compare(b.Ratio, a.Ratio) })
	slices.SortStableFunc(f.Oversized, func(a, b SchoolRatio) int { return cmp.Or(cmp.Compare(b.Huge, a.Huge), cmp.Compare(b.Large, a.Large)) })
	return f
}

func (c *cockpitCalc) reachFigure() ReachFigure {
	f := ReachFigure{FigureHead: FigureHead{Scope: c.q.Scope}, Below: c.q.ReachBelow}
	var covered []DistrictOrg
	for _, n := range c.d.Notices {
		out := n
		out.Schools, out.Below = nil, nil
		for _, s := range n.Schools {
			o, ok := c.orgs[s.Org.ID]
			if !ok {
				continue
			}
			s.Org = o
			covered = append(covered, o)
			out.Schools = append(out.Schools, s)
			out.Sent++
			if s.Confirmed {
				out.Confirmed++
			}
			if s.Forwarded {
				out.Forwarded++
			}
			out.Families, out.Read, out.Acked = out.Families+s.Families, out.Read+s.Read, out.Acked+s.Ack
			if s.Share(n.RequiresAck) < c.q.ReachBelow {
				out.Below = append(out.Below, s)
			}
		}
		if out.Sent == 0 {
			continue // not sent to any school in scope
		}
		slices.SortFunc(out.Schools, func(a, b SchoolReach) int { return cmp.Compare(a.Org.Name, b.Org.Name) })
		slices.SortStableFunc(out.Below, func(a, b SchoolReach) int {
			return cmp.Or(cmp.Compare(a.Share(n.RequiresAck), b.Share(n.RequiresAck)), cmp.Compare(a.Org.Name, b.Org.Name))
		})
		f.Notices = append(f.Notices, out)
	}
	f.AsOf = c.head(covered).AsOf
	return f
}

func (c *cockpitCalc) longAbsenceFigure() LongAbsenceFigure {
	f := LongAbsenceFigure{Days: c.q.AbsentDays}
	first := WeekStart(c.q.To).AddDate(0, 0, -7*(c.q.Weeks-1))
	type orgWeek struct {
		org  int64
		week int
	}
	weekOf := map[string]int{} // day → its week in the series
	for i := range 7 * c.q.Weeks {
		weekOf[FormatDate(first.AddDate(0, 0, i))] = i / 7
	}
	latest := map[int64]OrgDay{}   // in the range
	weekly := map[orgWeek]OrgDay{} // each school's last report of a week
	for _, r := range c.d.Days {
		if _, ok := c.orgs[r.OrgID]; !ok || r.Day > c.to {
			continue
		}
		if r.Day >= c.from && r.Day > latest[r.OrgID].Day {
			latest[r.OrgID] = r
		}
		w, ok := weekOf[r.Day]
		if !ok {
			continue
		}
		k := orgWeek{org: r.OrgID, week: w}
		if r.Day > weekly[k].Day {
			weekly[k] = r
		}
	}
	var covered []DistrictOrg
	for _, o := range c.scope {
		r, ok := latest[o.ID]
		if !ok {
			continue
		}
		covered = append(covered, o)
		if n := LongAbsent(r.Streaks, c.q.AbsentDays); n > 0 {
			f.Total += n
			f.Schools = append(f.Schools, SchoolCount{Org: o, Day: r.Day, N: n})
		}
	}
	f.FigureHead = c.head(covered)
	slices.SortStableFunc(f.Schools, func(a, b SchoolCount) int { return cmp.Compare(b.N, a.N) })
	for w := range c.q.Weeks {
		f.Weekly = append(f.Weekly, WeekCount{Week: first.AddDate(0, 0, 7*w)})
	}
	for k, r := range weekly {
		f.Weekly[k.week].N += LongAbsent(r.Streaks, c.q.AbsentDays)
	}
	return f
}
