package app

import (
	"context"
	"time"
)

// FormKind is what a form is used for; one engine serves all three.
type FormKind string

// The kinds of form.
const (
	// FormSurvey is a form or survey (填表/调查): one answer per student.
	FormSurvey FormKind = "survey"
	// FormChain is a sign-up chain (接龙): families sign up for items,
	// some with a limit (e.g. 3 volunteer slots), in the order they came.
	FormChain FormKind = "chain"
	// FormCheckin is a daily check-in (打卡) from StartDay to EndDay: one
	// answer per student per day.
	FormCheckin FormKind = "checkin"
)

// FieldType is the kind of answer a field takes.
type FieldType string

// The field types of the form builder.
const (
	FieldText     FieldType = "text"     // one line
	FieldTextArea FieldType = "textarea" // several lines
	FieldNumber   FieldType = "number"
	FieldChoice   FieldType = "choice" // one of Options
	FieldMulti    FieldType = "multi"  // any of Options
	FieldDate     FieldType = "date"   // DateLayout
	FieldYesNo    FieldType = "yesno"  // "yes" or "no"
)

// FieldTypes lists the field types in the builder's menu order.
var FieldTypes = []FieldType{FieldText, FieldTextArea, FieldNumber, FieldChoice, FieldMulti, FieldDate, FieldYesNo}

// Field is one question of a form.
type Field struct {
	Key      string // stable within the form ("f1", "f2", …); given on create
	Label    string
	Type     FieldType
	Required bool
	Options  []string // FieldChoice and FieldMulti
	// Limits caps how many may pick each option (same order as Options;
	// 0 or missing is no limit). Used by chains.
	Limits []int
}

// ChoiceSep joins the options of a multiple-choice answer as stored.
const ChoiceSep = "、"

// Form is a survey, a chain or a check-in for some classes.
type Form struct {
	ID          int64
	UUID        string
	Kind        FormKind
	Title       string
	Description string
	Fields      []Field
	ClassIDs    []int64
	ClassLabels []string
	Deadline    time.Time // survey and chain: a calendar day, zero for none
	StartDay    time.Time // check-in: first day
	EndDay      time.Time // check-in: last day
	Closed      bool      // closed forms take no more answers
	CreatedBy   string
	CreatedAt   time.Time

	// Answered of Total students (check-in: today's), for the lists and
	// the to-do list, over the classes the account may see.
	Answered, Total int
}

// FormDraft is what the form builder creates.
type FormDraft struct {
	Kind        FormKind
	Title       string
	Description string
	Fields      []Field
	ClassIDs    []int64
	Deadline    time.Time
	StartDay    time.Time
	EndDay      time.Time
}

// Answer is one student's (family's) current answer to a form; a
// check-in has one per day. A changed answer is a new version: it gets a
// new UUID and Replaces names the one it replaces, so the hub keeps the
// latest of a family's answers without losing the history.
type Answer struct {
	ID        int64
	UUID      string
	Replaces  string // UUID of the previous version, "" for the first
	FormID    int64
	StudentID int64
	Day       string            // check-in: DateLayout; "" otherwise
	Values    map[string]string // by Field.Key; multi: options joined by ChoiceSep; yesno: "yes"/"no"
	Seq       int64             // sign-up order within the form (kept when an answer changes)
	At        time.Time
	By        string
}

// FormStudent is a student a form asks.
type FormStudent struct {
	StudentID   int64
	StudentName string
	StudentNo   string
	ClassID     int64
	ClassLabel  string
}

// FormSheet is a form with the students it asks and their answers (of
// one day for a check-in), as the answer screen and the exports need it.
type FormSheet struct {
	Form     *Form
	Day      string        // check-in: the day shown, or AllDays
	Students []FormStudent // class and number order
	Answers  []Answer      // one per student (per day for AllDays)
}

// AllDays asks FormSheet for a check-in's answers of every day.
const AllDays = "all"

// AnswerInput is an answer as entered.
type AnswerInput struct {
	StudentID int64
	Day       string
	Values    map[string]string
}

// AnswerRow is one row of an answer sheet the class filled in: the
// student by number or name (and class), values by Field.Key, as typed.
type AnswerRow struct {
	Line        int
	StudentNo   string
	StudentName string
	ClassLabel  string
	Day         string
	Values      map[string]string
}

// AnswerImport is what an answer import did, or would do.
type AnswerImport struct {
	Saved     int // new or changed answers
	Unchanged int
	Problems  []RowProblem // any problem: nothing is saved
}

// FormService keeps forms and their answers. A teacher creates forms for
// and answers for their own classes; each change has its audit row.
type FormService interface {
	CreateForm(ctx context.Context, d FormDraft) (*Form, error)
	// Forms lists the forms the acting account may see, newest first.
	Forms(ctx context.Context) ([]*Form, error)
	// FormSheet returns a form with its students and answers; day picks
	// a check-in's day ("" for today, AllDays for every day, as the
	// export needs).
	FormSheet(ctx context.Context, id int64, day string) (*FormSheet, error)
	// SaveAnswer checks and stores one answer (a new version if it
	// changed). A closed form, a full chain item, a day outside a
	// check-in or a bad value is an error that changes nothing.
	SaveAnswer(ctx context.Context, formID int64, in AnswerInput) (*Answer, error)
	// ClearAnswer withdraws a student's answer (e.g. leaves a chain).
	ClearAnswer(ctx context.Context, formID, studentID int64, day string) error
	// ImportAnswers saves the answers of a filled-in sheet in one
	// transaction; any problem row and nothing is saved. dryRun only
	// reports.
	ImportAnswers(ctx context.Context, formID int64, rows []AnswerRow, dryRun bool) (*AnswerImport, error)
	CloseForm(ctx context.Context, id int64) error
}

// FormTotals are the live totals of a form sheet's answers.
type FormTotals struct {
	Students int           // asked
	Answered int           // with an answer
	Missing  []FormStudent // without one, in sheet order
	Fields   []FieldTotal  // in field order
}

// FieldTotal sums up one field.
type FieldTotal struct {
	Field    Field
	Answered int           // answers with a value for this field
	Options  []OptionCount // choice, multi and yesno: every option, in order
	Number   *NumberStats  // number: nil otherwise, or with Count 0
}

// OptionCount is how many answers picked an option; Percent is of the
// field's answers (0–100; a multiple choice's may add up to more).
type OptionCount struct {
	Option  string
	Count   int
	Percent float64
}

// NumberStats sums up a number field.
type NumberStats struct {
	Count              int
	Sum, Avg, Min, Max float64
}
