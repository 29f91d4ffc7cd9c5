package pdf

import (
	"github.com/signintech/gopdf"

	"jxj/app"
	"jxj/app/i18n"
	"jxj/app/linebreak"
)

// The cockpit's charts stand two to a row below the figures, as large as
// the rest of the page allows, drawn for the size they are printed at
// (chartPxPerMM) so their text stays readable.
const (
	chartCols    = 2
	chartGap     = 4.0
	chartPxPerMM = 7.0
	figureCols   = 2
	// a cell without its chart: its text from the edge, the sizes of
	// its title and text (in points), as a chart has them
	cellPad   = 1.2
	cellTitle = 7.5
	cellText  = 6.5
)

// PrintCockpit writes the cockpit on one A4 page: the school, the range
// and when it was printed, the headline figures, then the charts, sized
// to fit the page whatever their number.
func (pr *Printer) PrintCockpit(path string, p app.CockpitPrint) error {
	if p.Cockpit == nil {
		return app.Errorf(app.EINVALID, "pdf.error.no_cockpit")
	}
	d, err := newDoc()
	if err != nil {
		return app.WrapError(err, "pdf.error.render")
	}
	c := p.Cockpit
	d.addPage()
	d.y = marginTop
	d.textColor(gray)
	d.paragraph(regular, 12, cleanLine(p.School), gopdf.Center)
	d.textColor(0)
	d.paragraph(bold, 18, i18n.T("pdf.cockpit.title"), gopdf.Center)
	d.paragraph(regular, 10.5, i18n.T("pdf.cockpit.range", app.FormatDate(c.Range.From), app.FormatDate(c.Range.To),
		p.Printed.Local().Format("2006-01-02 15:04")), gopdf.Center)
	d.y += 2
	d.rule(d.y)
	d.y += 4
	d.figures(c.Headline())
	d.y += 3
	if pr.Charts != nil {
		if err := d.charts(pr.Charts, c.Charts()); err != nil {
			return err
		}
	}
	if d.err != nil {
		return app.WrapError(d.err, "pdf.error.render")
	}
	return save(d.gp, path)
}

// figures sets the headline figures in columns, name above value, each
// made smaller (or shortened) to fit its column.
func (d *doc) figures(fs []app.Figure) {
	colW := (contentW - chartGap*(figureCols-1)) / figureCols
	lineH := 9 * ptToMM * 1.5
	top := d.y
	for i, f := range fs {
		x := marginX + float64(i%figureCols)*(colW+chartGap)
		y := top + float64(i/figureCols)*2*lineH
		d.textColor(gray)
		name, _ := d.fitFont(regular, 8, 6.5, colW, f.Name)
		d.line(x, y, colW, name, gopdf.Left)
		d.textColor(0)
		value, _ := d.fitFont(bold, 9, 6.5, colW, f.Value)
		d.line(x, y+lineH, colW, value, gopdf.Left)
	}
	d.y = top + float64((len(fs)+figureCols-1)/figureCols)*2*lineH
}

// charts draws the charts in a grid from d.y to the bottom margin, each
// rendered for its cell.
func (d *doc) charts(r app.ChartRenderer, charts []app.NamedChart) error {
	if len(charts) == 0 || d.err != nil {
		return nil
	}
	rows := (len(charts) + chartCols - 1) / chartCols
	cellW := (contentW - chartGap*(chartCols-1)) / chartCols
	cellH := min(cellW/2, (pageH-marginBottom-d.y-chartGap*float64(rows-1))/float64(rows))
	for i, nc := range charts {
		x := marginX + float64(i%chartCols)*(cellW+chartGap)
		y := d.y + float64(i/chartCols)*(cellH+chartGap)
		png, err := r.RenderPNG(nc.Chart, int(cellW*chartPxPerMM), int(cellH*chartPxPerMM), false)
		if app.ErrorKey(err) == "charts.error.crowded" {
			// more classes than the cell has room for: the page is
			// still printed, the cell says where the chart is seen
			d.crowded(x, y, cellW, cellH, nc.Chart.Title, len(nc.Chart.Labels))
			continue
		}
		if err != nil {
			return err
		}
		holder, err := gopdf.ImageHolderByBytes(png)
		if err != nil {
			return app.WrapError(err, "pdf.error.render")
		}
		if d.err = d.gp.ImageByHolder(holder, x, y, &gopdf.Rect{W: cellW, H: cellH}); d.err != nil {
			return nil
		}
	}
	return nil
}

// crowded fills a chart's cell (x, y, w × h) as the chart's background
// is, with the chart's title and that its items are too many for it.
func (d *doc) crowded(x, y, w, h float64, title string, items int) {
	if d.err == nil {
		d.gp.SetFillColor(245, 247, 250) // storage/chart's light background
		d.gp.RectFromUpperLeftWithStyle(x, y, w, h, "F")
		d.gp.SetFillColor(0, 0, 0)
	}
	x, y, w = x+cellPad, y+cellPad, w-2*cellPad
	d.font(bold, cellTitle)
	d.line(x, y, w, linebreak.Fit(cleanLine(title), w, d.width), gopdf.Left)
	y += cellTitle * ptToMM * 1.6
	d.textColor(gray)
	d.font(regular, cellText)
	for _, l := range linebreak.Lines(i18n.T("pdf.cockpit.crowded", items), w, d.runeWidth) {
		d.line(x, y, w, l, gopdf.Left)
		y += cellText * ptToMM * 1.5
	}
	d.textColor(0)
}
