package sync

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	gosync "sync"
	"time"

	"jxj/app"
)

// This file is how the bureau console publishes an open course
// (PROTOCOL.md, "Courses from the console"). A course's file may be
// several GB and the bureau's line may drop, so the console hashes each
// file first, asks the hub how much of it it holds (GET
// course-uploads/{sha256}?size=), sends the rest (PUT …&offset=), and
// goes on after a cut where the hub stopped: in this run after a short
// wait, or in the next when the officer publishes again. With every file
// on the hub it posts the course naming them (POST courses).

// ConsoleCourseUpload is how much of a file the hub holds.
type ConsoleCourseUpload struct {
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
	Have   int64  `json:"have"` // Size once it is whole and verified
}

// ConsoleCourseDraft is the body of POST courses.
type ConsoleCourseDraft struct {
	Title       string          `json:"title"`
	Subject     string          `json:"subject"`
	GradeFrom   int             `json:"grade_from"`
	GradeTo     int             `json:"grade_to"`
	Description string          `json:"description,omitempty"`
	Orgs        []int64         `json:"orgs,omitempty"`
	Files       []ConsoleUpload `json:"files"` // each sent first, whole
}

// uploadIdle is how long the hub waits for the next bytes of a course's
// file before it lets the request go: a dead link frees the upload for
// the console's next try, while a slow one may take as long as it needs.
var uploadIdle = 2 * time.Minute

// courseSendTries is how many times in a row the console tries again
// when a file's upload fails without the hub getting a byte more.
const courseSendTries = 5

// consoleCourseUploadRoutes adds publishing a course and its uploads.
func (s *HubServer) consoleCourseUploadRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET "+PathConsole+"course-uploads/{sha256}", s.bureau(app.BureauSendNotices, s.consoleCourseUpload))
	mux.HandleFunc("PUT "+PathConsole+"course-uploads/{sha256}", s.bureau(app.BureauSendNotices, s.consoleAppendCourseUpload))
	mux.HandleFunc("POST "+PathConsole+"courses", s.bureau(app.BureauSendNotices, s.consolePublishCourse))
}

func (s *HubServer) consoleCourseUpload(w http.ResponseWriter, r *http.Request, _ *app.BureauAccount) {
	sum, size := r.PathValue("sha256"), queryInt(r, "size")
	have, err := s.store.CourseUpload(r.Context(), sum, size)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	s.reply(w, r, ConsoleCourseUpload{SHA256: sum, Size: size, Have: have})
}

// consoleAppendCourseUpload adds the body's bytes to an upload. The
// connection may stay open as long as bytes keep coming (uploadIdle).
// A request for a file another request is still adding to takes over:
// the other one is most likely the same console's, on a link that died
// without a word, and would otherwise hold the file until uploadIdle.
func (s *HubServer) consoleAppendCourseUpload(w http.ResponseWriter, r *http.Request, _ *app.BureauAccount) {
	sum, size, offset := r.PathValue("sha256"), queryInt(r, "size"), queryInt(r, "offset")
	rc := http.NewResponseController(w)
	body := &idleReader{r: r.Body, rc: rc, idle: uploadIdle}
	key := sum + "-" + strconv.FormatInt(size, 10)
	if old, ok := s.courseUploads.Swap(key, body); ok {
		old.(*idleReader).stop()
	}
	defer s.courseUploads.CompareAndDelete(key, body)
	have, err := s.store.AppendCourseUpload(r.Context(), sum, size, offset, body)
	// the one taken over lets go within a read; the console's body waits
	// for the go-ahead for a second (Expect: 100-continue)
	for wait := 0; app.ErrorKey(err) == "course.error.upload_busy" && wait < 20; wait++ {
		time.Sleep(25 * time.Millisecond)
		have, err = s.store.AppendCourseUpload(r.Context(), sum, size, offset, body)
	}
	// the whole file may have been hashed since the request began
	if derr := rc.SetWriteDeadline(time.Now().Add(time.Minute)); derr != nil {
		s.log.Warn("an upload's answer keeps the usual time limit", "err", derr)
	}
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	s.reply(w, r, ConsoleCourseUpload{SHA256: sum, Size: size, Have: have})
}

func (s *HubServer) consolePublishCourse(w http.ResponseWriter, r *http.Request, _ *app.BureauAccount) {
	var d ConsoleCourseDraft
	if !s.decode(w, r, &d) {
		return
	}
	c, err := s.store.PublishCourse(r.Context(), app.CourseDraft{Title: d.Title, Subject: d.Subject, GradeFrom: d.GradeFrom,
		GradeTo: d.GradeTo, Description: d.Description, Orgs: d.Orgs, Uploads: uploadsOf(d.Files)})
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	s.reply(w, r, consoleCourse(c))
}

// queryInt is a whole number from the query, -1 when it is missing or
// not one (which the store refuses).
func queryInt(r *http.Request, name string) int64 {
	n, err := strconv.ParseInt(r.URL.Query().Get(name), 10, 64)
	if err != nil {
		return -1
	}
	return n
}

// idleReader moves the connection's read deadline before every read,
// until it is stopped: then a read waiting for bytes ends at once.
type idleReader struct {
	r    io.Reader
	rc   *http.ResponseController
	idle time.Duration

	mu      gosync.Mutex
	stopped bool
}

var errTakenOver = errors.New("another request took the upload over")

func (ir *idleReader) Read(p []byte) (int, error) {
	ir.mu.Lock()
	if ir.stopped {
		ir.mu.Unlock()
		return 0, errTakenOver
	}
	_ = ir.rc.SetReadDeadline(time.Now().Add(ir.idle))
	ir.mu.Unlock()
	return ir.r.Read(p)
}

func (ir *idleReader) stop() {
	ir.mu.Lock()
	defer ir.mu.Unlock()
	ir.stopped = true
	_ = ir.rc.SetReadDeadline(time.Unix(1, 0))
}

// courseFile is a file of a course on the console's computer.
type courseFile struct {
	fileStamp
	name   string
	sha256 string
}

// fileStamp is a file as the disk describes it: a file with the same
// path, size and modification time is taken to have the same bytes, so
// that publishing again after a stop does not read 8 GB again. (Were it
// changed in place within the same nanosecond, the hub's check of the
// whole file would still refuse it, and the sum is forgotten.)
type fileStamp struct {
	path    string
	size    int64
	modTime int64 // Unix nanoseconds
}

// PublishCourse sends the draft's files (paths on this computer) to the
// hub where they are not already, then publishes the course. Everything
// is checked before a byte is sent; what the hub got of a file stays
// there when this fails, and the next try goes on from it.
func (c *ConsoleClient) PublishCourse(ctx context.Context, d app.CourseDraft, progress func(app.CourseUploadProgress)) (*app.HubCourse, error) {
	if progress == nil {
		progress = func(app.CourseUploadProgress) {}
	}
	files, total, err := courseFilesAt(d)
	if err != nil {
		return nil, err
	}
	hub, err := c.session()
	if err != nil {
		return nil, err
	}
	var done int64
	for i := range files {
		f := &files[i]
		if f.sha256 = c.knownSum(f.fileStamp); f.sha256 == "" {
			if f.sha256, err = hashCourseFile(ctx, f, func(n int64) {
				progress(app.CourseUploadProgress{Phase: app.CourseUploadHashing, File: f.name, Done: done + n, Total: total})
			}); err != nil {
				return nil, err
			}
			c.keepSum(f.fileStamp, f.sha256)
		}
		done += f.size
	}
	done = 0
	for _, f := range files {
		if err := c.sendCourseFile(ctx, hub, f, func(have int64) {
			phase := app.CourseUploadSending
			if have == f.size {
				phase = app.CourseUploadVerifying
			}
			progress(app.CourseUploadProgress{Phase: phase, File: f.name, Done: done + have, Total: total})
		}); err != nil {
			if app.ErrorKey(err) == "course.error.upload_changed" {
				c.keepSum(f.fileStamp, "") // read it again next time
			}
			return nil, consoleError(err, hub.base, false)
		}
		done += f.size
	}
	progress(app.CourseUploadProgress{Phase: app.CourseUploadPublishing, Done: total, Total: total})
	uploads := make([]ConsoleUpload, len(files))
	for i, f := range files {
		// asked once more right before the course: the hub renews each
		// file's day, so its prune cannot take the first file of a
		// course whose last one took longer than a day to send
		if _, err := c.courseUpload(ctx, hub, f); err != nil {
			return nil, consoleError(err, hub.base, false)
		}
		uploads[i] = ConsoleUpload{Name: f.name, Size: f.size, SHA256: f.sha256}
	}
	var out ConsoleCourse
	if err := c.post(ctx, "courses", ConsoleCourseDraft{Title: d.Title, Subject: d.Subject, GradeFrom: d.GradeFrom, GradeTo: d.GradeTo,
		Description: d.Description, Orgs: d.Orgs, Files: uploads}, &out); err != nil {
		return nil, err
	}
	return out.app(), nil
}

// courseFilesAt checks the draft and its files before anything is read
// whole or sent: the text, the count, and each file an ordinary file of
// 1 byte to 8 GB.
func courseFilesAt(d app.CourseDraft) ([]courseFile, int64, error) {
	if err := d.Validate(); err != nil {
		return nil, 0, err
	}
	if n := len(d.Files); n == 0 || n > app.MaxCourseFiles {
		return nil, 0, app.Errorf(app.EINVALID, "course.error.files_count", n, app.MaxCourseFiles)
	}
	files := make([]courseFile, len(d.Files))
	var total int64
	for i, p := range d.Files {
		name := filepath.Base(p)
		fi, err := os.Stat(p)
		switch {
		case err != nil:
			return nil, 0, app.Errorf(app.EINVALID, "storage.attachment.error.copy", name, err)
		case !fi.Mode().IsRegular():
			return nil, 0, app.Errorf(app.EINVALID, "storage.attachment.error.not_file", name)
		case fi.Size() == 0:
			return nil, 0, app.Errorf(app.EINVALID, "course.error.file_empty", name)
		case fi.Size() > app.MaxCourseFileSize:
			return nil, 0, app.Errorf(app.EINVALID, "course.error.file_large", name, app.MaxCourseFileSize>>30)
		}
		files[i] = courseFile{fileStamp: fileStamp{path: p, size: fi.Size(), modTime: fi.ModTime().UnixNano()}, name: name}
		total += fi.Size()
	}
	return files, total, nil
}

// knownSum is the SHA-256 of a file hashed before with the same stamp,
// "" for none.
func (c *ConsoleClient) knownSum(st fileStamp) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.sums[st]
}

// keepSum remembers a file's SHA-256, or forgets it for "".
func (c *ConsoleClient) keepSum(st fileStamp, sum string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if sum == "" {
		delete(c.sums, st)
		return
	}
	if c.sums == nil {
		c.sums = map[fileStamp]string{}
	}
	c.sums[st] = sum
}

// hashCourseFile reads f through once for its SHA-256, telling progress
// the bytes read. A file whose size changed since it was chosen is
// refused: it is still being written.
func hashCourseFile(ctx context.Context, f *courseFile, progress func(int64)) (string, error) {
	in, err := os.Open(f.path)
	if err != nil {
		return "", app.Errorf(app.EINVALID, "storage.attachment.error.copy", f.name, err)
	}
	defer in.Close()
	hash := sha256.New()
	n, err := io.Copy(hash, &countingReader{ctx: ctx, r: in, counted: progress})
	switch {
	case ctx.Err() != nil:
		return "", &Error{Err: app.WrapError(ctx.Err(), "sync.error.cancelled")}
	case err != nil:
		return "", app.Errorf(app.EINVALID, "storage.attachment.error.copy", f.name, err)
	case n != f.size:
		return "", app.Errorf(app.EINVALID, "course.error.upload_changed")
	}
	return hex.EncodeToString(hash.Sum(nil)), nil
}

// sendCourseFile sends what the hub lacks of f, asking first how much it
// holds. A failure is tried again, at once when the hub got more of the
// file since the last failure (a cut link), else after a growing wait,
// at most courseSendTries times in a row.
func (c *ConsoleClient) sendCourseFile(ctx context.Context, hub link, f courseFile, progress func(int64)) error {
	failed, best := 0, int64(-1)
	for {
		have, err := c.courseUpload(ctx, hub, f)
		if err == nil {
			progress(have)
			if have == f.size {
				return nil
			}
			if have > best {
				best, failed = have, 0
			}
			if err = c.appendCourseUpload(ctx, hub, f, have, progress); err == nil {
				continue
			}
		}
		if !sendAgain(err) || failed >= courseSendTries {
			return err
		}
		select {
		case <-ctx.Done():
			return &Error{Err: app.WrapError(ctx.Err(), "sync.error.cancelled")}
		case <-time.After(time.Duration(failed) * time.Second):
		}
		failed++
	}
}

// sendAgain: the link failed, the hub failed, or the hub holds another
// part of the file than this try assumed (another try still running, or
// one whose bytes arrived after all).
func sendAgain(err error) bool {
	var he *hubError
	return IsRetryable(err) || (errors.As(err, &he) && he.status == http.StatusConflict)
}

// courseUpload asks how much of f the hub holds.
func (c *ConsoleClient) courseUpload(ctx context.Context, hub link, f courseFile) (int64, error) {
	var u ConsoleCourseUpload
	err := c.sessionCall(ctx, hub, http.MethodGet, "course-uploads/"+f.sha256+"?size="+strconv.FormatInt(f.size, 10), nil, &u)
	return u.Have, err
}

// appendCourseUpload sends f from offset on, in one request.
func (c *ConsoleClient) appendCourseUpload(ctx context.Context, hub link, f courseFile, offset int64, progress func(int64)) error {
	in, err := os.Open(f.path)
	if err != nil {
		return app.Errorf(app.EINVALID, "storage.attachment.error.copy", f.name, err)
	}
	defer in.Close()
	body := &countingReader{ctx: ctx, r: io.NewSectionReader(in, offset, f.size-offset), counted: func(n int64) { progress(offset + n) }}
	path := "course-uploads/" + f.sha256 + "?size=" + strconv.FormatInt(f.size, 10) + "&offset=" + strconv.FormatInt(offset, 10)
	return c.stream(ctx, hub, http.MethodPut, path, body, f.size-offset, &ConsoleCourseUpload{})
}

// countingReader tells counted the bytes read so far, and stops when
// ctx ends.
type countingReader struct {
	ctx     context.Context
	r       io.Reader
	n       int64
	counted func(int64)
}

func (cr *countingReader) Read(p []byte) (int, error) {
	if err := cr.ctx.Err(); err != nil {
		return 0, err
	}
	n, err := cr.r.Read(p)
	cr.n += int64(n)
	cr.counted(cr.n)
	return n, err
}
