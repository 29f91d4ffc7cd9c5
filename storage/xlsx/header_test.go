package xlsx

import (
	"reflect"
	"testing"
)

func TestSynonymTables(t *testing.T) {
	answers := newSchema(append(answerColumns, dayColumn), false, nil, "", "")
	for name, sc := range map[string]*schema{"roster": rosterSchema, "class": classSchema, "staff": staffSchema,
		"receipt": receiptSchema, "answer": answers, "orgs": orgSchema} {
		if len(sc.conflicts) > 0 {
			t.Errorf("%s: header names with two meanings: %q", name, sc.conflicts)
		}
		for n := range sc.roles {
			if got := normalizeHeader(n); got != n {
				t.Errorf("%s: synonym %q is not in normalised form (normalizeHeader gives %q): it can never match", name, n, got)
			}
		}
	}
}

func TestNormalizeHeader(t *testing.T) {
	tests := []struct{ in, want string }{
		{"姓名", "姓名"},
		{" 学生姓名 ", "学生姓名"},
		{"*姓名（必填）", "姓名"},
		{"班　级", "班级"},
		{"联系\n电话", "联系电话"},
		{"家长１电话", "家长1电话"},
		{"Student No.", "studentno"},
		{"ＮＡＭＥ", "name"},
		{"联系电话(选填)", "联系电话"},
		{"手机号码【11位】", "手机号码"},
		{"家长_2_姓名:", "家长2姓名"},
		{"学号)", "学号"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := normalizeHeader(tt.in); got != tt.want {
			t.Errorf("normalizeHeader(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// at is a resolved column for the matchHeader table.
type at struct {
	f     field
	group uint8
}

func TestMatchHeader(t *testing.T) {
	tests := []struct {
		name  string
		cells []string
		score int
		want  map[at]int // field (and guardian) → column
	}{
		{
			name:  "template",
			cells: []string{"学号", "姓名", "性别", "年级", "班级", "家长1姓名", "家长1关系", "家长1电话", "家长2姓名", "家长2关系", "家长2电话"},
			score: 11,
			want: map[at]int{{fStudentNo, 0}: 0, {fName, 0}: 1, {fGender, 0}: 2, {fGrade, 0}: 3, {fClass, 0}: 4,
				{fGuardianName, 1}: 5, {fRelation, 1}: 6, {fPhone, 1}: 7, {fGuardianName, 2}: 8, {fRelation, 2}: 9, {fPhone, 2}: 10},
		},
		{
			name:  "shuffled synonyms, 序号 ignored",
			cells: []string{"序号", "班别", "学生姓名", "联系电话", "监护人", "与学生关系", "学籍号", "备注"},
			score: 6,
			want: map[at]int{{fClass, 0}: 1, {fName, 0}: 2, {fPhone, 1}: 3, {fGuardianName, 1}: 4, {fRelation, 1}: 5,
				{fStudentNo, 0}: 6},
		},
		{
			name:  "father and mother columns",
			cells: []string{"姓名", "班级", "父亲姓名", "父亲电话", "母亲姓名", "母亲手机"},
			score: 6,
			want: map[at]int{{fName, 0}: 0, {fClass, 0}: 1, {fGuardianName, gFather}: 2, {fPhone, gFather}: 3,
				{fGuardianName, gMother}: 4, {fPhone, gMother}: 5},
		},
		{
			name:  "bare phone after father and mother",
			cells: []string{"姓名", "班级", "父亲", "电话", "母亲", "电话"},
			score: 6,
			want: map[at]int{{fName, 0}: 0, {fClass, 0}: 1, {fGuardianName, gFather}: 2, {fPhone, gFather}: 3,
				{fGuardianName, gMother}: 4, {fPhone, gMother}: 5},
		},
		{
			name:  "the same guardian columns twice",
			cells: []string{"姓名", "班级", "家长姓名", "联系电话", "家长姓名", "联系电话"},
			score: 6,
			want: map[at]int{{fName, 0}: 0, {fClass, 0}: 1, {fGuardianName, 1}: 2, {fPhone, 1}: 3,
				{fGuardianName, 2}: 4, {fPhone, 2}: 5},
		},
		{
			name:  "bare first guardian with numbered second",
			cells: []string{"姓名", "家长姓名", "家长2姓名", "联系电话", "联系电话2", "备用电话"},
			score: 5,
			want:  map[at]int{{fName, 0}: 0, {fGuardianName, 1}: 1, {fGuardianName, 2}: 2, {fPhone, 1}: 3, {fPhone, 2}: 4},
		},
		{
			name:  "second 姓名 is the guardian's",
			cells: []string{"姓名", "性别", "班级", "姓名", "关系", "电话"},
			score: 6,
			want:  map[at]int{{fName, 0}: 0, {fGender, 0}: 1, {fClass, 0}: 2, {fGuardianName, 1}: 3, {fRelation, 1}: 4, {fPhone, 1}: 5},
		},
		{
			name:  "english",
			cells: []string{"Name", "Student No", "Class", "Guardian", "Relation", "Phone"},
			score: 6,
			want:  map[at]int{{fName, 0}: 0, {fStudentNo, 0}: 1, {fClass, 0}: 2, {fGuardianName, 1}: 3, {fRelation, 1}: 4, {fPhone, 1}: 5},
		},
		{
			name:  "marks and full width",
			cells: []string{"*学生姓名（必填）", "班　级", "家长\n手机", "第二监护人", "第二监护人电话"},
			score: 5,
			want:  map[at]int{{fName, 0}: 0, {fClass, 0}: 1, {fPhone, 1}: 2, {fGuardianName, 2}: 3, {fPhone, 2}: 4},
		},
		{
			name:  "no student name column",
			cells: []string{"班级", "家长姓名", "联系电话"},
			score: 0,
		},
		{
			name:  "a title row",
			cells: []string{"某某小学2026学年学生名单", "", ""},
			score: 0,
		},
		{
			name:  "a data row",
			cells: []string{"1", "张三", "男", "三年级2班", "13812341234"},
			score: 0,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := matchHeader(tt.cells, rosterSchema)
			if h.score != tt.score {
				t.Errorf("score = %d, want %d (columns %q)", h.score, tt.score, h.columns)
			}
			if tt.score == 0 {
				return
			}
			got := make(map[at]int)
			for r, i := range h.cols {
				got[at{r.field, r.group}] = i
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("columns:\n got %v\nwant %v", got, tt.want)
			}
		})
	}
}

func TestMatchHeaderClassesAndStaff(t *testing.T) {
	h := matchHeader([]string{"序号", "年级", "班级名称", "班主任"}, classSchema)
	if h.score != 3 || h.col(fGrade, 0) != 1 || h.col(fClass, 0) != 2 || h.col(fHeadTeacher, 0) != 3 {
		t.Errorf("class header: score %d, cols %v", h.score, h.cols)
	}
	h = matchHeader([]string{"教师姓名", "岗位", "学科", "手机", "任教班级"}, staffSchema)
	if h.score != 5 || h.col(fName, 0) != 0 || h.col(fPost, 0) != 1 || h.col(fSubjects, 0) != 2 ||
		h.col(fPhone, 0) != 3 || h.col(fClasses, 0) != 4 {
		t.Errorf("staff header: score %d, cols %v", h.score, h.cols)
	}
}

func TestFixNumber(t *testing.T) {
	tests := []struct{ in, want string }{
		{"13812341234", "13812341234"},
		{"13812341234.0", "13812341234"},
		{"2026001.00", "2026001"},
		{"1.3812341234E10", "13812341234"},
		{"1.3812341234e+10", "13812341234"},
		{"1.38123412340E10", "13812341234"},
		{"1.38E+10", "1.38E+10"}, // digits Excel did not keep: left for the check to reject
		{"1.38123E+10", "1.38123E+10"},
		{"3.2", "3.2"},
		{"3.10", "3.10"},
		{"12E0", "12"},
		{"5E-1", "5E-1"},
		{".5", ".5"},
		{"-5.0", "-5.0"},
		{"1.2.3", "1.2.3"},
		{"E5", "E5"},
		{"1E", "1E"},
		{"1E123", "1E123"},
		{"张三", "张三"},
		{"", ""},
		{"138 1234 1234", "138 1234 1234"},
	}
	for _, tt := range tests {
		if got := fixNumber(tt.in); got != tt.want {
			t.Errorf("fixNumber(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
