package app

import (
	"strings"
)

// NormalizePhone reads a phone cell as schools type it — full-width
// digits, spaces, dashes, a +86 prefix — and returns the digits alone. It
// accepts a mainland mobile number (11 digits, 1[3-9]…) or a landline with
// or without its area code (7–8 digits, or 0 + 10–11 digits). ok is false
// for anything else; an empty cell gives "", true.
func NormalizePhone(raw string) (phone string, ok bool) {
	s := NarrowText(raw)
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '\u3000' || r == '(' || r == ')' || r == '+' || r == '.':
			// separators people type; dropped
		default:
			return "", false
		}
	}
	d := b.String()
	if strings.HasPrefix(strings.TrimSpace(s), "+86") || (len(d) == 13 && strings.HasPrefix(d, "86")) {
		d = strings.TrimPrefix(d, "86")
	}
	switch {
	case d == "":
		return "", true
	case len(d) == 11 && d[0] == '1' && d[1] >= '3':
		return d, true
	case (len(d) == 7 || len(d) == 8) && d[0] != '0' && d[0] != '1':
		return d, true
	case len(d) >= 10 && len(d) <= 12 && d[0] == '0':
		return d, true
	}
	return "", false
}

// MaskPhone hides the middle of a phone number the way Chinese platforms
// do: 13812341234 → 138****1234. Short numbers keep only their last four
// digits.
func MaskPhone(phone string) string {
	switch n := len(phone); {
	case n == 0:
		return ""
	case n >= 11:
		return phone[:3] + "****" + phone[n-4:]
	case n > 4:
		return strings.Repeat("*", n-4) + phone[n-4:]
	default:
		return strings.Repeat("*", n)
	}
}
