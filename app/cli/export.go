package cli

import (
	"context"
)

// runExportDirectory writes the whole parent directory to an .xlsx file.
// The command line acts as the system account, which sees full phones.
func runExportDirectory(ctx context.Context, c *call) error {
	if err := c.parse(1); err != nil {
		return err
	}
	ctx, svc, closeFn, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer closeFn()
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
}

// runExportTemplate writes the empty roster template.
func runExportTemplate(ctx context.Context, c *call) error {
	if err := c.parse(1); err != nil {
		return err
	}
	_, svc, closeFn, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer closeFn()
	if err := svc.Sheets.WriteRosterTemplate(c.flags.Arg(0)); err != nil {
		return err
	}
	c.printf("cli.template.done", c.flags.Arg(0))
	return nil
}
