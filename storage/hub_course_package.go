package storage

import (
	"archive/tar"
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"jxj/app"
)

// This file is what the course's package (ExportCourse) is made of, and
// its exact length: the console shows an export's progress against it
// (the hub sends it as Content-Length) before a byte is written.

// exportable loads a course that may be exported, with its manifest: a
// withdrawn one is refused, as a school's import refuses it.
func (h *Hub) exportable(ctx context.Context, id int64) (*app.HubCourse, []byte, error) {
	var c *app.HubCourse
	if err := h.db.read(ctx, func(tx *sql.Tx) (err error) {
		c, err = loadHubCourse(ctx, tx, id)
		return err
	}); err != nil {
		return nil, nil, err
	}
	if !c.RevokedAt.IsZero() {
		return nil, nil, app.Errorf(app.ECONFLICT, "course_package.error.revoked", c.Title)
	}
	manifest, err := json.MarshalIndent(app.CoursePackage{Format: app.CoursePackageFormat, Course: c.UUID, CourseRecord: courseRecord(c)}, "", "  ")
	if err != nil {
		return nil, nil, err
	}
	return c, manifest, nil
}

func manifestHeader(c *app.HubCourse, manifest []byte) *tar.Header {
	return &tar.Header{Name: app.CourseManifestName, Mode: 0o644, Size: int64(len(manifest)), ModTime: c.PublishedAt}
}

func fileHeader(f app.CourseFile, mod time.Time) *tar.Header {
	return &tar.Header{Name: app.CoursePackageFile(f.ID), Mode: 0o644, Size: f.Size, ModTime: mod}
}

// CoursePackageSize is the length in bytes of the package ExportCourse
// writes: each entry's header as the tar writer writes it (a file over
// 8 GiB takes an extended header), its bytes padded to 512, and the
// tar's end. No file is read.
func (h *Hub) CoursePackageSize(ctx context.Context, id int64) (int64, error) {
	c, manifest, err := h.exportable(ctx, id)
	if err != nil {
		return 0, err
	}
	headers := []*tar.Header{manifestHeader(c, manifest)}
	for _, f := range c.Files {
		headers = append(headers, fileHeader(f, c.PublishedAt))
	}
	var n int64
	for _, hd := range headers {
		size, err := tarEntrySize(hd)
		if err != nil {
			return 0, app.WrapError(err, "course.error.export_write", err)
		}
		n += size
	}
	return n + 2*tarBlock, nil // the end: two zero blocks
}

const tarBlock = 512

// tarEntrySize is the bytes one entry takes in a tar: its header blocks,
// counted by writing them, and its data rounded up to whole blocks.
func tarEntrySize(hd *tar.Header) (int64, error) {
	var cw countWriter
	if err := tar.NewWriter(&cw).WriteHeader(hd); err != nil {
		return 0, err
	}
	return cw.n + (hd.Size+tarBlock-1)/tarBlock*tarBlock, nil
}

// countWriter counts the bytes written to it, and keeps none.
type countWriter struct{ n int64 }

func (w *countWriter) Write(p []byte) (int, error) {
	w.n += int64(len(p))
	return len(p), nil
}
