package cli

import (
	"context"
	"fmt"
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
	fmt.Fprintln(c.env.Stdout, UpdateText(st))
	if st.Error != "" {
		c.printf("update.status.error", st.Error)
	}
	return nil
}

// trustedKey is the release key the school trusts.
func trustedKey(st *app.UpdateState) string {
	if app.ReleaseKey != "" {
		return app.ReleaseKey
	}
	return st.Key
}

// UpdateText is one line saying where an update stands, in the user's
// language.
func UpdateText(st *app.UpdateState) string {
	switch st.Phase {
	case app.UpdateDownloading:
		m := st.Release.Manifest
		return i18n.T("update.status.downloading", m.Version, min(st.Have, m.Size)*100/m.Size)
	case app.UpdateReady:
		return i18n.T("update.status.ready", st.Version())
	case app.UpdateInstalling:
		return i18n.T("update.status.installing", st.Version(), st.From)
	case app.UpdateStarted:
		return i18n.T("update.status.started", st.Version(), app.FormatMinute(st.At))
	case app.UpdateRolledBack:
		return i18n.T("update.status.rolled_back", st.Version(), st.From)
	}
	return i18n.T("update.status.none")
}

// runUpdateInstall installs the release downloaded: the database backed
// up, the binary swapped, the new version started on the data folder and
// watched until it opened the database; if it does not, the old binary
// and the database come back. Only an administrator installs.
func runUpdateInstall(ctx context.Context, c *call) error {
	if err := c.parse(0); err != nil {
		return err
	}
	su := c.env.SelfUpdate
	updates, dir, err := su.Updates(*c.data)
	if err != nil {
		return err
	}
	if _, err := updates.ReadyRelease(ctx); err != nil {
		return err
	}
	exe, err := su.Executable()
	if err != nil {
		return app.WrapError(err, "update.error.executable", err)
	}
	var admin context.Context // the administrator's, for the restore's audit row
	in := &app.Installer{Store: updates, Current: c.env.Version, Limit: su.Limit, Steps: app.UpdateSteps{
		Backup: func(ctx context.Context) (string, error) {
			var path string
			err := c.withServices(ctx, 0, func(ctx context.Context, svc app.Services) error {
				b, err := svc.Backups.BackupNow(ctx, "")
				if err == nil {
					path, admin = b.Path, ctx
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
			_, err := c.env.Restore(admin, dir, backup)
			return err
		},
	}}
	st, _ := updates.UpdateStatus(ctx)
	c.printf("update.install.starting", st.Version(), c.env.Version)
	if err := in.Install(ctx); err != nil {
		return err
	}
	c.printf("update.install.done", st.Version())
	return nil
}
