package cli

import (
	"context"

	"jxj/app"
	"jxj/app/i18n"
)

// runPrintNotice writes a published notice with one tear-off receipt slip
// per receipt as a PDF.
func runPrintNotice(ctx context.Context, c *call) error {
	out := c.flags.String("out", "", i18n.T("cli.print.flag.out"))
	id, err := c.idArg(1, 0, "cli.notice.error.id")
	if err != nil {
		return err
	}
	if *out == "" {
		return &usageError{i18n.T("cli.print.error.out_required")}
	}
	return c.withServices(ctx, 1, func(ctx context.Context, svc app.Services) error {
		org, err := svc.Org.School(ctx)
		if err != nil {
			return err
		}
		n, receipts, err := publishedNotice(ctx, svc, id)
		if err != nil {
			return err
		}
		if err := svc.Printer.PrintNotice(*out, app.NoticePrint{School: org.Name, Notice: n, Receipts: receipts}); err != nil {
			return err
		}
		c.printf("cli.print.done", *out, len(receipts))
		return nil
	})
}
