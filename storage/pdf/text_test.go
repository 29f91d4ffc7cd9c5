package pdf

import (
	"testing"
)

func TestClean(t *testing.T) {
	tests := []struct {
		name      string
		text      string
		wantText  string
		wantLines string
	}{
		{"line ends", "a\r\nb\rc", "a\nb\nc", "a b c"},
		{"tab", "a\tb", "a    b", "a b"},
		{"controls, joiners and variation selectors", "张\x00三\u200d❤\ufe0f", "张三❤", "张三❤"},
		{"surrounding space", "  王 小明\n", "  王 小明\n", "王小明"},
		{"spaces of a title", "关于 2026 年\tGrade 3 trip (Nov)", "关于 2026 年    Grade 3 trip (Nov)", "关于 2026 年 Grade 3 trip (Nov)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cleanText(tt.text); got != tt.wantText {
				t.Errorf("cleanText(%q) = %q, want %q", tt.text, got, tt.wantText)
			}
			if got := cleanLine(tt.text); got != tt.wantLines {
				t.Errorf("cleanLine(%q) = %q, want %q", tt.text, got, tt.wantLines)
			}
		})
	}
}
