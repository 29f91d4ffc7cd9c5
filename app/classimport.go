package app

import (
	"regexp"
	"unicode/utf8"
)

// MaxClassNameLen is the longest class name, in characters, a class may have.
const MaxClassNameLen = 16

// reGradePrefix matches a class cell that starts with its grade: 三年级火箭班,
// 3年级实验班, 初一英才班. The grade needs its 年级 (or 初/高) so that a bare
// number is never read as one.
var reGradePrefix = regexp.MustCompile(`^(?:([一二三四五六七八九]|1[0-2]|[1-9])年级|(初[一二三]|高[一二三]))(.+)$`)

// ParseClassName reads a class as ParseClass does and also accepts a class
// whose name is not a number, such as 火箭班: from a grade cell and a name
// cell (三年级 + 火箭班) or from one cell that starts with the grade
// (三年级火箭班, 初一实验班). Numbered classes come back as ParseClass gives
// them (2班), so both spellings of a class meet on one key.
func ParseClassName(gradeText, classText string) (ClassKey, bool) {
	if key, ok := ParseClass(gradeText, classText); ok {
		return key, true
	}
	g := normalizeClassText(gradeText)
	c := normalizeClassText(classText)
	if g != "" {
		gm := reGradeOnly.FindStringSubmatch(g)
		if gm == nil {
			return ClassKey{}, false
		}
		grade := parseGrade(gm[1])
		if m := reGradePrefix.FindStringSubmatch(c); m != nil && parseGrade(m[1]+m[2]) == grade {
			c = m[3] // the grade written twice: 三年级 + 三年级火箭班
		}
		return makeNamedClassKey(grade, c)
	}
	m := reGradePrefix.FindStringSubmatch(c)
	if m == nil {
		return ClassKey{}, false
	}
	grade := m[1]
	if grade == "" {
		grade = m[2]
	}
	return makeNamedClassKey(parseGrade(grade), m[3])
}

// makeNamedClassKey checks a grade and a class name that is not a number.
func makeNamedClassKey(grade int, name string) (ClassKey, bool) {
	n := utf8.RuneCountInString(name)
	if grade < MinGrade || grade > MaxGrade || n == 0 || n > MaxClassNameLen {
		return ClassKey{}, false
	}
	// a name that is itself a grade or a bare number is a cell in the wrong
	// column, not a class name
	if reGradeOnly.MatchString(name) || reClassOnly.MatchString(name) {
		return ClassKey{}, false
	}
	return ClassKey{Grade: grade, Name: name}, true
}
