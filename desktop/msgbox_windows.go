package desktop

import (
	"golang.org/x/sys/windows"
)

// ShowError shows an error box over no window: jxj.exe is a GUI program
// with no console, so stderr would be lost.
func ShowError(title, text string) {
	t, err1 := windows.UTF16PtrFromString(title)
	m, err2 := windows.UTF16PtrFromString(text)
	if err1 != nil || err2 != nil {
		return // a NUL in the text; never from our catalogs
	}
	windows.MessageBox(0, m, t, windows.MB_OK|windows.MB_ICONERROR|windows.MB_SETFOREGROUND)
}
