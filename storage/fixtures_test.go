package storage

import (
	"fmt"
	"testing"

	"jxj/app"
)

// seedStaffAndClasses imports staff and classes through the services:
// 王芳 heads 三年级2班 and teaches 三年级10班; 李强 heads 一年级1班.
func seedStaffAndClasses(t testing.TB, db *DB) {
	t.Helper()
	s := db.Services()
	if _, err := s.Staff.ImportStaff(adminCtx, []app.StaffRow{
		{Line: 2, Name: "王芳", Post: "班主任", Subjects: "语文", Phone: "13900000001"},
		{Line: 3, Name: "李强", Post: "教师", Subjects: "数学", Phone: "13900000002"},
	}); err != nil {
		t.Fatal(err)
	}
	plan, err := s.Classes.ImportClasses(adminCtx, []app.ClassRow{
		{Line: 2, GradeText: "三年级", ClassText: "2班", HeadTeacher: "王芳"},
		{Line: 3, GradeText: "三年级", ClassText: "10班"},
		{Line: 4, GradeText: "一年级", ClassText: "1班", HeadTeacher: "李强"},
	})
	if err != nil || plan.Added != 3 {
		t.Fatalf("ImportClasses = %+v, %v; want 3 added", plan, err)
	}
	if _, err := s.Staff.ImportStaff(adminCtx, []app.StaffRow{
		{Line: 2, Name: "王芳", Phone: "13900000001", Classes: "三年级10班"},
	}); err != nil {
		t.Fatal(err)
	}
}

// classIDs maps class labels (三年级2班) to ids.
func classIDs(t testing.TB, db *DB) map[string]int64 {
	t.Helper()
	classes, err := db.Services().Classes.Classes(adminCtx)
	if err != nil {
		t.Fatal(err)
	}
	ids := make(map[string]int64)
	for _, c := range classes {
		ids[c.Label()] = c.ID
	}
	return ids
}

// rrow builds a roster row; guardians come in threes: name, relation, phone.
func rrow(line int, name, gender, no, class string, guardians ...string) app.RosterRow {
	r := app.RosterRow{Line: line, Name: name, Gender: gender, StudentNo: no, ClassText: class}
	for i := 0; i+2 < len(guardians); i += 3 {
		r.Guardians = append(r.Guardians, app.GuardianInput{Name: guardians[i], Relation: guardians[i+1], Phone: guardians[i+2]})
	}
	return r
}

// bigRoster is a school of n students in 5 grades of 10 classes, each with
// two guardians of their own (2n guardians).
func bigRoster(n int) []app.RosterRow {
	rows := make([]app.RosterRow, n)
	surnames := []rune("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗")
	given := []rune("伟芳娜敏静丽强磊洋艳勇军杰娟涛明超秀霞平刚桂")
	for i := range rows {
		s, g := surnames[i%len(surnames)], given[(i/len(surnames))%len(given)]
		grade := 1 + (i/10)%5
		class := 1 + i%10
		rows[i] = app.RosterRow{
			Line:      i + 2,
			Name:      string([]rune{s, g, given[i%7]}),
			Gender:    []string{"男", "女"}[i%2],
			StudentNo: fmt.Sprintf("2025%05d", i),
			ClassText: fmt.Sprintf("%d.%d", grade, class),
			Guardians: []app.GuardianInput{
				{Name: string([]rune{s, '父'}), Relation: "父亲", Phone: fmt.Sprintf("138%08d", i)},
				{Name: string([]rune{'母', g}), Relation: "母亲", Phone: fmt.Sprintf("139%08d", i)},
			},
		}
	}
	return rows
}
