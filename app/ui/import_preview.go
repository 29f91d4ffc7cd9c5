package ui

import (
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// importPreview shows what an import will do before anything is written
// and applies it when the user confirms. One component serves the roster,
// classes and staff: it takes the plan and a function that applies it.
type importPreview struct {
	env  *Env
	run  func(func())
	plan *app.ImportPlan
	opts previewOptions

	content    fyne.CanvasObject
	tabs       *container.AppTabs
	confirmBtn *widget.Button
	cancelBtn  *widget.Button
	bar        *countBar                   // when the service reports progress
	wait       *widget.ProgressBarInfinite // when it does not
	busy       bool
}

// previewOptions is what differs between the kinds of import.
type previewOptions struct {
	source      []string // lines about the file: its name, sheet, header row, columns
	itemHeaders []string // the columns of the added and updated lists, after the row number
	itemCells   func(app.PlanItem) []string
	nameHeader  string // the problems' name column, "" for a person's (姓名)
	// apply writes the import. progress is nil unless reportsProgress.
	apply           func(progress func(done, total int)) (*app.ImportPlan, error)
	reportsProgress bool
	onBusy          func(busy bool)
	onDone          func(result *app.ImportPlan)
	onCancel        func()
}

// How often the progress bar may be redrawn while rows are written.
const progressEvery = 50 * time.Millisecond

func newImportPreview(env *Env, run func(func()), plan *app.ImportPlan, opts previewOptions) *importPreview {
	p := &importPreview{env: env, run: run, plan: plan, opts: opts}
	p.build()
	return p
}

func (p *importPreview) build() {
	plan := p.plan
	sep := i18n.T("importscreen.list_sep")

	top := container.NewVBox()
	if len(p.opts.source) > 0 {
		l := widget.NewLabel(strings.Join(p.opts.source, "\n"))
		l.Truncation = fyne.TextTruncateEllipsis
		top.Add(l)
	}

	rejected := widget.NewLabel(i18n.T("importscreen.count.rejected", len(plan.Rejected)))
	rejected.TextStyle.Bold = true
	if len(plan.Rejected) > 0 {
		rejected.Importance = widget.DangerImportance
	}
	added := widget.NewLabel(i18n.T("importscreen.count.added", plan.Added))
	added.TextStyle.Bold = true
	updated := widget.NewLabel(i18n.T("importscreen.count.updated", plan.Updated))
	updated.TextStyle.Bold = true
	unchanged := widget.NewLabel(i18n.T("importscreen.count.unchanged", plan.Unchanged))
	counts := container.NewHBox(added, updated, unchanged, rejected)
	if plan.Removals > 0 {
		removals := widget.NewLabel(i18n.T("importscreen.count.removals", plan.Removals))
		removals.TextStyle.Bold = true
		removals.Importance = widget.DangerImportance
		counts.Add(removals)
	}
	var newClasses fyne.CanvasObject
	if len(plan.NewClasses) > 0 {
		labels := make([]string, len(plan.NewClasses))
		for i, k := range plan.NewClasses {
			labels[i] = app.ClassLabel(k.Grade, k.Name)
		}
		l := widget.NewLabel(i18n.T("importscreen.new_classes", len(plan.NewClasses), strings.Join(labels, sep)))
		l.Truncation = fyne.TextTruncateEllipsis
		newClasses = l
	}
	top.Add(container.NewBorder(nil, nil, counts, nil, newClasses))
	if len(plan.Rejected) > 0 {
		l := newWrapLabel(i18n.T("importscreen.rejected_hint", len(plan.Rejected)))
		l.Importance = widget.DangerImportance
		top.Add(l)
	}
	if !p.canConfirm() {
		l := widget.NewLabel(i18n.T("importscreen.nothing_to_do"))
		l.Importance = widget.WarningImportance
		top.Add(l)
	}

	// Rejected rows first: they are what the school has to fix.
	p.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon(i18n.T("importscreen.tab.rejected", len(plan.Rejected)), theme.ErrorIcon(), problemTableNamed(plan.Rejected, p.opts.nameHeader)),
		container.NewTabItemWithIcon(i18n.T("importscreen.tab.warnings", len(plan.Warnings)), theme.WarningIcon(), problemTableNamed(plan.Warnings, p.opts.nameHeader)),
		container.NewTabItem(i18n.T("importscreen.tab.added", plan.Added), p.itemTable(app.ActionAdd)),
		container.NewTabItem(i18n.T("importscreen.tab.updated", plan.Updated), p.itemTable(app.ActionUpdate)),
	)
	if len(plan.Missing) > 0 {
		p.tabs.Append(container.NewTabItemWithIcon(i18n.T("importscreen.tab.missing", len(plan.Missing)), theme.QuestionIcon(), missingTable(plan.Missing)))
	}
	switch {
	case len(plan.Rejected) > 0:
		p.tabs.SelectIndex(0)
	case plan.Removals > 0:
		p.tabs.SelectIndex(3)
	case plan.Added > 0 || len(plan.Warnings) == 0:
		p.tabs.SelectIndex(2)
	default:
		p.tabs.SelectIndex(1)
	}

	p.confirmBtn = widget.NewButtonWithIcon(i18n.T("importscreen.confirm"), theme.ConfirmIcon(), p.confirm)
	p.confirmBtn.Importance = widget.HighImportance
	p.cancelBtn = widget.NewButtonWithIcon(i18n.T("importscreen.cancel"), theme.CancelIcon(), func() {
		if !p.busy && p.opts.onCancel != nil {
			p.opts.onCancel()
		}
	})
	p.bar = newCountBar(0, "")
	p.bar.Hide()
	p.wait = widget.NewProgressBarInfinite()
	p.wait.Hide()
	p.wait.Stop()
	p.updateButtons()

	buttons := container.NewBorder(nil, nil, nil, container.NewHBox(p.cancelBtn, p.confirmBtn),
		container.NewStack(p.bar, p.wait))
	p.content = container.NewBorder(top, buttons, nil, nil, p.tabs)
}

// canConfirm is false when the import would write nothing.
func (p *importPreview) canConfirm() bool { return p.plan.Added+p.plan.Updated > 0 }

func (p *importPreview) updateButtons() {
	if p.busy || !p.canConfirm() {
		p.confirmBtn.Disable()
	} else {
		p.confirmBtn.Enable()
	}
	if p.busy {
		p.cancelBtn.Disable()
	} else {
		p.cancelBtn.Enable()
	}
}

func (p *importPreview) setBusy(busy bool) {
	p.busy = busy
	p.updateButtons()
	switch {
	case busy && p.opts.reportsProgress:
		p.bar.Set(0, percentText(0))
		p.bar.Show()
	case busy:
		p.wait.Show()
		p.wait.Start()
	default:
		p.bar.Hide()
		p.wait.Stop()
		p.wait.Hide()
	}
	if p.opts.onBusy != nil {
		p.opts.onBusy(busy)
	}
}

// confirm applies the import off the UI goroutine. On an error nothing
// was written (the services guarantee it) and the preview stays.
func (p *importPreview) confirm() {
	if p.busy || !p.canConfirm() {
		return
	}
	p.setBusy(true)
	var progress func(done, total int)
	if p.opts.reportsProgress {
		progress = p.progressFunc()
	}
	apply := p.opts.apply
	p.run(func() {
		result, err := apply(progress)
		fyne.Do(func() {
			p.setBusy(false)
			if err != nil {
				p.env.ShowError(err)
				return
			}
			if p.opts.onDone != nil {
				p.opts.onDone(result)
			}
		})
	})
}

// progressFunc returns a progress callback that redraws the bar at most
// every progressEvery, and always for the last row.
func (p *importPreview) progressFunc() func(done, total int) {
	var last atomic.Int64
	return func(done, total int) {
		if total <= 0 {
			return
		}
		now := time.Now().UnixNano()
		if done < total && now-last.Load() < int64(progressEvery) {
			return
		}
		last.Store(now)
		v := float64(done) / float64(total)
		fyne.Do(func() {
			if p.busy {
				p.bar.Set(v, percentText(v))
			}
		})
	}
}

// problemTable lists rejected rows or warnings: row number, name, reason.
func problemTable(problems []app.RowProblem) fyne.CanvasObject {
	return problemTableNamed(problems, "")
}

// problemTableNamed is problemTable whose name column is header (a
// school's name, say); "" is a person's.
func problemTableNamed(problems []app.RowProblem, header string) fyne.CanvasObject {
	if header == "" {
		header = i18n.T("importscreen.col.name")
	}
	if len(problems) == 0 {
		return container.NewCenter(widget.NewLabel(i18n.T("importscreen.none")))
	}
	rows := make([][]string, len(problems))
	for i, pr := range problems {
		reason := ""
		if pr.Reason != nil {
			reason = i18n.Err(pr.Reason)
		}
		rows[i] = []string{strconv.Itoa(pr.Line), pr.Name, reason}
	}
	return textTable([]string{
		i18n.T("importscreen.col.line"),
		header,
		i18n.T("importscreen.col.reason"),
	}, []string{"99999", "欧阳思思思", "班里有多名叫“欧阳思思”的学生且没有学号，无法确定是哪一位"}, rows)
}

// itemTable lists the rows that will be added or updated. Updates show
// what they change; those that remove something come first, in red.
func (p *importPreview) itemTable(action app.ImportAction) fyne.CanvasObject {
	// updates that change something, removals first; a class or staff
	// import has no changes to list
	items := p.plan.Changed()
	changes := action == app.ActionUpdate && len(items) > 0
	if !changes {
		items = nil
		for _, it := range p.plan.Items {
			if it.Action == action {
				items = append(items, it)
			}
		}
	}
	if len(items) == 0 {
		return container.NewCenter(widget.NewLabel(i18n.T("importscreen.none")))
	}
	headers := append([]string{i18n.T("importscreen.col.line")}, p.opts.itemHeaders...)
	samples := []string{"99999"}
	for range p.opts.itemHeaders {
		samples = append(samples, "三年级12班 欧阳思思")
	}
	if changes {
		headers = append(headers, i18n.T("importscreen.col.changes"))
	}
	rows := make([][]string, len(items))
	danger := make([]bool, len(items))
	for i, it := range items {
		rows[i] = append([]string{strconv.Itoa(it.Line)}, p.opts.itemCells(it)...)
		if changes {
			texts := make([]string, len(it.Changes))
			for j, c := range it.Changes {
				texts[j] = c.String()
			}
			rows[i] = append(rows[i], strings.Join(texts, i18n.T("importscreen.change_sep")))
		}
		danger[i] = it.Removes()
	}
	return rowsTable(headers, samples, rows, func(row int) widget.Importance {
		if danger[row] {
			return widget.DangerImportance
		}
		return widget.MediumImportance
	})
}
