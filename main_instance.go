package main

import (
	"errors"
	"log"
	"time"

	"fyne.io/fyne/v2"

	"jxj/app"
	"jxj/desktop"
	"jxj/storage"
)

// signalWait is how long a second start waits for the first to answer:
// the first may still be starting. Tests shorten it.
var signalWait = 5 * time.Second

// holdDataDir takes the data folder for this window, so the database is
// never opened by two windows. When another jxj holds it, that one is
// asked to bring its window forward and held is false: this start is
// done (exit 0), or err says the other did not answer.
func holdDataDir(dir string) (inst *desktop.Instance, held bool, err error) {
	inst, err = desktop.Acquire(dir)
	if errors.Is(err, desktop.ErrRunning) {
		if serr := desktop.Signal(dir, desktop.Show, signalWait); serr != nil {
			log.Printf("jxj: the running window did not answer: %v", serr)
			return nil, false, app.Errorf(app.ECONFLICT, "desktop.already_running")
		}
		return nil, false, nil
	}
	if err != nil {
		return nil, false, app.WrapError(err, "error.storage", err)
	}
	return inst, true, nil
}

// listen brings the window forward when a second start asks, and quits
// when `jxj quit` asks (an installer about to replace the program).
func (g *gui) listen(inst *desktop.Instance) {
	if err := inst.Listen(func(r desktop.Request) {
		if r == desktop.Quit {
			fyne.Do(g.quit)
			return
		}
		fyne.Do(g.showWindow)
	}); err != nil {
		log.Printf("jxj: second starts cannot reach this window: %v", err)
	}
}

// showWindow shows the window, from the tray or hidden, in front.
func (g *gui) showWindow() {
	g.win.Show()
	g.win.RequestFocus()
}

// windowGL checks that the graphics can draw the window; when they
// cannot, the user is told what is wrong and what to do in a message box
// (stderr too) and the error comes back for the log and the exit code.
func windowGL() error {
	_, err := checkGL(false)
	var ge *desktop.GLError
	if !errors.As(err, &ge) {
		return nil // drawn, or not checked in this build
	}
	log.Printf("jxj: %v", ge)
	desktop.ShowGLError(ge)
	return app.WrapError(ge, "desktop.gl.failed")
}

// windowOpen reports whether a jxj window holds the data folder dir: an
// install from the command line waits for it to close.
func windowOpen(dir string) bool {
	inst, err := desktop.Acquire(dir)
	if err != nil {
		return errors.Is(err, desktop.ErrRunning)
	}
	inst.Close()
	return false
}

// quitWait is how long `jxj quit` waits for the window to let the data
// folder go: it closes the database first. Tests shorten it.
var quitWait = 15 * time.Second

// quitWindow is `jxj quit`: it asks the window holding dir to quit and
// waits until it has let the folder go.
func quitWindow(dir string) (bool, error) {
	if dir == "" {
		d, err := storage.DefaultDir()
		if err != nil {
			return false, err
		}
		dir = d
	}
	if !windowOpen(dir) {
		return false, nil
	}
	if err := desktop.Signal(dir, desktop.Quit, signalWait); err != nil {
		log.Printf("jxj: the running window did not answer: %v", err)
		return true, app.Errorf(app.ECONFLICT, "desktop.quit.no_answer", dir)
	}
	for deadline := time.Now().Add(quitWait); windowOpen(dir); time.Sleep(200 * time.Millisecond) {
		if time.Now().After(deadline) {
			return true, app.Errorf(app.ECONFLICT, "desktop.quit.still_open", dir, int(quitWait.Seconds()))
		}
	}
	return true, nil
}
