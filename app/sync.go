package app

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// The types of record that move between a school's node and the
// district hub (sync/PROTOCOL.md). Later issues add types, not tables.
const (
	// down the feed
	RecordNotice       = "notice"        // a bureau notice, immutable
	RecordNoticeRevoke = "notice_revoke" // its tombstone
	RecordSurvey       = "survey"        // a bureau survey (BureauSurveyRecord)
	RecordSurveyRevoke = "survey_revoke" // its tombstone
	RecordReminder     = "reminder"      // a 催办 (ReminderRecord)
	RecordRequest      = "request"       // a request's state on the hub (RequestRecord)
	RecordCourse       = "course"        // an open course and its manifest (CourseRecord)
	RecordCourseRevoke = "course_revoke" // its tombstone
	// up from the outbox
	OpNoticeConfirm = "notice_confirm" // the school received a bureau notice
	OpNoticeForward = "notice_forward" // the school sent it on to families
	OpReceipts      = "receipts"       // family receipts of a forwarded bureau notice
	OpDayStats      = "day_stats"      // a daily aggregate (app/district.go), counts only
	OpSurveyAnswer  = "survey_answer"  // a school's answer to a bureau survey (SurveyAnswerUp)

	OpRequestSubmit   = "request_submit"   // a school's request to the bureau (RequestUp)
	OpRequestWithdraw = "request_withdraw" // its withdrawal before a decision
	OpCourseStats     = "course_stats"     // a school's counts of an open course (CourseStatsUp)
)

// FeedRecord is one record of a school's feed from the hub.
type FeedRecord struct {
	Seq  int64
	Type string
	ID   string // the record's UUID
	Body []byte // JSON, by type
}

// FeedPage is a page of the feed and the epoch it belongs to.
type FeedPage struct {
	Epoch   string
	Records []FeedRecord
	More    bool
	// LastBatch is the highest batch number the hub has accepted from
	// the school: a node whose own counter is lower is a restored copy
	// (SyncStore.CheckRestore).
	LastBatch int64
}

// BureauNotice is the body of a RecordNotice: a notice from the bureau,
// which reaches the school's notice list marked 教育局.
type BureauNotice struct {
	Title       string    `json:"title"`
	Body        string    `json:"body"`
	RequiresAck bool      `json:"requires_ack"`
	Deadline    string    `json:"deadline,omitempty"` // DateLayout
	PublishedAt time.Time `json:"published_at"`

	Files []BureauFile `json:"files,omitempty"` // its attached files (hub_file.go)
}

// BureauRevoke is the body of a RecordNoticeRevoke.
type BureauRevoke struct {
	RevokedAt time.Time `json:"revoked_at"`
}

// OutOp is one operation of a batch going up. Receipts of one notice are
// folded into one OpReceipts op; other types carry their stored body.
type OutOp struct {
	Type     string
	Notice   string // the bureau notice's UUID
	At       int64  // device time, Unix seconds
	Families int    // OpNoticeForward: families targeted
	Receipts []ReceiptUp
	Day      *DayStats       // OpDayStats
	Answer   *SurveyAnswerUp // OpSurveyAnswer
	Request  *RequestUp      // OpRequestSubmit, OpRequestWithdraw
	Course   *CourseStatsUp  // OpCourseStats
}

// ReceiptUp is a family receipt as it goes up: pseudonymous, no names,
// no phone numbers (sync/PROTOCOL.md, "Principles").
type ReceiptUp struct {
	Family  int64 // the family number, stable within the school
	State   ReceiptState
	Channel Channel
	At      int64 // device time, Unix seconds
	Class   int64 // the school's class number
}

// Family numbers on the wire (PROTOCOL.md, "Family numbers"). A number
// is derived from the student's uuid, so every copy of the school's data
// gives the student the same one: a restored backup numbers a family as
// the hub already knows it. Derived numbers lie in [familyBase,
// familyBase+familySpan): clear of the small numbers 1, 2, 3, … that
// earlier versions gave out in order (those stay), exact as JSON
// numbers, and 13 digits rather than 16, which saves about 2 bytes a
// receipt after gzip. Two students of a 5,000-student school share a
// first choice with odds of about 1 in 90,000; the second then takes
// its next choice.
const (
	familyBase = 1 << 32
	familySpan = 1 << 40
)

// MaxFamilyNumber is the largest family number the hub accepts: JSON
// numbers are exact up to 2^53.
const MaxFamilyNumber = 1<<53 - 1

// MaxFamilies is the most families a school may report for one notice.
// A family is a student's guardians; jxj is built for schools of up to
// 5,000 students, and this leaves twice that for the largest.
const MaxFamilies = 10000

// FamilyNumber is a student's family number: try 0 is its first choice,
// try 1 the next when another student has the first, and so on.
func FamilyNumber(studentUUID string, try int) int64 {
	sum := sha256.Sum256([]byte(studentUUID + "#" + strconv.Itoa(try)))
	return familyBase + int64(binary.BigEndian.Uint64(sum[:8])%familySpan)
}

// Valid reports whether r is a receipt a school may send: a family
// number in range, read or acknowledged, through a known channel.
func (r ReceiptUp) Valid() bool {
	if r.Family <= 0 || r.Family > MaxFamilyNumber || (r.State != ReceiptRead && r.State != ReceiptAcked) {
		return false
	}
	switch r.Channel {
	case ChannelSlip, ChannelPhone, ChannelInPerson, ChannelExcel, ChannelHub:
		return true
	}
	return false
}

// OutBatch is a numbered batch of operations; it is sent as it is until
// the hub answers.
type OutBatch struct {
	Batch int64
	Ops   []OutOp
}

// OpResult is the hub's answer to one operation.
type OpResult struct {
	OK      bool
	Code    string // when rejected
	Message string
	// Key and Args name Message in jxj's translations, when the hub
	// has them, so a node shows it in its user's language.
	Key  string
	Args []any
}

// CatchUp is what a restored node fetches from the hub: the school's
// receipts the hub took in batches after Since (the node's batch counter
// when it found it was restored), from the hub's cursor After ("" from
// the start).
type CatchUp struct {
	Since int64
	After string
}

// ReceiptsPage is a page of a school's receipts from the hub: one
// OpReceipts operation per notice, the cursor after the page, and
// whether another page follows.
type ReceiptsPage struct {
	Ops  []OutOp
	Next string
	More bool
}

// SyncState is what the node knows about its link to the hub, for the
// status line, the sync page and `jxj sync status`.
type SyncState struct {
	HubURL     string
	Trust      HubTrust
	Org        string // the school's UUID on the hub; "" until enrolled
	Name       string // the school's name on the hub
	Credential string // never shown
	Epoch      string
	Cursor     int64
	Interval   time.Duration

	LastAttempt time.Time
	LastSuccess time.Time
	LastError   string // in the words of the run that failed
	NeedsEnrol  bool   // the hub refused the credential (401)
	// ClockBack is set when the device's clock was found earlier than a
	// time it had already shown: it is reported, never used to order.
	ClockBack bool

	Pending   int // outbox operations waiting to go up
	Conflicts int // operations the hub rejected, kept for the user
}

// Enrolled reports whether the school has a credential for a hub.
func (s *SyncState) Enrolled() bool { return s.Credential != "" }

// DefaultSyncInterval is how often a node syncs while connected.
const DefaultSyncInterval = 10 * time.Minute

// SyncRun is one sync attempt, for the history on the sync page.
type SyncRun struct {
	Start, End time.Time
	Down, Up   int    // records applied, operations confirmed
	Rejected   int    // operations the hub rejected
	Error      string // "" when it worked
}

// SyncConflict is an operation the hub rejected: kept, shown, not sent
// again.
type SyncConflict struct {
	Seq     int64
	Type    string
	Notice  string // the notice's (or bureau survey's) title, when it is one
	Code    string
	Message string
	At      time.Time
}

// Enrolment is what a school keeps after enrolling with a hub.
type Enrolment struct {
	HubURL     string
	Trust      HubTrust
	Org        string
	Name       string
	Credential string
	Epoch      string
}

// SyncStore is the node's side of sync: the cursor, the outbox and the
// history. Every method that writes does it in one transaction.
type SyncStore interface {
	SyncState(ctx context.Context) (*SyncState, error)
	// SaveEnrolment stores a new credential; the feed starts again at
	// the enrolment's epoch.
	SaveEnrolment(ctx context.Context, e Enrolment) error
	// SetInterval changes how often the node syncs.
	SetInterval(ctx context.Context, d time.Duration) error
	// NeedsEnrol records that the hub refused the credential.
	NeedsEnrol(ctx context.Context) error

	// ApplyFeed applies a page of the feed and moves the cursor to its
	// last record, in one transaction.
	ApplyFeed(ctx context.Context, page FeedPage) (applied int, err error)
	// ResetFeed sets the cursor to (epoch, 0): the hub's epoch changed.
	ResetFeed(ctx context.Context, epoch string) error

	// CheckRestore compares the node's batch counter with the last batch
	// the hub accepted from the school (FeedPage.LastBatch). The hub
	// ahead means this database was restored from a backup: the counter
	// moves past the hub's, batches packed and not answered are unpacked
	// to go again under new numbers, and a catch-up starts. It returns
	// the catch-up to run (a new one or one not finished), nil when none.
	CheckRestore(ctx context.Context, hubBatch int64) (*CatchUp, error)
	// ApplyCatchUp merges a page of the school's receipts from the hub,
	// by max state, and moves the catch-up's cursor, in one transaction;
	// the last page ends the catch-up. Receipts of a notice the school
	// has not forwarded (again) are held until it does.
	ApplyCatchUp(ctx context.Context, page ReceiptsPage) (received int, err error)

	// NextBatch returns the batch to send: the one sent before and not
	// yet answered, or a new one packed from at most maxOps pending
	// operations; nil when nothing waits.
	NextBatch(ctx context.Context, maxOps int) (*OutBatch, error)
	// ConfirmBatch applies the hub's results: operations that worked are
	// deleted, rejected ones are kept as conflicts.
	ConfirmBatch(ctx context.Context, batch int64, results []OpResult) error
	// ConflictBatch keeps every operation of a batch the hub refused as
	// a whole (409) as a conflict.
	ConflictBatch(ctx context.Context, batch int64, code, message string) error

	// RecordRun adds a run to the history and updates the state.
	RecordRun(ctx context.Context, r SyncRun) error
	SyncRuns(ctx context.Context, limit int) ([]SyncRun, error)
	Conflicts(ctx context.Context) ([]SyncConflict, error)
}

// OutboxRow is an outbox row as a batch is packed from it.
type OutboxRow struct {
	Seq  int64
	Type string
	Body []byte // JSON: outboxBody
}

// outboxBody is the stored body of every operation type so far; a field
// a type does not use stays zero.
type outboxBody struct {
	Notice   string       `json:"notice"`
	At       int64        `json:"at"`
	Families int          `json:"families"`
	Family   int64        `json:"family"`
	State    ReceiptState `json:"state"`
	Channel  Channel      `json:"channel"`
	Class    int64        `json:"class"`
	Day      *DayStats    `json:"day,omitempty"`
	// OpSurveyAnswer's body is a SurveyAnswerUp, kept whole
	Answer *SurveyAnswerUp `json:"answer,omitempty"`
	// OpRequestSubmit's and OpRequestWithdraw's body, kept whole
	Request *RequestUp     `json:"request,omitempty"`
	Course  *CourseStatsUp `json:"course,omitempty"` // OpCourseStats's
}

// PackOps folds outbox rows, in seq order, into a batch's operations: the
// receipts of one notice become one OpReceipts op (at the place of its
// first row) with one receipt per family, the highest state winning, as
// the hub merges them; every other row is an op of its own. covers[i]
// lists the seqs op i stands for, so the hub's answer to the op can be
// applied to its rows. The same rows always pack the same way.
func PackOps(rows []OutboxRow) (ops []OutOp, covers [][]int64, err error) {
	receiptOp := map[string]int{} // notice → index in ops
	family := map[[2]int64]int{}  // (op, family) → index in the op's receipts
	for _, row := range rows {
		var b outboxBody
		if err := json.Unmarshal(row.Body, &b); err != nil {
			return nil, nil, fmt.Errorf("outbox row %d: %w", row.Seq, err)
		}
		if row.Type != OpReceipts {
			ops = append(ops, OutOp{Type: row.Type, Notice: b.Notice, At: b.At, Families: b.Families, Day: b.Day, Answer: b.Answer, Request: b.Request, Course: b.Course})
			covers = append(covers, []int64{row.Seq})
			continue
		}
		i, ok := receiptOp[b.Notice]
		if !ok {
			i = len(ops)
			receiptOp[b.Notice] = i
			ops = append(ops, OutOp{Type: OpReceipts, Notice: b.Notice})
			covers = append(covers, nil)
		}
		covers[i] = append(covers[i], row.Seq)
		r := ReceiptUp{Family: b.Family, State: b.State, Channel: b.Channel, At: b.At, Class: b.Class}
		key := [2]int64{int64(i), b.Family}
		if j, seen := family[key]; seen {
			if r.State >= ops[i].Receipts[j].State {
				ops[i].Receipts[j] = r
			}
			continue
		}
		family[key] = len(ops[i].Receipts)
		ops[i].Receipts = append(ops[i].Receipts, r)
	}
	return ops, covers, nil
}

// Syncer runs sync for the GUI and the command line; sync.Client
// implements it.
type Syncer interface {
	// Enrol exchanges a one-time code from the bureau for the school's
	// credential and stores it with the hub's address and trust.
	Enrol(ctx context.Context, r EnrolRequest) (*Enrolment, error)
	// Sync runs one sync, the feed down and the outbox up, and records it.
	Sync(ctx context.Context) (SyncRun, error)
}
