package storage

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"jxj/app"
)

// exportedCourse publishes a course of a multi-MB video and a small
// file on a hub and exports its package; it returns the course and the
// package's path.
func exportedCourse(t *testing.T, videoSize int) (*Hub, int64, *app.HubCourse, string) {
	t.Helper()
	h, org, _ := testHub(t, 0)
	dir := t.TempDir()
	video := make([]byte, videoSize)
	if _, err := rand.Read(video); err != nil {
		t.Fatal(err)
	}
	paths := []string{writeFile(t, dir, "第1课 分数.mp4", video), writeFile(t, dir, "课件.pdf", []byte("%PDF-1.4 课件"))}
	c, err := h.PublishCourse(context.Background(), app.CourseDraft{Title: "分数的初步认识", Subject: "数学", GradeFrom: 3, GradeTo: 4, Files: paths})
	if err != nil {
		t.Fatal(err)
	}
	pkg := filepath.Join(dir, "course.jxjcourse")
	f, err := os.Create(pkg)
	if err != nil {
		t.Fatal(err)
	}
	if err := h.ExportCourse(context.Background(), c.ID, f); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return h, org, c, pkg
}

// schoolState is what an import may change: the courses' rows, the
// outbox, the audit log and the files under courses/.
type schoolState struct {
	courses, ready, outbox, audit int
	files                         []string
}

func stateOf(t *testing.T, db *DB) schoolState {
	t.Helper()
	var s schoolState
	err := db.read(context.Background(), func(tx *sql.Tx) error {
		return tx.QueryRowContext(context.Background(), `SELECT (SELECT COUNT(*) FROM courses), (SELECT COUNT(*) FROM course_files WHERE state = 'ready'),
			(SELECT COUNT(*) FROM outbox), (SELECT COUNT(*) FROM audit)`).Scan(&s.courses, &s.ready, &s.outbox, &s.audit)
	})
	if err != nil {
		t.Fatal(err)
	}
	filepath.WalkDir(filepath.Join(db.dir, coursesDir), func(p string, d fs.DirEntry, err error) error {
		if err == nil {
			s.files = append(s.files, p)
		}
		return nil
	})
	return s
}

func (s schoolState) equal(o schoolState) bool {
	return s.courses == o.courses && s.ready == o.ready && s.outbox == o.outbox && s.audit == o.audit && slices.Equal(s.files, o.files)
}

// copyPackage writes a copy of the package with change applied to its bytes.
func copyPackage(t *testing.T, pkg string, change func([]byte) []byte) string {
	t.Helper()
	b, err := os.ReadFile(pkg)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "bad.jxjcourse")
	if err := os.WriteFile(p, change(b), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// A package exported on the hub imports at a school with every file
// verified, in courses/<uuid>/ under the files' names; importing it
// again writes nothing. A package with one byte changed, cut short, or
// not a package at all is refused and changes nothing.
func TestCourseImportRoundTrip(t *testing.T) {
	_, _, c, pkg := exportedCourse(t, 3<<20+123)
	db := MustOpenDB(t)
	svc := db.Services().Courses
	before := stateOf(t, db)

	bad := []struct {
		name string
		pkg  string
		key  string
	}{
		{"a changed byte", copyPackage(t, pkg, func(b []byte) []byte { b[len(b)/2] ^= 0x01; return b }), "course.error.package_checksum"},
		// the second file's: the first was written whole and must go
		{"a changed byte in the last file", copyPackage(t, pkg, func(b []byte) []byte { b[len(b)-1024-497-3] ^= 0x01; return b }), "course.error.package_checksum"},
		{"cut short", copyPackage(t, pkg, func(b []byte) []byte { return b[:len(b)*2/3] }), "course.error.package_truncated"},
		// the tar ends in 1,024 zero bytes, after the last file's 15 bytes and 497 of padding
		{"cut in the last file", copyPackage(t, pkg, func(b []byte) []byte { return b[:len(b)-1024-497-5] }), "course.error.package_truncated"},
		{"cut after the last file", copyPackage(t, pkg, func(b []byte) []byte { return b[:len(b)-1030] }), "course.error.package_truncated"},
		{"not a package", copyPackage(t, pkg, func(b []byte) []byte { return []byte("PK\x03\x04 a zip") }), "course.error.package_bad"},
		{"missing", filepath.Join(t.TempDir(), "none.jxjcourse"), "course.error.package_open"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			_, err := svc.ImportCourse(adminCtx, tt.pkg)
			if e := appError(err); e == nil || e.Key != tt.key || e.Code != app.EINVALID {
				t.Errorf("err = %v, want EINVALID %s", err, tt.key)
			}
			if after := stateOf(t, db); !after.equal(before) {
				t.Errorf("a refused package changed the school: %+v, was %+v", after, before)
			}
		})
	}

	r, err := svc.ImportCourse(adminCtx, pkg)
	if err != nil {
		t.Fatal(err)
	}
	if r.Written != 2 || r.Kept != 0 || r.Course.UUID != c.UUID || !r.Course.Ready() {
		t.Fatalf("import = %+v, course %+v", r, r.Course)
	}
	for i, f := range r.Course.Files {
		got, err := fileSHA256(filepath.Join(db.dir, filepath.FromSlash(f.Path)))
		if err != nil || got != c.Files[i].SHA256 || f.Path != "courses/"+c.UUID+"/"+c.Files[i].Name {
			t.Errorf("file %d at %s: sha %s, %v; want %s", i, f.Path, got, err, c.Files[i].SHA256)
		}
	}
	// a course only a package brought is not reported: the hub did not send it
	if s := stateOf(t, db); s.outbox != before.outbox || s.courses != 1 || s.ready != 2 || len(s.files) != 4 {
		t.Errorf("after import: %+v", s)
	}
	again, err := svc.ImportCourse(adminCtx, pkg)
	if err != nil || again.Written != 0 || again.Kept != 2 {
		t.Errorf("second import = %+v, %v; want nothing written, 2 kept", again, err)
	}
	if s := stateOf(t, db); s.courses != 1 || s.ready != 2 || len(s.files) != 4 {
		t.Errorf("after the second import: %+v", s)
	}

	teacher := as(app.RoleTeacher)
	if _, err := svc.ImportCourse(teacher, pkg); app.ErrorCode(err) != app.EFORBIDDEN {
		t.Errorf("a teacher's import: %v, want EFORBIDDEN", err)
	}
}

// appError is the *app.Error in err's chain, or nil.
func appError(err error) *app.Error {
	var e *app.Error
	errors.As(err, &e)
	return e
}

// feedCourseRecord applies the hub's feed record of a course at the school.
func applyCourseFeed(t *testing.T, db *DB, seq int64, typ, uuid string, body any) {
	t.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	page := app.FeedPage{Epoch: "e1", Records: []app.FeedRecord{{Seq: seq, Type: typ, ID: uuid, Body: b}}}
	if _, err := db.Services().Sync.ApplyFeed(adminCtx, page); err != nil {
		t.Fatal(err)
	}
}

// A course from the feed shows at once, its files waiting; a package of
// it makes it ready and queues its counts; a package whose files differ
// from the feed's is refused; opens are counted and the counts replace
// the report still waiting; a withdrawn course leaves the list.
func TestCourseFromFeed(t *testing.T) {
	h, org, c, pkg := exportedCourse(t, 1<<20)
	db := MustOpenDB(t)
	svc := db.Services().Courses
	var rec app.CourseRecord
	if err := json.Unmarshal(feedCourse(t, h, org, app.RecordCourse, c.UUID), &rec); err != nil {
		t.Fatal(err)
	}
	other := rec
	other.Files = slices.Clone(rec.Files)
	other.Files[0].SHA256 = sha([]byte("another video"))
	for i := range other.Files {
		other.Files[i].ID = "0193aaaa-0000-7000-8000-00000000010" + string(rune('0'+i))
	}
	applyCourseFeed(t, db, 1, app.RecordCourse, "0193aaaa-0000-7000-8000-0000000000ff", other) // a look-alike under another id

	applyCourseFeed(t, db, 2, app.RecordCourse, c.UUID, rec)
	list, err := svc.Courses(as(app.RoleTeacher), app.CourseFilter{Subject: "数学", Grade: 4})
	if err != nil || len(list) != 2 || list[0].Ready() {
		t.Fatalf("courses = %v, %v; want two, not ready", list, err)
	}
	if got, _ := svc.Courses(adminCtx, app.CourseFilter{Grade: 5}); len(got) != 0 {
		t.Errorf("grade 5 picks %d courses of grades 3–4", len(got))
	}
	if _, err := svc.OpenCourseFile(adminCtx, rec.Files[0].ID); app.ErrorCode(err) != app.ECONFLICT {
		t.Errorf("opening a file not ready: %v, want ECONFLICT", err)
	}

	// the look-alike's package: its files differ from what the feed said
	wrong := copyPackage(t, pkg, func(b []byte) []byte {
		return []byte(strings.Replace(string(b), c.UUID, "0193aaaa-0000-7000-8000-0000000000ff", 1))
	})
	before := stateOf(t, db)
	if _, err := svc.ImportCourse(adminCtx, wrong); app.ErrorCode(err) != app.ECONFLICT {
		t.Errorf("a package unlike the feed's course: %v, want ECONFLICT", err)
	}
	if !stateOf(t, db).equal(before) {
		t.Error("the refused package changed the school")
	}

	if _, err := svc.ImportCourse(adminCtx, pkg); err != nil {
		t.Fatal(err)
	}
	teacher := as(app.RoleTeacher)
	for range 3 {
		p, err := svc.OpenCourseFile(teacher, rec.Files[1].ID)
		if err != nil {
			t.Fatal(err)
		}
		if b, _ := os.ReadFile(p); string(b) != "%PDF-1.4 课件" {
			t.Errorf("opened %s: %q", p, b)
		}
	}
	ups := pendingCourseStats(t, db)
	if len(ups) != 1 || !ups[0].Ready || ups[0].Downloads != 2 || ups[0].Opens != 3 || ups[0].Course != c.UUID {
		t.Errorf("waiting reports = %+v; want one: ready, 2 downloads, 3 opens", ups)
	}

	applyCourseFeed(t, db, 3, app.RecordCourseRevoke, c.UUID, app.BureauRevoke{RevokedAt: testNow})
	if list, _ := svc.Courses(teacher, app.CourseFilter{}); len(list) != 1 || list[0].UUID == c.UUID {
		t.Errorf("after the withdrawal the list = %v", list)
	}
	if _, err := svc.ImportCourse(adminCtx, pkg); app.ErrorCode(err) != app.ECONFLICT {
		t.Errorf("importing a withdrawn course: %v, want ECONFLICT", err)
	}
}

// pendingCourseStats reads the course reports waiting in the outbox.
func pendingCourseStats(t *testing.T, db *DB) []app.CourseStatsUp {
	t.Helper()
	var out []app.CourseStatsUp
	err := db.read(context.Background(), func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(context.Background(), `SELECT body FROM outbox WHERE type = ? AND state = 'pending'`, app.OpCourseStats)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var body string
			var b outCourseStats
			if err := rows.Scan(&body); err != nil {
				return err
			}
			if err := json.Unmarshal([]byte(body), &b); err != nil {
				return err
			}
			out = append(out, *b.Course)
		}
		return rows.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// An import that would fill the disk is refused before a byte is
// written.
func TestCourseImportDiskFull(t *testing.T) {
	_, _, _, pkg := exportedCourse(t, 1<<20)
	db := MustOpenDB(t)
	freeSpace = func(string) (int64, bool) { return diskMargin, true }
	t.Cleanup(func() { freeSpace = freeBytes })
	before := stateOf(t, db)
	_, err := db.Services().Courses.ImportCourse(adminCtx, pkg)
	if e := appError(err); e == nil || e.Key != "course.error.disk_full" {
		t.Errorf("err = %v, want course.error.disk_full", err)
	}
	if !stateOf(t, db).equal(before) {
		t.Error("the refused import changed the school")
	}
}

// The download settings are stored and read back; bad ones are refused
// and a teacher may not change them.
func TestCourseSettings(t *testing.T) {
	db := MustOpenDB(t)
	svc := db.Services().Courses
	if s, err := svc.CourseSettings(adminCtx); err != nil || s != (app.CourseSettings{}) {
		t.Fatalf("defaults = %+v, %v; want no cap, no class hours", s, err)
	}
	want := app.CourseSettings{Bandwidth: 200 << 10, ClassHours: "08:00-11:50,14:00-17:00"}
	if err := svc.SetCourseSettings(adminCtx, want); err != nil {
		t.Fatal(err)
	}
	if s, err := svc.CourseSettings(as(app.RoleTeacher)); err != nil || s != want {
		t.Errorf("settings = %+v, %v; want %+v", s, err, want)
	}
	for _, bad := range []app.CourseSettings{{Bandwidth: -1}, {ClassHours: "8点到12点"}, {ClassHours: "12:00-08:00"}} {
		if err := svc.SetCourseSettings(adminCtx, bad); app.ErrorCode(err) != app.EINVALID {
			t.Errorf("%+v: %v, want EINVALID", bad, err)
		}
	}
	if err := svc.SetCourseSettings(as(app.RoleTeacher), want); app.ErrorCode(err) != app.EFORBIDDEN {
		t.Errorf("a teacher's change: %v, want EFORBIDDEN", err)
	}
	if s, _ := svc.CourseSettings(adminCtx); s != want {
		t.Errorf("after refused changes: %+v, want %+v", s, want)
	}
}
