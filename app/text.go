package app

import (
	"strings"
	"unicode"

	"golang.org/x/text/width"
)

// NarrowText turns full-width letters, digits and punctuation (１３８, （）)
// into their ASCII forms, as typed on a Chinese keyboard in full-width mode.
func NarrowText(s string) string { return width.Narrow.String(s) }

// CleanName trims a name cell: surrounding spaces of either width, and
// inner spaces that Excel users put between the characters of a two-
// character name to align it (张　三 → 张三). Latin names keep single
// spaces between words.
func CleanName(s string) string {
	s = strings.TrimFunc(s, unicode.IsSpace)
	if s == "" {
		return s
	}
	var b strings.Builder
	rs := []rune(s)
	for i, r := range rs {
		if unicode.IsSpace(r) {
			// keep one ASCII space only between two Latin letters
			if i > 0 && i+1 < len(rs) && isLatin(rs[i-1]) && isLatin(rs[i+1]) {
				b.WriteRune(' ')
			}
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isLatin(r rune) bool { return r < 0x250 && unicode.IsLetter(r) }
