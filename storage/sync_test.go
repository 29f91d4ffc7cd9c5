package storage

import (
	"context"
	"testing"
	"time"

	"jxj/app"
)

// A run that starts before the latest time the clock showed (less some
// slack) means the clock went back: it is reported and stays reported;
// the runs keep the order they were written in.
func TestRecordRunClockBack(t *testing.T) {
	db := MustOpenDB(t)
	s := &syncStore{db: db}
	ctx := context.Background()
	t0 := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name      string
		start     time.Time
		wantBack  bool
		wantFirst time.Time // the newest run listed
	}{
		{"first run", t0, false, t0},
		{"later", t0.Add(10 * time.Minute), false, t0.Add(10 * time.Minute)},
		{"a minute back (NTP, slack)", t0.Add(9 * time.Minute), false, t0.Add(9 * time.Minute)},
		{"an hour back", t0.Add(-time.Hour), true, t0.Add(-time.Hour)},
		{"forward again: still reported", t0.Add(time.Hour), true, t0.Add(time.Hour)},
	}
	for _, tt := range tests {
		if err := s.RecordRun(ctx, app.SyncRun{Start: tt.start, End: tt.start.Add(time.Second)}); err != nil {
			t.Fatal(err)
		}
		st, err := s.SyncState(ctx)
		if err != nil {
			t.Fatal(err)
		}
		runs, err := s.SyncRuns(ctx, 1)
		if err != nil {
			t.Fatal(err)
		}
		if st.ClockBack != tt.wantBack || !runs[0].Start.Equal(tt.wantFirst) {
			t.Errorf("%s: clock back %v, newest run %v; want %v, %v", tt.name, st.ClockBack, runs[0].Start, tt.wantBack, tt.wantFirst)
		}
	}
}
