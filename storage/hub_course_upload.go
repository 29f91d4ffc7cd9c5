package storage

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"jxj/app"
)

// This file is the hub's side of a course's files sent from the bureau
// console: a file of several GB over a county office's line must survive
// a cut link and a closed console, so the hub keeps what arrived in a
// part file named by the file's SHA-256 and size, and the console asks
// how much it holds before it sends the rest. A whole part is verified
// and moved into the content store, where PublishCourse finds it.

// coursePartPrefix starts the names of the part files in the content
// store's folder.
const coursePartPrefix = ".course-"

// coursePartsKept is how long a part file no one adds to is kept: an
// officer may go home half way and go on the next day, or after a
// weekend.
const coursePartsKept = 7 * 24 * time.Hour

// CourseUpload says how many bytes of the file with that SHA-256 and
// size the hub holds: size when it is whole in the content store, which
// is then touched, so that the daily prune leaves it for the course
// about to carry it.
func (h *Hub) CourseUpload(ctx context.Context, sum string, size int64) (int64, error) {
	if err := checkCourseUpload(sum, size); err != nil {
		return 0, err
	}
	if h.touchContent(sum, size) {
		return size, nil
	}
	fi, err := os.Stat(h.coursePart(sum, size))
	if err != nil || fi.Size() > size {
		return 0, nil // none yet; a longer part is damaged and is started again
	}
	return fi.Size(), nil
}

// AppendCourseUpload adds the bytes of r to the part file at offset, the
// bytes it holds (ECONFLICT otherwise, with what it holds). What arrived
// is kept even when r fails half way (a cut link). Once the part is
// whole it is hashed: the right bytes move into the content store, other
// bytes are dropped (EINVALID: send the file again). One request at a
// time may add to a file (ECONFLICT for a second).
func (h *Hub) AppendCourseUpload(ctx context.Context, sum string, size, offset int64, r io.Reader) (int64, error) {
	if err := checkCourseUpload(sum, size); err != nil {
		return 0, err
	}
	key := sum + "-" + strconv.FormatInt(size, 10)
	if _, busy := h.appending.LoadOrStore(key, true); busy {
		return 0, app.Errorf(app.ECONFLICT, "course.error.upload_busy")
	}
	defer h.appending.Delete(key)
	if h.touchContent(sum, size) {
		return size, nil
	}
	part := h.coursePart(sum, size)
	if err := os.MkdirAll(filepath.Dir(part), 0o700); err != nil {
		return 0, app.WrapError(err, "error.storage", err)
	}
	f, err := os.OpenFile(part, os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return 0, app.WrapError(err, "error.storage", err)
	}
	defer f.Close()
	have, err := f.Seek(0, io.SeekEnd)
	if err == nil && have > size {
		// damaged: started again
		if err = f.Truncate(0); err == nil {
			have, err = f.Seek(0, io.SeekStart)
		}
	}
	if err != nil {
		return 0, app.WrapError(err, "error.storage", err)
	}
	if have != offset {
		return have, app.Errorf(app.ECONFLICT, "course.error.upload_offset", offset, have)
	}
	if free, ok := freeBytes(filepath.Dir(part)); ok && free < size-have {
		return have, app.Errorf(app.EINTERNAL, "course.error.hub_disk_full", (size-have)>>20, free>>20)
	}
	n, cerr := io.Copy(f, io.LimitReader(r, size-have))
	have += n
	if err := f.Sync(); err != nil {
		return offset, app.WrapError(err, "error.storage", err)
	}
	if cerr != nil {
		return have, app.WrapError(cerr, "course.error.upload_cut", have, size)
	}
	if have < size {
		return have, nil
	}
	return h.finishCourseUpload(part, sum, size)
}

// finishCourseUpload hashes a whole part file and moves it into the
// content store, or drops it when its bytes are not the file's.
func (h *Hub) finishCourseUpload(part, sum string, size int64) (int64, error) {
	f, err := os.Open(part)
	if err != nil {
		return 0, app.WrapError(err, "error.storage", err)
	}
	hash := sha256.New()
	_, err = io.Copy(hash, f)
	f.Close()
	if err != nil {
		return size, app.WrapError(err, "error.storage", err)
	}
	if hex.EncodeToString(hash.Sum(nil)) != sum {
		if err := os.Remove(part); err != nil {
			return size, app.WrapError(err, "error.storage", err)
		}
		return 0, app.Errorf(app.EINVALID, "course.error.upload_changed")
	}
	dst := h.contentPath(sum)
	if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
		return size, app.WrapError(err, "error.storage", err)
	}
	if err := os.Rename(part, dst); err != nil {
		return size, app.WrapError(err, "error.storage", err)
	}
	return size, nil
}

// checkCourseUpload refuses what cannot be a course's file before any
// file is touched.
func checkCourseUpload(sum string, size int64) error {
	if !app.ValidSHA256(sum) || size <= 0 || size > app.MaxCourseFileSize {
		return app.Errorf(app.EINVALID, "course.error.upload_bad", app.MaxCourseFileSize>>30)
	}
	return nil
}

// coursePart is the part file of the upload of the file with that
// SHA-256 and size.
func (h *Hub) coursePart(sum string, size int64) string {
	return filepath.Join(h.db.dir, hubFilesDir, coursePartPrefix+sum+"-"+strconv.FormatInt(size, 10)+".part")
}

// touchContent reports whether the content store holds the bytes with
// that SHA-256 and size, and renews their day when it does.
func (h *Hub) touchContent(sum string, size int64) bool {
	p := h.contentPath(sum)
	fi, err := os.Stat(p)
	if err != nil || fi.Size() != size {
		return false
	}
	now := time.Now()
	return os.Chtimes(p, now, now) == nil
}
