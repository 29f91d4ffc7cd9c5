package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"jxj/app"
	"jxj/app/i18n"
)

// DoctorChecks is what jxj doctor checks with; main fills it with the
// storage, sync and OpenGL parts, tests with fakes.
type DoctorChecks struct {
	// DefaultDir is the data folder when --data is not given.
	DefaultDir func() (string, error)
	// FreeSpace is the room left to the user on the disk of dir; ok is
	// false when the system does not say.
	FreeSpace func(dir string) (free int64, ok bool)
	// Integrity runs the database's quick check in dir without changing
	// anything; NoDatabase is its error when there is no database yet.
	Integrity  func(ctx context.Context, dir string) error
	NoDatabase error
	// OpenGL makes a hidden window as the GUI would and returns OpenGL's
	// version; GLNotChecked is its error in a build without graphics. A
	// failure has a Message in the user's language (desktop.GLError).
	OpenGL       func() (version string, err error)
	GLNotChecked error
	// HubTime reaches the hub of st over the school's link (its pinned
	// certificate) and returns the time the hub's answer gives.
	HubTime func(ctx context.Context, st *app.SyncState) (time.Time, error)
	// Now is the computer's clock; nil for time.Now.
	Now func() time.Time
}

// glMessage is a failure of the OpenGL check that says what is wrong and
// what to do, or that there is no display to check on.
type glMessage interface {
	Message(goos string) (title, text string)
	NoDisplay() bool
}

// goosName is the system the OpenGL advice is for; tests replace it.
var goosName = runtime.GOOS

// The marks of a check's line: passed, failed (the exit code says so),
// a warning, and not checked.
const (
	markOK   = "✓"
	markFail = "✗"
	markWarn = "!"
	markSkip = "–"
)

// lowSpace is the free room below which the data folder's disk is a
// warning: the daily backups and the hub's files need room.
const lowSpace = 500 << 20

// maxClockSkew is the difference from the hub's clock that is a warning.
const maxClockSkew = 5 * time.Minute

// doctor prints one line a check and counts the failures.
type doctor struct {
	c      *call
	failed int
}

func (d *doctor) line(mark, key string, args ...any) {
	if mark == markFail {
		d.failed++
	}
	fmt.Fprintln(d.c.env.Stdout, mark+" "+i18n.T(key, args...))
}

// runDoctor checks the PC for jxj in plain words, one line a check: the
// data folder, the database, OpenGL, the hub and the clock. It fails
// when a check fails; warnings and checks that do not apply do not.
func runDoctor(ctx context.Context, c *call) error {
	if err := c.parse(0); err != nil {
		return err
	}
	chk := c.env.Doctor
	if chk.Now == nil {
		chk.Now = time.Now
	}
	d := &doctor{c: c}
	dir := *c.data
	if dir == "" && chk.DefaultDir != nil {
		var err error
		if dir, err = chk.DefaultDir(); err != nil {
			return err
		}
	}
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	folderOK := d.checkFolder(dir, chk)
	dbOK := folderOK && d.checkDatabase(ctx, dir, chk)
	d.checkOpenGL(chk)
	d.checkHub(ctx, dir, dbOK, chk)
	if d.failed > 0 {
		return app.Errorf(app.EINVALID, "doctor.failed", d.failed)
	}
	return nil
}

// checkFolder checks that the data folder is there and writable (a file
// made and removed), with the room left on its disk.
func (d *doctor) checkFolder(dir string, chk DoctorChecks) bool {
	fi, err := os.Stat(dir)
	if errors.Is(err, os.ErrNotExist) {
		d.line(markWarn, "doctor.folder.missing", dir)
		return false
	}
	if err == nil && !fi.IsDir() {
		err = fmt.Errorf("not a folder")
	}
	if err == nil {
		var f *os.File
		if f, err = os.CreateTemp(dir, ".jxj-doctor-*"); err == nil {
			f.Close()
			err = os.Remove(f.Name())
		}
	}
	if err != nil {
		d.line(markFail, "doctor.folder.not_writable", dir, err)
		return false
	}
	free, ok := int64(0), false
	if chk.FreeSpace != nil {
		free, ok = chk.FreeSpace(dir)
	}
	switch {
	case !ok:
		d.line(markOK, "doctor.folder.ok", dir)
	case free < lowSpace:
		d.line(markWarn, "doctor.folder.low_space", dir, megabytes(free))
	default:
		d.line(markOK, "doctor.folder.ok_space", dir, megabytes(free))
	}
	return true
}

func megabytes(n int64) string {
	if n >= 10<<30 {
		return fmt.Sprintf("%d GB", n>>30)
	}
	if n >= 1<<30 {
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	}
	return fmt.Sprintf("%d MB", n>>20)
}

// checkDatabase runs the quick check; it reports whether the database is
// there and whole.
func (d *doctor) checkDatabase(ctx context.Context, dir string, chk DoctorChecks) bool {
	if chk.Integrity == nil {
		return false
	}
	err := chk.Integrity(ctx, dir)
	switch {
	case err == nil:
		d.line(markOK, "doctor.db.ok")
		return true
	case chk.NoDatabase != nil && errors.Is(err, chk.NoDatabase):
		d.line(markSkip, "doctor.db.none")
	default:
		d.line(markFail, "doctor.db.failed", i18n.Err(err))
	}
	return false
}

// checkOpenGL makes a window as the GUI would; over SSH or in a service
// there is no display to check on, which is no failure of the PC.
func (d *doctor) checkOpenGL(chk DoctorChecks) {
	if chk.OpenGL == nil {
		d.line(markSkip, "doctor.gl.not_checked")
		return
	}
	version, err := chk.OpenGL()
	var gm glMessage
	switch {
	case errors.As(err, &gm) && gm.NoDisplay():
		d.line(markSkip, "doctor.gl.no_display")
	case err == nil:
		d.line(markOK, "doctor.gl.ok", version)
	case chk.GLNotChecked != nil && errors.Is(err, chk.GLNotChecked):
		d.line(markSkip, "doctor.gl.not_checked")
	case errors.As(err, &gm):
		_, text := gm.Message(goosName)
		d.line(markFail, "doctor.gl.failed", strings.ReplaceAll(text, "\n\n", " ")) // one line
	default:
		d.line(markFail, "doctor.gl.failed", err)
	}
}

// checkHub reaches the hub the school is enrolled with and compares the
// clocks.
func (d *doctor) checkHub(ctx context.Context, dir string, dbOK bool, chk DoctorChecks) {
	if !dbOK {
		d.line(markSkip, "doctor.hub.no_db")
		d.line(markSkip, "doctor.clock.not_checked")
		return
	}
	var st *app.SyncState
	err := d.c.open(ctx, 0, func(ctx context.Context, svc app.Services) error {
		var err error
		st, err = svc.Sync.SyncState(ctx)
		return err
	})
	switch {
	case err != nil:
		d.line(markFail, "doctor.hub.state", i18n.Err(err))
		d.line(markSkip, "doctor.clock.not_checked")
		return
	case !st.Enrolled():
		d.line(markSkip, "doctor.hub.not_enrolled")
		d.line(markSkip, "doctor.clock.not_checked")
		return
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	sent := chk.Now()
	if chk.HubTime == nil {
		return
	}
	hubTime, err := chk.HubTime(ctx, st)
	if err != nil {
		d.line(markFail, "doctor.hub.failed", st.HubURL, i18n.Err(err))
		d.line(markSkip, "doctor.clock.not_checked")
		return
	}
	d.line(markOK, "doctor.hub.ok", st.HubURL)
	// the hub's Date is whole seconds, read between the request and now
	skew := sent.Add(chk.Now().Sub(sent) / 2).Sub(hubTime).Round(time.Second)
	if skew < 0 {
		skew = -skew
	}
	if skew > maxClockSkew {
		d.line(markWarn, "doctor.clock.off", skewText(skew))
		return
	}
	d.line(markOK, "doctor.clock.ok", int(skew.Seconds()))
}

// skewText is a clock difference in minutes, or hours and minutes.
func skewText(d time.Duration) string {
	m := int(d.Round(time.Minute).Minutes())
	if m < 60 {
		return i18n.T("doctor.minutes", m)
	}
	return i18n.T("doctor.hours", m/60, m%60)
}
