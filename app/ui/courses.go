package ui

import (
	"net/url"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// pageCourses is the 公开课 page: the bureau's open courses, for every
// teacher, offline.
const pageCourses = "courses"

// CoursesScreen lists the school's open courses by subject and grade;
// a course shows its files, ready or not (with progress when partial),
// and a ready file opens with the system's viewer, counting an open.
type CoursesScreen struct {
	env *Env
	// open shows a file with the system's viewer; tests replace it.
	open func(u *url.URL) error

	subject, grade *widget.Select
	msg            *wrapLabel
	left           *fyne.Container // the message over the list
	list           *widget.List
	items          []*app.SchoolCourse
	detail         *fyne.Container
	shown          string         // the UUID of the course on show
	importBtn      *widget.Button // 导入课程包, for an administrator or the principal
	busy           *busyIndicator
	settings       *wrapLabel // the download's cap and class hours
	set            app.CourseSettings
	content        fyne.CanvasObject
	started        bool
	loads          int // the latest load: an older one's answer is dropped
}

// NewCoursesScreen builds the page; its list loads when first shown.
func NewCoursesScreen(env *Env) *CoursesScreen {
	s := &CoursesScreen{env: env, open: env.App.OpenURL, msg: newWrapLabel(i18n.T("course.ui.loading")), detail: container.NewStack(),
		busy: newBusyIndicator(), settings: newWrapLabel("")}
	all := i18n.T("course.ui.all_subjects")
	s.subject = widget.NewSelect([]string{all}, func(string) { s.reload() })
	s.subject.Selected = all
	grades := []string{i18n.T("course.ui.all_grades")}
	for g := app.MinGrade; g <= app.MaxGrade; g++ {
		grades = append(grades, app.GradeName(g))
	}
	s.grade = widget.NewSelect(grades, func(string) { s.reload() })
	s.grade.Selected = grades[0]
	s.list = twoLineList(func() int { return len(s.items) }, func(id int) (string, string) {
		return s.items[id].Title, courseMeta(s.items[id])
	})
	s.list.OnSelected = func(id widget.ListItemID) {
		if id < len(s.items) {
			s.show(s.items[id])
		}
	}
	buttons := container.NewHBox(widget.NewButtonWithIcon(i18n.T("course.ui.refresh"), theme.ViewRefreshIcon(), s.reload))
	if env.Account.ReadsAll() && !env.Account.ReadOnly {
		s.importBtn = widget.NewButtonWithIcon(i18n.T("course.ui.import"), theme.UploadIcon(), s.chooseImport)
		buttons.Add(s.importBtn)
	}
	title := pageTitle(i18n.T("nav.courses"))
	title.Truncation = fyne.TextTruncateOff // short, and a page's title is read whole
	top := container.NewBorder(nil, s.busy.box, title, buttons, container.NewGridWithColumns(2, s.subject, s.grade))
	foot := fyne.CanvasObject(s.settings)
	if env.Account.ReadsAll() && !env.Account.ReadOnly {
		change := widget.NewButtonWithIcon(i18n.T("course.ui.settings"), theme.SettingsIcon(), s.editSettings)
		foot = container.NewBorder(nil, nil, nil, container.NewVBox(change), s.settings)
	}
	s.left = container.NewBorder(s.msg, foot, nil, nil, s.list)
	split := container.NewHSplit(s.left, s.detail)
	split.Offset = 0.38
	s.content = container.NewBorder(container.NewVBox(top, widget.NewSeparator()), nil, nil, nil, split)
	s.showHint()
	return s
}

// Content returns the page, loading the courses the first time.
func (s *CoursesScreen) Content() fyne.CanvasObject {
	if !s.started {
		s.started = true
		s.reload()
	}
	return s.content
}

// filter is the subject and grade chosen.
func (s *CoursesScreen) filter() app.CourseFilter {
	var f app.CourseFilter
	if i := s.subject.SelectedIndex(); i > 0 {
		f.Subject = s.subject.Selected
	}
	if i := s.grade.SelectedIndex(); i > 0 {
		f.Grade = app.MinGrade + i - 1
	}
	return f
}

// reload fetches the subjects and the courses the filter picks, off the
// UI goroutine.
func (s *CoursesScreen) reload() {
	s.loads++
	load, ctx, svc, f := s.loads, s.env.Ctx(), s.env.Services.Courses, s.filter()
	runAsync(func() {
		subjects, err := svc.Subjects(ctx)
		var items []*app.SchoolCourse
		var set app.CourseSettings
		if err == nil {
			items, err = svc.Courses(ctx, f)
		}
		if err == nil {
			set, err = svc.CourseSettings(ctx)
		}
		fyne.Do(func() {
			if load != s.loads {
				return
			}
			if err != nil {
				s.msg.SetText(i18n.Err(err))
				s.msg.Show()
				s.left.Refresh()
				return
			}
			s.setSubjects(subjects)
			s.set = set
			s.settings.SetText(courseSettingsText(set))
			s.items = items
			s.list.UnselectAll()
			s.list.Refresh()
			s.msg.SetText(i18n.T("course.ui.empty"))
			setVisible(s.msg, len(items) == 0)
			s.left.Refresh() // the list takes the message's room
			i := slices.IndexFunc(items, func(c *app.SchoolCourse) bool { return c.UUID == s.shown })
			if i < 0 {
				s.shown = ""
				s.showHint()
				return
			}
			s.show(items[i])
		})
	})
}

// setSubjects offers the subjects of the school's courses, keeping the
// one chosen.
func (s *CoursesScreen) setSubjects(subjects []string) {
	options := append([]string{i18n.T("course.ui.all_subjects")}, subjects...)
	if !slices.Equal(options, s.subject.Options) {
		s.subject.Options = options
		if !slices.Contains(options, s.subject.Selected) {
			s.subject.Selected = options[0]
		}
		s.subject.Refresh()
	}
}

// courseSettingsText is the download's settings in a line.
func courseSettingsText(set app.CourseSettings) string {
	limit, hours := i18n.T("course.bandwidth.none"), i18n.T("course.class_hours.none")
	if set.Bandwidth > 0 {
		limit = i18n.T("course.bandwidth.kbs", set.Bandwidth/1024)
	}
	if set.ClassHours != "" {
		hours = set.ClassHours
	}
	return i18n.T("course.ui.settings_line", limit, hours)
}

// editSettings asks for the download's cap (KB/s, as people read a
// link's speed) and class hours, and stores them.
func (s *CoursesScreen) editSettings() {
	kbs := widget.NewEntry()
	kbs.SetText(strconv.FormatInt(s.set.Bandwidth/1024, 10))
	kbs.Validator = func(v string) error {
		if n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err != nil || n < 0 {
			return app.Errorf(app.EINVALID, "course.ui.error.kbs", v)
		}
		return nil
	}
	hours := widget.NewEntry()
	hours.SetText(s.set.ClassHours)
	hours.SetPlaceHolder("08:00-11:50,14:00-17:00")
	hours.Validator = func(v string) error {
		_, err := app.ParseClassHours(v)
		return err
	}
	items := []*widget.FormItem{
		widget.NewFormItem(i18n.T("course.ui.kbs"), kbs),
		widget.NewFormItem(i18n.T("course.ui.class_hours"), hours),
	}
	items[0].HintText = i18n.T("course.ui.kbs_hint")
	items[1].HintText = i18n.T("course.ui.class_hours_hint")
	dlg := dialog.NewForm(i18n.T("course.ui.settings"), i18n.T("formpage.ok"), i18n.T("formpage.cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		n, _ := strconv.ParseInt(strings.TrimSpace(kbs.Text), 10, 64)
		set := app.CourseSettings{Bandwidth: n * 1024, ClassHours: strings.TrimSpace(hours.Text)}
		ctx, svc := s.env.Ctx(), s.env.Services.Courses
		runAsync(func() {
			err := svc.SetCourseSettings(ctx, set)
			fyne.Do(func() {
				if err != nil {
					s.env.ShowError(err)
					return
				}
				s.set = set
				s.settings.SetText(courseSettingsText(set))
			})
		})
	}, s.env.Window)
	dlg.Resize(fyne.NewSize(min(520, s.env.Window.Canvas().Size().Width*0.9), dlg.MinSize().Height))
	dlg.Show()
}

// chooseImport asks for a course package (a USB stick's) and imports it.
func (s *CoursesScreen) chooseImport() {
	chooseOpenPath(s.env, []string{".jxjcourse"}, s.importPackage)
}

// importPackage imports a package off the UI goroutine (a package of
// several GB takes minutes), then shows what it did and the course.
func (s *CoursesScreen) importPackage(path string) {
	ctx, svc := s.env.Ctx(), s.env.Services.Courses
	var r *app.CourseImport
	s.busy.job(runAsync, i18n.T("course.ui.importing", filepath.Base(path)), s.refreshButtons, func() (err error) {
		r, err = svc.ImportCourse(ctx, path)
		return err
	}, orShow(s.env, func() {
		s.env.ShowInfo(i18n.T("course.ui.import"), i18n.T("course.cli.imported", r.Course.Title, r.Written, r.Kept))
		s.shown = r.Course.UUID
		s.reload()
	}))
}

// refreshButtons disables the import while one runs.
func (s *CoursesScreen) refreshButtons() {
	if s.importBtn == nil {
		return
	}
	if s.busy.busy() {
		s.importBtn.Disable()
	} else {
		s.importBtn.Enable()
	}
}

// courseMeta is the line under a course's title: subject, grades and
// whether it is ready.
func courseMeta(c *app.SchoolCourse) string {
	return i18n.T("course.ui.meta", c.Subject, app.GradeRangeName(c.GradeFrom, c.GradeTo), courseReadiness(c))
}

// courseReadiness is 可观看, or the share of the course's bytes here.
func courseReadiness(c *app.SchoolCourse) string {
	if c.Ready() {
		return i18n.T("course.state.ready")
	}
	have, total := c.Progress()
	if have == 0 {
		return i18n.T("course.state.waiting")
	}
	return i18n.T("course.state.progress", int(have*100/max(total, 1)))
}

func (s *CoursesScreen) showHint() {
	hint := newWrapLabel(i18n.T("course.ui.pick"))
	s.detail.Objects = []fyne.CanvasObject{container.NewVBox(hint)}
	s.detail.Refresh()
}

// show shows a course: its description and its files, each with its
// state and, when ready, a button that opens it.
func (s *CoursesScreen) show(c *app.SchoolCourse) {
	s.shown = c.UUID
	// a course's title may be long: it wraps, as its description does
	title := newWrapLabelWithStyle(c.Title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameSubHeadingText
	meta := widget.NewLabel(i18n.T("course.ui.detail_meta", c.Subject, app.GradeRangeName(c.GradeFrom, c.GradeTo),
		app.FormatDate(c.PublishedAt), courseReadiness(c)))
	meta.Truncation = fyne.TextTruncateEllipsis
	box := container.NewVBox(title, meta)
	if strings.TrimSpace(c.Description) != "" {
		box.Add(newWrapLabel(c.Description))
	}
	box.Add(widget.NewSeparator())
	box.Add(fieldLabel(i18n.T("course.ui.files")))
	for _, f := range c.Files {
		box.Add(s.fileRow(f))
	}
	if !c.Ready() {
		box.Add(newWrapLabel(i18n.T("course.ui.not_ready_hint")))
	}
	s.detail.Objects = []fyne.CanvasObject{container.NewVScroll(box)}
	s.detail.Refresh()
}

// fileRow is one file: its name and size, and its state, a progress bar
// or the button that opens it.
func (s *CoursesScreen) fileRow(f app.SchoolCourseFile) fyne.CanvasObject {
	name := widget.NewLabel(i18n.T("notices.attachment", f.Name, fileSize(f.Size)))
	name.Truncation = fyne.TextTruncateEllipsis
	var right fyne.CanvasObject
	switch f.State {
	case app.CourseFileReady:
		right = widget.NewButtonWithIcon(i18n.T("course.ui.open"), theme.MediaPlayIcon(), func() { s.openFile(f) })
	case app.CourseFilePartial:
		bar := widget.NewProgressBar()
		bar.Max = float64(max(f.Size, 1))
		bar.SetValue(float64(min(f.Have, f.Size)))
		right = container.NewGridWrap(fyne.NewSize(140, bar.MinSize().Height), bar)
	default:
		right = widget.NewLabel(i18n.T("course.state.waiting"))
	}
	return container.NewBorder(nil, nil, widget.NewIcon(theme.FileVideoIcon()), right, name)
}

// openFile counts an open and shows the file with the system's viewer.
func (s *CoursesScreen) openFile(f app.SchoolCourseFile) {
	ctx, svc := s.env.Ctx(), s.env.Services.Courses
	runAsync(func() {
		path, err := svc.OpenCourseFile(ctx, f.ID)
		fyne.Do(func() {
			if err == nil {
				if oerr := s.open(fileURL(path)); oerr != nil {
					err = app.Errorf(app.EINVALID, "course.ui.error.open", f.Name, oerr)
				}
			}
			if err != nil {
				s.env.ShowError(err)
			}
		})
	})
}

// fileURL is the file:// URL of an absolute path, on Windows too
// (file:///C:/…).
func fileURL(path string) *url.URL { return slashURL(filepath.ToSlash(path)) }

// slashURL is the file:// URL of an absolute path written with slashes.
func slashURL(p string) *url.URL {
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return &url.URL{Scheme: "file", Path: p}
}
