package app

import (
	"context"
	"time"
	"unicode/utf8"
)

// Homework is an assignment (作业) to one or more classes.
type Homework struct {
	ID          int64
	UUID        string
	Subject     string // 语文, 数学, …
	Content     string // plain text
	ClassIDs    []int64
	ClassLabels []string  // in the order of ClassIDs
	Due         time.Time // a calendar day
	Attachments []Attachment
	CreatedBy   string
	CreatedAt   time.Time

	// Counts are over the students of the classes the acting account
	// may see, filled by the readers.
	Counts CompletionCounts
}

// HomeworkDraft is what the assign screen publishes.
type HomeworkDraft struct {
	Subject  string
	Content  string
	ClassIDs []int64
	Due      time.Time
	AddFiles []string // files to copy into the data folder
}

// Limits on homework text.
const (
	MaxSubject         = 20
	MaxHomeworkContent = 5000
)

// Validate checks a draft before it is published.
func (d HomeworkDraft) Validate() error {
	switch {
	case CleanName(d.Subject) == "":
		return Errorf(EINVALID, "homework.error.subject_required")
	case utf8.RuneCountInString(CleanName(d.Subject)) > MaxSubject:
		return Errorf(EINVALID, "homework.error.subject_long", MaxSubject)
	case CleanName(d.Content) == "":
		return Errorf(EINVALID, "homework.error.content_required")
	case utf8.RuneCountInString(d.Content) > MaxHomeworkContent:
		return Errorf(EINVALID, "homework.error.content_long", MaxHomeworkContent)
	case len(d.ClassIDs) == 0:
		return Errorf(EINVALID, "homework.error.classes_required")
	case d.Due.IsZero():
		return Errorf(EINVALID, "homework.error.due_required")
	}
	return nil
}

// Completion is how a student did one homework; "" until recorded.
type Completion string

// The completion states a teacher records.
const (
	CompletionNone    Completion = ""
	CompletionDone    Completion = "done"
	CompletionLate    Completion = "late"
	CompletionMissing Completion = "missing"
	CompletionExcused Completion = "excused" // e.g. on sick leave: not counted
)

// Completions lists the states a teacher can pick, in menu order.
var Completions = []Completion{CompletionDone, CompletionLate, CompletionMissing, CompletionExcused}

// Valid reports whether c is one of Completions or CompletionNone.
func (c Completion) Valid() bool {
	switch c {
	case CompletionNone, CompletionDone, CompletionLate, CompletionMissing, CompletionExcused:
		return true
	}
	return false
}

// CompletionCounts counts students by completion.
type CompletionCounts struct {
	Total, Done, Late, Missing, Excused, Unrecorded int
}

// Add counts one student.
func (c *CompletionCounts) Add(s Completion) {
	c.Total++
	switch s {
	case CompletionDone:
		c.Done++
	case CompletionLate:
		c.Late++
	case CompletionMissing:
		c.Missing++
	case CompletionExcused:
		c.Excused++
	default:
		c.Unrecorded++
	}
}

// Rate is the completion rate: work handed in (on time or late) over the
// students expected to hand it in (excused students are not expected).
// It is 0 when nobody is expected.
func (c CompletionCounts) Rate() float64 {
	expected := c.Total - c.Excused
	if expected <= 0 {
		return 0
	}
	return float64(c.Done+c.Late) / float64(expected)
}

// HomeworkEntry is one student's line of a homework's completion table.
type HomeworkEntry struct {
	StudentID   int64
	StudentName string
	StudentNo   string
	ClassID     int64
	ClassLabel  string
	State       Completion
	Note        string
}

// CompletionMark records one student's completion.
type CompletionMark struct {
	StudentID int64
	State     Completion
	Note      string
}

// HomeworkService keeps homework and its completion. A teacher assigns
// to and records for their own classes; every change has its audit row.
type HomeworkService interface {
	AssignHomework(ctx context.Context, d HomeworkDraft) (*Homework, error)
	// Homeworks lists the homework the acting account may see, latest due
	// first, with counts.
	Homeworks(ctx context.Context) ([]*Homework, error)
	// HomeworkEntries returns a homework and one entry per student of its
	// classes (the ones the account may see), in class and number order.
	HomeworkEntries(ctx context.Context, id int64) (*Homework, []HomeworkEntry, error)
	// SetCompletion records completions in one transaction; a student not
	// in the homework's classes is EINVALID and nothing is recorded.
	SetCompletion(ctx context.Context, id int64, marks []CompletionMark) error
	DeleteHomework(ctx context.Context, id int64) error
}
