package pdf

import (
	"strings"
	"unicode"

	"golang.org/x/text/width"

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

// cleanLine is cleanText for a one-line field (a name, a title): runs of
// spaces and line breaks collapse as app.CleanName does.
func cleanLine(s string) string {
	return app.CleanName(cleanText(s))
}

// wrap breaks text into lines no wider than max, the way Chinese is set:
// a line may break between any two Chinese characters, but not inside a
// Latin word or a number, not before closing punctuation (，。）” …) and
// not after opening punctuation (（“《). A word wider than a whole line is
// broken where it must be. The text's own line breaks are kept, and a
// blank line stays blank; spaces at a line's end are dropped.
func wrap(text string, max float64, measure func(rune) float64) []string {
	var lines []string
	for para := range strings.SplitSeq(text, "\n") {
		lines = append(lines, wrapParagraph([]rune(para), max, measure)...)
	}
	return lines
}

func wrapParagraph(rs []rune, max float64, measure func(rune) float64) []string {
	if len(rs) == 0 {
		return []string{""}
	}
	var lines []string
	start, lastBreak, lineW := 0, -1, 0.0
	for i := 0; i < len(rs); i++ {
		if i > start && canBreak(rs[i-1], rs[i]) {
			lastBreak = i
		}
		w := measure(rs[i])
		// spaces may hang past the edge: the line breaks after them
		if lineW+w <= max || i == start || unicode.IsSpace(rs[i]) {
			lineW += w
			continue
		}
		cut := lastBreak
		if cut <= start {
			cut = i // no place to break on this line: break the word
		}
		lines = append(lines, strings.TrimRightFunc(string(rs[start:cut]), unicode.IsSpace))
		start = cut
		for start < len(rs) && unicode.IsSpace(rs[start]) {
			start++
		}
		i, lastBreak, lineW = start-1, -1, 0
	}
	if start < len(rs) {
		lines = append(lines, strings.TrimRightFunc(string(rs[start:]), unicode.IsSpace))
	}
	return lines
}

// canBreak reports whether a line may end between prev and r.
func canBreak(prev, r rune) bool {
	switch {
	case unicode.IsSpace(r), closing(r), opening(prev):
		return false
	case unicode.IsSpace(prev):
		return true
	}
	return wide(prev) || wide(r)
}

// wide reports whether r is set one em wide, as Chinese characters and
// full-width punctuation are: each is a word of its own.
func wide(r rune) bool {
	k := width.LookupRune(r).Kind()
	return k == width.EastAsianWide || k == width.EastAsianFullwidth
}

// closing is punctuation that must not start a line.
func closing(r rune) bool {
	return unicode.In(r, unicode.Pe, unicode.Pf) || strings.ContainsRune("，。、；：？！…‥·％,.;:!?%", r)
}

// opening is punctuation that must not end a line.
func opening(r rune) bool {
	return unicode.In(r, unicode.Ps, unicode.Pi)
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
