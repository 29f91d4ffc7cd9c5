package app

import (
	"context"
	"encoding/hex"
	"io"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// This file holds the files a bureau notice carries: how the hub keeps
// and serves them, how they travel in its feed, and how a school's node
// downloads them in verified, resumable chunks (sync/PROTOCOL.md,
// "Files").

// MaxNoticeFiles is the most files one bureau notice may carry: each is a
// line of the notice's feed record, which must stay small on a 2G link.
const MaxNoticeFiles = 20

// MaxFileSize is the most one attached file may hold, on the hub as on
// the school (storage's limit of a school's own attachments): every
// school the notice goes to downloads it over its link.
const MaxFileSize = 50 << 20

// HubFile is a file attached to a bureau notice. The hub keeps its
// content once, by SHA-256, however many notices carry it; ID names it
// within the notice, on the schools' API.
type HubFile struct {
	ID     string // a UUID
	Name   string
	Size   int64
	SHA256 string // lower-case hex
}

// HubFileContent is a notice's file opened for a school: what it is and
// its bytes, which can be read from any offset (a resumed download).
type HubFileContent struct {
	File     HubFile
	Content  io.ReadSeekCloser
	Modified time.Time
}

// HubUpload is a file the bureau console sent to the hub ahead of its
// notice (HubNoticeDraft.Uploads): its content waits in the hub's store
// under its SHA-256.
type HubUpload struct {
	Name   string
	Size   int64
	SHA256 string
}

// HubFileService is the hub's side of bureau notices' files. The files
// themselves are added with the notice: paths on the hub's computer
// (HubNoticeDraft.Files) or uploads from the console (Uploads).
type HubFileService interface {
	// UploadFile keeps a file the console sends for a notice it is
	// about to publish, streamed, at most MaxFileSize.
	UploadFile(ctx context.Context, name string, r io.Reader) (*HubUpload, error)
	// NoticeFiles lists a bureau notice's files, in the order given.
	NoticeFiles(ctx context.Context, noticeID int64) ([]HubFile, error)
	// OpenNoticeFile opens a notice's file for the school orgID:
	// ENOTFOUND when no notice sent to that school (and not revoked)
	// carries it. The caller closes Content.
	OpenNoticeFile(ctx context.Context, orgID int64, fileID string) (*HubFileContent, error)
}

// BureauFile is a file as a bureau notice's feed record lists it
// (BureauNotice.Files).
type BureauFile struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Valid reports whether f is a file a node may download: an id that is
// safe in a path, a size within the limit and a SHA-256 in hex.
func (f BureauFile) Valid() bool {
	return SafeID(f.ID) && f.Size >= 0 && f.Size <= MaxFileSize && ValidSHA256(f.SHA256)
}

// SafeID reports whether id, from the hub, is safe as a file or folder
// name: 1 to 64 letters, digits and dashes (a UUID is).
func SafeID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, r := range id {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '-') {
			return false
		}
	}
	return true
}

// ValidSHA256 reports whether s is a SHA-256 as jxj writes it: 64
// lower-case hex digits.
func ValidSHA256(s string) bool {
	_, err := hex.DecodeString(s)
	return err == nil && len(s) == 64 && strings.ToLower(s) == s
}

// SafeFileName is name made safe to create in a folder: no folders, no
// control characters, at most 200 bytes; "file" when nothing is left. A
// name comes from the bureau's computer, and the school's may be another
// system.
func SafeFileName(name string) string {
	name = strings.Map(func(r rune) rune {
		switch {
		case r == '/' || r == '\\' || r == ':' || r == '*' || r == '?' || r == '"' || r == '<' || r == '>' || r == '|':
			return '_'
		case unicode.IsControl(r):
			return -1
		}
		return r
	}, name)
	name = strings.Trim(strings.TrimSpace(name), ".")
	for len(name) > 200 {
		_, size := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-size]
	}
	if name == "" {
		return "file"
	}
	return name
}

// DownloadState is where a bureau notice's file stands at a school.
type DownloadState string

const (
	DownloadPending DownloadState = "pending" // bytes still to come (or a check failed: it starts again)
	DownloadDone    DownloadState = "done"    // verified: the notice's attachment
	DownloadGone    DownloadState = "gone"    // the hub no longer serves it (the notice was revoked)
)

// FileDownload is a bureau notice's file on its way to the school.
type FileDownload struct {
	File   BureauFile
	Notice string // the bureau notice's UUID
	State  DownloadState
	Have   int64  // bytes downloaded so far
	Error  string // the last failure, in the user's words; "" if none
}

// Percent is how much of the file has arrived, 0–100.
func (d FileDownload) Percent() int {
	if d.State == DownloadDone || d.File.Size == 0 {
		return 100
	}
	return int(min(d.Have, d.File.Size) * 100 / d.File.Size)
}

// PartFile is the partial file of a download: bytes are appended, and
// Truncate(0) starts it again.
type PartFile interface {
	io.WriteCloser
	Truncate(size int64) error
}

// FileDownloads is a school's store of the bureau files it downloads;
// sync.Client uses it when the store has it.
type FileDownloads interface {
	// PendingFiles lists the files still to download, of notices not
	// revoked, oldest first.
	PendingFiles(ctx context.Context) ([]FileDownload, error)
	// OpenPart opens a file's partial file for appending and returns
	// the bytes it holds (a part longer than the file starts again). It
	// refuses (EINVALID) when the data folder's disk lacks the room for
	// the rest.
	OpenPart(ctx context.Context, fileID string) (PartFile, int64, error)
	// FinishFile checks the partial file's SHA-256: a match makes it an
	// attachment of the notice, in one transaction with its audit row; a
	// mismatch removes it (the download starts again) and is EINVALID.
	FinishFile(ctx context.Context, fileID string) error
	// FailFile records why a download failed; gone marks it as no longer
	// served, so it is not tried again.
	FailFile(ctx context.Context, fileID string, gone bool, reason string) error
}
