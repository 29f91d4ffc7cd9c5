package app

import (
	"context"
	"time"

	"jxj/app/i18n"
)

// This file is a school's side of updates: a release the hub announced,
// downloaded and verified in the background, then installed when the
// administrator chooses, with a rollback when the new version does not
// start (sync/PROTOCOL.md, "Releases").

// UpdatePhase is where an update stands at a school. It moves
// downloading → ready → installing → started, or from installing to
// rolled_back; a newer release announced starts again at downloading.
type UpdatePhase string

const (
	UpdateNone        UpdatePhase = ""
	UpdateDownloading UpdatePhase = "downloading" // bytes still to come
	UpdateReady       UpdatePhase = "ready"       // verified, waits for the administrator
	UpdateInstalling  UpdatePhase = "installing"  // swapped in, its first start not yet marked
	UpdateStarted     UpdatePhase = "started"     // the new version opened the database: done
	UpdateRolledBack  UpdatePhase = "rolled_back" // it failed to start: the old one is back
)

// UpdateState is a school's update: kept in a small file of the data
// folder (updates/state.json) rather than the database, because the
// rollback reads and writes it while no version can be trusted to open
// the database.
type UpdateState struct {
	Key     string         `json:"key,omitempty"` // the release key pinned (base64)
	Release *SignedRelease `json:"release,omitempty"`
	Phase   UpdatePhase    `json:"phase,omitempty"`
	Have    int64          `json:"-"`               // bytes downloaded (the part file's size)
	Error   string         `json:"error,omitempty"` // the last failure, in the user's words
	From    string         `json:"from,omitempty"`  // the version an install replaced
	Backup  string         `json:"backup,omitempty"`
	At      time.Time      `json:"at,omitzero"` // when the phase began
}

// Version is the release's version, "" when there is none.
func (s *UpdateState) Version() string {
	if s == nil || s.Release == nil {
		return ""
	}
	return s.Release.Manifest.Version
}

// Text is one line saying where the update stands, in the user's
// language.
func (s *UpdateState) Text() string {
	switch s.Phase {
	case UpdateDownloading:
		m := s.Release.Manifest
		return i18n.T("update.status.downloading", m.Version, min(s.Have, m.Size)*100/max(m.Size, 1))
	case UpdateReady:
		return i18n.T("update.status.ready", s.Version())
	case UpdateInstalling:
		return i18n.T("update.status.installing", s.Version(), s.From)
	case UpdateStarted:
		return i18n.T("update.status.started", s.Version(), FormatMinute(s.At))
	case UpdateRolledBack:
		return i18n.T("update.status.rolled_back", s.Version(), s.From)
	}
	return i18n.T("update.status.none")
}

// UpdateService keeps a school's update in its data folder. It needs no
// open database: the rollback uses it too.
type UpdateService interface {
	// UpdateStatus reads the state; a school that never had an update
	// has the zero state.
	UpdateStatus(ctx context.Context) (*UpdateState, error)
	// PinReleaseKey keeps the release key the hub told at enrolment
	// (unless one is compiled in): enrolling, with a code from the bureau,
	// is when the school decides whom it trusts, as for the hub's
	// certificate. Between enrolments a release signed by another key is
	// refused.
	PinReleaseKey(ctx context.Context, key string) error
	// OfferRelease takes a release the hub announced for a school
	// running current on platform (CheckOffer): a new one starts
	// downloading; one refused is an EINVALID error and changes
	// nothing. The same release again, or one not newer than the one
	// being fetched, changes nothing either.
	OfferRelease(ctx context.Context, r SignedRelease, current, platform string) error
	// OpenReleasePart opens the partial file of the release being
	// downloaded for appending and returns the bytes it holds.
	OpenReleasePart(ctx context.Context) (PartFile, int64, error)
	// FinishRelease checks the whole part's size, SHA-256 and signature:
	// a match makes the release ready; a mismatch removes the part (the
	// download starts again) and is EINVALID.
	FinishRelease(ctx context.Context) error
	// FailRelease records why the download failed, or why a release
	// announced was refused, as the update's last problem; nothing else
	// changes.
	FailRelease(ctx context.Context, reason string) error
	// ReadyRelease is the path of the release ready to install (or
	// chosen to, installing), its bytes checked once more; EINVALID when
	// none is.
	ReadyRelease(ctx context.Context) (string, error)
	// SetUpdate moves the update to phase, recording what an install
	// needs to roll back (from, backup) and the error, if any.
	SetUpdate(ctx context.Context, phase UpdatePhase, from, backup, reason string) error
	// MarkStarted records that version opened its database: when it is
	// the version being installed, the install is done.
	MarkStarted(ctx context.Context, version string) error
}

// UpdateSteps are the steps of an install that touch the world; the
// command line fills them with the real ones (storage/selfupdate), tests
// with their own.
type UpdateSteps struct {
	// Backup backs the database up and returns the backup's path.
	Backup func(ctx context.Context) (string, error)
	// Swap puts the new binary at path in place of the running one,
	// keeping the old one beside it.
	Swap func(path string) error
	// Start starts the new version; exited receives once, when it ends,
	// nil for exit status 0. stop ends it early.
	Start func(ctx context.Context) (exited <-chan error, stop func(), err error)
	// Rollback puts the old binary back.
	Rollback func() error
	// RestoreDB puts the backup back: the failed version may have changed
	// the database's schema.
	RestoreDB func(ctx context.Context, backup string) error
	// Clean removes the old binary once the new one started.
	Clean func() error
}

// DefaultStartLimit is how long a new version has to open its database
// on its first start: an old office PC on a slow disk, with migrations.
const DefaultStartLimit = 2 * time.Minute

// Installer installs the ready release of a school and watches its first
// start, rolling back when it fails.
type Installer struct {
	Store   UpdateService
	Steps   UpdateSteps
	Current string        // the version that runs the install
	Limit   time.Duration // 0: DefaultStartLimit
	Poll    time.Duration // how often the mark is looked at; 0: 200 ms
}

// Install swaps the ready release in and starts it: Prepare, then
// Finish. It returns nil once the new version marked its start (the old
// binary is then removed); an error when nothing was changed (no release
// ready, the backup failed), or when the new version failed to start and
// the old one is back, which the error says.
func (in *Installer) Install(ctx context.Context) error {
	if err := in.Prepare(ctx); err != nil {
		return err
	}
	return in.Finish(ctx)
}

// Prepare is the administrator's choice to install: the release ready is
// checked, the database backed up and the update marked installing. The
// window prepares, then leaves Finish to a process of its own (`jxj
// update finish`) so that it can quit before the new version starts.
func (in *Installer) Prepare(ctx context.Context) error {
	if _, err := in.Store.ReadyRelease(ctx); err != nil {
		return err
	}
	backup, err := in.Steps.Backup(ctx)
	if err != nil {
		return err
	}
	return in.Store.SetUpdate(ctx, UpdateInstalling, in.Current, backup, "")
}

// Finish swaps in the release an install prepared, starts it and waits
// for its mark; a failure to start rolls back.
func (in *Installer) Finish(ctx context.Context) error {
	st, err := in.Store.UpdateStatus(ctx)
	if err != nil {
		return err
	}
	if st.Phase != UpdateInstalling {
		return Errorf(EINVALID, "update.error.nothing_ready")
	}
	if CompareVersions(in.Current, st.Version()) >= 0 {
		// this binary is the release already (an install cut short and
		// run again): a second swap would put it over the old one kept
		return Errorf(EINVALID, "update.error.already_swapped", st.Version())
	}
	path, err := in.Store.ReadyRelease(ctx)
	if err != nil {
		// changed on disk since it was chosen: nothing is swapped
		_ = in.Store.SetUpdate(ctx, UpdateReady, "", "", i18n.Err(err))
		return err
	}
	version, backup := st.Version(), st.Backup
	if err := in.Steps.Swap(path); err != nil {
		// the swap undoes itself: the old binary runs on, the release
		// stays ready to try again
		_ = in.Store.SetUpdate(ctx, UpdateReady, "", "", "")
		return WrapError(err, "update.error.swap", err)
	}
	exited, stop, err := in.Steps.Start(ctx)
	if err != nil {
		return in.rollback(ctx, version, backup, err)
	}
	if err := in.watch(ctx, exited); err != nil {
		stop()
		return in.rollback(ctx, version, backup, err)
	}
	// the old binary may still run this install (Windows cannot remove
	// it): the next start removes it then
	_ = in.Steps.Clean()
	return nil
}

// watch waits for the new version's mark, until it exits or the limit.
func (in *Installer) watch(ctx context.Context, exited <-chan error) error {
	limit, poll := in.Limit, in.Poll
	if limit <= 0 {
		limit = DefaultStartLimit
	}
	if poll <= 0 {
		poll = 200 * time.Millisecond
	}
	deadline := time.NewTimer(limit)
	defer deadline.Stop()
	tick := time.NewTicker(poll)
	defer tick.Stop()
	for {
		select {
		case err := <-exited:
			// it may have marked its start and stopped since the last look
			if in.started(ctx) {
				return nil
			}
			if err == nil {
				return Errorf(EINTERNAL, "update.error.exited_early")
			}
			return WrapError(err, "update.error.crashed", err)
		case <-tick.C:
			if in.started(ctx) {
				return nil
			}
		case <-deadline.C:
			if in.started(ctx) {
				return nil
			}
			return Errorf(EINTERNAL, "update.error.too_slow", int(limit.Seconds()))
		case <-ctx.Done():
			return WrapError(ctx.Err(), "update.error.cancelled")
		}
	}
}

func (in *Installer) started(ctx context.Context) bool {
	st, err := in.Store.UpdateStatus(ctx)
	return err == nil && st.Phase == UpdateStarted
}

// rollback puts the old binary and the database as they were, and says
// why in the state and the error.
func (in *Installer) rollback(ctx context.Context, version, backup string, cause error) error {
	ctx = context.WithoutCancel(ctx)
	if err := in.Steps.Rollback(); err != nil {
		return WrapError(err, "update.error.rollback_failed", version, err)
	}
	if backup != "" {
		if err := in.Steps.RestoreDB(ctx, backup); err != nil {
			return WrapError(err, "update.error.restore_failed", backup, err)
		}
	}
	_ = in.Store.SetUpdate(ctx, UpdateRolledBack, in.Current, backup, i18n.Err(cause))
	return WrapError(cause, "update.error.rolled_back", version, in.Current, i18n.Err(cause))
}
