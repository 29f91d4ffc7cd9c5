package ui

import (
	"errors"
	"slices"
	"testing"
)

// TestBusyJob: a job shows its bar while it runs (the page's refresh sees
// it busy as it starts and idle as it ends), a second one asked for
// meanwhile is ignored, and its end gets the work's error.
func TestBusyJob(t *testing.T) {
	b := newBusyIndicator()
	var later []func()
	var seen []bool
	var ends []error
	refresh := func() { seen = append(seen, b.busy()) }
	fail := errors.New("disk full")
	b.job(func(f func()) { later = append(later, f) }, "正在导出…", refresh, func() error { return fail }, func(err error) { ends = append(ends, err) })
	b.job(func(f func()) { later = append(later, f) }, "again", refresh, func() error { return nil }, func(err error) { ends = append(ends, err) })
	if len(later) != 1 || b.text.Text != "正在导出…" {
		t.Fatalf("%d jobs started, bar reads %q; want one, its text", len(later), b.text.Text)
	}
	later[0]()
	if !slices.Equal(seen, []bool{true, false}) || len(ends) != 1 || ends[0] != fail || b.busy() {
		t.Errorf("refresh saw busy %v, ends %v, busy after %v; want [true false], the error, idle", seen, ends, b.busy())
	}
}
