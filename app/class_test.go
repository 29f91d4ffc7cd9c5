package app

import (
	"strings"
	"testing"

	"jxj/app/i18n"
)

func TestParseClass(t *testing.T) {
	tests := []struct {
		grade, class string
		want         ClassKey
		ok           bool
	}{
		{"", "三年级2班", ClassKey{3, "2班"}, true},
		{"", "三年级(2)班", ClassKey{3, "2班"}, true},
		{"", "三年级（2）班", ClassKey{3, "2班"}, true},
		{"", "三(2)班", ClassKey{3, "2班"}, true},
		{"", "3年级2班", ClassKey{3, "2班"}, true},
		{"", "3.2", ClassKey{3, "2班"}, true},
		{"", "3-12", ClassKey{3, "12班"}, true},
		{"", "初一3班", ClassKey{7, "3班"}, true},
		{"", "高二（1）班", ClassKey{11, "1班"}, true},
		{"", "七年级十一班", ClassKey{7, "11班"}, true},
		{"三年级", "2班", ClassKey{3, "2班"}, true},
		{"三年级", "(2)班", ClassKey{3, "2班"}, true},
		{"3", "02", ClassKey{3, "2班"}, true},
		{"３年级", "２班", ClassKey{3, "2班"}, true},
		{" 三年级 ", " 2 班 ", ClassKey{3, "2班"}, true},
		{"初二", "二十班", ClassKey{8, "20班"}, true},
		{"", "2班", ClassKey{}, false},
		{"", "", ClassKey{}, false},
		{"", "火箭班", ClassKey{}, false},
		{"十三年级", "1班", ClassKey{}, false},
		{"", "13.1", ClassKey{}, false},
		{"三年级", "0班", ClassKey{}, false},
	}
	for _, tt := range tests {
		got, ok := ParseClass(tt.grade, tt.class)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseClass(%q, %q) = %v, %v; want %v, %v", tt.grade, tt.class, got, ok, tt.want, tt.ok)
		}
	}
}

func TestClassLabel(t *testing.T) {
	defer i18n.SetLanguage(i18n.Language())
	i18n.SetLanguage(i18n.Chinese)
	if got, want := ClassLabel(3, "2班"), "三年级2班"; got != want {
		t.Errorf("ClassLabel = %q, want %q", got, want)
	}
	if got, want := ClassLabel(10, "1班"), "高一1班"; got != want {
		t.Errorf("ClassLabel = %q, want %q", got, want)
	}
	i18n.SetLanguage(i18n.English)
	tests := []struct {
		grade int
		name  string
		want  string
	}{
		{3, "2班", "Grade 3 Class 2"},
		{10, "12班", "Grade 10 Class 12"},
		{1, "火箭班", "Grade 1 火箭班"},      // a school's own name stays
		{1, "2班级", "Grade 1 2班级"},      // not a numbered class
		{13, "1班", "Grade 13 Class 1"}, // a grade out of range still reads in English
	}
	for _, tt := range tests {
		if got := ClassLabel(tt.grade, tt.name); got != tt.want {
			t.Errorf("ClassLabel(%d, %q) in English = %q, want %q", tt.grade, tt.name, got, tt.want)
		}
	}
	past := &Class{Grade: 2, Name: "3班", Year: 2025, Past: true}
	if got := past.Label(); !strings.HasPrefix(got, "Grade 2 Class 3 (") || strings.Contains(got, "班") {
		t.Errorf("a past class in English = %q, want Grade 2 Class 3 (its year)", got)
	}
}

func TestCleanName(t *testing.T) {
	tests := []struct{ in, want string }{
		{" 张三 ", "张三"},
		{"张　三", "张三"},
		{"张 三", "张三"},
		{"\t李喆\n", "李喆"},
		{"Anna  Li", "Anna Li"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := CleanName(tt.in); got != tt.want {
			t.Errorf("CleanName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestOwnClass(t *testing.T) {
	classes := []*Class{{ID: 1, Grade: 3}, {ID: 2, Grade: 3, HeadTeacherID: 7}, {ID: 3, Grade: 4, HeadTeacherID: 8}}
	tests := []struct {
		name string
		a    *Account
		want int64
	}{
		{"head teacher of a later class", &Account{StaffID: 7, ClassIDs: []int64{3, 1, 2}}, 2},
		{"no class headed: the first taught", &Account{StaffID: 9, ClassIDs: []int64{3, 2}}, 2},
		{"heads a class not among theirs", &Account{StaffID: 8, ClassIDs: []int64{1}}, 1},
		{"no account staff", &Account{ClassIDs: []int64{3}}, 3},
		{"no classes", &Account{StaffID: 7}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got int64
			if c := OwnClass(tt.a, classes); c != nil {
				got = c.ID
			}
			if got != tt.want {
				t.Errorf("OwnClass = %d, want %d", got, tt.want)
			}
		})
	}
}
