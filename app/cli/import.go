package cli

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"jxj/app"
	"jxj/app/i18n"
)

// runImportRoster reads a roster file, prints the preview and, unless
// --dry-run, imports it. --transfer-missing marks the students of the
// file's classes whom it does not name 转出 (after 升年级: those who left).
func runImportRoster(ctx context.Context, c *call) error {
	transfer := c.flags.Bool("transfer-missing", false, i18n.T("cli.import.flag.transfer_missing"))
	return importSheet(ctx, c,
		func(svc app.Services, path string) ([]app.RosterRow, error) {
			file, err := svc.Sheets.ReadRoster(path)
			if err != nil {
				return nil, err
			}
			c.printf("cli.import.file", filepath.Base(path), sheetName(file.Sheet), file.HeaderLine)
			c.printf("cli.import.columns", strings.Join(file.Columns, "、"))
			return file.Rows, nil
		},
		func(svc app.Services, dry bool) func(context.Context, []app.RosterRow) (*app.ImportPlan, error) {
			if dry {
				return svc.Roster.PreviewRoster
			}
			return func(ctx context.Context, rows []app.RosterRow) (*app.ImportPlan, error) {
				p, err := svc.Roster.ImportRoster(ctx, rows, nil)
				if err != nil || !*transfer || len(p.Missing) == 0 {
					return p, err
				}
				ids := make([]int64, len(p.Missing))
				for i, m := range p.Missing {
					ids[i] = m.ID
				}
				if err := svc.Students.SetStatus(ctx, app.StatusChange{StudentIDs: ids, To: app.StatusTransferred,
					Note: i18n.T("import.missing_note")}); err != nil {
					return nil, err
				}
				c.printf("cli.import.transferred", len(ids))
				return p, nil
			}
		})
}

func runImportClasses(ctx context.Context, c *call) error {
	return importSheet(ctx, c,
		func(svc app.Services, path string) ([]app.ClassRow, error) { return svc.Sheets.ReadClasses(path) },
		func(svc app.Services, dry bool) func(context.Context, []app.ClassRow) (*app.ImportPlan, error) {
			if dry {
				return svc.Classes.PreviewClasses
			}
			return svc.Classes.ImportClasses
		})
}

func runImportStaff(ctx context.Context, c *call) error {
	return importSheet(ctx, c,
		func(svc app.Services, path string) ([]app.StaffRow, error) { return svc.Sheets.ReadStaff(path) },
		func(svc app.Services, dry bool) func(context.Context, []app.StaffRow) (*app.ImportPlan, error) {
			if dry {
				return svc.Staff.PreviewStaff
			}
			return svc.Staff.ImportStaff
		})
}

// importSheet is the flow of every import: read the file, then preview
// (--dry-run) or import, then print the plan. On a fresh data folder an
// import first creates the school record, so IT staff can load a roster
// before anyone has run the setup wizard.
func importSheet[R any](ctx context.Context, c *call,
	read func(app.Services, string) ([]R, error),
	apply func(app.Services, bool) func(context.Context, []R) (*app.ImportPlan, error)) error {
	dry := c.flags.Bool("dry-run", false, i18n.T("cli.flag.dry_run"))
	return c.withServices(ctx, 1, func(ctx context.Context, svc app.Services) error {
		rows, err := read(svc, c.flags.Arg(0))
		if err != nil {
			return err
		}
		if !*dry {
			if _, err := svc.Org.EnsureSchool(ctx, i18n.T("cli.import.default_school")); err != nil {
				return err
			}
		}
		plan, err := apply(svc, *dry)(ctx, rows)
		if err != nil {
			return err
		}
		c.printPlan(plan)
		if *dry {
			c.printf("cli.import.dry_run")
		} else {
			c.printf("cli.import.done")
		}
		return nil
	})
}

func sheetName(s string) string {
	if s == "" {
		return "CSV"
	}
	return s
}

// printPlan prints the counts, the classes to create, the rejected rows
// with their reasons and the warnings.
func (c *call) printPlan(p *app.ImportPlan) {
	c.printf("cli.import.summary", p.Added, p.Updated, p.Unchanged, len(p.Rejected))
	if len(p.NewClasses) > 0 {
		labels := make([]string, len(p.NewClasses))
		for i, k := range p.NewClasses {
			labels[i] = app.ClassLabel(k.Grade, k.Name)
		}
		c.printf("cli.import.new_classes", len(labels), strings.Join(labels, "、"))
	}
	c.printProblems("cli.import.rejected", p.Rejected)
	c.printChanges(p)
	c.printProblems("cli.import.warnings", p.Warnings)
	if len(p.Missing) > 0 {
		c.printf("cli.import.missing", len(p.Missing))
		for _, m := range p.Missing {
			fmt.Fprintln(c.env.Stdout, "  "+i18n.T("cli.import.missing_row", m.ClassLabel, m.StudentNo, m.Name))
		}
	}
}

// printChanges prints what each updated row changes; rows that remove
// something come first, marked with "!".
func (c *call) printChanges(p *app.ImportPlan) {
	items := p.Changed()
	if len(items) == 0 {
		return
	}
	if p.Removals > 0 {
		c.printf("cli.import.removals", p.Removals)
	}
	c.printf("cli.import.changes", len(items))
	for _, it := range items {
		mark := "  "
		if it.Removes() {
			mark = "! "
		}
		texts := make([]string, len(it.Changes))
		for i, ch := range it.Changes {
			texts[i] = ch.String()
		}
		fmt.Fprintln(c.env.Stdout, mark+i18n.T("cli.import.row", it.Line, it.Name, strings.Join(texts, i18n.T("cli.import.change_sep"))))
	}
}

func (c *call) printProblems(titleKey string, problems []app.RowProblem) {
	if len(problems) == 0 {
		return
	}
	c.printf(titleKey, len(problems))
	for _, r := range problems {
		fmt.Fprintln(c.env.Stdout, "  "+i18n.T("cli.import.row", r.Line, r.Name, i18n.Err(r.Reason)))
	}
}
