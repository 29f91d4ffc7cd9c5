package storage

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"jxj/app"
)

// This file is the hub's side of bureau notices' files (app/hub_file.go):
// their content kept once by SHA-256 in the hub's folder, their rows, and
// what a school may download.

var _ app.HubFileService = (*Hub)(nil)

// hubFilesDir is the folder inside the hub's data folder that holds the
// files' content, files/ab/abcd… by SHA-256.
const hubFilesDir = "files"

// UploadFile keeps a file the console sent in the content store; the
// notice that attaches it records it (HubNoticeDraft.Uploads).
func (h *Hub) UploadFile(ctx context.Context, name string, r io.Reader) (*app.HubUpload, error) {
	sf, err := h.storeFile(name, r, app.MaxFileSize)
	if err != nil {
		return nil, err
	}
	return &app.HubUpload{Name: sf.name, Size: sf.size, SHA256: sf.sha256}, nil
}

// noticeFilesOf gathers the files of a draft: copies of the paths it
// names and the uploads it refers to, whose content must be in the store
// as uploaded (EINVALID otherwise: upload it again).
func (h *Hub) noticeFilesOf(d app.HubNoticeDraft) ([]storedFile, error) {
	if n := len(d.Files) + len(d.Uploads); n > app.MaxNoticeFiles {
		return nil, app.Errorf(app.EINVALID, "hub_files.error.too_many", n, app.MaxNoticeFiles)
	}
	files, err := h.storeFiles(d.Files, app.MaxFileSize)
	if err != nil {
		return nil, err
	}
	uploaded, err := h.uploadedFiles(d.Uploads)
	return append(files, uploaded...), err
}

// uploadedFiles are the files the console sent, whose content must be
// in the store as uploaded (EINVALID otherwise: upload it again). Each is
// touched, so that PruneUploads does not take it from under the notice
// or course about to carry it.
func (h *Hub) uploadedFiles(us []app.HubUpload) ([]storedFile, error) {
	out := make([]storedFile, 0, len(us))
	for _, u := range us {
		name := app.SafeFileName(u.Name)
		if !app.ValidSHA256(u.SHA256) || !h.touchContent(u.SHA256, u.Size) {
			return nil, app.Errorf(app.EINVALID, "hub_files.error.upload", name)
		}
		out = append(out, storedFile{name: name, sha256: u.SHA256, size: u.Size})
	}
	return out, nil
}

// storedFile is a file copied into the hub's content store, before the
// transaction that records it.
type storedFile struct {
	name   string
	sha256 string
	size   int64
}

// storeFiles copies the files at paths, each of at most limit bytes,
// into the content store. A file
// already there (the same bytes attached before) is not kept twice. On
// an error nothing is recorded; a copy already made stays, harmless: the
// next notice with those bytes uses it.
func (h *Hub) storeFiles(paths []string, limit int64) ([]storedFile, error) {
	out := make([]storedFile, 0, len(paths))
	for _, p := range paths {
		sf, err := h.storePath(p, limit)
		if err != nil {
			return nil, err
		}
		out = append(out, *sf)
	}
	return out, nil
}

// storePath copies the ordinary file at p, of at most limit bytes, into
// the content store.
func (h *Hub) storePath(p string, limit int64) (*storedFile, error) {
	name := filepath.Base(p)
	fi, err := os.Stat(p)
	if err != nil {
		return nil, app.Errorf(app.EINVALID, "storage.attachment.error.copy", name, err)
	}
	if !fi.Mode().IsRegular() {
		return nil, app.Errorf(app.EINVALID, "storage.attachment.error.not_file", name)
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, app.Errorf(app.EINVALID, "storage.attachment.error.copy", name, err)
	}
	defer f.Close()
	return h.storeFile(name, f, limit)
}

// storeFile streams r into a temporary file of the content store while
// hashing it, then renames it to its SHA-256: never whole in memory, and
// never a half-written file under a hash's name. A file over limit bytes
// is refused (notices', releases' and courses' files have their own
// limits).
func (h *Hub) storeFile(name string, r io.Reader, limit int64) (*storedFile, error) {
	dir := filepath.Join(h.db.dir, hubFilesDir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, app.WrapError(err, "error.storage", err)
	}
	tmp, err := os.CreateTemp(dir, ".upload-*")
	if err != nil {
		return nil, app.WrapError(err, "error.storage", err)
	}
	defer os.Remove(tmp.Name()) // gone once renamed
	sum := sha256.New()
	n, err := io.Copy(io.MultiWriter(tmp, sum), io.LimitReader(r, limit+1))
	if err == nil && n > limit {
		err = app.Errorf(app.EINVALID, "storage.attachment.error.too_large", name, limit>>20)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		var e *app.Error
		if errors.As(err, &e) {
			return nil, e
		}
		return nil, app.Errorf(app.EINVALID, "storage.attachment.error.copy", name, err)
	}
	sf := &storedFile{name: app.SafeFileName(name), sha256: hex.EncodeToString(sum.Sum(nil)), size: n}
	dst := h.contentPath(sf.sha256)
	if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
		return nil, app.WrapError(err, "error.storage", err)
	}
	if err := os.Rename(tmp.Name(), dst); err != nil {
		return nil, app.WrapError(err, "error.storage", err)
	}
	return sf, nil
}

// contentPath is where the bytes whose SHA-256 is sum are kept; sum is
// 64 hex digits (a hash from elsewhere is checked with app.ValidSHA256).
func (h *Hub) contentPath(sum string) string {
	return filepath.Join(h.db.dir, hubFilesDir, sum[:2], sum)
}

// insertNoticeFiles records a notice's files in tx: the content once,
// each file of the notice with its own id.
func (h *Hub) insertNoticeFiles(ctx context.Context, tx *sql.Tx, noticeID int64, files []storedFile) error {
	for i, f := range files {
		if _, err := tx.ExecContext(ctx, `INSERT INTO hub_files (sha256, size, created_at) VALUES (?, ?, ?) ON CONFLICT (sha256) DO NOTHING`,
			f.sha256, f.size, h.db.now()); err != nil {
			return err
		}
		id, err := newUUID()
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO hub_notice_files (notice_id, pos, uuid, name, file_id)
			SELECT ?, ?, ?, ?, id FROM hub_files WHERE sha256 = ?`, noticeID, i, id, f.name, f.sha256); err != nil {
			return err
		}
	}
	return nil
}

const hubFileSelect = `SELECT nf.uuid, nf.name, f.size, f.sha256 FROM hub_notice_files nf JOIN hub_files f ON f.id = nf.file_id`

// noticeFiles reads the files of the notice that where (a condition on
// nf, the notice's files) picks, in their order.
func noticeFiles(ctx context.Context, q querier, where string, args ...any) ([]app.HubFile, error) {
	rows, err := q.QueryContext(ctx, hubFileSelect+` WHERE `+where+` ORDER BY nf.pos`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []app.HubFile
	for rows.Next() {
		var f app.HubFile
		if err := rows.Scan(&f.ID, &f.Name, &f.Size, &f.SHA256); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// feedFiles lists the files of the notice with that UUID as its feed
// record carries them.
func feedFiles(ctx context.Context, q querier, noticeUUID string) ([]app.BureauFile, error) {
	files, err := noticeFiles(ctx, q, `nf.notice_id = (SELECT id FROM hub_notices WHERE uuid = ?)`, noticeUUID)
	out := make([]app.BureauFile, len(files))
	for i, f := range files {
		out[i] = app.BureauFile(f)
	}
	return out, err
}

// NoticeFiles lists a bureau notice's files.
func (h *Hub) NoticeFiles(ctx context.Context, noticeID int64) ([]app.HubFile, error) {
	var out []app.HubFile
	err := h.db.read(ctx, func(tx *sql.Tx) error {
		if _, err := loadHubNotice(ctx, tx, noticeID); err != nil {
			return err
		}
		var err error
		out, err = noticeFiles(ctx, tx, `nf.notice_id = ?`, noticeID)
		return err
	})
	return out, err
}

// OpenNoticeFile opens a file for a school that was sent a notice, not
// revoked, carrying it; for any other school the file does not exist. A
// file whose content is missing or of another size is EINTERNAL (the
// hub's folder was damaged): the school tries again later.
func (h *Hub) OpenNoticeFile(ctx context.Context, orgID int64, fileID string) (*app.HubFileContent, error) {
	var files []app.HubFile
	err := h.db.read(ctx, func(tx *sql.Tx) error {
		var err error
		files, err = noticeFiles(ctx, tx, `nf.uuid = ? AND EXISTS (SELECT 1 FROM hub_notice_orgs o JOIN hub_notices n ON n.id = o.notice_id
			WHERE o.notice_id = nf.notice_id AND o.org_id = ? AND n.revoked_at = '')`, fileID, orgID)
		return err
	})
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, app.Errorf(app.ENOTFOUND, "hub_files.error.not_found", fileID)
	}
	return h.openContent(files[0])
}

// openContent opens the stored content of hf. A content missing or of
// another size is EINTERNAL (the hub's folder was damaged).
func (h *Hub) openContent(hf app.HubFile) (*app.HubFileContent, error) {
	f, err := os.Open(h.contentPath(hf.SHA256))
	if err != nil {
		return nil, app.WrapError(err, "hub_files.error.damaged", hf.Name, err)
	}
	fi, err := f.Stat()
	if err == nil && fi.Size() != hf.Size {
		err = fmt.Errorf("%d bytes, %d recorded", fi.Size(), hf.Size)
	}
	if err != nil {
		f.Close()
		return nil, app.WrapError(err, "hub_files.error.damaged", hf.Name, err)
	}
	return &app.HubFileContent{File: hf, Content: f, Modified: fi.ModTime()}, nil
}

// uploadsKept is how long an upload no notice carries is kept: the
// console sends a notice's files before the notice, and an officer may
// leave the notice unsent for a while.
const uploadsKept = 24 * time.Hour

// PruneUploads removes from the content store the files no notice nor
// school's request carries that arrived more than a day before now
// (uploads whose notice was never sent), temporary files a stopped
// upload left, and the parts of a course's files no one added to for a
// week. It returns
// how many it removed; `jxj serve` runs it daily.
func (h *Hub) PruneUploads(ctx context.Context, now time.Time) (int, error) {
	root := filepath.Join(h.db.dir, hubFilesDir)
	// the contents something carries, read once: a notice's, a release's
	// or a course's file (hub_files), or a school's request's
	carried := map[string]bool{}
	if err := h.db.read(ctx, func(tx *sql.Tx) error {
		return scanEach(ctx, tx, `SELECT sha256 FROM hub_files UNION SELECT sha256 FROM hub_request_files`, nil,
			func(scan func(...any) error) error {
				var sum string
				err := scan(&sum)
				carried[sum] = true
				return err
			})
	}); err != nil {
		return 0, err
	}
	removed := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) {
			return nil // no file was ever attached
		}
		if err != nil || d.IsDir() {
			return err
		}
		name := d.Name()
		kept := uploadsKept
		switch {
		case strings.HasPrefix(name, coursePartPrefix):
			kept = coursePartsKept // half a course's file, sent from the console
		case strings.HasPrefix(name, ".upload-"):
		case !app.ValidSHA256(name) || carried[name]:
			return nil // not ours, or carried
		}
		fi, err := d.Info()
		if err != nil || !fi.ModTime().Before(now.Add(-kept)) {
			return err
		}
		if err := os.Remove(path); err != nil {
			return err
		}
		removed++
		return nil
	})
	if err != nil {
		return removed, app.WrapError(err, "error.storage", err)
	}
	return removed, nil
}
