package cli

import (
	"context"
	"fmt"
	"strings"

	"jxj/app"
	"jxj/app/i18n"
)

// runYearRollover starts the next school year (升年级), or with --dry-run
// prints what it would do.
func runYearRollover(ctx context.Context, c *call) error {
	dry := c.flags.Bool("dry-run", false, i18n.T("cli.flag.dry_run"))
	top := c.flags.Int("top-grade", 0, i18n.T("cli.year.flag.top_grade"))
	return c.withServices(ctx, 0, func(ctx context.Context, svc app.Services) error {
		opts := app.RolloverOptions{TopGrade: *top}
		do := svc.Years.Rollover
		if *dry {
			do = svc.Years.PlanRollover
		}
		p, err := do(ctx, opts)
		if err != nil {
			return err
		}
		c.printf("cli.year.plan", app.SchoolYearName(p.From), app.SchoolYearName(p.To), app.GradeName(p.TopGrade))
		for _, m := range p.Moves {
			fmt.Fprintln(c.env.Stdout, "  "+i18n.T("year.move", m.From, m.To, m.Students))
		}
		for _, g := range p.Graduates {
			fmt.Fprintln(c.env.Stdout, "  "+i18n.T("year.graduate", g.From, g.Students))
		}
		c.printf("year.summary", p.Moved, p.Graduated, p.Staying)
		if *dry {
			c.printf("cli.import.dry_run")
		} else {
			c.printf("year.done", app.SchoolYearName(p.To))
		}
		return nil
	})
}

// runStudentStatus marks students, named by student number, 转出, 休学 or
// 转入 (into --class).
func runStudentStatus(ctx context.Context, c *call) error {
	to := c.flags.String("to", "", i18n.T("cli.student.flag.to"))
	class := c.flags.Int64("class", 0, i18n.T("cli.student.flag.class"))
	note := c.flags.String("note", "", i18n.T("cli.student.flag.note"))
	if err := c.parseFlags(); err != nil {
		return err
	}
	status := app.StudentStatus(*to)
	if status != app.StatusTransferred && status != app.StatusSuspended && status != app.StatusActive {
		return &usageError{i18n.T("cli.student.error.to", *to)}
	}
	numbers := c.flags.Args()
	if len(numbers) == 0 {
		return &usageError{i18n.T("cli.student.error.numbers")}
	}
	return c.withServices(ctx, len(numbers), func(ctx context.Context, svc app.Services) error {
		dir, err := svc.Directory.Directory(ctx)
		if err != nil {
			return err
		}
		former, err := svc.Students.FormerStudents(ctx)
		if err != nil {
			return err
		}
		byNo := map[string]app.DirectoryEntry{}
		for _, e := range append(dir.Entries, former...) {
			if e.StudentNo != "" {
				byNo[e.StudentNo] = e
			}
		}
		change := app.StatusChange{To: status, ClassID: *class, Note: *note}
		var names []string
		for _, no := range numbers {
			e, ok := byNo[strings.TrimSpace(no)]
			if !ok {
				return app.Errorf(app.ENOTFOUND, "cli.student.error.unknown", no)
			}
			change.StudentIDs = append(change.StudentIDs, e.StudentID)
			names = append(names, e.Name)
		}
		if err := svc.Students.SetStatus(ctx, change); err != nil {
			return err
		}
		c.printf("cli.student.done", strings.Join(names, i18n.T("cli.list_sep")), status.Label())
		return nil
	})
}
