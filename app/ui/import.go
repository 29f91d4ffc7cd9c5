package ui

import (
	"context"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// importKind is what a sheet holds.
type importKind string

// The kinds of sheet a school imports.
const (
	kindRoster  importKind = "roster"
	kindClasses importKind = "classes"
	kindStaff   importKind = "staff"
)

var importKinds = []importKind{kindRoster, kindClasses, kindStaff}

func (k importKind) label() string {
	switch k {
	case kindClasses:
		return i18n.T("importscreen.kind.classes")
	case kindStaff:
		return i18n.T("importscreen.kind.staff")
	}
	return i18n.T("importscreen.kind.roster")
}

func (k importKind) help() string {
	switch k {
	case kindClasses:
		return i18n.T("importscreen.help.classes")
	case kindStaff:
		return i18n.T("importscreen.help.staff")
	}
	return i18n.T("importscreen.help.roster")
}

// summary says what an import did, e.g. 已新增 40、更新 5 名学生.
func (k importKind) summary(p *app.ImportPlan) string {
	switch k {
	case kindClasses:
		return i18n.T("importscreen.done.classes", p.Added, p.Updated)
	case kindStaff:
		return i18n.T("importscreen.done.staff", p.Added, p.Updated)
	}
	return i18n.T("importscreen.done.roster", p.Added, p.Updated)
}

// ImportScreen imports the roster, classes and staff from Excel or CSV:
// pick a file, see the preview (nothing is written yet), confirm.
type ImportScreen struct {
	env        *Env
	onImported func()
	// run starts background work; tests make it synchronous.
	run func(func())

	kind     importKind
	content  fyne.CanvasObject
	kinds    *widget.RadioGroup
	help     *wrapLabel
	choose   *widget.Button
	template *widget.Button
	status   *widget.Label
	wait     *widget.ProgressBarInfinite
	body     *fyne.Container

	preview    *importPreview // the preview shown, nil for none
	year       *yearBar       // the school year and 升年级; nil without the service
	yearLoaded bool
	reading    bool
}

// NewImportScreen builds the import screen; onImported runs after a
// successful import so other screens can reload.
func NewImportScreen(env *Env, onImported func()) *ImportScreen {
	s := &ImportScreen{env: env, onImported: onImported, kind: kindRoster, run: func(f func()) { runAsync(f) }}
	s.build()
	return s
}

// Content returns the screen's widgets; the first call loads the school
// year.
func (s *ImportScreen) Content() fyne.CanvasObject {
	if s.year != nil && !s.yearLoaded {
		s.yearLoaded = true
		s.year.load()
	}
	return s.content
}

func (s *ImportScreen) build() {
	labels := make([]string, len(importKinds))
	for i, k := range importKinds {
		labels[i] = k.label()
	}
	s.kinds = widget.NewRadioGroup(labels, func(label string) {
		for _, k := range importKinds {
			if k.label() == label && k != s.kind {
				s.setKind(k)
			}
		}
	})
	s.kinds.Horizontal = true
	s.kinds.Required = true
	s.kinds.SetSelected(s.kind.label())

	s.help = newWrapLabel(s.kind.help())
	s.choose = widget.NewButtonWithIcon(i18n.T("importscreen.choose"), theme.FolderOpenIcon(), s.chooseFile)
	s.choose.Importance = widget.HighImportance
	s.template = widget.NewButtonWithIcon(i18n.T("importscreen.template"), theme.DownloadIcon(), s.chooseTemplate)
	s.status = widget.NewLabel("")
	s.wait = widget.NewProgressBarInfinite()
	s.wait.Hide()
	s.wait.Stop()

	s.body = container.NewStack()
	s.showHint()

	// the school year and 升年级 at the right of the file buttons: each
	// September, first the classes move up, then the roster
	var year fyne.CanvasObject
	if s.env.Services.Years != nil {
		s.year = newYearBar(s.env, func(f func()) { s.run(f) }, s.onImported)
		year = s.year.content
	}
	top := container.NewVBox(
		pageTitle(i18n.T("nav.import")),
		s.kinds,
		s.help,
		container.NewBorder(nil, nil, container.NewHBox(s.choose, s.template), year,
			container.NewBorder(nil, nil, s.status, nil, s.wait)),
		widget.NewSeparator(),
	)
	s.content = container.NewBorder(top, nil, nil, nil, s.body)
	s.updateControls()
}

func (s *ImportScreen) setKind(k importKind) {
	s.kind = k
	s.help.SetText(k.help())
	if s.kinds.Selected != k.label() {
		s.kinds.SetSelected(k.label())
	}
	s.showHint() // a preview belongs to the kind it was made for
	s.updateControls()
}

func (s *ImportScreen) busy() bool {
	return s.reading || (s.preview != nil && s.preview.busy)
}

func (s *ImportScreen) updateControls() {
	if s.kind == kindRoster {
		s.template.Show()
	} else {
		s.template.Hide()
	}
	if s.busy() {
		s.kinds.Disable()
		s.choose.Disable()
		s.template.Disable()
	} else {
		s.kinds.Enable()
		s.choose.Enable()
		s.template.Enable()
	}
}

func (s *ImportScreen) setBody(o fyne.CanvasObject) {
	s.body.Objects = []fyne.CanvasObject{o}
	s.body.Refresh()
}

func (s *ImportScreen) showHint() {
	s.preview = nil
	hint := widget.NewLabel(i18n.T("importscreen.hint"))
	hint.Alignment = fyne.TextAlignCenter
	s.setBody(container.NewCenter(hint))
}

// setReading shows that a file is being read and checked.
func (s *ImportScreen) setReading(reading bool, text string) {
	s.reading = reading
	s.status.SetText(text)
	if reading {
		s.wait.Show()
		s.wait.Start()
	} else {
		s.wait.Stop()
		s.wait.Hide()
	}
	s.updateControls()
}

func (s *ImportScreen) chooseFile() {
	if s.busy() {
		return
	}
	kind := s.kind
	// .xls is offered so that the reader can tell the user to re-save it
	chooseOpenPath(s.env, []string{".xlsx", ".csv", ".xls"}, func(path string) { s.previewFile(kind, path) })
}

func (s *ImportScreen) chooseTemplate() {
	if s.busy() {
		return
	}
	chooseSavePath(s.env, i18n.T("importscreen.template.filename"), ".xlsx", s.saveTemplate)
}

// saveTemplate writes the roster template to path off the UI goroutine.
func (s *ImportScreen) saveTemplate(path string) {
	sheets := s.env.Services.Sheets
	s.setReading(true, i18n.T("importscreen.template.saving"))
	s.run(func() {
		err := sheets.WriteRosterTemplate(path)
		fyne.Do(func() {
			s.setReading(false, "")
			if err != nil {
				s.env.ShowError(err)
				return
			}
			s.env.ShowInfo(i18n.T("importscreen.template"), i18n.T("importscreen.template.saved", path))
		})
	})
}

// loadedFile is a file read and previewed, ready for the preview screen.
type loadedFile struct {
	plan        *app.ImportPlan
	source      []string
	apply       func(progress func(done, total int)) (*app.ImportPlan, error)
	hasProgress bool
}

// previewFile reads a file of the given kind and plans its import, off
// the UI goroutine, then shows the preview. Nothing is written.
func (s *ImportScreen) previewFile(kind importKind, path string) {
	if s.busy() {
		return
	}
	if kind != s.kind {
		s.setKind(kind)
	}
	s.showHint()
	s.setReading(true, i18n.T("importscreen.reading", filepath.Base(path)))
	ctx := s.env.Ctx()
	svc := s.env.Services
	s.run(func() {
		f, err := loadFile(ctx, svc, kind, path)
		fyne.Do(func() {
			s.setReading(false, "")
			if err != nil {
				s.env.ShowError(err)
				return
			}
			if kind != s.kind {
				return // the user switched kinds meanwhile
			}
			s.showPreview(kind, f)
		})
	})
}

func loadFile(ctx context.Context, svc app.Services, kind importKind, path string) (*loadedFile, error) {
	name := i18n.T("importscreen.source.file", filepath.Base(path))
	switch kind {
	case kindClasses:
		return loadSheet(ctx, name, func() ([]app.ClassRow, error) { return svc.Sheets.ReadClasses(path) },
			svc.Classes.PreviewClasses, svc.Classes.ImportClasses)
	case kindStaff:
		return loadSheet(ctx, name, func() ([]app.StaffRow, error) { return svc.Sheets.ReadStaff(path) },
			svc.Staff.PreviewStaff, svc.Staff.ImportStaff)
	}
	file, err := svc.Sheets.ReadRoster(path)
	if err != nil {
		return nil, err
	}
	plan, err := svc.Roster.PreviewRoster(ctx, file.Rows)
	if err != nil {
		return nil, err
	}
	sep := i18n.T("importscreen.list_sep")
	where := i18n.T("importscreen.source.csv", file.HeaderLine)
	if file.Sheet != "" {
		where = i18n.T("importscreen.source.sheet", file.Sheet, file.HeaderLine)
	}
	source := []string{name + sep + where + sep + i18n.T("importscreen.source.rows", len(file.Rows))}
	if len(file.Columns) > 0 {
		source = append(source, i18n.T("importscreen.source.columns", strings.Join(file.Columns, sep)))
	}
	rows := file.Rows
	return &loadedFile{
		plan:   plan,
		source: source,
		apply: func(progress func(int, int)) (*app.ImportPlan, error) {
			return svc.Roster.ImportRoster(ctx, rows, progress)
		},
		hasProgress: true,
	}, nil
}

// loadSheet reads and previews a class or staff sheet: the rows carry no
// progress, so the import shows an endless bar.
func loadSheet[R any](ctx context.Context, name string, read func() ([]R, error),
	preview, apply func(context.Context, []R) (*app.ImportPlan, error)) (*loadedFile, error) {
	rows, err := read()
	if err != nil {
		return nil, err
	}
	plan, err := preview(ctx, rows)
	if err != nil {
		return nil, err
	}
	return &loadedFile{
		plan:   plan,
		source: []string{name + i18n.T("importscreen.list_sep") + i18n.T("importscreen.source.rows", len(rows))},
		apply: func(func(int, int)) (*app.ImportPlan, error) {
			return apply(ctx, rows)
		},
	}, nil
}

func (s *ImportScreen) showPreview(kind importKind, f *loadedFile) {
	opts := previewOptions{
		source:          f.source,
		apply:           f.apply,
		reportsProgress: f.hasProgress,
		onBusy:          func(bool) { s.updateControls() },
		onCancel:        s.showHint,
		onDone:          func(result *app.ImportPlan) { s.showResult(kind, result) },
	}
	switch kind {
	case kindRoster:
		opts.itemHeaders = []string{i18n.T("importscreen.col.name"), i18n.T("importscreen.col.class")}
		opts.itemCells = func(it app.PlanItem) []string { return []string{it.Name, classKeyLabel(it.Class)} }
	case kindClasses:
		opts.itemHeaders = []string{i18n.T("importscreen.col.class")}
		opts.itemCells = func(it app.PlanItem) []string {
			if l := classKeyLabel(it.Class); l != "" {
				return []string{l}
			}
			return []string{it.Name}
		}
	default:
		opts.itemHeaders = []string{i18n.T("importscreen.col.name")}
		opts.itemCells = func(it app.PlanItem) []string { return []string{it.Name} }
	}
	s.preview = newImportPreview(s.env, s.run, f.plan, opts)
	s.setBody(s.preview.content)
	s.updateControls()
}

func classKeyLabel(k app.ClassKey) string {
	if k.Grade == 0 && k.Name == "" {
		return ""
	}
	return app.ClassLabel(k.Grade, k.Name)
}

// confirm applies the previewed import.
func (s *ImportScreen) confirm() {
	if s.preview != nil {
		s.preview.confirm()
	}
}

// showResult replaces the preview with what the import did, and lets the
// other screens reload.
func (s *ImportScreen) showResult(kind importKind, result *app.ImportPlan) {
	s.preview = nil
	done := widget.NewLabel(kind.summary(result))
	done.TextStyle.Bold = true
	done.Importance = widget.SuccessImportance
	done.Alignment = fyne.TextAlignCenter
	box := container.NewVBox(widget.NewIcon(theme.ConfirmIcon()), done)
	if n := len(result.NewClasses); n > 0 {
		box.Add(centered(i18n.T("importscreen.done.new_classes", n)))
	}
	if n := len(result.Rejected); n > 0 {
		l := centered(i18n.T("importscreen.done.rejected", n))
		l.Importance = widget.DangerImportance
		box.Add(l)
	}
	if n := len(result.Missing); n > 0 && s.env.Services.Students != nil {
		box.Add(centered(i18n.T("importscreen.done.missing", n)))
		var transfer *widget.Button
		transfer = widget.NewButtonWithIcon(i18n.T("importscreen.missing.transfer", n), theme.LogoutIcon(), func() {
			s.transferMissing(result.Missing, transfer)
		})
		box.Add(container.NewCenter(transfer))
	}
	s.setBody(container.NewCenter(box))
	s.updateControls()
	if s.onImported != nil {
		s.onImported()
	}
}

// transferMissing marks the students a roster did not name 转出, once the
// admin confirms; their records stay.
func (s *ImportScreen) transferMissing(ms []app.MissingStudent, button *widget.Button) {
	confirmDanger(s.env.Window, i18n.T("importscreen.missing.transfer", len(ms)), confirmText(i18n.T("importscreen.missing.confirm", len(ms))),
		i18n.T("importscreen.missing.do"), func(ok bool) {
			if !ok {
				return
			}
			ctx, svc := s.env.Ctx(), s.env.Services.Students
			button.Disable()
			s.run(func() {
				err := svc.SetStatus(ctx, app.StatusChange{StudentIDs: missingIDs(ms), To: app.StatusTransferred, Note: i18n.T("import.missing_note")})
				fyne.Do(func() {
					if err != nil {
						button.Enable()
						s.env.ShowError(err)
						return
					}
					s.env.ShowInfo(i18n.T("dirscreen.status.done_title"), i18n.T("importscreen.missing.done", len(ms)))
					if s.onImported != nil {
						s.onImported()
					}
				})
			})
		})
}

func centered(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Alignment = fyne.TextAlignCenter
	return l
}
