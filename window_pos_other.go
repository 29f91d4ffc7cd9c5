//go:build !ci && !windows && (!(linux || freebsd || netbsd || openbsd) || wayland)

package main

import "image"

// On macOS and Wayland the system places the window: Wayland lets no
// program tell or set where its window is.
func windowPos(any) (image.Point, bool) { return image.Point{}, false }

func moveWindow(any, image.Point) {}
