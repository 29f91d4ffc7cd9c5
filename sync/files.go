package sync

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"jxj/app"
	"jxj/app/i18n"
)

// This file is how a bureau notice's files travel (PROTOCOL.md, "Files"):
// the hub serves each to the schools it was sent to, with HTTP ranges,
// and a school's node fetches it in chunks into a partial file that a
// cut link or a killed sync leaves to be resumed, then checks its
// SHA-256 before it becomes an attachment.

// PathFiles is the schools' file endpoint: GET /v1/files/{id}.
const PathFiles = "/v1/files/"

// FileChunk is the most one request of a download asks for: about a
// minute on a slow 2G link (within the hub's two-minute write timeout),
// and what a cut link loses at most.
const FileChunk = 256 << 10

// DefaultFileTime is how long one sync run goes on downloading files:
// a 50 MB file takes hours on a slow 2G link, and meanwhile the next
// runs, which bring notices down and send receipts up, must not wait.
// The download goes on at the next run, from where it stopped.
const DefaultFileTime = 5 * time.Minute

// filesUntil is when a run that starts downloading now stops: after
// FileTime, or DefaultFileTime.
func (c *Client) filesUntil() time.Time {
	limit := c.FileTime
	if limit <= 0 {
		limit = DefaultFileTime
	}
	return c.Now().Add(limit)
}

// errFileTime stops a run's downloads when its time is up.
var errFileTime = errors.New("the run's time for files is up")

// file serves one of a notice's files to a school it was sent to; any
// other school gets 404, as for a file that does not exist. The answer
// is the file's bytes as they are, never compressed (a range of gzip is
// meaningless), with Range support so a download resumes.
func (s *HubServer) file(w http.ResponseWriter, r *http.Request, org *app.HubOrg) {
	fc, err := s.store.OpenNoticeFile(r.Context(), org.ID, r.PathValue("id"))
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	serveContent(w, r, fc)
}

// serveContent answers with a stored file's bytes as they are, with
// Range support and its SHA-256 as ETag, and closes it.
func serveContent(w http.ResponseWriter, r *http.Request, fc *app.HubFileContent) {
	defer fc.Content.Close()
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("ETag", `"`+fc.File.SHA256+`"`)
	w.Header().Set("Cache-Control", "private, no-transform")
	http.ServeContent(w, r, "", fc.Modified, fc.Content)
}

// files downloads the files of bureau notices still to come, one after
// another. A file that fails its check starts again once; if it fails
// again it waits for the next sync, and the others go on. The network
// or the hub failing stops the run, to be retried: the partial file
// keeps what arrived.
func (c *Client) files(ctx context.Context, st *app.SyncState) error {
	fd, ok := c.Store.(app.FileDownloads)
	if !ok {
		return nil
	}
	pending, err := fd.PendingFiles(ctx)
	if err != nil {
		return err
	}
	until := c.filesUntil()
	for _, d := range pending {
		err := c.download(ctx, fd, linkOf(st), d.File, until)
		if errors.Is(err, errFileTime) {
			return nil // the rest at the next run
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// download fetches one file and has it checked.
func (c *Client) download(ctx context.Context, fd app.FileDownloads, hub link, f app.BureauFile, until time.Time) error {
	for try := 0; ; try++ {
		err := c.fetchFile(ctx, hub, func(ctx context.Context) (app.PartFile, int64, error) { return fd.OpenPart(ctx, f.ID) },
			remote{path: PathFiles + f.ID, size: f.Size}, until)
		if err == nil {
			err = fd.FinishFile(ctx, f.ID)
		}
		var he *hubError
		switch {
		case err == nil || errors.Is(err, errFileTime):
			return err
		case errors.As(err, &he) && he.status == http.StatusNotFound:
			// the notice was revoked, or the hub no longer has it for us
			return fd.FailFile(ctx, f.ID, true, i18n.Err(err))
		case app.ErrorCode(err) == app.EINVALID && !errors.As(err, &he):
			// a failed check (FinishFile recorded it and removed the
			// part) or a full disk: the file waits, the others go on
			if try == 0 && isChecksum(err) {
				continue
			}
			if !isChecksum(err) {
				return fd.FailFile(ctx, f.ID, false, i18n.Err(err))
			}
			return nil
		}
		return err
	}
}

func isChecksum(err error) bool {
	var e *app.Error
	return errors.As(err, &e) && e.Key == "hub_files.error.checksum"
}

// remote is a file the hub serves with ranges: a notice's file, a
// release or a course's file.
type remote struct {
	path string // on the hub
	size int64
	rate int64 // the most bytes a second to take, 0 for no cap
}

// chunk is the most one request for f asks for: FileChunk, or a minute's
// bytes at f's cap (the hub cuts an answer after two).
func (f remote) chunk() int64 {
	if f.rate > 0 && f.rate*60 < FileChunk {
		return max(f.rate*60, 4<<10)
	}
	return FileChunk
}

// fetchFile appends the file's missing bytes to its partial file (which
// open opens), a chunk a request, until the file is whole or the run's
// time for files is up (at least one chunk a run).
func (c *Client) fetchFile(ctx context.Context, hub link, open func(context.Context) (app.PartFile, int64, error), f remote, until time.Time) (err error) {
	w, have, err := open(ctx)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := w.Close(); err == nil && cerr != nil {
			err = app.WrapError(cerr, "error.storage", cerr)
		}
	}()
	buf := make([]byte, 32<<10) // one buffer for every chunk of the file
	for have < f.size {
		before := have
		if have, err = c.fetchChunk(ctx, hub, f, have, min(have+f.chunk(), f.size), w, buf); err != nil {
			return err
		}
		if have <= before {
			return retryable("sync.error.hub_answer", f.path)
		}
		if have < f.size && c.Now().After(until) {
			return errFileTime
		}
	}
	return nil
}

// fetchChunk asks for the bytes [from, to) of f and appends what
// arrives to w, even when the link is cut half way; it returns how many
// bytes the part holds then. A hub that answers with the whole file (no
// range) or with bytes not asked for restarts the part.
func (c *Client) fetchChunk(ctx context.Context, hub link, f remote, from, to int64, w app.PartFile, buf []byte) (int64, error) {
	req, err := c.newRequest(ctx, hub, http.MethodGet, f.path, nil)
	if err != nil {
		return from, err
	}
	req.Header.Set("Range", fmt.Sprintf("bytes=%d-%d", from, to-1))
	req.Header.Set("Accept-Encoding", "identity")
	resp, err := c.send(ctx, hub, req)
	if err != nil {
		return from, err
	}
	defer resp.Body.Close()
	want := to - from
	switch {
	case resp.StatusCode == http.StatusPartialContent && strings.HasPrefix(resp.Header.Get("Content-Range"), fmt.Sprintf("bytes %d-", from)):
	case resp.StatusCode >= 300 && resp.StatusCode != http.StatusRequestedRangeNotSatisfiable:
		data, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		return from, answerError(resp.StatusCode, data)
	default:
		// the whole file, or not the bytes asked for: the part starts again
		if err := w.Truncate(0); err != nil {
			return 0, app.WrapError(err, "error.storage", err)
		}
		if resp.StatusCode != http.StatusOK {
			return 0, retryable("sync.error.hub_answer", f.path)
		}
		from, want = 0, f.size
	}
	pw := &partWriter{w: w}
	body := io.LimitReader(resp.Body, want)
	if f.rate > 0 {
		body = &throttled{r: body, rate: f.rate, start: time.Now()}
	}
	n, err := io.CopyBuffer(pw, body, buf)
	switch {
	case pw.err != nil:
		return from + n, app.WrapError(pw.err, "error.storage", pw.err)
	case err == nil && n < want:
		err = io.ErrUnexpectedEOF
	}
	if err != nil {
		// the link was cut: what arrived stays, the next request goes on
		return from + n, &Error{Err: app.WrapError(err, "sync.error.offline", hub.base), Retryable: true}
	}
	return from + n, nil
}

// partWriter keeps the error of writing the part apart from the
// network's, which io.Copy would mix: a full disk is no network failure.
type partWriter struct {
	w   io.Writer
	err error
}

func (p *partWriter) Write(b []byte) (int, error) {
	n, err := p.w.Write(b)
	if err != nil {
		p.err = err
	}
	return n, err
}
