package cli

import (
	"context"
	"fmt"
	"strconv"

	"jxj/app"
	"jxj/app/i18n"
)

// runFormList lists the surveys, chains and check-ins, newest first, so a
// script can find the id to export (read-only: no account).
func runFormList(ctx context.Context, c *call) error {
	return c.withStatus(ctx, 0, func(ctx context.Context, svc app.Services) error {
		forms, err := svc.Forms.Forms(ctx)
		if err != nil {
			return err
		}
		if len(forms) == 0 {
			c.printf("cli.form.list.empty")
			return nil
		}
		rows := make([][]string, len(forms))
		for i, f := range forms {
			rows[i] = []string{strconv.FormatInt(f.ID, 10), i18n.T("form.kind." + string(f.Kind)), formDays(f),
				fmt.Sprintf("%d/%d", f.Answered, f.Total), f.Title}
		}
		return writeTable(c.env.Stdout, i18n.T("cli.form.list.header"), rows)
	})
}

// formDays is when a form takes answers: a check-in's days, otherwise its
// deadline; closed forms say so.
func formDays(f *app.Form) string {
	switch {
	case f.Closed:
		return i18n.T("cli.form.closed")
	case f.Kind == app.FormCheckin:
		return i18n.T("cli.form.days", app.FormatDate(f.StartDay), app.FormatDate(f.EndDay))
	}
	return dash(app.FormatDate(f.Deadline))
}

// runFormExport writes a form's answers (every day of a check-in) and the
// summary of its totals to a spreadsheet.
func runFormExport(ctx context.Context, c *call) error {
	id, err := c.idArg(2, 0, "cli.form.error.id")
	if err != nil {
		return err
	}
	path := c.flags.Arg(1)
	return c.withServices(ctx, 2, func(ctx context.Context, svc app.Services) error {
		sheet, err := svc.Forms.FormSheet(ctx, id, "")
		if err != nil {
			return err
		}
		if sheet.Form.Kind == app.FormCheckin {
			if sheet, err = svc.Forms.FormSheet(ctx, id, app.AllDays); err != nil {
				return err
			}
		}
		if err := svc.Sheets.WriteFormAnswers(path, sheet, app.ComputeTotals(sheet)); err != nil {
			return err
		}
		c.printf("cli.form.exported", sheet.Form.Title, len(sheet.Answers), path)
		return nil
	})
}
