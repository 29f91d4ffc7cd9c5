package cli

import (
	"context"

	"jxj/app"
)

// runExportDirectory writes the whole parent directory to an .xlsx file.
// The command line acts as the system account, which sees full phones.
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

// runExportTemplate writes the empty roster template.
func runExportTemplate(ctx context.Context, c *call) error {
	return c.withServices(ctx, 1, func(_ context.Context, svc app.Services) error {
		if err := svc.Sheets.WriteRosterTemplate(c.flags.Arg(0)); err != nil {
			return err
		}
		c.printf("cli.template.done", c.flags.Arg(0))
		return nil
	})
}
