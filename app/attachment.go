package app

import "context"

// AttachmentFiles finds the file of an attachment the school keeps in its
// data folder (a notice's, a request's), for the screens that open it
// with the system's viewer.
type AttachmentFiles interface {
	// AttachmentFile returns the absolute path of a's file (a.Path is
	// relative to the data folder). A path outside the attachments'
	// folder is EINVALID; a file no longer there is ENOTFOUND, saying so
	// in the user's language.
	AttachmentFile(ctx context.Context, a Attachment) (string, error)
}
