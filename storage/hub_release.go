package storage

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"jxj/app"
)

// This file is the hub's side of releases (app/release.go): each file
// kept once by SHA-256 in the hub's file store (hub_file.go), with the
// manifest as the bureau signed it.

var _ app.HubReleaseService = (*Hub)(nil)

// AddRelease keeps a release file with its signed manifest. The file's
// bytes must be those the manifest names and the signature must be its
// key's: a release the schools would refuse is refused here, before any
// school downloads it. Nothing is recorded on an error.
func (h *Hub) AddRelease(ctx context.Context, path string, r app.SignedRelease) (*app.HubRelease, error) {
	if err := r.Verify(r.Key); err != nil {
		return nil, err
	}
	m := r.Manifest
	sf, err := h.storePath(path, app.MaxReleaseSize)
	if err != nil {
		return nil, err
	}
	if sf.sha256 != m.SHA256 || sf.size != m.Size {
		return nil, app.Errorf(app.EINVALID, "update.error.file_differs", filepath.Base(path), m.Version)
	}
	id, err := newUUID()
	if err != nil {
		return nil, err
	}
	r.ID = id
	out := &app.HubRelease{SignedRelease: r, AddedAt: h.db.Now()}
	err = h.db.write(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM hub_releases WHERE version = ? AND platform = ?`, m.Version, m.Platform).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return app.Errorf(app.ECONFLICT, "update.error.release_exists", m.Version, m.Platform)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO hub_files (sha256, size, created_at) VALUES (?, ?, ?) ON CONFLICT (sha256) DO NOTHING`,
			m.SHA256, m.Size, h.db.now()); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO hub_releases (uuid, version, platform, file_id, released, signature, key, added_at)
			SELECT ?, ?, ?, id, ?, ?, ?, ? FROM hub_files WHERE sha256 = ?`,
			id, m.Version, m.Platform, m.Date.UTC().Format(time.RFC3339), r.Signature, r.Key, formatTime(out.AddedAt), m.SHA256); err != nil {
			return err
		}
		return h.audit(ctx, tx, hubAdmin, "release.add", id,
			fmt.Sprintf("version=%s platform=%s size=%d sha256=%s key=%s", m.Version, m.Platform, m.Size, m.SHA256, app.KeyFingerprint(r.Key)))
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

const hubReleaseSelect = `SELECT r.uuid, r.version, r.platform, f.size, f.sha256, r.released, r.signature, r.key, r.added_at
	FROM hub_releases r JOIN hub_files f ON f.id = r.file_id`

// releases reads the releases where picks, newest first.
func (h *Hub) releases(ctx context.Context, where string, args ...any) ([]app.HubRelease, error) {
	var out []app.HubRelease
	err := h.db.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, hubReleaseSelect+` WHERE `+where+` ORDER BY r.id DESC`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r app.HubRelease
			var released, added string
			m := &r.Manifest
			if err := rows.Scan(&r.ID, &m.Version, &m.Platform, &m.Size, &m.SHA256, &released, &r.Signature, &r.Key, &added); err != nil {
				return err
			}
			m.Date, _ = time.Parse(time.RFC3339, released)
			r.AddedAt = parseTime(added)
			out = append(out, r)
		}
		return rows.Err()
	})
	return out, err
}

// Releases lists every release, newest first.
func (h *Hub) Releases(ctx context.Context) ([]app.HubRelease, error) {
	return h.releases(ctx, `1`)
}

// LatestRelease is the highest version for platform (the newest added
// among equals); ENOTFOUND when there is none.
func (h *Hub) LatestRelease(ctx context.Context, platform string) (*app.HubRelease, error) {
	rs, err := h.releases(ctx, `r.platform = ?`, platform)
	if err != nil {
		return nil, err
	}
	var best *app.HubRelease
	for i := range rs {
		if best == nil || app.CompareVersions(rs[i].Manifest.Version, best.Manifest.Version) > 0 {
			best = &rs[i]
		}
	}
	if best == nil {
		return nil, app.Errorf(app.ENOTFOUND, "update.error.no_release", platform)
	}
	return best, nil
}

// CurrentReleaseKey is the key of the release added last.
func (h *Hub) CurrentReleaseKey(ctx context.Context) (string, error) {
	rs, err := h.releases(ctx, `r.id = (SELECT max(id) FROM hub_releases)`)
	if err != nil || len(rs) == 0 {
		return "", err
	}
	return rs[0].Key, nil
}

// OpenRelease opens a release's file. A content missing or of another
// size is EINTERNAL, as for a notice's file.
func (h *Hub) OpenRelease(ctx context.Context, id string) (*app.HubFileContent, error) {
	rs, err := h.releases(ctx, `r.uuid = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(rs) == 0 {
		return nil, app.Errorf(app.ENOTFOUND, "update.error.no_such_release", id)
	}
	m := rs[0].Manifest
	hf := app.HubFile{ID: id, Name: "jxj-" + m.Version + "-" + m.Platform, Size: m.Size, SHA256: m.SHA256}
	if strings.HasPrefix(m.Platform, "windows-") {
		hf.Name += ".exe"
	}
	return h.openContent(hf)
}
