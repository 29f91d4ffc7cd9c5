package cli

import (
	"context"
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"time"

	"jxj/app"
	"jxj/app/i18n"
)

// runHubCockpit prints the district cockpit's figures for the county, a
// township or one school, over the 30 days to today unless --from and
// --to say otherwise: tables in the user's language, or (--json) JSON.
func runHubCockpit(ctx context.Context, c *call) error {
	from := c.flags.String("from", "", i18n.T("cli.cockpit.flag.from"))
	to := c.flags.String("to", "", i18n.T("cli.cockpit.flag.to"))
	township := c.flags.String("township", "", i18n.T("district.cli.flag.township"))
	school := c.flags.Int64("school", 0, i18n.T("district.cli.flag.school"))
	asJSON := c.flags.Bool("json", false, i18n.T("cli.cockpit.flag.json"))
	if err := c.parseFlags(); err != nil {
		return err
	}
	q := app.DistrictQuery{Scope: app.CockpitScope{Township: strings.TrimSpace(*township), OrgID: *school}}
	for _, f := range []struct {
		value string
		day   *time.Time
	}{{*from, &q.From}, {*to, &q.To}} {
		if strings.TrimSpace(f.value) == "" {
			continue
		}
		day, err := app.ParseDate(f.value)
		if err != nil {
			return &usageError{i18n.Err(err)}
		}
		*f.day = day
	}
	if err := q.WithDefaults(time.Now()).Validate(); err != nil {
		return &usageError{i18n.Err(err)}
	}
	return c.withHub(ctx, 0, func(ctx context.Context, hub app.HubStore) error {
		ck, err := hub.DistrictCockpit(ctx, q)
		if err != nil {
			return err
		}
		if *asJSON {
			b, err := json.MarshalIndent(ck, "", "  ")
			if err != nil {
				return app.WrapError(err, "error.internal")
			}
			_, err = c.env.Stdout.Write(append(b, '\n'))
			return err
		}
		return writeDistrictCockpit(c.env.Stdout, ck)
	})
}

// writeDistrictCockpit writes the figures as sections of tables, each
// with its 数据截至.
func writeDistrictCockpit(w io.Writer, ck *app.DistrictCockpit) error {
	p := &printer{w: w}
	q := ck.Query
	scope := i18n.T("district.scope.county")
	switch {
	case q.Scope.OrgID != 0:
		scope = i18n.T("district.scope.school", q.Scope.OrgID)
	case q.Scope.Township != "":
		scope = i18n.T("district.scope.township", q.Scope.Township)
	}
	p.line("district.cli.title", scope, app.FormatDate(q.From), app.FormatDate(q.To))

	head := func(key string, h app.FigureHead) {
		p.section(key)
		p.line("district.cli.as_of", asOf(h.AsOf))
	}
	o := ck.Orgs
	head("district.orgs.title", o.FigureHead)
	var kinds []string
	for _, k := range o.ByKind {
		kinds = append(kinds, i18n.T("org.kind."+k.Key)+" "+strconv.Itoa(k.N))
	}
	p.line("district.orgs.total", o.Total, strings.Join(kinds, i18n.T("district.cli.list_sep")))
	p.table("district.orgs.header", rowsOf(o.Table, func(r app.TownshipKind) []string {
		return []string{township(r.Township), i18n.T("org.kind." + string(r.Kind)), strconv.Itoa(r.N)}
	}))

	r := ck.Roster
	head("district.roster.title", r.FigureHead)
	p.line("district.roster.totals", r.Students, r.Classes, r.Teachers)
	p.table("district.roster.header", rowsOf(r.ByGrade, func(g app.GradeGender) []string {
		return []string{app.GradeName(g.Grade), strconv.Itoa(g.Male), strconv.Itoa(g.Female), strconv.Itoa(g.Unknown), strconv.Itoa(g.Total())}
	}))

	rp := ck.Reporting
	head("district.reporting.title", rp.FigureHead)
	p.line("district.reporting.rate", pct(rp.Rate, rp.Schools*rp.SchoolDays), rp.Schools, rp.SchoolDays)
	p.table("district.reporting.header", rowsOf(rp.Missing, func(m app.SchoolReport) []string {
		return []string{m.Org.Name, township(m.Org.Township), strconv.Itoa(m.Reported), strconv.Itoa(m.Missed), lastSync(m.Org.LastSync)}
	}))

	fr := ck.Freshness
	head("district.freshness.title", fr.FigureHead)
	p.line("district.freshness.count", len(fr.Stale), fr.StaleDays)
	p.table("district.freshness.header", rowsOf(fr.Stale, func(o app.DistrictOrg) []string {
		return []string{o.Name, township(o.Township), lastSync(o.LastSync)}
	}))

	a := ck.Attendance
	head("district.attendance.title", a.FigureHead)
	p.line("district.attendance.rate", pct(a.Counts.Rate(), a.Counts.Expected), a.Counts.Expected, a.Counts.Present(), a.Counts.Absent, a.Counts.Leave)
	sums := func(label string, s app.AttendanceSum) []string {
		return []string{label, strconv.Itoa(s.Expected), strconv.Itoa(s.Present()), strconv.Itoa(s.Absent), strconv.Itoa(s.Leave), pct(s.Rate(), s.Expected)}
	}
	p.table("district.attendance.daily_header", rowsOf(a.Daily, func(d app.DayAttendance) []string { return sums(d.Day, d.AttendanceSum) }))
	p.table("district.attendance.school_header", rowsOf(a.Schools, func(s app.SchoolAttendance) []string { return sums(s.Org.Name, s.AttendanceSum) }))
	p.table("district.attendance.group_header", rowsOf(a.ByGroup, func(g app.GroupAttendance) []string {
		return sums(app.GradeName(g.Grade)+" "+genderName(g.Gender), g.AttendanceSum)
	}))

	ra := ck.Ratio
	head("district.ratio.title", ra.FigureHead)
	p.line("district.ratio.summary", ra.Above, strconv.FormatFloat(ra.Threshold, 'f', 1, 64), strconv.FormatFloat(ra.AvgClass, 'f', 1, 64), ra.Large, ra.Huge)
	p.table("district.ratio.header", rowsOf(ra.Schools, func(s app.SchoolRatio) []string {
		flag := ""
		if s.Above {
			flag = i18n.T("district.ratio.above")
		}
		return []string{s.Org.Name, strconv.Itoa(s.Students), strconv.Itoa(s.Teachers), strconv.FormatFloat(s.Ratio, 'f', 1, 64), flag,
			strconv.Itoa(s.Classes), strconv.FormatFloat(s.AvgClass, 'f', 1, 64), strconv.Itoa(s.Large), strconv.Itoa(s.Huge), strconv.Itoa(s.Most)}
	}))

	re := ck.Reach
	head("district.reach.title", re.FigureHead)
	if len(re.Notices) == 0 {
		p.line("cli.cockpit.none")
	}
	yes := func(ok bool) string {
		if ok {
			return i18n.T("cli.yes")
		}
		return "-"
	}
	for _, n := range re.Notices {
		p.line("district.reach.notice", n.Title, n.Sent, n.Confirmed, n.Forwarded, n.Families, n.Read, n.Acked)
		p.line("district.reach.below", len(n.Below), pct(re.Below, 1))
		p.table("district.reach.header", rowsOf(n.Below, func(s app.SchoolReach) []string {
			return []string{s.Org.Name, township(s.Org.Township), yes(s.Confirmed), yes(s.Forwarded), strconv.Itoa(s.Families),
				strconv.Itoa(s.Read), strconv.Itoa(s.Ack), pct(s.Share(n.RequiresAck), s.Families)}
		}))
	}

	l := ck.LongAbsence
	head("district.absence.title", l.FigureHead)
	p.line("district.absence.total", l.Total, l.Days)
	p.table("district.absence.school_header", rowsOf(l.Schools, func(s app.SchoolCount) []string {
		return []string{s.Org.Name, township(s.Org.Township), strconv.Itoa(s.N), s.Day}
	}))
	p.table("district.absence.week_header", rowsOf(l.Weekly, func(wk app.WeekCount) []string {
		return []string{app.FormatDate(wk.Week), strconv.Itoa(wk.N)}
	}))

	rq := ck.Requests
	head("district.requests.title", rq.FigureHead)
	n := rq.Total
	p.line("district.requests.summary", n.Waiting, n.Approved, n.Rejected, n.Withdrawn, n.Overdue, rq.MedianText())
	p.table(app.RequestsHeaderKey(q.Scope), rowsOf(rq.Groups, func(g app.RequestGroup) []string {
		cells := []string{g.Name}
		if g.Scope.OrgID != 0 {
			cells = append(cells, township(g.Scope.Township))
		}
		k := g.Counts
		return append(cells, strconv.Itoa(k.Waiting), strconv.Itoa(k.Approved), strconv.Itoa(k.Rejected), strconv.Itoa(k.Withdrawn), strconv.Itoa(k.Overdue))
	}))
	return p.err
}

// rowsOf formats each item as a table row.
func rowsOf[T any](items []T, row func(T) []string) [][]string {
	out := make([][]string, len(items))
	for i, it := range items {
		out[i] = row(it)
	}
	return out
}

func asOf(t time.Time) string {
	if t.IsZero() {
		return i18n.T("district.cli.no_sync")
	}
	return app.FormatMinute(t)
}

func lastSync(t time.Time) string {
	if t.IsZero() {
		return i18n.T("district.cli.never")
	}
	return app.FormatMinute(t)
}

func township(t string) string {
	if t == "" {
		return i18n.T("district.cli.no_township")
	}
	return t
}

func genderName(g string) string {
	if g == "" {
		return i18n.T("district.cli.no_gender")
	}
	return i18n.T("gender." + g)
}
