package storage

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"jxj/app"
)

// The hub's schools: adding, editing, importing the bureau's list,
// revoking, enrolment codes (for one school or a run of letters), and
// what each school's node reports about itself.

var _ app.HubOrgService = (*Hub)(nil)

// AddOrg creates a school with a fresh feed epoch and returns its first
// enrolment code.
func (h *Hub) AddOrg(ctx context.Context, d app.HubOrgDraft) (*app.HubOrg, string, error) {
	d.Name, d.Township = app.CleanName(d.Name), app.CleanName(d.Township)
	if err := app.ValidateHubOrg(d); err != nil {
		return nil, "", err
	}
	var org *app.HubOrg
	var code string
	err := h.db.write(ctx, func(tx *sql.Tx) error {
		orgID, err := h.insertOrg(ctx, tx, d, "")
		if err != nil {
			return err
		}
		if code, err = h.issueCode(ctx, tx, orgID); err != nil {
			return err
		}
		org, err = loadHubOrg(ctx, tx, `WHERE id = ?`, orgID)
		return err
	})
	if err != nil {
		return nil, "", err
	}
	return org, code, nil
}

// insertOrg adds a school with a fresh feed epoch and its audit row
// (how names the way it came: "" by hand, "import"); a school of the same
// name in the same township is ECONFLICT.
func (h *Hub) insertOrg(ctx context.Context, tx *sql.Tx, d app.HubOrgDraft, how string) (int64, error) {
	id, err := newUUID()
	if err != nil {
		return 0, err
	}
	epoch, err := newUUID()
	if err != nil {
		return 0, err
	}
	if err := orgNameFree(ctx, tx, d, 0); err != nil {
		return 0, err
	}
	var orgID int64
	err = tx.QueryRowContext(ctx, `INSERT INTO hub_orgs (uuid, name, kind, township, created_at, epoch) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
		id, d.Name, d.Kind, d.Township, h.db.now(), epoch).Scan(&orgID)
	if err != nil {
		return 0, err
	}
	detail := "name=" + d.Name + ";kind=" + string(d.Kind) + ";township=" + d.Township
	if how != "" {
		detail += ";" + how
	}
	return orgID, h.audit(ctx, tx, hubAdmin, "org.add", id, detail)
}

// orgNameFree is ECONFLICT when a school other than except has d's name
// in d's township.
func orgNameFree(ctx context.Context, tx *sql.Tx, d app.HubOrgDraft, except int64) error {
	var exists int
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM hub_orgs WHERE name = ? AND township = ? AND id <> ?`,
		d.Name, d.Township, except).Scan(&exists)
	if err != nil {
		return err
	}
	if exists > 0 {
		if d.Township == "" {
			return app.Errorf(app.ECONFLICT, "hub.error.org_exists", d.Name)
		}
		return app.Errorf(app.ECONFLICT, "orgs.error.exists_in_township", d.Name, d.Township)
	}
	return nil
}

// issueCode replaces the school's unused codes with a fresh one.
func (h *Hub) issueCode(ctx context.Context, tx *sql.Tx, orgID int64) (string, error) {
	if _, err := tx.ExecContext(ctx, `DELETE FROM hub_enrol_codes WHERE org_id = ? AND used_at = ''`, orgID); err != nil {
		return "", err
	}
	code := app.NewEnrolCode()
	norm, err := app.NormalizeEnrolCode(code)
	if err != nil {
		return "", err
	}
	now := h.db.Now()
	_, err = tx.ExecContext(ctx, `INSERT INTO hub_enrol_codes (code_hash, org_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
		hashSecret(norm), orgID, formatTime(now), formatTime(now.Add(enrolCodeLife)))
	return code, err
}

// NewEnrolCode issues a fresh code for a school: it re-enrols the school
// when used, and the code printed before stops working. With revokeNow
// the school's credential stops at once, not when the code is used: the
// school is shown as not enrolled until it enrols again, and it still
// receives the bureau's notices then (unlike RevokeOrg).
func (h *Hub) NewEnrolCode(ctx context.Context, orgID int64, revokeNow bool) (string, error) {
	var code string
	err := h.db.write(ctx, func(tx *sql.Tx) error {
		org, err := loadHubOrg(ctx, tx, `WHERE id = ?`, orgID)
		if err != nil {
			return err
		}
		if code, err = h.issueCode(ctx, tx, orgID); err != nil {
			return err
		}
		detail := ""
		if revokeNow {
			if _, err := tx.ExecContext(ctx, `UPDATE hub_orgs SET credential_hash = NULL, enrolled_at = '' WHERE id = ?`, orgID); err != nil {
				return err
			}
			detail = "revoke_now"
		}
		return h.audit(ctx, tx, hubAdmin, "org.code", org.UUID, detail)
	})
	return code, err
}

// RevokeOrg revokes the school's credential and unused codes.
func (h *Hub) RevokeOrg(ctx context.Context, orgID int64) error {
	return h.db.write(ctx, func(tx *sql.Tx) error {
		org, err := loadHubOrg(ctx, tx, `WHERE id = ?`, orgID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE hub_orgs SET credential_hash = NULL, revoked = 1 WHERE id = ?`, orgID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM hub_enrol_codes WHERE org_id = ? AND used_at = ''`, orgID); err != nil {
			return err
		}
		return h.audit(ctx, tx, hubAdmin, "org.revoke", org.UUID, "")
	})
}

// Orgs lists the schools by township and name.
func (h *Hub) Orgs(ctx context.Context) ([]*app.HubOrg, error) {
	var out []*app.HubOrg
	err := h.db.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = queryHubOrgs(ctx, tx)
		return err
	})
	return out, err
}

const hubOrgSelect = `SELECT id, uuid, name, kind, township, created_at, enrolled_at, last_contact, revoked, app_version, conflicts FROM hub_orgs`

func scanHubOrg(sc rowScanner) (*app.HubOrg, error) {
	var o app.HubOrg
	var created, enrolled, contact string
	if err := sc.Scan(&o.ID, &o.UUID, &o.Name, &o.Kind, &o.Township, &created, &enrolled, &contact, &o.Revoked, &o.AppVersion, &o.Conflicts); err != nil {
		return nil, err
	}
	o.CreatedAt, o.EnrolledAt, o.LastContact = parseTime(created), parseTime(enrolled), parseTime(contact)
	return &o, nil
}

func loadHubOrg(ctx context.Context, q querier, where string, args ...any) (*app.HubOrg, error) {
	o, err := scanHubOrg(q.QueryRowContext(ctx, hubOrgSelect+" "+where, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, app.Errorf(app.ENOTFOUND, "hub.error.org_not_found")
	}
	return o, err
}

// EditOrg changes a school's name, kind or township, with an audit row
// saying what changed. An edit that changes nothing writes nothing.
func (h *Hub) EditOrg(ctx context.Context, id int64, u app.HubOrgUpdate) (*app.HubOrg, error) {
	var org *app.HubOrg
	err := h.db.write(ctx, func(tx *sql.Tx) error {
		old, err := loadHubOrg(ctx, tx, `WHERE id = ?`, id)
		if err != nil {
			return err
		}
		d := app.HubOrgDraft{Name: old.Name, Kind: old.Kind, Township: old.Township}
		if u.Name != nil {
			d.Name = app.CleanName(*u.Name)
		}
		if u.Kind != nil {
			d.Kind = *u.Kind
		}
		if u.Township != nil {
			d.Township = app.CleanName(*u.Township)
		}
		if err := app.ValidateHubOrg(d); err != nil {
			return err
		}
		var changes []string
		note := func(field, from, to string) {
			if from != to {
				changes = append(changes, field+"="+from+"→"+to)
			}
		}
		note("name", old.Name, d.Name)
		note("kind", string(old.Kind), string(d.Kind))
		note("township", old.Township, d.Township)
		if len(changes) == 0 {
			org = old
			return nil
		}
		if err := h.updateOrg(ctx, tx, id, d); err != nil {
			return err
		}
		if err := h.audit(ctx, tx, hubAdmin, "org.edit", old.UUID, strings.Join(changes, ";")); err != nil {
			return err
		}
		org, err = loadHubOrg(ctx, tx, `WHERE id = ?`, id)
		return err
	})
	return org, err
}

// updateOrg writes a school's name, kind and township, unless another
// school has that name in that township.
func (h *Hub) updateOrg(ctx context.Context, tx *sql.Tx, id int64, d app.HubOrgDraft) error {
	if err := orgNameFree(ctx, tx, d, id); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE hub_orgs SET name = ?, kind = ?, township = ? WHERE id = ?`, d.Name, d.Kind, d.Township, id)
	return err
}

// ImportOrgs plans the bureau's list against the schools there are and,
// unless dryRun, writes the plan in one transaction: the plan is made
// inside it, so what is written is what was planned.
func (h *Hub) ImportOrgs(ctx context.Context, rows []app.HubOrgRow, dryRun bool) (*app.ImportPlan, error) {
	var plan *app.ImportPlan
	do := func(tx *sql.Tx) error {
		existing, err := queryHubOrgs(ctx, tx)
		if err != nil {
			return err
		}
		var drafts []app.HubOrgDraft
		plan, drafts = app.PlanHubOrgs(existing, rows)
		if dryRun {
			return nil
		}
		for i, it := range plan.Items {
			d := drafts[i]
			switch it.Action {
			case app.ActionAdd:
				if _, err := h.insertOrg(ctx, tx, d, "import"); err != nil {
					return err
				}
			case app.ActionUpdate:
				if err := h.importUpdate(ctx, tx, it.MatchID, d); err != nil {
					return err
				}
			}
		}
		return nil
	}
	var err error
	if dryRun {
		err = h.db.read(ctx, do)
	} else {
		err = h.db.write(ctx, do)
	}
	if err != nil {
		return nil, err
	}
	return plan, nil
}

// importUpdate writes an import's change of a school, with its audit row.
func (h *Hub) importUpdate(ctx context.Context, tx *sql.Tx, id int64, d app.HubOrgDraft) error {
	old, err := loadHubOrg(ctx, tx, `WHERE id = ?`, id)
	if err != nil {
		return err
	}
	if err := h.updateOrg(ctx, tx, id, d); err != nil {
		return err
	}
	detail := "kind=" + string(old.Kind) + "→" + string(d.Kind) + ";township=" + old.Township + "→" + d.Township + ";import"
	return h.audit(ctx, tx, hubAdmin, "org.edit", old.UUID, detail)
}

// LetterCodes issues a fresh code for each school a letter run prints:
// the chosen ones, or every school neither enrolled nor revoked. The
// codes printed before for those schools stop working.
func (h *Hub) LetterCodes(ctx context.Context, ids []int64, reissue bool) ([]app.EnrolLetter, error) {
	var out []app.EnrolLetter
	err := h.db.write(ctx, func(tx *sql.Tx) error {
		orgs, err := letterOrgs(ctx, tx, ids, reissue)
		if err != nil {
			return err
		}
		expires := h.db.Now().Add(enrolCodeLife)
		for _, o := range orgs {
			code, err := h.issueCode(ctx, tx, o.ID)
			if err != nil {
				return err
			}
			if err := h.audit(ctx, tx, hubAdmin, "org.code", o.UUID, "letter"); err != nil {
				return err
			}
			out = append(out, app.EnrolLetter{Org: *o, Code: code, Expires: expires})
		}
		return nil
	})
	return out, err
}

// letterOrgs are the schools a letter run is for, by township and name.
func letterOrgs(ctx context.Context, tx *sql.Tx, ids []int64, reissue bool) ([]*app.HubOrg, error) {
	all, err := queryHubOrgs(ctx, tx)
	if err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		var out []*app.HubOrg
		for _, o := range all {
			if o.EnrolledAt.IsZero() && !o.Revoked {
				out = append(out, o)
			}
		}
		if len(out) == 0 {
			return nil, app.Errorf(app.ENOTFOUND, "orgs.error.none_to_enrol")
		}
		return out, nil
	}
	chosen := make(map[int64]bool, len(ids))
	for _, id := range ids {
		chosen[id] = true
	}
	var out []*app.HubOrg
	for _, o := range all {
		if !chosen[o.ID] {
			continue
		}
		delete(chosen, o.ID)
		if !o.EnrolledAt.IsZero() && !reissue {
			return nil, app.Errorf(app.ECONFLICT, "orgs.error.enrolled", o.Name, o.ID)
		}
		out = append(out, o)
	}
	for _, id := range ids {
		if chosen[id] {
			return nil, app.Errorf(app.ENOTFOUND, "orgs.error.not_found", id)
		}
	}
	return out, nil
}

// RecordNodeStatus keeps the version and conflict count a school's node
// reported. It writes only when they changed: most requests repeat them.
func (h *Hub) RecordNodeStatus(ctx context.Context, orgID int64, s app.NodeStatus) error {
	s.Version = strings.TrimSpace(s.Version)
	if s.Version == "" || len(s.Version) > app.MaxNodeVersion || !utf8.ValidString(s.Version) ||
		strings.IndexFunc(s.Version, unicode.IsControl) >= 0 || s.Conflicts < 0 {
		return app.Errorf(app.EINVALID, "orgs.error.node_status")
	}
	return h.db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE hub_orgs SET app_version = ?, conflicts = ?
			WHERE id = ? AND (app_version <> ? OR conflicts <> ?)`, s.Version, s.Conflicts, orgID, s.Version, s.Conflicts)
		return err
	})
}

// queryHubOrgs returns every school, by township and name, those without
// a township last.
func queryHubOrgs(ctx context.Context, q querier) ([]*app.HubOrg, error) {
	return queryAll(ctx, q, scanHubOrg, hubOrgSelect+` ORDER BY township = '', township, name`)
}
