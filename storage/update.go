package storage

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	gosync "sync"
	"time"

	"jxj/app"
	"jxj/app/i18n"
)

// This file is a school's update in its data folder (app/update.go):
// updates/state.json, the release's partial file and, once verified, the
// release itself. A file, not a table: the install and its rollback read
// and write it around a version that may not open the database.

// updatesDir is the folder of the data folder that holds updates.
const updatesDir = "updates"

// Updates is a school's app.UpdateService over its data folder.
type Updates struct {
	dir string // the data folder
	Now func() time.Time
	mu  gosync.Mutex // one writer of the state in this process
}

var _ app.UpdateService = (*Updates)(nil)

// NewUpdates returns the updates of the data folder dir.
func NewUpdates(dir string) *Updates { return &Updates{dir: dir, Now: time.Now} }

func (u *Updates) path(name string) string { return filepath.Join(u.dir, updatesDir, name) }
func (u *Updates) partPath() string        { return u.path("release.part") }

// releasePath is where a verified release is kept: jxj-0.3.0 (.exe for
// Windows), a name the administrator recognises.
func (u *Updates) releasePath(m app.ReleaseManifest) string {
	name := "jxj-" + app.SafeFileName(m.Version)
	if strings.HasPrefix(m.Platform, "windows-") {
		name += ".exe"
	}
	return u.path(name)
}

// UpdateStatus reads updates/state.json; none is the zero state.
func (u *Updates) UpdateStatus(ctx context.Context) (*app.UpdateState, error) {
	data, err := os.ReadFile(u.path("state.json"))
	if errors.Is(err, os.ErrNotExist) {
		return &app.UpdateState{}, nil
	}
	if err != nil {
		return nil, app.WrapError(err, "error.storage", err)
	}
	var st app.UpdateState
	if err := json.Unmarshal(data, &st); err != nil {
		return nil, app.WrapError(err, "update.error.state", u.path("state.json"))
	}
	if st.Phase != app.UpdateNone && st.Release == nil {
		return nil, app.WrapError(errors.New("a phase without a release"), "update.error.state", u.path("state.json"))
	}
	if st.Release != nil {
		st.Have = fileSize(u.partPath())
	}
	return &st, nil
}

func fileSize(path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return fi.Size()
}

// save writes the state whole: a temporary file flushed and renamed, so a
// cut never leaves half a state.
func (u *Updates) save(st *app.UpdateState) error {
	if err := os.MkdirAll(u.path(""), 0o700); err != nil {
		return app.WrapError(err, "error.storage", err)
	}
	data, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return app.WrapError(err, "error.storage", err)
	}
	tmp := u.path("state.json.tmp")
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err == nil {
		_, err = f.Write(data)
		if err == nil {
			err = f.Sync()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err == nil {
		err = os.Rename(tmp, u.path("state.json"))
	}
	if err != nil {
		os.Remove(tmp)
		return app.WrapError(err, "error.storage", err)
	}
	return nil
}

// change reads the state, lets fn change it and saves it, under the lock.
func (u *Updates) change(ctx context.Context, fn func(st *app.UpdateState) error) error {
	u.mu.Lock()
	defer u.mu.Unlock()
	st, err := u.UpdateStatus(ctx)
	if err != nil {
		return err
	}
	if err := fn(st); err != nil {
		if errors.Is(err, errUnchanged) {
			return nil
		}
		return err
	}
	return u.save(st)
}

// trusted is the release key the school trusts: the one compiled in,
// else the one pinned.
func trusted(st *app.UpdateState) string {
	if app.ReleaseKey != "" {
		return app.ReleaseKey
	}
	return st.Key
}

// PinReleaseKey keeps the key the hub told at enrolment; a hub without
// releases tells none, and the key pinned stays.
func (u *Updates) PinReleaseKey(ctx context.Context, key string) error {
	if key == "" || app.ReleaseKey != "" {
		return nil
	}
	if _, err := app.ParseReleaseKey(key); err != nil {
		return err
	}
	return u.change(ctx, func(st *app.UpdateState) error {
		if st.Key == key {
			return errUnchanged
		}
		st.Key = key
		return nil
	})
}

// errUnchanged stops change from saving a state left as it was.
var errUnchanged = errors.New("unchanged")

// OfferRelease takes a release the hub announced, when CheckOffer takes
// it; the first release key seen is pinned when none was (a school
// enrolled before the hub had releases).
func (u *Updates) OfferRelease(ctx context.Context, r app.SignedRelease, current, platform string) error {
	return u.change(ctx, func(st *app.UpdateState) error {
		if st.Phase == app.UpdateInstalling {
			return errUnchanged // one install at a time
		}
		if st.Release != nil && st.Release.ID == r.ID && st.Phase != app.UpdateStarted {
			return errUnchanged // already fetching, ready, or refused by its own start
		}
		key := trusted(st)
		if key == "" {
			key = r.Key
		}
		if err := app.CheckOffer(r, current, platform, key); err != nil {
			return err
		}
		if (st.Phase == app.UpdateDownloading || st.Phase == app.UpdateReady) &&
			app.CompareVersions(r.Manifest.Version, st.Version()) <= 0 {
			return errUnchanged
		}
		if err := u.dropFiles(st); err != nil {
			return err
		}
		*st = app.UpdateState{Key: st.Key, Release: &r, Phase: app.UpdateDownloading, At: u.Now()}
		if app.ReleaseKey == "" {
			st.Key = key
		}
		return nil
	})
}

// dropFiles removes the files of the release st holds, which a newer one
// replaces.
func (u *Updates) dropFiles(st *app.UpdateState) error {
	paths := []string{u.partPath()}
	if st.Release != nil && st.Phase != app.UpdateInstalling {
		paths = append(paths, u.releasePath(st.Release.Manifest))
	}
	for _, p := range paths {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			return app.WrapError(err, "error.storage", err)
		}
	}
	return nil
}

// downloading is the release being downloaded, EINVALID when none is.
func (u *Updates) downloading(ctx context.Context) (*app.UpdateState, error) {
	st, err := u.UpdateStatus(ctx)
	if err != nil {
		return nil, err
	}
	if st.Phase != app.UpdateDownloading {
		return nil, app.Errorf(app.EINVALID, "update.error.not_downloading")
	}
	return st, nil
}

// OpenReleasePart opens the release's partial file for appending. Like a
// notice's file, it waits when the disk lacks room for the rest.
func (u *Updates) OpenReleasePart(ctx context.Context) (app.PartFile, int64, error) {
	st, err := u.downloading(ctx)
	if err != nil {
		return nil, 0, err
	}
	m := st.Release.Manifest
	have := st.Have
	if have > m.Size {
		have = 0 // longer than the release: it starts again
	}
	if free, ok := freeSpace(u.dir); ok && free < m.Size-have+diskMargin {
		return nil, 0, app.Errorf(app.EINVALID, "update.error.disk_full", m.Version, mb(m.Size-have+diskMargin), mb(free))
	}
	return openPart(u.partPath(), have, st.Have)
}

// FinishRelease checks the whole part: its size and SHA-256 those of the
// manifest, whose signature is checked again with the key trusted now. A
// match keeps it as the release, ready; a mismatch removes it.
func (u *Updates) FinishRelease(ctx context.Context) error {
	return u.change(ctx, func(st *app.UpdateState) error {
		if st.Phase != app.UpdateDownloading {
			return app.Errorf(app.EINVALID, "update.error.not_downloading")
		}
		m := st.Release.Manifest
		if err := u.check(u.partPath(), st); err != nil {
			os.Remove(u.partPath())
			if app.ErrorCode(err) != app.EINVALID {
				return err
			}
			st.Error = i18n.Err(err)
			if serr := u.save(st); serr != nil {
				return serr
			}
			return err
		}
		dst := u.releasePath(m)
		if err := os.Chmod(u.partPath(), 0o755); err != nil {
			return app.WrapError(err, "error.storage", err)
		}
		if err := os.Rename(u.partPath(), dst); err != nil {
			return app.WrapError(err, "error.storage", err)
		}
		st.Phase, st.Error, st.At = app.UpdateReady, "", u.Now()
		return nil
	})
}

// check verifies the file at path against the release st holds: size,
// SHA-256 and the signature with the key trusted.
func (u *Updates) check(path string, st *app.UpdateState) error {
	m := st.Release.Manifest
	if err := st.Release.Verify(trusted(st)); err != nil {
		return err
	}
	if size := fileSize(path); size != m.Size {
		return app.Errorf(app.EINVALID, "update.error.truncated", m.Version, size, m.Size)
	}
	sum, err := fileSHA256(path)
	if err != nil {
		return app.WrapError(err, "error.storage", err)
	}
	if sum != m.SHA256 {
		return app.Errorf(app.EINVALID, "update.error.checksum", m.Version)
	}
	return nil
}

// FailRelease records why the download failed; it goes on at the next
// sync.
func (u *Updates) FailRelease(ctx context.Context, reason string) error {
	return u.change(ctx, func(st *app.UpdateState) error {
		st.Error = reason
		return nil
	})
}

// ReadyRelease is the verified release's path (ready, or chosen to be
// installed), checked once more: it sat in the data folder, where anyone
// with access could change it.
func (u *Updates) ReadyRelease(ctx context.Context) (string, error) {
	st, err := u.UpdateStatus(ctx)
	if err != nil {
		return "", err
	}
	if st.Phase != app.UpdateReady && st.Phase != app.UpdateInstalling {
		return "", app.Errorf(app.EINVALID, "update.error.nothing_ready")
	}
	path := u.releasePath(st.Release.Manifest)
	if err := u.check(path, st); err != nil {
		return "", err
	}
	return path, nil
}

// SetUpdate moves the update to phase.
func (u *Updates) SetUpdate(ctx context.Context, phase app.UpdatePhase, from, backup, reason string) error {
	return u.change(ctx, func(st *app.UpdateState) error {
		if st.Release == nil {
			return app.Errorf(app.EINVALID, "update.error.nothing_ready")
		}
		st.Phase, st.From, st.Backup, st.Error, st.At = phase, from, backup, reason, u.Now()
		if phase == app.UpdateRolledBack {
			// that version is not offered again: its file is dead weight
			os.Remove(u.releasePath(st.Release.Manifest))
		}
		return nil
	})
}

// MarkStarted records that version opened its database; when it is the
// version being installed, the install is done and the release file,
// now the program itself, is removed.
func (u *Updates) MarkStarted(ctx context.Context, version string) error {
	return u.change(ctx, func(st *app.UpdateState) error {
		if st.Phase != app.UpdateInstalling || st.Version() != version {
			return errUnchanged
		}
		st.Phase, st.Error, st.At = app.UpdateStarted, "", u.Now()
		os.Remove(u.releasePath(st.Release.Manifest))
		return nil
	})
}
