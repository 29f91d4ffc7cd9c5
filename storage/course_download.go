package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"

	"jxj/app"
)

// This file is the school's side of a course's files on their way from
// the hub (app.CourseDownloads): the partial file of each in
// courses/<course uuid>/<file id>.part, and the check that makes it
// ready. The network side is the sync's resumable download.

var _ app.CourseDownloads = (*syncStore)(nil)

// coursePartPath is the partial file of a course's file; course and id
// are ids app.SafeID accepted (the feed's records are checked so).
func (db *DB) coursePartPath(course, id string) string {
	return filepath.Join(db.dir, coursesDir, course, id+".part")
}

// PendingCourseFiles lists the files not ready of the courses not
// withdrawn, with the bytes their partial files hold.
func (s *syncStore) PendingCourseFiles(ctx context.Context) ([]app.CourseDownload, error) {
	return s.courseDownloads(ctx, ``)
}

// courseDownloads reads the files not ready of the courses not withdrawn
// (of one file when id is given).
func (s *syncStore) courseDownloads(ctx context.Context, id string) ([]app.CourseDownload, error) {
	var out []app.CourseDownload
	err := s.db.read(ctx, func(tx *sql.Tx) error {
		return scanEach(ctx, tx, `SELECT c.uuid, f.file, f.name, f.size, f.sha256 FROM course_files f JOIN courses c ON c.id = f.course_id
			WHERE f.state <> 'ready' AND c.revoked_at = '' AND (? = '' OR f.file = ?) ORDER BY c.id, f.pos`, []any{id, id},
			func(scan func(...any) error) error {
				var d app.CourseDownload
				if err := scan(&d.Course, &d.File.ID, &d.File.Name, &d.File.Size, &d.File.SHA256); err != nil {
					return err
				}
				if fi, err := os.Stat(s.db.coursePartPath(d.Course, d.File.ID)); err == nil {
					d.Have = fi.Size()
				}
				out = append(out, d)
				return nil
			})
	})
	return out, err
}

// pendingCourseFile is the download of file id, or ENOTFOUND when there
// is none to do.
func (s *syncStore) pendingCourseFile(ctx context.Context, id string) (*app.CourseDownload, error) {
	ds, err := s.courseDownloads(ctx, id)
	if err != nil {
		return nil, err
	}
	if len(ds) == 0 {
		return nil, app.Errorf(app.ENOTFOUND, "course.error.file_not_found", id)
	}
	return &ds[0], nil
}

// OpenCoursePart opens the partial file of a course's file for
// appending, and marks the file partial.
func (s *syncStore) OpenCoursePart(ctx context.Context, id string) (app.PartFile, int64, error) {
	d, err := s.pendingCourseFile(ctx, id)
	if err != nil {
		return nil, 0, err
	}
	have, err := s.resumeFrom(d.File.Name, d.File.Size, d.Have)
	if err != nil {
		return nil, 0, err
	}
	if err := s.db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE course_files SET state = 'partial' WHERE file = ? AND state = 'waiting'`, id)
		return err
	}); err != nil {
		return nil, 0, err
	}
	return openPart(s.db.coursePartPath(d.Course, id), have, d.Have)
}

// FinishCourseFile checks a complete partial file against the manifest's
// SHA-256; when it matches, the file takes its name in the course's
// folder and is recorded ready, with its audit row and the course's
// counts, in one transaction. A mismatch removes the part.
func (s *syncStore) FinishCourseFile(ctx context.Context, id string) error {
	d, err := s.pendingCourseFile(ctx, id)
	if err != nil {
		return err
	}
	part := s.db.coursePartPath(d.Course, id)
	sum, err := fileSHA256(part)
	if err != nil {
		return app.WrapError(err, "error.storage", err)
	}
	if sum != d.File.SHA256 {
		os.Remove(part)
		if err := s.db.write(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `UPDATE course_files SET state = 'waiting' WHERE file = ?`, id)
			return err
		}); err != nil {
			return err
		}
		return app.Errorf(app.EINVALID, "course.error.download_checksum", d.File.Name)
	}
	return s.db.write(ctx, func(tx *sql.Tx) error {
		var courseID int64
		var name string
		if err := tx.QueryRowContext(ctx, `SELECT course_id, name FROM course_files WHERE file = ?`, id).Scan(&courseID, &name); err != nil {
			return err
		}
		taken, err := queryStrings(ctx, tx, `SELECT path FROM course_files WHERE course_id = ? AND state = 'ready'`, courseID)
		if err != nil {
			return err
		}
		used := map[string]bool{}
		for _, p := range taken {
			used[path.Base(p)] = true
		}
		final := app.SafeFileName(name)
		for n := 2; used[final]; n++ {
			final = fmt.Sprintf("%d_%s", n, app.SafeFileName(name))
		}
		dst := filepath.Join(filepath.Dir(part), final)
		if _, err := os.Stat(dst); err == nil || !errors.Is(err, os.ErrNotExist) {
			final = id + "_" + final // a stray file of that name: not ours to overwrite
			dst = filepath.Join(filepath.Dir(part), final)
		}
		if err := os.Rename(part, dst); err != nil {
			return app.WrapError(err, "error.storage", err)
		}
		_, err = tx.ExecContext(ctx, `UPDATE course_files SET state = 'ready', have = size, path = ?, downloaded = downloaded + 1 WHERE file = ?`,
			path.Join(coursesDir, d.Course, final), id)
		if err == nil {
			err = s.db.audit(ctx, tx, "course.file", "course:"+d.Course, fmt.Sprintf("size=%d name=%s", d.File.Size, d.File.Name))
		}
		if err == nil {
			err = s.db.queueCourseStats(ctx, tx, courseID)
		}
		if err != nil {
			os.Rename(dst, part) // the transaction is rolled back: the bytes wait as they were
		}
		return err
	})
}
