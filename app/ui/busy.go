package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// busyIndicator is an endless bar with a line of text, shown while an
// import or export runs.
type busyIndicator struct {
	box  *fyne.Container
	text *widget.Label
	bar  *widget.ProgressBarInfinite
}

func newBusyIndicator() *busyIndicator {
	b := &busyIndicator{text: widget.NewLabel(""), bar: widget.NewProgressBarInfinite()}
	b.bar.Stop()
	b.box = container.NewBorder(nil, nil, b.text, nil, b.bar)
	b.box.Hide()
	return b
}

// job runs work (a file read or written, a long save) off the UI
// goroutine with the bar showing text; refresh updates the page's buttons
// as it starts and as it ends (busy() is true in between). One job at a
// time: another asked for meanwhile is ignored. finished gets work's
// error on the UI goroutine.
func (b *busyIndicator) job(run func(func()), text string, refresh func(), work func() error, finished func(error)) {
	if b.busy() {
		return
	}
	b.set(text)
	refresh()
	run(func() {
		err := work()
		fyne.Do(func() {
			b.set("")
			refresh()
			finished(err)
		})
	})
}

// orShow is a job's end that shows its error, else runs done.
func orShow(env *Env, done func()) func(error) {
	return func(err error) {
		if err != nil {
			env.ShowError(err)
			return
		}
		done()
	}
}

// set shows text with a running bar, or hides both for "".
func (b *busyIndicator) set(text string) {
	b.text.SetText(text)
	if text == "" {
		b.bar.Stop()
		b.box.Hide()
		return
	}
	b.box.Show()
	b.bar.Start()
}

func (b *busyIndicator) busy() bool { return b.box.Visible() }
