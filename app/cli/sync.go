package cli

import (
	"context"
	"fmt"
	"strings"

	"jxj/app"
	"jxj/app/i18n"
)

// runEnrol enrols the school with the district hub with the one-time code
// from the bureau. A self-signed hub is trusted by the fingerprint the
// bureau gave (--fingerprint); without it the error shows the hub's.
func runEnrol(ctx context.Context, c *call) error {
	hub := c.flags.String("hub", "", i18n.T("cli.sync.flag.hub"))
	code := c.flags.String("code", "", i18n.T("cli.sync.flag.code"))
	var trust app.HubTrust
	c.flags.StringVar(&trust.Fingerprint, "fingerprint", "", i18n.T("cli.sync.flag.fingerprint"))
	c.flags.BoolVar(&trust.Insecure, "insecure", false, i18n.T("cli.sync.flag.insecure"))
	if err := c.parse(0); err != nil {
		return err
	}
	for _, f := range []struct{ name, value string }{{"--hub", *hub}, {"--code", *code}} {
		if strings.TrimSpace(f.value) == "" {
			return &usageError{i18n.T("cli.notice.error.required", f.name)}
		}
	}
	return c.withServices(ctx, 0, func(ctx context.Context, svc app.Services) error {
		org, err := svc.Org.School(ctx)
		if err != nil {
			return err
		}
		e, err := svc.Syncer.Enrol(ctx, app.EnrolRequest{HubURL: *hub, Code: *code, School: org.Name, Trust: trust})
		if err != nil {
			return err
		}
		c.printf("cli.sync.enrolled", org.Name, e.HubURL, e.Name)
		c.printf("cli.sync.status.trust", app.TrustText(e.HubURL, e.Trust))
		return nil
	})
}

// runSync runs one sync and prints what moved. It acts as the school's
// node, as the window's schedule does, so it needs no account.
func runSync(ctx context.Context, c *call) error {
	return c.open(ctx, 0, func(ctx context.Context, svc app.Services) error {
		run, err := svc.Syncer.Sync(ctx)
		if err != nil {
			return err
		}
		c.printf("cli.sync.done", run.Down, run.Up, run.Rejected)
		c.printUpdate(ctx, svc.Updates) // update.go
		return nil
	})
}

// runSyncStatus prints the last sync, what waits to go up and the
// conflicts (read-only: no account).
func runSyncStatus(ctx context.Context, c *call) error {
	return c.withStatus(ctx, 0, func(ctx context.Context, svc app.Services) error {
		st, err := svc.Sync.SyncState(ctx)
		if err != nil {
			return err
		}
		conflicts, err := svc.Sync.Conflicts(ctx)
		if err != nil {
			return err
		}
		printSyncState(c.printf, st, len(conflicts))
		for _, k := range conflicts {
			fmt.Fprintln(c.env.Stdout, "  "+i18n.T("cli.sync.status.conflict", k.Seq, i18n.T("sync.op."+k.Type), dash(k.Notice), k.Message))
		}
		return nil
	})
}

// printSyncState writes the school's link to the hub as `sync status` and
// the cockpit show it: the hub and how it is trusted, the last sync, what
// went wrong, what waits to go up and how many conflicts there are.
func printSyncState(line func(key string, args ...any), st *app.SyncState, conflicts int) {
	if st.Enrolled() {
		line("cli.sync.status.hub", st.HubURL)
		line("cli.sync.status.trust", app.TrustText(st.HubURL, st.Trust))
		line("cli.sync.status.last", dash(app.FormatMinute(st.LastSuccess)), dash(app.FormatMinute(st.LastAttempt)))
	} else {
		line("cli.sync.status.not_enrolled")
	}
	if st.LastError != "" {
		line("cli.sync.status.error", st.LastError)
	}
	if st.NeedsEnrol {
		line("cli.sync.status.needs_enrol")
	}
	if st.ClockBack {
		line("cli.sync.status.clock_back")
	}
	line("cli.sync.status.pending", st.Pending)
	line("cli.sync.status.conflicts", conflicts)
}

// runNoticeConfirm records the school's receipt of a bureau notice.
func runNoticeConfirm(ctx context.Context, c *call) error {
	id, err := c.idArg(1, 0, "cli.notice.error.id")
	if err != nil {
		return err
	}
	return c.withServices(ctx, 1, func(ctx context.Context, svc app.Services) error {
		n, err := svc.Notices.ConfirmBureau(ctx, id)
		if err != nil {
			return err
		}
		c.printf("cli.notice.confirmed", n.Title, n.ID)
		return nil
	})
}

// runNoticeForward sends a bureau notice on to families.
func runNoticeForward(ctx context.Context, c *call) error {
	to := c.flags.String("to", "", i18n.T("cli.notice.flag.to"))
	id, err := c.idArg(1, 0, "cli.notice.error.id")
	if err != nil {
		return err
	}
	if strings.TrimSpace(*to) == "" {
		return &usageError{i18n.T("cli.notice.error.required", "--to")}
	}
	t, err := app.ParseTarget(*to)
	if err != nil {
		return &usageError{i18n.Err(err)}
	}
	return c.withServices(ctx, 1, func(ctx context.Context, svc app.Services) error {
		n, err := svc.Notices.ForwardBureau(ctx, id, t)
		if err != nil {
			return err
		}
		c.printf("cli.notice.forwarded", n.Title, n.ID, n.Counts.Total)
		return nil
	})
}
