package sync_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jxj/app"
)

// The whole way of an open course without a link for its files: the
// bureau publishes it, the school's sync brings the manifest, a package
// from a USB stick makes it ready, teachers open it, and the counts go
// up — counts only, no name, student number or phone — to the hub's
// status. A withdrawal comes down and the course leaves the list.
func TestCourseFeedPackageAndCounts(t *testing.T) {
	hub, node, org := enrolled(t)
	dir := t.TempDir()
	video := strings.Repeat("帧", 200_000)
	paths := []string{filepath.Join(dir, "第1课.mp4"), filepath.Join(dir, "学案.pdf")}
	for i, content := range []string{video, "%PDF 学案"} {
		if err := os.WriteFile(paths[i], []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	c, err := hub.store.PublishCourse(admin, app.CourseDraft{Title: "认识钟表", Subject: "数学", GradeFrom: 1, GradeTo: 2, Files: paths})
	if err != nil {
		t.Fatal(err)
	}
	// the files do not come over this school's link: the package brings
	// them (the download is courses_test.go's)
	noCourseFiles(hub) // console_course_package_test.go
	if run := mustSync(t, node); run.Down != 1 {
		t.Errorf("the sync brought %d records, want the course", run.Down)
	}
	courses, err := node.svc.Courses.Courses(admin, app.CourseFilter{Grade: 2})
	if err != nil || len(courses) != 1 || courses[0].UUID != c.UUID || courses[0].Ready() || !app.SameFiles(schoolFiles(courses[0]), c.Files) {
		t.Fatalf("the school's courses = %+v, %v; want the course, its files waiting", courses, err)
	}

	pkg := filepath.Join(dir, "认识钟表.jxjcourse")
	f, err := os.Create(pkg)
	if err != nil {
		t.Fatal(err)
	}
	if err := hub.store.ExportCourse(admin, c.ID, f); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if _, err := node.svc.Courses.ImportCourse(admin, pkg); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := node.svc.Courses.OpenCourseFile(admin, c.Files[0].ID); err != nil {
			t.Fatal(err)
		}
	}
	mustSync(t, node)

	st, err := hub.store.CourseStatus(admin, c.UUID)
	if err != nil || len(st.Schools) != 1 {
		t.Fatalf("status = %+v, %v", st, err)
	}
	s := st.Schools[0]
	if s.Org.ID != org.ID || !s.Delivered || !s.Ready || s.Downloads != 2 || s.Opens != 2 || st.Course.Ready != 1 {
		t.Errorf("the hub's report of the school = %+v; want delivered, ready, 2 files downloaded, 2 opens", s)
	}
	sent := hub.sent()
	if !strings.Contains(sent, `"type":"course_stats"`) {
		t.Fatal("no course counts went up: the check below would not cover them")
	}
	nothingPersonal(t, node, sent)

	if _, err := hub.store.RevokeCourse(admin, c.ID); err != nil {
		t.Fatal(err)
	}
	mustSync(t, node)
	if courses, _ := node.svc.Courses.Courses(admin, app.CourseFilter{}); len(courses) != 0 {
		t.Errorf("after the withdrawal the school lists %d courses", len(courses))
	}
}

func schoolFiles(c *app.SchoolCourse) []app.CourseFile {
	out := make([]app.CourseFile, len(c.Files))
	for i, f := range c.Files {
		out[i] = f.CourseFile
	}
	return out
}
