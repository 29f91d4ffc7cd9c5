package ui

import (
	"errors"
	"fmt"
	"slices"
	"testing"
)

// TestSaveQueue: a change waits for the save running and goes with the
// others that came meanwhile, a later change of the same thing replaces
// it, a failed save keeps its changes for the retry unless changed again,
// and the page hears each step.
func TestSaveQueue(t *testing.T) {
	type change struct {
		id    int
		value string
	}
	var (
		works []func()   // saves started, not yet run
		sent  [][]change // what each save sent
		steps []string
		fail  error
	)
	q := &saveQueue[int, change]{
		run: func(f func()) { works = append(works, f) },
		key: func(c change) int { return c.id },
		order: func(p map[int]change) []change {
			var out []change
			for _, c := range p {
				out = append(out, c)
			}
			slices.SortFunc(out, func(x, y change) int { return x.id - y.id })
			return out
		},
		save: func(cs []change) func() error {
			return func() error { sent = append(sent, cs); return fail }
		},
		shown: func(s saveStep, n int, err error) { steps = append(steps, fmt.Sprint(s, n, err != nil)) },
	}
	finish := func() { // the oldest save ends
		t.Helper()
		if len(works) == 0 {
			t.Fatal("no save is running")
		}
		f := works[0]
		works = works[1:]
		f()
	}

	q.put(change{1, "a"})
	q.put(change{2, "b"}, change{1, "c"}) // while the first runs
	if len(works) != 1 || !q.unsaved() {
		t.Fatalf("%d saves started while one ran; want 1, the rest waiting", len(works))
	}
	finish()
	finish()
	if want := fmt.Sprint([][]change{{{1, "a"}}, {{1, "c"}, {2, "b"}}}); fmt.Sprint(sent) != want {
		t.Errorf("sent %v; want %s", sent, want)
	}
	if q.unsaved() {
		t.Error("unsaved after every save ended")
	}

	// a failed save keeps its changes, except one changed meanwhile
	fail = errors.New("disk full")
	q.put(change{3, "d"}, change{4, "e"})
	q.put(change{4, "f"})
	finish()
	if !q.unsaved() || len(works) != 0 {
		t.Fatalf("after a failure: unsaved %v, %d saves running; want kept, none running", q.unsaved(), len(works))
	}
	fail = nil
	q.flush() // the retry
	finish()
	if last := fmt.Sprint(sent[len(sent)-1]); last != fmt.Sprint([]change{{3, "d"}, {4, "f"}}) {
		t.Errorf("the retry sent %s; want 3=d and the newer 4=f", last)
	}
	if want := []string{"0 1 false", "0 2 false", "2 2 false", "0 2 false", "1 2 true", "0 2 false", "2 2 false"}; !slices.Equal(steps, want) {
		t.Errorf("steps %q; want %q", steps, want)
	}

	q.put(change{5, "g"})
	q.put(change{6, "h"})
	q.drop() // the page loaded again: 6 waited, 5 is on its way
	finish()
	if q.unsaved() || len(sent[len(sent)-1]) != 1 {
		t.Errorf("after drop: unsaved %v, last sent %v; want nothing left", q.unsaved(), sent[len(sent)-1])
	}
}
