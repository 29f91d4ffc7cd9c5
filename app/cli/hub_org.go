package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"jxj/app"
	"jxj/app/i18n"
)

// The bureau's work on its list of schools (组织关联): list, edit, import
// the list from Excel, and print enrolment letters.

// parseKind reads --type as the bureau writes it (小学, 九年一贯制 or
// primary, nine_year …).
func parseKind(s string) (app.OrgKind, error) {
	k, ok := app.ParseOrgKind(s)
	if !ok {
		return "", &usageError{i18n.T("cli.orgs.error.type", s, app.OrgKindList())}
	}
	return k, nil
}

// runHubOrgList lists the district's schools township by township, each
// with its enrolment, last sync, version and waiting conflicts.
func runHubOrgList(ctx context.Context, c *call) error {
	return c.withHub(ctx, 0, func(ctx context.Context, hub app.HubStore) error {
		orgs, err := hub.Orgs(ctx)
		if err != nil {
			return err
		}
		if len(orgs) == 0 {
			c.printf("cli.hub.org.empty")
			return nil
		}
		// Orgs comes ordered by township: each run of one township is a group
		for start := 0; start < len(orgs); {
			end := start + 1
			for end < len(orgs) && orgs[end].Township == orgs[start].Township {
				end++
			}
			if err := c.printOrgGroup(orgs[start:end]); err != nil {
				return err
			}
			start = end
		}
		return nil
	})
}

// printOrgGroup prints one township's schools under a line with their
// counts.
func (c *call) printOrgGroup(orgs []*app.HubOrg) error {
	township := orgs[0].Township
	if township == "" {
		township = i18n.T("cli.orgs.list.no_township")
	}
	rows := make([][]string, len(orgs))
	enrolled := 0
	for i, o := range orgs {
		version, conflicts := "-", "-"
		if !o.EnrolledAt.IsZero() && !o.Revoked {
			enrolled++
			version, conflicts = dash(o.AppVersion), strconv.Itoa(o.Conflicts)
		}
		rows[i] = []string{strconv.FormatInt(o.ID, 10), o.Name, i18n.T("org.kind." + string(o.Kind)),
			orgEnrolment(o), dash(app.FormatMinute(o.LastContact)), version, conflicts}
	}
	fmt.Fprintln(c.env.Stdout)
	c.printf("cli.orgs.list.group", township, len(orgs), enrolled)
	return writeTable(c.env.Stdout, i18n.T("cli.orgs.list.header"), rows)
}

func orgEnrolment(o *app.HubOrg) string {
	switch {
	case o.Revoked:
		return i18n.T("cli.hub.org.revoked")
	case o.EnrolledAt.IsZero():
		return i18n.T("cli.hub.org.not_enrolled")
	}
	return app.FormatDate(o.EnrolledAt)
}

// runHubOrgEdit changes a school's name, type or township; the flags not
// given stay as they are.
func runHubOrgEdit(ctx context.Context, c *call) error {
	name := c.flags.String("name", "", i18n.T("cli.hub.flag.name"))
	kind := c.flags.String("type", "", i18n.T("cli.orgs.flag.type"))
	township := c.flags.String("township", "", i18n.T("cli.hub.flag.township"))
	id, err := c.idArg(1, 0, "cli.hub.error.org_id")
	if err != nil {
		return err
	}
	var u app.HubOrgUpdate
	c.flags.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "name":
			u.Name = name
		case "township":
			u.Township = township
		}
	})
	if *kind != "" {
		k, err := parseKind(*kind)
		if err != nil {
			return err
		}
		u.Kind = &k
	}
	if u.Name == nil && u.Kind == nil && u.Township == nil {
		return &usageError{i18n.T("cli.orgs.error.nothing_to_edit")}
	}
	return c.withHub(ctx, 1, func(ctx context.Context, hub app.HubStore) error {
		o, err := hub.EditOrg(ctx, id, u)
		if err != nil {
			return err
		}
		c.printf("cli.orgs.edited", o.ID, o.Name, letterOrgLine(o))
		return nil
	})
}

// letterOrgLine is a school's type and township, as the list shows them.
func letterOrgLine(o *app.HubOrg) string {
	kind := i18n.T("org.kind." + string(o.Kind))
	if o.Township == "" {
		return kind
	}
	return o.Township + " · " + kind
}

// runHubOrgImport reads the bureau's list, prints the preview and, unless
// --dry-run, writes it: rows with problems are left out.
func runHubOrgImport(ctx context.Context, c *call) error {
	dry := c.flags.Bool("dry-run", false, i18n.T("cli.flag.dry_run"))
	return c.withHub(ctx, 1, func(ctx context.Context, hub app.HubStore) error {
		rows, err := c.env.HubOrgs.Sheets.ReadHubOrgs(c.flags.Arg(0))
		if err != nil {
			return err
		}
		plan, err := hub.ImportOrgs(ctx, rows, *dry)
		if err != nil {
			return err
		}
		c.printPlan(plan)
		if *dry {
			c.printf("cli.import.dry_run")
			return nil
		}
		c.printf("cli.import.done")
		if plan.Added > 0 {
			c.printf("cli.orgs.import.letters_hint", plan.Added)
		}
		return nil
	})
}

// runHubOrgTemplate writes the template of the bureau's list.
func runHubOrgTemplate(_ context.Context, c *call) error {
	if err := c.parse(1); err != nil {
		return err
	}
	path := c.flags.Arg(0)
	if err := c.env.HubOrgs.Sheets.WriteHubOrgTemplate(path); err != nil {
		return err
	}
	c.printf("cli.orgs.template.written", path)
	return nil
}

// runHubOrgLetters issues fresh codes for the schools to print and writes
// their letters. The hub keeps only the codes' hashes, so the PDF is the
// one place they exist: the output is checked before any code is issued.
func runHubOrgLetters(ctx context.Context, c *call) error {
	hubURL := c.flags.String("hub", "", i18n.T("cli.orgs.flag.hub"))
	fingerprint := c.flags.String("fingerprint", "", i18n.T("cli.orgs.flag.fingerprint"))
	chosen := c.flags.String("orgs", "", i18n.T("cli.orgs.flag.orgs"))
	reissue := c.flags.Bool("reissue", false, i18n.T("cli.orgs.flag.reissue"))
	if err := c.parse(1); err != nil {
		return err
	}
	path := c.flags.Arg(0)
	if !strings.EqualFold(filepath.Ext(path), ".pdf") {
		return &usageError{i18n.T("cli.orgs.error.pdf_name", path)}
	}
	if strings.TrimSpace(*hubURL) == "" {
		return &usageError{i18n.T("cli.orgs.error.hub_required")}
	}
	tools := c.env.HubOrgs
	letters := app.EnrolLetters{}
	var err error
	if letters.HubURL, err = tools.NormalizeHubURL(*hubURL); err != nil {
		return &usageError{i18n.Err(err)}
	}
	if *fingerprint != "" {
		if letters.Fingerprint, err = tools.ParseFingerprint(*fingerprint); err != nil {
			return &usageError{i18n.Err(err)}
		}
	}
	var ids []int64
	if *chosen != "" {
		for part := range strings.SplitSeq(*chosen, ",") {
			id, err := strconv.ParseInt(strings.TrimSpace(part), 10, 64)
			if err != nil || id <= 0 {
				return &usageError{i18n.T("cli.orgs.error.orgs", part)}
			}
			ids = append(ids, id)
		}
	}
	if _, err := os.Stat(filepath.Dir(path)); errors.Is(err, fs.ErrNotExist) {
		return app.Errorf(app.EINVALID, "cli.orgs.error.folder", path)
	}
	return c.withHub(ctx, 1, func(ctx context.Context, hub app.HubStore) error {
		if letters.Letters, err = hub.LetterCodes(ctx, ids, *reissue); err != nil {
			return err
		}
		if err := tools.Letters.PrintEnrolLetters(path, letters); err != nil {
			return app.WrapError(err, "cli.orgs.error.print_failed", i18n.Err(err))
		}
		c.printf("cli.orgs.letters.written", len(letters.Letters), path)
		for _, l := range letters.Letters {
			c.printf("cli.orgs.letters.row", l.Org.Name, l.Org.ID)
		}
		c.printf("cli.orgs.letters.once")
		return nil
	})
}
