package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// This file is what a notice's view shows of a bureau notice's files
// still on their way from the hub: each one downloading (n %), waiting,
// failed with why, or no longer offered. A verified file is an
// attachment like any other.

// downloadText is how a file on its way reads, and how much it stands
// out.
func downloadText(d app.FileDownload) (string, widget.Importance) {
	switch {
	case d.State == app.DownloadGone:
		return i18n.T("hub_files.gone", d.File.Name), widget.LowImportance
	case d.Error != "":
		return i18n.T("hub_files.failed", d.File.Name, d.Error), widget.DangerImportance
	case d.Have == 0:
		return i18n.T("hub_files.waiting", d.File.Name, fileSize(d.File.Size)), widget.MediumImportance
	}
	return i18n.T("hub_files.downloading", d.File.Name, d.Percent()), widget.MediumImportance
}

// downloadRows are the lines of a notice's files on their way.
func downloadRows(n *app.Notice) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	for _, d := range n.Downloads {
		text, imp := downloadText(d)
		l := newWrapLabel(text)
		l.Importance = imp
		out = append(out, container.NewBorder(nil, nil, widget.NewIcon(theme.DownloadIcon()), nil, l))
	}
	return out
}
