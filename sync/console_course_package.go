package sync

import (
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"strconv"
	"time"

	"jxj/app"
)

// The console's export of a course's package for a USB stick
// (PROTOCOL.md, "Courses"): the hub streams the tar `jxj hub course
// export` writes, with its exact length, and the console saves it
// through a .part renamed only once whole.

// consoleCoursePackage answers GET courses/{id}/package: the package, as
// long as its size needs on the slowest link (uploadTime), as an upload
// may take.
func (s *HubServer) consoleCoursePackage(w http.ResponseWriter, r *http.Request, _ *app.BureauAccount) {
	id, ok := s.pathID(w, r)
	if !ok {
		return
	}
	size, err := s.store.CoursePackageSize(r.Context(), id)
	if err != nil {
		s.failErr(w, r, err) // a withdrawn course is 409: no school would import it
		return
	}
	if err := http.NewResponseController(w).SetWriteDeadline(time.Now().Add(uploadTime(size))); err != nil {
		s.log.Warn("a course's package keeps the usual time limit", "err", err)
	}
	h := w.Header()
	h.Set("Content-Type", "application/x-tar")
	h.Set("Content-Length", strconv.FormatInt(size, 10))
	h.Set("Cache-Control", "private, no-transform")
	sent := &sentCounter{w: w}
	if err := s.store.ExportCourse(r.Context(), id, sent); err != nil {
		if sent.n == 0 { // nothing went yet: the error can still be the answer
			h.Del("Content-Length")
			h.Del("Content-Type")
			s.failErr(w, r, err)
			return
		}
		// the console sees the package end short of its length
		s.log.Warn("a course's package stopped", "course", id, "sent", sent.n, "err", err)
	}
}

// sentCounter counts the bytes written through it.
type sentCounter struct {
	w io.Writer
	n int64
}

func (c *sentCounter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// ExportCourse saves course id's package at dst (see
// app.BureauConsoleCourses).
func (c *ConsoleClient) ExportCourse(ctx context.Context, id int64, dst string, progress func(done, total int64)) error {
	ref := strconv.FormatInt(id, 10)
	st, err := c.CourseStatus(ctx, ref) // its size bounds how long the download may take
	if err != nil {
		return err
	}
	hub, err := c.session()
	if err != nil {
		return err
	}
	req, err := c.client.newRequest(ctx, hub, http.MethodGet, PathConsole+"courses/"+ref+"/package", nil)
	if err != nil {
		return err
	}
	req.Header.Set("Accept-Encoding", "identity") // keeps Content-Length, for the progress
	resp, err := c.client.sendWithin(ctx, hub, req, uploadTime(st.Course.Size()+1<<20))
	if err != nil {
		return consoleError(err, hub.base, false)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		data, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		err := consoleError(answerError(resp.StatusCode, data), hub.base, false)
		if app.ErrorCode(err) == app.EUNAUTHORIZED {
			c.forget()
		}
		return err
	}
	return savePackage(ctx, resp.Body, resp.ContentLength, dst, hub.base, progress)
}

// savePackage writes body, of total bytes (-1 unknown), to dst.part,
// syncs it and renames it to dst; on any failure the part is removed and
// dst is not touched.
func savePackage(ctx context.Context, body io.Reader, total int64, dst, base string, progress func(done, total int64)) error {
	part := dst + ".part"
	f, err := os.OpenFile(part, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o644)
	if err != nil {
		return app.Errorf(app.EINVALID, "course_package.error.create", dst, err)
	}
	w := &progressWriter{w: f, total: total, report: progress}
	n, rerr, werr := copyApart(w, body)
	if werr == nil {
		werr = f.Sync()
	}
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	switch {
	case werr != nil:
		err = app.Errorf(app.EINVALID, "course_package.error.write", dst, werr)
	case ctx.Err() != nil:
		err = app.WrapError(ctx.Err(), "sync.error.cancelled")
	case rerr != nil, total >= 0 && n != total:
		err = &app.Error{Code: app.EINTERNAL, Key: "course_package.error.cut", Args: []any{base}, Err: rerr}
	}
	if err == nil {
		err = os.Rename(part, dst)
		if err != nil {
			err = app.Errorf(app.EINVALID, "course_package.error.write", dst, err)
		}
	}
	if err != nil {
		_ = os.Remove(part)
		return err
	}
	if progress != nil {
		progress(n, max(total, n))
	}
	return nil
}

// copyApart copies r to w and tells a read's error from a write's: the
// first is the link's, the second the disk's.
func copyApart(w io.Writer, r io.Reader) (n int64, rerr, werr error) {
	buf := make([]byte, 256<<10)
	for {
		k, err := r.Read(buf)
		if k > 0 {
			m, err := w.Write(buf[:k])
			n += int64(m)
			if err != nil {
				return n, nil, err
			}
		}
		if errors.Is(err, io.EOF) {
			return n, nil, nil
		}
		if err != nil {
			return n, err, nil
		}
	}
}

// progressWriter reports the bytes written to report, every step of
// about a 500th of the total (and at least 256 KiB), so that a fast
// link does not flood the screen with updates.
type progressWriter struct {
	w           io.Writer
	done, total int64
	last        int64
	report      func(done, total int64)
}

func (p *progressWriter) Write(b []byte) (int, error) {
	n, err := p.w.Write(b)
	p.done += int64(n)
	if p.report != nil && p.done-p.last >= max(p.total/500, 256<<10) {
		p.last = p.done
		p.report(p.done, p.total)
	}
	return n, err
}
