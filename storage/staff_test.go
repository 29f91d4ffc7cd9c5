package storage

import (
	"slices"
	"testing"

	"jxj/app"
)

func TestImportStaff(t *testing.T) {
	db := MustOpenDB(t)
	mustSetup(t, db)
	svc := db.Services()
	if _, err := svc.Classes.ImportClasses(adminCtx, []app.ClassRow{
		{Line: 2, GradeText: "三年级", ClassText: "2班"},
		{Line: 3, GradeText: "三年级", ClassText: "3班"},
		{Line: 4, GradeText: "三年级", ClassText: "火箭班"},
	}); err != nil {
		t.Fatal(err)
	}
	ids := classIDs(t, db)

	rows := []app.StaffRow{
		{Line: 2, Name: "王芳", Post: "班主任", Subjects: "语文、数学", Phone: "139-0000-0001", Classes: "三年级2班、三年级（3）班，3.2"},
		{Line: 3, Name: "李强", Phone: "13900000002", Classes: "三年级火箭班"},
		{Line: 4, Name: "赵敏", Phone: "12345"},                 // bad phone
		{Line: 5, Name: "孙丽", Classes: "五年级9班"},               // no such class
		{Line: 6, Name: ""},                                   // no name
		{Line: 7, Name: "王 芳", Phone: "13900000001"},          // same as line 2
		{Line: 8, Name: "周杰", Classes: "三年级2班 三年级3班; 三年级火箭班"}, // spaces and ; separate too
	}
	plan, err := svc.Staff.ImportStaff(adminCtx, rows)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := planCounts(plan), (counts{added: 3, rejected: 4}); got != want {
		t.Errorf("counts = %+v; want %+v", got, want)
	}
	wantReasons := map[int]string{
		4: "import.reject.phone_bad",
		5: "storage.staff.reject.class_unknown",
		6: "storage.staff.reject.name_missing",
		7: "storage.staff.reject.duplicate",
	}
	for _, r := range plan.Rejected {
		if r.Reason.Key != wantReasons[r.Line] {
			t.Errorf("line %d rejected with %s; want %s", r.Line, r.Reason.Key, wantReasons[r.Line])
		}
	}

	staff, err := svc.Staff.Staff(adminCtx)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]*app.Staff{}
	for _, s := range staff {
		byName[s.Name] = s
	}
	wang := byName["王芳"]
	if wang == nil || wang.Phone != "13900000001" || wang.Subjects != "语文、数学" || wang.Post != "班主任" {
		t.Fatalf("王芳 = %+v; want her post, subjects and normalised phone", wang)
	}
	want := []int64{ids["三年级2班"], ids["三年级3班"]}
	slices.Sort(want)
	if !slices.Equal(wang.ClassIDs, want) {
		t.Errorf("王芳 teaches %v; want %v", wang.ClassIDs, want)
	}
	if got := byName["周杰"].ClassIDs; len(got) != 3 {
		t.Errorf("周杰 teaches %v; want 3 classes", got)
	}

	// matched by phone (name corrected), by name (phone added), unchanged
	plan, err = svc.Staff.ImportStaff(adminCtx, []app.StaffRow{
		{Line: 2, Name: "王芳芳", Phone: "13900000001"},
		{Line: 3, Name: "周杰", Phone: "13900000009"},
		{Line: 4, Name: "李强", Phone: "13900000002", Classes: "三年级火箭班"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := planCounts(plan), (counts{updated: 2, unchanged: 1}); got != want {
		t.Errorf("second import counts = %+v; want %+v", got, want)
	}
	staff, _ = svc.Staff.Staff(adminCtx)
	if len(staff) != 3 {
		t.Fatalf("staff = %d; want 3 (no duplicates)", len(staff))
	}
	byName = map[string]*app.Staff{}
	for _, s := range staff {
		byName[s.Name] = s
	}
	if s := byName["王芳芳"]; s == nil || s.ID != wang.ID || s.Post != "班主任" || !slices.Equal(s.ClassIDs, want) {
		t.Errorf("王芳芳 = %+v; want 王芳's row renamed, her post and classes kept", s)
	}
	if s := byName["周杰"]; s == nil || s.Phone != "13900000009" {
		t.Errorf("周杰 = %+v; want the new phone", s)
	}

	// namesakes: told apart by phone, ambiguous without one
	if _, err := svc.Staff.ImportStaff(adminCtx, []app.StaffRow{
		{Line: 2, Name: "陈静", Phone: "13900000020"},
		{Line: 3, Name: "陈静", Phone: "13900000021"},
	}); err != nil {
		t.Fatal(err)
	}
	plan, _ = svc.Staff.PreviewStaff(adminCtx, []app.StaffRow{{Line: 2, Name: "陈静", Post: "教师"}, {Line: 3, Name: "陈静", Phone: "13900000021", Post: "教师"}})
	if len(plan.Rejected) != 1 || plan.Rejected[0].Reason.Key != "storage.staff.reject.ambiguous" || plan.Updated != 1 {
		t.Errorf("preview with namesakes = %+v rejected, %d updated; want line 2 ambiguous, line 3 updated", plan.Rejected, plan.Updated)
	}

	_, err = svc.Staff.ImportStaff(as(app.RoleTeacher), rows)
	wantCode(t, err, app.EFORBIDDEN, "error.admin_only")
	if n := count(t, db, `SELECT count(*) FROM audit WHERE action = 'staff.import'`); n != 3 {
		t.Errorf("staff.import audit rows = %d; want 3", n)
	}
}
