package storage

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"jxj/app"
	"jxj/app/i18n"
)

// saveWithAttachments saves a draft notice with files and returns the
// error. It fails the test when the save does not return within a few
// seconds (a pipe once blocked it for ever), or when a refused save left
// data in the database or a file in the attachments folder.
func saveWithAttachments(t *testing.T, files ...string) error {
	t.Helper()
	ns := newNoticeSchool(t)
	before := ns.snapshot(t)
	done := make(chan error, 1)
	go func() {
		_, err := ns.svc.SaveDraft(adminCtx, app.NoticeDraft{Title: "附件", AddFiles: files})
		done <- err
	}()
	var err error
	select {
	case err = <-done:
	case <-time.After(5 * time.Second):
		t.Fatalf("attaching %v did not return within 5 seconds", files)
	}
	if err == nil {
		return nil
	}
	if after := ns.snapshot(t); after != before {
		t.Errorf("a refused attachment changed the data")
	}
	_ = filepath.WalkDir(filepath.Join(ns.db.dir, attachmentsDir), func(p string, e os.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			t.Errorf("a refused attachment left %s behind", p)
		}
		return nil
	})
	return err
}

func TestAttachFolder(t *testing.T) {
	err := saveWithAttachments(t, t.TempDir())
	wantCode(t, err, app.EINVALID, "storage.attachment.error.not_file")
}

// TestAttachTooLarge attaches a file one byte over the limit (sparse: it
// takes no room on disk) and one exactly at it.
func TestAttachTooLarge(t *testing.T) {
	dir := t.TempDir()
	sized := func(name string, size int64) string {
		path := filepath.Join(dir, name)
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.Truncate(size); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		return path
	}
	err := saveWithAttachments(t, sized("通知.pdf", 10), sized("视频.mp4", maxAttachmentSize+1))
	wantCode(t, err, app.EINVALID, "storage.attachment.error.too_large")
	if msg := i18n.Err(err); !strings.Contains(msg, "视频.mp4") || !strings.Contains(msg, "50 MB") {
		t.Errorf("the message %q does not name the file and the limit", msg)
	}
	if err := saveWithAttachments(t, sized("讲义.pdf", maxAttachmentSize)); err != nil {
		t.Errorf("a file of exactly %d bytes: %v, want it attached", maxAttachmentSize, err)
	}
}
