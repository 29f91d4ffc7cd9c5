package sync_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"jxj/app"
	jxjsync "jxj/sync"
)

// The console lists the open courses and follows each school's report;
// staff may read, withdrawing is sending; a withdrawn course cannot be
// withdrawn again and an unknown one is not found.
func TestConsoleCourses(t *testing.T) {
	ctx := context.Background()
	hub, node, org := enrolled(t)
	mustBureau(t, hub.store, "wang", "bureau-pass-1", app.BureauAdmin)
	c := jxjsync.NewConsoleClient()
	if _, err := c.Login(ctx, app.BureauLogin{HubURL: hub.srv.URL, Username: "wang", Password: "bureau-pass-1"}); err != nil {
		t.Fatal(err)
	}
	video := filepath.Join(t.TempDir(), "第1课.mp4")
	os.WriteFile(video, []byte("视频"), 0o600)
	hc, err := hub.store.PublishCourse(admin, app.CourseDraft{Title: "认识钟表", Subject: "数学", GradeFrom: 1, GradeTo: 2, Files: []string{video}})
	if err != nil {
		t.Fatal(err)
	}
	mustSync(t, node)

	cs, err := c.Courses(ctx)
	if err != nil || len(cs) != 1 || cs[0].UUID != hc.UUID || cs[0].Schools != 1 || len(cs[0].Files) != 1 || cs[0].Files[0].SHA256 != hc.Files[0].SHA256 {
		t.Fatalf("courses = %+v, %v", cs, err)
	}
	st, err := c.CourseStatus(ctx, strconv.FormatInt(hc.ID, 10))
	if err != nil || len(st.Schools) != 1 || st.Schools[0].Org.ID != org.ID || !st.Schools[0].Delivered || st.Schools[0].Ready {
		t.Fatalf("status = %+v, %v; want the school, delivered, not ready", st, err)
	}
	_, err = c.CourseStatus(ctx, "999")
	wantKey(t, "an unknown course", err, app.ENOTFOUND, "course.error.not_found")

	rv, err := c.RevokeCourse(ctx, hc.ID)
	if err != nil || rv.RevokedAt.IsZero() {
		t.Fatalf("revoke = %+v, %v", rv, err)
	}
	_, err = c.RevokeCourse(ctx, hc.ID)
	wantKey(t, "a second withdrawal", err, app.ECONFLICT, "course.error.revoked")
}
