package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"jxj/app"
	"jxj/app/i18n"
)

// runCockpit prints the cockpit (驾驶舱) for a range of days, this month
// up to today unless --from and --to say otherwise: the same figures as
// the page, as the account logged in sees them, in tables or (--json) as
// JSON for scripts.
func runCockpit(ctx context.Context, c *call) error {
	from := c.flags.String("from", "", i18n.T("cli.cockpit.flag.from"))
	to := c.flags.String("to", "", i18n.T("cli.cockpit.flag.to"))
	asJSON := c.flags.Bool("json", false, i18n.T("cli.cockpit.flag.json"))
	if err := c.parse(0); err != nil {
		return err
	}
	r, err := cockpitRange(*from, *to, time.Now())
	if err != nil {
		return &usageError{i18n.Err(err)}
	}
	return c.withServices(ctx, 0, func(ctx context.Context, svc app.Services) error {
		ck, err := svc.Cockpit.Cockpit(ctx, r)
		if err != nil {
			return err
		}
		if *asJSON {
			b, err := CockpitJSON(ck)
			if err != nil {
				return app.WrapError(err, "error.internal")
			}
			_, err = c.env.Stdout.Write(b)
			return err
		}
		org, err := svc.Org.School(ctx)
		if err != nil {
			return err
		}
		return writeCockpit(c.env.Stdout, org.Name, ck)
	})
}

// cockpitRange reads --from and --to: the last day defaults to today,
// the first to the first of the last day's month.
func cockpitRange(from, to string, now time.Time) (app.DateRange, error) {
	r := app.RangeOf(app.RangeMonth, now)
	if strings.TrimSpace(to) != "" {
		day, err := app.ParseDate(to)
		if err != nil {
			return r, err
		}
		r = app.RangeOf(app.RangeMonth, day)
	}
	if strings.TrimSpace(from) != "" {
		day, err := app.ParseDate(from)
		if err != nil {
			return r, err
		}
		r.From = day
	}
	return r, r.Validate()
}

// The cockpit as JSON: the names are part of the command's output, which
// scripts read, so they are set here and do not follow the Go names.
type (
	cockpitOut struct {
		From       string        `json:"from"`
		To         string        `json:"to"`
		Teacher    bool          `json:"teacher"`
		Attendance attendanceOut `json:"attendance"`
		Roster     rosterOut     `json:"roster"`
		Notices    noticesOut    `json:"notices"`
		Homework   []homeworkOut `json:"homework"`
		Forms      []formOut     `json:"forms"`
		Exam       *examOut      `json:"exam"`
		ToDo       todoOut       `json:"todo"`
		Sync       *syncOut      `json:"sync"`
	}
	countsOut struct {
		Sessions int     `json:"sessions"`
		Present  int     `json:"present"`
		Absent   int     `json:"absent"`
		Late     int     `json:"late"`
		Early    int     `json:"early"`
		Sick     int     `json:"sick"`
		Personal int     `json:"personal"`
		Rate     float64 `json:"rate"`
	}
	dayOut struct {
		Day string `json:"day"`
		countsOut
	}
	classRateOut struct {
		ClassID int64  `json:"class_id"`
		Class   string `json:"class"`
		countsOut
	}
	gradeAttendanceOut struct {
		Grade  int       `json:"grade"`
		Name   string    `json:"grade_name"`
		All    countsOut `json:"all"`
		Male   countsOut `json:"male"`
		Female countsOut `json:"female"`
	}
	classOut struct {
		ClassID int64  `json:"class_id"`
		Class   string `json:"class"`
	}
	guardianOut struct {
		Name     string `json:"name"`
		Relation string `json:"relation"`
		Phone    string `json:"phone"`
	}
	absentOut struct {
		StudentID int64         `json:"student_id"`
		Student   string        `json:"student"`
		StudentNo string        `json:"student_no"`
		ClassID   int64         `json:"class_id"`
		Class     string        `json:"class"`
		Days      int           `json:"days"`
		Since     string        `json:"since"`
		Guardians []guardianOut `json:"guardians"`
	}
	attendanceOut struct {
		Today     countsOut            `json:"today"`
		Trend     []dayOut             `json:"trend"`
		ByClass   []classRateOut       `json:"by_class"`
		ByGrade   []gradeAttendanceOut `json:"by_grade"`
		NotTaken  []classOut           `json:"not_taken"`
		AlertDays int                  `json:"alert_days"`
		Absent    []absentOut          `json:"absent"`
	}
	gradeCountOut struct {
		Grade    int    `json:"grade"`
		Name     string `json:"grade_name"`
		Students int    `json:"students"`
		Classes  int    `json:"classes"`
	}
	classSizeOut struct {
		ClassID  int64  `json:"class_id"`
		Class    string `json:"class"`
		Grade    int    `json:"grade"`
		Students int    `json:"students"`
	}
	rosterOut struct {
		Students           int             `json:"students"`
		Staff              int             `json:"teaching_staff"`
		StudentsPerTeacher float64         `json:"students_per_teacher"`
		ByGrade            []gradeCountOut `json:"by_grade"`
		Classes            []classSizeOut  `json:"classes"`
		Lines              sizeLinesOut    `json:"size_lines"`
	}
	sizeLinesOut struct {
		Standard int `json:"standard"`
		Large    int `json:"large"`
		Huge     int `json:"huge"`
	}
	receiptsOut struct {
		Total  int     `json:"total"`
		Acked  int     `json:"acknowledged"`
		Read   int     `json:"read"`
		Unread int     `json:"unread"`
		Rate   float64 `json:"acknowledged_rate"`
	}
	noticeClassOut struct {
		ClassID  int64       `json:"class_id"`
		Class    string      `json:"class"`
		Receipts receiptsOut `json:"receipts"`
	}
	noticeOut struct {
		NoticeID int64            `json:"notice_id"`
		Title    string           `json:"title"`
		Deadline string           `json:"deadline"`
		Receipts receiptsOut      `json:"receipts"`
		Classes  []noticeClassOut `json:"classes"`
	}
	noticesOut struct {
		Open    []noticeOut `json:"open"`
		ToReach int         `json:"families_to_reach"`
	}
	homeworkOut struct {
		ClassID    int64   `json:"class_id"`
		Class      string  `json:"class"`
		Subject    string  `json:"subject"`
		Homework   int     `json:"homework"`
		Total      int     `json:"total"`
		Done       int     `json:"done"`
		Late       int     `json:"late"`
		Missing    int     `json:"missing"`
		Excused    int     `json:"excused"`
		Unrecorded int     `json:"unrecorded"`
		Rate       float64 `json:"rate"`
	}
	formOut struct {
		FormID   int64  `json:"form_id"`
		Title    string `json:"title"`
		Kind     string `json:"kind"`
		Deadline string `json:"deadline"`
		Answered int    `json:"answered"`
		Expected int    `json:"expected"`
	}
	subjectOut struct {
		Subject       string  `json:"subject"`
		Full          float64 `json:"full"`
		Count         int     `json:"count"`
		Absent        int     `json:"absent"`
		Average       float64 `json:"average"`
		Max           float64 `json:"max"`
		Min           float64 `json:"min"`
		Std           float64 `json:"std"`
		Pass          int     `json:"pass"`
		Excellent     int     `json:"excellent"`
		Low           int     `json:"low"`
		PassRate      float64 `json:"pass_rate"`
		ExcellentRate float64 `json:"excellent_rate"`
		LowRate       float64 `json:"low_rate"`
		Bands         []int   `json:"bands"`
	}
	groupOut struct {
		ClassID  int64        `json:"class_id"`
		Class    string       `json:"class"`
		Students int          `json:"students"`
		Subjects []subjectOut `json:"subjects"`
	}
	examOut struct {
		ExamID    int64      `json:"exam_id"`
		Name      string     `json:"name"`
		Date      string     `json:"date"`
		BandEdges []int      `json:"band_edges"`
		Classes   []groupOut `json:"classes"`
		All       groupOut   `json:"all"`
	}
	studentOut struct {
		StudentID int64  `json:"student_id"`
		Student   string `json:"student"`
		StudentNo string `json:"student_no"`
		ClassID   int64  `json:"class_id"`
		Class     string `json:"class"`
	}
	todoOut struct {
		LeavesWaiting   int          `json:"leaves_waiting"`
		Drafts          int          `json:"drafts"`
		BureauToConfirm int          `json:"bureau_to_confirm"`
		BureauToForward int          `json:"bureau_to_forward"`
		BureauItems     int          `json:"bureau_surveys_and_reminders"`
		NoGuardianPhone []studentOut `json:"no_guardian_phone"`
		NoHeadTeacher   []classOut   `json:"no_head_teacher"`
	}
	syncOut struct {
		Enrolled    bool   `json:"enrolled"`
		Hub         string `json:"hub"`
		LastSuccess string `json:"last_success"`
		LastAttempt string `json:"last_attempt"`
		LastError   string `json:"last_error"`
		NeedsEnrol  bool   `json:"needs_enrol"`
		ClockBack   bool   `json:"clock_back"`
		Pending     int    `json:"pending"`
		Conflicts   int    `json:"conflicts"`
	}
)

// CockpitJSON writes the cockpit as `jxj cockpit --json` prints it.
func CockpitJSON(ck *app.Cockpit) ([]byte, error) {
	out := cockpitOut{From: app.FormatDate(ck.Range.From), To: app.FormatDate(ck.Range.To), Teacher: ck.Teacher,
		Attendance: attendanceJSON(ck.Attendance), Roster: rosterJSON(ck.Roster), Notices: noticesJSON(ck.Notices),
		Homework: each(ck.Homework, homeworkJSON), Forms: each(ck.Forms, formJSON), ToDo: todoJSON(ck.ToDo)}
	if ck.Exam != nil {
		out.Exam = examJSON(ck.Exam)
	}
	if st := ck.Sync; st != nil {
		out.Sync = &syncOut{Enrolled: st.Enrolled(), Hub: st.HubURL, LastSuccess: stamp(st.LastSuccess), LastAttempt: stamp(st.LastAttempt),
			LastError: st.LastError, NeedsEnrol: st.NeedsEnrol, ClockBack: st.ClockBack, Pending: st.Pending, Conflicts: st.Conflicts}
	}
	b, err := json.MarshalIndent(out, "", "  ")
	return append(b, '\n'), err
}

// each converts every element of a list; an empty list is [] in JSON.
func each[T, U any](in []T, fn func(T) U) []U {
	out := make([]U, 0, len(in))
	for _, v := range in {
		out = append(out, fn(v))
	}
	return out
}

// stamp is a time in RFC 3339, "" for none.
func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func countsJSON(c app.AttendanceCounts) countsOut {
	return countsOut{Sessions: c.Sessions, Present: c.Present(), Absent: c.Absent, Late: c.Late, Early: c.Early,
		Sick: c.Sick, Personal: c.Personal, Rate: c.Rate()}
}

func classJSON(c *app.Class) classOut { return classOut{ClassID: c.ID, Class: c.Label()} }

func attendanceJSON(a app.CockpitAttendance) attendanceOut {
	return attendanceOut{
		Today: countsJSON(a.Today),
		Trend: each(a.Trend, func(d app.DayCounts) dayOut {
			return dayOut{Day: app.FormatDate(d.Day), countsOut: countsJSON(d.Counts)}
		}),
		ByClass: each(a.ByClass, func(r app.RateRow) classRateOut {
			return classRateOut{ClassID: r.ID, Class: r.Label, countsOut: countsJSON(r.Counts)}
		}),
		ByGrade: each(a.ByGrade, func(g app.GradeAttendance) gradeAttendanceOut {
			return gradeAttendanceOut{Grade: g.Grade, Name: app.GradeName(g.Grade), All: countsJSON(g.All), Male: countsJSON(g.Male), Female: countsJSON(g.Female)}
		}),
		NotTaken:  each(a.NotTaken, classJSON),
		AlertDays: a.AlertDays,
		Absent: each(a.Absent, func(al app.AbsenceAlert) absentOut {
			return absentOut{StudentID: al.StudentID, Student: al.StudentName, StudentNo: al.StudentNo, ClassID: al.ClassID, Class: al.ClassLabel,
				Days: al.Days, Since: app.FormatDate(al.Since), Guardians: each(al.Guardians, func(g app.GuardianContact) guardianOut {
					return guardianOut{Name: g.Name, Relation: g.Relation, Phone: g.Phone}
				})}
		}),
	}
}

func rosterJSON(r app.CockpitRoster) rosterOut {
	return rosterOut{Students: r.Students, Staff: r.Staff, StudentsPerTeacher: r.StudentsPerTeacher(),
		ByGrade: each(r.ByGrade, func(g app.GradeCount) gradeCountOut {
			return gradeCountOut{Grade: g.Grade, Name: app.GradeName(g.Grade), Students: g.Students, Classes: g.Classes}
		}),
		Classes: each(r.Classes, func(c app.ClassSize) classSizeOut {
			return classSizeOut{ClassID: c.ClassID, Class: c.ClassLabel, Grade: c.Grade, Students: c.Students}
		}),
		Lines: sizeLinesOut{Standard: r.Lines.Standard, Large: r.Lines.Large, Huge: r.Lines.Huge}}
}

func receiptsJSON(c app.ReceiptCounts) receiptsOut {
	return receiptsOut{Total: c.Total, Acked: c.Acked, Read: c.Read, Unread: c.Unread, Rate: c.AckedRate()}
}

func noticesJSON(n app.CockpitNotices) noticesOut {
	return noticesOut{ToReach: n.ToReach, Open: each(n.Open, func(r app.NoticeRate) noticeOut {
		return noticeOut{NoticeID: r.NoticeID, Title: r.Title, Deadline: app.FormatDate(r.Deadline), Receipts: receiptsJSON(r.Counts),
			Classes: each(r.Classes, func(p app.ClassProgress) noticeClassOut {
				return noticeClassOut{ClassID: p.ClassID, Class: p.ClassLabel, Receipts: receiptsJSON(p.Counts)}
			})}
	})}
}

func homeworkJSON(h app.HomeworkRate) homeworkOut {
	c := h.Counts
	return homeworkOut{ClassID: h.ClassID, Class: h.ClassLabel, Subject: h.Subject, Homework: h.Homework, Total: c.Total, Done: c.Done,
		Late: c.Late, Missing: c.Missing, Excused: c.Excused, Unrecorded: c.Unrecorded, Rate: c.Rate()}
}

func formJSON(f app.FormRate) formOut {
	return formOut{FormID: f.FormID, Title: f.Title, Kind: string(f.Kind), Deadline: app.FormatDate(f.Deadline), Answered: f.Answered, Expected: f.Expected}
}

func groupJSON(g app.GroupStats) groupOut {
	return groupOut{ClassID: g.ClassID, Class: g.ClassLabel, Students: g.Students, Subjects: each(g.Subjects, func(s app.SubjectStats) subjectOut {
		return subjectOut{Subject: s.Subject, Full: s.Full.Points(), Count: s.Count, Absent: s.Absent, Average: s.Avg, Max: s.Max.Points(),
			Min: s.Min.Points(), Std: s.Std, Pass: s.Pass, Excellent: s.Excellent, Low: s.Low, PassRate: s.PassRate(),
			ExcellentRate: s.ExcellentRate(), LowRate: s.LowRate(), Bands: s.Bands}
	})}
}

func examJSON(e *app.CockpitExam) *examOut {
	return &examOut{ExamID: e.Exam.ID, Name: e.Exam.Name, Date: app.FormatDate(e.Exam.Date), BandEdges: app.BandEdges,
		Classes: each(e.Classes, groupJSON), All: groupJSON(e.All)}
}

func todoJSON(t app.CockpitToDo) todoOut {
	return todoOut{LeavesWaiting: t.LeavesWaiting, Drafts: t.Drafts, BureauToConfirm: t.BureauToConfirm, BureauToForward: t.BureauToForward,
		BureauItems: t.BureauItems, NoGuardianPhone: each(t.NoGuardianPhone, func(e app.DirectoryEntry) studentOut {
			return studentOut{StudentID: e.StudentID, Student: e.Name, StudentNo: e.StudentNo, ClassID: e.ClassID, Class: e.ClassLabel}
		}),
		NoHeadTeacher: each(t.NoHeadTeacher, classJSON)}
}

// writeCockpit prints the cockpit as tables, section by section; a
// section with nothing in it says so.
func writeCockpit(w io.Writer, school string, ck *app.Cockpit) error {
	p := &printer{w: w}
	scope := i18n.T("cli.cockpit.scope.school")
	if ck.Teacher {
		scope = i18n.T("cli.cockpit.scope.teacher")
	}
	p.line("cli.cockpit.title", school, app.FormatDate(ck.Range.From), app.FormatDate(ck.Range.To), scope)
	p.attendance(ck.Range.To, ck.Attendance)
	p.roster(ck.Roster)
	p.notices(ck.Notices)
	p.homework(ck.Homework)
	p.forms(ck.Forms)
	p.exam(ck)
	p.todo(ck.ToDo)
	p.sync(ck.Sync)
	return p.err
}

// printer writes lines and tables, keeping the first error.
type printer struct {
	w   io.Writer
	err error
}

func (p *printer) line(key string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintln(p.w, i18n.T(key, args...))
	}
}

// section starts a section with its heading.
func (p *printer) section(key string) {
	if p.err == nil {
		_, p.err = fmt.Fprintln(p.w)
	}
	p.line(key)
}

// table writes rows under the header's columns, or that there are none.
func (p *printer) table(header string, rows [][]string) {
	switch {
	case p.err != nil:
	case len(rows) == 0:
		p.line("cli.cockpit.none")
	default:
		p.err = writeTable(p.w, i18n.T(header), rows)
	}
}

// pct writes a rate in [0, 1] as a percentage; "-" when there was
// nothing to count.
func pct(rate float64, counted int) string {
	if counted == 0 {
		return "-"
	}
	return strconv.FormatFloat(100*rate, 'f', 1, 64) + "%"
}

func id(n int64) string { return strconv.FormatInt(n, 10) }

func countRow(c app.AttendanceCounts) []string {
	return []string{strconv.Itoa(c.Sessions), strconv.Itoa(c.Present()), strconv.Itoa(c.Absent), strconv.Itoa(c.Late),
		strconv.Itoa(c.Early), strconv.Itoa(c.Sick), strconv.Itoa(c.Personal), pct(c.Rate(), c.Sessions)}
}

func (p *printer) attendance(last time.Time, a app.CockpitAttendance) {
	p.section("cli.cockpit.attendance")
	p.line("cli.cockpit.attendance.today", app.FormatDate(last), a.Today.Sessions, a.Today.Present(), pct(a.Today.Rate(), a.Today.Sessions))
	p.line("cli.cockpit.attendance.trend", app.TrendDays)
	p.table("cli.cockpit.attendance.trend_header", each(a.Trend, func(d app.DayCounts) []string {
		return append([]string{app.FormatDate(d.Day)}, countRow(d.Counts)...)
	}))
	p.line("cli.cockpit.attendance.by_class")
	p.table("cli.cockpit.attendance.class_header", each(a.ByClass, func(r app.RateRow) []string {
		return append([]string{id(r.ID), r.Label}, countRow(r.Counts)...)
	}))
	p.line("cli.cockpit.attendance.by_grade")
	p.table("cli.cockpit.attendance.grade_header", each(a.ByGrade, func(g app.GradeAttendance) []string {
		return []string{app.GradeName(g.Grade), pct(g.All.Rate(), g.All.Sessions), pct(g.Male.Rate(), g.Male.Sessions), pct(g.Female.Rate(), g.Female.Sessions)}
	}))
	p.line("cli.cockpit.attendance.not_taken", app.FormatDate(last))
	p.table("cli.cockpit.class_header", each(a.NotTaken, func(c *app.Class) []string { return []string{id(c.ID), c.Label()} }))
	p.line("cli.cockpit.attendance.absent", a.AlertDays, len(a.Absent))
	p.table("cli.cockpit.attendance.absent_header", each(a.Absent, func(al app.AbsenceAlert) []string {
		return []string{dash(al.StudentNo), al.StudentName, al.ClassLabel, strconv.Itoa(al.Days), app.FormatDate(al.Since)}
	}))
}

func (p *printer) roster(r app.CockpitRoster) {
	p.section("cli.cockpit.roster")
	p.line("cli.cockpit.roster.totals", r.Students, r.Staff, strconv.FormatFloat(r.StudentsPerTeacher(), 'f', 1, 64))
	p.table("cli.cockpit.roster.grade_header", each(r.ByGrade, func(g app.GradeCount) []string {
		avg := "-"
		if g.Classes > 0 {
			avg = strconv.FormatFloat(float64(g.Students)/float64(g.Classes), 'f', 1, 64)
		}
		return []string{app.GradeName(g.Grade), strconv.Itoa(g.Students), strconv.Itoa(g.Classes), avg}
	}))
	p.line("cli.cockpit.roster.lines", r.Lines.Standard, r.Lines.Large, r.Lines.Huge)
	p.table("cli.cockpit.roster.class_header", each(r.Classes, func(c app.ClassSize) []string {
		over := ""
		switch {
		case c.Students >= r.Lines.Huge:
			over = i18n.T("cli.cockpit.roster.huge")
		case c.Students >= r.Lines.Large:
			over = i18n.T("cli.cockpit.roster.large")
		case c.Students > r.Lines.Standard:
			over = i18n.T("cli.cockpit.roster.over")
		}
		return []string{id(c.ClassID), c.ClassLabel, strconv.Itoa(c.Students), over}
	}))
}

func receiptRow(c app.ReceiptCounts) []string {
	return []string{strconv.Itoa(c.Acked), strconv.Itoa(c.Read), strconv.Itoa(c.Unread), pct(c.AckedRate(), c.Total)}
}

func (p *printer) notices(n app.CockpitNotices) {
	p.section("cli.cockpit.notices")
	p.line("cli.cockpit.notices.to_reach", n.ToReach)
	var rows [][]string
	for _, r := range n.Open {
		rows = append(rows, append([]string{id(r.NoticeID), r.Title, dash(app.FormatDate(r.Deadline))}, receiptRow(r.Counts)...))
		for _, c := range r.Classes {
			rows = append(rows, append([]string{"", "  " + c.ClassLabel, ""}, receiptRow(c.Counts)...))
		}
	}
	p.table("cli.cockpit.notices.header", rows)
}

func (p *printer) homework(hs []app.HomeworkRate) {
	p.section("cli.cockpit.homework")
	p.table("cli.cockpit.homework.header", each(hs, func(h app.HomeworkRate) []string {
		c := h.Counts
		return []string{id(h.ClassID), h.ClassLabel, h.Subject, strconv.Itoa(h.Homework), strconv.Itoa(c.Total), strconv.Itoa(c.Done),
			strconv.Itoa(c.Late), strconv.Itoa(c.Missing), strconv.Itoa(c.Excused), strconv.Itoa(c.Unrecorded), pct(c.Rate(), c.Total-c.Excused)}
	}))
}

func (p *printer) forms(fs []app.FormRate) {
	p.section("cli.cockpit.forms")
	p.table("cli.cockpit.forms.header", each(fs, func(f app.FormRate) []string {
		return []string{id(f.FormID), i18n.T("form.kind." + string(f.Kind)), dash(app.FormatDate(f.Deadline)),
			fmt.Sprintf("%d/%d", f.Answered, f.Expected), f.Title}
	}))
}

func (p *printer) exam(ck *app.Cockpit) {
	p.section("cli.cockpit.exam")
	e := ck.Exam
	if e == nil {
		p.line("cli.cockpit.exam.none")
		return
	}
	p.line("cli.cockpit.exam.title", e.Exam.Name, app.FormatDate(e.Exam.Date), e.Exam.ID)
	groups := ck.ExamGroups()
	p.table("cli.grades.stats.header", statsRows(groups))
	header := []string{i18n.T("cli.cockpit.exam.bands_class"), i18n.T("cli.cockpit.exam.bands_subject")}
	for i := range app.BandEdges {
		lo, hi := app.BandRange(i)
		header = append(header, fmt.Sprintf("%d–%d%%", lo, hi))
	}
	var rows [][]string
	for _, g := range groups {
		for _, s := range g.Subjects {
			row := []string{g.ClassLabel, s.Subject}
			for _, n := range s.Bands {
				row = append(row, strconv.Itoa(n))
			}
			rows = append(rows, row)
		}
	}
	p.line("cli.cockpit.exam.bands")
	if p.err == nil {
		p.err = writeTable(p.w, strings.Join(header, "\t"), rows)
	}
}

func (p *printer) todo(t app.CockpitToDo) {
	p.section("cli.cockpit.todo")
	p.line("cli.cockpit.todo.counts", t.LeavesWaiting, t.Drafts, t.BureauToConfirm, t.BureauToForward, t.BureauItems)
	p.line("cli.cockpit.todo.no_phone", len(t.NoGuardianPhone))
	p.table("cli.cockpit.todo.student_header", each(t.NoGuardianPhone, func(e app.DirectoryEntry) []string {
		return []string{dash(e.StudentNo), e.Name, e.ClassLabel}
	}))
	p.line("cli.cockpit.todo.no_head", len(t.NoHeadTeacher))
	p.table("cli.cockpit.class_header", each(t.NoHeadTeacher, func(c *app.Class) []string { return []string{id(c.ID), c.Label()} }))
}

func (p *printer) sync(st *app.SyncState) {
	p.section("cli.cockpit.sync")
	if st == nil {
		p.line("cli.cockpit.none")
		return
	}
	printSyncState(p.line, st, st.Conflicts)
}
