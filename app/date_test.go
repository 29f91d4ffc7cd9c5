package app

import (
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"2026-11-25", "2026-11-25"},
		{"2026/11/25", "2026-11-25"},
		{"2026.11.25", "2026-11-25"},
		{"2026年11月25日", "2026-11-25"},
		{"2026年1月5日", "2026-01-05"},
		{"2026年01月05日", "2026-01-05"},
		{"2026-1-5", "2026-01-05"},
		{"2026/1/05", "2026-01-05"},
		{"２０２６年１月５日", "2026-01-05"},
		{"２０２６－０１－０５", "2026-01-05"},
		{"　2026-01-05 ", "2026-01-05"},
		{"2028-02-29", "2028-02-29"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseDate(tt.in)
			if err != nil {
				t.Fatalf("ParseDate(%q) error %v", tt.in, err)
			}
			if s := FormatDate(got); s != tt.want {
				t.Errorf("ParseDate(%q) = %s, want %s", tt.in, s, tt.want)
			}
			if got.Location() != time.Local || got.Hour() != 0 || got.Minute() != 0 || got.Second() != 0 {
				t.Errorf("ParseDate(%q) = %v, want midnight in time.Local", tt.in, got)
			}
		})
	}
}

func TestParseDateEmpty(t *testing.T) {
	for _, in := range []string{"", "  ", "　"} {
		got, err := ParseDate(in)
		if err != nil || !got.IsZero() {
			t.Errorf("ParseDate(%q) = %v, %v; want the zero time and no error", in, got, err)
		}
	}
}

func TestParseDateErrors(t *testing.T) {
	for _, in := range []string{
		"2026-13-01", "2026-02-30", "2027-02-29", "2026-00-10", "2026年1月", "26-1-5",
		"11/25/2026", "tomorrow", "明天", "2026-11-25 08:00", "2026--11-25",
	} {
		t.Run(in, func(t *testing.T) {
			got, err := ParseDate(in)
			if ErrorCode(err) != EINVALID || errorKey(err) != "date.error.invalid" {
				t.Fatalf("ParseDate(%q) = %v, %v; want EINVALID date.error.invalid", in, got, err)
			}
			if !got.IsZero() {
				t.Errorf("ParseDate(%q) = %v with its error, want the zero time", in, got)
			}
		})
	}
}

func TestFormatDate(t *testing.T) {
	if got := FormatDate(time.Time{}); got != "" {
		t.Errorf("FormatDate(zero) = %q, want \"\"", got)
	}
	day := time.Date(2026, 1, 5, 23, 59, 0, 0, time.Local)
	if got, want := FormatDate(day), "2026-01-05"; got != want {
		t.Errorf("FormatDate = %q, want %q", got, want)
	}
}

func TestSameDay(t *testing.T) {
	morning := time.Date(2026, 1, 5, 0, 0, 0, 0, time.Local)
	tests := []struct {
		b    time.Time
		want bool
	}{
		{morning.Add(23*time.Hour + 59*time.Minute), true},
		{morning.Add(24 * time.Hour), false},
		{morning.Add(-time.Second), false},
		// the same instant seen from another zone is still the same day here
		{morning.Add(12 * time.Hour).In(time.FixedZone("X", 11*3600)), true},
	}
	for _, tt := range tests {
		if got := SameDay(morning, tt.b); got != tt.want {
			t.Errorf("SameDay(%v, %v) = %v, want %v", morning, tt.b, got, tt.want)
		}
	}
}
