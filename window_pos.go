//go:build !ci

package main

import (
	"image"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver"
	"github.com/go-gl/glfw/v3.3/glfw"

	"jxj/app/ui"
)

// placeWindow moves the main window to where it was last closed
// (ui.WindowPos). Fyne can neither tell nor set a window's place, so this
// asks the system's window (windowPos and moveWindow, per system) through
// Fyne's native handle. It runs on the main thread once the window shows.
func placeWindow(a fyne.App, w fyne.Window) {
	pos, ok := ui.WindowPos(a.Preferences(), workAreas())
	if !ok {
		return
	}
	if nw, isNative := w.(driver.NativeWindow); isNative {
		nw.RunNative(func(ctx any) { moveWindow(ctx, pos) })
	}
}

// keepWindowPos remembers where the main window is, as it closes.
func keepWindowPos(a fyne.App, w fyne.Window) {
	if nw, isNative := w.(driver.NativeWindow); isNative {
		nw.RunNative(func(ctx any) {
			if pos, ok := windowPos(ctx); ok {
				ui.RememberWindowPos(a, pos)
			}
		})
	}
}

// workAreas are the screens' work areas (the screen less its task bar) in
// pixels, the primary screen's first; none when GLFW cannot tell.
func workAreas() (areas []image.Rectangle) {
	defer func() {
		if recover() != nil { // go-gl/glfw panics when GLFW did not start
			areas = nil
		}
	}()
	primary := glfw.GetPrimaryMonitor()
	if primary == nil {
		return nil
	}
	area := func(m *glfw.Monitor) image.Rectangle {
		x, y, w, h := m.GetWorkarea()
		return image.Rect(x, y, x+w, y+h)
	}
	areas = append(areas, area(primary))
	for _, m := range glfw.GetMonitors() {
		if m != primary {
			areas = append(areas, area(m))
		}
	}
	return areas
}
