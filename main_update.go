package main

import (
	"context"
	"io"
	"log"
	"os"
	"os/exec"

	"fyne.io/fyne/v2"

	"jxj/app"
	"jxj/app/cli"
	"jxj/app/i18n"
	"jxj/storage"
	"jxj/storage/selfupdate"
	jxjsync "jxj/sync"
)

// This file wires updates through the hub (app/update.go): the sync
// client that downloads releases, the real binary swap for `jxj update
// install`, and the mark a new version leaves once it opened the database.

// selfUpdate is the command line's binary swap.
var selfUpdate = cli.SelfUpdate{
	Updates: func(dir string) (app.UpdateService, string, error) {
		if dir == "" {
			d, err := storage.DefaultDir()
			if err != nil {
				return nil, "", err
			}
			dir = d
		}
		return storage.NewUpdates(dir), dir, nil
	},
	Executable: os.Executable,
	Swap:       selfupdate.Swap,
	Rollback:   selfupdate.Rollback,
	Clean:      selfupdate.Clean,
	Start:      selfupdate.Start,
	WindowOpen: windowOpen, // main_instance.go
}

// newSyncClient is the school's sync client, which also downloads the
// releases the hub announces for this version's platform.
func newSyncClient(svc app.Services) *jxjsync.Client {
	c := jxjsync.NewClient(svc.Sync, "jxj "+version)
	c.Updates, c.Version = svc.Updates, version
	return c
}

// markStarted records that this version opened its database: the install
// that started it is done. The binary it replaced is removed then, or at
// a later start (Windows keeps it while the install that started this
// one still runs).
func markStarted(ctx context.Context, updates app.UpdateService) {
	if err := updates.MarkStarted(ctx, version); err != nil {
		log.Printf("jxj: update: %s", i18n.ForLog(err))
		return
	}
	st, err := updates.UpdateStatus(ctx)
	if err != nil || st.Phase != app.UpdateStarted {
		return
	}
	if exe, err := os.Executable(); err == nil {
		_ = selfupdate.Clean(exe) // what is left waits for the next start
	}
}

// installUpdate is 设置's 安装并重启: as the administrator in ctx it backs
// the database up and marks the install chosen, then starts `jxj update
// finish --after-exit` and quits. That process waits for this one to end
// (its standard input, whose other end this process holds, closes), so
// the new version never starts beside the old window; then it swaps,
// starts and watches the new version, or rolls back and opens the old
// one again.
func (g *gui) installUpdate(ctx context.Context) error {
	svc := g.school().svc
	in := &app.Installer{Store: svc.Updates, Current: version, Steps: app.UpdateSteps{
		Backup: func(ctx context.Context) (string, error) {
			b, err := svc.Backups.BackupNow(ctx, "")
			if err != nil {
				return "", err
			}
			return b.Path, nil
		}}}
	if err := in.Prepare(ctx); err != nil {
		return err
	}
	exe, err := os.Executable()
	if err == nil {
		finishing, err = startFinish(exe, g.dir)
	}
	if err != nil {
		_ = svc.Updates.SetUpdate(ctx, app.UpdateReady, "", "", "")
		return app.WrapError(err, "update.error.executable", err)
	}
	fyne.Do(g.app.Quit)
	return nil
}

// finishing is this process's end of `jxj update finish`'s standard
// input: kept open (a closed or collected one would let it start at
// once) until the process exits.
var finishing io.WriteCloser

// startFinish starts `jxj update finish --after-exit` on the data folder.
func startFinish(exe, dir string) (io.WriteCloser, error) {
	cmd := exec.Command(exe, "update", "finish", "--data", dir, "--after-exit")
	w, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	go func() { _ = cmd.Wait() }() // reaped if this process outlives it
	return w, nil
}
