package storage

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"

	"jxj/app"
	"jxj/app/i18n"
)

// This file is the school's side of a bureau notice's files
// (app/hub_file.go): the downloads the feed queues, their partial files
// in downloads/, and the check that makes one an attachment.

var _ app.FileDownloads = (*syncStore)(nil)

// downloadsDir is the folder inside the data folder that holds the
// partial files of downloads, <file id>.part.
const downloadsDir = "downloads"

// diskMargin is the room a download leaves free on the data folder's
// disk beyond its own bytes: the database must still be able to grow.
const diskMargin = 64 << 20

// queueDownloads queues the files of a bureau notice just applied, in tx.
// A file the node could not store safely (a bad id, size or hash, or a
// notice id that is no safe folder name) is left out; the notice itself
// shows at once.
func (db *DB) queueDownloads(ctx context.Context, tx *sql.Tx, noticeUUID string, files []app.BureauFile) error {
	if !app.SafeID(noticeUUID) {
		return nil // its files would go to the folder named by it
	}
	for i, f := range files {
		if !f.Valid() || i >= app.MaxNoticeFiles {
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO bureau_downloads (file, notice_id, pos, name, size, sha256)
			SELECT ?, id, ?, ?, ?, ? FROM notices WHERE uuid = ? ON CONFLICT (file) DO NOTHING`,
			f.ID, i, app.SafeFileName(f.Name), f.Size, f.SHA256, noticeUUID); err != nil {
			return err
		}
	}
	return nil
}

// partPath is the partial file of the download of file id (an id
// BureauFile.Valid accepted: safe in a path).
func (db *DB) partPath(id string) string {
	return filepath.Join(db.dir, downloadsDir, id+".part")
}

const downloadSelect = `SELECT d.file, d.name, d.size, d.sha256, n.uuid, d.state, d.error
	FROM bureau_downloads d JOIN notices n ON n.id = d.notice_id`

// loadDownloads reads the downloads that where picks, with the bytes
// their partial files hold.
func (db *DB) loadDownloads(ctx context.Context, q querier, where string, args ...any) ([]app.FileDownload, error) {
	rows, err := q.QueryContext(ctx, downloadSelect+` WHERE `+where+` ORDER BY d.notice_id, d.pos`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []app.FileDownload
	for rows.Next() {
		var d app.FileDownload
		if err := rows.Scan(&d.File.ID, &d.File.Name, &d.File.Size, &d.File.SHA256, &d.Notice, &d.State, &d.Error); err != nil {
			return nil, err
		}
		if fi, err := os.Stat(db.partPath(d.File.ID)); err == nil {
			d.Have = fi.Size()
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// noticeDownloads reads a notice's files not yet attached, for its view.
func (db *DB) noticeDownloads(ctx context.Context, q querier, noticeID int64) ([]app.FileDownload, error) {
	return db.loadDownloads(ctx, q, `d.notice_id = ? AND d.state <> 'done'`, noticeID)
}

// PendingFiles lists the downloads still to do, of notices not revoked.
func (s *syncStore) PendingFiles(ctx context.Context) ([]app.FileDownload, error) {
	var out []app.FileDownload
	err := s.db.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = s.db.loadDownloads(ctx, tx, `d.state = 'pending' AND n.state <> 'revoked'`)
		return err
	})
	return out, err
}

// pending returns the download of file id, or ENOTFOUND when there is
// none to do.
func (s *syncStore) pending(ctx context.Context, id string) (*app.FileDownload, error) {
	var ds []app.FileDownload
	err := s.db.read(ctx, func(tx *sql.Tx) error {
		var err error
		ds, err = s.db.loadDownloads(ctx, tx, `d.file = ? AND d.state = 'pending'`, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	if len(ds) == 0 {
		return nil, app.Errorf(app.ENOTFOUND, "hub_files.error.not_found", id)
	}
	return &ds[0], nil
}

// OpenPart opens the partial file of a download for appending. A part
// longer than the file starts again; a disk without room for the rest
// (and diskMargin) is refused before a byte is fetched.
func (s *syncStore) OpenPart(ctx context.Context, id string) (app.PartFile, int64, error) {
	d, err := s.pending(ctx, id)
	if err != nil {
		return nil, 0, err
	}
	have, err := s.resumeFrom(d.File.Name, d.File.Size, d.Have)
	if err != nil {
		return nil, 0, err
	}
	return openPart(s.db.partPath(id), have, d.Have)
}

// resumeFrom is where a download of the file name, size bytes, whose
// part holds had, goes on: 0 for a part longer than the file (it starts
// again). A disk without room for the rest (and diskMargin) is refused
// before a byte is fetched.
func (s *syncStore) resumeFrom(name string, size, had int64) (int64, error) {
	have := had
	if have > size {
		have = 0
	}
	if free, ok := freeSpace(s.db.dir); ok && free < size-have+diskMargin {
		return 0, app.Errorf(app.EINVALID, "hub_files.error.disk_full", name, mb(size-have+diskMargin), mb(free))
	}
	return have, nil
}

// openPart opens the partial file at path for appending; when what it
// held (had) must start again (have is 0), it is emptied.
func openPart(path string, have, had int64) (app.PartFile, int64, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, 0, app.WrapError(err, "error.storage", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return nil, 0, app.WrapError(err, "error.storage", err)
	}
	if have == 0 && had > 0 {
		if err := f.Truncate(0); err != nil {
			f.Close()
			return nil, 0, app.WrapError(err, "error.storage", err)
		}
	}
	return f, have, nil
}

// freeSpace is freeBytes, replaced by tests.
var freeSpace = freeBytes

// mb is n bytes in whole megabytes, rounded up.
func mb(n int64) int64 { return (n + 1<<20 - 1) >> 20 }

// FinishFile checks a complete partial file against the SHA-256 the
// feed gave and, when it matches, moves it into the notice's attachments
// folder and records it, with its audit row, in one transaction. A
// mismatch (a byte changed on the way, a file changed on the hub)
// removes the part, so the download starts again from its first byte.
func (s *syncStore) FinishFile(ctx context.Context, id string) error {
	d, err := s.pending(ctx, id)
	if err != nil {
		return err
	}
	part := s.db.partPath(id)
	sum, err := fileSHA256(part)
	if err != nil {
		return app.WrapError(err, "error.storage", err)
	}
	if sum != d.File.SHA256 {
		os.Remove(part)
		e := app.Errorf(app.EINVALID, "hub_files.error.checksum", d.File.Name)
		if ferr := s.FailFile(ctx, id, false, i18n.Err(e)); ferr != nil {
			return ferr
		}
		return e
	}
	return s.db.write(ctx, func(tx *sql.Tx) error {
		var noticeID int64
		if err := tx.QueryRowContext(ctx, `SELECT notice_id FROM bureau_downloads WHERE file = ?`, id).Scan(&noticeID); err != nil {
			return err
		}
		taken, err := loadAttachments(ctx, tx, "notice_id", "notice_id = ?", noticeID)
		if err != nil {
			return err
		}
		used := make(map[string]bool)
		for _, a := range taken[noticeID] {
			used[strings.ToLower(path.Base(a.Path))] = true
		}
		folder := filepath.Join(s.db.dir, attachmentsDir, d.Notice)
		if err := os.MkdirAll(folder, 0o700); err != nil {
			return app.WrapError(err, "error.storage", err)
		}
		name := uniqueName(d.File.Name, used)
		a := app.Attachment{Name: d.File.Name, Path: path.Join(attachmentsDir, d.Notice, name), Size: d.File.Size}
		dst := filepath.Join(folder, name)
		if err := os.Rename(part, dst); err != nil {
			return app.WrapError(err, "error.storage", err)
		}
		err = insertAttachments(ctx, tx, "notice_id", noticeID, []app.Attachment{a})
		if err == nil {
			_, err = tx.ExecContext(ctx, `UPDATE bureau_downloads SET state = 'done', error = '' WHERE file = ?`, id)
		}
		if err == nil {
			err = s.db.audit(ctx, tx, "sync.file", d.Notice, fmt.Sprintf("size=%d name=%s", d.File.Size, d.File.Name))
		}
		if err != nil {
			os.Rename(dst, part) // the transaction is rolled back: the bytes wait as they were
		}
		return err
	})
}

// fileSHA256 hashes a file as it reads it, never whole in memory.
func fileSHA256(name string) (string, error) {
	f, err := os.Open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// FailFile records why a download failed, for the notice's view; a file
// the hub no longer serves is marked gone and its part removed.
func (s *syncStore) FailFile(ctx context.Context, id string, gone bool, reason string) error {
	state := app.DownloadPending
	if gone {
		state = app.DownloadGone
		if err := os.Remove(s.db.partPath(id)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return app.WrapError(err, "error.storage", err)
		}
	}
	return s.db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE bureau_downloads SET state = ?, error = ? WHERE file = ? AND state = 'pending'`, state, reason, id)
		return err
	})
}
