package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"time"

	"jxj/app"
	"jxj/app/i18n"
)

// runServe runs the district hub until SIGINT or SIGTERM.
func runServe(ctx context.Context, c *call) error {
	var l app.HubListen
	c.flags.StringVar(&l.Addr, "listen", "127.0.0.1:8420", i18n.T("cli.hub.flag.listen"))
	c.flags.StringVar(&l.TLSCert, "tls-cert", "", i18n.T("cli.hub.flag.tls_cert"))
	c.flags.StringVar(&l.TLSKey, "tls-key", "", i18n.T("cli.hub.flag.tls_key"))
	c.flags.BoolVar(&l.Insecure, "insecure", false, i18n.T("cli.hub.flag.insecure"))
	if err := c.parse(0); err != nil {
		return err
	}
	return c.env.Serve(ctx, *c.data, l)
}

// DefaultCertDays is how long `jxj hub cert` makes a certificate valid: a
// pinned certificate is checked by its fingerprint, not its dates, and
// each new one must be pinned again by every school.
const DefaultCertDays = 3650

// runHubCert makes a self-signed certificate and key for the hub and
// prints the fingerprint that schools compare and pin when they enrol.
// It never overwrites a file.
func runHubCert(_ context.Context, c *call) error {
	hosts := c.flags.String("host", "", i18n.T("cli.hub.flag.host"))
	certFile := c.flags.String("cert", "", i18n.T("cli.hub.flag.cert_out"))
	keyFile := c.flags.String("key", "", i18n.T("cli.hub.flag.key_out"))
	days := c.flags.Int("days", DefaultCertDays, i18n.T("cli.hub.flag.cert_days"))
	if err := c.parse(0); err != nil {
		return err
	}
	for _, f := range []struct{ name, value string }{{"--host", *hosts}, {"--cert", *certFile}, {"--key", *keyFile}} {
		if strings.TrimSpace(f.value) == "" {
			return &usageError{i18n.T("cli.notice.error.required", f.name)}
		}
	}
	certPEM, keyPEM, fingerprint, err := c.env.MakeCert(strings.Split(*hosts, ","), *days, time.Now())
	if err != nil {
		return err
	}
	if err := writeNewFile(*keyFile, keyPEM, 0o600); err != nil {
		return err
	}
	if err := writeNewFile(*certFile, certPEM, 0o644); err != nil {
		os.Remove(*keyFile) // written just now: no key without its certificate
		return err
	}
	c.printf("cli.hub.cert.written", *certFile, *keyFile)
	c.printf("cli.hub.cert.fingerprint", fingerprint)
	c.printf("cli.hub.cert.next", *certFile, *keyFile)
	return nil
}

// writeNewFile writes data to a file that must not exist yet.
func writeNewFile(path string, data []byte, perm os.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if errors.Is(err, fs.ErrExist) {
		return app.Errorf(app.EINVALID, "cli.hub.error.file_exists", path)
	}
	if err != nil {
		return app.WrapError(err, "cli.hub.error.write", path, err)
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path) // made just now: leave nothing half written
		return app.WrapError(err, "cli.hub.error.write", path, err)
	}
	return nil
}

// withHub opens the hub's data folder for the `jxj hub` commands.
func (c *call) withHub(ctx context.Context, nargs int, fn func(ctx context.Context, hub app.HubStore) error) error {
	if err := c.parse(nargs); err != nil {
		return err
	}
	hub, closeFn, err := c.env.OpenHub(ctx, *c.data)
	if err != nil {
		return err
	}
	defer closeFn()
	return fn(ctx, hub)
}

// runHubOrgAdd adds a school and prints its one-time enrolment code.
func runHubOrgAdd(ctx context.Context, c *call) error {
	var d app.HubOrgDraft
	c.flags.StringVar(&d.Name, "name", "", i18n.T("cli.hub.flag.name"))
	kind := c.flags.String("type", "", i18n.T("cli.orgs.flag.type"))
	c.flags.StringVar(&d.Township, "township", "", i18n.T("cli.hub.flag.township"))
	if err := c.parse(0); err != nil {
		return err
	}
	if strings.TrimSpace(d.Name) == "" {
		return &usageError{i18n.T("cli.notice.error.required", "--name")}
	}
	var err error
	if d.Kind, err = parseKind(*kind); err != nil {
		return err
	}
	return c.withHub(ctx, 0, func(ctx context.Context, hub app.HubStore) error {
		org, code, err := hub.AddOrg(ctx, d)
		if err != nil {
			return err
		}
		c.printf("cli.hub.org.added", org.Name, org.ID)
		c.printf("cli.hub.org.code", code)
		return nil
	})
}

// runHubOrgCode issues a new enrolment code for a school (re-enrolment);
// with --revoke-now the school's credential stops at once.
func runHubOrgCode(ctx context.Context, c *call) error {
	revokeNow := c.flags.Bool("revoke-now", false, i18n.T("cli.hub.flag.revoke_now"))
	id, err := c.idArg(1, 0, "cli.hub.error.org_id")
	if err != nil {
		return err
	}
	return c.withHub(ctx, 1, func(ctx context.Context, hub app.HubStore) error {
		code, err := hub.NewEnrolCode(ctx, id, *revokeNow)
		if err != nil {
			return err
		}
		c.printf("cli.hub.org.code", code)
		if *revokeNow {
			c.printf("cli.hub.org.revoked_now", id)
		}
		return nil
	})
}

// runHubOrgRevoke revokes a school's credential.
func runHubOrgRevoke(ctx context.Context, c *call) error {
	id, err := c.idArg(1, 0, "cli.hub.error.org_id")
	if err != nil {
		return err
	}
	return c.withHub(ctx, 1, func(ctx context.Context, hub app.HubStore) error {
		if err := hub.RevokeOrg(ctx, id); err != nil {
			return err
		}
		c.printf("cli.hub.org.revoked_done", id)
		return nil
	})
}

// runHubToken prints a new admin token for the hub's admin endpoints;
// only the token goes to standard output, its number and expiry to
// standard error.
func runHubToken(ctx context.Context, c *call) error {
	days := c.flags.Int("days", app.DefaultAdminTokenDays, i18n.T("cli.hub.flag.days", app.MaxAdminTokenDays))
	return c.withHub(ctx, 0, func(ctx context.Context, hub app.HubStore) error {
		t, token, err := hub.AdminToken(ctx, *days)
		if err != nil {
			return err
		}
		fmt.Fprintln(c.env.Stderr, i18n.T("cli.hub.token.made", t.ID, app.FormatMinute(t.ExpiresAt)))
		fmt.Fprintln(c.env.Stdout, token)
		return nil
	})
}

// runHubTokenList lists the admin tokens and whether each still works.
func runHubTokenList(ctx context.Context, c *call) error {
	return c.withHub(ctx, 0, func(ctx context.Context, hub app.HubStore) error {
		tokens, err := hub.AdminTokens(ctx)
		if err != nil {
			return err
		}
		if len(tokens) == 0 {
			c.printf("cli.hub.token.empty")
			return nil
		}
		now := time.Now()
		rows := make([][]string, len(tokens))
		for i, t := range tokens {
			state := i18n.T("cli.hub.token.valid")
			switch {
			case !t.RevokedAt.IsZero():
				state = i18n.T("cli.hub.token.revoked", app.FormatMinute(t.RevokedAt))
			case !now.Before(t.ExpiresAt):
				state = i18n.T("cli.hub.token.expired")
			}
			rows[i] = []string{strconv.FormatInt(t.ID, 10), app.FormatMinute(t.CreatedAt), app.FormatMinute(t.ExpiresAt), state}
		}
		return writeTable(c.env.Stdout, i18n.T("cli.hub.token.header"), rows)
	})
}

// runHubTokenRevoke stops an admin token at once.
func runHubTokenRevoke(ctx context.Context, c *call) error {
	id, err := c.idArg(1, 0, "cli.hub.error.token_id")
	if err != nil {
		return err
	}
	return c.withHub(ctx, 1, func(ctx context.Context, hub app.HubStore) error {
		if err := hub.RevokeAdminToken(ctx, id); err != nil {
			return err
		}
		c.printf("cli.hub.token.revoked_done", id)
		return nil
	})
}

// runHubNoticePublish publishes a bureau notice to every school or to
// some; only its id goes to standard output.
func runHubNoticePublish(ctx context.Context, c *call) error {
	title := c.flags.String("title", "", i18n.T("cli.notice.flag.title"))
	body := c.flags.String("body", "", i18n.T("cli.notice.flag.body"))
	to := c.flags.String("to", "all", i18n.T("cli.hub.flag.to"))
	ack := c.flags.Bool("ack", false, i18n.T("cli.notice.flag.ack"))
	deadline := c.flags.String("deadline", "", i18n.T("cli.notice.flag.deadline"))
	var attach stringList
	c.flags.Var(&attach, "attach", i18n.T("hub_files.flag.attach"))
	if err := c.parse(0); err != nil {
		return err
	}
	if strings.TrimSpace(*title) == "" {
		return &usageError{i18n.T("cli.notice.error.required", "--title")}
	}
	d := app.HubNoticeDraft{Title: *title, Body: *body, RequiresAck: *ack, Files: attach}
	var err error
	if d.Deadline, err = app.ParseDate(*deadline); err != nil {
		return &usageError{i18n.Err(err)}
	}
	if *to != "all" {
		for part := range strings.SplitSeq(*to, ",") {
			id, err := strconv.ParseInt(strings.TrimSpace(part), 10, 64)
			if err != nil || id <= 0 {
				return &usageError{i18n.T("cli.hub.error.to", part)}
			}
			d.Orgs = append(d.Orgs, id)
		}
	}
	return c.withHub(ctx, 0, func(ctx context.Context, hub app.HubStore) error {
		n, err := hub.PublishNotice(ctx, d)
		if err != nil {
			return err
		}
		fmt.Fprintln(c.env.Stderr, i18n.T("cli.hub.notice.published", n.Title, n.ID, n.Schools))
		if err := printNoticeFiles(ctx, c, hub, n.ID); err != nil {
			return err
		}
		fmt.Fprintln(c.env.Stdout, n.ID)
		return nil
	})
}

// runHubNoticeRevoke revokes a bureau notice at every school.
func runHubNoticeRevoke(ctx context.Context, c *call) error {
	id, err := c.idArg(1, 0, "cli.notice.error.id")
	if err != nil {
		return err
	}
	return c.withHub(ctx, 1, func(ctx context.Context, hub app.HubStore) error {
		n, err := hub.RevokeNotice(ctx, id)
		if err != nil {
			return err
		}
		c.printf("cli.hub.notice.revoked", n.Title, n.Schools)
		return nil
	})
}

// runHubNoticeList lists the bureau notices.
func runHubNoticeList(ctx context.Context, c *call) error {
	return c.withHub(ctx, 0, func(ctx context.Context, hub app.HubStore) error {
		ns, err := hub.Notices(ctx)
		if err != nil {
			return err
		}
		if len(ns) == 0 {
			c.printf("cli.notice.list.empty")
			return nil
		}
		rows := make([][]string, len(ns))
		for i, n := range ns {
			state := i18n.T("cli.notice.state.published")
			if !n.RevokedAt.IsZero() {
				state = i18n.T("cli.notice.state.revoked")
			}
			rows[i] = []string{strconv.FormatInt(n.ID, 10), state, app.FormatDate(n.PublishedAt), strconv.Itoa(n.Schools), n.Title}
		}
		return writeTable(c.env.Stdout, i18n.T("cli.hub.notice.list_header"), rows)
	})
}

// runHubNoticeStatus prints a bureau notice's progress per school.
func runHubNoticeStatus(ctx context.Context, c *call) error {
	if err := c.parse(1); err != nil {
		return err
	}
	ref := c.flags.Arg(0)
	return c.withHub(ctx, 1, func(ctx context.Context, hub app.HubStore) error {
		st, err := hub.NoticeStatus(ctx, ref)
		if err != nil {
			return err
		}
		n := st.Notice
		c.printf("cli.hub.notice.status_title", n.Title, n.ID, n.UUID)
		yes := func(ok bool) string {
			if ok {
				return i18n.T("cli.yes")
			}
			return "-"
		}
		var delivered, confirmed, forwarded, families, read, acked int
		count := func(n *int, ok bool) {
			if ok {
				*n++
			}
		}
		rows := make([][]string, 0, len(st.Schools)+1)
		for _, s := range st.Schools {
			rows = append(rows, []string{s.Org.Name, yes(s.Delivered), yes(!s.Confirmed.IsZero()), yes(!s.Forwarded.IsZero()),
				strconv.Itoa(s.Families), strconv.Itoa(s.Read), strconv.Itoa(s.Acked)})
			count(&delivered, s.Delivered)
			count(&confirmed, !s.Confirmed.IsZero())
			count(&forwarded, !s.Forwarded.IsZero())
			families, read, acked = families+s.Families, read+s.Read, acked+s.Acked
		}
		rows = append(rows, []string{i18n.T("cli.notice.status.all"), strconv.Itoa(delivered), strconv.Itoa(confirmed),
			strconv.Itoa(forwarded), strconv.Itoa(families), strconv.Itoa(read), strconv.Itoa(acked)})
		return writeTable(c.env.Stdout, i18n.T("cli.hub.notice.status_header"), rows)
	})
}

// printNoticeFiles lists a bureau notice's files on standard error, with
// their hashes, which a school's copy can be checked against.
func printNoticeFiles(ctx context.Context, c *call, hub app.HubStore, id int64) error {
	files, err := hub.NoticeFiles(ctx, id)
	if err != nil {
		return err
	}
	for _, f := range files {
		fmt.Fprintln(c.env.Stderr, i18n.T("hub_files.cli.attached", f.Name, f.Size, f.SHA256))
	}
	return nil
}
