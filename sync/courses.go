package sync

import (
	"context"
	"errors"
	"io"
	"net/http"
	"time"

	"jxj/app"
)

// This file is how open courses' files travel (PROTOCOL.md, "Courses"):
// the hub serves each to the schools the course was sent to, as it
// serves notices' files, and a school's node fetches them in the same
// resumable, verified chunks, after everything else, within the school's
// bandwidth cap in class hours.

// PathCourseFiles is the schools' endpoint of courses' files:
// GET /v1/course-files/{id}.
const PathCourseFiles = "/v1/course-files/"

// courseFile serves one of a course's files to a school it was sent to;
// any other school, or any school once the course is withdrawn, gets 404.
func (s *HubServer) courseFile(w http.ResponseWriter, r *http.Request, org *app.HubOrg) {
	fc, err := s.store.OpenCourseFile(r.Context(), org.ID, r.PathValue("id"))
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	serveContent(w, r, fc)
}

// courses downloads the files of the courses not ready, one after
// another, for up to the run's time for files. A file that fails its
// check starts again at the next run; one the hub no longer serves (the
// course withdrawn) is left, and its tombstone removes it from the list.
func (c *Client) courses(ctx context.Context, st *app.SyncState) error {
	cd, ok := c.Store.(app.CourseDownloads)
	if !ok {
		return nil
	}
	pending, err := cd.PendingCourseFiles(ctx)
	if err != nil || len(pending) == 0 {
		return err
	}
	settings, err := cd.CourseDownloadSettings(ctx)
	if err != nil {
		return err
	}
	until := c.filesUntil()
	for _, d := range pending {
		f := remote{path: PathCourseFiles + d.File.ID, size: d.File.Size, rate: settings.RateAt(c.Now())}
		err := c.fetchFile(ctx, linkOf(st), func(ctx context.Context) (app.PartFile, int64, error) { return cd.OpenCoursePart(ctx, d.File.ID) }, f, until)
		if err == nil {
			err = cd.FinishCourseFile(ctx, d.File.ID)
		}
		var he *hubError
		switch {
		case errors.Is(err, errFileTime):
			return nil // the rest at the next run
		case errors.As(err, &he) && he.status == http.StatusNotFound:
			continue
		case app.ErrorCode(err) == app.EINVALID && !errors.As(err, &he):
			// a failed check (the part is gone: it starts again at the
			// next run) or a full disk: the other files go on
			continue
		case err != nil:
			return err
		}
	}
	return nil
}

// throttled reads r at most rate bytes a second on average, in small
// reads so that the link is shared evenly.
type throttled struct {
	r     io.Reader
	rate  int64
	start time.Time
	n     int64
}

func (t *throttled) Read(p []byte) (int, error) {
	if most := int(t.rate/8) + 1; len(p) > most {
		p = p[:most]
	}
	n, err := t.r.Read(p)
	t.n += int64(n)
	if wait := time.Duration(t.n*int64(time.Second)/t.rate) - time.Since(t.start); wait > 0 {
		time.Sleep(wait)
	}
	return n, err
}
