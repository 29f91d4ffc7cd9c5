package app

import (
	"testing"
	"time"
)

// Class hours read as ranges of the day; a range the wrong way round or
// not a time is refused.
func TestParseClassHours(t *testing.T) {
	got, err := ParseClassHours(" 08:00-11:50, 14:00-17:00 ,")
	if err != nil || len(got) != 2 || got[0] != (ClockRange{480, 710}) || got[1] != (ClockRange{840, 1020}) {
		t.Fatalf("ParseClassHours = %v, %v", got, err)
	}
	for _, bad := range []string{"11:50-08:00", "08:00", "8-9", "08:00-25:00", "08:00-08:00"} {
		if _, err := ParseClassHours(bad); ErrorCode(err) != EINVALID {
			t.Errorf("%q: %v, want EINVALID", bad, err)
		}
	}
}

// The cap holds in class hours, or all day when none are set.
func TestCourseRateAt(t *testing.T) {
	at := func(h, m int) time.Time { return time.Date(2026, 12, 7, h, m, 0, 0, time.Local) }
	s := CourseSettings{Bandwidth: 64 << 10, ClassHours: "08:00-11:50,14:00-17:00"}
	for _, c := range []struct {
		t    time.Time
		want int64
	}{{at(7, 59), 0}, {at(8, 0), 64 << 10}, {at(11, 49), 64 << 10}, {at(11, 50), 0}, {at(15, 0), 64 << 10}, {at(21, 0), 0}} {
		if got := s.RateAt(c.t); got != c.want {
			t.Errorf("at %s: %d, want %d", c.t.Format("15:04"), got, c.want)
		}
	}
	if got := (CourseSettings{Bandwidth: 1000}).RateAt(at(21, 0)); got != 1000 {
		t.Errorf("no class hours: %d at night, want the cap all day", got)
	}
	if got := (CourseSettings{ClassHours: "08:00-17:00"}).RateAt(at(9, 0)); got != 0 {
		t.Errorf("no cap: %d in class, want none", got)
	}
}
