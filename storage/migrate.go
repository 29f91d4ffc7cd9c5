package storage

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"jxj/app"
)

//go:embed migrations/*.sql migrations/hub/*.sql
var embeddedMigrations embed.FS

// migrationFS holds the migrations Open applies to a school's database,
// named NNNN_name.sql; hubMigrationFS those OpenHub applies to the hub's.
// Tests swap migrationFS to add a migration.
var (
	migrationFS    fs.FS = mustSub(embeddedMigrations, "migrations")
	hubMigrationFS fs.FS = mustSub(embeddedMigrations, "migrations/hub")
)

func mustSub(fsys fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		panic(err) // the directory is embedded at build time
	}
	return sub
}

type migration struct {
	version int
	name    string
	sql     string
	// foreignKeysOff: the file rebuilds a table another table refers to,
	// which SQLite allows only with foreign keys off (the file starts with
	// foreignKeysOffMarker)
	foreignKeysOff bool
}

// foreignKeysOffMarker starts a migration that must run with foreign keys
// off.
const foreignKeysOffMarker = "-- jxj: foreign keys off"

// loadMigrations reads NNNN_name.sql files in version order.
func loadMigrations(fsys fs.FS) ([]migration, error) {
	files, err := fs.Glob(fsys, "*.sql")
	if err != nil {
		return nil, err
	}
	var ms []migration
	seen := make(map[int]string)
	for _, f := range files {
		num, name, ok := strings.Cut(strings.TrimSuffix(f, ".sql"), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 || name == "" {
			return nil, fmt.Errorf("migration %q: want NNNN_name.sql", f)
		}
		if other, dup := seen[v]; dup {
			return nil, fmt.Errorf("migrations %q and %q have the same version", other, f)
		}
		seen[v] = f
		b, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: name, sql: string(b),
			foreignKeysOff: strings.HasPrefix(string(b), foreignKeysOffMarker)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	return ms, nil
}

// migrate brings the schema up to date: each pending migration in its own
// transaction, recorded in schema_migrations. A database that already had
// migrations is first copied to jxj.db.before-NNNN, so a failed or
// regretted upgrade can be undone by hand. Migrations run with foreign
// keys on and inside a transaction: one that must rebuild a table needs
// its own handling here.
func (db *DB) migrate(ctx context.Context) error {
	ms, err := loadMigrations(db.migrations)
	if err != nil {
		return app.WrapError(err, "error.storage", err)
	}
	known := 0
	if len(ms) > 0 {
		known = ms[len(ms)-1].version
	}
	if _, err := db.w.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at TEXT NOT NULL
	)`); err != nil {
		return dbError(ctx, err)
	}
	applied, have, err := db.appliedMigrations(ctx)
	if err != nil {
		return dbError(ctx, err)
	}
	if have > known {
		return app.Errorf(app.EINVALID, "error.storage_newer", have, known)
	}
	var pending []migration
	for _, m := range ms {
		if !applied[m.version] {
			pending = append(pending, m)
		}
	}
	if len(pending) > 0 && len(applied) > 0 {
		if err := db.backup(ctx, pending[0].version); err != nil {
			return err
		}
	}
	for _, m := range pending {
		if err := db.apply(ctx, m); err != nil {
			var ae *app.Error
			if errors.As(err, &ae) && ae.Err != nil && ae.Key == "error.storage" {
				return app.WrapError(ae.Err, "storage.error.migrate", m.version, ae.Err)
			}
			return err
		}
	}
	return db.checkForeignKeys(ctx)
}

// apply runs one migration in its own transaction. One that rebuilds a
// table runs with foreign keys off (SQLite ignores the pragma inside a
// transaction, so it is set around it), and must leave no row pointing
// at a row that does not exist: that is checked before it commits.
func (db *DB) apply(ctx context.Context, m migration) error {
	if m.foreignKeysOff {
		if _, err := db.w.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
			return dbError(ctx, err)
		}
		defer db.w.ExecContext(context.WithoutCancel(ctx), `PRAGMA foreign_keys = ON`)
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			return err
		}
		if step := db.goStep(m.version); step != nil {
			if err := step(ctx, tx); err != nil {
				return err
			}
		}
		if m.foreignKeysOff {
			if err := foreignKeyCheck(ctx, tx); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx,
			`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
			m.version, m.name, db.now())
		return err
	})
}

// schoolGoSteps are the school's migrations that need Go after their SQL,
// run in the migration's transaction: work SQL alone cannot do.
var schoolGoSteps = map[int]func(ctx context.Context, tx *sql.Tx) error{
	7: sealAudit, // hash the audit rows written before the log was a chain
}

// goStep returns the Go step of a migration version, nil for none. The
// hub's migrations, numbered on their own, have none.
func (db *DB) goStep(version int) func(ctx context.Context, tx *sql.Tx) error {
	if filepath.Base(db.path) != FileName {
		return nil
	}
	return schoolGoSteps[version]
}

func (db *DB) appliedMigrations(ctx context.Context) (map[int]bool, int, error) {
	rows, err := db.w.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	applied := make(map[int]bool)
	have := 0
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, 0, err
		}
		applied[v] = true
		have = max(have, v)
	}
	return applied, have, rows.Err()
}

// backup copies the database before migration version is applied. A copy
// left by an earlier attempt at the same step holds the same data (that
// attempt rolled back) and is kept.
func (db *DB) backup(ctx context.Context, version int) error {
	dst := fmt.Sprintf("%s.before-%04d", db.path, version)
	if _, err := os.Stat(dst); err == nil {
		return nil
	}
	if _, err := db.w.ExecContext(ctx, `VACUUM INTO ?`, dst); err != nil {
		return dbError(ctx, err)
	}
	return nil
}

// checkForeignKeys fails when a row points at a row that does not exist.
func (db *DB) checkForeignKeys(ctx context.Context) error {
	return dbError(ctx, foreignKeyCheck(ctx, db.w))
}

func foreignKeyCheck(ctx context.Context, q querier) error {
	rows, err := q.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		return err
	}
	defer rows.Close()
	if rows.Next() {
		var table, parent string
		var rowid, fkid any
		if err := rows.Scan(&table, &rowid, &parent, &fkid); err != nil {
			return err
		}
		return app.Errorf(app.EINTERNAL, "storage.error.foreign_keys", table, parent)
	}
	return rows.Err()
}
