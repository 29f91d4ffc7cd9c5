package app

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"jxj/app/i18n"
)

// Class is a class of the school in a school year: a grade (1–12) and a
// name such as "2班".
type Class struct {
	ID              int64
	Year            int  // the school year (2026 for 2026–2027)
	Past            bool // of a year before the current one: read only
	Grade           int
	Name            string
	HeadTeacherID   int64  // staff id, 0 for none
	HeadTeacherName string // filled on read
	StudentCount    int    // filled on read
}

// Label is the class as people say it, e.g. 三年级2班; a past year's
// class names its year, 三年级2班（2025—2026学年）, so it is not taken for
// this year's class of that name.
func (c *Class) Label() string {
	if c.Past {
		return i18n.T("class.label_past", ClassLabel(c.Grade, c.Name), SchoolYearName(c.Year))
	}
	return ClassLabel(c.Grade, c.Name)
}

// OwnClass is the class a teacher's pages open on: of classes (in the
// order given), the one a heads, else the first a teaches; nil when a
// teaches none of them.
func OwnClass(a *Account, classes []*Class) *Class {
	var first *Class
	for _, c := range classes {
		if !a.TeachesClass(c.ID) {
			continue
		}
		if a.StaffID != 0 && c.HeadTeacherID == a.StaffID {
			return c
		}
		if first == nil {
			first = c
		}
	}
	return first
}

// ClassLabel formats a grade and class name in the current language:
// 三年级2班, Grade 3 Class 2. Every class the program shows, prints or
// exports is named by it.
func ClassLabel(grade int, name string) string {
	return i18n.T("class.label", GradeName(grade), ClassName(name))
}

// reNumberedClass is a class named by its number, as rosters name them
// and the import stores them: 2班, 12班.
var reNumberedClass = regexp.MustCompile(`^(\d{1,2})班$`)

// ClassName is a class's own name in the current language: a numbered
// class (2班) is "Class 2" in English; any other name (火箭班) is the
// school's and stays as it is.
func ClassName(name string) string {
	if m := reNumberedClass.FindStringSubmatch(name); m != nil {
		return i18n.T("class.number", m[1])
	}
	return name
}

// GradeName is the name of grade 1–12 (一年级 … 九年级, 高一 … 高三).
func GradeName(grade int) string {
	if grade < MinGrade || grade > MaxGrade {
		return i18n.T("grade.unknown", grade)
	}
	return i18n.T("grade." + strconv.Itoa(grade))
}

// The grades a class may be in: 1–6 primary, 7–9 middle, 10–12 high school.
const (
	MinGrade = 1
	MaxGrade = 12
)

// ClassKey identifies a class by grade and name, before it has an id.
type ClassKey struct {
	Grade int
	Name  string
}

// ClassService reads and imports the school's classes.
type ClassService interface {
	Classes(ctx context.Context) ([]*Class, error)
	// PreviewClasses plans an import of class rows without writing.
	PreviewClasses(ctx context.Context, rows []ClassRow) (*ImportPlan, error)
	// ImportClasses plans and applies an import in one transaction.
	ImportClasses(ctx context.Context, rows []ClassRow) (*ImportPlan, error)
}

// ClassRow is one row of a class sheet (年级, 班级, 班主任).
type ClassRow struct {
	Line        int
	GradeText   string
	ClassText   string
	HeadTeacher string
}

var (
	gradePart = `([一二三四五六七八九]|1[0-2]|[1-9]|初[一二三]|高[一二三])`
	numPart   = `(\d{1,2}|[一二三四五六七八九十]{1,3})`
	// 三年级2班, 三(2)班, 初一3班, 高二（1）班
	reGradeClass = regexp.MustCompile(`^` + gradePart + `(?:年级)?\(?` + numPart + `\)?班?$`)
	// 3.2, 3-2, 3_2
	reDotted = regexp.MustCompile(`^(1[0-2]|[1-9])[.\-_/](\d{1,2})$`)
	// 2班, (2)班, 02
	reClassOnly = regexp.MustCompile(`^\(?` + numPart + `\)?班?$`)
	// 三年级, 3年级, 3, 初一, 高二
	reGradeOnly = regexp.MustCompile(`^` + gradePart + `(?:年级)?$`)
)

// ParseClass reads a class from the grade and class cells of a sheet: the
// class cell alone ("三年级(2)班", "3.2") or with a grade cell ("三年级" +
// "2班"). Full-width characters and spaces are accepted. It returns ok
// false when it cannot tell the grade and class number.
func ParseClass(gradeText, classText string) (key ClassKey, ok bool) {
	g := normalizeClassText(gradeText)
	c := normalizeClassText(classText)
	// a grade cell and a bare class number first: "二十班" alone would
	// read as grade 二, class 十
	gm := reGradeOnly.FindStringSubmatch(g)
	cm := reClassOnly.FindStringSubmatch(c)
	if gm != nil && cm != nil {
		return makeClassKey(parseGrade(gm[1]), cm[1])
	}
	if m := reGradeClass.FindStringSubmatch(c); m != nil {
		return makeClassKey(parseGrade(m[1]), m[2])
	}
	if m := reDotted.FindStringSubmatch(c); m != nil {
		grade, _ := strconv.Atoi(m[1])
		return makeClassKey(grade, m[2])
	}
	return ClassKey{}, false
}

func makeClassKey(grade int, num string) (ClassKey, bool) {
	n := parseSmallNumber(num)
	if grade < MinGrade || grade > MaxGrade || n < 1 || n > 99 {
		return ClassKey{}, false
	}
	return ClassKey{Grade: grade, Name: fmt.Sprintf("%d班", n)}, true
}

func normalizeClassText(s string) string {
	s = NarrowText(s)
	s = strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '\u3000':
			return -1
		case '（':
			return '('
		case '）':
			return ')'
		}
		return r
	}, s)
	return s
}

func parseGrade(s string) int {
	switch {
	case strings.HasPrefix(s, "初"):
		return 6 + parseSmallNumber(strings.TrimPrefix(s, "初"))
	case strings.HasPrefix(s, "高"):
		return 9 + parseSmallNumber(strings.TrimPrefix(s, "高"))
	}
	return parseSmallNumber(s)
}

// parseSmallNumber reads 1–99 in Arabic or Chinese numerals (三, 十二,
// 二十); it returns 0 for anything else.
func parseSmallNumber(s string) int {
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	digits := map[rune]int{'一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
	rs := []rune(s)
	switch {
	case len(rs) == 1 && rs[0] == '十':
		return 10
	case len(rs) == 1:
		return digits[rs[0]]
	case len(rs) == 2 && rs[0] == '十':
		return 10 + digits[rs[1]]
	case len(rs) == 2 && rs[1] == '十' && digits[rs[0]] > 0:
		return digits[rs[0]] * 10
	case len(rs) == 3 && rs[1] == '十' && digits[rs[0]] > 0 && digits[rs[2]] > 0:
		return digits[rs[0]]*10 + digits[rs[2]]
	}
	return 0
}
