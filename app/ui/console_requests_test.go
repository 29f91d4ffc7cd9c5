package ui

import (
	"context"
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
	"jxj/app/mock"
)

// consoleRequestCalls records what 审批 and 公开课 asked of the fake hub.
type consoleRequestCalls struct {
	queue     int                 // RequestQueue calls
	fetched   int                 // HubRequest calls
	filters   []app.RequestFilter // AllRequests calls
	decided   []app.RequestDecision
	refuse    error // DecideRequest's answer when set
	saved     []string
	courseRev []int64

	coursesSent   []app.CourseDraft // PublishCourse calls
	publishCourse func(context.Context, app.CourseDraft, func(app.CourseUploadProgress)) (*app.HubCourse, error)
}

// requestNow is the console's clock in the requests' tests.
var requestNow = time.Date(2026, 12, 5, 12, 0, 0, 0, time.Local)

// requestFixtures: 河口中学's trip, at its second step and overdue, with
// an attachment; 城关一小's leave, received yesterday.
func requestFixtures() []*app.HubRequest {
	orgs := consoleOrgsFixture()
	trip := &app.HubRequest{ID: 11, Org: *orgs[1], Type: app.RequestTrip, Title: "八年级研学旅行",
		Body: "组织八年级学生赴县博物馆研学。", Fields: map[string]string{"date": "2026-12-20", "place": "县博物馆", "students": "86"},
		Files: []app.RequestFile{{Pos: 1, Name: "安全预案.pdf", Size: 4096}},
		State: app.RequestReviewing, Plan: []app.RequestStep{{Name: "科室"}, {Name: "分管领导"}}, Step: 1,
		Steps:      []app.RequestStepState{{Name: "科室", By: "li", Approve: true, Opinion: "同意", DecidedAt: requestNow.AddDate(0, 0, -3)}},
		ReceivedAt: requestNow.AddDate(0, 0, -9).Add(-2 * time.Hour), Due: requestNow.AddDate(0, 0, -2)}
	leave := &app.HubRequest{ID: 12, Org: *orgs[0], Type: app.RequestLeave, Title: "校长外出学习",
		Fields: map[string]string{"from": "2026-12-08", "to": "2026-12-10"},
		State:  app.RequestSubmitted, Plan: []app.RequestStep{{Name: "科室"}},
		ReceivedAt: requestNow.Add(-5 * time.Hour), Due: requestNow.AddDate(0, 0, 3)}
	return []*app.HubRequest{leave, trip}
}

// courseFixture: a course sent to two schools, one of them ready.
func courseFixture() *app.HubCourseStatus {
	orgs := consoleOrgsFixture()
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.Local)
	c := &app.HubCourse{ID: 21, Title: "分数的初步认识", Subject: "数学", GradeFrom: 3, GradeTo: 4, PublishedAt: at, Schools: 2, Ready: 1,
		Files: []app.CourseFile{{Name: "第一课.mp4", Size: 3 << 30}, {Name: "课件.pdf", Size: 1 << 20}}}
	return &app.HubCourseStatus{Course: c, Schools: []app.HubCourseSchool{
		{Org: *orgs[0], Delivered: true, Ready: true, Downloads: 2, Opens: 17, Reported: at.Add(time.Hour)},
		{Org: *orgs[1], Delivered: true, Downloads: 1},
	}}
}

// fakeRequests makes the fakes answer with the fixtures and record what
// was sent.
func fakeRequests(r *mock.BureauConsoleRequests, c *mock.BureauConsoleCourses) *consoleRequestCalls {
	calls := &consoleRequestCalls{}
	r.RequestQueueFn = func(context.Context) ([]*app.HubRequest, error) {
		calls.queue++
		return requestFixtures(), nil
	}
	r.AllRequestsFn = func(_ context.Context, f app.RequestFilter) ([]*app.HubRequest, error) {
		calls.filters = append(calls.filters, f)
		return requestFixtures()[:1], nil
	}
	r.HubRequestFn = func(_ context.Context, id int64) (*app.HubRequest, error) {
		calls.fetched++
		for _, x := range requestFixtures() {
			if x.ID == id {
				return x, nil
			}
		}
		return nil, app.Errorf(app.ENOTFOUND, "approvals.error.hub_not_found", id)
	}
	r.DecideRequestFn = func(_ context.Context, d app.RequestDecision) (*app.HubRequest, error) {
		if calls.refuse != nil {
			return nil, calls.refuse
		}
		calls.decided = append(calls.decided, d)
		return &app.HubRequest{ID: d.ID}, nil
	}
	r.SaveRequestFileFn = func(_ context.Context, id int64, pos int, dst string) error {
		calls.saved = append(calls.saved, dst)
		return nil
	}
	r.RequestFiguresFn = func(context.Context) (*app.RequestFigures, error) { return &app.RequestFigures{}, nil }
	c.CoursesFn = func(context.Context) ([]*app.HubCourse, error) {
		old := &app.HubCourse{ID: 20, Title: "旧课", Subject: "语文", GradeFrom: 1, GradeTo: 1,
			PublishedAt: time.Date(2026, 11, 1, 9, 0, 0, 0, time.Local), RevokedAt: time.Date(2026, 11, 2, 9, 0, 0, 0, time.Local)}
		return []*app.HubCourse{old, courseFixture().Course}, nil
	}
	c.CourseStatusFn = func(context.Context, string) (*app.HubCourseStatus, error) { return courseFixture(), nil }
	c.RevokeCourseFn = func(_ context.Context, id int64) (*app.HubCourse, error) {
		calls.courseRev = append(calls.courseRev, id)
		return &app.HubCourse{ID: id, RevokedAt: time.Now()}, nil
	}
	c.PublishCourseFn = func(ctx context.Context, d app.CourseDraft, progress func(app.CourseUploadProgress)) (*app.HubCourse, error) {
		calls.coursesSent = append(calls.coursesSent, d)
		if calls.publishCourse != nil {
			return calls.publishCourse(ctx, d, progress)
		}
		for _, p := range []app.CourseUploadPhase{app.CourseUploadHashing, app.CourseUploadSending, app.CourseUploadPublishing} {
			progress(app.CourseUploadProgress{Phase: p, File: "第一课.mp4", Done: 4 << 20, Total: 4 << 20})
		}
		return &app.HubCourse{ID: 31, Title: d.Title, Subject: d.Subject, GradeFrom: d.GradeFrom, GradeTo: d.GradeTo, Schools: 3}, nil
	}
	return calls
}

// openRequests shows 审批, loaded, with the tests' clock.
func openRequests(h *consoleHarness) *consoleRequests {
	h.t.Helper()
	h.console.selectPage(consolePageRequests)
	s, ok := h.console.screens[consolePageRequests].(*consoleRequests)
	if !ok {
		h.t.Fatal("the requests page is not there")
	}
	h.wait()
	s.now = func() time.Time { return requestNow }
	s.show(s.items)
	return s
}

// The queue lists the longest waiting first, the overdue one in the
// warning colour; it sorts, and 全部申报 asks for the state picked.
func TestConsoleRequestQueue(t *testing.T) {
	h := loggedInConsole(t, i18n.Chinese, app.BureauStaff)
	s := openRequests(h)
	if len(s.rows) != 2 || s.rows[0][0] != "河口中学" || s.rows[1][0] != "城关一小" {
		t.Fatalf("queue rows %q, want the trip (waiting longest) first", s.rows)
	}
	if s.rows[0][3] != i18n.T("console_request.state.at_step", "审核中", "分管领导") || s.rows[0][4] != i18n.T("console_request.waited_days", 9, 2) ||
		s.rows[1][4] != i18n.T("console_request.waited_hours", 5) {
		t.Errorf("trip row %q, leave row %q", s.rows[0], s.rows[1])
	}
	if s.rows[0][5] != i18n.T("console_request.due_overdue", "2026-12-03") || s.rows[1][5] != "2026-12-08" {
		t.Errorf("due: %q, %q", s.rows[0][5], s.rows[1][5])
	}
	h.wantText(i18n.T("console_request.count_queue", 2, 1))
	cell := func(row int) widget.Importance {
		_, imp := s.rowCell(row, 2)
		return imp
	}
	if cell(0) != widget.WarningImportance || cell(1) != widget.MediumImportance {
		t.Errorf("importance: overdue %v, in time %v", cell(0), cell(1))
	}
	s.order.SetSelectedIndex(requestSortNewest)
	if s.rows[0][0] != "城关一小" {
		t.Errorf("newest first: %q", s.rows)
	}
	if s.stateBox.Visible() {
		t.Error("the state filter shows with the queue")
	}
	s.all.SetChecked(true)
	h.wait()
	if !s.stateBox.Visible() {
		t.Error("全部申报 shows no state filter")
	}
	s.state.SetSelected(app.StateLabel(app.RequestRejected))
	h.wait()
	s.state.SetSelected(i18n.T("console_request.state.overdue"))
	h.wait()
	want := []app.RequestFilter{{}, {State: app.RequestRejected}, {Overdue: true}}
	if !slices.Equal(h.requests.filters, want) {
		t.Errorf("asked the hub for %+v, want %+v", h.requests.filters, want)
	}
	h.wantText(i18n.T("console_request.count_all", 1, 0))
}

// A request shows its fields under their labels and its steps; 驳回
// waits for an opinion, asks, and sends; the queue comes back reloaded.
func TestConsoleRequestDecide(t *testing.T) {
	h := loggedInConsole(t, i18n.Chinese, app.BureauStaff)
	s := openRequests(h)
	s.Open(s.items[0])
	h.wait()
	v := s.view
	h.wantText(i18n.T("console_request.school", "河口乡", "河口中学"))
	for _, want := range []string{"出发日期：2026-12-20", "地点：县博物馆", "学生人数：86", "组织八年级学生赴县博物馆研学。",
		i18n.T("console_request.step_decided", 1, "科室", "通过", "li", app.FormatMinute(requestNow.AddDate(0, 0, -3))) +
			i18n.T("console_request.step_opinion", "同意"),
		i18n.T("console_request.step_waiting", 2, "分管领导"), i18n.T("notices.attachment", "安全预案.pdf", "4.0 KB")} {
		h.wantText(want)
	}
	if v.approveB.Disabled() || !v.rejectB.Disabled() {
		t.Fatalf("without an opinion: 通过 disabled %v, 驳回 disabled %v", v.approveB.Disabled(), v.rejectB.Disabled())
	}
	test.Type(v.opinion, "安全预案不完整")
	if v.rejectB.Disabled() {
		t.Fatal("驳回 stays disabled with an opinion")
	}

	// the hub refuses (another officer decided first): its word is shown
	h.requests.refuse = app.Errorf(app.ECONFLICT, "approvals.error.decide_decided", "八年级研学旅行")
	fetched := h.requests.fetched
	test.Tap(v.rejectB)
	h.wantText(i18n.T("console_request.reject_confirm", "河口中学", "八年级研学旅行", "分管领导"))
	test.Tap(h.button(i18n.T("console_request.reject_submit")))
	h.wait()
	h.wantText(i18n.Err(h.requests.refuse))
	closeOverlays(h.win)
	if s.view == nil || h.requests.fetched != fetched+1 {
		t.Fatalf("a refused decision: view open %v, request asked again %d times, want once", s.view != nil, h.requests.fetched-fetched)
	}

	h.requests.refuse = nil
	queued := h.requests.queue
	test.Tap(v.rejectB)
	closeOverlays(h.win)
	if len(h.requests.decided) != 0 {
		t.Fatal("cancelling sent the decision")
	}
	test.Tap(v.rejectB)
	test.Tap(h.button(i18n.T("console_request.reject_submit")))
	h.wait()
	want := app.RequestDecision{ID: 11, Step: 2, Approve: false, Opinion: "安全预案不完整"}
	if len(h.requests.decided) != 1 || h.requests.decided[0] != want {
		t.Errorf("decided %+v, want %+v", h.requests.decided, want)
	}
	if s.view != nil || h.requests.queue != queued+1 {
		t.Errorf("after the decision: view open %v, queue asked %d times more", s.view != nil, h.requests.queue-queued)
	}

	// 通过 without an opinion
	s.Open(s.items[1])
	h.wait()
	test.Tap(s.view.approveB)
	test.Tap(h.button(i18n.T("console_request.approve_submit")))
	h.wait()
	if d := h.requests.decided; len(d) != 2 || d[1] != (app.RequestDecision{ID: 12, Step: 1, Approve: true}) {
		t.Errorf("approved %+v", d)
	}
}

// An attachment downloads to the place chosen; offline the decision and
// the downloads wait, the request still readable.
func TestConsoleRequestOffline(t *testing.T) {
	h := loggedInConsole(t, i18n.Chinese, app.BureauStaff)
	s := openRequests(h)
	s.Open(s.items[0])
	h.wait()
	v := s.view
	v.saveFile(v.req.Files[0], "/tmp/x/安全预案.pdf")
	h.wait()
	if !slices.Equal(h.requests.saved, []string{"/tmp/x/安全预案.pdf"}) {
		t.Errorf("saved %q", h.requests.saved)
	}
	h.wantText(i18n.T("console_request.downloaded", "/tmp/x/安全预案.pdf"))
	closeOverlays(h.win)
	test.Type(v.opinion, "不同意")
	h.console.setOffline(errOffline(), time.Now())
	if !v.approveB.Disabled() || !v.rejectB.Disabled() || !v.files[0].Disabled() {
		t.Error("a decision or a download enabled while the hub does not answer")
	}
	h.console.setOnline()
	if v.approveB.Disabled() || v.rejectB.Disabled() {
		t.Error("the decision stays disabled back online")
	}

	// a step that names others, or follows one wang decided, is not
	// wang's to decide: the view says so
	tests := []struct {
		name string
		edit func(r *app.HubRequest)
		want string
	}{
		{"another's step", func(r *app.HubRequest) { r.Plan[1].Accounts = []string{"zhao", "qian"} },
			i18n.T("console_request.not_yours", "分管领导", "zhao、qian")},
		{"after wang's step", func(r *app.HubRequest) { r.Steps[0].By = "wang" },
			i18n.T("console_request.decided_earlier", "分管领导")},
	}
	for _, tt := range tests {
		h.hub.HubRequestFn = func(context.Context, int64) (*app.HubRequest, error) {
			r := requestFixtures()[1]
			tt.edit(r)
			return r, nil
		}
		v.reload()
		h.wait()
		if v.decideBox.Visible() || !v.note.Visible() || v.note.Text != tt.want {
			t.Errorf("%s: decision shown %v, note %q, want %q", tt.name, v.decideBox.Visible(), v.note.Text, tt.want)
		}
	}
	if !v.approveB.Disabled() {
		t.Error("通过 enabled at a step wang may not decide")
	}
}

// 公开课 lists the courses newest first with their files and schools
// ready, shows a course's counts per school, and withdraws it after
// confirmDanger.
func TestConsoleCourses(t *testing.T) {
	h := loggedInConsole(t, i18n.Chinese, app.BureauStaff)
	h.console.selectPage(consolePageCourses)
	h.wait()
	s := h.console.screens[consolePageCourses].(*consoleCourses)
	if len(s.rows) != 2 || s.rows[0][0] != "分数的初步认识" || s.rows[0][2] != "三年级—四年级" ||
		s.rows[0][3] != i18n.T("console_course.files", 2, fileSize(3<<30+1<<20)) || s.rows[0][5] != "1 / 2" || s.rows[1][6] != i18n.T("bureau_console.notice.revoked") {
		t.Fatalf("courses %q", s.rows)
	}
	s.Open(s.items[0])
	h.wait()
	f := s.follow
	h.wantText(i18n.T("console_course.summary_counts", 2, 2, 1, 3, 17))
	if len(f.rows) != 2 || f.rows[0][3] != "是" || f.rows[0][5] != "17" || f.rows[1][3] != "否" || f.rows[1][4] != "1" {
		t.Errorf("per school %q", f.rows)
	}
	test.Tap(f.revoke)
	h.wantText(i18n.T("console_course.revoke_confirm", "分数的初步认识", 2))
	closeOverlays(h.win)
	if len(h.requests.courseRev) != 0 {
		t.Fatal("cancelling withdrew the course")
	}
	test.Tap(f.revoke)
	test.Tap(h.button(i18n.T("console_course.revoke_submit")))
	h.wait()
	if !slices.Equal(h.requests.courseRev, []int64{21}) {
		t.Errorf("withdrew %v, want [21]", h.requests.courseRev)
	}
	h.console.setOffline(errOffline(), time.Now())
	if !f.revoke.Disabled() {
		t.Error("撤回 enabled offline")
	}
}

// checkRequestsFit opens 审批's and 公开课's views and dialogs for the fit
// test.
func checkRequestsFit(h *consoleHarness, check func(*consoleHarness, string)) {
	s := openRequests(h)
	s.all.SetChecked(true)
	check(h, "requests, all")
	s.Open(requestFixtures()[1])
	check(h, "request view")
	s.view.askReject()
	check(h, "reject")
	h.console.selectPage(consolePageCourses)
	h.wait()
	c := h.console.screens[consolePageCourses].(*consoleCourses)
	c.Open(c.items[0])
	check(h, "course")
	c.follow.askRevoke()
	check(h, "withdraw course")
	checkCoursePackageFit(h, check) // console_course_package_test.go
}
