package ui

import (
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	fynestorage "fyne.io/fyne/v2/storage"

	"jxj/app/i18n"
)

// chooseSavePath asks where to save a file of type ext (".xlsx", ".pdf")
// and calls save with the path on the UI goroutine; nothing happens when
// the user cancels.
func chooseSavePath(env *Env, fileName, ext string, save func(path string)) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			env.ShowError(err)
			return
		}
		if w == nil {
			return
		}
		env.rememberFolder(w.URI())
		save(savedPath(w, ext))
	}, env.Window)
	d.SetFileName(safeFileName(fileName) + ext)
	d.SetFilter(fynestorage.NewExtensionFileFilter([]string{ext}))
	d.SetTitleText(i18n.T("filedialog.save"))
	env.showFileDialog(d)
}

// chooseOpenPath asks for a file with one of exts (any file for none)
// and calls open with its path.
func chooseOpenPath(env *Env, exts []string, open func(path string)) {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			env.ShowError(err)
			return
		}
		if r == nil {
			return
		}
		path := r.URI().Path()
		_ = r.Close()
		env.rememberFolder(r.URI())
		open(path)
	}, env.Window)
	if len(exts) > 0 {
		d.SetFilter(fynestorage.NewExtensionFileFilter(exts))
	}
	d.SetTitleText(i18n.T("filedialog.open"))
	env.showFileDialog(d)
}

// showFileDialog shows a file dialog at a size where the folder and file
// names can be read (Fyne's default is small), in the folder last used.
func (e *Env) showFileDialog(d *dialog.FileDialog) {
	size := e.Window.Canvas().Size()
	d.Resize(fyne.NewSize(min(900, size.Width*0.85), min(620, size.Height*0.85)))
	if e.lastDir != nil {
		d.SetLocation(e.lastDir)
	}
	d.Show()
}

// rememberFolder keeps the folder of a file picked or saved for the next
// file dialog.
func (e *Env) rememberFolder(u fyne.URI) {
	if parent, err := fynestorage.Parent(u); err == nil {
		if l, err := fynestorage.ListerForURI(parent); err == nil {
			e.lastDir = l
		}
	}
}

// savedPath returns the path a save dialog chose, with ext added when the
// user typed a name without it; the empty file the dialog made under the
// name without ext is removed.
func savedPath(w fyne.URIWriteCloser, ext string) string {
	path := w.URI().Path()
	_ = w.Close()
	if strings.EqualFold(filepath.Ext(path), ext) {
		return path
	}
	if fi, err := os.Stat(path); err == nil && fi.Size() == 0 {
		_ = os.Remove(path)
	}
	return path + ext
}

// safeFileName replaces what a file name may not hold on Windows.
func safeFileName(s string) string {
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(`\/:*?"<>|`, r) || r < ' ' {
			return '_'
		}
		return r
	}, s)
}
