package mock

import (
	"context"

	"jxj/app"
)

var _ app.AttachmentFiles = (*AttachmentFiles)(nil)

// AttachmentFiles fakes app.AttachmentFiles; NoticeService and
// RequestService embed it.
type AttachmentFiles struct {
	AttachmentFileFn func(ctx context.Context, a app.Attachment) (string, error)
}

func (f *AttachmentFiles) AttachmentFile(ctx context.Context, a app.Attachment) (string, error) {
	return f.AttachmentFileFn(ctx, a)
}
