package app

import (
	"reflect"
	"testing"
)

func TestMarkValidOnLeave(t *testing.T) {
	tests := []struct {
		name           string
		m              Mark
		valid, onLeave bool
	}{
		{"present", MarkPresent, true, false},
		{"absent", MarkAbsent, true, false},
		{"late", MarkLate, true, false},
		{"early", MarkEarly, true, false},
		{"sick", MarkSick, true, true},
		{"personal", MarkPersonal, true, true},
		{"unknown", "holiday", false, false},
		{"upper case", "SICK", false, false},
		{"spaces", " sick", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.m.Valid(); got != tt.valid {
				t.Errorf("%q.Valid() = %v; want %v", tt.m, got, tt.valid)
			}
			if got := tt.m.OnLeave(); got != tt.onLeave {
				t.Errorf("%q.OnLeave() = %v; want %v", tt.m, got, tt.onLeave)
			}
		})
	}
	if len(Marks) != 6 {
		t.Errorf("len(Marks) = %d; want 6 (keys 1–6)", len(Marks))
	}
}

func TestAttendanceCountsAdd(t *testing.T) {
	tests := []struct {
		name  string
		marks []Mark
		want  AttendanceCounts
		// present and rate, the figures a report shows
		present int
		rate    float64
	}{
		{"nothing taken", nil, AttendanceCounts{}, 0, 0},
		{"present", []Mark{MarkPresent}, AttendanceCounts{Sessions: 1}, 1, 1},
		{"absent", []Mark{MarkAbsent}, AttendanceCounts{Sessions: 1, Absent: 1}, 0, 0},
		// late and early leave are 出勤
		{"late", []Mark{MarkLate}, AttendanceCounts{Sessions: 1, Late: 1}, 1, 1},
		{"early", []Mark{MarkEarly}, AttendanceCounts{Sessions: 1, Early: 1}, 1, 1},
		// leave is not
		{"sick", []Mark{MarkSick}, AttendanceCounts{Sessions: 1, Sick: 1}, 0, 0},
		{"personal", []Mark{MarkPersonal}, AttendanceCounts{Sessions: 1, Personal: 1}, 0, 0},
		// 8 sessions: 3 there, 1 late, 1 early → 5 present of 8
		{"every mark", []Mark{MarkPresent, MarkPresent, MarkPresent, MarkAbsent, MarkLate, MarkEarly, MarkSick, MarkPersonal},
			AttendanceCounts{Sessions: 8, Absent: 1, Late: 1, Early: 1, Sick: 1, Personal: 1}, 5, 5.0 / 8},
		// 40 students, 2 absent, 1 sick: 37/40 = 0.925
		{"a class", append(append(make([]Mark, 37), MarkAbsent, MarkAbsent), MarkSick),
			AttendanceCounts{Sessions: 40, Absent: 2, Sick: 1}, 37, 0.925},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c AttendanceCounts
			for _, m := range tt.marks {
				c.Add(m)
			}
			if c != tt.want {
				t.Errorf("counts = %+v; want %+v", c, tt.want)
			}
			if got := c.Present(); got != tt.present {
				t.Errorf("Present() = %d; want %d", got, tt.present)
			}
			if got := c.Rate(); got != tt.rate {
				t.Errorf("Rate() = %v; want %v", got, tt.rate)
			}
		})
	}
}

func TestAttendanceCountsPlus(t *testing.T) {
	a := AttendanceCounts{Sessions: 10, Absent: 1, Late: 2, Early: 3}  // 9 present
	b := AttendanceCounts{Sessions: 30, Late: 1, Sick: 2, Personal: 4} // 24 present
	tests := []struct {
		name string
		x, y AttendanceCounts
		want AttendanceCounts
	}{
		{"two classes", a, b, AttendanceCounts{Sessions: 40, Absent: 1, Late: 3, Early: 3, Sick: 2, Personal: 4}},
		{"plus nothing", a, AttendanceCounts{}, a},
		{"nothing plus", AttendanceCounts{}, b, b},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.x.Plus(tt.y); got != tt.want {
				t.Errorf("%+v.Plus(%+v) = %+v; want %+v", tt.x, tt.y, got, tt.want)
			}
			if got := tt.y.Plus(tt.x); got != tt.want {
				t.Errorf("%+v.Plus(%+v) = %+v; want %+v (the other way round)", tt.y, tt.x, got, tt.want)
			}
		})
	}
	// the school's rate is over all its sessions, not the mean of the
	// classes' rates: (9 + 24) / 40 = 0.825, not (0.9 + 0.8) / 2
	if got := a.Plus(b).Rate(); got != 0.825 {
		t.Errorf("Rate() of the sum = %v; want 0.825", got)
	}
}

func TestSessions(t *testing.T) {
	tests := []struct {
		name  string
		split bool
		want  []Session
	}{
		{"once a day", false, []Session{SessionDay}},
		{"morning and afternoon", true, []Session{SessionAM, SessionPM}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Sessions(tt.split); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Sessions(%v) = %v; want %v", tt.split, got, tt.want)
			}
		})
	}
}
