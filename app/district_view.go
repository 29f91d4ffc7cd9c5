package app

import (
	"strconv"
	"strings"
	"time"

	"jxj/app/i18n"
)

// The district cockpit as the console shows it: a tile per figure, with
// its big number, its charts and the table behind it, in the user's
// language. Computed here, so the console's page only lays them out.

// DistrictConsole is what the console reads of the district cockpit:
// the hub's figures for a query (GET /console/v1/cockpit).
type DistrictConsole interface {
	DistrictService
}

// DistrictTileID names a tile of the district cockpit.
type DistrictTileID string

// The tiles, in the page's order.
const (
	TileOrgs        DistrictTileID = "orgs"
	TileRoster      DistrictTileID = "roster"
	TileReporting   DistrictTileID = "reporting"
	TileFreshness   DistrictTileID = "freshness"
	TileAttendance  DistrictTileID = "attendance"
	TileRatio       DistrictTileID = "ratio"
	TileReach       DistrictTileID = "reach"
	TileLongAbsence DistrictTileID = "long-absence"
	TileRequests    DistrictTileID = "requests"
)

// DistrictTile is one figure of the cockpit: its big number and the line
// under it, its charts, and the table it opens.
type DistrictTile struct {
	ID    DistrictTileID
	Title string
	Head  FigureHead
	Value string // the big number
	Sub   string
	Warn  bool // the number calls for attention
	// Charts are drawn in order; one with no labels is left out.
	Charts []Chart
	Table  DistrictTable
}

// DistrictTable is the table behind a tile. Drill[i], when not the
// zero scope, is where row i leads: a township or a school.
type DistrictTable struct {
	Headers []string
	Rows    [][]string
	Drill   []CockpitScope
	// Names[i] is what row i's scope is called, for the breadcrumb.
	Names []string
}

func (t *DistrictTable) add(drill CockpitScope, name string, cells ...string) {
	t.Rows = append(t.Rows, cells)
	t.Drill = append(t.Drill, drill)
	t.Names = append(t.Names, name)
}

// schoolRow is a table row that leads to the school o.
func (t *DistrictTable) schoolRow(o DistrictOrg, cells ...string) {
	t.add(CockpitScope{Township: o.Township, OrgID: o.ID}, o.Name, append([]string{o.Name, TownshipName(o.Township)}, cells...)...)
}

// TownshipName is a township for a table: "" reads as not given.
func TownshipName(t string) string {
	if t == "" {
		return i18n.T("district.cli.no_township")
	}
	return t
}

// Percent is a share as the cockpit writes it: 96.5%.
func Percent(rate float64) string {
	return strconv.FormatFloat(100*rate, 'f', 1, 64) + "%"
}

// AsOfText is a figure's 数据截至.
func AsOfText(h FigureHead) string {
	if h.AsOf.IsZero() {
		return i18n.T("bureau_cockpit.as_of_none")
	}
	return i18n.T("bureau_cockpit.as_of", FormatMinute(h.AsOf))
}

func headers(key string) []string { return strings.Split(i18n.T(key), "\t") }

func itoa(n int) string { return strconv.Itoa(n) }

// Tiles describes every figure of c as the console shows it.
func (c *DistrictCockpit) Tiles() []DistrictTile {
	return []DistrictTile{c.orgsTile(), c.rosterTile(), c.reportingTile(), c.freshnessTile(),
		c.attendanceTile(), c.ratioTile(), c.reachTile(), c.longAbsenceTile(), c.requestsTile()}
}

func (c *DistrictCockpit) orgsTile() DistrictTile {
	f := &c.Orgs
	t := DistrictTile{ID: TileOrgs, Title: i18n.T("district.orgs.title"), Head: f.FigureHead, Value: itoa(f.Total),
		Sub: i18n.T("bureau_cockpit.orgs.sub", len(f.ByTownship))}
	// a donut of the kinds, MaxDonutSlices at most: the rest are one
	kinds := Chart{Kind: ChartDonut, Title: i18n.T("bureau_cockpit.chart.kinds"), Series: []ChartSeries{{Name: i18n.T("bureau_cockpit.chart.orgs")}}}
	for i, k := range f.ByKind {
		if i == MaxDonutSlices-1 && len(f.ByKind) > MaxDonutSlices {
			rest := 0
			for _, o := range f.ByKind[i:] {
				rest += o.N
			}
			kinds.Labels = append(kinds.Labels, i18n.T("bureau_cockpit.chart.other"))
			kinds.Series[0].Values = append(kinds.Series[0].Values, float64(rest))
			break
		}
		kinds.Labels = append(kinds.Labels, i18n.T("org.kind."+k.Key))
		kinds.Series[0].Values = append(kinds.Series[0].Values, float64(k.N))
	}
	t.Charts = []Chart{kinds}
	t.Table.Headers = headers("district.orgs.header")
	if c.Query.Scope == (CockpitScope{}) {
		// the county's table leads to each township
		for _, k := range f.Table {
			t.Table.add(CockpitScope{Township: k.Township}, TownshipName(k.Township), TownshipName(k.Township), i18n.T("org.kind."+string(k.Kind)), itoa(k.N))
		}
		return t
	}
	for _, k := range f.Table {
		t.Table.add(CockpitScope{}, "", TownshipName(k.Township), i18n.T("org.kind."+string(k.Kind)), itoa(k.N))
	}
	return t
}

func (c *DistrictCockpit) rosterTile() DistrictTile {
	f := &c.Roster
	t := DistrictTile{ID: TileRoster, Title: i18n.T("district.roster.title"), Head: f.FigureHead, Value: itoa(f.Students),
		Sub: i18n.T("bureau_cockpit.roster.sub", f.Classes, f.Teachers)}
	grades := Chart{Kind: ChartColumns, Title: i18n.T("bureau_cockpit.chart.students_grade"), Stacked: true, Series: []ChartSeries{
		{Name: i18n.T("gender.M")}, {Name: i18n.T("gender.F")}, {Name: i18n.T("district.cli.no_gender")}}}
	unknown := false
	for _, g := range f.ByGrade {
		grades.Labels = append(grades.Labels, GradeName(g.Grade))
		for i, n := range []int{g.Male, g.Female, g.Unknown} {
			grades.Series[i].Values = append(grades.Series[i].Values, float64(n))
		}
		unknown = unknown || g.Unknown > 0
	}
	if !unknown {
		grades.Series = grades.Series[:2]
	}
	t.Charts = []Chart{grades}
	t.Table.Headers = headers("bureau_cockpit.roster.header")
	for _, s := range f.Schools {
		t.Table.schoolRow(s.Org, itoa(s.Students), itoa(s.Classes), itoa(s.Teachers), s.Day)
	}
	return t
}

func (c *DistrictCockpit) reportingTile() DistrictTile {
	f := &c.Reporting
	t := DistrictTile{ID: TileReporting, Title: i18n.T("district.reporting.title"), Head: f.FigureHead, Value: "—",
		Sub: i18n.T("bureau_cockpit.reporting.sub", len(f.Missing), f.Schools, f.SchoolDays)}
	if f.Schools > 0 && f.SchoolDays > 0 {
		t.Value, t.Warn = Percent(f.Rate), f.Rate < 0.9
	}
	t.Table.Headers = headers("district.reporting.header")
	for _, s := range f.Missing {
		t.Table.schoolRow(s.Org, itoa(s.Reported), itoa(s.Missed), lastSync(s.Org.LastSync))
	}
	return t
}

// lastSync is when a school last synced, or that it never did.
func lastSync(t time.Time) string {
	if t.IsZero() {
		return i18n.T("district.cli.never")
	}
	return FormatMinute(t)
}

func (c *DistrictCockpit) freshnessTile() DistrictTile {
	f := &c.Freshness
	t := DistrictTile{ID: TileFreshness, Title: i18n.T("district.freshness.title"), Head: f.FigureHead, Value: itoa(len(f.Stale)),
		Sub: i18n.T("bureau_cockpit.freshness.sub", f.StaleDays), Warn: len(f.Stale) > 0}
	t.Table.Headers = headers("district.freshness.header")
	for _, o := range f.Stale {
		t.Table.schoolRow(o, lastSync(o.LastSync))
	}
	return t
}

func (c *DistrictCockpit) attendanceTile() DistrictTile {
	f := &c.Attendance
	t := DistrictTile{ID: TileAttendance, Title: i18n.T("district.attendance.title"), Head: f.FigureHead, Value: "—",
		Sub: i18n.T("bureau_cockpit.attendance.none")}
	if f.Counts.HasData() {
		t.Value, t.Warn = Percent(f.Counts.Rate()), f.Counts.Rate() < 0.9
		t.Sub = i18n.T("bureau_cockpit.attendance.sub", f.Counts.Present(), f.Counts.Expected)
	}
	rate := i18n.T("cockpit.chart.rate")
	trend := Chart{Kind: ChartLine, Title: i18n.T("cockpit.chart.trend", DefaultRangeDays), Percent: true, Series: []ChartSeries{{Name: rate}}}
	// a day without roll calls has no rate: the line leaves it out
	// rather than drop to 0 %
	for _, d := range f.Daily {
		if d.HasData() {
			trend.Labels = append(trend.Labels, d.Day[5:])
			trend.Series[0].Values = append(trend.Series[0].Values, d.Rate())
		}
	}
	schools := Chart{Kind: ChartBars, Title: i18n.T("bureau_cockpit.chart.attendance_school"), Percent: true, Series: []ChartSeries{{Name: rate}}}
	for _, s := range f.Schools {
		schools.Labels = append(schools.Labels, s.Org.Name)
		schools.Series[0].Values = append(schools.Series[0].Values, s.Rate())
	}
	groups := Chart{Kind: ChartColumns, Title: i18n.T("cockpit.chart.attendance_grade"), Percent: true}
	byGender := map[string]map[int]float64{}
	var genders []string
	for _, g := range f.ByGroup {
		if len(groups.Labels) == 0 || groups.Labels[len(groups.Labels)-1] != GradeName(g.Grade) {
			groups.Labels = append(groups.Labels, GradeName(g.Grade))
		}
		if byGender[g.Gender] == nil {
			byGender[g.Gender] = map[int]float64{}
			genders = append(genders, g.Gender)
		}
		byGender[g.Gender][len(groups.Labels)-1] = g.Rate()
	}
	for _, gender := range []string{GenderMale, GenderFemale, ""} {
		rates, ok := byGender[gender]
		if !ok {
			continue
		}
		s := ChartSeries{Name: genderName(gender), Values: make([]float64, len(groups.Labels))}
		for i, r := range rates {
			s.Values[i] = r
		}
		groups.Series = append(groups.Series, s)
	}
	t.Charts = []Chart{trend, schools, groups}
	t.Table.Headers = headers("bureau_cockpit.attendance.header")
	for _, s := range f.Schools {
		t.Table.schoolRow(s.Org, itoa(s.Expected), itoa(s.Present()), itoa(s.Absent), itoa(s.Leave), Percent(s.Rate()))
	}
	return t
}

func genderName(g string) string {
	if g == "" {
		return i18n.T("district.cli.no_gender")
	}
	return i18n.T("gender." + g)
}

func (c *DistrictCockpit) ratioTile() DistrictTile {
	f := &c.Ratio
	limit := strconv.FormatFloat(f.Threshold, 'f', -1, 64)
	t := DistrictTile{ID: TileRatio, Title: i18n.T("district.ratio.title"), Head: f.FigureHead, Value: itoa(f.Above),
		Sub: i18n.T("bureau_cockpit.ratio.sub", limit, oneDecimal(f.AvgClass), f.Large, f.Huge), Warn: f.Above > 0 || f.Large > 0}
	ratios := Chart{Kind: ChartBars, Title: i18n.T("bureau_cockpit.chart.ratio"), Series: []ChartSeries{{Name: i18n.T("bureau_cockpit.chart.per_teacher")}},
		Marks: []ChartMark{{Value: f.Threshold, Label: i18n.T("bureau_cockpit.chart.threshold", limit)}}}
	for _, s := range f.Schools {
		if s.Teachers > 0 {
			ratios.Labels = append(ratios.Labels, s.Org.Name)
			ratios.Series[0].Values = append(ratios.Series[0].Values, s.Ratio)
		}
	}
	t.Charts = []Chart{ratios}
	t.Table.Headers = headers("district.ratio.header")[:1]
	t.Table.Headers = append(t.Table.Headers, headers("bureau_cockpit.ratio.header")...)
	for _, s := range f.Schools {
		flag := ""
		if s.Above {
			flag = i18n.T("district.ratio.above")
		}
		ratio := "—"
		if s.Teachers > 0 {
			ratio = oneDecimal(s.Ratio)
		}
		t.Table.schoolRow(s.Org, itoa(s.Students), itoa(s.Teachers), ratio, flag, oneDecimal(s.AvgClass), itoa(s.Large), itoa(s.Huge), itoa(s.Most))
	}
	return t
}

func oneDecimal(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }

func (c *DistrictCockpit) reachTile() DistrictTile {
	f := &c.Reach
	// the schools below with any notice, each once
	schools := map[int64]bool{}
	for _, n := range f.Notices {
		for _, s := range n.Below {
			schools[s.Org.ID] = true
		}
	}
	below := len(schools)
	t := DistrictTile{ID: TileReach, Title: i18n.T("district.reach.title"), Head: f.FigureHead, Value: itoa(len(f.Notices)),
		Sub: i18n.T("bureau_cockpit.reach.sub", below, Percent(f.Below)), Warn: below > 0}
	// each notice a bar of 100 %: families reached, the rest not yet
	reach := Chart{Kind: ChartBars, Title: i18n.T("bureau_cockpit.chart.reach"), Stacked: true, Percent: true, Series: []ChartSeries{
		{Name: i18n.T("bureau_cockpit.chart.reached")}, {Name: i18n.T("bureau_cockpit.chart.not_reached")}}}
	for _, n := range f.Notices {
		reached := n.Read
		if n.RequiresAck {
			reached = n.Acked
		}
		share := 0.0
		if n.Families > 0 {
			share = float64(reached) / float64(n.Families)
		}
		reach.Labels = append(reach.Labels, shortTitle(n.Title))
		reach.Series[0].Values = append(reach.Series[0].Values, share)
		reach.Series[1].Values = append(reach.Series[1].Values, 1-share)
	}
	t.Charts = []Chart{reach}
	t.Table.Headers = append([]string{i18n.T("bureau_cockpit.reach.notice")}, headers("district.reach.header")...)
	for _, n := range f.Notices {
		for _, s := range n.Below {
			row := []string{shortTitle(n.Title), s.Org.Name, TownshipName(s.Org.Township), yes(s.Confirmed), yes(s.Forwarded),
				itoa(s.Families), itoa(s.Read), itoa(s.Ack), Percent(s.Share(n.RequiresAck))}
			t.Table.add(CockpitScope{Township: s.Org.Township, OrgID: s.Org.ID}, s.Org.Name, row...)
		}
	}
	return t
}

// shortTitle is a notice's title cut for a chart's label or a cell.
func shortTitle(s string) string {
	r := []rune(s)
	if len(r) <= maxChartTitle {
		return s
	}
	return string(r[:maxChartTitle-1]) + "…"
}

func yes(b bool) string {
	if b {
		return i18n.T("bureau_cockpit.yes")
	}
	return i18n.T("bureau_cockpit.no")
}

func (c *DistrictCockpit) longAbsenceTile() DistrictTile {
	f := &c.LongAbsence
	t := DistrictTile{ID: TileLongAbsence, Title: i18n.T("district.absence.title"), Head: f.FigureHead, Value: itoa(f.Total),
		Sub: i18n.T("bureau_cockpit.absence.sub", f.Days, len(f.Schools)), Warn: f.Total > 0}
	weekly := Chart{Kind: ChartLine, Title: i18n.T("bureau_cockpit.chart.absence_weekly", f.Days), Series: []ChartSeries{{Name: i18n.T("bureau_cockpit.chart.students")}}}
	for _, w := range f.Weekly {
		weekly.Labels = append(weekly.Labels, w.Week.Format("01-02"))
		weekly.Series[0].Values = append(weekly.Series[0].Values, float64(w.N))
	}
	t.Charts = []Chart{weekly}
	t.Table.Headers = headers("district.absence.school_header")
	for _, s := range f.Schools {
		t.Table.schoolRow(s.Org, itoa(s.N), s.Day)
	}
	return t
}

// GlanceBars is a ranked bars chart cut to its first n bars, for a
// tile's glance; the table behind the tile has them all.
func GlanceBars(c Chart, n int) Chart {
	if c.Kind != ChartBars || len(c.Labels) <= n {
		return c
	}
	c.Labels = c.Labels[:n]
	series := make([]ChartSeries, len(c.Series))
	for i, s := range c.Series {
		series[i] = ChartSeries{Name: s.Name, Values: s.Values[:min(n, len(s.Values))]}
	}
	c.Series = series
	return c
}

func (c *DistrictCockpit) requestsTile() DistrictTile {
	f := &c.Requests
	n := f.Total
	t := DistrictTile{ID: TileRequests, Title: i18n.T("district.requests.title"), Head: f.FigureHead, Value: itoa(n.Waiting),
		Sub:  i18n.T("bureau_cockpit.requests.sub", n.Approved, n.Rejected, n.Overdue, f.MedianText()),
		Warn: n.Overdue > 0}
	byType := Chart{Kind: ChartColumns, Title: i18n.T("bureau_cockpit.chart.requests_type"), Stacked: true, Series: []ChartSeries{
		{Name: i18n.T("district.requests.waiting")}, {Name: StateLabel(RequestApproved)}, {Name: StateLabel(RequestRejected)}}}
	for _, tp := range RequestTemplates {
		if k, ok := f.ByType[tp.Type]; ok {
			byType.Labels = append(byType.Labels, TypeLabel(tp.Type))
			for i, v := range []int{k.Waiting, k.Approved, k.Rejected} {
				byType.Series[i].Values = append(byType.Series[i].Values, float64(v))
			}
		}
	}
	t.Charts = []Chart{byType}
	t.Table.Headers = headers(RequestsHeaderKey(c.Query.Scope))
	for _, g := range f.Groups {
		cells := []string{g.Name}
		if g.Scope.OrgID != 0 {
			cells = append(cells, TownshipName(g.Scope.Township))
		}
		k := g.Counts
		cells = append(cells, itoa(k.Waiting), itoa(k.Approved), itoa(k.Rejected), itoa(k.Withdrawn), itoa(k.Overdue))
		t.Table.add(g.Scope, g.Name, cells...)
	}
	return t
}
