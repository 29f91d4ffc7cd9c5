package pdf

import (
	"strings"
	"unicode"

	"jxj/app"
)

// cleanText makes a multi-line text safe to set: line ends become "\n", a
// tab becomes spaces, and characters that are never drawn (controls, zero
// width joiners, variation selectors) are dropped, since the PDF library
// would set each as a missing-glyph box.
func cleanText(s string) string {
	s = strings.NewReplacer("\r\n", "\n", "\r", "\n", "\t", "    ").Replace(s)
	return strings.Map(func(r rune) rune {
		if r != '\n' && (unicode.IsControl(r) || unicode.In(r, unicode.Join_Control, unicode.Variation_Selector)) {
			return -1
		}
		return r
	}, s)
}

// cleanLine is cleanText for a one-line field (a name, a title): line
// breaks and runs of spaces collapse as app.CleanTitle does, which keeps
// the spaces a notice's title is stored with (Grade 3 trip (Nov), 关于
// 2026 年) and drops those between Chinese characters (张　三).
func cleanLine(s string) string {
	return app.CleanTitle(cleanText(s))
}

// fit shortens s to one line no wider than max, ending in "…" when
// something had to go.
func fit(s string, max float64, measure func(rune) float64) string {
	rs := []rune(s)
	total := 0.0
	for _, r := range rs {
		total += measure(r)
	}
	if total <= max {
		return s
	}
	w := measure('…')
	n := 0
	for n < len(rs) && w+measure(rs[n]) <= max {
		w += measure(rs[n])
		n++
	}
	return strings.TrimRightFunc(string(rs[:n]), unicode.IsSpace) + "…"
}
