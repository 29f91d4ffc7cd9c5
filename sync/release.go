package sync

import (
	"context"
	"errors"
	"net/http"
	"net/url"

	"jxj/app"
	"jxj/app/i18n"
)

// This file is how a new version of jxj travels (PROTOCOL.md, Releases):
// the hub announces the newest release for the school's platform, signed
// by the bureau, and serves its bytes with ranges as it serves a notice's
// files; the node downloads it in the same resumable chunks, and only a
// release whose bytes and signature check out waits to be installed.

// The schools' release endpoints: GET /v1/release?platform=P announces,
// GET /v1/releases/{id} serves the file.
const (
	PathRelease  = "/v1/release"
	PathReleases = "/v1/releases/"
)

// ReleaseResponse announces a release.
type ReleaseResponse struct {
	Release app.SignedRelease `json:"release"`
}

// release announces the newest release for the platform asked: 404 when
// there is none (or the platform is unknown).
func (s *HubServer) release(w http.ResponseWriter, r *http.Request, org *app.HubOrg) {
	platform := r.URL.Query().Get("platform")
	if !app.ValidPlatform(platform) {
		s.fail(w, r, http.StatusNotFound, ErrNotFound, "no releases for platform "+platform)
		return
	}
	rel, err := s.store.LatestRelease(r.Context(), platform)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	s.reply(w, r, ReleaseResponse{Release: rel.SignedRelease})
}

// releaseFile serves a release's bytes to any school: a release is no
// secret, and the signature, not the hub, is what a school trusts.
func (s *HubServer) releaseFile(w http.ResponseWriter, r *http.Request, org *app.HubOrg) {
	fc, err := s.store.OpenRelease(r.Context(), r.PathValue("id"))
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	serveContent(w, r, fc)
}

// release asks the hub for the newest release of this platform, takes it
// when it is newer and signed by the trusted key, and goes on with its
// download within a run's time for files. A release refused for its
// signature, key or platform is noted for the administrator (the hub
// serves something it should not) and changes nothing else; one not
// newer is the usual answer.
func (c *Client) release(ctx context.Context, st *app.SyncState) error {
	if c.Updates == nil {
		return nil
	}
	platform := c.Platform
	if platform == "" {
		platform = app.Platform()
	}
	var ann ReleaseResponse
	err := c.call(ctx, linkOf(st), http.MethodGet, PathRelease+"?"+url.Values{"platform": {platform}}.Encode(), nil, &ann)
	var he *hubError
	switch {
	case errors.As(err, &he) && he.status == http.StatusNotFound:
		// no release, or a hub from before releases
	case err != nil:
		return err
	default:
		err := c.Updates.OfferRelease(ctx, ann.Release, c.Version, platform)
		switch {
		case app.ErrorKey(err) == "update.error.not_newer":
		case app.ErrorCode(err) == app.EINVALID:
			// refused: kept as the update's last problem for the
			// administrator; the sync goes on, never paused by a hub
			// that serves what it should not
			refused := app.Errorf(app.EINVALID, "update.error.refused", i18n.Err(err))
			if err := c.Updates.FailRelease(ctx, i18n.Err(refused)); err != nil {
				return err
			}
		case err != nil:
			return err
		}
	}
	return c.downloadRelease(ctx, st)
}

// downloadRelease goes on with the release being downloaded, if any.
func (c *Client) downloadRelease(ctx context.Context, st *app.SyncState) error {
	us, err := c.Updates.UpdateStatus(ctx)
	if err != nil || us.Phase != app.UpdateDownloading {
		return err
	}
	m := us.Release.Manifest
	f := remote{path: PathReleases + us.Release.ID, size: m.Size}
	for try := 0; try < 2; try++ {
		err = c.fetchFile(ctx, linkOf(st), c.Updates.OpenReleasePart, f, c.filesUntil())
		var he *hubError
		switch {
		case errors.Is(err, errFileTime):
			return nil // the rest at the next sync
		case errors.As(err, &he) && he.status == http.StatusNotFound:
			return c.Updates.FailRelease(ctx, i18n.Err(err))
		case err != nil:
			if app.ErrorCode(err) == app.EINVALID && !errors.As(err, &he) {
				return c.Updates.FailRelease(ctx, i18n.Err(err)) // the disk is full: it waits
			}
			return err
		}
		err = c.Updates.FinishRelease(ctx)
		if app.ErrorCode(err) != app.EINVALID {
			return err
		}
		// a failed check removed the part: once more from the first byte
	}
	return nil // it failed twice: the reason is kept, the next sync tries again
}
