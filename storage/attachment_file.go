package storage

import (
	"context"
	"os"
	"path"
	"path/filepath"
	"strings"

	"jxj/app"
)

// AttachmentFile returns where a notice's attachment is on this computer.
func (s *noticeService) AttachmentFile(_ context.Context, a app.Attachment) (string, error) {
	return attachmentFile(s.db.dir, a)
}

// AttachmentFile returns where a request's file is on this computer.
func (s *requestService) AttachmentFile(_ context.Context, a app.Attachment) (string, error) {
	return attachmentFile(s.db.dir, a)
}

// attachmentFile is a's file in the data folder dir. Only a path inside
// the attachments' folder, as copyAttachments and the downloads record
// them, is taken: a record cannot name another file of the computer.
func attachmentFile(dir string, a app.Attachment) (string, error) {
	rel := a.Path
	if rel == "" || path.Clean(rel) != rel || !strings.HasPrefix(rel, attachmentsDir+"/") || strings.Contains(rel, "\\") {
		return "", app.Errorf(app.EINVALID, "attachments.error.path", a.Name)
	}
	full := filepath.Join(dir, filepath.FromSlash(rel))
	fi, err := os.Stat(full)
	if err != nil || !fi.Mode().IsRegular() {
		return "", app.Errorf(app.ENOTFOUND, "attachments.error.missing", a.Name, filepath.Dir(full))
	}
	return full, nil
}
