package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// classPicker lets the user tick classes, grouped by grade, with a tick for a whole grade.
type classPicker struct {
	onChanged func()
	grades    []*gradeGroup
	content   fyne.CanvasObject
}

// gradeGroup is one grade's row of the picker.
type gradeGroup struct {
	grade   int
	all     *widget.Check
	classes []*app.Class
	checks  []*widget.Check
}

// pickerColumns is how many class ticks stand side by side under a grade.
const pickerColumns = 6

// newClassPicker returns a picker over classes (in the order given, which
// for ClassService.Classes is grade and class order). onChanged, if not
// nil, is called after every change the user makes.
func newClassPicker(classes []*app.Class, onChanged func()) *classPicker {
	p := &classPicker{onChanged: onChanged}
	byGrade := map[int]*gradeGroup{}
	for _, c := range classes {
		g := byGrade[c.Grade]
		if g == nil {
			g = &gradeGroup{grade: c.Grade}
			byGrade[c.Grade] = g
			p.grades = append(p.grades, g)
		}
		g.classes = append(g.classes, c)
	}

	rows := container.NewVBox()
	for _, g := range p.grades {
		g.all = widget.NewCheck(i18n.T("classpicker.whole_grade", app.GradeName(g.grade)), func(on bool) {
			for _, c := range g.checks {
				c.Checked = on
				c.Refresh()
			}
			p.changed()
		})
		var cell fyne.Size // the widest class's tick: "Class 12" is wider than 12班
		for _, c := range g.classes {
			check := widget.NewCheck(app.ClassName(c.Name), func(bool) {
				g.syncAll()
				p.changed()
			})
			g.checks = append(g.checks, check)
			cell = cell.Max(check.MinSize())
		}
		// as many ticks side by side as the width holds, at most
		// pickerColumns
		grid := container.New(&tickRows{cell: cell, most: pickerColumns})
		for _, c := range g.checks {
			grid.Add(c)
		}
		rows.Add(g.all)
		rows.Add(container.NewPadded(grid))
	}
	if len(p.grades) == 0 {
		empty := widget.NewLabel(i18n.T("classpicker.none"))
		empty.Importance = widget.LowImportance
		rows.Add(empty)
	}
	p.content = container.New(upToHeight(pickerHeight), container.NewVScroll(rows))
	return p
}

// tickRows lays out cells of one size in rows (a class picker's ticks,
// a homework's class bars): as many side by side as the width holds, at
// most most, at least one. Its least width is one cell's, so it never
// widens a window.
type tickRows struct {
	cell fyne.Size
	most int
	cols int // of the last layout
}

func (t *tickRows) columns(width float32) int {
	pad := theme.Padding()
	n := int((width + pad) / (t.cell.Width + pad))
	return max(1, min(t.most, n))
}

func (t *tickRows) MinSize(objects []fyne.CanvasObject) fyne.Size {
	cols := t.cols
	if cols == 0 {
		cols = t.most
	}
	rows := (len(objects) + cols - 1) / cols
	pad := theme.Padding()
	return fyne.NewSize(t.cell.Width, float32(rows)*(t.cell.Height+pad)-pad)
}

func (t *tickRows) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	t.cols = t.columns(size.Width)
	pad := theme.Padding()
	w := (size.Width - pad*float32(t.cols-1)) / float32(t.cols)
	for i, o := range objects {
		col, row := i%t.cols, i/t.cols
		o.Move(fyne.NewPos(float32(col)*(w+pad), float32(row)*(t.cell.Height+pad)))
		o.Resize(fyne.NewSize(w, t.cell.Height))
	}
}

// loadClassPicker loads the classes the account may pick (its own; all
// of them for the administrator and principal) off the UI goroutine and
// shows a picker of them in box, or what went wrong. ready, if not nil,
// gets the picker and its classes on the UI goroutine.
func loadClassPicker(env *Env, run func(func()), box *fyne.Container, ready func(*classPicker, []*app.Class)) {
	ctx, svc := env.Ctx(), env.Services.Classes
	run(func() {
		classes, err := svc.Classes(ctx)
		fyne.Do(func() {
			if err != nil {
				msg := newWrapLabel(i18n.Err(err))
				msg.Importance = widget.DangerImportance
				box.Objects = []fyne.CanvasObject{msg}
				box.Refresh()
				return
			}
			own := ownClasses(env.Account, classes)
			p := newClassPicker(own, nil)
			box.Objects = []fyne.CanvasObject{p.Content()}
			box.Refresh()
			if ready != nil {
				ready(p, own)
			}
		})
	})
}

// pickerHeight is the most height the class picker takes; more classes
// scroll.
const pickerHeight = 220

// upToHeight lays out one scroll as tall as its content, up to a most:
// a teacher's one class takes one line, a school's forty classes scroll.
type upToHeight float32

func (h upToHeight) MinSize(objects []fyne.CanvasObject) fyne.Size {
	s := objects[0].(*container.Scroll)
	return fyne.NewSize(s.MinSize().Width, min(s.Content.MinSize().Height, float32(h)))
}

func (h upToHeight) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	objects[0].Move(fyne.NewPos(0, 0))
	objects[0].Resize(size)
}

// changed tells the owner about a change the user made.
func (p *classPicker) changed() {
	if p.onChanged != nil {
		p.onChanged()
	}
}

// syncAll shows the grade's tick as checked when every class is, partly
// checked when some are. It sets the fields rather than calling
// SetChecked, which would run OnChanged and tick every class.
func (g *gradeGroup) syncAll() {
	n := 0
	for _, c := range g.checks {
		if c.Checked {
			n++
		}
	}
	g.all.Checked = n == len(g.checks)
	g.all.Partial = n > 0 && n < len(g.checks)
	g.all.Refresh()
}

// Selected returns the ticked classes' ids, in grade/class order.
func (p *classPicker) Selected() []int64 {
	var ids []int64
	for _, g := range p.grades {
		for i, c := range g.checks {
			if c.Checked {
				ids = append(ids, g.classes[i].ID)
			}
		}
	}
	return ids
}

// SelectedGrades returns the grades whose every class is ticked. It only
// knows the classes it was given: a caller that offers a subset of a
// grade (a teacher's own classes) should send Selected instead.
func (p *classPicker) SelectedGrades() []int {
	var grades []int
	for _, g := range p.grades {
		if g.all.Checked {
			grades = append(grades, g.grade)
		}
	}
	return grades
}

// SetSelected ticks exactly the classes with these ids (ids of classes
// not offered are ignored); it does not call onChanged.
func (p *classPicker) SetSelected(ids []int64) {
	want := make(map[int64]bool, len(ids))
	for _, id := range ids {
		want[id] = true
	}
	for _, g := range p.grades {
		for i, c := range g.checks {
			c.Checked = want[g.classes[i].ID]
			c.Refresh()
		}
		g.syncAll()
	}
}

// Content is the picker, scrolling when it is taller than pickerHeight.
func (p *classPicker) Content() fyne.CanvasObject { return p.content }

// ownClasses returns the classes account a may pick as a target: every
// class for admin and principal, a teacher's own classes otherwise.
func ownClasses(a *app.Account, classes []*app.Class) []*app.Class {
	if a.ReadsAll() {
		return classes
	}
	var own []*app.Class
	for _, c := range classes {
		if a.TeachesClass(c.ID) {
			own = append(own, c)
		}
	}
	return own
}
