package pdf

import (
	"fmt"
	"strings"

	"github.com/signintech/gopdf"

	"jxj/app"
	"jxj/app/i18n"
	"jxj/app/linebreak"
)

var _ app.EnrolLetterPrinter = (*Printer)(nil)

// The enrolment code's box: its padding and the width of its labels.
const (
	letterBoxPad = 5.0
	letterLabelW = 28.0
)

// PrintEnrolLetters writes one page per school: whom it is for, the hub's
// address and certificate fingerprint, the school's one-time code, the
// steps in plain words and what to do when they fail. A page never runs
// onto a second: the text is short and its lines are wrapped.
func (*Printer) PrintEnrolLetters(path string, l app.EnrolLetters) error {
	if len(l.Letters) == 0 {
		return app.Errorf(app.EINVALID, "orgs.error.no_letters")
	}
	if strings.TrimSpace(l.HubURL) == "" {
		return app.Errorf(app.EINVALID, "orgs.error.no_hub_url")
	}
	d, err := newDoc()
	if err != nil {
		return app.WrapError(err, "pdf.error.render")
	}
	for _, lt := range l.Letters {
		d.letter(l, lt)
	}
	if d.err != nil {
		return app.WrapError(d.err, "pdf.error.render")
	}
	return save(d.gp, path)
}

// letter draws one school's page.
func (d *doc) letter(l app.EnrolLetters, lt app.EnrolLetter) {
	d.addPage()
	d.y = marginTop
	d.textColor(gray)
	d.paragraph(regular, 11, i18n.T("orgs.letter.kicker"), gopdf.Center)
	d.textColor(0)
	d.y += 1
	d.paragraph(bold, 20, cleanLine(lt.Org.Name), gopdf.Center)
	d.paragraph(regular, 11, letterOrgLine(lt.Org), gopdf.Center)
	d.y += 2
	d.rule(d.y)
	d.y += 5
	d.paragraph(regular, 11, i18n.T("orgs.letter.intro"), gopdf.Left)
	d.y += 3
	d.letterCode(l, lt)
	d.y += 4
	d.paragraph(bold, 12, i18n.T("orgs.letter.steps_title"), gopdf.Left)
	for i, step := range letterSteps(l.Fingerprint != "") {
		d.paragraph(regular, 11, fmt.Sprintf("%d. %s", i+1, step), gopdf.Left)
	}
	d.y += 3
	d.paragraph(bold, 12, i18n.T("orgs.letter.trouble_title"), gopdf.Left)
	for _, key := range []string{"orgs.letter.trouble_offline", "orgs.letter.trouble_code", "orgs.letter.trouble_other"} {
		d.paragraph(regular, 11, "• "+i18n.T(key), gopdf.Left)
	}
	d.y += 3
	d.textColor(gray)
	d.paragraph(regular, 9, i18n.T("orgs.letter.keep_safe"), gopdf.Left)
	d.textColor(0)
}

// letterOrgLine is the line under the school's name: its kind and
// township.
func letterOrgLine(o app.HubOrg) string {
	line := i18n.T("org.kind." + string(o.Kind))
	if o.Township != "" {
		line = cleanLine(o.Township) + " · " + line
	}
	return line
}

// letterSteps are the steps a school follows, in the words of its
// screens; the fingerprint step only when the hub has its own
// certificate.
func letterSteps(fingerprint bool) []string {
	keys := []string{"orgs.letter.step_install", "orgs.letter.step_open", "orgs.letter.step_sync", "orgs.letter.step_enter"}
	if fingerprint {
		keys = append(keys, "orgs.letter.step_fingerprint")
	}
	keys = append(keys, "orgs.letter.step_done")
	steps := make([]string, len(keys))
	for i, k := range keys {
		steps[i] = i18n.T(k)
	}
	return steps
}

// letterCode draws the framed block with what the school types in: the
// hub's address, the code (large, in its groups of four), when the code
// expires, and the fingerprint to compare.
func (d *doc) letterCode(l app.EnrolLetters, lt app.EnrolLetter) {
	top := d.y
	d.y += letterBoxPad
	x, w := marginX+letterBoxPad, contentW-2*letterBoxPad
	d.field(x, w, regular, 12, i18n.T("orgs.letter.hub"), cleanLine(l.HubURL))
	d.field(x, w, bold, 22, i18n.T("orgs.letter.code"), lt.Code)
	d.field(x, w, regular, 11, i18n.T("orgs.letter.expires"), i18n.T("orgs.letter.expires_value", app.FormatDate(lt.Expires)))
	if l.Fingerprint != "" {
		d.field(x, w, regular, 8, i18n.T("orgs.letter.fingerprint"), l.Fingerprint)
	}
	d.y += letterBoxPad - 2
	d.box(marginX, top, contentW, d.y-top)
}

// field sets a label and its value beside it, the value wrapped within
// the box (a fingerprint is one long word: linebreak breaks it where the
// width runs out).
func (d *doc) field(x, w float64, family string, size float64, label, value string) {
	d.font(regular, 11)
	d.line(x, d.y+(size-11)*ptToMM/2, letterLabelW, label, gopdf.Left)
	d.font(family, size)
	lineH := size * ptToMM * 1.5
	for _, part := range linebreak.Lines(value, w-letterLabelW, d.runeWidth) {
		d.line(x+letterLabelW, d.y, w-letterLabelW, part, gopdf.Left)
		d.y += lineH
	}
}
