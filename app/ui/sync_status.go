package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// This file holds the sync status line of the main window and how the
// shell keeps it, and the sync page, up to date.

// syncOptions are what the sync page gets from main. The scheduler syncs
// the school's own data: while the demo school is open, its page syncs
// the demo by itself.
func (u *UI) syncOptions() SyncOptions {
	opts := SyncOptions{OnChanged: u.loadSyncStatus}
	if u.realServices == nil {
		opts.RunNow, opts.Running, opts.OnInterval = u.opts.SyncNow, u.opts.SyncRunning, u.opts.OnSyncInterval
	}
	return opts
}

// SyncChanged shows the latest sync state in the status line and on the
// sync page. main calls it when a scheduled sync starts and when it ends;
// it is safe to call from any goroutine.
func (u *UI) SyncChanged() {
	fyne.Do(func() {
		if u.state != stateMain {
			return
		}
		u.loadSyncStatus()
		if s, ok := u.screens[pageSync].(*SyncScreen); ok && s.started {
			s.Reload()
		}
	})
}

// loadSyncStatus reads the sync state off the UI goroutine for the
// status line.
func (u *UI) loadSyncStatus() {
	if u.syncLine == nil {
		return
	}
	u.syncLoads++
	gen, line := u.syncLoads, u.syncLine
	ctx, store := u.env.Ctx(), u.env.Services.Sync
	running := u.syncOptions().Running
	runAsync(func() {
		st, err := store.SyncState(ctx)
		busy := running != nil && running()
		fyne.Do(func() {
			if gen != u.syncLoads || line != u.syncLine {
				return
			}
			if s, ok := u.screens[pageSync].(*SyncScreen); ok && s.ownRun {
				busy = true
			}
			line.set(syncStatusText(st, err, busy))
		})
	})
}

// syncStatusText is the status line for a state: the last sync (or that
// one is running, or failed), what waits to go up and the conflicts.
func syncStatusText(st *app.SyncState, err error, running bool) (string, widget.Importance) {
	switch {
	case err != nil:
		return i18n.T("syncline.failed", i18n.Err(err)), widget.DangerImportance
	case !st.Enrolled():
		return i18n.T("syncline.not_enrolled"), widget.LowImportance
	}
	imp := widget.MediumImportance
	var head string
	switch {
	case running:
		head = i18n.T("syncline.running")
	case st.NeedsEnrol:
		head, imp = i18n.T("syncline.needs_enrol"), widget.DangerImportance
	case st.LastError != "":
		head, imp = i18n.T("syncline.error", st.LastError), widget.DangerImportance
	case st.LastSuccess.IsZero():
		head = i18n.T("syncline.never")
	default:
		head = i18n.T("syncline.synced", st.LastSuccess.Local().Format(syncLineLayout))
	}
	parts := []string{head, i18n.T("syncline.pending", st.Pending)}
	if st.Conflicts > 0 {
		parts = append(parts, i18n.T("syncline.conflicts", st.Conflicts))
		if imp == widget.MediumImportance {
			imp = widget.WarningImportance
		}
	}
	return strings.Join(parts, i18n.T("syncline.sep")), imp
}

// syncLine is the status line in the top bar. A tap opens the sync page
// when onTapped is set (admin and principal).
type syncLine struct {
	widget.BaseWidget
	icon     *widget.Icon
	label    *widget.Label
	onTapped func()
}

func newSyncLine(onTapped func()) *syncLine {
	l := &syncLine{icon: widget.NewIcon(theme.UploadIcon()), label: widget.NewLabel(""), onTapped: onTapped}
	l.label.Truncation = fyne.TextTruncateEllipsis
	l.ExtendBaseWidget(l)
	return l
}

// set shows text in the colour of imp.
func (l *syncLine) set(text string, imp widget.Importance) {
	l.label.Importance = imp
	l.label.SetText(text)
}

// Text is what the line says.
func (l *syncLine) Text() string { return l.label.Text }

func (l *syncLine) Tapped(*fyne.PointEvent) {
	if l.onTapped != nil {
		l.onTapped()
	}
}

func (l *syncLine) Cursor() desktop.Cursor {
	if l.onTapped != nil {
		return desktop.PointerCursor
	}
	return desktop.DefaultCursor
}

func (l *syncLine) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewBorder(nil, nil, l.icon, nil, l.label))
}
