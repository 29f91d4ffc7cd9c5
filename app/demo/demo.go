// Package demo creates a realistic demo school through the app services:
// staff, classes with head teachers, students with guardians (some
// siblings sharing a guardian) and accounts for each role. The data is the
// same on every run so screenshots and tests can rely on it.
package demo

import (
	"context"
	"fmt"
	"math/rand/v2"

	"jxj/app"
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
// its admin, staff, classes, the roster and a principal and a teacher
// account. It fails with ECONFLICT if the folder already has a school.
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
	for _, a := range accounts {
		if _, err := svc.Accounts.CreateAccount(ctx, a); err != nil {
			return fmt.Errorf("demo account %s: %w", a.Username, err)
		}
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
