// Package pdf writes jxj's printable documents, in Chinese with the
// bundled font (assets.FontRegular and FontBold): a notice followed by its
// tear-off receipt slips, exam result slips (one per student, the child's
// own scores and the class average, no ranking) and the cockpit on one A4
// page (its figures and its charts, drawn by an app.ChartRenderer). It
// implements app.PrintService.
//
// It uses github.com/signintech/gopdf, which is maintained, embeds
// TrueType fonts as Identity-H CID fonts with a ToUnicode map (so the
// Chinese text can be searched and copied) and embeds only the glyphs a
// document uses; go-pdf/fpdf, the other candidate, was archived in 2025.
// Lines are broken and shortened by app/linebreak, by the rules the
// screen follows too, not by gopdf.
//
// It imports app, app/i18n, app/linebreak and assets only: no SQL, no
// Fyne.
package pdf
