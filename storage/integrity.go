package storage

import (
	"context"
	"errors"
	"os"
	"path/filepath"

	"jxj/app"
)

// ErrNoDatabase is CheckIntegrity's when dir holds no school database
// yet (jxj makes it at the first start).
var ErrNoDatabase = errors.New("storage: no database yet")

// CheckIntegrity runs SQLite's quick check on the school's database in
// dir (the default data folder when ""), as jxj doctor asks, changing
// nothing: no file is made, no migration runs, the connection only reads.
// A damaged, emptied or lost database is the error Open would give
// (IsDamaged); a folder with none yet is ErrNoDatabase.
func CheckIntegrity(ctx context.Context, dir string) error {
	if dir == "" {
		var err error
		if dir, err = DefaultDir(); err != nil {
			return err
		}
	}
	path := filepath.Join(dir, FileName)
	fi, err := os.Stat(path)
	if err != nil || fi.Size() == 0 {
		if _, merr := os.Stat(path + createdSuffix); merr == nil {
			if err == nil {
				return damaged(path, "storage.error.db_empty")
			}
			return damaged(path, "storage.error.db_missing")
		}
		if err == nil || errors.Is(err, os.ErrNotExist) {
			return ErrNoDatabase
		}
		return app.WrapError(err, "error.storage", err)
	}
	p, err := openPool(ctx, path, readerParams, 1)
	if err != nil {
		if isDamage(err) {
			return damaged(path, "storage.error.damaged", err.Error())
		}
		return dbError(ctx, err)
	}
	defer p.Close()
	db := &DB{path: path, w: p}
	return db.quickCheck(ctx)
}

// FreeSpace is the room left to the user on the disk of dir; ok is false
// when the system does not say.
func FreeSpace(dir string) (int64, bool) { return freeBytes(dir) }
