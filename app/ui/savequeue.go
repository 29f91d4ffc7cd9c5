package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app/i18n"
)

// saveQueue saves a page's changes as they are made (the homework
// completion table, the score grid): a change waits in pending, by its
// key, until the save running (at most one) has ended; then what came
// meanwhile goes in one save. A failed save keeps its changes for the
// retry, unless they were changed again meanwhile.
type saveQueue[K comparable, V any] struct {
	run   func(func())      // starts work off the UI goroutine
	key   func(V) K         // what a change is of: a later change of it replaces it
	order func(map[K]V) []V // the pending changes in the order they are sent
	// save takes the changes on the UI goroutine (where the page reads
	// its context and service) and returns the work that sends them
	save  func([]V) func() error
	shown func(saveStep, int, error) // tells the page where saving stands; on the UI goroutine

	pending map[K]V
	saving  bool
}

// saveStep is where a save stands: started (with how many changes), failed
// (with the error) or done (nothing left to send).
type saveStep int

const (
	saveStarted saveStep = iota
	saveFailed
	saveDone
)

// put queues a change and sends it, or leaves it for the end of the save
// running.
func (q *saveQueue[K, V]) put(changes ...V) {
	if q.pending == nil {
		q.pending = map[K]V{}
	}
	for _, c := range changes {
		q.pending[q.key(c)] = c
	}
	q.flush()
}

// flush sends the pending changes in one save, unless one is running
// (its end sends them) or none wait.
func (q *saveQueue[K, V]) flush() {
	if q.saving || len(q.pending) == 0 {
		return
	}
	changes := q.order(q.pending)
	q.pending = map[K]V{}
	q.saving = true
	q.shown(saveStarted, len(changes), nil)
	send := q.save(changes)
	q.run(func() {
		err := send()
		fyne.Do(func() {
			q.saving = false
			if err != nil {
				for _, c := range changes {
					if _, newer := q.pending[q.key(c)]; !newer {
						q.pending[q.key(c)] = c
					}
				}
				q.shown(saveFailed, len(changes), err)
				return
			}
			if len(q.pending) > 0 {
				q.flush()
				return
			}
			q.shown(saveDone, len(changes), nil)
		})
	})
}

// unsaved reports whether changes wait or are being sent.
func (q *saveQueue[K, V]) unsaved() bool { return q.saving || len(q.pending) > 0 }

// drop forgets the changes not sent yet, e.g. when the page loads its
// data again.
func (q *saveQueue[K, V]) drop() { q.pending = map[K]V{} }

// saveLine is the status line of a page a saveQueue saves (the homework
// completion table, the score grid): the page's hint, or where saving
// stands, and 重试 after a failure. Its showStep is the queue's shown.
type saveLine struct {
	status *widget.Label
	retry  *widget.Button
	texts  saveTexts
}

// saveTexts are a page's keys for a save started (with the changes'
// count), failed (with the error) and done.
type saveTexts struct{ saving, failed, saved string }

// newSaveLine shows hint until a save starts; retry sends the changes
// a failed save kept.
func newSaveLine(hint string, texts saveTexts, retry func()) *saveLine {
	l := &saveLine{status: widget.NewLabel(hint), texts: texts}
	l.status.Truncation = fyne.TextTruncateEllipsis
	l.retry = widget.NewButtonWithIcon(i18n.T("homeworkpage.retry"), theme.ViewRefreshIcon(), retry)
	l.retry.Hide()
	return l
}

// showStep tells where saving stands.
func (l *saveLine) showStep(step saveStep, n int, err error) {
	switch step {
	case saveStarted:
		l.retry.Hide()
		l.setStatus(i18n.T(l.texts.saving, n), widget.MediumImportance)
	case saveFailed:
		l.setStatus(i18n.T(l.texts.failed, i18n.Err(err)), widget.DangerImportance)
		l.retry.Show()
	case saveDone:
		l.setStatus(i18n.T(l.texts.saved), widget.SuccessImportance)
	}
}

func (l *saveLine) setStatus(text string, imp widget.Importance) {
	l.status.Importance = imp
	l.status.SetText(text)
}
