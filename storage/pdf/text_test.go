package pdf

import (
	"slices"
	"testing"
)

// testWidth sets Chinese characters and full-width punctuation 2 units
// wide and everything else 1, like a real font in proportion.
func testWidth(r rune) float64 {
	if wide(r) {
		return 2
	}
	return 1
}

func TestWrap(t *testing.T) {
	tests := []struct {
		name string
		text string
		max  float64
		want []string
	}{
		{"fits", "各位家长好", 10, []string{"各位家长好"}},
		{"breaks between Chinese characters", "各位家长您好", 8, []string{"各位家长", "您好"}},
		{"keeps a Latin word whole", "请带2B铅笔", 6, []string{"请带2B", "铅笔"}},
		{"breaks at spaces between words", "one two three", 8, []string{"one two", "three"}},
		{"moves a word that does not fit", "请看homework", 8, []string{"请看", "homework"}},
		{"breaks a word longer than a line", "abcdefghij", 4, []string{"abcd", "efgh", "ij"}},
		{"no closing punctuation at a line start", "考试开始。请", 9, []string{"考试开", "始。请"}},
		{"no opening punctuation at a line end", "请看附件《表》", 10, []string{"请看附件", "《表》"}},
		{"keeps the text's line breaks", "第一段\n\n第二段", 20, []string{"第一段", "", "第二段"}},
		{"drops spaces at a wrapped line's start and end", "one   two", 5, []string{"one", "two"}},
		{"keeps a paragraph's indent", "　　您好", 20, []string{"　　您好"}},
		{"empty text is one blank line", "", 10, []string{""}},
		{"a line narrower than one character still progresses", "各位", 1, []string{"各", "位"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := wrap(tt.text, tt.max, testWidth)
			if !slices.Equal(got, tt.want) {
				t.Errorf("wrap(%q, %v) = %q, want %q", tt.text, tt.max, got, tt.want)
			}
		})
	}
}

func TestFit(t *testing.T) {
	tests := []struct {
		name string
		text string
		max  float64
		want string
	}{
		{"fits", "期末考试", 8, "期末考试"},
		{"shortened with an ellipsis", "关于期末考试的通知", 8, "关于期…"},
		{"no space before the ellipsis", "ab cd", 4, "ab…"},
		{"nothing fits", "期末", 1, "…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := fit(tt.text, tt.max, testWidth); got != tt.want {
				t.Errorf("fit(%q, %v) = %q, want %q", tt.text, tt.max, got, tt.want)
			}
		})
	}
}

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
