//go:build !ci

package main

import (
	"os"
	"runtime"
	"strconv"

	"fyne.io/fyne/v2"
	"github.com/go-gl/glfw/v3.3/glfw"
)

// screenRoom is the room a window has on the primary screen: its work
// area (the screen less the task bar) in Fyne's units, or zero when it
// cannot be told. Fyne has no API for the screen, so this asks GLFW, which
// Fyne's driver started on this, the main, thread when it made the
// window; it must be called there, before the window shows.
func screenRoom(a fyne.App) (room fyne.Size) {
	defer func() {
		if recover() != nil { // go-gl/glfw panics when GLFW did not start
			room = fyne.Size{}
		}
	}()
	m := glfw.GetPrimaryMonitor()
	if m == nil {
		return fyne.Size{}
	}
	_, _, w, h := m.GetWorkarea()
	s := screenScale(a, m)
	return fyne.NewSize(float32(w)/s, float32(h)/s)
}

// screenScale is the scale Fyne's desktop driver will draw the window at
// on monitor m (see its calculateScale): the system's scale on Windows,
// the monitor's density over 120 dpi elsewhere but macOS, which scales
// itself, times the user's scale.
func screenScale(a fyne.App, m *glfw.Monitor) float32 {
	s := float32(1)
	switch runtime.GOOS {
	case "darwin":
	case "windows":
		s, _ = m.GetContentScale()
	default:
		if mm, _ := m.GetPhysicalSize(); mm > 0 {
			s = max(1, float32(m.GetVideoMode().Width)*25.4/float32(mm)/120)
		}
	}
	user := a.Settings().Scale()
	if v, err := strconv.ParseFloat(os.Getenv("FYNE_SCALE"), 32); err == nil && v > 0 {
		user = float32(v)
	}
	if user > 0 {
		s *= user
	}
	return s
}
