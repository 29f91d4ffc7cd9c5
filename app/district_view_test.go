package app

import (
	"slices"
	"testing"

	"jxj/app/i18n"
)

func tileOf(tiles []DistrictTile, id DistrictTileID) DistrictTile {
	for _, t := range tiles {
		if t.ID == id {
			return t
		}
	}
	return DistrictTile{}
}

// Every figure's tile: its big number, the data of its charts, and the
// table behind it, whose rows lead to the township or school they name.
func TestDistrictTiles(t *testing.T) {
	i18n.SetLanguage(i18n.English)
	t.Cleanup(func() { i18n.SetLanguage(i18n.Chinese) })
	d, q := handDistrict()
	c := ComputeDistrictCockpit(d, q)
	tiles := c.Tiles()
	var ids []DistrictTileID
	for _, tile := range tiles {
		ids = append(ids, tile.ID)
		for _, row := range tile.Table.Rows {
			if len(row) != len(tile.Table.Headers) {
				t.Errorf("%s: a row of %d cells under %d headers: %v", tile.ID, len(row), len(tile.Table.Headers), row)
			}
		}
		if len(tile.Table.Drill) != len(tile.Table.Rows) || len(tile.Table.Names) != len(tile.Table.Rows) {
			t.Errorf("%s: %d rows, %d drills, %d names", tile.ID, len(tile.Table.Rows), len(tile.Table.Drill), len(tile.Table.Names))
		}
		if tile.Head != (FigureHead{}) && tile.Head.Scope != q.Scope {
			t.Errorf("%s: scope %+v", tile.ID, tile.Head.Scope)
		}
	}
	if want := []DistrictTileID{TileOrgs, TileRoster, TileReporting, TileFreshness, TileAttendance, TileRatio, TileReach, TileLongAbsence, TileRequests}; !slices.Equal(ids, want) {
		t.Fatalf("tiles %v, want %v", ids, want)
	}

	t.Run("1 organisations: kinds, and the county's table leads to townships", func(t *testing.T) {
		o := tileOf(tiles, TileOrgs)
		k := o.Charts[0]
		if o.Value != "4" || k.Kind != ChartDonut || !slices.Equal(k.Labels, []string{"Primary school", "Middle school", "Training institution"}) ||
			!slices.Equal(k.Series[0].Values, []float64{2, 1, 1}) {
			t.Errorf("orgs %s, kinds %v %v", o.Value, k.Labels, k.Series[0].Values)
		}
		if len(o.Table.Drill) == 0 || o.Table.Drill[0] != (CockpitScope{Township: "城关镇"}) || o.Table.Names[0] != "城关镇" {
			t.Errorf("the first row leads to %+v (%q), want 城关镇", o.Table.Drill, o.Table.Names)
		}
	})
	t.Run("2 students by grade and gender, stacked columns", func(t *testing.T) {
		r := tileOf(tiles, TileRoster)
		g := r.Charts[0]
		if r.Value != "130" || g.Kind != ChartColumns || !g.Stacked || len(g.Series) != 2 ||
			!slices.Equal(g.Series[0].Values, []float64{20, 10, 40}) || !slices.Equal(g.Series[1].Values, []float64{20, 10, 30}) {
			t.Errorf("roster %s, chart %+v", r.Value, g)
		}
	})
	t.Run("3 reporting: the rate and the schools that missed", func(t *testing.T) {
		r := tileOf(tiles, TileReporting)
		if r.Value != Percent(c.Reporting.Rate) || !r.Warn || len(r.Table.Rows) != len(c.Reporting.Missing) ||
			r.Table.Drill[0].OrgID != c.Reporting.Missing[0].Org.ID {
			t.Errorf("reporting %s warn %v rows %v", r.Value, r.Warn, r.Table.Rows)
		}
	})
	t.Run("5 attendance: a line of the days with roll calls, bars by school, grouped by grade", func(t *testing.T) {
		a := tileOf(tiles, TileAttendance)
		line, bars, groups := a.Charts[0], a.Charts[1], a.Charts[2]
		if a.Value != "90.8%" || line.Kind != ChartLine || !line.Percent {
			t.Errorf("attendance %s, line %+v", a.Value, line)
		}
		// the 30 days hold 7 with roll calls; the others are no point, never 0 %
		if !slices.Equal(line.Labels, []string{"11-10", "11-13", "11-16", "11-17", "11-18", "11-19", "11-20"}) || line.Series[0].Values[0] != 0.9 {
			t.Errorf("line %v %v", line.Labels, line.Series[0].Values)
		}
		if bars.Kind != ChartBars || !slices.Equal(bars.Labels, []string{"城关一小"}) {
			t.Errorf("bars %+v", bars)
		}
		if groups.Kind != ChartColumns || len(groups.Series) != 2 || !slices.Equal(groups.Labels, []string{GradeName(1), GradeName(2)}) ||
			groups.Series[1].Values[1] != 1 {
			t.Errorf("groups %+v", groups)
		}
	})
	t.Run("6 ratio: ranked bars with the threshold", func(t *testing.T) {
		r := tileOf(tiles, TileRatio)
		b := r.Charts[0]
		if b.Kind != ChartBars || len(b.Marks) != 1 || b.Marks[0].Value != DefaultRatioAbove ||
			!slices.Equal(b.Labels, []string{"城关一小", "城关中学"}) || !slices.Equal(b.Series[0].Values, []float64{30, 10}) {
			t.Errorf("ratio chart %+v", b)
		}
		if r.Value != "1" || !r.Warn || r.Table.Rows[0][5] != i18n.T("district.ratio.above") {
			t.Errorf("ratio %s, table %v", r.Value, r.Table.Rows)
		}
	})
	t.Run("7 reach: a stacked 100 % bar per notice, and the schools below", func(t *testing.T) {
		r := tileOf(tiles, TileReach)
		b := r.Charts[0]
		// acknowledged 90 of 150 families
		if !b.Stacked || !b.Percent || b.Series[0].Values[0] != 0.6 || b.Series[1].Values[0] != 0.4 {
			t.Errorf("reach chart %+v", b)
		}
		var below []string
		for _, row := range r.Table.Rows {
			below = append(below, row[1])
		}
		if !slices.Equal(below, []string{"河口小学", "城关中学"}) || r.Value != "1" {
			t.Errorf("reach %s, below %v", r.Value, below)
		}
	})
	t.Run("8 long absences: a weekly line and the schools", func(t *testing.T) {
		l := tileOf(tiles, TileLongAbsence)
		w := l.Charts[0]
		if w.Kind != ChartLine || len(w.Labels) != DefaultWeeks || l.Table.Names[0] != "城关一小" {
			t.Errorf("long absences %s, weekly %v, table %v", l.Value, w.Labels, l.Table.Rows)
		}
	})
	t.Run("9 requests: waiting, by type stacked, the townships' table", func(t *testing.T) {
		r := tileOf(tiles, TileRequests)
		c := r.Charts[0]
		types := []string{TypeLabel(RequestLeave), TypeLabel(RequestTrip), TypeLabel(RequestProject), TypeLabel(RequestReport)}
		if r.Value != "2" || !r.Warn || c.Kind != ChartColumns || !c.Stacked || !slices.Equal(c.Labels, types) ||
			!slices.Equal(c.Series[0].Values, []float64{0, 1, 0, 1}) || !slices.Equal(c.Series[1].Values, []float64{2, 0, 0, 0}) {
			t.Errorf("requests %s (warn %v), by type %v %+v", r.Value, r.Warn, c.Labels, c.Series)
		}
		if !slices.Equal(r.Table.Rows[0], []string{"城关镇", "1", "1", "1", "0", "1"}) || r.Table.Drill[1] != (CockpitScope{Township: "河口乡"}) {
			t.Errorf("the table %v leads to %+v", r.Table.Rows, r.Table.Drill)
		}
	})
}

// More than five kinds are five slices of the donut, the rest one.
func TestDistrictKindsAtMostFive(t *testing.T) {
	c := &DistrictCockpit{}
	for i, k := range OrgKinds {
		c.Orgs.ByKind = append(c.Orgs.ByKind, KeyCount{Key: string(k), N: i + 1})
	}
	k := c.orgsTile().Charts[0]
	if len(k.Labels) != MaxDonutSlices || k.Series[0].Values[MaxDonutSlices-1] != 5+6+7 {
		t.Errorf("kinds %v %v", k.Labels, k.Series[0].Values)
	}
}
