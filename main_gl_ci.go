//go:build ci

package main

import "errors"

// errGLNotChecked: a build without a display driver (-tags ci) has no
// OpenGL to check.
var errGLNotChecked = errors.New("opengl: not checked in this build")

func checkGL(bool) (string, error) { return "", errGLNotChecked }
