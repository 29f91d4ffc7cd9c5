package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
)

// listPage is what the list-then-detail pages (notices, homework, forms,
// exams) share: a stack that shows the list or one sub-view at a time,
// and whether the list has been loaded once.
type listPage struct {
	root     *fyne.Container
	listView fyne.CanvasObject
	started  bool
}

func newListPage() listPage { return listPage{root: container.NewStack()} }

// content returns the page, loading the list with reload the first time
// it is shown.
func (p *listPage) content(reload func()) fyne.CanvasObject {
	if !p.started {
		reload()
	}
	return p.root
}

// setView shows o in place of what the page showed.
func (p *listPage) setView(o fyne.CanvasObject) {
	p.root.Objects = []fyne.CanvasObject{o}
	p.root.Refresh()
}
