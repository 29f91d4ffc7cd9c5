package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app/i18n"
)

// This file holds what the pages of lists and sheets share (notices,
// homework, forms, exams, attendance): their page header, messages, count
// bars and the file dialogs of their exports.

// pageTitle is a view's heading.
func pageTitle(text string) *widget.Label {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.SizeName = theme.SizeNameSubHeadingText
	l.Truncation = fyne.TextTruncateEllipsis
	return l
}

// subViewHeader is the top line of a view opened from a list: a back
// button, the title and the view's buttons on the right.
func subViewHeader(title string, back func(), buttons ...fyne.CanvasObject) fyne.CanvasObject {
	b := widget.NewButtonWithIcon(i18n.T("formpage.back"), theme.NavigateBackIcon(), back)
	return container.NewBorder(nil, nil, b, container.NewHBox(buttons...), pageTitle(title))
}

// messageView stands in a page's place while it has nothing else to
// show (loading, nothing there, what went wrong): the text centred in a
// column that reads well, with a button under it (retry, back) unless
// nil.
func messageView(text string, button fyne.CanvasObject) fyne.CanvasObject {
	msg := newWrapLabel(text)
	msg.Alignment = fyne.TextAlignCenter
	box := container.NewVBox(msg)
	if button != nil {
		box.Add(container.NewCenter(button))
	}
	return container.NewCenter(container.New(minWidth(420), box))
}

// countBar is a progress bar that reads as a count, e.g. "已交 40/45", in
// the theme's bar colours (barTheme), where its text is readable over the
// filled and the empty part alike.
type countBar struct {
	widget.BaseWidget
	bar *widget.ProgressBar
}

// newCountBar returns a bar at value (0–1) that says text.
func newCountBar(value float64, text string) *countBar {
	b := &countBar{bar: widget.NewProgressBar()}
	b.ExtendBaseWidget(b)
	b.Set(value, text)
	return b
}

// Set shows value (0–1) and text.
func (b *countBar) Set(value float64, text string) {
	b.bar.TextFormatter = func() string { return text }
	b.bar.SetValue(value)
}

func (b *countBar) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewThemeOverride(b.bar, barTheme{}))
}

// fraction is part/whole, 0 when whole is 0.
func fraction(part, whole int) float64 {
	if whole <= 0 {
		return 0
	}
	return float64(part) / float64(whole)
}

// firstLine is the first non-empty line of a text, for lists.
func firstLine(s string) string {
	for line := range strings.SplitSeq(s, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			return line
		}
	}
	return ""
}

// sendDraft sends a compose view's draft (a new homework, form, exam or
// leave request): draft makes and checks it on the UI goroutine; send
// calls the service off it, with *busy set and btn off so a second click
// does nothing; an error shows in errMsg, in the user's language; opened
// gets the new record's id.
func sendDraft[D any](run func(func()), busy *bool, btn *widget.Button, errMsg *wrapLabel,
	draft func() (D, error), send func(D) (int64, error), opened func(id int64)) {
	if *busy {
		return
	}
	d, err := draft()
	showInline(errMsg, err)
	if err != nil {
		return
	}
	*busy = true
	btn.Disable()
	run(func() {
		id, err := send(d)
		fyne.Do(func() {
			*busy = false
			btn.Enable()
			showInline(errMsg, err)
			if err == nil {
				opened(id)
			}
		})
	})
}
