package cli

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"golang.org/x/text/width"

	"jxj/app"
	"jxj/app/i18n"
)

// runNoticePublish saves a notice and publishes it at once. Only the new
// notice's id goes to standard output, so a script can capture it; the
// summary for the person goes to standard error.
func runNoticePublish(ctx context.Context, c *call) error {
	title := c.flags.String("title", "", i18n.T("cli.notice.flag.title"))
	body := c.flags.String("body", "", i18n.T("cli.notice.flag.body"))
	to := c.flags.String("to", "", i18n.T("cli.notice.flag.to"))
	ack := c.flags.Bool("ack", false, i18n.T("cli.notice.flag.ack"))
	deadline := c.flags.String("deadline", "", i18n.T("cli.notice.flag.deadline"))
	var attach stringList
	c.flags.Var(&attach, "attach", i18n.T("cli.notice.flag.attach"))
	if err := c.parse(0); err != nil {
		return err
	}
	for _, f := range []struct{ name, value string }{{"--title", *title}, {"--to", *to}} {
		if strings.TrimSpace(f.value) == "" {
			return &usageError{i18n.T("cli.notice.error.required", f.name)}
		}
	}
	d := app.NoticeDraft{Title: *title, Body: *body, RequiresAck: *ack, AddFiles: attach}
	var err error
	if d.Target, err = app.ParseTarget(*to); err != nil {
		return &usageError{i18n.Err(err)}
	}
	if d.Deadline, err = app.ParseDate(*deadline); err != nil {
		return &usageError{i18n.Err(err)}
	}
	return c.withServices(ctx, 0, func(ctx context.Context, svc app.Services) error {
		if _, err := svc.Org.School(ctx); err != nil {
			return err
		}
		draft, err := svc.Notices.SaveDraft(ctx, d)
		if err != nil {
			return err
		}
		n, err := svc.Notices.Publish(ctx, draft.ID)
		if err != nil {
			fmt.Fprintln(c.env.Stderr, i18n.T("cli.notice.draft_kept", draft.ID))
			return err
		}
		summary := i18n.T("cli.notice.published", n.Title, n.ID, n.Counts.Total)
		if n.RequiresAck {
			summary = i18n.T("cli.notice.published_ack", n.Title, n.ID, n.Counts.Total)
		}
		fmt.Fprintln(c.env.Stderr, summary)
		fmt.Fprintln(c.env.Stdout, n.ID)
		return nil
	})
}

// runNoticeList lists the notices, newest first (read-only: no account).
func runNoticeList(ctx context.Context, c *call) error {
	return c.withStatus(ctx, 0, func(ctx context.Context, svc app.Services) error {
		notices, err := svc.Notices.Notices(ctx)
		if err != nil {
			return err
		}
		if len(notices) == 0 {
			c.printf("cli.notice.list.empty")
			return nil
		}
		rows := make([][]string, len(notices))
		for i, n := range notices {
			acked := "-"
			if n.RequiresAck && n.State != app.NoticeStateDraft {
				acked = fmt.Sprintf("%d/%d", n.Counts.Acked, n.Counts.Total)
			}
			rows[i] = []string{strconv.FormatInt(n.ID, 10), noticeState(n), dash(app.FormatDate(n.PublishedAt)), acked, n.Title}
		}
		return writeTable(c.env.Stdout, i18n.T("cli.notice.list.header"), rows)
	})
}

// runNoticeStatus prints a notice's receipts by state, per class and in
// all: counts only, so no account.
func runNoticeStatus(ctx context.Context, c *call) error {
	id, err := c.idArg(1, 0, "cli.notice.error.id")
	if err != nil {
		return err
	}
	return c.withStatus(ctx, 1, func(ctx context.Context, svc app.Services) error {
		st, err := svc.Notices.NoticeStatus(ctx, id)
		if err != nil {
			return err
		}
		n := st.Notice
		c.printf("cli.notice.status.title", n.Title, n.ID, noticeState(n))
		switch {
		case n.RequiresAck && !n.Deadline.IsZero():
			c.printf("cli.notice.status.ack_by", app.FormatDate(n.Deadline))
		case n.RequiresAck:
			c.printf("cli.notice.status.ack")
		}
		var all app.ReceiptCounts
		rows := make([][]string, 0, len(st.Classes)+1)
		for _, cp := range st.Classes {
			rows = append(rows, countsRow(cp.ClassLabel, cp.Counts))
			all = all.Plus(cp.Counts)
		}
		rows = append(rows, countsRow(i18n.T("cli.notice.status.all"), all))
		return writeTable(c.env.Stdout, i18n.T("cli.notice.status.header"), rows)
	})
}

func countsRow(label string, n app.ReceiptCounts) []string {
	return []string{label, strconv.Itoa(n.Unread), strconv.Itoa(n.Read), strconv.Itoa(n.Acked), strconv.Itoa(n.Total)}
}

// runNoticeAck acknowledges the receipt of a returned slip, of any notice.
func runNoticeAck(ctx context.Context, c *call) error {
	code := c.flags.String("code", "", i18n.T("cli.notice.flag.code"))
	if err := c.parse(0); err != nil {
		return err
	}
	if strings.TrimSpace(*code) == "" {
		return &usageError{i18n.T("cli.notice.error.required", "--code")}
	}
	return c.withServices(ctx, 0, func(ctx context.Context, svc app.Services) error {
		r, err := svc.Notices.RecordSlip(ctx, 0, *code)
		if err != nil {
			return err
		}
		c.printf("cli.notice.acked", r.ClassLabel, r.Name(), r.NoticeID)
		return nil
	})
}

// runNoticeCodes lists a notice's slip codes for a mail merge: as
// tab-separated text on standard output, or as a spreadsheet with --out.
func runNoticeCodes(ctx context.Context, c *call) error {
	out := c.flags.String("out", "", i18n.T("cli.notice.flag.out"))
	id, err := c.idArg(1, 0, "cli.notice.error.id")
	if err != nil {
		return err
	}
	return c.withServices(ctx, 1, func(ctx context.Context, svc app.Services) error {
		n, receipts, err := publishedNotice(ctx, svc, id)
		if err != nil {
			return err
		}
		if *out != "" {
			if err := svc.Sheets.WriteSlipCodes(*out, n, receipts); err != nil {
				return err
			}
			c.printf("cli.notice.codes.saved", len(receipts), *out)
			return nil
		}
		// the codes go to the screen or a pipe: audited before they leave
		if err := svc.Audit.RecordExport(ctx, app.Export{What: "slip_codes", Rows: len(receipts), Path: "-"}); err != nil {
			return err
		}
		var b strings.Builder
		b.WriteString(i18n.T("cli.notice.codes.header") + "\n")
		for i := range receipts {
			r := &receipts[i]
			fmt.Fprintf(&b, "%s\t%s\t%s\t%s\n", r.ClassLabel, r.StudentNo, r.Name(), app.FormatSlipCode(r.Code))
		}
		_, err = io.WriteString(c.env.Stdout, b.String())
		return err
	})
}

// publishedNotice returns a published notice with all its receipts. A
// draft has no receipts yet, and a revoked notice's slips must not be
// handed out any more: both are errors.
func publishedNotice(ctx context.Context, svc app.Services, id int64) (*app.Notice, []app.Receipt, error) {
	st, err := svc.Notices.NoticeStatus(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	switch n := st.Notice; n.State {
	case app.NoticeStateDraft:
		return nil, nil, app.Errorf(app.ECONFLICT, "cli.notice.error.draft", n.Title, n.ID)
	case app.NoticeStateRevoked:
		return nil, nil, app.Errorf(app.ECONFLICT, "cli.notice.error.revoked", n.Title)
	}
	receipts, err := svc.Notices.Receipts(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	return st.Notice, receipts, nil
}

// noticeState is a notice's state, with its day once published or
// revoked.
func noticeState(n *app.Notice) string {
	switch {
	case n.Bureau && n.State == app.NoticeStatePublished && n.ForwardedAt.IsZero():
		return i18n.T("cli.notice.state.bureau_new")
	case n.Bureau && n.State == app.NoticeStatePublished:
		return i18n.T("cli.notice.state.bureau_forwarded")
	}
	switch n.State {
	case app.NoticeStatePublished:
		return i18n.T("cli.notice.state.published")
	case app.NoticeStateRevoked:
		return i18n.T("cli.notice.state.revoked")
	}
	return i18n.T("cli.notice.state.draft")
}

// idArg parses argument i of nargs as a record id, before the data
// folder is opened; key is the message for anything else, which says
// where the ids are listed.
func (c *call) idArg(nargs, i int, key string) (int64, error) {
	if err := c.parse(nargs); err != nil {
		return 0, err
	}
	arg := c.flags.Arg(i)
	id, err := strconv.ParseInt(arg, 10, 64)
	if err != nil || id <= 0 {
		return 0, &usageError{i18n.T(key, arg)}
	}
	return id, nil
}

// stringList is a flag that may be given several times (--attach a.pdf
// --attach b.jpg).
type stringList []string

func (l *stringList) String() string { return strings.Join(*l, ",") }

func (l *stringList) Set(s string) error {
	*l = append(*l, s)
	return nil
}

// dash stands in for an empty cell, so a table's columns stay readable.
func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// writeTable writes a header (tab-separated, as the catalogs hold it) and
// rows in columns padded to their widest cell. Width is measured in
// terminal columns, where a Chinese character takes two: text/tabwriter
// counts characters and would misalign every Chinese column.
func writeTable(w io.Writer, header string, rows [][]string) error {
	all := append([][]string{strings.Split(header, "\t")}, rows...)
	var widths []int
	for _, r := range all {
		for i, cell := range r {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], displayWidth(cell))
		}
	}
	var b strings.Builder
	for _, r := range all {
		for i, cell := range r {
			b.WriteString(cell)
			if i < len(r)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-displayWidth(cell)+2))
			}
		}
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// displayWidth is how many terminal columns s takes.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}
