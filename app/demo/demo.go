// Package demo creates a realistic demo school through the app services:
// staff, classes with head teachers, students with guardians (some
// siblings sharing a guardian), accounts for each role, and a workbench
// in the middle of term: notices with part of their receipts back,
// homework due today, a survey, a sign-up chain and a check-in. The data
// is the same on every run (dates are relative to the day it is made) so
// screenshots and tests can rely on it.
package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"jxj/app"
	"jxj/app/i18n"
)

// The demo accounts; the login screen shows them.
const (
	Password      = "demo1234"
	AdminUser     = "admin"
	PrincipalUser = "principal"
	TeacherUser   = "teacher"
	SchoolName    = "演示县实验小学"
)

// Size says how big the demo school is.
type Size struct {
	Grades          int // grades 1..Grades
	ClassesPerGrade int
	StudentsPer     int // students per class
}

// DefaultSize is 3 grades × 4 classes × 45 students.
var DefaultSize = Size{Grades: 3, ClassesPerGrade: 4, StudentsPer: 45}

// Create sets up the demo school in an empty data folder: the school and
// its admin, staff, classes, the roster, a principal and a teacher
// account, and the workbench content. It fails with ECONFLICT if the
// folder already has a school.
func Create(ctx context.Context, svc app.Services, size Size) error {
	_, admin, err := svc.Org.Setup(ctx, app.SchoolSetup{
		Name: SchoolName, Kind: app.OrgPrimary, IsDemo: true,
		AdminUsername: AdminUser, AdminPassword: Password,
	})
	if err != nil {
		return err
	}
	ctx = app.NewContextWithAccount(ctx, admin)
	g := newGenerator()
	staff, classes := g.staffAndClasses(size)
	// Classes name their head teachers and staff name the classes they
	// teach: import the staff, then the classes, then the staff again
	// with their classes.
	noClasses := make([]app.StaffRow, len(staff))
	for i, r := range staff {
		r.Classes = ""
		noClasses[i] = r
	}
	steps := []struct {
		what string
		run  func() (*app.ImportPlan, error)
	}{
		{"staff", func() (*app.ImportPlan, error) { return svc.Staff.ImportStaff(ctx, noClasses) }},
		{"classes", func() (*app.ImportPlan, error) { return svc.Classes.ImportClasses(ctx, classes) }},
		{"teaching", func() (*app.ImportPlan, error) { return svc.Staff.ImportStaff(ctx, staff) }},
		{"roster", func() (*app.ImportPlan, error) { return svc.Roster.ImportRoster(ctx, g.roster(size), nil) }},
	}
	for _, step := range steps {
		plan, err := step.run()
		if err != nil {
			return fmt.Errorf("demo %s: %w", step.what, err)
		}
		if len(plan.Rejected) > 0 {
			r := plan.Rejected[0]
			return fmt.Errorf("demo %s: %d rows rejected, first line %d: %v", step.what, len(plan.Rejected), r.Line, r.Reason)
		}
	}
	members, err := svc.Staff.Staff(ctx)
	if err != nil {
		return err
	}
	// the principal is staff row 0; the teacher heads the first class (row 1)
	accounts := []app.AccountCreate{
		{Username: PrincipalUser, Password: Password, Role: app.RolePrincipal, StaffID: staffID(members, staff[0].Name)},
		{Username: TeacherUser, Password: Password, Role: app.RoleTeacher, StaffID: staffID(members, staff[1].Name)},
	}
	var teacher *app.Account
	for _, a := range accounts {
		acct, err := svc.Accounts.CreateAccount(ctx, a)
		if err != nil {
			return fmt.Errorf("demo account %s: %w", a.Username, err)
		}
		if a.Role == app.RoleTeacher {
			teacher = acct
		}
	}
	if err := g.workbench(ctx, svc, teacher, time.Now()); err != nil {
		return fmt.Errorf("demo workbench: %w", err)
	}
	return nil
}

func staffID(members []*app.Staff, name string) int64 {
	for _, m := range members {
		if m.Name == name {
			return m.ID
		}
	}
	return 0
}

var (
	surnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
	// given-name characters, with the rare ones a school's font must render
	givenBoy   = []rune("浩宇轩然博文嘉俊杰晨阳铭昊天乐辰煜逸凡泽睿航宁健明子梓墨奕喆堃彧昇皓霖")
	givenGirl  = []rune("欣怡涵雨萱思佳琪诺雅婷诗语若安可心彤梦瑶悦晴静玥珺颖紫馨蕊妍")
	givenAdult = []rune("建国华明丽芳军平伟强敏静秀英红霞勇刚杰涛鹏飞燕娟兰萍")
	subjects   = []string{"语文", "数学", "英语", "科学", "音乐", "体育", "美术", "道德与法治", "信息技术"}
)

type generator struct {
	rnd   *rand.Rand
	names map[string]bool
}

func newGenerator() *generator {
	return &generator{rnd: rand.New(rand.NewPCG(2026, 11)), names: make(map[string]bool)}
}

func (g *generator) pick(rs []rune) string { return string(rs[g.rnd.IntN(len(rs))]) }

func (g *generator) childName(surname string, girl bool) string {
	pool := givenBoy
	if girl {
		pool = givenGirl
	}
	for {
		name := surname + g.pick(pool)
		if g.rnd.IntN(3) > 0 {
			name += g.pick(pool)
		}
		if !g.names[name] {
			g.names[name] = true
			return name
		}
	}
}

func (g *generator) adultName(surname string) string {
	return surname + g.pick(givenAdult) + g.pick(givenAdult)
}

func (g *generator) phone() string {
	prefixes := []string{"138", "139", "135", "136", "137", "150", "151", "158", "159", "182", "187", "188", "133", "153", "180", "189", "177", "199"}
	return fmt.Sprintf("%s%08d", prefixes[g.rnd.IntN(len(prefixes))], g.rnd.IntN(100000000))
}

// staffAndClasses returns the staff rows (principal first, then one head
// teacher per class, then subject teachers) and the class rows.
func (g *generator) staffAndClasses(size Size) ([]app.StaffRow, []app.ClassRow) {
	staff := []app.StaffRow{{Line: 2, Name: g.adultName("周"), Post: "校长", Subjects: "数学", Phone: g.phone()}}
	var classes []app.ClassRow
	for grade := 1; grade <= size.Grades; grade++ {
		for c := 1; c <= size.ClassesPerGrade; c++ {
			label := fmt.Sprintf("%d.%d", grade, c) // the short form app.ParseClass reads in any language
			head := g.adultName(g.pick(surnames))
			staff = append(staff, app.StaffRow{Line: len(staff) + 2, Name: head, Post: "班主任",
				Subjects: subjects[(grade+c)%2], Phone: g.phone(), Classes: label})
			classes = append(classes, app.ClassRow{Line: len(classes) + 2,
				GradeText: fmt.Sprint(grade), ClassText: fmt.Sprintf("%d班", c), HeadTeacher: head})
		}
	}
	for i, subj := range subjects[2:] {
		staff = append(staff, app.StaffRow{Line: len(staff) + 2, Name: g.adultName(g.pick(surnames)),
			Post: "教师", Subjects: subj, Phone: g.phone(), Classes: fmt.Sprintf("%d.1", 1+i%size.Grades)})
	}
	return staff, classes
}

// roster returns the students with one or two guardians each; every
// twentieth family has a second child in another grade, sharing the
// guardians.
func (g *generator) roster(size Size) []app.RosterRow {
	var rows []app.RosterRow
	type family struct {
		surname  string
		guardian []app.GuardianInput
	}
	var families []family
	for grade := 1; grade <= size.Grades; grade++ {
		for c := 1; c <= size.ClassesPerGrade; c++ {
			for n := 1; n <= size.StudentsPer; n++ {
				var f family
				if grade > 1 && len(families) > 0 && n%20 == 0 {
					f = families[g.rnd.IntN(len(families))] // a younger sibling
				} else {
					f.surname = g.pick(surnames)
					f.guardian = g.guardians(f.surname)
					families = append(families, f)
				}
				girl := g.rnd.IntN(2) == 0
				gender := "男"
				if girl {
					gender = "女"
				}
				rows = append(rows, app.RosterRow{
					Line:      len(rows) + 3,
					Name:      g.childName(f.surname, girl),
					Gender:    gender,
					StudentNo: fmt.Sprintf("%d%02d%02d", 2027-grade, c, n),
					ClassText: fmt.Sprintf("%d.%d", grade, c),
					Guardians: f.guardian,
				})
			}
		}
	}
	return rows
}

func (g *generator) guardians(surname string) []app.GuardianInput {
	dad := app.GuardianInput{Name: g.adultName(surname), Relation: "父亲", Phone: g.phone()}
	mum := app.GuardianInput{Name: g.adultName(g.pick(surnames)), Relation: "母亲", Phone: g.phone()}
	switch g.rnd.IntN(10) {
	case 0:
		return []app.GuardianInput{{Name: g.adultName(surname), Relation: "爷爷", Phone: g.phone()}}
	case 1, 2:
		return []app.GuardianInput{mum}
	case 3:
		return []app.GuardianInput{dad}
	}
	return []app.GuardianInput{dad, mum}
}

// workbench creates what the school is working on, partly as the admin
// and partly as the head teacher of the first class (the teacher
// account), so both logins open a busy workbench. Dates are relative to
// now: homework due today, a check-in that started last week.
func (g *generator) workbench(ctx context.Context, svc app.Services, teacher *app.Account, now time.Time) error {
	classes, err := svc.Classes.Classes(ctx)
	if err != nil {
		return err
	}
	w := &workbench{svc: svc, admin: ctx, grades: make(map[int64]int),
		today: time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.Local)}
	for _, c := range classes {
		w.grades[c.ID] = c.Grade
		if c.HeadTeacherID == teacher.StaffID && w.own == nil {
			w.own = c
		}
		if c.Grade == 1 {
			w.grade1 = append(w.grade1, c.ID)
		}
		w.top = max(w.top, c.Grade)
	}
	if w.own == nil || len(w.grade1) < 2 {
		return fmt.Errorf("the teacher heads no class, or grade 1 has fewer than 2 classes")
	}
	// the classes a login would find for the teacher
	teacher.ClassIDs = []int64{w.own.ID}
	w.teacher = app.NewContextWithAccount(ctx, teacher)
	steps := []struct {
		what string
		run  func(*generator) error
	}{
		{"notices", w.notices},
		{"homework", w.homework},
		{"survey", w.survey},
		{"chain", w.chain},
		{"check-in", w.checkin},
		{"attendance", w.attendance},
		{"leave", w.leave},
		{"exam", w.exam},
	}
	for _, step := range steps {
		if err := step.run(g); err != nil {
			return fmt.Errorf("%s: %w", step.what, err)
		}
	}
	return nil
}

// workbench is what the workbench content is made with.
type workbench struct {
	svc            app.Services
	admin, teacher context.Context // acting as each
	today          time.Time
	own            *app.Class    // the teacher's class
	grade1         []int64       // the classes of grade 1, in order
	top            int           // the highest grade: the safety notice goes to it
	grades         map[int64]int // class id → grade
}

// notices publishes a school-wide parents' meeting notice with most of
// the teacher's class, about half of grade 1 and a few others
// acknowledged, a safety letter to grade 3 just going out, and leaves
// the teacher a class notice draft.
func (w *workbench) notices(g *generator) error {
	meeting, err := w.publish(app.NoticeDraft{
		Title: i18n.T("demo.notice.meeting.title"), Body: i18n.T("demo.notice.meeting.body", app.FormatDate(w.today.AddDate(0, 0, 9))),
		Target: app.Target{School: true}, RequiresAck: true, Deadline: w.today.AddDate(0, 0, 7)})
	if err != nil {
		return err
	}
	receipts, err := w.svc.Notices.Receipts(w.admin, meeting.ID)
	if err != nil {
		return err
	}
	var marks []app.ReceiptMark
	var slips []string // typed by the teacher, as slips come back
	for _, r := range receipts {
		share := 0.1
		switch {
		case r.ClassID == w.own.ID:
			share = 0.85
		case w.grades[r.ClassID] == 1:
			share = 0.5
		}
		switch x := g.rnd.Float64(); {
		case x < share && r.ClassID == w.own.ID && len(slips) < 5:
			slips = append(slips, r.Code)
		case x < share:
			ch := []app.Channel{app.ChannelSlip, app.ChannelSlip, app.ChannelPhone, app.ChannelInPerson}[g.rnd.IntN(4)]
			marks = append(marks, app.ReceiptMark{ReceiptID: r.ID, State: app.ReceiptAcked, Channel: ch})
		case x < share+0.05:
			marks = append(marks, app.ReceiptMark{ReceiptID: r.ID, State: app.ReceiptRead, Channel: app.ChannelPhone})
		}
	}
	if err := w.svc.Notices.MarkReceipts(w.admin, marks); err != nil {
		return err
	}
	for _, code := range slips {
		if _, err := w.svc.Notices.RecordSlip(w.teacher, meeting.ID, code); err != nil {
			return err
		}
	}

	safety, err := w.publish(app.NoticeDraft{
		Title: i18n.T("demo.notice.safety.title"), Body: i18n.T("demo.notice.safety.body"),
		Target: app.Target{Grades: []int{w.top}}, RequiresAck: true, Deadline: w.today.AddDate(0, 0, 2)})
	if err != nil {
		return err
	}
	if receipts, err = w.svc.Notices.Receipts(w.admin, safety.ID); err != nil {
		return err
	}
	marks = marks[:0]
	for _, r := range receipts {
		if g.rnd.IntN(8) == 0 {
			marks = append(marks, app.ReceiptMark{ReceiptID: r.ID, State: app.ReceiptAcked, Channel: app.ChannelSlip})
		}
	}
	if err := w.svc.Notices.MarkReceipts(w.admin, marks); err != nil {
		return err
	}

	_, err = w.svc.Notices.SaveDraft(w.teacher, app.NoticeDraft{
		Title: i18n.T("demo.notice.sports.title"), Body: i18n.T("demo.notice.sports.body"),
		Target: app.Target{ClassIDs: []int64{w.own.ID}}, RequiresAck: true, Deadline: w.today.AddDate(0, 0, 10)})
	return err
}

func (w *workbench) publish(d app.NoticeDraft) (*app.Notice, error) {
	n, err := w.svc.Notices.SaveDraft(w.admin, d)
	if err != nil {
		return nil, err
	}
	return w.svc.Notices.Publish(w.admin, n.ID)
}

// homework assigns maths to grade 1 due today, with most of the
// teacher's class and part of the next class recorded, and the teacher's
// Chinese homework due tomorrow.
func (w *workbench) homework(g *generator) error {
	maths, err := w.svc.Homework.AssignHomework(w.admin, app.HomeworkDraft{
		Subject: i18n.T("demo.homework.maths.subject"), Content: i18n.T("demo.homework.maths.content"),
		ClassIDs: w.grade1, Due: w.today})
	if err != nil {
		return err
	}
	_, err = w.svc.Homework.AssignHomework(w.teacher, app.HomeworkDraft{
		Subject: i18n.T("demo.homework.chinese.subject"), Content: i18n.T("demo.homework.chinese.content"),
		ClassIDs: []int64{w.own.ID}, Due: w.today.AddDate(0, 0, 1)})
	if err != nil {
		return err
	}
	_, entries, err := w.svc.Homework.HomeworkEntries(w.admin, maths.ID)
	if err != nil {
		return err
	}
	var marks []app.CompletionMark
	for _, e := range entries {
		share := 0.9
		switch e.ClassID {
		case w.own.ID:
		case w.grade1[1]:
			share = 0.6
		default:
			continue // not recorded yet
		}
		m := app.CompletionMark{StudentID: e.StudentID}
		switch x := g.rnd.Float64(); {
		case x < 0.03:
			m.State, m.Note = app.CompletionExcused, i18n.T("demo.homework.sick")
		case x < share-0.05:
			m.State = app.CompletionDone
		case x < share:
			m.State = app.CompletionLate
		case x < share+0.05:
			m.State = app.CompletionMissing
		default:
			continue
		}
		marks = append(marks, m)
	}
	return w.svc.Homework.SetCompletion(w.admin, maths.ID, marks)
}

// survey asks grade 1 where families spend the winter break, from the
// built-in template; a little over half have answered.
func (w *workbench) survey(g *generator) error {
	d, err := template("formtemplate.winter.title")
	if err != nil {
		return err
	}
	d.ClassIDs, d.Deadline = w.grade1, w.today.AddDate(0, 0, 5)
	f, sheet, err := w.createForm(w.admin, d)
	if err != nil {
		return err
	}
	where, dest, back := f.Fields[0], f.Fields[1], f.Fields[2]
	places := [][]string{nil, strings.Split(i18n.T("demo.form.places_province"), "|"), strings.Split(i18n.T("demo.form.places_far"), "|")}
	var rows []app.AnswerRow
	for _, s := range sheet.Students {
		if g.rnd.Float64() >= 0.55 {
			continue
		}
		// 6 in 10 stay, 3 travel in the province, 1 goes further
		v := map[string]string{where.Key: where.Options[0]}
		if x := g.rnd.IntN(10); x >= 6 {
			i := 1 + x/9
			v[where.Key] = where.Options[i]
			v[dest.Key] = places[i][g.rnd.IntN(len(places[i]))]
			v[back.Key] = app.FormatDate(w.today.AddDate(0, 0, 28+g.rnd.IntN(10)))
		}
		rows = append(rows, app.AnswerRow{Line: len(rows) + 2, StudentNo: s.StudentNo, StudentName: s.StudentName, Values: v})
	}
	return imported(w.svc.Forms.ImportAnswers(w.admin, f.ID, rows, false))
}

// chain is the teacher's volunteer sign-up: seven families, one after
// another, and the Monday slots are full.
func (w *workbench) chain(g *generator) error {
	d, err := template("formtemplate.volunteer.title")
	if err != nil {
		return err
	}
	d.ClassIDs, d.Deadline = []int64{w.own.ID}, w.today.AddDate(0, 0, 3)
	f, sheet, err := w.createForm(w.teacher, d)
	if err != nil {
		return err
	}
	item := f.Fields[0]
	order := g.rnd.Perm(len(sheet.Students))
	for i, pick := range []int{0, 1, 0, 3, 0, 2, 1} {
		if i == len(order) {
			break // a class smaller than the chain
		}
		in := app.AnswerInput{StudentID: sheet.Students[order[i]].StudentID, Values: map[string]string{item.Key: item.Options[pick]}}
		if _, err := w.svc.Forms.SaveAnswer(w.teacher, f.ID, in); err != nil {
			return err
		}
	}
	return nil
}

// checkin is the teacher's daily reading check-in, from six days ago to a
// week ahead: most families every day so far, half of them today.
func (w *workbench) checkin(g *generator) error {
	d, err := template("formtemplate.reading.title")
	if err != nil {
		return err
	}
	d.ClassIDs, d.StartDay, d.EndDay = []int64{w.own.ID}, w.today.AddDate(0, 0, -6), w.today.AddDate(0, 0, 7)
	f, sheet, err := w.createForm(w.teacher, d)
	if err != nil {
		return err
	}
	done, minutes := f.Fields[0], f.Fields[1]
	var rows []app.AnswerRow
	for ago := 6; ago >= 0; ago-- {
		share := 0.85
		if ago == 0 {
			share = 0.5
		}
		day := app.FormatDate(w.today.AddDate(0, 0, -ago))
		for _, s := range sheet.Students {
			if g.rnd.Float64() < share {
				rows = append(rows, app.AnswerRow{Line: len(rows) + 2, StudentNo: s.StudentNo, StudentName: s.StudentName, Day: day,
					Values: map[string]string{done.Key: app.Yes, minutes.Key: fmt.Sprint(15 + 5*g.rnd.IntN(6))}})
			}
		}
	}
	return imported(w.svc.Forms.ImportAnswers(w.teacher, f.ID, rows, false))
}

// attendance takes the roll of every class on the last ten school days
// (today not yet in grade 1, so the workbench has classes to remind of),
// with a few absences, lates and leave, and one student of the teacher's
// class absent the last three days (an alert).
func (w *workbench) attendance(g *generator) error {
	classes, err := w.svc.Classes.Classes(w.admin)
	if err != nil {
		return err
	}
	var days []time.Time
	for d := w.today; len(days) < 10; d = d.AddDate(0, 0, -1) {
		if d.Weekday() != time.Saturday && d.Weekday() != time.Sunday {
			days = append(days, d)
		}
	}
	marks := []app.Mark{app.MarkAbsent, app.MarkLate, app.MarkLate, app.MarkEarly, app.MarkSick, app.MarkPersonal}
	for i, day := range days {
		for _, c := range classes {
			if i == 0 && c.Grade == 1 && c.ID != w.own.ID {
				continue
			}
			rc, err := w.svc.Attendance.RollCall(w.admin, c.ID, day, app.SessionDay)
			if err != nil {
				return err
			}
			var ms []app.RollCallMark
			for k, e := range rc.Entries {
				switch {
				case c.ID == w.own.ID && k == 2 && i < 3:
					ms = append(ms, app.RollCallMark{StudentID: e.StudentID, Mark: app.MarkAbsent})
				case g.rnd.IntN(40) == 0:
					ms = append(ms, app.RollCallMark{StudentID: e.StudentID, Mark: marks[g.rnd.IntN(len(marks))]})
				}
			}
			if _, err := w.svc.Attendance.SaveRollCall(w.admin, c.ID, day, app.SessionDay, ms); err != nil {
				return err
			}
		}
	}
	return nil
}

// leave enters two requests for the teacher's class: a short sick leave
// the head teacher approved, and a week of personal leave waiting for
// the head teacher.
func (w *workbench) leave(*generator) error {
	rc, err := w.svc.Attendance.RollCall(w.admin, w.own.ID, w.today, app.SessionDay)
	if err != nil {
		return err
	}
	if len(rc.Entries) < 6 {
		return nil
	}
	sick, err := w.svc.Leaves.RequestLeave(w.teacher, app.LeaveDraft{StudentID: rc.Entries[4].StudentID, AskedBy: i18n.T("demo.leave.mother"),
		Kind: app.MarkSick, From: w.today, To: w.today.AddDate(0, 0, 1), Reason: i18n.T("demo.leave.sick")})
	if err != nil {
		return err
	}
	if _, err := w.svc.Leaves.DecideLeave(w.teacher, sick.ID, true, ""); err != nil {
		return err
	}
	_, err = w.svc.Leaves.RequestLeave(w.teacher, app.LeaveDraft{StudentID: rc.Entries[5].StudentID, AskedBy: i18n.T("demo.leave.father"),
		Kind: app.MarkPersonal, From: w.today.AddDate(0, 0, 3), To: w.today.AddDate(0, 0, 9), Reason: i18n.T("demo.leave.personal")})
	return err
}

// exam sets last week's midterm of grade 1 in three subjects, with every
// score entered and a student who missed maths.
func (w *workbench) exam(g *generator) error {
	e, err := w.svc.Exams.CreateExam(w.admin, app.ExamDraft{Name: i18n.T("demo.exam.name"), Date: w.today.AddDate(0, 0, -7),
		ClassIDs: w.grade1, Subjects: []app.ExamSubject{{Name: "语文", Full: 1000}, {Name: "数学", Full: 1000}, {Name: "英语", Full: 1000}}})
	if err != nil {
		return err
	}
	sheet, err := w.svc.Exams.ExamSheet(w.admin, e.ID)
	if err != nil {
		return err
	}
	var entries []app.ScoreEntry
	for i, st := range sheet.Students {
		for _, sub := range e.Subjects {
			cell := app.ScoreCell{Set: true, Value: app.Score(450 + g.rnd.IntN(551))} // 45–100 in tenths
			if g.rnd.IntN(3) > 0 {
				cell.Value -= cell.Value % 10 // most scores are whole points
			}
			if i == 7 && sub.Name == "数学" {
				cell = app.ScoreCell{Set: true, Absent: true}
			}
			entries = append(entries, app.ScoreEntry{StudentID: st.StudentID, Subject: sub.Name, Cell: cell})
		}
	}
	return w.svc.Exams.SaveScores(w.admin, e.ID, entries)
}

func (w *workbench) createForm(ctx context.Context, d app.FormDraft) (*app.Form, *app.FormSheet, error) {
	f, err := w.svc.Forms.CreateForm(ctx, d)
	if err != nil {
		return nil, nil, err
	}
	sheet, err := w.svc.Forms.FormSheet(ctx, f.ID, "")
	if err != nil {
		return nil, nil, err
	}
	return f, sheet, nil
}

// template is the built-in form template with the title of titleKey.
func template(titleKey string) (app.FormDraft, error) {
	for _, d := range app.FormTemplates(i18n.T) {
		if d.Title == i18n.T(titleKey) {
			return d, nil
		}
	}
	return app.FormDraft{}, fmt.Errorf("no form template %s", titleKey)
}

// imported fails on an answer import that found problems: the demo's
// own answers must all be good.
func imported(imp *app.AnswerImport, err error) error {
	if err != nil {
		return err
	}
	if len(imp.Problems) > 0 {
		p := imp.Problems[0]
		return fmt.Errorf("%d answer rows rejected, first line %d: %v", len(imp.Problems), p.Line, p.Reason)
	}
	return nil
}
