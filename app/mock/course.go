package mock

import (
	"context"

	"jxj/app"
)

var (
	_ app.CourseService        = (*CourseService)(nil)
	_ app.BureauConsoleCourses = (*BureauConsoleCourses)(nil)
)

// CourseService fakes app.CourseService, for the 公开课 page's tests.
type CourseService struct {
	CoursesFn           func(ctx context.Context, f app.CourseFilter) ([]*app.SchoolCourse, error)
	SubjectsFn          func(ctx context.Context) ([]string, error)
	OpenCourseFileFn    func(ctx context.Context, fileID string) (string, error)
	ImportCourseFn      func(ctx context.Context, path string) (*app.CourseImport, error)
	CourseSettingsFn    func(ctx context.Context) (app.CourseSettings, error)
	SetCourseSettingsFn func(ctx context.Context, s app.CourseSettings) error
}

func (s *CourseService) Courses(ctx context.Context, f app.CourseFilter) ([]*app.SchoolCourse, error) {
	return s.CoursesFn(ctx, f)
}
func (s *CourseService) Subjects(ctx context.Context) ([]string, error) { return s.SubjectsFn(ctx) }
func (s *CourseService) OpenCourseFile(ctx context.Context, fileID string) (string, error) {
	return s.OpenCourseFileFn(ctx, fileID)
}
func (s *CourseService) ImportCourse(ctx context.Context, path string) (*app.CourseImport, error) {
	return s.ImportCourseFn(ctx, path)
}
func (s *CourseService) CourseSettings(ctx context.Context) (app.CourseSettings, error) {
	return s.CourseSettingsFn(ctx)
}
func (s *CourseService) SetCourseSettings(ctx context.Context, cs app.CourseSettings) error {
	return s.SetCourseSettingsFn(ctx, cs)
}

// BureauConsoleCourses fakes the console's open courses; BureauConsole
// embeds it.
type BureauConsoleCourses struct {
	CoursesFn       func(ctx context.Context) ([]*app.HubCourse, error)
	CourseStatusFn  func(ctx context.Context, ref string) (*app.HubCourseStatus, error)
	RevokeCourseFn  func(ctx context.Context, id int64) (*app.HubCourse, error)
	PublishCourseFn func(ctx context.Context, d app.CourseDraft, progress func(app.CourseUploadProgress)) (*app.HubCourse, error)
	ExportCourseFn  func(ctx context.Context, id int64, dst string, progress func(done, total int64)) error
}

func (c *BureauConsoleCourses) Courses(ctx context.Context) ([]*app.HubCourse, error) {
	return c.CoursesFn(ctx)
}
func (c *BureauConsoleCourses) CourseStatus(ctx context.Context, ref string) (*app.HubCourseStatus, error) {
	return c.CourseStatusFn(ctx, ref)
}
func (c *BureauConsoleCourses) RevokeCourse(ctx context.Context, id int64) (*app.HubCourse, error) {
	return c.RevokeCourseFn(ctx, id)
}
func (c *BureauConsoleCourses) PublishCourse(ctx context.Context, d app.CourseDraft, progress func(app.CourseUploadProgress)) (*app.HubCourse, error) {
	return c.PublishCourseFn(ctx, d, progress)
}
func (c *BureauConsoleCourses) ExportCourse(ctx context.Context, id int64, dst string, progress func(done, total int64)) error {
	return c.ExportCourseFn(ctx, id, dst, progress)
}
