package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// keyTable is a table a teacher works through from the keyboard, as the
// roll call and the score grid are: the arrows move the focused cell, and
// the screen gets the keys and characters typed on it. A click on a cell
// moves the focus there too and is reported; the table keeps no
// selection of its own, the focus marks the cell.
type keyTable struct {
	widget.Table
	cursor     widget.TableCellID
	moving     bool
	acceptsTab bool

	// onTap is told of a click on a cell, or Space on the focused one.
	onTap func(id widget.TableCellID)
	// onRune is told of a character typed on the focused cell.
	onRune func(id widget.TableCellID, r rune)
	// onKey sees a key first; it returns true when it dealt with it,
	// otherwise the arrows move the focus.
	onKey func(id widget.TableCellID, ev *fyne.KeyEvent) bool
}

// newKeyTable is a table of headers.len columns under bold headers; rows
// tells how many rows there are.
func newKeyTable(headers []string, rows func() int, create func() fyne.CanvasObject,
	update func(id widget.TableCellID, o fyne.CanvasObject)) *keyTable {
	t := &keyTable{}
	cols := len(headers)
	t.Length = func() (int, int) { return rows(), cols }
	t.CreateCell = create
	t.UpdateCell = update
	t.ShowHeaderRow = true
	// a compact header, so that compact cells make compact rows
	t.CreateHeader = func() fyne.CanvasObject {
		return container.New(compactCell{}, newHeaderLabel())
	}
	t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if l, ok := labelIn(o); ok && id.Row < 0 && id.Col >= 0 && id.Col < cols {
			l.SetText(headers[id.Col])
		}
	}
	t.OnSelected = t.selected
	t.ExtendBaseWidget(t)
	return t
}

func (t *keyTable) selected(id widget.TableCellID) {
	t.cursor = id
	t.Unselect(id)
	if !t.moving && t.onTap != nil {
		t.onTap(id)
	}
}

// Tapped selects the cell and takes the keyboard focus. widget.Table
// asks the canvas for itself, the embedded table, which the canvas does
// not know, so a click would otherwise leave the keys going nowhere.
func (t *keyTable) Tapped(e *fyne.PointEvent) {
	t.Table.Tapped(e)
	if c := fyne.CurrentApp().Driver().CanvasForObject(t); c != nil {
		c.Focus(t)
	}
}

// AcceptsTab keeps Tab in the table when it moves between cells.
func (t *keyTable) AcceptsTab() bool { return t.acceptsTab }

// moveTo puts the focus on a cell, kept within the table, and scrolls to
// it.
func (t *keyTable) moveTo(row, col int) {
	rows, cols := t.Length()
	if rows == 0 || cols == 0 {
		return
	}
	row, col = max(0, min(row, rows-1)), max(0, min(col, cols-1))
	old := t.cursor
	t.moving = true
	t.Select(widget.TableCellID{Row: row, Col: col})
	t.moving = false
	t.RefreshItem(old)
	t.RefreshItem(t.cursor)
}

// TypedKey moves the focus with the arrows and taps the focused cell
// with Space, after the screen's onKey.
func (t *keyTable) TypedKey(ev *fyne.KeyEvent) {
	if t.onKey != nil && t.onKey(t.cursor, ev) {
		return
	}
	switch ev.Name {
	case fyne.KeyUp:
		t.moveTo(t.cursor.Row-1, t.cursor.Col)
	case fyne.KeyDown:
		t.moveTo(t.cursor.Row+1, t.cursor.Col)
	case fyne.KeyLeft:
		t.moveTo(t.cursor.Row, t.cursor.Col-1)
	case fyne.KeyRight:
		t.moveTo(t.cursor.Row, t.cursor.Col+1)
	case fyne.KeySpace:
		if rows, _ := t.Length(); t.cursor.Row < rows && t.onTap != nil {
			t.onTap(t.cursor)
		}
	}
}

// TypedRune hands a typed character to the screen.
func (t *keyTable) TypedRune(r rune) {
	if rows, _ := t.Length(); t.cursor.Row < rows && t.onRune != nil {
		t.onRune(t.cursor, r)
	}
}
