package ui

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// RestoreFunc replaces the school's database with a checked backup, keeps
// the replaced one aside (its path is returned) and brings the window back
// to the login on the restored data. It is called off the UI goroutine.
type RestoreFunc func(ctx context.Context, path string) (aside string, err error)

// staleBackup is how old the newest backup may be before the page warns:
// the daily backup runs whenever jxj is open, so an older one means it
// failed (a full disk) or jxj has not been opened.
const staleBackup = 48 * time.Hour

// BackupScreen is the administrator's page for backups: the daily backup
// and how long it is kept, a backup now (to the data folder or a USB
// stick), the list of backups and a restore from one of them or a file.
type BackupScreen struct {
	env     *Env
	restore RestoreFunc // nil: no restore here (the demo school)
	now     func() time.Time
	// run starts background work; tests make it synchronous.
	run func(func())

	content  fyne.CanvasObject
	days     *widget.Select
	latest   *wrapLabel
	list     *fyne.Container // holds the table of the latest load
	table    *widget.Table
	backups  []app.Backup
	selected int // index into backups, -1 for none
	busy     bool
	buttons  []*widget.Button // disabled while busy
	restoreB *widget.Button   // 恢复所选备份
	restores *fyne.Container  // the restore buttons, hidden without a restore
	confirm  func()           // the open restore dialog's confirm, for tests
}

// NewBackupScreen builds the backup page; it loads the list at once.
func NewBackupScreen(env *Env, restore RestoreFunc) *BackupScreen {
	s := &BackupScreen{env: env, restore: restore, now: time.Now, selected: -1, run: func(f func()) { runAsync(f) }}
	s.build()
	s.load()
	return s
}

// Content returns the screen's widgets.
func (s *BackupScreen) Content() fyne.CanvasObject { return s.content }

func (s *BackupScreen) build() {
	labels := make([]string, len(app.BackupDayChoices))
	for i, d := range app.BackupDayChoices {
		labels[i] = i18n.T("backuppage.days", d)
	}
	s.days = widget.NewSelect(labels, nil)
	intro := newWrapLabel(i18n.T("backuppage.intro"))
	s.latest = newWrapLabel(i18n.T("backuppage.loading"))

	now := widget.NewButtonWithIcon(i18n.T("backuppage.now"), theme.DocumentSaveIcon(), func() { s.backup("") })
	now.Importance = widget.HighImportance
	to := widget.NewButtonWithIcon(i18n.T("backuppage.to"), theme.FolderOpenIcon(), s.chooseBackupFile)
	s.restoreB = widget.NewButtonWithIcon(i18n.T("backuppage.restore_selected"), theme.HistoryIcon(), func() {
		if s.selected >= 0 && s.selected < len(s.backups) {
			s.check(s.backups[s.selected].Path)
		}
	})
	fromFile := widget.NewButtonWithIcon(i18n.T("backuppage.restore_file"), theme.FileIcon(), s.chooseRestoreFile)
	s.buttons = []*widget.Button{now, to, fromFile}
	s.restores = container.NewHBox(s.restoreB, fromFile)
	if s.restore == nil {
		s.restores.Hide()
	}

	s.list = container.NewStack()
	s.showTable()

	top := container.NewVBox(
		pageTitle(i18n.T("nav.backup")),
		intro,
		container.NewHBox(widget.NewLabel(i18n.T("backuppage.keep")), s.days),
		s.latest,
		container.NewHBox(now, to),
		widget.NewSeparator(),
		s.restores,
	)
	s.content = container.NewBorder(top, nil, nil, nil, s.list)
	s.updateButtons()
}

// showTable shows the backups loaded, newest first; a row picked is the
// one 恢复所选备份 restores.
func (s *BackupScreen) showTable() {
	rows := make([][]string, len(s.backups))
	for i, b := range s.backups {
		rows[i] = backupCells(b)
	}
	s.table = textTable([]string{i18n.T("backuppage.col.time"), i18n.T("backuppage.col.kind"), i18n.T("backuppage.col.size"), i18n.T("backuppage.col.file")},
		[]string{"2026-12-04 15:30", longest(i18n.T("backuppage.kind.auto"), i18n.T("backuppage.kind.manual")), "999.9 MB", "jxj-2026-12-04-153000.db"}, rows)
	s.table.OnSelected = func(id widget.TableCellID) {
		s.selected = id.Row
		s.updateButtons()
	}
	s.list.Objects = []fyne.CanvasObject{s.table}
	s.list.Refresh()
}

// longest is the longest of texts, as a sample to measure a column by.
func longest(texts ...string) string {
	out := ""
	for _, t := range texts {
		if len([]rune(t)) > len([]rune(out)) {
			out = t
		}
	}
	return out
}

// backupCells is a backup as the table shows it.
func backupCells(b app.Backup) []string {
	kind := i18n.T("backuppage.kind.manual")
	if b.Auto {
		kind = i18n.T("backuppage.kind.auto")
	}
	return []string{b.At.Local().Format("2006-01-02 15:04"), kind, megabytes(b.Size), filepath.Base(b.Path)}
}

func megabytes(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/(1<<20)) }

func (s *BackupScreen) updateButtons() {
	for _, b := range s.buttons {
		if s.busy {
			b.Disable()
		} else {
			b.Enable()
		}
	}
	if s.busy || s.selected < 0 || s.selected >= len(s.backups) {
		s.restoreB.Disable()
	} else {
		s.restoreB.Enable()
	}
}

func (s *BackupScreen) setBusy(busy bool) {
	s.busy = busy
	s.updateButtons()
}

// load reads the backups and the days kept off the UI goroutine.
func (s *BackupScreen) load() {
	ctx, svc := s.env.Ctx(), s.env.Services.Backups
	s.run(func() {
		backups, err := svc.Backups(ctx)
		days := app.DefaultBackupDays
		if err == nil {
			days, err = svc.BackupDays(ctx)
		}
		fyne.Do(func() {
			if err != nil {
				s.latest.SetText(i18n.Err(err))
				s.latest.Importance = widget.DangerImportance
				s.latest.Refresh()
				return
			}
			s.backups, s.selected = backups, -1
			s.showTable()
			s.showLatest()
			s.days.OnChanged = nil
			if i := slices.Index(app.BackupDayChoices, days); i >= 0 {
				s.days.SetSelectedIndex(i)
			} else {
				s.days.PlaceHolder = strconv.Itoa(days)
				s.days.ClearSelected()
			}
			s.days.OnChanged = func(string) { s.setDays(app.BackupDayChoices[s.days.SelectedIndex()]) }
			s.updateButtons()
		})
	})
}

// showLatest says when the newest backup was made, and warns when it is
// missing or old.
func (s *BackupScreen) showLatest() {
	s.latest.Importance = widget.MediumImportance
	switch {
	case len(s.backups) == 0:
		s.latest.SetText(i18n.T("backuppage.none"))
		s.latest.Importance = widget.WarningImportance
	case s.now().Sub(s.backups[0].At) > staleBackup:
		s.latest.SetText(i18n.T("backuppage.stale", s.backups[0].At.Local().Format("2006-01-02 15:04")))
		s.latest.Importance = widget.WarningImportance
	default:
		b := s.backups[0]
		s.latest.SetText(i18n.T("backuppage.latest", b.At.Local().Format("2006-01-02 15:04"), megabytes(b.Size), len(s.backups)))
	}
	s.latest.Refresh()
}

func (s *BackupScreen) setDays(days int) {
	ctx, svc := s.env.Ctx(), s.env.Services.Backups
	s.run(func() {
		err := svc.SetBackupDays(ctx, days)
		fyne.Do(func() {
			if err != nil {
				s.env.ShowError(err)
				s.load()
			}
		})
	})
}

// backup makes a backup now: into backups/ when path is "", else to path.
func (s *BackupScreen) backup(path string) {
	if s.busy {
		return
	}
	s.setBusy(true)
	ctx, svc := s.env.Ctx(), s.env.Services.Backups
	s.run(func() {
		b, err := svc.BackupNow(ctx, path)
		fyne.Do(func() {
			s.setBusy(false)
			if err != nil {
				s.env.ShowError(err)
				return
			}
			s.env.ShowInfo(i18n.T("backuppage.done_title"), i18n.T("backuppage.done", b.Path, b.School, b.Students, megabytes(b.Size)))
			s.load()
		})
	})
}

func (s *BackupScreen) chooseBackupFile() {
	chooseSavePath(s.env, i18n.T("backuppage.filename", s.now().Format("2006-01-02")), ".db", s.backup)
}

func (s *BackupScreen) chooseRestoreFile() {
	chooseOpenPath(s.env, []string{".db"}, s.check)
}

// check reads a backup (off the UI goroutine) and asks before restoring
// it, saying what it holds and what happens to the data in use.
func (s *BackupScreen) check(path string) {
	if s.busy || s.restore == nil {
		return
	}
	s.setBusy(true)
	ctx, svc := s.env.Ctx(), s.env.Services.Backups
	s.run(func() {
		b, err := svc.CheckBackup(ctx, path)
		fyne.Do(func() {
			s.setBusy(false)
			if err != nil {
				s.env.ShowError(err)
				return
			}
			s.confirm = func() { s.restoreFrom(path) }
			confirmDanger(s.env.Window, i18n.T("backuppage.restore_title"),
				confirmText(i18n.T("backuppage.restore_confirm", b.At.Local().Format("2006-01-02 15:04"), b.School, b.Students)),
				i18n.T("backuppage.restore_do"), func(ok bool) {
					if ok {
						s.confirm()
					}
				})
		})
	})
}

// restoreFrom restores the backup at path, with a wait dialog meanwhile.
// On success the shell shows the login on the restored data.
func (s *BackupScreen) restoreFrom(path string) {
	s.setBusy(true)
	wait := showRestoring(s.env.Window)
	ctx, restore := s.env.Ctx(), s.restore
	s.run(func() {
		aside, err := restore(ctx, path)
		fyne.Do(func() {
			wait.Hide()
			s.setBusy(false)
			if err != nil {
				s.env.ShowError(err)
				return
			}
			msg := i18n.T("backuppage.restored", path)
			if aside != "" {
				msg += "\n" + i18n.T("backuppage.aside", aside)
			}
			s.env.ShowInfo(i18n.T("backuppage.restored_title"), msg)
		})
	})
}

// showRestoring shows that a backup is being restored, in a dialog
// without buttons that the caller hides when the restore is done.
func showRestoring(win fyne.Window) dialog.Dialog {
	bar := widget.NewProgressBarInfinite()
	wait := dialog.NewCustomWithoutButtons(i18n.T("backuppage.restoring"), container.New(minWidth(360), bar), win)
	wait.Show()
	return wait
}
