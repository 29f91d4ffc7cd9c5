package app

import (
	"context"
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// A bureau survey (调查) asks each school a few questions, answered once
// per school: counts, choices, short text. It comes down the feed as a
// RecordSurvey and is revoked by a RecordSurveyRevoke. The school's answer
// goes up as an OpSurveyAnswer: a version that names the version it
// replaces (DESIGN.md §5), so the hub keeps the latest and its history.

// SurveyQuestionKind is what a question of a bureau survey takes.
type SurveyQuestionKind string

// The kinds of question.
const (
	QuestionNumber SurveyQuestionKind = "number"
	QuestionChoice SurveyQuestionKind = "choice" // one option
	QuestionMulti  SurveyQuestionKind = "multi"  // any of the options
	QuestionText   SurveyQuestionKind = "text"
)

// Limits of a bureau survey: small enough to read on a phone-sized
// screen and to travel over a slow link.
const (
	MaxSurveyQuestions = 50
	MaxSurveyOptions   = 20
	MaxSurveyText      = 500 // runes of a text answer
	MaxSurveyNumber    = 1e9
)

// SurveyQuestion is one question of a bureau survey.
type SurveyQuestion struct {
	Label   string             `json:"label"`
	Kind    SurveyQuestionKind `json:"kind"`
	Options []string           `json:"options,omitempty"` // choice and multi
}

// SurveyValue answers one question; only the field of its kind is set.
// A question left blank has the zero value.
type SurveyValue struct {
	Number  *float64 `json:"n,omitempty"`
	Choices []string `json:"c,omitempty"`
	Text    string   `json:"t,omitempty"`
}

// Blank reports whether v answers nothing.
func (v SurveyValue) Blank() bool { return v.Number == nil && len(v.Choices) == 0 && v.Text == "" }

// BureauSurveyRecord is the body of a RecordSurvey.
type BureauSurveyRecord struct {
	Title       string           `json:"title"`
	Intro       string           `json:"intro,omitempty"`
	Questions   []SurveyQuestion `json:"questions"`
	Deadline    string           `json:"deadline,omitempty"` // DateLayout
	PublishedAt time.Time        `json:"published_at"`
}

// SurveyAnswerUp is the body of an OpSurveyAnswer: one school's answer to
// a bureau survey, a value per question. Replaces is the version this one
// corrects, "" for the first.
type SurveyAnswerUp struct {
	Survey   string        `json:"survey"`
	Version  string        `json:"version"`
	Replaces string        `json:"replaces,omitempty"`
	Values   []SurveyValue `json:"values"`
	At       int64         `json:"at"` // device time, Unix seconds
}

// ReminderKind is what a 催办 reminder is about.
type ReminderKind string

// The kinds of reminder.
const (
	ReminderNotice ReminderKind = "notice"
	ReminderSurvey ReminderKind = "survey"
)

// ReminderRecord is the body of a RecordReminder: the bureau asks a
// school behind on a notice or a survey to act.
type ReminderRecord struct {
	Kind   ReminderKind `json:"kind"`
	Ref    string       `json:"ref"` // the notice's or survey's UUID
	Title  string       `json:"title"`
	From   string       `json:"from"` // who sent it
	SentAt time.Time    `json:"sent_at"`
	// AckPercent is the share of families' acknowledgements the bureau
	// expects (a notice asking for them); 0 when none.
	AckPercent int `json:"ack_percent,omitempty"`
}

// ValidateQuestions checks a survey's questions: at least one, each with a
// label and a known kind, choices with two or more distinct options.
func ValidateQuestions(qs []SurveyQuestion) error {
	if len(qs) == 0 {
		return Errorf(EINVALID, "bureau_survey.error.no_questions")
	}
	if len(qs) > MaxSurveyQuestions {
		return Errorf(EINVALID, "bureau_survey.error.too_many_questions", len(qs), MaxSurveyQuestions)
	}
	for i, q := range qs {
		if strings.TrimSpace(q.Label) == "" {
			return Errorf(EINVALID, "bureau_survey.error.label", i+1)
		}
		switch q.Kind {
		case QuestionNumber, QuestionText:
			if len(q.Options) > 0 {
				return Errorf(EINVALID, "bureau_survey.error.options_unused", i+1, q.Label)
			}
		case QuestionChoice, QuestionMulti:
			if len(q.Options) < 2 || len(q.Options) > MaxSurveyOptions {
				return Errorf(EINVALID, "bureau_survey.error.options", i+1, q.Label, MaxSurveyOptions)
			}
			for j, o := range q.Options {
				if strings.TrimSpace(o) == "" || slices.Index(q.Options, o) != j {
					return Errorf(EINVALID, "bureau_survey.error.option", i+1, q.Label, o)
				}
			}
		default:
			return Errorf(EINVALID, "bureau_survey.error.kind", i+1, q.Label, string(q.Kind))
		}
	}
	return nil
}

// ValidateAnswer checks a school's values against the questions: one per
// question, of its kind, numbers finite and not negative, choices among
// the options, text short and with no phone number in it (names and
// phone numbers never go up). At least one question is answered.
func ValidateAnswer(qs []SurveyQuestion, vs []SurveyValue) error {
	if len(vs) != len(qs) {
		return Errorf(EINVALID, "bureau_survey.error.values", len(vs), len(qs))
	}
	blank := true
	for i, v := range vs {
		q := qs[i]
		if v.Blank() {
			continue
		}
		blank = false
		wrongKind := Errorf(EINVALID, "bureau_survey.error.value_kind", i+1, q.Label)
		switch q.Kind {
		case QuestionNumber:
			if v.Number == nil || len(v.Choices) > 0 || v.Text != "" {
				return wrongKind
			}
			if n := *v.Number; math.IsNaN(n) || n < 0 || n > MaxSurveyNumber {
				return Errorf(EINVALID, "bureau_survey.error.number", i+1, q.Label, int64(MaxSurveyNumber))
			}
		case QuestionChoice, QuestionMulti:
			if v.Number != nil || v.Text != "" || (q.Kind == QuestionChoice && len(v.Choices) > 1) {
				return wrongKind
			}
			for j, c := range v.Choices {
				if !slices.Contains(q.Options, c) || slices.Index(v.Choices, c) != j {
					return Errorf(EINVALID, "bureau_survey.error.choice", i+1, q.Label, c)
				}
			}
		case QuestionText:
			if v.Number != nil || len(v.Choices) > 0 {
				return wrongKind
			}
			if utf8.RuneCountInString(v.Text) > MaxSurveyText {
				return Errorf(EINVALID, "bureau_survey.error.text_long", i+1, q.Label, MaxSurveyText)
			}
			if HasPhoneLike(v.Text) {
				return Errorf(EINVALID, "bureau_survey.error.text_phone", i+1, q.Label)
			}
		}
	}
	if blank {
		return Errorf(EINVALID, "bureau_survey.error.blank")
	}
	return nil
}

// HasPhoneLike reports whether s holds what looks like a phone number,
// which must not leave the school: seven digits in a row (a local
// number), or ten and more with spaces or dashes between them (a mobile
// or a number with its area code). A date (2026-12-20) is neither.
func HasPhoneLike(s string) bool {
	run, spaced := 0, 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9', r >= '０' && r <= '９':
			run++
			spaced++
		case r == ' ' || r == '-':
			run = 0
		default:
			run, spaced = 0, 0
		}
		if run >= 7 || spaced >= 10 {
			return true
		}
	}
	return false
}

// BureauSurvey is a bureau survey on the school, with its answer.
type BureauSurvey struct {
	ID          int64
	UUID        string
	Title       string
	Intro       string
	Questions   []SurveyQuestion
	Deadline    time.Time // zero: none
	PublishedAt time.Time
	RevokedAt   time.Time
	// Values is the school's latest answer, nil before it answers;
	// AnsweredAt when it was given; Versions how many it has given.
	Values     []SurveyValue
	AnsweredAt time.Time
	Versions   int
}

// Open reports whether the school may still answer (or correct) on the
// day of now: not revoked, the deadline not past.
func (s *BureauSurvey) Open(now time.Time) bool {
	return s.RevokedAt.IsZero() && (s.Deadline.IsZero() || !dayOf(s.Deadline).Before(dayOf(now)))
}

// BureauReminder is a 催办 from the bureau as the school keeps it. Done is
// set when the school has done what it asks (confirmed and forwarded the
// notice, its families acknowledged it enough, the survey answered).
type BureauReminder struct {
	ID          int64
	Kind        ReminderKind
	Ref         string // the notice's or survey's UUID
	RefID       int64  // its id on the school, 0 when it is not here
	Title       string
	From        string
	SentAt      time.Time
	AckPercent  int
	Done        bool
	DismissedAt time.Time
}

// BureauSurveyService is the school's side of bureau surveys and
// reminders, for the workbench and the bureau pages. Answering and
// dismissing take an administrator (CanHandleBureauNotice's rule).
type BureauSurveyService interface {
	// BureauSurveys lists the surveys, newest first, with the answers.
	BureauSurveys(ctx context.Context) ([]*BureauSurvey, error)
	BureauSurvey(ctx context.Context, id int64) (*BureauSurvey, error)
	// AnswerBureauSurvey stores the school's answer (a new version that
	// replaces the one before) and queues it to go up. A revoked or
	// closed survey, or a bad value, is an error that changes nothing.
	AnswerBureauSurvey(ctx context.Context, id int64, values []SurveyValue) (*BureauSurvey, error)
	// Reminders lists the reminders not dismissed, newest first, each
	// marked Done when the school has done what it asks.
	Reminders(ctx context.Context) ([]*BureauReminder, error)
	DismissReminder(ctx context.Context, id int64) error
}

// SurveyDraft is a bureau survey as the bureau composes it. Orgs empty
// means every school.
type SurveyDraft struct {
	Title     string
	Intro     string
	Questions []SurveyQuestion
	Deadline  time.Time
	Orgs      []int64
}

// HubSurvey is a bureau survey on the hub.
type HubSurvey struct {
	ID          int64
	UUID        string
	Title       string
	Intro       string
	Questions   []SurveyQuestion
	Deadline    time.Time
	PublishedAt time.Time
	RevokedAt   time.Time
	Schools     int // schools it was sent to
	Answered    int // schools that answered
}

// HubSurveySchool is one school's state with a bureau survey.
type HubSurveySchool struct {
	Org        HubOrg
	Delivered  bool
	AnsweredAt time.Time // zero: not answered
	Versions   int       // answers given, corrections included
	Values     []SurveyValue
}

// SurveyTotal sums one question over the schools' latest answers: the
// sum of a number, the count of each option (in the question's order).
type SurveyTotal struct {
	Question SurveyQuestion
	Answered int // schools that answered it
	Sum      float64
	Counts   []int
}

// HubSurveyStatus is a survey with each school's answer, the totals, and
// the schools that have not answered.
type HubSurveyStatus struct {
	Survey      *HubSurvey
	Schools     []HubSurveySchool
	Totals      []SurveyTotal
	NotAnswered []HubOrg
}

// SurveyTotals sums the schools' latest answers question by question.
func SurveyTotals(qs []SurveyQuestion, schools []HubSurveySchool) []SurveyTotal {
	out := make([]SurveyTotal, len(qs))
	for i, q := range qs {
		out[i] = SurveyTotal{Question: q, Counts: make([]int, len(q.Options))}
	}
	for _, s := range schools {
		if len(s.Values) != len(qs) {
			continue
		}
		for i, v := range s.Values {
			if v.Blank() {
				continue
			}
			t := &out[i]
			t.Answered++
			if v.Number != nil {
				t.Sum += *v.Number
			}
			for _, c := range v.Choices {
				if j := slices.Index(t.Question.Options, c); j >= 0 {
					t.Counts[j]++
				}
			}
		}
	}
	return out
}

// RemindDraft asks for a 催办: Orgs names the schools; empty means the
// schools behind. A school is behind on a notice when it has not
// confirmed or forwarded it, or (a notice asking for acknowledgements)
// fewer than AckPercent of its families acknowledged; on a survey when it
// has not answered.
type RemindDraft struct {
	Ref        string // the notice's or survey's id or UUID
	Orgs       []int64
	AckPercent int
	From       string // who sends it, shown to the school; "" is the bureau
}

// DefaultAckPercent is the share of families' acknowledgements below which
// a school is behind on a notice, unless the bureau says otherwise.
const DefaultAckPercent = 90

// HubReminder is a 催办 the hub sent, and the schools it went to.
type HubReminder struct {
	ID      int64
	UUID    string
	Kind    ReminderKind
	Title   string // the notice's or survey's
	SentAt  time.Time
	Schools []HubOrg
}

// BureauSurveys is the hub's side of bureau surveys and reminders; the
// bureau's console and `jxj hub survey …` call it. app.HubStore embeds it.
type BureauSurveys interface {
	PublishSurvey(ctx context.Context, d SurveyDraft) (*HubSurvey, error)
	RevokeSurvey(ctx context.Context, id int64) (*HubSurvey, error)
	// Surveys lists the surveys, newest first.
	Surveys(ctx context.Context) ([]*HubSurvey, error)
	// SurveyStatus takes the survey's id or UUID.
	SurveyStatus(ctx context.Context, ref string) (*HubSurveyStatus, error)
	// RemindNotice and RemindSurvey append a reminder to the feed of the
	// schools d names, or of those behind; none behind is ECONFLICT.
	RemindNotice(ctx context.Context, d RemindDraft) (*HubReminder, error)
	RemindSurvey(ctx context.Context, d RemindDraft) (*HubReminder, error)
}

// BureauTodo lists, for the workbench of those who oversee the school, the
// bureau's work first: reminders not done nor dismissed (newest first),
// then the surveys still open and not answered (by deadline).
func BureauTodo(now time.Time, surveys []*BureauSurvey, reminders []*BureauReminder) []TodoItem {
	var items []TodoItem
	for _, r := range reminders {
		if r.Done || !r.DismissedAt.IsZero() {
			continue
		}
		items = append(items, TodoItem{Kind: TodoReminder, ID: r.ID, Title: r.Title, Due: r.SentAt, Reminder: r})
	}
	var open []TodoItem
	for _, s := range surveys {
		if s.Values != nil || !s.Open(now) {
			continue
		}
		open = append(open, TodoItem{Kind: TodoBureauSurvey, ID: s.ID, Title: s.Title, Due: s.Deadline})
	}
	slices.SortStableFunc(open, func(a, b TodoItem) int {
		if a.Due.IsZero() || b.Due.IsZero() {
			return boolInt(a.Due.IsZero()) - boolInt(b.Due.IsZero())
		}
		return a.Due.Compare(b.Due)
	})
	return append(items, open...)
}

// FormTotalPick is one total of a school's own form that a number of a
// bureau survey can be filled from with one click.
type FormTotalPick struct {
	Field  string // the field's label
	Option string // the option counted; "" for a number field's sum
	Value  float64
}

// FormTotalPicks lists the totals of a form that a number can take: how
// many answers picked each option of a choice, multi or yes/no field, and
// the sum of each number field, in field order.
func FormTotalPicks(t *FormTotals) []FormTotalPick {
	var out []FormTotalPick
	for _, f := range t.Fields {
		for _, o := range f.Options {
			out = append(out, FormTotalPick{Field: f.Field.Label, Option: o.Option, Value: float64(o.Count)})
		}
		if f.Number != nil && f.Number.Count > 0 {
			out = append(out, FormTotalPick{Field: f.Field.Label, Value: f.Number.Sum})
		}
	}
	return out
}
