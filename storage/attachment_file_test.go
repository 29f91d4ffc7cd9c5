package storage

import (
	"os"
	"testing"

	"jxj/app"
)

// A notice's and a request's kept files are found in the data folder,
// byte for byte; a file gone is ENOTFOUND, and a record naming a path
// outside the attachments' folder is refused.
func TestAttachmentFile(t *testing.T) {
	ns := newNoticeSchool(t)
	notice, err := ns.svc.SaveDraft(adminCtx, app.NoticeDraft{Title: "附件", AddFiles: []string{mustWriteFile(t, "通知.pdf", 100)}})
	if err != nil || len(notice.Attachments) != 1 {
		t.Fatalf("draft: %+v, %v", notice, err)
	}
	requests := ns.db.Services().Requests
	r, err := requests.SaveRequest(adminCtx, app.RequestDraftInput{Type: app.RequestReport, Title: "屋顶漏水",
		Files: []string{mustWriteFile(t, "照片.jpg", 200)}})
	if err != nil || len(r.Files) != 1 {
		t.Fatalf("request: %+v, %v", r, err)
	}
	tests := []struct {
		name string
		svc  app.AttachmentFiles
		a    app.Attachment
		size int
	}{
		{"notice", ns.svc, notice.Attachments[0], 100},
		{"request", requests, app.Attachment{Name: r.Files[0].Name, Path: r.Files[0].Path}, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path, err := tt.svc.AttachmentFile(adminCtx, tt.a)
			if err != nil {
				t.Fatal(err)
			}
			if data, err := os.ReadFile(path); err != nil || len(data) != tt.size {
				t.Fatalf("%s holds %d bytes (%v), want %d", path, len(data), err, tt.size)
			}
			if err := os.Remove(path); err != nil {
				t.Fatal(err)
			}
			_, err = tt.svc.AttachmentFile(adminCtx, tt.a)
			wantCode(t, err, app.ENOTFOUND, "attachments.error.missing")
		})
	}
	for _, bad := range []string{"", "hub.db", "attachments/../hub.db", "/etc/passwd", "attachments/x/../../jxj.db", `attachments\..\jxj.db`} {
		_, err := ns.svc.AttachmentFile(adminCtx, app.Attachment{Name: "x", Path: bad})
		wantCode(t, err, app.EINVALID, "attachments.error.path")
	}
}
