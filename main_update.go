package main

import (
	"context"
	"log"
	"os"

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
