package app

import (
	"testing"
	"time"
)

func TestRangeOf(t *testing.T) {
	day := func(s string) time.Time {
		d, err := time.ParseInLocation(DateLayout, s, time.Local)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	tests := []struct {
		kind     RangeKind
		today    string
		from, to string
	}{
		{RangeToday, "2026-12-04", "2026-12-04", "2026-12-04"},
		{RangeWeek, "2026-12-04", "2026-11-30", "2026-12-04"}, // a Friday: from Monday
		{RangeWeek, "2026-11-30", "2026-11-30", "2026-11-30"}, // a Monday
		{RangeWeek, "2026-12-06", "2026-11-30", "2026-12-06"}, // a Sunday ends the week
		{RangeMonth, "2026-12-04", "2026-12-01", "2026-12-04"},
		{RangeTerm, "2026-12-04", "2026-09-01", "2026-12-04"},
		{RangeTerm, "2027-01-15", "2026-09-01", "2027-01-15"}, // January ends the first term
		{RangeTerm, "2027-03-10", "2027-02-01", "2027-03-10"},
		{RangeTerm, "2027-08-20", "2027-02-01", "2027-08-20"}, // August belongs to the second
		{RangeCustom, "2026-12-04", "2026-12-04", "2026-12-04"},
	}
	for _, tt := range tests {
		got := RangeOf(tt.kind, day(tt.today).Add(15*time.Hour))
		if FormatDate(got.From) != tt.from || FormatDate(got.To) != tt.to {
			t.Errorf("RangeOf(%s, %s) = %s…%s; want %s…%s", tt.kind, tt.today, FormatDate(got.From), FormatDate(got.To), tt.from, tt.to)
		}
		if err := got.Validate(); err != nil {
			t.Errorf("RangeOf(%s, %s).Validate() = %v", tt.kind, tt.today, err)
		}
	}
	bad := []DateRange{{}, {From: day("2026-12-05"), To: day("2026-12-04")}, {From: day("2025-01-01"), To: day("2026-12-04")}}
	for _, r := range bad {
		if ErrorCode(r.Validate()) != EINVALID {
			t.Errorf("Validate(%v) = %v; want EINVALID", r, r.Validate())
		}
	}
	lines := []struct {
		l  ClassSizeLines
		ok bool
	}{{DefaultClassSizeLines, true}, {ClassSizeLines{45, 45, 66}, false}, {ClassSizeLines{0, 56, 66}, false}, {ClassSizeLines{45, 56, 201}, false}}
	for _, tt := range lines {
		if got := tt.l.Validate() == nil; got != tt.ok {
			t.Errorf("%+v.Validate() ok = %v; want %v", tt.l, got, tt.ok)
		}
	}
}
