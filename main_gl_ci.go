//go:build ci

package main

// checkGL: a build without a display driver (-tags ci) has no OpenGL to
// check.
func checkGL(bool) (string, error) { return "", errGLNotChecked }
