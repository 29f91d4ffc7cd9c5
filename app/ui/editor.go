package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// editorView is the layout of every editor (a notice, a homework, a form,
// a leave request, an exam): the header on top, the fields in a body that
// scrolls, and the action bar fixed at the bottom, so that its buttons
// stay in view however small the window is.
func editorView(header, body, bar fyne.CanvasObject) fyne.CanvasObject {
	return container.NewBorder(header, container.NewVBox(widget.NewSeparator(), bar), nil, nil, container.NewVScroll(body))
}

// actionBar is an editor's bottom line: messages (an error, a status)
// over the buttons, which stand at the right, the main one last.
func actionBar(messages []fyne.CanvasObject, buttons ...fyne.CanvasObject) fyne.CanvasObject {
	return container.NewVBox(append(messages, container.NewBorder(nil, nil, nil, container.NewHBox(buttons...)))...)
}
