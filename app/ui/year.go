package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// yearBar shows the current school year on the import page with the
// admin's 升年级: each September, first the classes move up, then the new
// year's roster is imported and matched against them.
type yearBar struct {
	env     *Env
	run     func(func())
	changed func() // after a rollover: other screens reload

	content  *fyne.Container
	label    *widget.Label
	rollover *widget.Button
	dialog   dialog.Dialog // the open rollover dialog, for tests
	confirm  func()        // starts the rollover the dialog shows, for tests
}

func newYearBar(env *Env, run func(func()), changed func()) *yearBar {
	b := &yearBar{env: env, run: run, changed: changed}
	b.label = widget.NewLabel("")
	b.rollover = widget.NewButtonWithIcon(i18n.T("year.rollover.button"), theme.MoveUpIcon(), b.plan)
	b.rollover.Disable()
	b.content = container.NewHBox(b.label, b.rollover)
	return b
}

// load reads the current year off the UI goroutine; the import page calls
// it when first shown.
func (b *yearBar) load() {
	ctx, svc := b.env.Ctx(), b.env.Services.Years
	b.run(func() {
		years, err := svc.SchoolYears(ctx)
		fyne.Do(func() {
			if err != nil || len(years) == 0 {
				b.label.SetText(i18n.T("year.current.unknown"))
				return
			}
			b.label.SetText(i18n.T("year.current", years[0].Name()))
			b.rollover.Enable()
		})
	})
}

// plan asks what a rollover would do and shows it; topGrade 0 takes the
// school's default.
func (b *yearBar) plan() { b.planWith(0) }

func (b *yearBar) planWith(topGrade int) {
	ctx, svc := b.env.Ctx(), b.env.Services.Years
	b.rollover.Disable()
	b.run(func() {
		p, err := svc.PlanRollover(ctx, app.RolloverOptions{TopGrade: topGrade})
		fyne.Do(func() {
			b.rollover.Enable()
			if err != nil {
				b.env.ShowError(err)
				return
			}
			b.show(p)
		})
	})
}

// show shows the plan with its graduating grade (which re-plans) and the
// button that starts the year.
func (b *yearBar) show(p *app.Rollover) {
	if b.dialog != nil {
		b.dialog.Hide()
	}
	intro := newWrapLabel(i18n.T("year.rollover.intro"))
	grades := make([]string, app.MaxGrade)
	for g := range grades {
		grades[g] = app.GradeName(g + 1)
	}
	top := widget.NewSelect(grades, nil)
	top.SetSelectedIndex(p.TopGrade - 1)
	top.OnChanged = func(string) {
		if g := top.SelectedIndex() + 1; g != p.TopGrade {
			b.planWith(g)
		}
	}
	var lines []fyne.CanvasObject
	for _, m := range p.Moves {
		lines = append(lines, widget.NewLabel(i18n.T("year.move", m.From, m.To, m.Students)))
	}
	for _, g := range p.Graduates {
		l := widget.NewLabel(i18n.T("year.graduate", g.From, g.Students))
		l.Importance = widget.WarningImportance
		lines = append(lines, l)
	}
	if len(lines) == 0 {
		lines = append(lines, widget.NewLabel(i18n.T("year.rollover.no_classes")))
	}
	// the list takes what the dialog has left: the dialog must not grow
	// once its texts have wrapped, or Fyne lays its button over them
	list := container.NewVScroll(container.NewVBox(lines...))
	list.SetMinSize(fyne.NewSize(0, 120))
	summary := newWrapLabel(i18n.T("year.summary", p.Moved, p.Graduated, p.Staying))
	head := container.NewVBox(intro, widget.NewForm(widget.NewFormItem(i18n.T("year.rollover.top_grade"), top)))
	title := i18n.T("year.rollover.title", app.SchoolYearName(p.From), app.SchoolYearName(p.To))
	var d dialog.Dialog
	if p.Early {
		// the plan shows what September will do; the year cannot start yet
		early := newWrapLabel(i18n.T("year.error.too_early", app.SchoolYearName(p.To), p.To, app.SchoolYearName(p.From)))
		early.Importance = widget.WarningImportance
		d = dialog.NewCustom(title, i18n.T("year.rollover.close"), container.NewBorder(head, container.NewVBox(summary, early), nil, nil, list), b.env.Window)
		d.SetOnClosed(func() { b.dialog = nil })
		d.Show()
	} else {
		b.confirm = func() { b.start(p.TopGrade) }
		d = confirmDanger(b.env.Window, title, container.NewBorder(head, summary, nil, nil, list), i18n.T("year.rollover.confirm"), func(ok bool) {
			b.dialog = nil
			if ok {
				b.confirm()
			}
		})
	}
	d.Resize(fyne.NewSize(520, min(560, b.env.Window.Canvas().Size().Height*0.95)))
	b.dialog = d
}

// start runs the rollover off the UI goroutine.
func (b *yearBar) start(topGrade int) {
	ctx, svc := b.env.Ctx(), b.env.Services.Years
	b.rollover.Disable()
	b.run(func() {
		p, err := svc.Rollover(ctx, app.RolloverOptions{TopGrade: topGrade})
		fyne.Do(func() {
			b.rollover.Enable()
			if err != nil {
				b.env.ShowError(err)
				return
			}
			b.load()
			b.env.ShowInfo(i18n.T("year.rollover.done_title"), i18n.T("year.done", app.SchoolYearName(p.To)))
			if b.changed != nil {
				b.changed()
			}
		})
	})
}

// pastClasses returns the classes of the school's past years, newest year
// first; none without the service.
func pastClasses(ctx context.Context, years app.YearService) ([]*app.Class, error) {
	if years == nil {
		return nil, nil
	}
	ys, err := years.SchoolYears(ctx)
	if err != nil {
		return nil, err
	}
	var out []*app.Class
	for _, y := range ys {
		if y.Current {
			continue
		}
		classes, err := years.ClassesOfYear(ctx, y.Start)
		if err != nil {
			return nil, err
		}
		out = append(out, classes...)
	}
	return out, nil
}

// missingTable lists the students of the file's classes whom it does not
// name: class, student number, name.
func missingTable(ms []app.MissingStudent) fyne.CanvasObject {
	rows := make([][]string, len(ms))
	for i, m := range ms {
		rows[i] = []string{m.ClassLabel, m.StudentNo, m.Name}
	}
	hint := newWrapLabel(i18n.T("importscreen.missing_hint"))
	return container.NewBorder(hint, nil, nil, nil, textTable([]string{
		i18n.T("importscreen.col.class"), i18n.T("dirscreen.col.student_no"), i18n.T("importscreen.col.name"),
	}, []string{classSample(), "2024010101", "欧阳思思"}, rows))
}

// missingIDs are the ids of the students a plan found missing.
func missingIDs(ms []app.MissingStudent) []int64 {
	ids := make([]int64, len(ms))
	for i, m := range ms {
		ids[i] = m.ID
	}
	return ids
}
