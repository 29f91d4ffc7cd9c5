package sync

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"jxj/app"
)

// The district cockpit on the console's API (PROTOCOL.md, "The bureau
// console's API"): GET cockpit?from=&to=&township=&school= answers
// app.DistrictCockpit as JSON, the same the hub's `jxj hub cockpit
// --json` prints, so the console and the command read one shape.

// cockpitRoutes adds the cockpit's endpoint to mux.
func (s *HubServer) cockpitRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET "+PathConsole+"cockpit", s.bureau(app.BureauRead, s.consoleCockpit))
}

func (s *HubServer) consoleCockpit(w http.ResponseWriter, r *http.Request, _ *app.BureauAccount) {
	q, err := cockpitQuery(r.URL.Query())
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	ck, err := s.store.DistrictCockpit(r.Context(), q)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	s.reply(w, r, ck)
}

// cockpitQuery reads the query's days and scope; a day or school that
// is not one is an EINVALID error. The hub's store fills the defaults
// and checks the range.
func cockpitQuery(v url.Values) (app.DistrictQuery, error) {
	q := app.DistrictQuery{Scope: app.CockpitScope{Township: strings.TrimSpace(v.Get("township"))}}
	for _, f := range []struct {
		name string
		day  *time.Time
	}{{"from", &q.From}, {"to", &q.To}} {
		if s := v.Get(f.name); s != "" {
			d, err := app.ParseDate(s)
			if err != nil {
				return q, err
			}
			*f.day = d
		}
	}
	if s := v.Get("school"); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			return q, app.Errorf(app.EINVALID, "bureau_cockpit.error.school")
		}
		q.Scope.OrgID = id
	}
	return q, nil
}

// cockpitValues is q as the endpoint's query.
func cockpitValues(q app.DistrictQuery) url.Values {
	v := url.Values{}
	if !q.From.IsZero() {
		v.Set("from", app.FormatDate(q.From))
	}
	if !q.To.IsZero() {
		v.Set("to", app.FormatDate(q.To))
	}
	if q.Scope.Township != "" {
		v.Set("township", q.Scope.Township)
	}
	if q.Scope.OrgID != 0 {
		v.Set("school", strconv.FormatInt(q.Scope.OrgID, 10))
	}
	return v
}

// DistrictCockpit returns the hub's cockpit figures for q's range and
// scope (the hub's defaults for the rest).
func (c *ConsoleClient) DistrictCockpit(ctx context.Context, q app.DistrictQuery) (*app.DistrictCockpit, error) {
	path := "cockpit"
	if v := cockpitValues(q); len(v) > 0 {
		path += "?" + v.Encode()
	}
	var ck app.DistrictCockpit
	if err := c.get(ctx, path, &ck); err != nil {
		return nil, err
	}
	return &ck, nil
}
