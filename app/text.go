package app

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// NarrowText turns full-width ASCII forms (１３８, （）, ＡＢ) and the
// ideographic space into ASCII, as typed on a Chinese keyboard in
// full-width mode. Chinese punctuation such as 、 and 。 stays as it is.
func NarrowText(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '\uFF01' && r <= '\uFF5E':
			return r - 0xFEE0
		case r == '\u3000':
			return ' '
		}
		return r
	}, s)
}

// CleanName trims a name cell: surrounding spaces of either width, and
// inner spaces that Excel users put between the characters of a two-
// character name to align it (张　三 → 张三). Latin names keep single
// spaces between words.
func CleanName(s string) string {
	var b strings.Builder
	prev := ""
	for _, f := range strings.FieldsFunc(s, unicode.IsSpace) {
		if prev != "" && isLatin(lastRune(prev)) && isLatin([]rune(f)[0]) {
			b.WriteByte(' ')
		}
		b.WriteString(f)
		prev = f
	}
	return b.String()
}

// CleanTitle trims a one-line text such as a notice's title: spaces
// around it go and a run of spaces inside becomes one. As in CleanName, a
// space between two Chinese characters goes (秋季 运动会 → 秋季运动会);
// words, numbers and punctuation keep theirs (Grade 3 trip, 关于 2026 年).
func CleanTitle(s string) string {
	var b strings.Builder
	prev := ""
	for _, f := range strings.FieldsFunc(s, unicode.IsSpace) {
		if prev != "" && !(isHan(lastRune(prev)) && isHan([]rune(f)[0])) {
			b.WriteByte(' ')
		}
		b.WriteString(f)
		prev = f
	}
	return b.String()
}

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

func isLatin(r rune) bool { return r < 0x250 && unicode.IsLetter(r) }
