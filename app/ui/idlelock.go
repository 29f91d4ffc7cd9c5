package ui

import (
	"context"
	"fmt"
	"log"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// idleCheckEvery is how often the shell looks whether the window has been
// left alone for the school's idle time.
const idleCheckEvery = 15 * time.Second

// idleLock locks the window when nobody has used it for the school's idle
// time (a setting in 设置): a cover over everything, dialogs included, that
// asks the logged-in account's password again. The page and any open
// dialog stay as they were under it. Its fields belong to the UI
// goroutine.
type idleLock struct {
	u       *UI
	timeout time.Duration
	last    time.Time // the last input seen
	focus   string    // what had the keyboard and its text, at the last check
	stop    func()    // stops the ticker; nil when not running
	screen  *lockScreen
}

// activity records input now.
func (l *idleLock) activity() { l.last = l.u.now() }

// start begins watching after a login: the idle time is read from the
// school's settings, the default until it is.
func (l *idleLock) start() {
	l.halt()
	l.timeout = app.DefaultIdleLock
	l.focus = l.focused()
	l.activity()
	ctx, svc := l.u.env.Ctx(), l.u.env.Services.Accounts
	runAsync(func() {
		d, err := svc.IdleLock(ctx)
		fyne.Do(func() {
			if err != nil {
				log.Printf("jxj: idle lock: %s", i18n.ForLog(err))
				return
			}
			l.timeout = d
		})
	})
	ticker := time.NewTicker(idleCheckEvery)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-ticker.C:
				fyne.Do(l.check)
			case <-done:
				return
			}
		}
	}()
	l.stop = func() {
		ticker.Stop()
		close(done)
	}
}

// halt stops watching (logout, leaving the demo, the window closing).
func (l *idleLock) halt() {
	if l.stop != nil {
		l.stop()
		l.stop = nil
	}
	l.unlockScreen()
}

// check locks the window when the idle time has passed since the last
// input. Typing shows as a change in the focused text box; the pointer is
// seen by activityWatch.
func (l *idleLock) check() {
	if l.screen != nil || l.u.state != stateMain {
		return
	}
	if f := l.focused(); f != l.focus {
		l.focus = f
		l.activity()
	}
	if l.u.now().Sub(l.last) >= l.timeout {
		l.lock()
	}
}

// focused describes what has the keyboard: the widget and, for a text
// box, its text and cursor, so that typing changes it.
func (l *idleLock) focused() string {
	switch f := l.u.win.Canvas().Focused().(type) {
	case nil:
		return ""
	case *widget.Entry:
		return fmt.Sprintf("%p %d:%d %s", f, f.CursorRow, f.CursorColumn, f.Text)
	default:
		return fmt.Sprintf("%p", f)
	}
}

// lock covers the window with the lock screen.
func (l *idleLock) lock() {
	l.screen = newLockScreen(l.u.env, l.timeout, l.unlocked, l.u.logout)
	c := l.u.win.Canvas()
	cover := l.screen.Content()
	cover.Resize(c.Size())
	c.Overlays().Add(cover)
	c.Focus(l.screen.password)
}

// unlocked follows the right password: the window is as it was.
func (l *idleLock) unlocked() {
	l.unlockScreen()
	l.activity()
}

func (l *idleLock) unlockScreen() {
	if l.screen == nil {
		return
	}
	l.u.win.Canvas().Overlays().Remove(l.screen.content)
	l.screen = nil
}

// lockScreen asks the logged-in account's password to unlock the window;
// the other way out is to log out.
type lockScreen struct {
	env      *Env
	content  fyne.CanvasObject
	password *widget.Entry
	unlockB  *widget.Button
	logoutB  *widget.Button
	errLabel *wrapLabel
	onUnlock func()
}

func newLockScreen(env *Env, idle time.Duration, onUnlock, onLogout func()) *lockScreen {
	s := &lockScreen{env: env, onUnlock: onUnlock}
	acc := env.Account
	name := accountName(acc)
	title := widget.NewLabelWithStyle(i18n.T("lock.title"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameHeadingText
	msg := newWrapLabel(i18n.T("lock.message", int(idle/time.Minute), name, acc.Username))
	msg.Keep = []string{name}
	s.password = widget.NewPasswordEntry()
	s.password.SetPlaceHolder(i18n.T("login.password"))
	s.password.OnSubmitted = func(string) { s.submit() }
	s.errLabel = errorLabel()
	s.unlockB = widget.NewButtonWithIcon(i18n.T("lock.unlock"), theme.LoginIcon(), s.submit)
	s.unlockB.Importance = widget.HighImportance
	s.logoutB = widget.NewButtonWithIcon(i18n.T("shell.logout"), theme.LogoutIcon(), func() {
		// dialogs left open under the cover belong to the session
		c := env.Window.Canvas()
		for _, o := range c.Overlays().List() {
			c.Overlays().Remove(o)
		}
		onLogout()
	})
	form := container.NewVBox(title, msg, s.password, s.errLabel,
		container.NewHBox(s.logoutB, layout.NewSpacer(), s.unlockB))
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameBackground))
	s.content = container.NewStack(bg, container.NewCenter(container.New(minWidth(420), widget.NewCard("", "", form))))
	return s
}

// Content returns the cover.
func (s *lockScreen) Content() fyne.CanvasObject { return s.content }

func (s *lockScreen) submit() {
	if s.unlockB.Disabled() {
		return
	}
	pw := s.password.Text
	if pw == "" {
		showInline(s.errLabel, app.Errorf(app.EINVALID, "lock.error.missing"))
		return
	}
	showInline(s.errLabel, nil)
	s.unlockB.Disable()
	user, accounts := s.env.Account.Username, s.env.Services.Accounts
	runAsync(func() {
		_, err := accounts.Authenticate(context.Background(), user, pw)
		fyne.Do(func() {
			s.unlockB.Enable()
			if err != nil {
				showInline(s.errLabel, err)
				s.password.SetText("")
				return
			}
			s.onUnlock()
		})
	})
}

// activityWatch wraps the main view and notes the pointer moving over
// it. Fyne has no window-wide input hook; it asks every object under the
// pointer for its cursor, outermost first, so this one hears every move
// while inner widgets still choose the cursor shown.
type activityWatch struct {
	widget.BaseWidget
	content  fyne.CanvasObject
	activity func()
}

func newActivityWatch(content fyne.CanvasObject, activity func()) *activityWatch {
	w := &activityWatch{content: content, activity: activity}
	w.ExtendBaseWidget(w)
	return w
}

func (w *activityWatch) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(w.content)
}

// Cursor is called when the pointer moves over the window.
func (w *activityWatch) Cursor() desktop.Cursor {
	w.activity()
	return desktop.DefaultCursor
}
