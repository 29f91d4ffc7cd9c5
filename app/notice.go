package app

import (
	"context"
	"time"
	"unicode/utf8"
)

// NoticeState is where a notice is in its life.
type NoticeState string

// A notice is written as a draft, published (its receipts are made) and
// may be revoked; a revoked notice stays visible as revoked.
const (
	NoticeStateDraft     NoticeState = "draft"
	NoticeStatePublished NoticeState = "published"
	NoticeStateRevoked   NoticeState = "revoked"
)

// Limits on what a notice may hold.
const (
	MaxNoticeTitle = 100   // characters
	MaxNoticeBody  = 20000 // characters
)

// Notice is a school notice (通知) to families and/or staff.
type Notice struct {
	ID          int64
	UUID        string // given at creation, never changes; the sync key
	Title       string
	Body        string // plain text
	Target      Target
	RequiresAck bool
	Deadline    time.Time // a calendar day; zero for none
	State       NoticeState
	Attachments []Attachment
	CreatedBy   string // username
	CreatedAt   time.Time
	PublishedAt time.Time // zero while a draft
	RevokedAt   time.Time // zero unless revoked

	// Bureau notices come down from the district hub (教育局): immutable,
	// the school confirms it has them and forwards them to families.
	Bureau      bool
	ConfirmedAt time.Time // zero until confirmed
	ForwardedAt time.Time // zero until forwarded

	// Downloads are a bureau notice's files still arriving from the
	// hub (hub_file.go); each becomes an attachment once verified.
	Downloads []FileDownload

	// Counts are the receipts the acting account may see (a teacher:
	// their own classes), filled by the readers.
	Counts ReceiptCounts
}

// Attachment is a file copied into the data folder.
type Attachment struct {
	Name string // the file's name as the user chose it
	Path string // relative to the data folder, slash-separated
	Size int64
}

// NoticeDraft is what the compose screen saves. ID 0 makes a new draft;
// otherwise the draft with that id is replaced (published notices cannot
// be edited).
type NoticeDraft struct {
	ID          int64
	Title       string
	Body        string
	Target      Target
	RequiresAck bool
	Deadline    time.Time
	// Attachments already stored that the draft keeps; AddFiles are paths
	// of files to copy in.
	Attachments []Attachment
	AddFiles    []string
}

// Validate checks a draft's title and body. The target is checked on
// publish (a draft may be saved before it is chosen).
func (d NoticeDraft) Validate() error {
	title := CleanTitle(d.Title)
	switch {
	case title == "":
		return Errorf(EINVALID, "notice.error.title_required")
	case utf8.RuneCountInString(title) > MaxNoticeTitle:
		return Errorf(EINVALID, "notice.error.title_long", MaxNoticeTitle)
	case utf8.RuneCountInString(d.Body) > MaxNoticeBody:
		return Errorf(EINVALID, "notice.error.body_long", MaxNoticeBody)
	}
	return nil
}

// ReceiptState is how far a family has got with a notice. It only moves
// forward: unread → read → acknowledged.
type ReceiptState int

// The receipt states, in order.
const (
	ReceiptUnread ReceiptState = iota
	ReceiptRead
	ReceiptAcked
)

// String is the state's stable name, for files and translation keys
// (receipt.state.<name>).
func (s ReceiptState) String() string {
	switch s {
	case ReceiptRead:
		return "read"
	case ReceiptAcked:
		return "acked"
	}
	return "unread"
}

// Valid reports whether s is one of the three states.
func (s ReceiptState) Valid() bool { return s >= ReceiptUnread && s <= ReceiptAcked }

// AdvanceReceipt returns the state after recording to on a receipt in
// state cur, and whether it changed: a receipt never moves back, so
// recording "read" on an acknowledged receipt changes nothing.
func AdvanceReceipt(cur, to ReceiptState) (ReceiptState, bool) {
	if to > cur && to.Valid() {
		return to, true
	}
	return cur, false
}

// Channel is how a receipt reached the school.
type Channel string

// The channels a receipt is recorded through.
const (
	ChannelSlip     Channel = "slip"      // a returned paper slip's code
	ChannelPhone    Channel = "phone"     // the teacher phoned the family
	ChannelInPerson Channel = "in_person" // the family told the teacher
	ChannelExcel    Channel = "excel"     // imported from a sheet
	ChannelHub      Channel = "hub"       // came through the district hub
)

// Channels lists the channels a teacher records by hand, in menu order.
var Channels = []Channel{ChannelSlip, ChannelPhone, ChannelInPerson, ChannelExcel}

// Receipt is one family's (or staff member's) receipt of a notice: one per
// targeted student, so a guardian of two children has two and each names
// its child. Exactly one of StudentID and StaffID is set.
type Receipt struct {
	ID       int64
	UUID     string
	NoticeID int64
	Code     string // the slip code printed on the tear-off slip

	StudentID   int64
	StudentName string
	StudentNo   string
	ClassID     int64 // the student's class when the notice was published
	ClassLabel  string
	Guardians   []GuardianContact // phones masked for the acting account

	StaffID   int64
	StaffName string

	State   ReceiptState
	Channel Channel   // how the latest state was recorded; "" while unread
	At      time.Time // when it was recorded
	By      string    // the username that recorded it
}

// Name is the student's or staff member's name.
func (r *Receipt) Name() string {
	if r.StaffID != 0 {
		return r.StaffName
	}
	return r.StudentName
}

// ReceiptCounts counts receipts by state.
type ReceiptCounts struct {
	Total, Unread, Read, Acked int
}

// Add counts one receipt in state s.
func (c *ReceiptCounts) Add(s ReceiptState) {
	c.Total++
	switch s {
	case ReceiptAcked:
		c.Acked++
	case ReceiptRead:
		c.Read++
	default:
		c.Unread++
	}
}

// Plus is c and o counted together.
func (c ReceiptCounts) Plus(o ReceiptCounts) ReceiptCounts {
	return ReceiptCounts{Total: c.Total + o.Total, Unread: c.Unread + o.Unread, Read: c.Read + o.Read, Acked: c.Acked + o.Acked}
}

// AckedRate is the share of the receipts acknowledged, in [0, 1]; 0 for
// none.
func (c ReceiptCounts) AckedRate() float64 { return ratio(c.Acked, c.Total) }

// ClassProgress is a notice's receipts in one class; ClassID 0 is the
// staff.
type ClassProgress struct {
	ClassID    int64
	ClassLabel string
	Counts     ReceiptCounts
}

// NoticeStatus is a notice with its progress per class, for the notice
// page and `jxj notice status`.
type NoticeStatus struct {
	Notice  *Notice
	Classes []ClassProgress // in grade and class order, staff last
}

// ReceiptMark records a state on one receipt by hand (phone, in person).
type ReceiptMark struct {
	ReceiptID int64
	State     ReceiptState
	Channel   Channel
}

// ReceiptSheetRow is one row of a sheet of returned receipts: a slip code,
// or a student by number or by name (and class, when names repeat).
type ReceiptSheetRow struct {
	Line        int // the row's number in the file, for messages
	Code        string
	StudentNo   string
	StudentName string
	ClassLabel  string
}

// ReceiptImport is what an import of a receipt sheet did, or would do.
type ReceiptImport struct {
	Acked    int // receipts that become acknowledged
	Already  int // rows whose receipt was already acknowledged
	Problems []RowProblem
}

// NoticeService keeps notices and their receipts. Every change is written
// with its audit row in one transaction; a teacher may only send to and
// record for their own classes (CheckTarget).
type NoticeService interface {
	AttachmentFiles // opening a notice's files (attachment.go)
	// SaveDraft creates or replaces a draft, copying AddFiles into the
	// data folder.
	SaveDraft(ctx context.Context, d NoticeDraft) (*Notice, error)
	// Publish publishes a draft: one receipt with its own slip code per
	// targeted student (and staff member), all in one transaction.
	Publish(ctx context.Context, id int64) (*Notice, error)
	// Revoke revokes a published notice; its receipts stay as they are.
	Revoke(ctx context.Context, id int64) (*Notice, error)
	// Notices lists the notices the acting account may see, newest first,
	// with their counts. A teacher sees the ones they wrote and the ones
	// that reach their classes.
	Notices(ctx context.Context) ([]*Notice, error)
	// NoticeStatus returns a notice with its progress per class.
	NoticeStatus(ctx context.Context, id int64) (*NoticeStatus, error)
	// Receipts returns a notice's receipts the acting account may see, in
	// class and student-number order, guardians' phones masked by role.
	Receipts(ctx context.Context, noticeID int64) ([]Receipt, error)
	// RecordSlip acknowledges the receipt with a slip code (as typed:
	// case, spaces and dashes do not matter). noticeID 0 accepts a code
	// of any notice; otherwise the code must belong to that notice. A
	// mistyped code, an unknown one, one already acknowledged and one of
	// a revoked notice are errors that change nothing.
	RecordSlip(ctx context.Context, noticeID int64, code string) (*Receipt, error)
	// MarkReceipts records states by hand; states that would move back
	// are left as they are.
	MarkReceipts(ctx context.Context, marks []ReceiptMark) error
	// ImportReceipts acknowledges, through ChannelExcel, the receipts a
	// sheet names. Any row that names no receipt of the notice is a
	// problem, and then nothing is recorded; dryRun only reports.
	ImportReceipts(ctx context.Context, noticeID int64, rows []ReceiptSheetRow, dryRun bool) (*ReceiptImport, error)

	// ConfirmBureau records that the school received a bureau notice
	// (its receipt to the bureau, which goes up with the next sync).
	ConfirmBureau(ctx context.Context, id int64) (*Notice, error)
	// ForwardBureau sends a bureau notice on to families and/or staff: its
	// receipts are made as on Publish and reported up to the bureau,
	// pseudonymously. Admin and principal only; once per notice.
	ForwardBureau(ctx context.Context, id int64, t Target) (*Notice, error)
}
