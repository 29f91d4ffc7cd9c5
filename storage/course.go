package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"jxj/app"
)

// This file is the school's side of open courses (app/course.go): the
// courses the feed brings, their files' state, the opens counted, the
// report that goes up, and the settings of the background download.
// course_import.go imports a package.

var _ app.CourseService = (*courseService)(nil)

type courseService struct{ db *DB }

// coursesDir is the folder inside the data folder that holds the
// courses' files, courses/<course uuid>/<file name>.
const coursesDir = "courses"

// The settings keys of the course download (app.CourseSettings).
const (
	settingCourseBandwidth  = "course.bandwidth"
	settingCourseClassHours = "course.class_hours"
)

// applyCourseRecord applies a course or course tombstone record of the
// feed. A course is stored once (records are immutable versions); one
// the school imported from a package first is now the feed's, and its
// counts go up. A record the school cannot store safely is skipped.
func (db *DB) applyCourseRecord(ctx context.Context, tx *sql.Tx, r app.FeedRecord) (bool, error) {
	if !app.SafeID(r.ID) {
		return false, nil // its files would go to the folder named by it
	}
	if r.Type == app.RecordCourseRevoke {
		var rv app.BureauRevoke
		if err := json.Unmarshal(r.Body, &rv); err != nil {
			return false, nil
		}
		res, err := tx.ExecContext(ctx, `UPDATE courses SET revoked_at = ? WHERE uuid = ? AND revoked_at = ''`, formatTime(rv.RevokedAt), r.ID)
		if err != nil {
			return false, err
		}
		n, err := res.RowsAffected()
		return n > 0, err
	}
	var c app.CourseRecord
	if json.Unmarshal(r.Body, &c) != nil || c.Validate() != nil {
		return false, nil
	}
	var id int64
	var source string
	err := tx.QueryRowContext(ctx, `SELECT id, source FROM courses WHERE uuid = ?`, r.ID).Scan(&id, &source)
	switch {
	case err == nil && source == "feed":
		return false, nil
	case err == nil:
		if _, err := tx.ExecContext(ctx, `UPDATE courses SET source = 'feed' WHERE id = ?`, id); err != nil {
			return false, err
		}
		return true, db.queueCourseStats(ctx, tx, id)
	case !errors.Is(err, sql.ErrNoRows):
		return false, err
	}
	_, err = insertCourse(ctx, tx, db.now(), r.ID, "feed", &c)
	return err == nil, err
}

// insertCourse stores a course and its files, waiting.
func insertCourse(ctx context.Context, tx *sql.Tx, now, uuid, source string, c *app.CourseRecord) (int64, error) {
	res, err := tx.ExecContext(ctx, `INSERT INTO courses (uuid, title, subject, grade_from, grade_to, description, published_at, received_at, source)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, uuid, app.CleanTitle(c.Title), c.Subject, c.GradeFrom, c.GradeTo, c.Description,
		formatTime(c.PublishedAt), now, source)
	if err != nil {
		return 0, err
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, err
	}
	err = insertRows(ctx, tx, `INSERT INTO course_files (file, course_id, pos, name, size, sha256) VALUES `, "(?, ?, ?, ?, ?, ?)", len(c.Files),
		func(i int) []any {
			f := c.Files[i]
			return []any{f.ID, id, i, app.SafeFileName(f.Name), f.Size, f.SHA256}
		}, " ON CONFLICT (file) DO NOTHING") // ids are the hub's UUIDs: a clash is a broken record, not a reason to stop the feed
	return id, err
}

// queueCourseStats puts the course's counts in the outbox in place of a
// report of it still waiting to be packed: the hub keeps the newest. A
// course only a package brought is not reported (the hub did not send
// it to the school, and would refuse the report).
func (db *DB) queueCourseStats(ctx context.Context, tx *sql.Tx, courseID int64) error {
	var s app.CourseStatsUp
	var source, revoked string
	var files, ready int
	if err := tx.QueryRowContext(ctx, `SELECT c.uuid, c.source, c.revoked_at, COUNT(f.file), COALESCE(SUM(f.state = 'ready'), 0),
			COALESCE(SUM(f.downloaded), 0), COALESCE(SUM(f.opens), 0)
		FROM courses c LEFT JOIN course_files f ON f.course_id = c.id WHERE c.id = ?`, courseID).
		Scan(&s.Course, &source, &revoked, &files, &ready, &s.Downloads, &s.Opens); err != nil {
		return err
	}
	if source != "feed" || revoked != "" {
		return nil
	}
	s.Ready, s.At = files > 0 && ready == files, db.Now().Unix()
	if _, err := tx.ExecContext(ctx, `DELETE FROM outbox WHERE type = ? AND record = ? AND state = 'pending' AND batch IS NULL`,
		app.OpCourseStats, s.Course); err != nil {
		return err
	}
	return enqueue(ctx, tx, db.Now(), app.OpCourseStats, s.Course, outCourseStats{Course: &s})
}

// outCourseStats is the outbox body of an OpCourseStats (app.PackOps
// reads its course field).
type outCourseStats struct {
	Course *app.CourseStatsUp `json:"course"`
}

// Courses lists the courses not withdrawn that f picks, newest first,
// with their files.
func (s *courseService) Courses(ctx context.Context, f app.CourseFilter) ([]*app.SchoolCourse, error) {
	if _, err := actingAccount(ctx); err != nil {
		return nil, err
	}
	var out []*app.SchoolCourse
	err := s.db.read(ctx, func(tx *sql.Tx) error {
		all, err := s.db.loadCourses(ctx, tx, `WHERE c.revoked_at = ''`)
		for _, c := range all {
			if f.Matches(c) {
				out = append(out, c)
			}
		}
		return err
	})
	return out, err
}

// loadCourses reads the courses a WHERE clause picks, newest first, each
// file not ready with the bytes its partial file holds.
func (db *DB) loadCourses(ctx context.Context, tx *sql.Tx, where string, args ...any) ([]*app.SchoolCourse, error) {
	courses, err := queryAll(ctx, tx, func(sc rowScanner) (*app.SchoolCourse, error) {
		var c app.SchoolCourse
		var published string
		err := sc.Scan(&c.ID, &c.UUID, &c.Title, &c.Subject, &c.GradeFrom, &c.GradeTo, &c.Description, &published)
		c.PublishedAt = parseTime(published)
		return &c, err
	}, `SELECT c.id, c.uuid, c.title, c.subject, c.grade_from, c.grade_to, c.description, c.published_at FROM courses c `+where+
		` ORDER BY c.published_at DESC, c.id DESC`, args...)
	if err != nil {
		return nil, err
	}
	for _, c := range courses {
		err := scanEach(ctx, tx, `SELECT file, name, size, sha256, state, have, path, opens FROM course_files WHERE course_id = ? ORDER BY pos`,
			[]any{c.ID}, func(scan func(...any) error) error {
				var f app.SchoolCourseFile
				if err := scan(&f.ID, &f.Name, &f.Size, &f.SHA256, &f.State, &f.Have, &f.Path, &f.Opens); err != nil {
					return err
				}
				if fi, err := os.Stat(db.coursePartPath(c.UUID, f.ID)); err == nil && f.State != app.CourseFileReady {
					f.Have = fi.Size()
				}
				c.Opens += f.Opens
				c.Files = append(c.Files, f)
				return nil
			})
		if err != nil {
			return nil, err
		}
	}
	return courses, nil
}

// Subjects lists the subjects of the courses not withdrawn.
func (s *courseService) Subjects(ctx context.Context) ([]string, error) {
	if _, err := actingAccount(ctx); err != nil {
		return nil, err
	}
	var out []string
	err := s.db.read(ctx, func(tx *sql.Tx) (err error) {
		out, err = queryStrings(ctx, tx, `SELECT DISTINCT subject FROM courses WHERE revoked_at = '' ORDER BY subject`)
		return err
	})
	return out, err
}

// OpenCourseFile returns where a ready file of a course not withdrawn
// is, and counts an open (which goes up in the course's counts). A file
// gone from the disk is waiting again: the download or an import brings
// it back.
func (s *courseService) OpenCourseFile(ctx context.Context, fileID string) (string, error) {
	if _, err := actingAccount(ctx); err != nil {
		return "", err
	}
	var out string
	err := s.db.write(ctx, func(tx *sql.Tx) error {
		var courseID, size int64
		var name, state, path string
		err := tx.QueryRowContext(ctx, `SELECT f.course_id, f.name, f.size, f.state, f.path FROM course_files f JOIN courses c ON c.id = f.course_id
			WHERE f.file = ? AND c.revoked_at = ''`, fileID).Scan(&courseID, &name, &size, &state, &path)
		if errors.Is(err, sql.ErrNoRows) {
			return app.Errorf(app.ENOTFOUND, "course.error.file_not_found", fileID)
		}
		if err != nil {
			return err
		}
		if state != string(app.CourseFileReady) {
			return app.Errorf(app.ECONFLICT, "course.error.not_ready", name)
		}
		abs := filepath.Join(s.db.dir, filepath.FromSlash(path))
		if fi, err := os.Stat(abs); err != nil || fi.Size() != size {
			return app.Errorf(app.ECONFLICT, "course.error.file_missing", name)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE course_files SET opens = opens + 1 WHERE file = ?`, fileID); err != nil {
			return err
		}
		out = abs
		return s.db.queueCourseStats(ctx, tx, courseID)
	})
	return out, err
}

// CourseSettings reads the settings of the course download.
func (s *courseService) CourseSettings(ctx context.Context) (app.CourseSettings, error) {
	if _, err := actingAccount(ctx); err != nil {
		return app.CourseSettings{}, err
	}
	return s.db.courseSettings(ctx)
}

// CourseDownloadSettings are the settings the sync's download keeps to.
func (s *syncStore) CourseDownloadSettings(ctx context.Context) (app.CourseSettings, error) {
	return s.db.courseSettings(ctx)
}

func (db *DB) courseSettings(ctx context.Context) (app.CourseSettings, error) {
	var out app.CourseSettings
	err := db.read(ctx, func(tx *sql.Tx) error {
		return scanEach(ctx, tx, `SELECT key, value FROM settings WHERE key IN (?, ?)`, []any{settingCourseBandwidth, settingCourseClassHours},
			func(scan func(...any) error) error {
				var k, v string
				if err := scan(&k, &v); err != nil {
					return err
				}
				if k == settingCourseBandwidth {
					out.Bandwidth, _ = strconv.ParseInt(v, 10, 64)
				} else {
					out.ClassHours = v
				}
				return nil
			})
	})
	return out, err
}

// SetCourseSettings stores the settings of the course download, by an
// admin or the principal.
func (s *courseService) SetCourseSettings(ctx context.Context, cs app.CourseSettings) error {
	a, err := actingAccount(ctx)
	if err != nil {
		return err
	}
	if err := app.CanManageCourses(a); err != nil {
		return err
	}
	if err := cs.Validate(); err != nil {
		return err
	}
	return s.db.write(ctx, func(tx *sql.Tx) error {
		for k, v := range map[string]string{settingCourseBandwidth: strconv.FormatInt(cs.Bandwidth, 10), settingCourseClassHours: cs.ClassHours} {
			if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, k, v); err != nil {
				return err
			}
		}
		return s.db.audit(ctx, tx, "course.settings", "settings", fmt.Sprintf("bandwidth=%d class_hours=%s", cs.Bandwidth, cs.ClassHours))
	})
}
