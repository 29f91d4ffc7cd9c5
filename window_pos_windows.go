//go:build !ci && windows

package main

import (
	"image"
	"syscall"
	"unsafe"

	"fyne.io/fyne/v2/driver"
)

var (
	user32            = syscall.NewLazyDLL("user32.dll")
	procGetWindowRect = user32.NewProc("GetWindowRect")
	procSetWindowPos  = user32.NewProc("SetWindowPos")
	procIsIconic      = user32.NewProc("IsIconic")
)

// SetWindowPos's flags: keep the size, the order and the focus.
const (
	swpNoSize     = 0x0001
	swpNoZOrder   = 0x0004
	swpNoActivate = 0x0010
)

// windowPos is where the window's frame is on the screen; not while it is
// minimised (Windows then puts it far off the screen).
func windowPos(ctx any) (image.Point, bool) {
	wc, ok := ctx.(driver.WindowsWindowContext)
	if !ok || wc.HWND == 0 {
		return image.Point{}, false
	}
	if iconic, _, _ := procIsIconic.Call(wc.HWND); iconic != 0 {
		return image.Point{}, false
	}
	var r struct{ Left, Top, Right, Bottom int32 }
	if done, _, _ := procGetWindowRect.Call(wc.HWND, uintptr(unsafe.Pointer(&r))); done == 0 {
		return image.Point{}, false
	}
	return image.Pt(int(r.Left), int(r.Top)), true
}

// moveWindow moves the window's frame to pos.
func moveWindow(ctx any, pos image.Point) {
	if wc, ok := ctx.(driver.WindowsWindowContext); ok && wc.HWND != 0 {
		procSetWindowPos.Call(wc.HWND, 0, uintptr(pos.X), uintptr(pos.Y), 0, 0, swpNoSize|swpNoZOrder|swpNoActivate)
	}
}
