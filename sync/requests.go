package sync

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"os"
	"time"

	"jxj/app"
)

// A school's request goes up as a small op of the outbox; its files go
// ahead of it, one request each (PROTOCOL.md, "Requests"): HEAD
// /v1/request-files/{sha256} asks whether the hub has the file already,
// PUT sends its bytes, which the hub keeps only when they hash to the
// name. A file cut half way, or changed on the way, is sent again whole
// at the next sync: at most app.MaxRequestFileSize, which is resumable
// enough.

// PathRequestFiles is where a school sends its requests' files.
const PathRequestFiles = "/v1/request-files/"

// requestRoutes adds the schools' and the console's request endpoints.
func (s *HubServer) requestRoutes(mux *http.ServeMux) {
	mux.HandleFunc("HEAD "+PathRequestFiles+"{sha256}", s.school(s.hasRequestFile))
	mux.HandleFunc("PUT "+PathRequestFiles+"{sha256}", s.school(s.putRequestFile))
	s.consoleRequestRoutes(mux)
}

func (s *HubServer) hasRequestFile(w http.ResponseWriter, r *http.Request, org *app.HubOrg) {
	ok, err := s.store.HasRequestFile(r.Context(), org.ID, r.PathValue("sha256"))
	switch {
	case err != nil:
		s.failErr(w, r, err)
	case ok:
		w.WriteHeader(http.StatusOK)
	default:
		w.WriteHeader(http.StatusNotFound)
	}
}

// putRequestFile keeps a file's bytes; it may take as long as its size
// needs over a slow line, as the console's uploads do.
func (s *HubServer) putRequestFile(w http.ResponseWriter, r *http.Request, org *app.HubOrg) {
	size := r.ContentLength
	if size > app.MaxRequestFileSize {
		s.fail(w, r, http.StatusRequestEntityTooLarge, ErrTooLarge, "a request's file holds at most 20 MB")
		return
	}
	if size < 0 {
		size = app.MaxRequestFileSize
	}
	deadline := time.Now().Add(uploadTime(size))
	rc := http.NewResponseController(w)
	if err := errors.Join(rc.SetReadDeadline(deadline), rc.SetWriteDeadline(deadline)); err != nil {
		s.log.Warn("an upload keeps the usual time limit", "err", err)
	}
	body := http.MaxBytesReader(w, r.Body, app.MaxRequestFileSize+1)
	if err := s.store.UploadRequestFile(r.Context(), org.ID, r.PathValue("sha256"), body); err != nil {
		s.failErr(w, r, err)
		return
	}
	s.reply(w, r, struct{}{})
}

// uploadRequestFiles sends the files of submitted requests the hub does
// not have yet. A file gone from the disk or changed there is left: the
// hub then refuses its request (missing_file) and the school sees why.
// The network or the hub failing, or bytes changed on the way, stop the
// run, to be retried.
func (c *Client) uploadRequestFiles(ctx context.Context, st *app.SyncState) error {
	u, ok := c.Store.(app.RequestUploader)
	if !ok {
		return nil
	}
	files, err := u.PendingRequestFiles(ctx)
	if err != nil {
		return err
	}
	hub := linkOf(st)
	for _, f := range files {
		has, err := c.hubHasFile(ctx, hub, f.SHA256)
		if err != nil {
			return err
		}
		if !has {
			sent, err := c.putFile(ctx, hub, f)
			if err != nil {
				return err
			}
			if !sent {
				continue
			}
		}
		if err := u.RequestFileSent(ctx, f.SHA256); err != nil {
			return err
		}
	}
	return nil
}

func (c *Client) hubHasFile(ctx context.Context, hub link, sum string) (bool, error) {
	req, err := c.newRequest(ctx, hub, http.MethodHead, PathRequestFiles+sum, nil)
	if err != nil {
		return false, err
	}
	resp, err := c.send(ctx, hub, req)
	if err != nil {
		return false, err
	}
	resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusOK:
		return true, nil
	case http.StatusNotFound:
		return false, nil
	}
	return false, answerError(resp.StatusCode, nil)
}

// putFile streams one file to the hub; false when the file is no longer
// on the disk as it was (hashed again first, so that the hub's refusal
// can only mean bytes changed on the way), or the hub cannot take it.
func (c *Client) putFile(ctx context.Context, hub link, f app.RequestUpload) (bool, error) {
	file, err := os.Open(f.Path)
	if err != nil {
		return false, nil
	}
	defer file.Close()
	h := sha256.New()
	if n, err := io.Copy(h, file); err != nil || n != f.Size || hex.EncodeToString(h.Sum(nil)) != f.SHA256 {
		return false, nil
	}
	if _, err := file.Seek(0, io.SeekStart); err != nil {
		return false, app.WrapError(err, "error.storage", err)
	}
	req, err := c.newRequest(ctx, hub, http.MethodPut, PathRequestFiles+f.SHA256, file)
	if err != nil {
		return false, err
	}
	req.ContentLength = f.Size
	req.Header.Set("Content-Type", "application/octet-stream")
	resp, err := c.sendWithin(ctx, hub, req, uploadTime(f.Size))
	if err != nil {
		return false, err
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	switch resp.StatusCode {
	case http.StatusOK:
		return true, nil
	case http.StatusBadRequest:
		// the bytes changed on the way: the run stops, to send it again
		return false, retryable("sync.error.hub_answer", PathRequestFiles+f.SHA256)
	case http.StatusNotFound, http.StatusRequestEntityTooLarge:
		// a hub that cannot take it (an old one): sending it again would
		// not help, and must not stop the school's sync
		return false, nil
	}
	return false, answerError(resp.StatusCode, data)
}
