package storage

import (
	"archive/tar"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"jxj/app"
)

// This file is the hub's side of open courses (app/course.go): courses,
// their files in the content store (hub_file.go), their feed records,
// the schools' reports and the package a USB stick carries.

var _ app.HubCourses = (*Hub)(nil)

var sentCourse = sentTables{"hub_courses", "hub_course_orgs", "course_id", "ref", app.RecordCourseRevoke, "course.error.revoked", "course.revoke"}

// PublishCourse copies the draft's files into the content store (or
// finds the ones the console sent there) and, in
// one transaction, records the course and appends it to the feed of
// every school it is for (every school when d.Orgs is empty).
func (h *Hub) PublishCourse(ctx context.Context, d app.CourseDraft) (*app.HubCourse, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	if n := len(d.Files) + len(d.Uploads); n == 0 || n > app.MaxCourseFiles {
		return nil, app.Errorf(app.EINVALID, "course.error.files_count", n, app.MaxCourseFiles)
	}
	for _, p := range d.Files {
		// refused before any copy: a file of 9 GB would take minutes to find too large
		if fi, err := os.Stat(p); err == nil && fi.Size() > app.MaxCourseFileSize {
			return nil, app.Errorf(app.EINVALID, "course.error.file_large", filepath.Base(p), app.MaxCourseFileSize>>30)
		}
	}
	files, err := h.storeFiles(d.Files, app.MaxCourseFileSize)
	if err != nil {
		return nil, err
	}
	uploaded, err := h.uploadedFiles(d.Uploads)
	if err != nil {
		return nil, err
	}
	files = append(files, uploaded...)
	id, err := newUUID()
	if err != nil {
		return nil, err
	}
	var out *app.HubCourse
	err = h.db.write(ctx, func(tx *sql.Tx) error {
		orgs, err := h.targetOrgs(ctx, tx, d.Orgs)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO hub_courses (uuid, title, subject, grade_from, grade_to, description, published_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, id, app.CleanTitle(d.Title), strings.TrimSpace(d.Subject), d.GradeFrom, d.GradeTo,
			d.Description, h.db.now())
		if err != nil {
			return err
		}
		courseID, err := res.LastInsertId()
		if err != nil {
			return err
		}
		for i, f := range files {
			// registered in hub_files, so that PruneUploads keeps it
			if _, err := tx.ExecContext(ctx, `INSERT INTO hub_files (sha256, size, created_at) VALUES (?, ?, ?) ON CONFLICT (sha256) DO NOTHING`,
				f.sha256, f.size, h.db.now()); err != nil {
				return err
			}
			fid, err := newUUID()
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO hub_course_files (course_id, pos, uuid, name, file_id)
				SELECT ?, ?, ?, ?, id FROM hub_files WHERE sha256 = ?`, courseID, i, fid, f.name, f.sha256); err != nil {
				return err
			}
		}
		seqs, err := appendRecords(ctx, tx, orgs, app.RecordCourse, "ref", courseID)
		if err != nil {
			return err
		}
		if err := insertRows(ctx, tx, `INSERT INTO hub_course_orgs (course_id, org_id, feed_seq) VALUES `, "(?, ?, ?)", len(orgs),
			func(i int) []any { return []any{courseID, orgs[i], seqs[i]} }, ""); err != nil {
			return err
		}
		if err := h.audit(ctx, tx, hubAdmin, "course.publish", id, fmt.Sprintf("title=%s schools=%d files=%d", d.Title, len(orgs), len(files))); err != nil {
			return err
		}
		out, err = loadHubCourse(ctx, tx, courseID)
		return err
	})
	return out, err
}

// RevokeCourse withdraws a course and appends its tombstone to the feed
// of every school it was sent to. Its files stay in the content store.
func (h *Hub) RevokeCourse(ctx context.Context, id int64) (*app.HubCourse, error) {
	return revokeSent(ctx, h, sentCourse, id, loadHubCourse, func(c *app.HubCourse) sentHead {
		return sentHead{c.UUID, c.Title, c.RevokedAt}
	})
}

// Courses lists the courses, newest first, with their files.
func (h *Hub) Courses(ctx context.Context) ([]*app.HubCourse, error) {
	var out []*app.HubCourse
	err := h.db.read(ctx, func(tx *sql.Tx) (err error) {
		if out, err = queryAll(ctx, tx, scanHubCourse, hubCourseSelect+` ORDER BY c.id DESC`); err != nil {
			return err
		}
		for _, c := range out {
			if c.Files, err = courseFiles(ctx, tx, c.ID); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

const hubCourseSelect = `SELECT c.id, c.uuid, c.title, c.subject, c.grade_from, c.grade_to, c.description, c.published_at, c.revoked_at,
	(SELECT COUNT(*) FROM hub_course_orgs o WHERE o.course_id = c.id),
	(SELECT COUNT(*) FROM hub_course_orgs o WHERE o.course_id = c.id AND o.ready = 1) FROM hub_courses c`

func scanHubCourse(sc rowScanner) (*app.HubCourse, error) {
	var c app.HubCourse
	var published, revoked string
	if err := sc.Scan(&c.ID, &c.UUID, &c.Title, &c.Subject, &c.GradeFrom, &c.GradeTo, &c.Description, &published, &revoked,
		&c.Schools, &c.Ready); err != nil {
		return nil, err
	}
	c.PublishedAt, c.RevokedAt = parseTime(published), parseTime(revoked)
	return &c, nil
}

// loadHubCourse reads a course with its files.
func loadHubCourse(ctx context.Context, q querier, id int64) (*app.HubCourse, error) {
	c, err := scanHubCourse(q.QueryRowContext(ctx, hubCourseSelect+` WHERE c.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, app.Errorf(app.ENOTFOUND, "course.error.not_found", strconv.FormatInt(id, 10))
	}
	if err != nil {
		return nil, err
	}
	c.Files, err = courseFiles(ctx, q, id)
	return c, err
}

// courseFiles reads a course's files, in their order.
func courseFiles(ctx context.Context, q querier, courseID int64) ([]app.CourseFile, error) {
	rows, err := q.QueryContext(ctx, `SELECT cf.uuid, cf.name, f.size, f.sha256 FROM hub_course_files cf JOIN hub_files f ON f.id = cf.file_id
		WHERE cf.course_id = ? ORDER BY cf.pos`, courseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []app.CourseFile
	for rows.Next() {
		var f app.CourseFile
		if err := rows.Scan(&f.ID, &f.Name, &f.Size, &f.SHA256); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// courseRecord is a course as its feed record and package carry it.
func courseRecord(c *app.HubCourse) app.CourseRecord {
	return app.CourseRecord{Title: c.Title, Subject: c.Subject, GradeFrom: c.GradeFrom, GradeTo: c.GradeTo,
		Description: c.Description, PublishedAt: c.PublishedAt, Files: c.Files}
}

// courseFeedBody reads the body of a course or course tombstone record
// of the feed, with the UUID the record carries.
func courseFeedBody(ctx context.Context, q querier, typ string, ref int64) (string, any, error) {
	c, err := loadHubCourse(ctx, q, ref)
	if err != nil {
		return "", nil, err
	}
	if typ == app.RecordCourseRevoke {
		return c.UUID, app.BureauRevoke{RevokedAt: c.RevokedAt}, nil
	}
	return c.UUID, courseRecord(c), nil
}

// CourseStatus returns a course (by id or UUID) with each school's
// report.
func (h *Hub) CourseStatus(ctx context.Context, ref string) (*app.HubCourseStatus, error) {
	var out app.HubCourseStatus
	err := h.db.read(ctx, func(tx *sql.Tx) error {
		id, err := refID(ctx, tx, "hub_courses", "course.error.not_found", ref)
		if err != nil {
			return err
		}
		if out.Course, err = loadHubCourse(ctx, tx, id); err != nil {
			return err
		}
		return scanEach(ctx, tx, `SELECT o.id, o.uuid, o.name, o.kind, o.township, o.revoked,
				x.delivered, x.ready, x.downloads, x.opens, x.reported_at
			FROM hub_course_orgs x JOIN hub_orgs o ON o.id = x.org_id
			WHERE x.course_id = ? ORDER BY o.township, o.name`, []any{id}, func(scan func(...any) error) error {
			var s app.HubCourseSchool
			var reported int64
			if err := scan(&s.Org.ID, &s.Org.UUID, &s.Org.Name, &s.Org.Kind, &s.Org.Township, &s.Org.Revoked,
				&s.Delivered, &s.Ready, &s.Downloads, &s.Opens, &reported); err != nil {
				return err
			}
			if reported > 0 {
				s.Reported = time.Unix(reported, 0)
			}
			out.Schools = append(out.Schools, s)
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// courseStats applies an OpCourseStats: the school's newer snapshot
// replaces the one kept; an older one (a batch sent again) changes
// nothing. Only a course sent to the school and delivered is taken.
func (p *pusher) courseStats(ctx context.Context, op *app.OutOp) pushResult {
	s := op.Course
	if !s.Valid() {
		return rejected(rejectBadOp, app.Errorf(app.EINVALID, "course.reject.bad_stats"))
	}
	var courseID int64
	var revoked string
	var delivered sql.NullBool
	err := p.tx.QueryRowContext(ctx, `SELECT c.id, c.revoked_at, o.delivered
		FROM hub_courses c LEFT JOIN hub_course_orgs o ON o.course_id = c.id AND o.org_id = ?
		WHERE c.uuid = ?`, p.org, s.Course).Scan(&courseID, &revoked, &delivered)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		p.err = err
		return pushResult{}
	}
	switch {
	case courseID == 0 || !delivered.Valid:
		return rejected(rejectUnknownCourse, app.Errorf(app.EINVALID, "course.reject.unknown"))
	case revoked != "":
		return rejected(rejectRevoked, app.Errorf(app.EINVALID, "course.reject.revoked"))
	case !delivered.Bool:
		return rejected(rejectNotDelivered, app.Errorf(app.EINVALID, "hub.reject.not_delivered"))
	}
	if _, err := p.tx.ExecContext(ctx, `UPDATE hub_course_orgs SET ready = ?, downloads = ?, opens = ?, reported_at = ?
		WHERE course_id = ? AND org_id = ? AND reported_at <= ?`, s.Ready, s.Downloads, s.Opens, s.At, courseID, p.org, s.At); err != nil {
		p.err = err
		return pushResult{}
	}
	return okResult
}

// rejectUnknownCourse: a report of a course the hub did not send the school.
const rejectUnknownCourse = "unknown_course"

// ExportCourse writes the course's package to w: a tar whose first entry
// is manifest.json and whose next entries are the files, streamed from
// the content store. A file of the store missing or of another size
// stops the export (the hub's folder is damaged).
func (h *Hub) ExportCourse(ctx context.Context, id int64, w io.Writer) error {
	c, manifest, err := h.exportable(ctx, id)
	if err != nil {
		return err
	}
	tw := tar.NewWriter(w)
	if err := tw.WriteHeader(manifestHeader(c, manifest)); err != nil {
		return app.WrapError(err, "course.error.export_write", err)
	}
	if _, err := tw.Write(manifest); err != nil {
		return app.WrapError(err, "course.error.export_write", err)
	}
	for _, f := range c.Files {
		if err := h.exportFile(tw, f, c.PublishedAt); err != nil {
			return err
		}
	}
	if err := tw.Close(); err != nil {
		return app.WrapError(err, "course.error.export_write", err)
	}
	return nil
}

// exportFile copies one file of the content store into the package.
func (h *Hub) exportFile(tw *tar.Writer, f app.CourseFile, mod time.Time) error {
	src, err := os.Open(h.contentPath(f.SHA256))
	if err != nil {
		return app.WrapError(err, "hub_files.error.damaged", f.Name, err)
	}
	defer src.Close()
	if fi, err := src.Stat(); err != nil || fi.Size() != f.Size {
		return app.WrapError(fmt.Errorf("size differs from %d recorded", f.Size), "hub_files.error.damaged", f.Name, "size")
	}
	if err := tw.WriteHeader(fileHeader(f, mod)); err != nil {
		return app.WrapError(err, "course.error.export_write", err)
	}
	if _, err := io.Copy(tw, src); err != nil {
		return app.WrapError(err, "course.error.export_write", err)
	}
	return nil
}

// OpenCourseFile opens a course's file for the school orgID, which the
// course was sent to and not withdrawn from; for any other school the
// file does not exist.
func (h *Hub) OpenCourseFile(ctx context.Context, orgID int64, fileID string) (*app.HubFileContent, error) {
	var files []app.HubFile
	err := h.db.read(ctx, func(tx *sql.Tx) error {
		return scanEach(ctx, tx, `SELECT cf.uuid, cf.name, f.size, f.sha256 FROM hub_course_files cf
			JOIN hub_files f ON f.id = cf.file_id JOIN hub_courses c ON c.id = cf.course_id
			WHERE cf.uuid = ? AND c.revoked_at = ''
			AND EXISTS (SELECT 1 FROM hub_course_orgs o WHERE o.course_id = c.id AND o.org_id = ?)`, []any{fileID, orgID},
			func(scan func(...any) error) error {
				var f app.HubFile
				if err := scan(&f.ID, &f.Name, &f.Size, &f.SHA256); err != nil {
					return err
				}
				files = append(files, f)
				return nil
			})
	})
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, app.Errorf(app.ENOTFOUND, "hub_files.error.not_found", fileID)
	}
	return h.openContent(files[0])
}
