package linebreak

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// testWidth sets Chinese characters and full-width punctuation 2 units
// wide and everything else 1, like a real font in proportion.
func testWidth(r rune) float64 {
	if wide(r) {
		return 2
	}
	return 1
}

func TestLines(t *testing.T) {
	tests := []struct {
		name string
		text string
		max  float64
		want []string
	}{
		{"fits", "各位家长好", 10, []string{"各位家长好"}},
		{"breaks between Chinese characters", "各位家长您好", 8, []string{"各位家长", "您好"}},
		{"keeps the text's line breaks", "第一段\n\n第二段", 20, []string{"第一段", "", "第二段"}},
		{"keeps a paragraph's indent", "　　您好", 20, []string{"　　您好"}},
		{"empty text is one blank line", "", 10, []string{""}},

		// punctuation: see also TestLinesPunctuation
		{"。 takes the character before it along", "考试开始。请", 9, []string{"考试开", "始。请"}},
		{"《 goes with the title", "请看附件《表》", 10, []string{"请看附件", "《表》"}},
		{"a quote stays whole", "他说：“好。”", 11, []string{"他说：", "“好。”"}},
		{"a currency sign goes with its amount", "费用￥50元", 7, []string{"费用", "￥50元"}},
		{"a dash of two stays whole", "明天——", 5, []string{"明天", "——"}},

		// a number stays with its unit, and numbers, times, dates, words whole
		{"50 米", "跑步50 米", 8, []string{"跑步", "50 米"}},
		{"50米", "跑步50米快", 7, []string{"跑步", "50米快"}},
		{"3 班", "今天三年级3 班", 12, []string{"今天三年级", "3 班"}},
		{"12:30", "放学12:30", 7, []string{"放学", "12:30"}},
		{"95.5%", "及格率95.5%", 10, []string{"及格率", "95.5%"}},
		{"2026-12-04", "截止2026-12-04", 10, []string{"截止", "2026-12-04"}},
		{"full-width digits", "共１２３人", 8, []string{"共", "１２３人"}},
		{"a full-width time", "时间１２：３０", 10, []string{"时间", "１２：３０"}},
		{"keeps a Latin word whole", "请带2B铅笔", 6, []string{"请带2B", "铅笔"}},
		{"moves a word that does not fit", "请看homework", 8, []string{"请看", "homework"}},
		{"the unit is one character", "共50分钟", 6, []string{"共50分", "钟"}},

		// English breaks at spaces
		{"breaks at spaces between words", "one two three", 8, []string{"one two", "three"}},
		{"drops spaces at a wrapped line's start and end", "one   two", 5, []string{"one", "two"}},
		{"English numbers break at the space", "Grade 3 has 40 students", 11, []string{"Grade 3 has", "40 students"}},

		// never wider than the line
		{"breaks a word longer than a line", "abcdefghij", 4, []string{"abcd", "efgh", "ij"}},
		{"breaks a number longer than a line", "1234567890米", 4, []string{"1234", "5678", "90米"}},
		{"a line narrower than one character still progresses", "各位", 1, []string{"各", "位"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Lines(tt.text, tt.max, testWidth)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Lines(%q, %v) = %q, want %q", tt.text, tt.max, got, tt.want)
			}
		})
	}
}

// TestLinesPunctuation puts each closing punctuation mark where it would
// start the second line, and each opening one where it would end the
// first.
func TestLinesPunctuation(t *testing.T) {
	for _, p := range "。，、；：？！）」』】〕〉》”’…,.;:?!)]}%％" {
		// 学生们 fills the line of 6; the mark takes 们 along
		text := "学生们" + string(p) + "好"
		want := []string{"学生", "们" + string(p) + "好"}
		if got := Lines(text, 6, testWidth); !slices.Equal(got, want) {
			t.Errorf("closing %q: Lines(%q, 6) = %q, want %q", p, text, got, want)
		}
	}
	for _, p := range "（「『【〔〈《“‘([{￥$" {
		// the mark would end the line of 6; it goes with 们
		text := "学生" + string(p) + "们好"
		want := []string{"学生", string(p) + "们好"}
		if got := Lines(text, 6, testWidth); !slices.Equal(got, want) {
			t.Errorf("opening %q: Lines(%q, 6) = %q, want %q", p, text, got, want)
		}
	}
}

// TestLinesRules breaks a long notice at every width and checks every
// line against the rules: none wider than the width, none starting with
// closing or ending with opening punctuation, no name, number with its
// unit or word split (that fits on a line), and nothing lost.
func TestLinesRules(t *testing.T) {
	names := []string{"欧阳小明", "王芳"}
	text := "各位家长：本周五（12月4日）下午3:30举行“安全教育”讲座，请" + names[0] + "、" + names[1] +
		"等同学的家长准时参加。地点：学校礼堂【二楼】，全程约90 分钟；合格率须达95.5%！" +
		"Please bring the 《安全手册》 and arrive by 15:20... 谢谢！——校长"
	whole := []string{"12月", "3:30举", "90 分", "95.5%！", "15:20...", "Please", "arrive", "——"}
	// a name with the mark after it: the mark may not start a line
	whole = append(whole, names[0]+"、", names[1])
	for max := 6.0; max <= 60; max++ {
		lines := Lines(text, max, testWidth, names...)
		joined := strings.Join(lines, "\n")
		for i, l := range lines {
			w := textWidth(l)
			first, _ := utf8.DecodeRuneInString(l)
			last, _ := utf8.DecodeLastRuneInString(l)
			switch {
			case w > max:
				t.Errorf("width %v: line %q is %v wide", max, l, w)
			case i > 0 && closing(first):
				t.Errorf("width %v: line %q starts with closing punctuation", max, l)
			case i < len(lines)-1 && opening(last):
				t.Errorf("width %v: line %q ends with opening punctuation", max, l)
			}
		}
		for _, w := range whole {
			if textWidth(w) <= max && !strings.Contains(joined, w) {
				t.Errorf("width %v: %q is split: %q", max, w, lines)
			}
		}
		// the lines put back together, at a space or none, are the text
		if got := strings.Join(lines, ""); strings.ReplaceAll(got, " ", "") != strings.ReplaceAll(text, " ", "") {
			t.Errorf("width %v: the lines %q lose or add text", max, lines)
		}
	}
}

func textWidth(s string) float64 {
	w := 0.0
	for _, r := range s {
		w += testWidth(r)
	}
	return w
}

func TestLinesKeep(t *testing.T) {
	tests := []struct {
		name string
		text string
		keep []string
		max  float64
		want []string
	}{
		{"a name stays whole", "请欧阳小明家长", []string{"欧阳小明"}, 8, []string{"请", "欧阳小明", "家长"}},
		{"without keep a name may break", "请欧阳小明家长", nil, 8, []string{"请欧阳小", "明家长"}},
		{"several names", "我和李四、王芳好", []string{"李四", "王芳"}, 6, []string{"我和", "李四、", "王芳好"}},
		{"several names without keep", "我和李四、王芳好", nil, 6, []string{"我和李", "四、王", "芳好"}},
		{"every time it stands in the text", "他叫王芳，王芳好", []string{"王芳"}, 6, []string{"他叫", "王芳，", "王芳好"}},
		{"a Latin name stays whole", "Dear Li Hua,", []string{"Li Hua"}, 8, []string{"Dear", "Li Hua,"}},
		{"a name not in the text changes nothing", "各位家长您好", []string{"王芳", ""}, 8, []string{"各位家长", "您好"}},
		{"a name wider than a line is broken", "欧阳小明", []string{"欧阳小明"}, 4, []string{"欧阳", "小明"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Lines(tt.text, tt.max, testWidth, tt.keep...)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Lines(%q, %v, %q) = %q, want %q", tt.text, tt.max, tt.keep, got, tt.want)
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
			if got := Fit(tt.text, tt.max, textWidth); got != tt.want {
				t.Errorf("Fit(%q, %v) = %q, want %q", tt.text, tt.max, got, tt.want)
			}
		})
	}
}
