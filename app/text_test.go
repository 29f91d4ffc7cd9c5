package app

import "testing"

func TestCleanTitle(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  秋季  运动会 ", "秋季运动会"},
		{"Grade 3 trip", "Grade 3 trip"},
		{"Notice  2", "Notice 2"},
		{"关于 2026 年 寒假 安排", "关于 2026 年寒假安排"},
		{"\t开学\u3000通知\n", "开学通知"},
		{"Term 1:  plan", "Term 1: plan"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := CleanTitle(tt.in); got != tt.want {
			t.Errorf("CleanTitle(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
