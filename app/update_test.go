package app

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// memUpdates is an UpdateService in memory with a release ready.
type memUpdates struct {
	st     UpdateState
	phases []UpdatePhase // every phase set, in order
}

func newMemUpdates() *memUpdates {
	return &memUpdates{st: UpdateState{Phase: UpdateReady,
		Release: &SignedRelease{Manifest: ReleaseManifest{Version: "0.3.0", Platform: "linux-amd64"}}}}
}

func (m *memUpdates) UpdateStatus(context.Context) (*UpdateState, error) {
	st := m.st
	return &st, nil
}
func (m *memUpdates) PinReleaseKey(context.Context, string) error { return nil }
func (m *memUpdates) OfferRelease(context.Context, SignedRelease, string, string) error {
	return nil
}
func (m *memUpdates) OpenReleasePart(context.Context) (PartFile, int64, error) { return nil, 0, nil }
func (m *memUpdates) FinishRelease(context.Context) error                      { return nil }
func (m *memUpdates) FailRelease(context.Context, string) error                { return nil }
func (m *memUpdates) ReadyRelease(context.Context) (string, error) {
	if m.st.Phase != UpdateReady && m.st.Phase != UpdateInstalling {
		return "", Errorf(EINVALID, "update.error.nothing_ready")
	}
	return "/updates/jxj-0.3.0", nil
}
func (m *memUpdates) SetUpdate(_ context.Context, p UpdatePhase, from, backup, reason string) error {
	m.st.Phase, m.st.From, m.st.Backup, m.st.Error = p, from, backup, reason
	m.phases = append(m.phases, p)
	return nil
}
func (m *memUpdates) MarkStarted(_ context.Context, v string) error {
	if m.st.Phase == UpdateInstalling && v == m.st.Version() {
		m.st.Phase = UpdateStarted
		m.phases = append(m.phases, UpdateStarted)
	}
	return nil
}

// fakeSteps records the steps an install took; start decides what the
// new version does: mark its start, exit with an error, or hang.
type fakeSteps struct {
	did  []string
	swap error
}

func (f *fakeSteps) steps(store *memUpdates, start func(exited chan error)) UpdateSteps {
	return UpdateSteps{
		Backup: func(context.Context) (string, error) { f.did = append(f.did, "backup"); return "/backups/b.db", nil },
		Swap:   func(string) error { f.did = append(f.did, "swap"); return f.swap },
		Start: func(context.Context) (<-chan error, func(), error) {
			f.did = append(f.did, "start")
			exited := make(chan error, 1)
			start(exited)
			return exited, func() { f.did = append(f.did, "stop") }, nil
		},
		Rollback:  func() error { f.did = append(f.did, "rollback"); return nil },
		RestoreDB: func(_ context.Context, b string) error { f.did = append(f.did, "restore "+b); return nil },
		Clean:     func() error { f.did = append(f.did, "clean"); return nil },
	}
}

func TestInstaller(t *testing.T) {
	tests := []struct {
		name      string
		start     func(store *memUpdates) func(exited chan error)
		swapErr   error
		wantDid   string
		wantPhase UpdatePhase
		wantKey   string // the error's key, "" for none
	}{
		{"the new version marks its start", func(s *memUpdates) func(chan error) {
			return func(chan error) { _ = s.MarkStarted(context.Background(), "0.3.0") }
		}, nil, "backup swap start clean", UpdateStarted, ""},
		{"it marks and exits before the look", func(s *memUpdates) func(chan error) {
			return func(e chan error) { _ = s.MarkStarted(context.Background(), "0.3.0"); e <- nil }
		}, nil, "backup swap start clean", UpdateStarted, ""},
		{"it exits 1 before its mark", func(*memUpdates) func(chan error) {
			return func(e chan error) { e <- errors.New("exit status 1") }
		}, nil, "backup swap start stop rollback restore /backups/b.db", UpdateRolledBack, "update.error.rolled_back"},
		{"it exits 0 before its mark", func(*memUpdates) func(chan error) {
			return func(e chan error) { e <- nil }
		}, nil, "backup swap start stop rollback restore /backups/b.db", UpdateRolledBack, "update.error.rolled_back"},
		{"it never marks", func(*memUpdates) func(chan error) {
			return func(chan error) {}
		}, nil, "backup swap start stop rollback restore /backups/b.db", UpdateRolledBack, "update.error.rolled_back"},
		{"the swap fails", func(*memUpdates) func(chan error) {
			return func(chan error) {}
		}, errors.New("disk full"), "backup swap", UpdateReady, "update.error.swap"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := newMemUpdates()
			f := &fakeSteps{swap: tt.swapErr}
			in := &Installer{Store: store, Current: "0.2.0", Steps: f.steps(store, tt.start(store)),
				Limit: 50 * time.Millisecond, Poll: time.Millisecond}
			err := in.Install(context.Background())
			var got string
			var e *Error
			if errors.As(err, &e) {
				got = e.Key
			} else if err != nil {
				got = err.Error()
			}
			if got != tt.wantKey {
				t.Errorf("Install: %v, want %q", err, tt.wantKey)
			}
			if did := strings.Join(f.did, " "); did != tt.wantDid {
				t.Errorf("steps %q, want %q", did, tt.wantDid)
			}
			if store.st.Phase != tt.wantPhase {
				t.Errorf("phase %q, want %q (went %v)", store.st.Phase, tt.wantPhase, store.phases)
			}
			if tt.wantPhase == UpdateRolledBack && (store.st.From != "0.2.0" || store.st.Error == "") {
				t.Errorf("rolled back from %q with reason %q; want 0.2.0 and a reason", store.st.From, store.st.Error)
			}
		})
	}
}

// An install cut short and run again by the new binary (already in
// place) swaps nothing: the old binary kept stays the old one.
func TestInstallerAlreadySwapped(t *testing.T) {
	store := newMemUpdates()
	store.st.Phase = UpdateInstalling
	f := &fakeSteps{}
	in := &Installer{Store: store, Current: "0.3.0", Steps: f.steps(store, func(chan error) {})}
	err := in.Finish(context.Background())
	if e, ok := err.(*Error); !ok || e.Key != "update.error.already_swapped" {
		t.Fatalf("Finish: %v, want already_swapped", err)
	}
	if len(f.did) != 0 {
		t.Errorf("steps %v, want none", f.did)
	}
}

// Nothing ready: nothing is backed up, swapped or started.
func TestInstallerNothingReady(t *testing.T) {
	store := newMemUpdates()
	store.st.Phase = UpdateDownloading
	f := &fakeSteps{}
	in := &Installer{Store: store, Current: "0.2.0", Steps: f.steps(store, func(chan error) {})}
	if err := in.Install(context.Background()); ErrorCode(err) != EINVALID {
		t.Fatalf("Install: %v, want EINVALID", err)
	}
	if len(f.did) != 0 || store.st.Phase != UpdateDownloading {
		t.Errorf("steps %v, phase %q; want none, downloading", f.did, store.st.Phase)
	}
}
