package pdf

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/signintech/gopdf"

	"jxj/app"
	"jxj/app/i18n"
	"jxj/app/linebreak"
	"jxj/assets"
)

// Page geometry, in millimetres: A4 portrait.
const (
	pageW        = 210.0
	pageH        = 297.0
	marginX      = 20.0
	marginTop    = 20.0
	marginBottom = 20.0
	contentW     = pageW - 2*marginX

	slipsPerPage = 5    // receipt slips, and at most as many result slips; a slip is never split across pages
	slipMargin   = 10.0 // above the first and below the last slip of a page
	slipPad      = 5.0  // from the cut line to the slip's first line
	codeBoxW     = 62.0
)

// The font families registered with gopdf.
const (
	regular = "regular"
	bold    = "bold"
)

// missingGlyph stands in for a character the bundled font lacks (an emoji,
// a very rare character), so the reader sees that something is there.
const missingGlyph = '□'

// ptToMM converts a font size in points to millimetres.
const ptToMM = 25.4 / 72

// gray is the colour of secondary text and the cut lines.
const gray = 110

// Printer writes printable documents with the bundled Chinese font. It
// holds no state, so one Printer may print several documents at once.
// Charts draws the charts of the printed cockpit; without it the cockpit
// prints its figures only.
type Printer struct {
	Charts app.ChartRenderer
}

// New returns a Printer.
func New() *Printer { return &Printer{} }

var _ app.PrintService = (*Printer)(nil)

// PrintNotice writes the notice, then one tear-off receipt slip per
// receipt (five to a page, starting on a new page), to path. Labels
// are in the current language; the notice and the names are as given.
func (*Printer) PrintNotice(path string, p app.NoticePrint) error {
	if p.Notice == nil {
		return app.Errorf(app.EINVALID, "pdf.error.no_notice")
	}
	d, err := newDoc()
	if err != nil {
		return app.WrapError(err, "pdf.error.render")
	}
	d.notice(cleanLine(p.School), p.Notice)
	d.slips(p)
	if d.err != nil {
		return app.WrapError(d.err, "pdf.error.render")
	}
	return save(d.gp, path)
}

// doc is a document being drawn. The first error from gopdf is kept in
// err and turns every later call into a no-op, so the drawing code reads
// as a list of steps and PrintNotice checks once at the end.
type doc struct {
	gp  *gopdf.GoPdf
	err error
	y   float64 // where the next line of the notice goes
}

func newDoc() (*doc, error) {
	gp := &gopdf.GoPdf{}
	gp.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4, Unit: gopdf.UnitMM})
	// gopdf embeds only the glyphs used (a 45-slip notice is ~100 KB, not
	// the 2.8 MB font); a character the font lacks becomes missingGlyph
	// instead of gopdf's default, an invisible space.
	opt := gopdf.TtfOption{OnGlyphNotFoundSubstitute: func(rune) rune { return missingGlyph }}
	if err := gp.AddTTFFontDataWithOption(regular, assets.FontRegular, opt); err != nil {
		return nil, err
	}
	if err := gp.AddTTFFontDataWithOption(bold, assets.FontBold, opt); err != nil {
		return nil, err
	}
	return &doc{gp: gp}, nil
}

// notice draws the notice from the top of a new page: school, title,
// dates, body and attachments, continuing on further pages as needed.
func (d *doc) notice(school string, n *app.Notice) {
	d.addPage()
	d.y = marginTop
	d.textColor(gray)
	d.paragraph(regular, 12, school, gopdf.Center)
	d.textColor(0)
	d.y += 2
	d.paragraph(bold, 20, cleanLine(n.Title), gopdf.Center)
	d.y += 1
	d.paragraph(regular, 10.5, noticeDates(n), gopdf.Center)
	d.y += 3
	d.rule(d.y)
	d.y += 6
	d.paragraph(regular, 12, cleanText(n.Body), gopdf.Left)
	if len(n.Attachments) > 0 {
		d.y += 4
		d.paragraph(bold, 12, i18n.T("pdf.notice.attachments"), gopdf.Left)
		for i, a := range n.Attachments {
			d.paragraph(regular, 12, fmt.Sprintf("%d. %s", i+1, cleanLine(a.Name)), gopdf.Left)
		}
	}
}

// noticeDates is the line under the title: when the notice was published
// and what families must do by when.
func noticeDates(n *app.Notice) string {
	var parts []string
	if !n.PublishedAt.IsZero() {
		parts = append(parts, i18n.T("pdf.notice.published", app.FormatDate(n.PublishedAt)))
	}
	deadline := app.FormatDate(n.Deadline)
	switch {
	case n.RequiresAck && deadline != "":
		parts = append(parts, i18n.T("pdf.notice.ack_by", deadline))
	case n.RequiresAck:
		parts = append(parts, i18n.T("pdf.notice.ack"))
	case deadline != "":
		parts = append(parts, i18n.T("pdf.notice.deadline", deadline))
	}
	return strings.Join(parts, "　　")
}

// slips draws one slip per receipt, slipsPerPage to a page, with a dashed
// cut line between neighbours.
func (d *doc) slips(p app.NoticePrint) {
	school, title := cleanLine(p.School), cleanLine(p.Notice.Title)
	for i := range p.Receipts {
		top := d.slipAt(i%slipsPerPage, slipsPerPage)
		d.slip(top, school, title, p.Notice.RequiresAck, &p.Receipts[i])
	}
}

// slipAt makes room for the slot'th slip of a page that holds perPage
// slips (the page's height shared evenly): a new page for slot 0, else a
// cut line above the slip. It returns the top of the slip.
func (d *doc) slipAt(slot, perPage int) float64 {
	if slot == 0 {
		d.addPage()
		return slipMargin
	}
	top := slipMargin + float64(slot)*slipHeight(perPage)
	d.cutLine(top)
	return top
}

// slipHeight is the height of each slip of a page that holds perPage.
func slipHeight(perPage int) float64 { return (pageH - 2*slipMargin) / float64(perPage) }

// slip draws one receipt slip whose cut line is at top: on the left who
// and what it is for and the line to sign, on the right the slip code the
// teacher types when the slip comes back.
func (d *doc) slip(top float64, school, title string, ack bool, r *app.Receipt) {
	leftW := contentW - codeBoxW - 4
	y := top + slipPad

	d.font(bold, 13)
	heading := i18n.T("pdf.slip.heading", "")
	title = linebreak.Fit(title, leftW-d.width(heading), d.width)
	d.line(marginX, y, leftW, i18n.T("pdf.slip.heading", title), gopdf.Left)

	codeX := pageW - marginX - codeBoxW
	d.textColor(gray)
	d.font(regular, 9)
	d.line(codeX, y+1, codeBoxW, i18n.T("pdf.slip.code"), gopdf.Center)
	d.textColor(0)
	d.box(codeX, y+6, codeBoxW, 16)
	d.font(bold, 24)
	d.charSpacing(0.8)
	d.line(codeX, y+14-24*ptToMM/2, codeBoxW, app.FormatSlipCode(r.Code), gopdf.Center)
	d.charSpacing(0)

	rows := []string{i18n.T("pdf.slip.school", school)}
	who, sign, hint := "pdf.slip.student", "pdf.slip.sign_guardian", "pdf.slip.hint_guardian"
	if r.StaffID != 0 {
		who, sign, hint = "pdf.slip.staff", "pdf.slip.sign_staff", "pdf.slip.hint_staff"
	} else if label := cleanLine(r.ClassLabel); label != "" {
		rows = append(rows, i18n.T("pdf.slip.class", label))
	}
	rows = append(rows, i18n.T(who, cleanLine(r.Name())))
	if ack {
		rows = append(rows, i18n.T("pdf.slip.acknowledged"))
	}
	y += 8
	d.font(regular, 11)
	for _, row := range rows {
		d.line(marginX, y, leftW, linebreak.Fit(row, leftW, d.width), gopdf.Left)
		y += 6.5
	}
	y += 1.5
	d.line(marginX, y, contentW, i18n.T(sign), gopdf.Left)
	d.textColor(gray)
	d.font(regular, 9)
	d.line(marginX, y+7, contentW, i18n.T(hint), gopdf.Left)
	d.textColor(0)
}

// cutLine draws a dashed line across the page at y with a pair of
// scissors at its left end and "cut along the dashed line" in its middle.
func (d *doc) cutLine(y float64) {
	if d.err != nil {
		return
	}
	const left, right = 8.0, pageW - 8.0
	d.font(regular, 8)
	label := i18n.T("pdf.slip.cut")
	labelW := d.width(label)
	mid := pageW / 2
	gp := d.gp
	gp.SetStrokeColor(gray, gray, gray)
	gp.SetLineWidth(0.25)
	// scissors: two round handles and two crossed blades pointing right
	gp.Oval(left, y-2.3, left+1.8, y-0.5)
	gp.Oval(left, y+0.5, left+1.8, y+2.3)
	gp.Line(left+1.6, y-0.9, left+6, y+0.9)
	gp.Line(left+1.6, y+0.9, left+6, y-0.9)
	gp.SetCustomLineType([]float64{2, 1.2}, 0)
	gp.Line(left+7, y, mid-labelW/2-2, y)
	gp.Line(mid+labelW/2+2, y, right, y)
	gp.SetLineType("")
	gp.SetStrokeColor(0, 0, 0)
	d.textColor(gray)
	d.line(mid-labelW/2, y-8*ptToMM/2, labelW, label, gopdf.Left)
	d.textColor(0)
}

// paragraph sets text from d.y down, wrapped to the content width, and
// starts a new page when the next line would cross the bottom margin.
func (d *doc) paragraph(family string, size float64, text string, align int) {
	d.font(family, size)
	lineH := size * ptToMM * 1.6
	for _, l := range linebreak.Lines(text, contentW, d.runeWidth) {
		if d.y+lineH > pageH-marginBottom {
			d.addPage()
			d.y = marginTop
		}
		d.line(marginX, d.y, contentW, l, align)
		d.y += lineH
	}
}

// line sets one line of text in the current font, its top at y, in the
// w wide column from x, aligned left, centred or right.
func (d *doc) line(x, y, w float64, text string, align int) {
	if d.err != nil || text == "" {
		return
	}
	d.gp.SetXY(x, y)
	d.err = d.gp.CellWithOption(&gopdf.Rect{W: w, H: 1}, text, gopdf.CellOption{Align: align | gopdf.Top})
}

func (d *doc) addPage() {
	if d.err == nil {
		d.gp.AddPage()
	}
}

func (d *doc) font(family string, size float64) {
	if d.err == nil {
		d.err = d.gp.SetFont(family, "", size)
	}
}

func (d *doc) charSpacing(mm float64) {
	if d.err == nil {
		d.err = d.gp.SetCharSpacing(mm)
	}
}

func (d *doc) textColor(level uint8) {
	if d.err == nil {
		d.gp.SetTextColor(level, level, level)
	}
}

// rule draws a thin line across the content width at y.
func (d *doc) rule(y float64) {
	if d.err == nil {
		d.gp.SetLineWidth(0.3)
		d.gp.Line(marginX, y, pageW-marginX, y)
	}
}

// box draws the frame around a slip code.
func (d *doc) box(x, y, w, h float64) {
	if d.err == nil {
		d.gp.SetLineWidth(0.4)
		d.gp.RectFromUpperLeft(x, y, w, h)
	}
}

// width is the width of text in the current font, in millimetres.
func (d *doc) width(text string) float64 {
	if d.err != nil {
		return 0
	}
	w, err := d.gp.MeasureTextWidth(text)
	d.err = err
	return w
}

func (d *doc) runeWidth(r rune) float64 { return d.width(string(r)) }

// save writes the document next to path and renames it into place, so a
// failed save never leaves half a PDF where the user's file was.
func save(gp *gopdf.GoPdf, path string) error {
	name := filepath.Base(path)
	tmp, err := os.CreateTemp(filepath.Dir(path), ".jxj-*.pdf")
	if err != nil {
		return app.WrapError(err, "pdf.error.write", name)
	}
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing to remove
	// CreateTemp makes the file private (0600); a saved PDF is an ordinary
	// document others on the computer may open
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return app.WrapError(err, "pdf.error.write", name)
	}
	if _, err := gp.WriteTo(tmp); err != nil {
		tmp.Close()
		return app.WrapError(err, "pdf.error.write", name)
	}
	if err := tmp.Close(); err != nil {
		return app.WrapError(err, "pdf.error.write", name)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return app.WrapError(err, "pdf.error.write", name)
	}
	return nil
}
