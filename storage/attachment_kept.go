package storage

import (
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"jxj/app"
)

// keptDir holds, inside the attachments folder, the files of deleted
// homework and of attachments a draft dropped, as long as a daily backup
// may still hold the records that name them: a restore puts them back.
const keptDir = "deleted"

// keepAttachments moves the files of attachments no record names any
// more into attachments/deleted/, with the time they were moved. Errors
// are ignored: the records are gone already, and a file left where it
// was harms nothing.
func keepAttachments(dir string, as []app.Attachment, now time.Time) {
	for _, a := range as {
		rel, ok := strings.CutPrefix(a.Path, attachmentsDir+"/")
		if !ok {
			continue
		}
		dst := filepath.Join(dir, attachmentsDir, keptDir, filepath.FromSlash(rel))
		if os.MkdirAll(filepath.Dir(dst), 0o700) != nil {
			continue
		}
		if os.Rename(filepath.Join(dir, filepath.FromSlash(a.Path)), dst) == nil {
			_ = os.Chtimes(dst, now, now)
		}
	}
}

// reviveAttachments puts back the kept files that the records of a
// restored database name; it returns how many records still name a
// file that is not there.
func reviveAttachments(ctx context.Context, db *DB) (missing int, err error) {
	paths, err := attachmentPaths(ctx, db)
	if err != nil {
		return 0, err
	}
	for _, p := range paths {
		file := filepath.Join(db.dir, filepath.FromSlash(p))
		if _, err := os.Stat(file); err == nil {
			continue
		}
		kept := filepath.Join(db.dir, attachmentsDir, keptDir, filepath.FromSlash(strings.TrimPrefix(p, attachmentsDir+"/")))
		if os.MkdirAll(filepath.Dir(file), 0o700) != nil || os.Rename(kept, file) != nil {
			missing++
		}
	}
	return missing, nil
}

func attachmentPaths(ctx context.Context, db *DB) ([]string, error) {
	var out []string
	err := db.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT path FROM attachments`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var p string
			if err := rows.Scan(&p); err != nil {
				return err
			}
			out = append(out, path.Clean(p))
		}
		return rows.Err()
	})
	return out, err
}

// pruneKeptAttachments deletes the kept files moved there before oldest:
// no backup kept names them any more.
func pruneKeptAttachments(dir string, oldest time.Time) error {
	root := filepath.Join(dir, attachmentsDir, keptDir)
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if fi, err := d.Info(); err == nil && fi.ModTime().Before(oldest) {
			return os.Remove(p)
		}
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return app.WrapError(err, "error.storage", err)
	}
	return nil
}
