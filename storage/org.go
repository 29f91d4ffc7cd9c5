package storage

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/google/uuid"

	"jxj/app"
)

var _ app.OrgService = (*orgService)(nil)

// orgService implements app.OrgService.
type orgService struct{ db *DB }

// School returns the school, or ENOTFOUND before the first-run setup.
func (s *orgService) School(ctx context.Context) (*app.Org, error) {
	var o *app.Org
	err := s.db.read(ctx, func(tx *sql.Tx) error {
		var err error
		o, err = loadOrg(ctx, tx)
		return err
	})
	if err != nil {
		return nil, err
	}
	if o == nil {
		return nil, app.Errorf(app.ENOTFOUND, "org.error.not_setup")
	}
	return o, nil
}

// Setup creates the school and its first admin. An org that the command
// line made (EnsureSchool) before anyone set the school up has no account
// yet: Setup completes it instead of refusing, or nobody could ever log
// in to it.
func (s *orgService) Setup(ctx context.Context, su app.SchoolSetup) (*app.Org, *app.Account, error) {
	if err := su.Validate(); err != nil {
		return nil, nil, err
	}
	su.Name = strings.TrimSpace(su.Name)
	hash, err := hashPassword(su.AdminPassword)
	if err != nil {
		return nil, nil, err
	}
	var org *app.Org
	var acct *app.Account
	err = s.db.write(ctx, func(tx *sql.Tx) error {
		now := s.db.Now()
		existing, err := loadOrg(ctx, tx)
		if err != nil {
			return err
		}
		action := "org.setup"
		if existing != nil {
			var accounts int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM accounts`).Scan(&accounts); err != nil {
				return err
			}
			if accounts > 0 {
				return app.Errorf(app.ECONFLICT, "org.error.exists")
			}
			if _, err := tx.ExecContext(ctx, `UPDATE org SET name = ?, kind = ?, is_demo = ? WHERE id = 1`,
				su.Name, string(su.Kind), su.IsDemo); err != nil {
				return err
			}
			org = existing
			org.Name, org.Kind, org.IsDemo = su.Name, su.Kind, su.IsDemo
			action = "org.setup_existing"
		} else {
			if org, err = insertOrg(ctx, tx, su.Name, su.Kind, su.IsDemo, formatTime(now)); err != nil {
				return err
			}
		}
		acct, err = insertAccount(ctx, tx, app.AccountCreate{Username: su.AdminUsername, Role: app.RoleAdmin}, hash, formatTime(now))
		if err != nil {
			return err
		}
		// nobody is logged in on the first run: the new admin is the actor
		ctx := app.NewContextWithAccount(ctx, acct)
		if err := s.db.audit(ctx, tx, action, "org:1", "name="+org.Name+" kind="+string(org.Kind)+demoDetail(org.IsDemo)); err != nil {
			return err
		}
		return s.db.audit(ctx, tx, "account.create", accountTarget(acct.ID), accountDetail(acct))
	})
	if err != nil {
		return nil, nil, err
	}
	return org, acct, nil
}

// EnsureSchool returns the school, creating a primary school called name
// in a fresh data folder.
func (s *orgService) EnsureSchool(ctx context.Context, name string) (*app.Org, error) {
	if o, err := s.School(ctx); err == nil || app.ErrorCode(err) != app.ENOTFOUND {
		return o, err
	}
	if err := app.ValidateSchoolName(name); err != nil {
		return nil, err
	}
	name = strings.TrimSpace(name)
	var org *app.Org
	err := s.db.write(ctx, func(tx *sql.Tx) error {
		// another process may have made it since School looked
		existing, err := loadOrg(ctx, tx)
		if err != nil || existing != nil {
			org = existing
			return err
		}
		if org, err = insertOrg(ctx, tx, name, app.OrgPrimary, false, s.db.now()); err != nil {
			return err
		}
		return s.db.audit(ctx, tx, "org.create", "org:1", "name="+org.Name+" kind="+string(org.Kind))
	})
	if err != nil {
		return nil, err
	}
	return org, nil
}

func demoDetail(demo bool) string {
	if demo {
		return " demo"
	}
	return ""
}

func loadOrg(ctx context.Context, q querier) (*app.Org, error) {
	var o app.Org
	var kind, created string
	err := q.QueryRowContext(ctx, `SELECT id, uuid, name, kind, is_demo, created_at,
		EXISTS (SELECT 1 FROM accounts WHERE role = 'admin' AND NOT disabled)
		FROM org WHERE id = 1`).
		Scan(&o.ID, &o.UUID, &o.Name, &kind, &o.IsDemo, &created, &o.HasAdmin)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	o.Kind, o.CreatedAt = app.OrgKind(kind), parseTime(created)
	return &o, nil
}

func insertOrg(ctx context.Context, tx *sql.Tx, name string, kind app.OrgKind, demo bool, now string) (*app.Org, error) {
	id, err := uuid.NewV7()
	if err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO org (id, uuid, name, kind, is_demo, created_at) VALUES (1, ?, ?, ?, ?, ?)`,
		id.String(), name, string(kind), demo, now); err != nil {
		return nil, err
	}
	return &app.Org{ID: 1, UUID: id.String(), Name: name, Kind: kind, IsDemo: demo, CreatedAt: parseTime(now)}, nil
}
