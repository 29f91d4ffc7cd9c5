package cli

import (
	"context"

	"jxj/app"
)

// runExportDirectory writes the parent directory to an .xlsx file as the
// acting account sees it: a teacher gets masked phones outside their own
// classes, as in the window. The export is audited (withServices).
func runExportDirectory(ctx context.Context, c *call) error {
	return c.withServices(ctx, 1, func(ctx context.Context, svc app.Services) error {
		if _, err := svc.Org.School(ctx); err != nil {
			return err
		}
		dir, err := svc.Directory.Directory(ctx)
		if err != nil {
			return err
		}
		if err := svc.Sheets.WriteDirectory(c.flags.Arg(0), dir.Entries); err != nil {
			return err
		}
		c.printf("cli.export.done", len(dir.Entries), c.flags.Arg(0))
		return nil
	})
}

// runExportTemplate writes the empty roster template: no personal data,
// no account.
func runExportTemplate(ctx context.Context, c *call) error {
	return c.withStatus(ctx, 1, func(_ context.Context, svc app.Services) error {
		if err := svc.Sheets.WriteRosterTemplate(c.flags.Arg(0)); err != nil {
			return err
		}
		c.printf("cli.template.done", c.flags.Arg(0))
		return nil
	})
}
