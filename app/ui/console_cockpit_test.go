package ui

import (
	"context"
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// consoleCockpitFake computes the cockpit of a small district for the
// query, as the hub would: two townships, three schools.
func consoleCockpitFake(_ context.Context, q app.DistrictQuery) (*app.DistrictCockpit, error) {
	now := time.Date(2026, 12, 4, 17, 0, 0, 0, time.Local)
	q = q.WithDefaults(now)
	orgs := []app.DistrictOrg{
		{ID: 1, Name: "城关镇第一中心小学", Kind: app.OrgPrimary, Township: "城关镇", LastSync: now.Add(-time.Hour)},
		{ID: 2, Name: "河口中学", Kind: app.OrgMiddle, Township: "河口乡", LastSync: now.AddDate(0, 0, -9)},
		{ID: 3, Name: "城关二小", Kind: app.OrgPrimary, Township: "城关镇"},
	}
	d := &app.DistrictData{Now: now, Orgs: orgs, Latest: map[int64]*app.DayStats{
		1: {Day: "2026-12-04", Teachers: 20, Groups: []app.DayGroup{{Grade: 1, Gender: app.GenderMale, Students: 300}, {Grade: 1, Gender: app.GenderFemale, Students: 280}},
			Classes: []app.ClassCount{{Grade: 1, Students: 58}, {Grade: 1, Students: 67}}},
		2: {Day: "2026-11-25", Teachers: 30, Groups: []app.DayGroup{{Grade: 7, Gender: app.GenderMale, Students: 200}}},
	}}
	for i := range 20 {
		day := app.FormatDate(now.AddDate(0, 0, -i))
		d.Days = append(d.Days, app.OrgDay{OrgID: 1, Day: day, Students: 580, Covered: 580,
			Totals: app.AttendanceSum{Expected: 580, Absent: i % 7, Leave: 3}, Streaks: []int{4, 2, 1}})
	}
	return app.ComputeDistrictCockpit(d, q), nil
}

// cockpitScreen opens the cockpit page and waits for its figures.
func (h *consoleHarness) cockpitScreen() *consoleCockpit {
	h.t.Helper()
	h.console.selectPage(consolePageCockpit)
	h.wait()
	s, ok := h.console.screens[consolePageCockpit].(*consoleCockpit)
	if !ok {
		h.t.Fatal("the cockpit page is not shown")
	}
	return s
}

func tileByID(s *consoleCockpit, id app.DistrictTileID) *app.DistrictTile {
	for i := range s.tiles {
		if s.tiles[i].ID == id {
			return &s.tiles[i]
		}
	}
	return nil
}

// checkCockpitFits checks the cockpit's page and the widest table
// behind a tile, at a school's level too.
func checkCockpitFits(h *consoleHarness, check func(*consoleHarness, string)) {
	s := h.cockpitScreen()
	s.kindSel.SetSelectedIndex(slices.Index(app.RangeKinds, app.RangeCustom))
	check(h, "the cockpit with a custom range")
	s.openTable(tileByID(s, app.TileRatio))
	check(h, "the cockpit's ratio table")
	s.drill(app.CockpitScope{Township: "城关镇", OrgID: 1}, "城关镇第一中心小学")
	check(h, "a school's cockpit")
	s.openTable(tileByID(s, app.TileReach))
	check(h, "a school's reach table")
}

// The cockpit shows every tile with 数据截至; a tile opens its table; a
// township's row drills down, then a school's; the breadcrumb goes back
// up; the range picker asks for its range.
func TestConsoleCockpitDrillsDownAndBack(t *testing.T) {
	h := newConsoleHarness(t, i18n.Chinese, app.ConsoleConfig{HubURL: consoleHub, Username: "wang"}, app.BureauStaff)
	var asked []app.DistrictQuery
	h.hub.DistrictCockpitFn = func(ctx context.Context, q app.DistrictQuery) (*app.DistrictCockpit, error) {
		asked = append(asked, q)
		return consoleCockpitFake(ctx, q)
	}
	h.logIn("pass-1234") // the console opens on the cockpit
	if h.console.consolePages()[0].id != consolePageCockpit {
		t.Error("the cockpit is not first in the navigation")
	}
	s := h.cockpitScreen()
	s.now = func() time.Time { return time.Date(2026, 12, 4, 12, 0, 0, 0, time.Local) }
	if len(s.tiles) != 9 || len(asked) != 1 || asked[0].Scope != (app.CockpitScope{}) {
		t.Fatalf("%d tiles after %d loads (%+v); want 9 of the county", len(s.tiles), len(asked), asked)
	}
	h.wantText(i18n.T("district.orgs.title"))
	h.wantText(i18n.T("bureau_cockpit.as_of", "2026-12-04 16:00"))
	h.wantText("3") // the county's schools

	// the organisations' table: a township per row
	s.openTable(tileByID(s, app.TileOrgs))
	h.wantText(i18n.T("bureau_cockpit.table.title", i18n.T("district.orgs.title"), i18n.T("bureau_cockpit.county")))
	table := findTable(t, h.win.Content())
	table.OnSelected(widget.TableCellID{Row: 0, Col: 0})
	h.wait()
	if got := asked[len(asked)-1].Scope; got != (app.CockpitScope{Township: "城关镇"}) {
		t.Fatalf("the township's row asked for %+v", got)
	}
	if s.open != nil || s.cockpit.Orgs.Total != 2 {
		t.Errorf("after the drill: table open %v, %d orgs; want the township's two", s.open != nil, s.cockpit.Orgs.Total)
	}
	h.wantText("城关镇")

	// the township's attendance table: a school per row
	s.openTable(tileByID(s, app.TileAttendance))
	findTable(t, h.win.Content()).OnSelected(widget.TableCellID{Row: 0, Col: 2})
	h.wait()
	if got := asked[len(asked)-1].Scope; got != (app.CockpitScope{Township: "城关镇", OrgID: 1}) {
		t.Fatalf("the school's row asked for %+v", got)
	}
	if len(s.trail) != 3 || s.trail[1].name != "城关镇" || s.trail[2].name != "城关镇第一中心小学" {
		t.Errorf("breadcrumb %+v", s.trail)
	}

	// back up to the county by the breadcrumb
	test.Tap(h.button(i18n.T("bureau_cockpit.county")))
	h.wait()
	if got := asked[len(asked)-1].Scope; got != (app.CockpitScope{}) || len(s.trail) != 1 || s.cockpit.Orgs.Total != 3 {
		t.Errorf("back to the county: asked %+v, trail %+v", got, s.trail)
	}

	// this week, then a custom range
	s.kindSel.SetSelectedIndex(slices.Index(app.RangeKinds, app.RangeWeek))
	h.wait()
	if q := asked[len(asked)-1]; app.FormatDate(q.From) != "2026-11-30" || app.FormatDate(q.To) != "2026-12-04" {
		t.Errorf("this week asked %s to %s", app.FormatDate(q.From), app.FormatDate(q.To))
	}
	s.kindSel.SetSelectedIndex(slices.Index(app.RangeKinds, app.RangeCustom))
	n := len(asked)
	s.from.SetText("2026-12-09")
	s.to.SetText("2026-12-01")
	test.Tap(h.button(i18n.T("cockpit.range.apply")))
	h.wait()
	if len(asked) != n || s.errL.Hidden {
		t.Errorf("a range backwards was asked for, or not said: %d loads", len(asked)-n)
	}
	s.from.SetText("2026-11-01")
	test.Tap(h.button(i18n.T("cockpit.range.apply")))
	h.wait()
	if q := asked[len(asked)-1]; len(asked) != n+1 || app.FormatDate(q.From) != "2026-11-01" {
		t.Errorf("the custom range was not asked for: %+v", asked[n:])
	}
}

// Offline: the copy's cockpit shows with the banner and its time; a
// cockpit never fetched says the hub cannot be reached.
func TestConsoleCockpitOffline(t *testing.T) {
	h := newConsoleHarness(t, i18n.English, app.ConsoleConfig{HubURL: consoleHub, Username: "wang"}, app.BureauAdmin)
	fetched := time.Date(2026, 12, 5, 9, 30, 0, 0, time.Local)
	h.hub.DistrictCockpitFn = func(ctx context.Context, q app.DistrictQuery) (*app.DistrictCockpit, error) {
		if q.Scope.OrgID != 0 {
			return nil, errOffline()
		}
		ck, _ := consoleCockpitFake(ctx, q)
		return ck, &app.BureauStaleError{FetchedAt: fetched, Err: errOffline()}
	}
	h.logIn("pass-1234")
	s := h.cockpitScreen()
	if !h.console.offline || !h.console.banner.Visible() || len(s.tiles) != 9 {
		t.Fatalf("offline: banner %v, %d tiles; want the copy with the banner", h.console.banner.Visible(), len(s.tiles))
	}
	h.wantText(i18n.T("bureau_console.state.offline", i18n.T("bureau_console.as_of", "2026-12-05 09:30")))
	s.drill(app.CockpitScope{Township: "城关镇", OrgID: 1}, "城关镇第一中心小学")
	h.wait()
	if s.errL.Hidden || len(s.tiles) != 9 {
		t.Errorf("a school not kept: error shown %v, %d tiles (the county's stay)", !s.errL.Hidden, len(s.tiles))
	}
	h.wantText(i18n.Err(errOffline()))
}

// findTable is the table on show in o.
func findTable(t *testing.T, o fyne.CanvasObject) *widget.Table {
	t.Helper()
	var found *widget.Table
	walkTree(o, false, func(c fyne.CanvasObject) bool {
		if tb, ok := c.(*widget.Table); ok && found == nil {
			found = tb
		}
		return found == nil
	})
	if found == nil {
		t.Fatal("no table on show")
	}
	return found
}
