package storage

import (
	"slices"
	"testing"

	"jxj/app"
)

func TestImportClasses(t *testing.T) {
	db := MustOpenDB(t)
	mustSetup(t, db)
	svc := db.Services()
	if _, err := svc.Staff.ImportStaff(adminCtx, []app.StaffRow{
		{Line: 2, Name: "王芳", Phone: "13900000001"},
		{Line: 3, Name: "李强", Phone: "13900000002"},
		{Line: 4, Name: "李强", Phone: "13900000003"}, // a namesake
	}); err != nil {
		t.Fatal(err)
	}

	rows := []app.ClassRow{
		{Line: 2, GradeText: "三年级", ClassText: "2班", HeadTeacher: "王芳"},
		{Line: 3, GradeText: "三年级", ClassText: "火箭班"},
		{Line: 4, ClassText: "3.2"},                                     // same class as line 2
		{Line: 5, GradeText: "幼儿园", ClassText: "大班"},                    // no grade
		{Line: 6, GradeText: "四年级", ClassText: "1班", HeadTeacher: "赵六"}, // unknown teacher
		{Line: 7, GradeText: "四年级", ClassText: "2班", HeadTeacher: "李强"}, // two of them
		{Line: 8, ClassText: "初一(10)班", HeadTeacher: " 王 芳 "},
		{Line: 9},
	}
	preview, err := svc.Classes.PreviewClasses(adminCtx, rows)
	if err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, `SELECT count(*) FROM classes`); n != 0 {
		t.Errorf("preview wrote %d classes", n)
	}
	plan, err := svc.Classes.ImportClasses(adminCtx, rows)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []*app.ImportPlan{preview, plan} {
		if got, want := planCounts(p), (counts{added: 3, rejected: 5}); got != want {
			t.Errorf("counts = %+v; want %+v", got, want)
		}
	}
	wantReasons := map[int]string{
		4: "storage.class.reject.duplicate",
		5: "storage.class.reject.class_bad",
		6: "storage.class.reject.teacher_unknown",
		7: "storage.class.reject.teacher_ambiguous",
		9: "import.reject.class_missing",
	}
	for _, r := range plan.Rejected {
		if r.Reason.Key != wantReasons[r.Line] {
			t.Errorf("line %d rejected with %s; want %s", r.Line, r.Reason.Key, wantReasons[r.Line])
		}
	}

	classes, err := svc.Classes.Classes(adminCtx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range classes {
		got = append(got, c.Label()+"/"+c.HeadTeacherName)
	}
	if want := []string{"三年级2班/王芳", "三年级火箭班/", "七年级10班/王芳"}; !slices.Equal(got, want) {
		t.Errorf("classes = %v; want %v", got, want)
	}

	// again: unchanged; a new head teacher: updated; an empty cell keeps
	plan, err = svc.Classes.ImportClasses(adminCtx, []app.ClassRow{
		{Line: 2, GradeText: "三年级", ClassText: "2班", HeadTeacher: "王芳"},
		{Line: 3, GradeText: "三年级", ClassText: "火箭班", HeadTeacher: "王芳"},
		{Line: 4, GradeText: "七年级", ClassText: "10班"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := planCounts(plan), (counts{updated: 1, unchanged: 2}); got != want {
		t.Errorf("second import counts = %+v; want %+v", got, want)
	}
	if n := count(t, db, `SELECT count(*) FROM classes WHERE head_teacher_id IS NOT NULL`); n != 3 {
		t.Errorf("classes with a head teacher = %d; want 3", n)
	}
	if n := count(t, db, `SELECT count(*) FROM audit WHERE action = 'class.import'`); n != 2 {
		t.Errorf("class.import audit rows = %d; want 2", n)
	}

	_, err = svc.Classes.ImportClasses(as(app.RoleTeacher), rows)
	wantCode(t, err, app.EFORBIDDEN, "error.admin_only")
}
