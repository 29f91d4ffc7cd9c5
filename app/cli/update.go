package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"jxj/app"
	"jxj/app/i18n"
)

// A school's side of updates: what the hub's release did here, and its
// install when the administrator chooses (app/update.go).

// SelfUpdate is how the command line replaces the running binary; main
// fills it from storage/selfupdate, tests with their own.
type SelfUpdate struct {
	// Updates returns the update store of the data folder dir ("" for
	// the default folder) and the folder.
	Updates func(dir string) (app.UpdateService, string, error)
	// Executable is the running binary's path.
	Executable func() (string, error)
	Swap       func(exe, src string) error
	Rollback   func(exe string) error
	Clean      func(exe string) error
	// Start starts exe with args (the new version, on the data folder).
	Start func(ctx context.Context, exe string, args ...string) (<-chan error, func(), error)
	// Limit is how long the new version has to start; 0 is
	// app.DefaultStartLimit.
	Limit time.Duration
	// WindowOpen reports whether a jxj window holds the data folder:
	// the new version would find it taken and the install roll back.
	WindowOpen func(dir string) bool
}

// runUpdateStatus says where the school's update stands.
func runUpdateStatus(ctx context.Context, c *call) error {
	if err := c.parse(0); err != nil {
		return err
	}
	updates, _, err := c.env.SelfUpdate.Updates(*c.data)
	if err != nil {
		return err
	}
	st, err := updates.UpdateStatus(ctx)
	if err != nil {
		return err
	}
	c.printf("update.status.running", c.env.Version, app.Platform())
	if key := trustedKey(st); key != "" {
		c.printf("update.status.key", app.KeyFingerprint(key))
	}
	fmt.Fprintln(c.env.Stdout, st.Text())
	if st.Error != "" {
		c.printf("update.status.error", st.Error)
	}
	return nil
}

// printUpdate says, after a sync, where a new version from the hub
// stands, when there is one or a release was refused.
func (c *call) printUpdate(ctx context.Context, updates app.UpdateService) {
	if updates == nil {
		return
	}
	st, err := updates.UpdateStatus(ctx)
	switch {
	case err != nil:
		c.printf("update.status.error", i18n.Err(err))
	case st.Phase == app.UpdateDownloading || st.Phase == app.UpdateReady:
		fmt.Fprintln(c.env.Stdout, st.Text())
	}
	if err == nil && st.Error != "" {
		c.printf("update.status.error", st.Error)
	}
}

// trustedKey is the release key the school trusts.
func trustedKey(st *app.UpdateState) string {
	if app.ReleaseKey != "" {
		return app.ReleaseKey
	}
	return st.Key
}

// runUpdateInstall installs the release downloaded: the database backed
// up, the binary swapped, the new version started on the data folder and
// watched until it opened the database; if it does not, the old binary
// and the database come back. Only an administrator installs.
func runUpdateInstall(ctx context.Context, c *call) error {
	if err := c.parse(0); err != nil {
		return err
	}
	in, _, dir, err := c.installer(ctx)
	if err != nil {
		return err
	}
	if su := c.env.SelfUpdate; su.WindowOpen != nil && su.WindowOpen(dir) {
		return app.Errorf(app.ECONFLICT, "update.error.folder_held", dir)
	}
	st, err := in.Store.UpdateStatus(ctx)
	if err != nil {
		return err
	}
	if _, err := in.Store.ReadyRelease(ctx); err != nil {
		return err
	}
	c.printf("update.install.starting", st.Version(), c.env.Version)
	if err := in.Install(ctx); err != nil {
		return err
	}
	c.printf("update.install.done", st.Version())
	return nil
}

// finishWait is how long `jxj update finish --after-exit` waits for the
// window that started it to quit.
const finishWait = 2 * time.Minute

// runUpdateFinish goes on with an install the window prepared (it backed
// the database up as the administrator): once the window has quit (its
// end of this command's standard input closes), the swap, the start and,
// if the new version fails, the rollback, after which the old version's
// window opens again to say so.
func runUpdateFinish(ctx context.Context, c *call) error {
	afterExit := c.flags.Bool("after-exit", false, i18n.T("update.flag.after_exit"))
	if err := c.parse(0); err != nil {
		return err
	}
	in, exe, dir, err := c.installer(ctx)
	if err != nil {
		return err
	}
	if *afterExit {
		closed := make(chan struct{})
		go func() {
			_, _ = io.Copy(io.Discard, c.env.Stdin)
			close(closed)
		}()
		select {
		case <-closed:
		case <-time.After(finishWait):
			err := app.Errorf(app.EINTERNAL, "update.error.window_open", int(finishWait.Seconds()))
			_ = in.Store.SetUpdate(ctx, app.UpdateReady, "", "", i18n.Err(err))
			return err
		}
	}
	err = in.Finish(ctx)
	if err != nil && *afterExit {
		// the old version is back: its window says what happened
		if _, _, serr := c.env.SelfUpdate.Start(context.WithoutCancel(ctx), exe, "--data", dir); serr != nil {
			return errors.Join(err, serr)
		}
	}
	return err
}

// installer is the install of the data folder's release by the running
// binary exe: the backup as the administrator logged in (the restore
// after a failed start is written under that account, or, when the
// window prepared the install, under whoever holds the PC).
func (c *call) installer(ctx context.Context) (in *app.Installer, exe, dir string, err error) {
	su := c.env.SelfUpdate
	updates, dir, err := su.Updates(*c.data)
	if err != nil {
		return nil, "", "", err
	}
	if exe, err = su.Executable(); err != nil {
		return nil, "", "", app.WrapError(err, "update.error.executable", err)
	}
	restorer := app.NewContextWithAccount(ctx, app.RecoveryAccount(WhoAmI()))
	in = &app.Installer{Store: updates, Current: c.env.Version, Limit: su.Limit, Steps: app.UpdateSteps{
		Backup: func(ctx context.Context) (string, error) {
			var path string
			err := c.withServices(ctx, 0, func(ctx context.Context, svc app.Services) error {
				b, err := svc.Backups.BackupNow(ctx, "")
				if err == nil {
					path, restorer = b.Path, ctx
				}
				return err
			})
			return path, err
		},
		Swap:     func(src string) error { return su.Swap(exe, src) },
		Rollback: func() error { return su.Rollback(exe) },
		Clean:    func() error { return su.Clean(exe) },
		Start: func(ctx context.Context) (<-chan error, func(), error) {
			return su.Start(ctx, exe, "--data", dir)
		},
		RestoreDB: func(_ context.Context, backup string) error {
			_, err := c.env.Restore(restorer, dir, backup)
			return err
		},
	}}
	return in, exe, dir, nil
}
