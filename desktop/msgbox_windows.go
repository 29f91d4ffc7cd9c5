package desktop

import (
	"golang.org/x/sys/windows"
)

// ShowGLError shows e in an error box over no window, in the user's
// language: jxj.exe is a GUI program with no console, so stderr would be
// lost. MessageBoxW is user32's and draws without OpenGL.
func ShowGLError(e *GLError) {
	title, text := e.Message("windows")
	t, err1 := windows.UTF16PtrFromString(title)
	m, err2 := windows.UTF16PtrFromString(text)
	if err1 != nil || err2 != nil {
		return // a NUL in the text; never from our catalogs
	}
	windows.MessageBox(0, m, t, windows.MB_OK|windows.MB_ICONERROR|windows.MB_SETFOREGROUND)
}
