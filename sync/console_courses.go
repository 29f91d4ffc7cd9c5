package sync

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"jxj/app"
)

// The console's open courses (PROTOCOL.md, "The bureau console's API"):
// both roles read them and their status per school; withdrawing one is
// sending (app.BureauSendNotices). Publishing one, with its files of
// several GB, is console_course_upload.go.

// ConsoleCourse is an open course on the wire.
type ConsoleCourse struct {
	ID          int64            `json:"id"`
	UUID        string           `json:"uuid"`
	Title       string           `json:"title"`
	Subject     string           `json:"subject"`
	GradeFrom   int              `json:"grade_from"`
	GradeTo     int              `json:"grade_to"`
	Description string           `json:"description,omitempty"`
	Files       []app.CourseFile `json:"files"`
	PublishedAt time.Time        `json:"published_at"`
	RevokedAt   time.Time        `json:"revoked_at,omitzero"`
	Schools     int              `json:"schools"`
	Ready       int              `json:"ready"`
}

// ConsoleCourseStatus answers GET courses/{ref}: each school's report.
type ConsoleCourseStatus struct {
	Course  ConsoleCourse         `json:"course"`
	Schools []ConsoleCourseSchool `json:"schools"`
}

// ConsoleCourseSchool is one school's report of a course: counts only.
type ConsoleCourseSchool struct {
	Org       ConsoleOrg `json:"org"`
	Delivered bool       `json:"delivered"`
	Ready     bool       `json:"ready"`
	Downloads int        `json:"downloads"`
	Opens     int        `json:"opens"`
	Reported  time.Time  `json:"reported,omitzero"`
}

// consoleCourseRoutes adds the courses' endpoints.
func (s *HubServer) consoleCourseRoutes(mux *http.ServeMux) {
	get, post := "GET "+PathConsole, "POST "+PathConsole
	mux.HandleFunc(get+"courses", s.bureau(app.BureauRead, s.consoleCourses))
	mux.HandleFunc(get+"courses/{ref}", s.bureau(app.BureauRead, s.consoleCourseStatus))
	mux.HandleFunc(post+"courses/{id}/revoke", s.bureau(app.BureauSendNotices, s.consoleRevokeCourse))
	mux.HandleFunc(get+"courses/{id}/package", s.bureau(app.BureauRead, s.consoleCoursePackage)) // console_course_package.go
}

func (s *HubServer) consoleCourses(w http.ResponseWriter, r *http.Request, _ *app.BureauAccount) {
	cs, err := s.store.Courses(r.Context())
	replyAll(s, w, r, cs, err, consoleCourse)
}

func (s *HubServer) consoleCourseStatus(w http.ResponseWriter, r *http.Request, _ *app.BureauAccount) {
	st, err := s.store.CourseStatus(r.Context(), r.PathValue("ref"))
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	out := ConsoleCourseStatus{Course: consoleCourse(st.Course), Schools: make([]ConsoleCourseSchool, len(st.Schools))}
	for i, sc := range st.Schools {
		out.Schools[i] = ConsoleCourseSchool{Org: consoleOrg(&sc.Org), Delivered: sc.Delivered, Ready: sc.Ready,
			Downloads: sc.Downloads, Opens: sc.Opens, Reported: sc.Reported}
	}
	s.reply(w, r, out)
}

func (s *HubServer) consoleRevokeCourse(w http.ResponseWriter, r *http.Request, _ *app.BureauAccount) {
	id, ok := s.pathID(w, r)
	if !ok {
		return
	}
	c, err := s.store.RevokeCourse(r.Context(), id)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	s.reply(w, r, consoleCourse(c))
}

func consoleCourse(c *app.HubCourse) ConsoleCourse {
	return ConsoleCourse{ID: c.ID, UUID: c.UUID, Title: c.Title, Subject: c.Subject, GradeFrom: c.GradeFrom, GradeTo: c.GradeTo,
		Description: c.Description, Files: c.Files, PublishedAt: c.PublishedAt, RevokedAt: c.RevokedAt, Schools: c.Schools, Ready: c.Ready}
}

func (c ConsoleCourse) app() *app.HubCourse {
	return &app.HubCourse{ID: c.ID, UUID: c.UUID, Title: c.Title, Subject: c.Subject, GradeFrom: c.GradeFrom, GradeTo: c.GradeTo,
		Description: c.Description, Files: c.Files, PublishedAt: c.PublishedAt, RevokedAt: c.RevokedAt, Schools: c.Schools, Ready: c.Ready}
}

// Courses lists the open courses, newest first.
func (c *ConsoleClient) Courses(ctx context.Context) ([]*app.HubCourse, error) {
	var cs []ConsoleCourse
	if err := c.get(ctx, "courses", &cs); err != nil {
		return nil, err
	}
	out := make([]*app.HubCourse, len(cs))
	for i := range cs {
		out[i] = cs[i].app()
	}
	return out, nil
}

// CourseStatus returns a course's report from each school it was sent to.
func (c *ConsoleClient) CourseStatus(ctx context.Context, ref string) (*app.HubCourseStatus, error) {
	var st ConsoleCourseStatus
	if err := c.get(ctx, "courses/"+ref, &st); err != nil {
		return nil, err
	}
	out := &app.HubCourseStatus{Course: st.Course.app(), Schools: make([]app.HubCourseSchool, len(st.Schools))}
	for i, s := range st.Schools {
		out.Schools[i] = app.HubCourseSchool{Org: *s.Org.app(), Delivered: s.Delivered, Ready: s.Ready,
			Downloads: s.Downloads, Opens: s.Opens, Reported: s.Reported}
	}
	return out, nil
}

// RevokeCourse withdraws a course at every school.
func (c *ConsoleClient) RevokeCourse(ctx context.Context, id int64) (*app.HubCourse, error) {
	var out ConsoleCourse
	if err := c.post(ctx, "courses/"+strconv.FormatInt(id, 10)+"/revoke", nil, &out); err != nil {
		return nil, err
	}
	return out.app(), nil
}
