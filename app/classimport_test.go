package app

import "testing"

func TestParseClassName(t *testing.T) {
	tests := []struct {
		name         string
		grade, class string
		want         ClassKey
		ok           bool
	}{
		{"numbered, one cell", "", "三年级2班", ClassKey{3, "2班"}, true},
		{"numbered, two cells", "三年级", "（2）班", ClassKey{3, "2班"}, true},
		{"dotted", "", "3.2", ClassKey{3, "2班"}, true},
		{"named, two cells", "三年级", "火箭班", ClassKey{3, "火箭班"}, true},
		{"named, arabic grade", "3年级", "火箭班", ClassKey{3, "火箭班"}, true},
		{"named, bare grade number", "3", "火箭班", ClassKey{3, "火箭班"}, true},
		{"named, one cell", "", "三年级火箭班", ClassKey{3, "火箭班"}, true},
		{"named, middle school", "", "初一实验班", ClassKey{7, "实验班"}, true},
		{"named, high school", "高二", "英才班", ClassKey{11, "英才班"}, true},
		{"named, grade written twice", "三年级", "三年级火箭班", ClassKey{3, "火箭班"}, true},
		{"named, spaces and full width", "三 年级", " 火箭班 ", ClassKey{3, "火箭班"}, true},
		{"named without grade", "", "火箭班", ClassKey{}, false},
		{"bare number is no grade", "", "3火箭班", ClassKey{}, false},
		{"grade out of range", "13", "火箭班", ClassKey{}, false},
		{"unreadable grade", "幼儿园", "大班", ClassKey{}, false},
		{"name is a grade", "三年级", "四年级", ClassKey{}, false},
		{"empty name", "三年级", "", ClassKey{}, false},
		{"name too long", "三年级", "一二三四五六七八九十一二三四五六七", ClassKey{}, false},
		{"nothing", "", "", ClassKey{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := ParseClassName(tt.grade, tt.class)
			if got != tt.want || ok != tt.ok {
				t.Errorf("ParseClassName(%q, %q) = %v, %v; want %v, %v", tt.grade, tt.class, got, ok, tt.want, tt.ok)
			}
		})
	}
}
