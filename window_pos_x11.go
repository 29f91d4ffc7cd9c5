//go:build !ci && (linux || freebsd || netbsd || openbsd) && !wayland

package main

/*
#cgo LDFLAGS: -lX11
#include <X11/Xlib.h>
*/
import "C"

import (
	"image"
	"unsafe"

	"fyne.io/fyne/v2/driver"
	"github.com/go-gl/glfw/v3.3/glfw"
)

// x11Window is the X display GLFW opened and the window of ctx, or ok
// false when ctx is not an X11 window.
func x11Window(ctx any) (d *C.Display, w C.Window, ok bool) {
	defer func() {
		if recover() != nil { // GLFW runs on another platform (Wayland)
			ok = false
		}
	}()
	xc, isX11 := ctx.(driver.X11WindowContext)
	if !isX11 || xc.WindowHandle == 0 {
		return nil, 0, false
	}
	d = (*C.Display)(unsafe.Pointer(glfw.GetX11Display()))
	return d, C.Window(xc.WindowHandle), d != nil
}

// windowPos is where the window's content is on the screen. GLFW gives
// its windows static gravity, so moveWindow puts the content there again
// whatever frame the window manager draws around it.
func windowPos(ctx any) (image.Point, bool) {
	d, w, ok := x11Window(ctx)
	if !ok {
		return image.Point{}, false
	}
	var x, y C.int
	var child C.Window
	if C.XTranslateCoordinates(d, w, C.XDefaultRootWindow(d), 0, 0, &x, &y, &child) == 0 {
		return image.Point{}, false
	}
	return image.Pt(int(x), int(y)), true
}

// moveWindow moves the window's content to pos.
func moveWindow(ctx any, pos image.Point) {
	if d, w, ok := x11Window(ctx); ok {
		C.XMoveWindow(d, w, C.int(pos.X), C.int(pos.Y))
		C.XFlush(d)
	}
}
