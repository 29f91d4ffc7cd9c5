package app

import (
	"strings"
	"time"
)

// DateLayout is how a calendar day (a deadline, a due date, a check-in
// day) is written and stored.
const DateLayout = "2006-01-02"

// ParseDate reads a calendar day as people type it: 2026-11-25,
// 2026/11/25, 2026.11.25 or 2026年11月25日, with or without leading
// zeros. The day is midnight in time.Local. "" gives the zero time.
func ParseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(NarrowText(s))
	if s == "" {
		return time.Time{}, nil
	}
	r := strings.NewReplacer("年", "-", "月", "-", "日", "", "/", "-", ".", "-")
	norm := r.Replace(s)
	for _, layout := range []string{"2006-1-2", DateLayout} {
		if t, err := time.ParseInLocation(layout, norm, time.Local); err == nil {
			return t, nil
		}
	}
	return time.Time{}, Errorf(EINVALID, "date.error.invalid", s)
}

// FormatDate writes t's calendar day in DateLayout; "" for the zero time.
func FormatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(DateLayout)
}

// MinuteLayout is how a moment (a sync, a backup, an audit entry) is
// shown: its day and minute.
const MinuteLayout = "2006-01-02 15:04"

// FormatMinute writes t in time.Local in MinuteLayout; "" for the zero
// time.
func FormatMinute(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Local().Format(MinuteLayout)
}

// SameDay reports whether a and b fall on the same calendar day in
// time.Local.
func SameDay(a, b time.Time) bool {
	return FormatDate(a.In(time.Local)) == FormatDate(b.In(time.Local))
}
