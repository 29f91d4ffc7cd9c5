package cli

import (
	"context"
	"time"

	"jxj/app"
	"jxj/app/i18n"
)

// The bureau's accounts on the hub, for whoever holds the hub's data
// folder: the first bureau administrator is made here, and a forgotten
// password or a lost laptop is dealt with here. Their audit rows name the
// command line ("admin").

// bureauRoles are the --role values, short and long.
var bureauRoles = map[string]app.BureauRole{
	"admin": app.BureauAdmin, "staff": app.BureauStaff,
	string(app.BureauAdmin): app.BureauAdmin, string(app.BureauStaff): app.BureauStaff,
}

// runHubAccountAdd adds a bureau account; the password is asked twice on
// a terminal, or read from standard input's first line.
func runHubAccountAdd(ctx context.Context, c *call) error {
	role := c.flags.String("role", "staff", i18n.T("cli.hub.account.flag.role"))
	if err := c.parse(1); err != nil {
		return err
	}
	r, ok := bureauRoles[*role]
	if !ok {
		return &usageError{i18n.T("hub_accounts.error.role", *role)}
	}
	return c.withHub(ctx, 1, func(ctx context.Context, hub app.HubStore) error {
		pw, err := c.newPassword()
		if err != nil {
			return err
		}
		a, err := hub.CreateBureauAccount(ctx, app.BureauAccountCreate{Username: c.flags.Arg(0), Password: pw, Role: r})
		if err != nil {
			return err
		}
		c.printf("cli.hub.account.added", a.Username, i18n.T("hub_accounts.role."+string(a.Role)))
		return nil
	})
}

// runHubAccountList lists the bureau accounts and their state.
func runHubAccountList(ctx context.Context, c *call) error {
	return c.withHub(ctx, 0, func(ctx context.Context, hub app.HubStore) error {
		accounts, err := hub.BureauAccounts(ctx)
		if err != nil {
			return err
		}
		if len(accounts) == 0 {
			c.printf("cli.hub.account.empty")
			return nil
		}
		now := time.Now()
		rows := make([][]string, len(accounts))
		for i, a := range accounts {
			state := i18n.T("cli.hub.account.active")
			switch {
			case a.Disabled:
				state = i18n.T("cli.hub.account.disabled")
			case a.Locked(now):
				state = i18n.T("cli.hub.account.locked", a.LockedUntil.Local().Format("15:04"))
			}
			rows[i] = []string{a.Username, i18n.T("hub_accounts.role." + string(a.Role)), state, app.FormatMinute(a.CreatedAt)}
		}
		return writeTable(c.env.Stdout, i18n.T("cli.hub.account.header"), rows)
	})
}

// runHubAccountPasswd sets a bureau account's password, which ends its
// lock-out and its sessions.
func runHubAccountPasswd(ctx context.Context, c *call) error {
	return c.withHub(ctx, 1, func(ctx context.Context, hub app.HubStore) error {
		pw, err := c.newPassword()
		if err != nil {
			return err
		}
		if err := hub.SetBureauPassword(ctx, c.flags.Arg(0), pw); err != nil {
			return err
		}
		c.printf("cli.hub.account.password_set", c.flags.Arg(0))
		return nil
	})
}

// runHubAccountDisable disables a bureau account and ends its sessions.
func runHubAccountDisable(ctx context.Context, c *call) error {
	return c.setBureauDisabled(ctx, true, "cli.hub.account.disabled_done")
}

// runHubAccountEnable enables a disabled bureau account again.
func runHubAccountEnable(ctx context.Context, c *call) error {
	return c.setBureauDisabled(ctx, false, "cli.hub.account.enabled_done")
}

func (c *call) setBureauDisabled(ctx context.Context, disabled bool, done string) error {
	return c.withHub(ctx, 1, func(ctx context.Context, hub app.HubStore) error {
		if err := hub.SetBureauDisabled(ctx, c.flags.Arg(0), disabled); err != nil {
			return err
		}
		c.printf(done, c.flags.Arg(0))
		return nil
	})
}
