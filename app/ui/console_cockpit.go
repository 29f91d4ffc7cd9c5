package ui

import (
	"context"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// consoleCockpit is 驾驶舱: the district's figures over a range, for the
// county, a township or a school. Each tile shows its big number, its
// 数据截至 and a chart; a tap opens the charts and table behind it, whose
// townships and schools drill down; the breadcrumb goes back up. The
// tiles and their charts come from app (DistrictCockpit.Tiles).
type consoleCockpit struct {
	u    *ConsoleUI
	page listPage
	now  func() time.Time

	*rangePicker
	span     *widget.Label
	refreshB *widget.Button
	errL     *wrapLabel
	crumbs   *fyne.Container
	body     *fyne.Container

	trail   []cockpitCrumb // county first; the last is on show
	loads   int            // to drop an answer a newer load overtook
	cockpit *app.DistrictCockpit
	tiles   []app.DistrictTile
	open    *app.DistrictTile // the tile whose table is open, for tests
}

// cockpitCrumb is a level of the breadcrumb.
type cockpitCrumb struct {
	scope app.CockpitScope
	name  string
}

const consolePageCockpit = "cockpit"

// glanceBars: a tile's bars chart shows the first schools, the table all.
const glanceBars = 8

func newConsoleCockpit(u *ConsoleUI) *consoleCockpit {
	s := &consoleCockpit{u: u, page: newListPage(), now: time.Now,
		trail: []cockpitCrumb{{name: i18n.T("bureau_cockpit.county")}}}
	s.build()
	return s
}

func (s *consoleCockpit) Content() fyne.CanvasObject { return s.page.content(s.reload) }

func (s *consoleCockpit) connectionChanged() {} // it only reads

func (s *consoleCockpit) build() {
	s.rangePicker = newRangePicker(app.RangeMonth, func() time.Time { return s.now() }, s.reload)
	s.span = widget.NewLabel("")
	s.refreshB = widget.NewButtonWithIcon("", theme.ViewRefreshIcon(), s.reload)
	s.refreshB.Importance = widget.LowImportance
	s.errL = errorLabel()
	s.crumbs = container.NewHBox()
	title := pageTitle(i18n.T("bureau_cockpit.title"))
	title.Truncation = fyne.TextTruncateOff
	// the title and where the figures are of, then the range: a custom
	// range's days fit a 1024-wide window on a row of their own
	bar := container.NewBorder(nil, nil, container.NewHBox(title, s.crumbs), s.refreshB)
	picker := container.NewHBox(s.kindSel, s.custom, s.span)
	s.body = container.NewStack(cockpitMessage(i18n.T("bureau_cockpit.loading")))
	s.page.listView = container.NewBorder(container.NewVBox(bar, picker, s.errL, widget.NewSeparator()), nil, nil, nil, s.body)
	s.page.setView(s.page.listView)
	s.showCrumbs()
}

// query is the range picked and the level on show; false (the error
// shown) when a custom range is not two days.
func (s *consoleCockpit) query() (app.DistrictQuery, bool) {
	r, err := s.picked()
	if err != nil {
		showInline(s.errL, err)
		return app.DistrictQuery{}, false
	}
	return app.DistrictQuery{From: r.From, To: r.To, Scope: s.trail[len(s.trail)-1].scope}, true
}

// reload asks the hub (or the copy) for the figures of the range and
// level; the figures on show stay until the new ones are there.
func (s *consoleCockpit) reload() {
	s.page.started = true
	q, ok := s.query()
	if !ok {
		return
	}
	s.loads++
	gen := s.loads
	fetch := func(c app.BureauConsole, ctx context.Context) (*app.DistrictCockpit, error) {
		return c.DistrictCockpit(ctx, q)
	}
	consoleLoad(s.u, s.refreshB, s.errL, nil, fetch, func(ck *app.DistrictCockpit) {
		if gen == s.loads {
			s.show(ck)
		}
	})
}

func (s *consoleCockpit) show(ck *app.DistrictCockpit) {
	s.cockpit, s.tiles, s.open = ck, ck.Tiles(), nil
	s.span.SetText(i18n.T("cockpit.span", app.FormatDate(ck.Query.From), app.FormatDate(ck.Query.To)))
	s.page.setView(s.page.listView)
	grid := container.NewGridWithColumns(2)
	for i := range s.tiles {
		grid.Add(s.tileCard(&s.tiles[i]))
	}
	s.body.Objects = []fyne.CanvasObject{container.NewVScroll(grid)}
	s.body.Refresh()
}

// tileCard is a tile: its figure, 数据截至, and its first chart.
func (s *consoleCockpit) tileCard(t *app.DistrictTile) fyne.CanvasObject {
	asOf := widget.NewLabel(app.AsOfText(t.Head))
	asOf.SizeName = theme.SizeNameCaptionText
	asOf.Truncation = fyne.TextTruncateEllipsis
	box := container.NewVBox(newFigureTile(t.Title, t.Value, t.Sub, t.Warn, func() { s.openTable(t) }), asOf)
	if len(t.Charts) > 0 && s.u.opts.Charts != nil {
		v := newChartView(s.u.env, runAsync, chartHeight)
		c := app.GlanceBars(t.Charts[0], glanceBars)
		v.SetChart(&c)
		box.Add(v)
	} else {
		box.Add(tablePreview(t.Table))
	}
	return widget.NewCard("", "", box)
}

// previewRows: a tile without a chart shows the first rows of its table
// (a school and its last column: the days missed, the last sync).
const previewRows = 6

func tablePreview(t app.DistrictTable) fyne.CanvasObject {
	if len(t.Rows) == 0 {
		return widget.NewLabel(i18n.T("bureau_cockpit.table.empty"))
	}
	rows := container.NewVBox()
	for _, r := range t.Rows[:min(previewRows, len(t.Rows))] {
		name := widget.NewLabel(r[0])
		name.Truncation = fyne.TextTruncateEllipsis
		rows.Add(container.NewBorder(nil, nil, nil, widget.NewLabel(r[len(r)-1]), name))
	}
	if len(t.Rows) > previewRows {
		rows.Add(widget.NewLabel(i18n.T("bureau_cockpit.table.more", len(t.Rows)-previewRows)))
	}
	return rows
}

// openTable shows the charts and the table behind a tile; a row of a
// township or school drills down to it.
func (s *consoleCockpit) openTable(t *app.DistrictTile) {
	s.open = t
	back := widget.NewButtonWithIcon(i18n.T("bureau_cockpit.back"), theme.NavigateBackIcon(), func() {
		s.open = nil
		s.page.setView(s.page.listView)
	})
	title := pageTitle(i18n.T("bureau_cockpit.table.title", t.Title, s.trail[len(s.trail)-1].name))
	asOf := widget.NewLabel(app.AsOfText(t.Head))
	hint := i18n.T("bureau_cockpit.table.rows", len(t.Table.Rows))
	if slices.ContainsFunc(t.Table.Drill, func(d app.CockpitScope) bool { return d != (app.CockpitScope{}) }) {
		hint += " · " + i18n.T("bureau_cockpit.table.drill")
	}
	if len(t.Table.Rows) == 0 {
		hint = i18n.T("bureau_cockpit.table.empty")
	}
	hintL := newWrapLabel(hint)
	head := container.NewVBox(container.NewBorder(nil, nil, back, nil, title), asOf, hintL)

	table := newLabelTable(t.Table.Headers, func() int { return len(t.Table.Rows) }, func(row, col int) (string, widget.Importance) {
		return t.Table.Rows[row][col], widget.MediumImportance
	})
	table.OnSelected = func(id widget.TableCellID) {
		table.UnselectAll()
		if id.Row >= 0 && id.Row < len(t.Table.Drill) && t.Table.Drill[id.Row] != (app.CockpitScope{}) {
			s.drill(t.Table.Drill[id.Row], t.Table.Names[id.Row])
		}
	}
	_, tableBox := fitColumns(table, sampledColumns(t.Table.Headers, t.Table.Rows, 0))
	var center fyne.CanvasObject = tableBox
	if s.u.opts.Charts != nil && len(t.Charts) > 0 {
		charts := container.NewVBox()
		for i := range t.Charts {
			v := newChartView(s.u.env, runAsync, 0)
			v.SetChart(&t.Charts[i])
			charts.Add(v)
		}
		split := container.NewVSplit(container.NewVScroll(charts), tableBox)
		split.Offset = 0.5
		center = split
	}
	s.page.setView(container.NewBorder(head, nil, nil, nil, center))
}

// drill shows the figures of a township or a school: the breadcrumb
// keeps the county, then the township, then the school.
func (s *consoleCockpit) drill(to app.CockpitScope, name string) {
	trail := s.trail[:1]
	if to.Township != "" {
		town := cockpitCrumb{scope: app.CockpitScope{Township: to.Township}, name: app.TownshipName(to.Township)}
		if to.OrgID == 0 {
			town.name = name
		}
		trail = append(trail, town)
	}
	if to.OrgID != 0 {
		trail = append(trail, cockpitCrumb{scope: to, name: name})
	}
	s.trail = trail
	s.showCrumbs()
	s.reload()
}

// up goes back to level i of the breadcrumb.
func (s *consoleCockpit) up(i int) {
	s.trail = s.trail[:i+1]
	s.showCrumbs()
	s.reload()
}

func (s *consoleCockpit) showCrumbs() {
	s.crumbs.Objects = nil
	for i, c := range s.trail {
		if i > 0 {
			s.crumbs.Add(widget.NewLabel(i18n.T("bureau_cockpit.crumb_sep")))
		}
		if i == len(s.trail)-1 {
			s.crumbs.Add(widget.NewLabelWithStyle(c.name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
			continue
		}
		b := widget.NewButton(c.name, func() { s.up(i) })
		b.Importance = widget.LowImportance
		s.crumbs.Add(b)
	}
	s.crumbs.Refresh()
}
