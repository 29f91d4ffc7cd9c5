//go:build !ci

package main

import (
	"bytes"
	"errors"
	"fmt"
	"log"
	"strings"

	"github.com/go-gl/gl/v2.1/gl"
	"github.com/go-gl/glfw/v3.3/glfw"

	"jxj/desktop"
)

// checkGL makes a hidden window with the OpenGL 2.1 context Fyne draws
// with, before Fyne starts: where that fails (no graphics driver, OpenGL
// 1.1, remote desktop, a VM, no display) Fyne would only log and exit, or
// go-gl/glfw panic, and the user would see nothing. It returns OpenGL's
// version, or a *desktop.GLError. It runs on the main thread (Fyne's
// driver locked it in its init). GLFW stays initialised for Fyne unless
// terminate (jxj doctor).
func checkGL(terminate bool) (version string, err error) {
	initialised := false
	defer func() {
		if r := recover(); r != nil { // go-gl/glfw panics on the errors it does not expect
			err = glError(r, initialised)
		}
		if terminate && initialised {
			glfw.Terminate()
		}
	}()
	if err := initGLFW(); err != nil {
		return "", err
	}
	initialised = true
	glfw.WindowHint(glfw.Visible, glfw.False)
	glfw.WindowHint(glfw.ContextVersionMajor, 2)
	glfw.WindowHint(glfw.ContextVersionMinor, 1)
	w, err := glfw.CreateWindow(16, 16, "jxj", nil, nil)
	glfw.DefaultWindowHints()
	if err != nil {
		return "", glError(err, true)
	}
	defer w.Destroy()
	w.MakeContextCurrent()
	defer glfw.DetachCurrentContext()
	if err := gl.Init(); err != nil {
		return "", &desktop.GLError{Problem: desktop.GLFailed, Detail: err.Error()}
	}
	return gl.GoStr(gl.GetString(gl.VERSION)), nil
}

// initGLFW starts GLFW. go-gl/glfw only logs a platform error as GLFW
// starts (no X display) and returns nil, and its next call panics
// NotInitialized: the line it logs is taken here as the error instead.
func initGLFW() error {
	var logged bytes.Buffer
	out, flags := log.Writer(), log.Flags()
	log.SetOutput(&logged)
	log.SetFlags(0)
	err := glfw.Init()
	log.SetOutput(out)
	log.SetFlags(flags)
	if err != nil {
		return glError(err, false)
	}
	if logged.Len() > 0 {
		return &desktop.GLError{Problem: desktop.GLNoDisplay, Detail: strings.TrimSpace(logged.String())}
	}
	return nil
}

// glError says which GLProblem GLFW's failure r is; another failure
// before GLFW started (a platform error) means there is no display.
func glError(r any, initialised bool) *desktop.GLError {
	var ge *glfw.Error
	err, _ := r.(error)
	if err == nil || !errors.As(err, &ge) {
		return &desktop.GLError{Problem: desktop.GLFailed, Detail: fmt.Sprint(r)}
	}
	p := desktop.GLFailed
	switch {
	case ge.Code == glfw.APIUnavailable:
		p = desktop.GLMissing
	case ge.Code == glfw.VersionUnavailable:
		p = desktop.GLTooOld
	case !initialised || ge.Code.String() == "NotInitialized":
		// a platform error as GLFW starts: no X display, no desktop session
		p = desktop.GLNoDisplay
	}
	return &desktop.GLError{Problem: p, Detail: ge.Error()}
}
