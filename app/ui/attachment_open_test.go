package ui

import (
	"context"
	"net/url"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// openedURLs replaces the system's viewer with one that records the URLs
// it is handed, and runs work at once.
func openedURLs(t *testing.T) *[]string {
	t.Helper()
	var opened []string
	was, runs := systemOpen, runAsync
	systemOpen = func(_ *Env, u *url.URL) error {
		opened = append(opened, u.String())
		return nil
	}
	runAsync = runNow
	t.Cleanup(func() { systemOpen, runAsync = was, runs })
	return &opened
}

// attachmentFiles answers with the file of each path under /data, or
// that it is missing.
func attachmentFiles(missing *bool) func(context.Context, app.Attachment) (string, error) {
	return func(_ context.Context, a app.Attachment) (string, error) {
		if *missing {
			return "", app.Errorf(app.ENOTFOUND, "attachments.error.missing", a.Name, "/data/attachments")
		}
		return "/data/" + a.Path, nil
	}
}

// wantMissing taps 打开 in o and wants the missing file said in w.
func wantMissing(t *testing.T, w fyne.Window, o fyne.CanvasObject, name string) {
	t.Helper()
	test.Tap(buttonWithText(t, o, i18n.T("attachments.open")))
	top := w.Canvas().Overlays().Top()
	if top == nil || !containsText(objectTexts(top), i18n.T("attachments.error.missing", name, "/data/attachments")) {
		t.Errorf("a missing file: the window shows no message saying so")
	}
	closeOverlays(w)
}

// A notice's attachment opens with the system's viewer as a file:// URL
// of its file in the data folder; a file gone is said.
func TestNoticeAttachmentOpens(t *testing.T) {
	opened := openedURLs(t)
	f := newNoticeFakes()
	missing := false
	f.svc.AttachmentFileFn = attachmentFiles(&missing)
	d, w := openNotice(t, f)
	test.Tap(buttonWithText(t, d.body, i18n.T("attachments.open")))
	if len(*opened) != 1 || (*opened)[0] != "file:///data/attachments/1.docx" {
		t.Fatalf("opened %q", *opened)
	}
	missing = true
	wantMissing(t, w, d.body, "回执说明.docx")
	if len(*opened) != 1 {
		t.Errorf("a missing file was handed over: %q", *opened)
	}
}

// A request's kept file opens from its view and from the draft's editor
// (a name that needs escaping in a URL too); a file the school does not
// keep has no 打开.
func TestRequestAttachmentOpens(t *testing.T) {
	opened := openedURLs(t)
	svc, _ := newRequestFakes()
	missing := false
	svc.AttachmentFileFn = attachmentFiles(&missing)
	s, env := newTestRequests(t, svc)
	s.Open(1)
	e := s.editor
	if e == nil {
		t.Fatal("the draft does not open in the editor")
	}
	test.Tap(buttonWithText(t, e.attachBx, i18n.T("attachments.open")))
	if len(*opened) != 1 || (*opened)[0] != "file:///data/attachments/u1/%E6%8A%A5%E4%BB%B7%E5%8D%95.pdf" {
		t.Fatalf("opened %q", *opened)
	}
	missing = true
	wantMissing(t, env.Window, e.attachBx, "报价单.pdf")

	s.Open(3)
	if v := s.view; v == nil || !containsText(objectTexts(v.content), "行程安排.docx") {
		t.Fatal("the rejected request's view does not list its file")
	}
	for _, o := range test.LaidOutObjects(s.view.content) {
		if b, ok := o.(*widget.Button); ok && b.Text == i18n.T("attachments.open") {
			t.Fatal("a file the school does not keep offers 打开")
		}
	}
}
