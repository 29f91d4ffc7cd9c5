package ui

import (
	"context"
	"slices"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

const consolePageCourses = "courses"

// consoleCourses is 公开课: the courses the bureau published, newest
// first, withdrawn ones in grey; a course opens its status per school
// (consoleCourseFollow); 发布公开课 opens the editor
// (consoleCourseCompose).
type consoleCourses struct {
	u    *ConsoleUI
	page listPage

	items []*app.HubCourse
	rows  [][]string

	consoleList
	newB *widget.Button

	// the sub-view open, for tests
	follow  *consoleCourseFollow
	compose *consoleCourseCompose
}

func newConsoleCourses(u *ConsoleUI) *consoleCourses {
	s := &consoleCourses{u: u, page: newListPage()}
	s.consoleList = newConsoleList(courseHeaders(), s.columns(), func() int { return len(s.rows) }, func(row, col int) (string, widget.Importance) {
		if !s.items[row].RevokedAt.IsZero() {
			return s.rows[row][col], widget.LowImportance
		}
		return s.rows[row][col], widget.MediumImportance
	}, func(row int) { s.Open(s.items[row]) }, s.reload)
	s.newB = widget.NewButtonWithIcon(i18n.T("console_course.new"), theme.ContentAddIcon(), s.Compose)
	s.newB.Importance = widget.HighImportance
	head := container.NewBorder(nil, nil, nil, container.NewHBox(s.refreshB, s.newB), pageTitle(i18n.T("console_course.nav")))
	s.page.listView = container.NewBorder(container.NewVBox(head, s.count, s.errL), nil, nil, nil, s.tableBox)
	s.page.setView(s.page.listView)
	s.connectionChanged()
	return s
}

func (s *consoleCourses) Content() fyne.CanvasObject { return s.page.content(s.reload) }

func (s *consoleCourses) connectionChanged() {
	s.u.setActions(true, s.newB)
	if s.follow != nil {
		s.follow.actions()
	}
	if s.compose != nil {
		s.u.setActions(true, s.compose.sendB)
	}
}

func courseHeaders() []string {
	return []string{i18n.T("bureau_console.col.title"), i18n.T("console_course.col.subject"), i18n.T("console_course.col.grades"),
		i18n.T("console_course.col.files"), i18n.T("bureau_console.col.published"), i18n.T("console_course.col.ready"),
		i18n.T("bureau_console.col.state")}
}

// columns: title, subject, grades, files, published, ready, state.
func (s *consoleCourses) columns() []column {
	cols := sampledColumns(courseHeaders(), s.rows, 0)
	cols[4].samples = append(cols[4].samples, "2026-12-05 12:00")
	return cols
}

func (s *consoleCourses) reload() {
	s.page.started = true
	consoleLoad(s.u, s.refreshB, s.errL, s.count, app.BureauConsole.Courses, s.show)
}

func (s *consoleCourses) show(items []*app.HubCourse) {
	items = slices.Clone(items)
	slices.SortStableFunc(items, func(a, b *app.HubCourse) int { return b.PublishedAt.Compare(a.PublishedAt) })
	s.items = items
	s.rows = make([][]string, len(items))
	for i, c := range items {
		state := i18n.T("bureau_console.notice.active")
		if !c.RevokedAt.IsZero() {
			state = i18n.T("bureau_console.notice.revoked")
		}
		s.rows[i] = []string{c.Title, c.Subject, app.GradeRangeName(c.GradeFrom, c.GradeTo), courseFilesText(c),
			app.FormatMinute(c.PublishedAt), strconv.Itoa(c.Ready) + " / " + strconv.Itoa(c.Schools), state}
	}
	s.count.SetText(i18n.T("console_course.count", len(items)))
	s.fit.measure(s.columns())
	s.table.Refresh()
}

// courseFilesText is a course's files in a few words: how many, how big.
func courseFilesText(c *app.HubCourse) string {
	return i18n.T("console_course.files", len(c.Files), fileSize(c.Size()))
}

// Compose opens the editor of a new course; once published, the course's
// page shows.
func (s *consoleCourses) Compose() {
	s.follow = nil
	s.compose = newConsoleCourseCompose(s.u, s.back, func(c *app.HubCourse) {
		s.reload()
		s.Open(c)
	})
	s.page.setView(s.compose.Content())
	s.u.win.Canvas().Focus(s.compose.title)
}

// Open shows a course's status per school.
func (s *consoleCourses) Open(c *app.HubCourse) {
	s.compose = nil
	s.follow = newConsoleCourseFollow(s.u, c, s.back)
	s.page.setView(s.follow.Content())
}

// back shows the list again, as it is on the hub now.
func (s *consoleCourses) back() {
	s.follow, s.compose = nil, nil
	s.page.setView(s.page.listView)
	s.reload()
}

// consoleCourseFollow is a course's status at each school: received,
// ready, files downloaded, times opened (counts only: a school reports
// no names), and 撤回.
type consoleCourseFollow struct {
	u      *ConsoleUI
	course *app.HubCourse
	status *app.HubCourseStatus
	rows   [][]string

	table    *widget.Table
	fit      *tableFit
	summary  *wrapLabel
	errL     *wrapLabel
	refreshB *widget.Button
	revoke   *widget.Button // nil for an account that may not revoke
	pkg      *coursePackage // 导出课程包（U盘）: console_course_package.go
	root     fyne.CanvasObject
}

func newConsoleCourseFollow(u *ConsoleUI, c *app.HubCourse, back func()) *consoleCourseFollow {
	f := &consoleCourseFollow{u: u, course: c}
	f.table = newLabelTable(courseSchoolHeaders(), func() int { return len(f.rows) }, func(row, col int) (string, widget.Importance) {
		return f.rows[row][col], widget.MediumImportance
	})
	var tableBox fyne.CanvasObject
	f.fit, tableBox = fitColumns(f.table, f.columns())
	f.summary = newWrapLabel(i18n.T("settings.loading"))
	f.errL = errorLabel()
	bar, header := followHeader(u, c.Title, back, f.reload, nil, nil, f.askRevoke)
	f.refreshB, f.revoke = bar.refresh, bar.revoke
	f.pkg = newCoursePackage(u, func() *app.HubCourse { return f.course })
	f.root = container.NewBorder(container.NewVBox(header, f.summary, f.pkg.box, f.errL), nil, nil, nil, tableBox)
	f.actions()
	f.reload()
	return f
}

func (f *consoleCourseFollow) Content() fyne.CanvasObject { return f.root }

func courseSchoolHeaders() []string {
	return []string{i18n.T("bureau_console.col.township"), i18n.T("bureau_console.col.school"), i18n.T("console_course.col.received"),
		i18n.T("console_course.col.school_ready"), i18n.T("console_course.col.downloads"), i18n.T("console_course.col.opens"),
		i18n.T("console_course.col.reported")}
}

func (f *consoleCourseFollow) columns() []column {
	cols := sampledColumns(courseSchoolHeaders(), f.rows, 1)
	cols[6].samples = append(cols[6].samples, "12-05 12:00")
	return cols
}

// actions: 撤回 while the course stands and the hub answers.
func (f *consoleCourseFollow) actions() {
	f.u.setActions(f.course.RevokedAt.IsZero(), f.revoke)
	f.pkg.actions(f.course.RevokedAt.IsZero())
}

func (f *consoleCourseFollow) reload() {
	ref := strconv.FormatInt(f.course.ID, 10)
	consoleLoad(f.u, f.refreshB, f.errL, nil, func(c app.BureauConsole, ctx context.Context) (*app.HubCourseStatus, error) {
		return c.CourseStatus(ctx, ref)
	}, f.show)
}

func (f *consoleCourseFollow) show(st *app.HubCourseStatus) {
	f.status = st
	if st.Course != nil {
		f.course = st.Course
	}
	c := f.course
	yes, no := i18n.T("bureau_console.yes"), i18n.T("bureau_console.no")
	yn := func(b bool) string {
		if b {
			return yes
		}
		return no
	}
	received, downloads, opens := 0, 0, 0
	f.rows = make([][]string, len(st.Schools))
	for i, sc := range st.Schools {
		if sc.Delivered {
			received++
		}
		downloads += sc.Downloads
		opens += sc.Opens
		f.rows[i] = []string{sc.Org.Township, sc.Org.Name, yn(sc.Delivered), yn(sc.Ready), strconv.Itoa(sc.Downloads),
			strconv.Itoa(sc.Opens), shortMinute(sc.Reported)}
	}
	text := i18n.T("console_course.summary", c.Subject, app.GradeRangeName(c.GradeFrom, c.GradeTo), courseFilesText(c),
		app.FormatMinute(c.PublishedAt)) + "\n" +
		i18n.T("console_course.summary_counts", len(st.Schools), received, c.Ready, downloads, opens)
	if !c.RevokedAt.IsZero() {
		text = i18n.T("bureau_console.follow.revoked_at", app.FormatMinute(c.RevokedAt)) + " " + text
	}
	f.summary.SetText(text)
	f.fit.measure(f.columns())
	f.table.Refresh()
	f.actions()
}

// askRevoke withdraws the course at every school, after asking.
func (f *consoleCourseFollow) askRevoke() {
	c := f.course
	consoleRevoke(f.u, i18n.T("console_course.revoke"), confirmText(i18n.T("console_course.revoke_confirm", c.Title, c.Schools), c.Title),
		i18n.T("console_course.revoke_submit"), func(bc app.BureauConsole, ctx context.Context) error {
			_, err := bc.RevokeCourse(ctx, c.ID)
			return err
		}, f.reload)
}
