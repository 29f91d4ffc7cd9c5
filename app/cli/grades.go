package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"jxj/app"
	"jxj/app/i18n"
)

// classList reads --classes: "all" (or nothing) for every class, else
// class ids separated by commas.
func classList(s string) ([]int64, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "all" {
		return nil, nil
	}
	var ids []int64
	for part := range strings.SplitSeq(s, ",") {
		id, err := strconv.ParseInt(strings.TrimSpace(part), 10, 64)
		if err != nil || id <= 0 {
			return nil, &usageError{i18n.T("cli.grades.error.classes", part)}
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// runExamAdd creates an exam; only its id goes to standard output.
func runExamAdd(ctx context.Context, c *call) error {
	name := c.flags.String("name", "", i18n.T("cli.grades.flag.name"))
	date := c.flags.String("date", "", i18n.T("cli.grades.flag.date"))
	classes := c.flags.String("classes", "all", i18n.T("cli.grades.flag.classes"))
	subjects := c.flags.String("subjects", "", i18n.T("cli.grades.flag.subjects"))
	if err := c.parse(0); err != nil {
		return err
	}
	for _, f := range []struct{ name, value string }{{"--name", *name}, {"--date", *date}, {"--subjects", *subjects}} {
		if strings.TrimSpace(f.value) == "" {
			return &usageError{i18n.T("cli.notice.error.required", f.name)}
		}
	}
	d := app.ExamDraft{Name: *name}
	var err error
	if d.Date, err = app.ParseDate(*date); err != nil {
		return &usageError{i18n.Err(err)}
	}
	if d.Subjects, err = app.ParseSubjects(*subjects); err != nil {
		return &usageError{i18n.Err(err)}
	}
	if d.ClassIDs, err = classList(*classes); err != nil {
		return err
	}
	return c.withServices(ctx, 0, func(ctx context.Context, svc app.Services) error {
		e, err := svc.Exams.CreateExam(ctx, d)
		if err != nil {
			return err
		}
		fmt.Fprintln(c.env.Stderr, i18n.T("cli.grades.exam_added", e.Name, e.ID, len(e.ClassIDs), len(e.Subjects)))
		fmt.Fprintln(c.env.Stdout, e.ID)
		return nil
	})
}

// examFlag reads --exam as an exam id.
func (c *call) examFlag(exam *string) (int64, error) {
	id, err := strconv.ParseInt(strings.TrimSpace(*exam), 10, 64)
	if err != nil || id <= 0 {
		return 0, &usageError{i18n.T("cli.grades.error.exam")}
	}
	return id, nil
}

// runGradesImport imports a score sheet, or previews it with --dry-run:
// it prints the counts and the rows left out with their reasons, and
// imports the other rows. A file it cannot read changes nothing.
func runGradesImport(ctx context.Context, c *call) error {
	exam := c.flags.String("exam", "", i18n.T("cli.grades.flag.exam"))
	dryRun := c.flags.Bool("dry-run", false, i18n.T("cli.flag.dry_run"))
	if err := c.parse(1); err != nil {
		return err
	}
	id, err := c.examFlag(exam)
	if err != nil {
		return err
	}
	path := c.flags.Arg(0)
	return c.withServices(ctx, 1, func(ctx context.Context, svc app.Services) error {
		sheet, err := svc.Exams.ExamSheet(ctx, id)
		if err != nil {
			return err
		}
		rows, err := svc.Sheets.ReadScores(path, sheet.Exam)
		if err != nil {
			return err
		}
		res, err := svc.Exams.ImportScores(ctx, id, rows, *dryRun)
		if err != nil {
			return err
		}
		c.printf("cli.grades.import.plan", len(rows), res.Saved, res.Unchanged, len(res.Problems))
		c.printProblems("cli.import.rejected", res.Problems)
		if *dryRun {
			c.printf("cli.import.dry_run")
		} else {
			c.printf("cli.import.done")
		}
		return nil
	})
}

// runGradesStats prints the per-class per-subject statistics of an exam.
func runGradesStats(ctx context.Context, c *call) error {
	exam := c.flags.String("exam", "", i18n.T("cli.grades.flag.exam"))
	if err := c.parse(0); err != nil {
		return err
	}
	id, err := c.examFlag(exam)
	if err != nil {
		return err
	}
	// figures per class, no names: read-only, no account
	return c.withStatus(ctx, 0, func(ctx context.Context, svc app.Services) error {
		sheet, err := svc.Exams.ExamSheet(ctx, id)
		if err != nil {
			return err
		}
		st := app.ComputeExamStats(sheet)
		c.printf("cli.grades.stats.title", sheet.Exam.Name, app.FormatDate(sheet.Exam.Date), len(sheet.Students))
		all := st.All
		all.ClassLabel = i18n.T("cli.grades.stats.all")
		return writeTable(c.env.Stdout, i18n.T("cli.grades.stats.header"), statsRows(append(st.Classes, all)))
	})
}

// statsRows are the rows of the statistics table: per group and subject,
// the count, 缺考, average, max, min, deviation and rates.
func statsRows(groups []app.GroupStats) [][]string {
	var rows [][]string
	for _, g := range groups {
		for _, s := range g.Subjects {
			rows = append(rows, []string{g.ClassLabel, s.Subject, strconv.Itoa(s.Count), strconv.Itoa(s.Absent),
				points(s, s.Avg), maxMin(s, s.Max), maxMin(s, s.Min), points(s, s.Std),
				percent(s, s.PassRate()), percent(s, s.ExcellentRate()), percent(s, s.LowRate())})
		}
	}
	return rows
}

// points writes an average or deviation to two decimals, "-" without
// scores.
func points(s app.SubjectStats, v float64) string {
	if s.Count == 0 {
		return "-"
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}

func maxMin(s app.SubjectStats, v app.Score) string {
	if s.Count == 0 {
		return "-"
	}
	return v.String()
}

func percent(s app.SubjectStats, r float64) string {
	if s.Count == 0 {
		return "-"
	}
	return strconv.FormatFloat(100*r, 'f', 1, 64) + "%"
}

// runAttendanceMark saves a class's roll call for a day: everyone present
// but the students named (by number) with --absent, --late, --sick ….
func runAttendanceMark(ctx context.Context, c *call) error {
	date := c.flags.String("date", "", i18n.T("cli.attendance.flag.date"))
	class := c.flags.Int64("class", 0, i18n.T("cli.attendance.flag.class"))
	session := c.flags.String("session", string(app.SessionDay), i18n.T("cli.attendance.flag.session"))
	lists := map[app.Mark]*string{}
	for _, m := range app.Marks[1:] {
		lists[m] = c.flags.String(string(m), "", i18n.T("cli.attendance.flag.list", i18n.T("mark."+string(m))))
	}
	if err := c.parse(0); err != nil {
		return err
	}
	day, err := app.ParseDate(*date)
	if err != nil || day.IsZero() {
		return &usageError{i18n.T("cli.attendance.error.date")}
	}
	if *class <= 0 {
		return &usageError{i18n.T("cli.attendance.error.class")}
	}
	return c.withServices(ctx, 0, func(ctx context.Context, svc app.Services) error {
		rc, err := svc.Attendance.RollCall(ctx, *class, day, app.Session(*session))
		if err != nil {
			return err
		}
		byNo := map[string]int64{}
		for _, e := range rc.Entries {
			byNo[e.StudentNo] = e.StudentID
		}
		var marks []app.RollCallMark
		for _, m := range app.Marks[1:] {
			for no := range strings.SplitSeq(*lists[m], ",") {
				if no = strings.TrimSpace(no); no == "" {
					continue
				}
				id, ok := byNo[no]
				if !ok {
					return app.Errorf(app.EINVALID, "cli.attendance.error.student", no, rc.ClassLabel)
				}
				marks = append(marks, app.RollCallMark{StudentID: id, Mark: m})
			}
		}
		rc, err = svc.Attendance.SaveRollCall(ctx, *class, day, app.Session(*session), marks)
		if err != nil {
			return err
		}
		var counts app.AttendanceCounts
		for _, e := range rc.Entries {
			counts.Add(e.Mark)
		}
		c.printf("cli.attendance.saved", rc.ClassLabel, app.FormatDate(day), counts.Sessions, counts.Present(), counts.Absent, counts.Sick+counts.Personal)
		return nil
	})
}

// runAttendanceExport writes a class's month sheet (考勤表).
func runAttendanceExport(ctx context.Context, c *call) error {
	class := c.flags.Int64("class", 0, i18n.T("cli.attendance.flag.class"))
	month := c.flags.String("month", "", i18n.T("cli.attendance.flag.month"))
	if err := c.parse(1); err != nil {
		return err
	}
	m, err := time.ParseInLocation("2006-01", strings.TrimSpace(*month), time.Local)
	if err != nil {
		return &usageError{i18n.T("cli.attendance.error.month", *month)}
	}
	if *class <= 0 {
		return &usageError{i18n.T("cli.attendance.error.class")}
	}
	path := c.flags.Arg(0)
	return c.withServices(ctx, 1, func(ctx context.Context, svc app.Services) error {
		ms, err := svc.Attendance.MonthSheet(ctx, *class, m)
		if err != nil {
			return err
		}
		if err := svc.Sheets.WriteMonthSheet(path, ms); err != nil {
			return err
		}
		c.printf("cli.attendance.exported", ms.ClassLabel, *month, path)
		return nil
	})
}
