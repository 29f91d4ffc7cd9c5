package storage

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"jxj/app"
)

// attachmentsDir is the folder inside the data folder that holds copies
// of attached files, one sub-folder per notice or homework (its uuid).
const attachmentsDir = "attachments"

// maxAttachmentSize is the most one attached file may hold: plenty for a
// notice's PDF, a worksheet or a few photos, and a copy in the data folder
// (and later on every school's hub link) that stays reasonable.
const maxAttachmentSize = 50 << 20

// copyAttachments copies files into dir/attachments/<ownerUUID>/ before
// the transaction that records them. Names that clash get a number
// (通知.pdf, 通知 (2).pdf). A file that cannot be read, is not a regular
// file or is larger than maxAttachmentSize is EINVALID and nothing is left
// behind; the caller removes the copies with removeAttachments if its
// transaction fails.
func copyAttachments(dir, ownerUUID string, files []string, taken []app.Attachment) ([]app.Attachment, error) {
	if len(files) == 0 {
		return nil, nil
	}
	folder := filepath.Join(dir, attachmentsDir, ownerUUID)
	if err := os.MkdirAll(folder, 0o700); err != nil {
		return nil, app.WrapError(err, "error.storage", err)
	}
	used := make(map[string]bool)
	for _, a := range taken {
		used[strings.ToLower(path.Base(a.Path))] = true
	}
	var out []app.Attachment
	for _, f := range files {
		name := uniqueName(filepath.Base(f), used)
		size, err := copyFile(f, filepath.Join(folder, name), maxAttachmentSize)
		if err != nil {
			removeAttachments(dir, out)
			var e *app.Error
			if errors.As(err, &e) {
				return nil, e
			}
			return nil, app.Errorf(app.EINVALID, "storage.attachment.error.copy", filepath.Base(f), err)
		}
		out = append(out, app.Attachment{
			Name: filepath.Base(f),
			Path: path.Join(attachmentsDir, ownerUUID, name),
			Size: size,
		})
	}
	return out, nil
}

// uniqueName returns name, or name with " (2)", " (3)", … before its
// extension when it is already used, and marks the result used.
func uniqueName(name string, used map[string]bool) string {
	ext := filepath.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	candidate := name
	for i := 2; used[strings.ToLower(candidate)]; i++ {
		candidate = stem + " (" + strconv.Itoa(i) + ")" + ext
	}
	used[strings.ToLower(candidate)] = true
	return candidate
}

// copyFile copies the regular file src to the new file dst, at most limit
// bytes. A folder, device or pipe is refused before it is opened (opening
// a pipe waits for a writer; a device may never end), and a file larger
// than limit before or while it is copied (it may grow meanwhile); those
// errors are *app.Error, and dst is not left behind.
func copyFile(src, dst string, limit int64) (int64, error) {
	fi, err := os.Stat(src)
	if err != nil {
		return 0, err
	}
	name := filepath.Base(src)
	if !fi.Mode().IsRegular() {
		return 0, app.Errorf(app.EINVALID, "storage.attachment.error.not_file", name)
	}
	tooLarge := app.Errorf(app.EINVALID, "storage.attachment.error.too_large", name, limit>>20)
	if fi.Size() > limit {
		return 0, tooLarge
	}
	in, err := os.Open(src)
	if err != nil {
		return 0, err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return 0, err
	}
	n, err := io.Copy(out, io.LimitReader(in, limit+1))
	if err == nil && n > limit {
		err = tooLarge
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(dst)
	}
	return n, err
}

// removeAttachments deletes copied files after a failed transaction (no
// record names them). Errors are ignored: a stray file in the
// attachments folder harms nothing.
func removeAttachments(dir string, as []app.Attachment) {
	for _, a := range as {
		os.Remove(filepath.Join(dir, filepath.FromSlash(a.Path)))
	}
}

// insertAttachments records attachments of a notice (ownerColumn
// "notice_id") or a homework ("homework_id") in tx.
func insertAttachments(ctx context.Context, tx *sql.Tx, ownerColumn string, ownerID int64, as []app.Attachment) error {
	for _, a := range as {
		if _, err := tx.ExecContext(ctx, `INSERT INTO attachments (`+ownerColumn+`, name, path, size) VALUES (?, ?, ?, ?)`,
			ownerID, a.Name, a.Path, a.Size); err != nil {
			return err
		}
	}
	return nil
}

// loadAttachments reads the attachments of the notices or homework
// (ownerColumn "notice_id" or "homework_id") that where, a condition on
// ownerColumn, keeps: by owner, each's in the order they were added. One
// query, however many owners.
func loadAttachments(ctx context.Context, q querier, ownerColumn, where string, args ...any) (map[int64][]app.Attachment, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+ownerColumn+`, name, path, size FROM attachments WHERE `+where+` ORDER BY id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make(map[int64][]app.Attachment)
	for rows.Next() {
		var owner int64
		var a app.Attachment
		if err := rows.Scan(&owner, &a.Name, &a.Path, &a.Size); err != nil {
			return nil, err
		}
		out[owner] = append(out[owner], a)
	}
	return out, rows.Err()
}
