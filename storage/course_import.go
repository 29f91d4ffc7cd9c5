package storage

import (
	"archive/tar"
	"bufio"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"

	"jxj/app"
)

// maxManifest bounds a package's manifest.json: 50 files' names and
// hashes and a description take a few kB.
const maxManifest = 1 << 20

// ImportCourse imports a course package (app.CoursePackage): each file
// streams from the package into a .part in courses/<course uuid>/ while
// its SHA-256 is computed; only once every file matched its manifest are
// the parts renamed and the course recorded, in one transaction. A bad
// or truncated package, or one that does not match the course the feed
// brought, changes nothing. Files the school has verified already are
// checked and not written again, so importing twice is harmless.
func (s *courseService) ImportCourse(ctx context.Context, pkg string) (*app.CourseImport, error) {
	a, err := actingAccount(ctx)
	if err != nil {
		return nil, err
	}
	if err := app.CanManageCourses(a); err != nil {
		return nil, err
	}
	f, err := os.Open(pkg)
	if err != nil {
		return nil, app.Errorf(app.EINVALID, "course.error.package_open", filepath.Base(pkg), err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, app.Errorf(app.EINVALID, "course.error.package_open", filepath.Base(pkg), err)
	}
	tr := tar.NewReader(bufio.NewReaderSize(f, 1<<20))
	m, manifestSize, err := readManifest(tr)
	if err != nil {
		return nil, err
	}
	// a package shorter than its entries and the tar's end cannot be
	// whole: refused before a byte is written
	if fi.Size() < packageSize(manifestSize, m.Files) {
		return nil, app.Errorf(app.EINVALID, "course.error.package_truncated", filepath.Base(pkg))
	}
	ready, err := s.knownCourse(ctx, m)
	if err != nil {
		return nil, err
	}
	var need int64
	for _, cf := range m.Files {
		if ready[cf.ID] == "" {
			need += cf.Size
		}
	}
	if free, ok := freeSpace(s.db.dir); ok && free < need+diskMargin {
		return nil, app.Errorf(app.EINVALID, "course.error.disk_full", mb(need+diskMargin), mb(free))
	}

	im := &courseImport{root: filepath.Join(s.db.dir, coursesDir)}
	im.dir = filepath.Join(im.root, m.Course)
	defer im.cleanup()
	for _, cf := range m.Files {
		if err := im.next(tr, cf, ready[cf.ID] != ""); err != nil {
			return nil, err
		}
	}
	// the end of the tar, whole: a package cut after its last file's
	// bytes is as damaged as one cut before
	if _, err := tr.Next(); err != io.EOF {
		if err == nil {
			return nil, app.Errorf(app.EINVALID, "course.error.package_extra", filepath.Base(pkg))
		}
		return nil, app.Errorf(app.EINVALID, "course.error.package_truncated", filepath.Base(pkg))
	}
	if err := im.finish(m.Files, ready); err != nil {
		return nil, err
	}
	out := &app.CourseImport{Written: len(im.written), Kept: len(m.Files) - len(im.written)}
	err = s.db.write(ctx, func(tx *sql.Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM courses WHERE uuid = ?`, m.Course).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			id, err = insertCourse(ctx, tx, s.db.now(), m.Course, "package", &m.CourseRecord)
		}
		if err != nil {
			return err
		}
		for fileID, rel := range im.written {
			if _, err := tx.ExecContext(ctx, `UPDATE course_files SET state = 'ready', have = size, path = ?, downloaded = downloaded + 1
				WHERE file = ?`, rel, fileID); err != nil {
				return err
			}
		}
		if err := s.db.audit(ctx, tx, "course.import", "course:"+m.Course,
			fmt.Sprintf("written=%d kept=%d title=%s", out.Written, out.Kept, m.Title)); err != nil {
			return err
		}
		if err := s.db.queueCourseStats(ctx, tx, id); err != nil {
			return err
		}
		courses, err := s.db.loadCourses(ctx, tx, `WHERE c.id = ?`, id)
		if err == nil && len(courses) == 1 {
			out.Course = courses[0]
		}
		return err
	})
	if err != nil {
		im.removeWritten()
		return nil, err
	}
	im.written = nil // recorded: kept
	return out, nil
}

// packageSize is the least size of a package with a manifest of that
// size and those files: a 512-byte header per entry, its bytes padded
// to 512, and the tar's end of two zero blocks.
func packageSize(manifest int64, files []app.CourseFile) int64 {
	padded := func(n int64) int64 { return 512 + (n+511)/512*512 }
	n := padded(manifest) + 1024
	for _, f := range files {
		n += padded(f.Size)
	}
	return n
}

// readManifest reads and checks a package's first entry; it returns the
// manifest and the entry's size.
func readManifest(tr *tar.Reader) (*app.CoursePackage, int64, error) {
	bad := app.Errorf(app.EINVALID, "course.error.package_bad", app.CourseManifestName)
	h, err := tr.Next()
	if err != nil || h.Name != app.CourseManifestName || h.Size > maxManifest {
		return nil, 0, bad
	}
	var m app.CoursePackage
	if err := json.NewDecoder(io.LimitReader(tr, maxManifest)).Decode(&m); err != nil || !app.SafeID(m.Course) {
		return nil, 0, bad
	}
	if m.Format != app.CoursePackageFormat {
		return nil, 0, app.Errorf(app.EINVALID, "course.error.package_format", m.Format)
	}
	if err := m.Validate(); err != nil {
		return nil, 0, err
	}
	return &m, h.Size, nil
}

// knownCourse checks the package against the course the school knows
// by its UUID, if any: the same files (ECONFLICT otherwise), not
// withdrawn. It returns the paths of the files already ready, by id.
func (s *courseService) knownCourse(ctx context.Context, m *app.CoursePackage) (map[string]string, error) {
	ready := map[string]string{}
	err := s.db.read(ctx, func(tx *sql.Tx) error {
		var id int64
		var revoked string
		err := tx.QueryRowContext(ctx, `SELECT id, revoked_at FROM courses WHERE uuid = ?`, m.Course).Scan(&id, &revoked)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		if revoked != "" {
			return app.Errorf(app.ECONFLICT, "course.error.import_revoked", m.Title)
		}
		var known []app.CourseFile
		err = scanEach(ctx, tx, `SELECT file, size, sha256, state, path FROM course_files WHERE course_id = ? ORDER BY pos`, []any{id},
			func(scan func(...any) error) error {
				var f app.CourseFile
				var state, p string
				if err := scan(&f.ID, &f.Size, &f.SHA256, &state, &p); err != nil {
					return err
				}
				known = append(known, f)
				if state == string(app.CourseFileReady) {
					ready[f.ID] = p
				}
				return nil
			})
		if err != nil {
			return err
		}
		if !app.SameFiles(known, m.Files) {
			return app.Errorf(app.ECONFLICT, "course.error.package_mismatch", m.Title)
		}
		return nil
	})
	return ready, err
}

// courseImport is the files of one import on their way: parts written
// and, once all are checked, the files renamed from them.
type courseImport struct {
	root, dir         string            // courses/ and courses/<course uuid>/
	madeRoot, madeDir bool              // made by this import: removed if it fails
	parts             map[string]string // file id → its .part
	written           map[string]string // file id → its path, relative to the data folder, once renamed
}

// next reads the package's next entry, which must be file cf, into a
// part (or, for a file the school has, only through the hash) and checks
// its size and SHA-256.
func (im *courseImport) next(tr *tar.Reader, cf app.CourseFile, have bool) error {
	h, err := tr.Next()
	if err != nil || h.Name != app.CoursePackageFile(cf.ID) || h.Typeflag != tar.TypeReg || h.Size != cf.Size {
		return app.Errorf(app.EINVALID, "course.error.package_entry", cf.Name)
	}
	sum := sha256.New()
	var dst io.Writer = sum
	var part *os.File
	if !have {
		if _, err := os.Stat(im.root); errors.Is(err, os.ErrNotExist) {
			im.madeRoot = true
		}
		if _, err := os.Stat(im.dir); errors.Is(err, os.ErrNotExist) {
			im.madeDir = true
		}
		if err := os.MkdirAll(im.dir, 0o700); err != nil {
			return app.WrapError(err, "error.storage", err)
		}
		if part, err = os.CreateTemp(im.dir, cf.ID+".*.part"); err != nil {
			return app.WrapError(err, "error.storage", err)
		}
		if im.parts == nil {
			im.parts = map[string]string{}
		}
		im.parts[cf.ID] = part.Name()
		dst = io.MultiWriter(part, sum)
	}
	n, err := io.Copy(dst, tr)
	if part != nil {
		if err == nil {
			err = part.Sync()
		}
		if cerr := part.Close(); err == nil {
			err = cerr
		}
	}
	var pe *os.PathError
	switch {
	case errors.As(err, &pe):
		return app.WrapError(err, "error.storage", err)
	case err != nil || n != cf.Size:
		return app.Errorf(app.EINVALID, "course.error.package_truncated_file", cf.Name)
	case hex.EncodeToString(sum.Sum(nil)) != cf.SHA256:
		return app.Errorf(app.EINVALID, "course.error.package_checksum", cf.Name)
	}
	return nil
}

// finish renames every part to its file's name, once all are checked:
// the file's own name, or with its place in front when two files of the
// course share a name.
func (im *courseImport) finish(files []app.CourseFile, ready map[string]string) error {
	taken := map[string]bool{}
	for _, p := range ready {
		taken[path.Base(p)] = true
	}
	im.written = map[string]string{}
	for i, cf := range files {
		part, ok := im.parts[cf.ID]
		if !ok {
			continue
		}
		name := app.SafeFileName(cf.Name)
		if taken[name] {
			name = fmt.Sprintf("%d_%s", i+1, name)
		}
		taken[name] = true
		if err := os.Rename(part, filepath.Join(im.dir, name)); err != nil {
			return app.WrapError(err, "error.storage", err)
		}
		delete(im.parts, cf.ID)
		im.written[cf.ID] = path.Join(coursesDir, filepath.Base(im.dir), name)
	}
	return nil
}

// removeWritten removes the files renamed when their record failed.
func (im *courseImport) removeWritten() {
	for _, rel := range im.written {
		os.Remove(filepath.Join(filepath.Dir(im.root), filepath.FromSlash(rel)))
	}
	im.written = nil
}

// cleanup removes the parts an import left, and the course's folder when
// the import made it and nothing is in it.
func (im *courseImport) cleanup() {
	for _, p := range im.parts {
		os.Remove(p)
	}
	im.removeWritten()
	if im.madeDir {
		os.Remove(im.dir) // only when empty
	}
	if im.madeRoot {
		os.Remove(im.root)
	}
}
