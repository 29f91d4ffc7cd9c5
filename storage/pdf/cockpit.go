package pdf

import (
	"bytes"
	"image"
	_ "image/png" // the charts are PNG

	"github.com/signintech/gopdf"

	"jxj/app"
	"jxj/app/i18n"
)

// The cockpit's charts stand two to a row below the figures, as large as
// the rest of the page allows.
const (
	chartCols = 2
	chartGap  = 4.0
)

// PrintCockpit writes the cockpit on one A4 page: the school, the range
// and when it was printed, the headline figures, then the charts, scaled
// to fit the page whatever their number.
func (*Printer) PrintCockpit(path string, p app.CockpitPrint) error {
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
	for _, f := range c.Headline() {
		d.paragraph(regular, 10, i18n.T("pdf.cockpit.figure", f.Name, f.Value), gopdf.Left)
	}
	d.y += 3
	d.charts(p.Charts)
	if d.err != nil {
		return app.WrapError(d.err, "pdf.error.render")
	}
	return save(d.gp, path)
}

// charts draws the PNG images in a grid from d.y to the bottom margin,
// each scaled into its cell keeping its shape.
func (d *doc) charts(pngs [][]byte) {
	if len(pngs) == 0 || d.err != nil {
		return
	}
	rows := (len(pngs) + chartCols - 1) / chartCols
	cellW := (contentW - chartGap*(chartCols-1)) / chartCols
	cellH := min(cellW/2, (pageH-marginBottom-d.y-chartGap*float64(rows-1))/float64(rows))
	for i, png := range pngs {
		cfg, _, err := image.DecodeConfig(bytes.NewReader(png))
		if err != nil {
			d.err = err
			return
		}
		w, h := cellW, cellW*float64(cfg.Height)/float64(cfg.Width)
		if h > cellH {
			w, h = cellH*float64(cfg.Width)/float64(cfg.Height), cellH
		}
		x := marginX + float64(i%chartCols)*(cellW+chartGap) + (cellW-w)/2
		y := d.y + float64(i/chartCols)*(cellH+chartGap)
		holder, err := gopdf.ImageHolderByBytes(png)
		if err != nil {
			d.err = err
			return
		}
		d.err = d.gp.ImageByHolder(holder, x, y, &gopdf.Rect{W: w, H: h})
		if d.err != nil {
			return
		}
	}
}
