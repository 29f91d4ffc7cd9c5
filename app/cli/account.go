package cli

import (
	"bufio"
	"context"
	"strings"
	"time"

	"jxj/app"
	"jxj/app/i18n"
)

func runAccountList(ctx context.Context, c *call) error {
	return c.withServices(ctx, 0, func(ctx context.Context, svc app.Services) error {
		accounts, err := svc.Accounts.Accounts(ctx)
		if err != nil {
			return err
		}
		rows := make([][]string, 0, len(accounts))
		for _, a := range accounts {
			state := i18n.T("cli.account.active")
			switch {
			case a.Disabled:
				state = i18n.T("cli.account.disabled")
			case a.Locked(time.Now()):
				state = i18n.T("cli.account.locked", a.LockedUntil.Local().Format("15:04"))
			}
			rows = append(rows, []string{a.Username, i18n.T("role." + string(a.Role)), a.StaffName, state})
		}
		return writeTable(c.env.Stdout, i18n.T("cli.account.header"), rows)
	})
}

// runAccountPasswd sets an account's password: the administrator's for any
// account, or the account's own, which its old password (the one it logged
// in with) allows.
func runAccountPasswd(ctx context.Context, c *call) error {
	return c.withServices(ctx, 1, func(ctx context.Context, svc app.Services) error {
		me := app.AccountFromContext(ctx)
		own := me.ID != 0 && strings.EqualFold(me.Username, c.flags.Arg(0))
		target := me
		if !own {
			if !me.IsAdmin() {
				return app.Errorf(app.EFORBIDDEN, "cli.account.error.passwd_other")
			}
			var err error
			if target, err = findAccount(ctx, svc, c.flags.Arg(0)); err != nil {
				return err
			}
		}
		pw, err := c.newPassword()
		if err != nil {
			return err
		}
		if own {
			err = svc.Accounts.ChangePassword(ctx, c.password, pw)
		} else {
			err = svc.Accounts.SetPassword(ctx, target.ID, pw)
		}
		if err != nil {
			return err
		}
		c.printf("cli.account.password_set", target.Username)
		return nil
	})
}

// runAccountUnlock ends an account's lock-out; admin only.
func runAccountUnlock(ctx context.Context, c *call) error {
	return c.withServices(ctx, 1, func(ctx context.Context, svc app.Services) error {
		target, err := findAccount(ctx, svc, c.flags.Arg(0))
		if err != nil {
			return err
		}
		if err := svc.Accounts.UnlockAccount(ctx, target.ID); err != nil {
			return err
		}
		c.printf("cli.account.unlocked", target.Username)
		return nil
	})
}

// runAccountRecover is the offline recovery for IT staff: a new password
// for an account without logging in, e.g. for the only administrator who
// forgot theirs. The audit log names it a recovery, with the OS user and
// host that ran it.
func runAccountRecover(ctx context.Context, c *call) error {
	return c.open(ctx, 1, func(ctx context.Context, svc app.Services) error {
		pw, err := c.newPassword()
		if err != nil {
			return err
		}
		osUser, host := WhoAmI()
		r := app.Recovery{Username: c.flags.Arg(0), Password: pw, OSUser: osUser, Host: host}
		if err := svc.Accounts.RecoverPassword(ctx, r); err != nil {
			return err
		}
		c.printf("cli.account.recovered", r.Username, osUser, host)
		return nil
	})
}

// findAccount returns the account called name (in any case); listing the
// accounts is the admin's.
func findAccount(ctx context.Context, svc app.Services, name string) (*app.Account, error) {
	accounts, err := svc.Accounts.Accounts(ctx)
	if err != nil {
		return nil, err
	}
	for _, a := range accounts {
		if strings.EqualFold(a.Username, name) {
			return a, nil
		}
	}
	return nil, app.Errorf(app.ENOTFOUND, "account.error.not_found")
}

// newPassword reads a new password: asked twice without echo on a
// terminal, else the first line of standard input (for scripts).
func (c *call) newPassword() (string, error) {
	if ask := c.terminal(); ask != nil {
		pw, err := ask(i18n.T("cli.account.new_password"))
		if err != nil {
			return "", app.WrapError(err, "cli.login.password_unread")
		}
		again, err := ask(i18n.T("cli.account.new_password_again"))
		if err != nil {
			return "", app.WrapError(err, "cli.login.password_unread")
		}
		if pw != again {
			return "", app.Errorf(app.EINVALID, "wizard.error.password_mismatch")
		}
		return pw, nil
	}
	line, err := bufio.NewReader(c.env.Stdin).ReadString('\n')
	line = strings.TrimRight(line, "\r\n")
	if err != nil && line == "" {
		return "", &usageError{i18n.T("cli.account.password_stdin")}
	}
	return line, nil
}

// runAuditVerify checks the audit log's hash chain: OK, or the first row
// missing or changed (exit 1).
func runAuditVerify(ctx context.Context, c *call) error {
	return c.withStatus(ctx, 0, func(ctx context.Context, svc app.Services) error {
		check, err := svc.Audit.VerifyAudit(ctx)
		if err != nil {
			return err
		}
		if err := check.Problem(); err != nil {
			return err
		}
		c.printf("cli.audit.ok", check.Rows)
		return nil
	})
}
