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
