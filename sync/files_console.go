package sync

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"jxj/app"
)

// This file is how the bureau console attaches files to a notice
// (PROTOCOL.md, "Files"): it sends each file to the hub first, raw, and
// then publishes the notice naming the uploads.

// ConsoleUpload answers POST files and names an upload in POST notices.
type ConsoleUpload struct {
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

func uploadsOf(us []ConsoleUpload) []app.HubUpload {
	out := make([]app.HubUpload, len(us))
	for i, u := range us {
		out[i] = app.HubUpload(u)
	}
	return out
}

// uploadRate is the slowest link an upload of the console's must work
// over (a county office's shared line): the time it may take grows with
// its size, on the hub as on the console.
const uploadRate = 32 << 10 // bytes a second

// uploadTime is how long an upload of size bytes may take.
func uploadTime(size int64) time.Duration {
	return time.Minute + time.Duration(size/uploadRate)*time.Second
}

// consoleUpload keeps a file the console sends for a notice: the body is
// the file's bytes, ?name= its name. It may take longer than the hub's
// other requests (sync.Serve's timeouts), as long as its size needs.
func (s *HubServer) consoleUpload(w http.ResponseWriter, r *http.Request, _ *app.BureauAccount) {
	name := r.URL.Query().Get("name")
	if name == "" {
		s.fail(w, r, http.StatusBadRequest, ErrBadRequest, "name is missing")
		return
	}
	size := r.ContentLength
	if size < 0 || size > app.MaxFileSize {
		size = app.MaxFileSize
	}
	deadline := time.Now().Add(uploadTime(size))
	rc := http.NewResponseController(w)
	if err := errors.Join(rc.SetReadDeadline(deadline), rc.SetWriteDeadline(deadline)); err != nil {
		s.log.Warn("an upload keeps the usual time limit", "err", err)
	}
	u, err := s.store.UploadFile(r.Context(), name, http.MaxBytesReader(w, r.Body, app.MaxFileSize+1))
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	s.reply(w, r, ConsoleUpload(*u))
}

// upload sends the files at paths to the hub, one request each, the
// file streamed from the disk; a file that is no ordinary file or is too
// large is refused before anything is sent.
func (c *ConsoleClient) upload(ctx context.Context, paths []string) ([]ConsoleUpload, error) {
	out := make([]ConsoleUpload, 0, len(paths))
	for _, p := range paths {
		u, err := c.uploadFile(ctx, p)
		if err != nil {
			return nil, err
		}
		out = append(out, *u)
	}
	return out, nil
}

func (c *ConsoleClient) uploadFile(ctx context.Context, path string) (*ConsoleUpload, error) {
	hub, err := c.session()
	if err != nil {
		return nil, err
	}
	name := filepath.Base(path)
	fi, err := os.Stat(path)
	switch {
	case err != nil:
		return nil, app.Errorf(app.EINVALID, "storage.attachment.error.copy", name, err)
	case !fi.Mode().IsRegular():
		return nil, app.Errorf(app.EINVALID, "storage.attachment.error.not_file", name)
	case fi.Size() > app.MaxFileSize:
		return nil, app.Errorf(app.EINVALID, "storage.attachment.error.too_large", name, app.MaxFileSize>>20)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, app.Errorf(app.EINVALID, "storage.attachment.error.copy", name, err)
	}
	defer f.Close()
	var u ConsoleUpload
	if err := c.stream(ctx, hub, http.MethodPost, "files?name="+url.QueryEscape(name), f, fi.Size(), &u); err != nil {
		return nil, consoleError(err, hub.base, false)
	}
	return &u, nil
}

// stream sends size bytes of body to the console API's path with the
// session, with the time its size needs (uploadTime), and decodes the
// JSON answer into out. Its errors are the client's, as sessionCall's.
func (c *ConsoleClient) stream(ctx context.Context, hub link, method, path string, body io.Reader, size int64, out any) error {
	req, err := c.client.newRequest(ctx, hub, method, PathConsole+path, body)
	if err != nil {
		return err
	}
	req.ContentLength = size
	req.Header.Set("Content-Type", "application/octet-stream")
	// the body waits for the hub's go-ahead: a refusal (a file too
	// large, an offset the hub does not hold) costs a round trip, not
	// the bytes the link takes before the answer comes
	req.Header.Set("Expect", "100-continue")
	resp, err := c.client.sendWithin(ctx, hub, req, uploadTime(size))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err != nil {
		return &Error{Err: app.WrapError(err, "sync.error.offline", hub.base), Retryable: true}
	}
	if resp.StatusCode != http.StatusOK {
		if resp.StatusCode == http.StatusUnauthorized {
			c.forget()
		}
		return answerError(resp.StatusCode, data)
	}
	if err := json.Unmarshal(data, out); err != nil {
		return retryable("sync.error.hub_answer", path)
	}
	return nil
}
