package cli

import (
	"bufio"
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"jxj/app"
	"jxj/app/i18n"
)

func runAccountList(ctx context.Context, c *call) error {
	return c.withServices(ctx, 0, func(ctx context.Context, svc app.Services) error {
		accounts, err := svc.Accounts.Accounts(ctx)
		if err != nil {
			return err
		}
		w := tabwriter.NewWriter(c.env.Stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(w, i18n.T("cli.account.header"))
		for _, a := range accounts {
			state := i18n.T("cli.account.active")
			if a.Disabled {
				state = i18n.T("cli.account.disabled")
			}
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", a.Username, i18n.T("role."+string(a.Role)), a.StaffName, state)
		}
		return w.Flush()
	})
}

// runAccountPasswd sets an account's password from the first line of
// standard input: the way IT staff let an admin in who forgot theirs.
func runAccountPasswd(ctx context.Context, c *call) error {
	return c.withServices(ctx, 1, func(ctx context.Context, svc app.Services) error {
		accounts, err := svc.Accounts.Accounts(ctx)
		if err != nil {
			return err
		}
		var target *app.Account
		for _, a := range accounts {
			if strings.EqualFold(a.Username, c.flags.Arg(0)) {
				target = a
			}
		}
		if target == nil {
			return app.Errorf(app.ENOTFOUND, "account.error.not_found")
		}
		line, err := bufio.NewReader(c.env.Stdin).ReadString('\n')
		if err != nil && line == "" {
			return &usageError{i18n.T("cli.account.password_stdin")}
		}
		if err := svc.Accounts.SetPassword(ctx, target.ID, strings.TrimRight(line, "\r\n")); err != nil {
			return err
		}
		c.printf("cli.account.password_set", target.Username)
		return nil
	})
}
