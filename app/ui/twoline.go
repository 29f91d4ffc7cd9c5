package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// twoLineList is a list whose rows read a bold title over a line of
// details, both cut with … when narrow: the bureau's surveys, the open
// courses. row gives item id's two lines.
func twoLineList(length func() int, row func(id int) (title, meta string)) *widget.List {
	return widget.NewList(length, func() fyne.CanvasObject {
		title := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		title.Truncation = fyne.TextTruncateEllipsis
		meta := widget.NewLabel("")
		meta.Truncation = fyne.TextTruncateEllipsis
		return container.NewVBox(title, meta)
	}, func(id widget.ListItemID, o fyne.CanvasObject) {
		if id >= length() {
			return
		}
		title, meta := row(id)
		box := o.(*fyne.Container)
		box.Objects[0].(*widget.Label).SetText(title)
		box.Objects[1].(*widget.Label).SetText(meta)
	})
}
