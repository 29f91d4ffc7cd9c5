//go:build !windows

package desktop

import (
	"strings"
	"testing"
)

func TestWrapKeepsLinesShort(t *testing.T) {
	in := "What to do: install the graphics driver and Mesa (Debian/UOS/Kylin: sudo apt install libgl1-mesa-dri libglx-mesa0), then open jxj again.\n\nTechnical details"
	got := wrap(in, 40)
	for _, l := range strings.Split(got, "\n") {
		if len(l) > 40 {
			t.Errorf("line longer than 40: %q", l)
		}
	}
	if strings.Join(strings.Fields(got), " ") != strings.Join(strings.Fields(in), " ") {
		t.Errorf("wrap changed the words: %q", got)
	}
	if !strings.Contains(got, "again.\n\nTechnical") {
		t.Errorf("paragraphs lost: %q", got)
	}
}
