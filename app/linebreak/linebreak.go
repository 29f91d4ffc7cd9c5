package linebreak

import (
	"slices"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/width"
)

// Lines breaks text into lines no wider than max, where runeWidth gives
// the width of one character. A line may break between two Chinese
// characters and at a space, but
//   - never before closing punctuation (。，、；：？！）」》” … and , . ; : ? ! ) ] })
//     nor after opening punctuation (（「《“ ( [ {) or a currency sign;
//   - never inside a Latin word or a number (12:30, 95.5%, 2026-12-04),
//     nor between a number and the unit after it (50 米, 3 班);
//   - never inside one of keep, wherever it stands in text: the names
//     of people in it (王小明 must not end one line with 王小 and start
//     the next with 明).
//
// What these rules leave unbroken and is wider than a line is broken
// where it must be, where punctuation allows if it can: a line is never
// wider than max unless a single character is. The text's own line
// breaks are kept and a blank line stays blank; spaces at the end of a
// line hang past max and are dropped, as are those at the start of a
// line the wrapping began.
func Lines(text string, max float64, runeWidth func(rune) float64, keep ...string) []string {
	var lines []string
	for para := range strings.SplitSeq(text, "\n") {
		lines = append(lines, paragraph([]rune(para), max, runeWidth, keep)...)
	}
	return lines
}

// Fit shortens text to one line no wider than max, ending in "…" when
// something had to go: as much of its start as fits with the "…", less
// the spaces before it; just "…" when not even one character does. width
// measures a string in the caller's font and size (a string's width need
// not be the sum of its characters'); a longer start of text must be no
// narrower, so that a few of them are measured rather than each.
func Fit(text string, max float64, width func(string) float64) string {
	if width(text) <= max {
		return text
	}
	rs := []rune(text)
	n := sort.Search(len(rs), func(n int) bool { return width(string(rs[:n+1])+"…") > max })
	return strings.TrimRightFunc(string(rs[:n]), unicode.IsSpace) + "…"
}

func paragraph(rs []rune, max float64, runeWidth func(rune) float64, keep []string) []string {
	inKeep := kept(rs, keep)
	if len(rs) == 0 {
		return []string{""}
	}
	var lines []string
	// lastBreak is the last place on the line where it may break;
	// lastForced the last where punctuation allows it, for a word or a
	// name that must be broken
	start, lastBreak, lastForced, lineW := 0, -1, -1, 0.0
	for i := 0; i < len(rs); i++ {
		if i > start && punctuationAllows(rs, i) {
			lastForced = i
			if !inKeep[i] && breakable(rs, i) {
				lastBreak = i
			}
		}
		w := runeWidth(rs[i])
		// spaces may hang past the edge: the line breaks after them
		if lineW+w <= max || i == start || unicode.IsSpace(rs[i]) {
			lineW += w
			continue
		}
		cut := lastBreak
		if cut <= start {
			cut = lastForced
		}
		if cut <= start {
			cut = i // not even punctuation allows it: break where the line is full
		}
		lines = append(lines, strings.TrimRightFunc(string(rs[start:cut]), unicode.IsSpace))
		start = cut
		for start < len(rs) && unicode.IsSpace(rs[start]) {
			start++
		}
		i, lastBreak, lastForced, lineW = start-1, -1, -1, 0
	}
	if start < len(rs) {
		lines = append(lines, strings.TrimRightFunc(string(rs[start:]), unicode.IsSpace))
	}
	return lines
}

// kept marks the characters inside each piece of keep where it stands
// in rs: inKeep[i] says that no line may break before rs[i].
func kept(rs []rune, keep []string) (inKeep []bool) {
	inKeep = make([]bool, len(rs))
	for _, k := range keep {
		kr := []rune(k)
		if len(kr) < 2 {
			continue
		}
		for i := 0; i+len(kr) <= len(rs); i++ {
			if slices.Equal(rs[i:i+len(kr)], kr) {
				for j := i + 1; j < i+len(kr); j++ {
					inKeep[j] = true
				}
			}
		}
	}
	return inKeep
}

// punctuationAllows reports whether punctuation allows a line to break
// before rs[i], i > 0: it is not before a space or closing punctuation,
// nor after opening punctuation, nor inside a dash (——).
func punctuationAllows(rs []rune, i int) bool {
	prev, r := rs[i-1], rs[i]
	return !unicode.IsSpace(r) && !closing(r) && !opening(prev) &&
		!(prev == r && (r == '—' || r == '―'))
}

// breakable reports whether a line may break before rs[i], i > 0, where
// punctuation allows it: at a space or next to a Chinese character, but
// not inside a number with its unit.
func breakable(rs []rune, i int) bool {
	prev, r := rs[i-1], rs[i]
	switch {
	case unit(rs, i), inNumber(rs, i):
		return false
	case unicode.IsSpace(prev):
		return true
	}
	return wide(prev) || wide(r)
}

// unit reports whether rs[i] is a Chinese word's first character right
// after a number, with or without a space: the unit of 50 米, 3 班, 5人.
func unit(rs []rune, i int) bool {
	if !wide(rs[i]) || !unicode.IsLetter(rs[i]) {
		return false
	}
	j := i - 1
	if j > 0 && unicode.IsSpace(rs[j]) {
		j--
	}
	return unicode.IsDigit(rs[j])
}

// inNumber reports whether rs[i] is inside a number set in full-width
// digits, each one em wide: a digit after a digit, or after a digit and
// a full-width mark (１２：３０, ３．５, 2026／12). (Narrow digits and
// marks never break: they are not wide.)
func inNumber(rs []rune, i int) bool {
	if !unicode.IsDigit(rs[i]) {
		return false
	}
	prev := rs[i-1]
	return unicode.IsDigit(prev) || strings.ContainsRune("：．／－", prev) && i > 1 && unicode.IsDigit(rs[i-2])
}

// wide reports whether r is set one em wide, as Chinese characters and
// full-width punctuation are: each is a word of its own.
func wide(r rune) bool {
	k := width.LookupRune(r).Kind()
	return k == width.EastAsianWide || k == width.EastAsianFullwidth
}

// closing is punctuation that must not start a line: closing brackets
// and quotes, the stops, and marks that follow a number (95%, 30℃).
func closing(r rune) bool {
	return unicode.In(r, unicode.Pe, unicode.Pf) || strings.ContainsRune("，。、；：？！…‥·・％‰℃°′″,.;:!?%", r)
}

// opening is what must not end a line: opening brackets and quotes, a
// currency sign (￥50) and the middle dot inside a name (阿依·买买提).
func opening(r rune) bool {
	return unicode.In(r, unicode.Ps, unicode.Pi, unicode.Sc) || r == '·' || r == '・'
}
