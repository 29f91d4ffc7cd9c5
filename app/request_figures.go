package app

import (
	"maps"
	"slices"
	"strconv"
	"time"
)

// The requests' figures: the counts `jxj hub request figures` prints and
// the district cockpit's 局校审批 tile, counted one way.

// RequestRow is a request as the figures count it.
type RequestRow struct {
	OrgID      int64
	Township   string
	Type       RequestType
	State      RequestState
	ReceivedAt time.Time
	DecidedAt  time.Time
	Due        time.Time
}

// add counts r, at now, into c.
func (c *RequestCounts) add(r RequestRow, now time.Time) {
	switch {
	case r.State.Open():
		c.Waiting++
	case r.State == RequestApproved:
		c.Approved++
	case r.State == RequestRejected:
		c.Rejected++
	default:
		c.Withdrawn++
	}
	if (&HubRequest{State: r.State, Due: r.Due}).Overdue(now) {
		c.Overdue++
	}
}

// CountRequests counts rows at now: in all, by type and by township, and
// the median days from arrival to decision.
func CountRequests(rows []RequestRow, now time.Time) *RequestFigures {
	out := &RequestFigures{ByType: map[RequestType]RequestCounts{}, ByTownship: map[string]RequestCounts{}}
	var days []float64
	for _, r := range rows {
		out.Total.add(r, now)
		t, w := out.ByType[r.Type], out.ByTownship[r.Township]
		t.add(r, now)
		w.add(r, now)
		out.ByType[r.Type], out.ByTownship[r.Township] = t, w
		if r.State.Decided() {
			days = append(days, r.DecidedAt.Sub(r.ReceivedAt).Hours()/24)
		}
	}
	out.MedianDaysToDo = median(days)
	return out
}

// median is the middle of xs (the mean of the two middle ones), 0 for
// none. It sorts xs.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	slices.Sort(xs)
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}

// RequestsFigure is 局校审批 in the district cockpit: the requests of the
// schools in scope received in the range, and every one still waiting,
// counted by type and in Groups: by township for the county, by school
// for a township, by type for a school.
type RequestsFigure struct {
	FigureHead
	RequestFigures
	Groups []RequestGroup
}

// RequestGroup is a row of the 局校审批 table: a township, a school or a
// type, and where it leads (a zero scope for a type).
type RequestGroup struct {
	Scope  CockpitScope
	Name   string
	Counts RequestCounts
}

// RequestsHeaderKey is the translation key of the table's headers at the
// level of scope.
func RequestsHeaderKey(scope CockpitScope) string {
	switch {
	case scope.OrgID != 0:
		return "district.requests.header_type"
	case scope.Township != "":
		return "district.requests.header_school"
	}
	return "district.requests.header_township"
}

func (c *cockpitCalc) requestsFigure() RequestsFigure {
	var rows []RequestRow
	for _, r := range c.d.Requests {
		day := FormatDate(r.ReceivedAt)
		if _, ok := c.orgs[r.OrgID]; ok && (r.State.Open() || (day >= c.from && day <= c.to)) {
			rows = append(rows, r)
		}
	}
	f := RequestsFigure{FigureHead: c.head(c.scope), RequestFigures: *CountRequests(rows, c.d.Now)}
	switch {
	case c.q.Scope.OrgID != 0:
		for _, t := range RequestTemplates {
			if n, ok := f.ByType[t.Type]; ok {
				f.Groups = append(f.Groups, RequestGroup{Name: TypeLabel(t.Type), Counts: n})
			}
		}
	case c.q.Scope.Township != "":
		bySchool := map[int64]RequestCounts{}
		for _, r := range rows {
			n := bySchool[r.OrgID]
			n.add(r, c.d.Now)
			bySchool[r.OrgID] = n
		}
		for _, o := range c.scope {
			if n, ok := bySchool[o.ID]; ok {
				f.Groups = append(f.Groups, RequestGroup{Scope: CockpitScope{Township: o.Township, OrgID: o.ID}, Name: o.Name, Counts: n})
			}
		}
	default:
		townships := slices.Sorted(maps.Keys(f.ByTownship))
		for _, t := range townships {
			f.Groups = append(f.Groups, RequestGroup{Scope: CockpitScope{Township: t}, Name: TownshipName(t), Counts: f.ByTownship[t]})
		}
	}
	return f
}

// MedianText is the median days to decide as the cockpit writes it: one
// decimal, or — when none was decided.
func (f *RequestFigures) MedianText() string {
	if f.Total.Approved+f.Total.Rejected == 0 {
		return "—"
	}
	return strconv.FormatFloat(f.MedianDaysToDo, 'f', 1, 64)
}
