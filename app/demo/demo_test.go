package demo_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"jxj/app"
	"jxj/app/demo"
	"jxj/app/i18n"
	"jxj/storage"
)

// createDemo makes the demo school in a fresh folder and returns its
// services and the days (in DateLayout) the test started and the demo was
// done, between which its "today" lies.
func createDemo(t *testing.T) (svc app.Services, days []string) {
	t.Helper()
	storage.BcryptCost = bcrypt.MinCost
	i18n.SetLanguage(i18n.Chinese)
	ctx := context.Background()
	db, err := storage.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	svc = db.Services()
	before := time.Now()
	if err := demo.Create(ctx, svc, demo.DefaultSize); err != nil {
		t.Fatal(err)
	}
	return svc, []string{app.FormatDate(before), app.FormatDate(time.Now())}
}

func TestCreate(t *testing.T) {
	ctx := context.Background()
	svc, _ := createDemo(t)

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

// The teacher logs in to a busy workbench: the school's notice with part
// of the class acknowledged (some by slip code), their own draft, homework
// due today with part recorded, and a survey, a chain and a check-in in
// progress.
func TestCreateFillsTheWorkbench(t *testing.T) {
	svc, today := createDemo(t)
	bg := context.Background()
	teacher, err := svc.Accounts.Authenticate(bg, demo.TeacherUser, demo.Password)
	if err != nil {
		t.Fatal(err)
	}
	ctx := app.NewContextWithAccount(bg, teacher)
	admin := app.NewContextWithAccount(bg, app.SystemAccount)

	notices, err := svc.Notices.Notices(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var meeting, draft *app.Notice
	for _, n := range notices {
		switch {
		case n.Title == "期末家长会通知":
			meeting = n
		case n.State == app.NoticeStateDraft && n.CreatedBy == demo.TeacherUser:
			draft = n
		case n.Title == "寒假安全告知书":
			t.Errorf("the teacher of a grade 1 class sees the grade 3 safety letter")
		}
	}
	if meeting == nil || draft == nil {
		t.Fatalf("teacher's notices %+v; want the parents' meeting and their own draft", notices)
	}
	if c := meeting.Counts; !meeting.RequiresAck || meeting.State != app.NoticeStatePublished || c.Total != 45 || c.Acked < 30 || c.Acked == c.Total {
		t.Errorf("meeting notice %+v for the teacher; want published, ack required, most of 45 acknowledged", meeting)
	}
	st, err := svc.Notices.NoticeStatus(admin, meeting.ID)
	if err != nil {
		t.Fatal(err)
	}
	var all app.ReceiptCounts
	for _, c := range st.Classes {
		all.Total += c.Counts.Total
		all.Acked += c.Counts.Acked
		all.Read += c.Counts.Read
	}
	want := demo.DefaultSize.Grades * demo.DefaultSize.ClassesPerGrade * demo.DefaultSize.StudentsPer
	if all.Total != want || all.Acked <= meeting.Counts.Acked || all.Acked > want/2 || all.Read == 0 {
		t.Errorf("school-wide %+v; want %d receipts, some read, fewer than half acknowledged", all, want)
	}
	receipts, err := svc.Notices.Receipts(ctx, meeting.ID)
	if err != nil {
		t.Fatal(err)
	}
	slips := 0
	for _, r := range receipts {
		if r.Channel == app.ChannelSlip && r.By == demo.TeacherUser {
			slips++
		}
	}
	if slips != 5 {
		t.Errorf("%d receipts recorded by the teacher's slip codes, want 5", slips)
	}

	homework, err := svc.Homework.Homeworks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	due := 0
	for _, h := range homework {
		if slices.Contains(today, app.FormatDate(h.Due)) {
			due++
			if c := h.Counts; c.Total != 45 || c.Done == 0 || c.Done+c.Late+c.Missing+c.Excused == c.Total {
				t.Errorf("homework due today %+v; want part of the teacher's 45 recorded", c)
			}
		}
	}
	if len(homework) != 2 || due != 1 {
		t.Errorf("%d homework for the teacher, %d due today; want 2 and 1", len(homework), due)
	}

	forms, err := svc.Forms.Forms(ctx)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[app.FormKind]*app.Form{}
	for _, f := range forms {
		kinds[f.Kind] = f
	}
	survey, chain, checkin := kinds[app.FormSurvey], kinds[app.FormChain], kinds[app.FormCheckin]
	if survey == nil || chain == nil || checkin == nil {
		t.Fatalf("teacher's forms %+v; want a survey, a chain and a check-in", forms)
	}
	if survey.Title != "寒假去向统计" || survey.Answered == 0 || survey.Answered == survey.Total {
		t.Errorf("survey %q answered %d/%d; want the winter break survey, partly answered", survey.Title, survey.Answered, survey.Total)
	}
	sheet, err := svc.Forms.FormSheet(ctx, chain.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	items := app.ChainItems(sheet)
	if len(sheet.Answers) != 7 || len(items) == 0 || !items[0].Full() {
		t.Errorf("chain: %d sign-ups, items %+v; want 7 and the first item full", len(sheet.Answers), items)
	}
	if checkin.Answered == 0 || checkin.Answered == checkin.Total {
		t.Errorf("check-in answered today %d/%d; want some but not all", checkin.Answered, checkin.Total)
	}
	sheet, err = svc.Forms.FormSheet(ctx, checkin.ID, app.AllDays)
	if err != nil {
		t.Fatal(err)
	}
	days := map[string]int{}
	for _, a := range sheet.Answers {
		days[a.Day]++
	}
	if len(days) != 7 || !slices.Contains(today, app.FormatDate(checkin.StartDay.AddDate(0, 0, 6))) {
		t.Errorf("check-ins on %d days from %s; want the 7 days up to today", len(days), app.FormatDate(checkin.StartDay))
	}
}

// A small demo school (tests make one of five students a class) is made
// whole: the volunteer chain takes the students there are.
func TestCreateSmall(t *testing.T) {
	storage.BcryptCost = bcrypt.MinCost
	ctx := context.Background()
	db, err := storage.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := demo.Create(ctx, db.Services(), demo.Size{Grades: 2, ClassesPerGrade: 2, StudentsPer: 5}); err != nil {
		t.Fatal(err)
	}
}
