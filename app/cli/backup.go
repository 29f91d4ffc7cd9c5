package cli

import (
	"context"
	"fmt"

	"jxj/app"
	"jxj/app/i18n"
)

// runBackup writes a consistent copy of the school's database while jxj
// may be running: into the data folder's backups/, or to FILE.
func runBackup(ctx context.Context, c *call) error {
	if err := c.parseFlags(); err != nil {
		return err
	}
	if c.flags.NArg() > 1 {
		return &usageError{i18n.T("cli.error.nargs", 1, c.flags.NArg())}
	}
	return c.withServices(ctx, c.flags.NArg(), func(ctx context.Context, svc app.Services) error {
		b, err := svc.Backups.BackupNow(ctx, c.flags.Arg(0))
		if err != nil {
			return err
		}
		c.printf("cli.backup.done", b.Path, b.School, b.Students, float64(b.Size)/(1<<20))
		return nil
	})
}

// runRestore replaces the school's database with a backup, checked first;
// the database replaced is kept aside. Close jxj first.
func runRestore(ctx context.Context, c *call) error {
	if err := c.parse(1); err != nil {
		return err
	}
	acct, err := c.restoreActor(ctx)
	if err != nil {
		return err
	}
	aside, err := c.env.Restore(app.NewContextWithAccount(ctx, acct), *c.data, c.flags.Arg(0))
	if err != nil {
		return err
	}
	c.printf("cli.restore.done", c.flags.Arg(0))
	if aside != "" {
		c.printf("cli.restore.aside", aside)
	}
	return nil
}

// restoreActor is who restores: the administrator, logged in on the
// database being replaced; when that database cannot be opened (damaged,
// emptied, gone), whoever holds the folder, written in the restored
// database's audit log by OS user and host, as for a password recovery.
func (c *call) restoreActor(ctx context.Context) (*app.Account, error) {
	svc, closeFn, err := c.env.Open(ctx, *c.data)
	if err != nil {
		if c.env.Damaged != nil && c.env.Damaged(err) {
			fmt.Fprintln(c.env.Stderr, i18n.Err(err))
			return app.RecoveryAccount(WhoAmI()), nil
		}
		return nil, err
	}
	defer closeFn()
	acct, err := c.login(ctx, svc)
	if err != nil {
		return nil, err
	}
	if !acct.IsAdmin() {
		return nil, app.Errorf(app.EFORBIDDEN, "error.admin_only")
	}
	return acct, nil
}
