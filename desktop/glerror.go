package desktop

import (
	"fmt"

	"jxj/app/i18n"
)

// GLProblem is why the graphics cannot draw jxj's window.
type GLProblem int

const (
	// GLNoDisplay: no desktop to show a window on (GLFW's PlatformError
	// at start: no $DISPLAY, a service session).
	GLNoDisplay GLProblem = iota + 1
	// GLMissing: no OpenGL at all (APIUnavailable: no driver, an X server
	// without GLX).
	GLMissing
	// GLTooOld: OpenGL older than the 2.1 Fyne draws with
	// (VersionUnavailable: Windows' own OpenGL 1.1 when the graphics
	// driver is not installed, remote desktop, a VM).
	GLTooOld
	// GLFailed: any other failure to make the window.
	GLFailed
)

// GLError is the graphics' failure to make a window, with GLFW's words.
type GLError struct {
	Problem GLProblem
	Detail  string
}

// NoDisplay reports whether there was no desktop to make a window on
// (jxj doctor over SSH): nothing to say about the graphics then.
func (e *GLError) NoDisplay() bool { return e.Problem == GLNoDisplay }

func (e *GLError) Error() string { return fmt.Sprintf("opengl: %d: %s", e.Problem, e.Detail) }

// Message is the title and text of the box the user sees, in their
// language, for the system goos: what is wrong, then what to do.
func (e *GLError) Message(goos string) (title, text string) {
	return e.MessageIn(i18n.Language(), goos)
}

// MessageIn is Message in the language lang.
func (e *GLError) MessageIn(lang, goos string) (title, text string) {
	what := map[GLProblem]string{
		GLNoDisplay: "desktop.gl.no_display",
		GLMissing:   "desktop.gl.missing",
		GLTooOld:    "desktop.gl.too_old",
	}[e.Problem]
	if what == "" {
		what = "desktop.gl.failed"
	}
	todo := "desktop.gl.todo_linux"
	switch {
	case e.Problem == GLNoDisplay:
		todo = "desktop.gl.todo_display"
	case goos == "windows":
		todo = "desktop.gl.todo_windows"
	case goos == "darwin":
		todo = "desktop.gl.todo_other"
	}
	return i18n.TIn(lang, "desktop.gl.title"),
		i18n.TIn(lang, what) + "\n\n" + i18n.TIn(lang, todo) + "\n\n" + i18n.TIn(lang, "desktop.gl.detail", e.Detail)
}
