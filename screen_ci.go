//go:build ci

package main

import "fyne.io/fyne/v2"

// screenRoom is unknown in a build without a display driver (-tags ci):
// the window then fits the smallest screen jxj is made for.
func screenRoom(fyne.App) fyne.Size { return fyne.Size{} }

// A build without a display driver leaves the window where the test
// driver puts it.
func placeWindow(fyne.App, fyne.Window) {}

func keepWindowPos(fyne.App, fyne.Window) {}
