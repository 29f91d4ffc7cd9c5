package cli

import (
	"context"

	"jxj/app"
	"jxj/app/demo"
)

// runDemo creates the demo school in --data. A folder that already holds
// the demo is left as it is, so `make demo` can run it every time. It
// needs no account: it only ever acts on a folder without a school, and
// the demo's setup names its own administrator in the audit log.
func runDemo(ctx context.Context, c *call) error {
	return c.open(ctx, 0, func(ctx context.Context, svc app.Services) error {
		org, err := svc.Org.School(ctx)
		switch {
		case err == nil && org.IsDemo:
			c.printf("cli.demo.exists", org.Name)
			return nil
		case err == nil:
			return app.Errorf(app.ECONFLICT, "org.error.exists")
		case app.ErrorCode(err) != app.ENOTFOUND:
			return err
		}
		if err := demo.Create(ctx, svc, demo.DefaultSize); err != nil {
			return err
		}
		c.printf("cli.demo.created", demo.SchoolName, demo.AdminUser, demo.TeacherUser, demo.Password)
		return nil
	})
}
