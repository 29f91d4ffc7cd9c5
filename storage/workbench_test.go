package storage

import (
	"context"
	"testing"
	"time"

	"jxj/app"
)

// The workbench of the cockpit's school, as the administrator, 王芳 and
// 李强 see it: on 2026-11-27 only 一年级1班 has not taken the roll; on
// 2026-11-30 nobody has, and 期末考试 is written that day with no score.
func TestWorkbench(t *testing.T) {
	cs := newCockpitSchool(t)
	li := cs.liCtx(t)
	tests := []struct {
		name     string
		ctx      context.Context
		day      string
		notTaken int
		exams    int
		rollItem bool // the to-do list opens with the classes not taken
		// homework due that day, the check-in of 三年级2班 (23rd to 27th),
		// leave waiting for the account (as the cockpit counts it)
		homework, checkins, leaves int
	}{
		// 期中考试: 孙八 (三年级3班) has no score
		{"admin, 27th", adminCtx, "2026-11-27", 1, 1, true, 0, 1, 3},
		// 王芳's classes took the roll and are scored in full
		{"王芳, 27th", cs.wang, "2026-11-27", 0, 0, false, 0, 1, 1},
		// 李强's class has not; a teacher's list has no roll call item
		{"李强, 27th", li, "2026-11-27", 1, 0, false, 0, 0, 0},
		// 期末考试 of 三年级2班 and 一年级1班; 一年级数学 of the 25th is full
		{"admin, 30th", adminCtx, "2026-11-30", 4, 2, true, 1, 0, 3},
		{"王芳, 30th", cs.wang, "2026-11-30", 2, 1, false, 1, 0, 1},
		{"李强, 30th", li, "2026-11-30", 1, 1, false, 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cs.db.Now = func() time.Time { return at(tt.day, 8) }
			w, err := cs.db.Services().Workbench.Workbench(tt.ctx)
			if err != nil {
				t.Fatal(err)
			}
			if w.Counts.NotTaken != tt.notTaken || w.Counts.Exams != tt.exams {
				t.Errorf("not taken, exams to fill = %d, %d; want %d, %d", w.Counts.NotTaken, w.Counts.Exams, tt.notTaken, tt.exams)
			}
			if c := w.Counts; c.Homework != tt.homework || c.Checkins != tt.checkins || c.Leaves != tt.leaves {
				t.Errorf("homework, check-ins, leave = %d, %d, %d; want %d, %d, %d", c.Homework, c.Checkins, c.Leaves, tt.homework, tt.checkins, tt.leaves)
			}
			gotRoll := len(w.Todo) > 0 && w.Todo[0].Kind == app.TodoRollCall
			if gotRoll != tt.rollItem {
				t.Errorf("roll call item first = %v, want %v (to-do %+v)", gotRoll, tt.rollItem, w.Todo)
			}
			if gotRoll && w.Todo[0].Total != tt.notTaken {
				t.Errorf("roll call item names %d classes, want %d", w.Todo[0].Total, tt.notTaken)
			}
		})
	}
}

// BenchmarkWorkbench computes the administrator's workbench on the
// cockpit's school (cockpitBenchSchool: a year of homework, notices,
// surveys and attendance) on the day the cockpit is looked at.
func BenchmarkWorkbench(b *testing.B) {
	db, today := cockpitBenchSchool(b)
	db.Now = func() time.Time { return today.Add(8 * time.Hour) }
	svc := db.Services().Workbench
	for b.Loop() {
		w, err := svc.Workbench(adminCtx)
		if err != nil {
			b.Fatal(err)
		}
		if w.Counts.Notices == 0 || w.Counts.Surveys == 0 || w.Counts.Leaves == 0 {
			b.Fatalf("a workbench missing counts: %+v", w.Counts)
		}
	}
}
