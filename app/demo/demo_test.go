package demo_test

import (
	"context"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"jxj/app"
	"jxj/app/demo"
	"jxj/storage"
)

func TestCreate(t *testing.T) {
	storage.BcryptCost = bcrypt.MinCost
	ctx := context.Background()
	db, err := storage.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	svc := db.Services()
	if err := demo.Create(ctx, svc, demo.DefaultSize); err != nil {
		t.Fatal(err)
	}

	org, err := svc.Org.School(ctx)
	if err != nil || !org.IsDemo || org.Name != demo.SchoolName {
		t.Fatalf("school = %+v, %v; want the demo school", org, err)
	}
	teacher, err := svc.Accounts.Authenticate(ctx, demo.TeacherUser, demo.Password)
	if err != nil {
		t.Fatal(err)
	}
	if teacher.StaffID == 0 || len(teacher.ClassIDs) == 0 {
		t.Fatalf("teacher = %+v; want linked to staff who teach a class", teacher)
	}
	dir, err := svc.Directory.Directory(app.NewContextWithAccount(ctx, teacher))
	if err != nil {
		t.Fatal(err)
	}
	want := demo.DefaultSize.Grades * demo.DefaultSize.ClassesPerGrade * demo.DefaultSize.StudentsPer
	if len(dir.Entries) != want || len(dir.Classes) != 12 {
		t.Fatalf("%d students in %d classes; want %d in 12", len(dir.Entries), len(dir.Classes), want)
	}
	var own, masked, siblings int
	children := map[int64]int{}
	for _, e := range dir.Entries {
		for _, g := range e.Guardians {
			children[g.GuardianID]++
			if teacher.TeachesClass(e.ClassID) == g.PhoneMasked {
				t.Errorf("%s (class %d): phone %s masked=%v for the teacher", e.Name, e.ClassID, g.Phone, g.PhoneMasked)
			}
			if g.PhoneMasked {
				masked++
			} else {
				own++
			}
		}
	}
	for _, n := range children {
		if n > 1 {
			siblings++
		}
	}
	if own == 0 || masked == 0 || siblings == 0 {
		t.Errorf("own-class phones %d, masked %d, guardians with several children %d; want all > 0", own, masked, siblings)
	}
	for _, c := range dir.Classes {
		if c.HeadTeacherName == "" {
			t.Errorf("class %s has no head teacher", c.Label())
		}
	}
}
