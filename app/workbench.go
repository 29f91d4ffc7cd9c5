package app

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"
)

// TodoKind is what a to-do item of the workbench opens.
type TodoKind string

// The kinds of to-do item.
const (
	TodoNotice   TodoKind = "notice"
	TodoHomework TodoKind = "homework"
	TodoForm     TodoKind = "form"
	TodoLeave    TodoKind = "leave"
	// TodoRollCall: classes have not taken the roll today (the
	// administrator's and principal's list); it opens the not-taken list.
	TodoRollCall TodoKind = "rollcall"
	// TodoBureauSurvey: a bureau survey the school has not answered
	// (administrators); TodoReminder: a 催办 from the bureau not yet
	// done or dismissed (bureau_survey.go).
	TodoBureauSurvey TodoKind = "bureau_survey"
	TodoReminder     TodoKind = "reminder"
	// TodoRequest: a request the bureau decided (request.go).
	TodoRequest TodoKind = "request"
)

// FormSoonDays is how many days ahead a form's deadline puts it on the
// to-do list.
const FormSoonDays = 3

// TodoItem is one line of the workbench's to-do list (待办): something
// still waiting for families or for the teacher, with its progress.
type TodoItem struct {
	Kind     TodoKind
	FormKind FormKind // the form's kind for TodoForm; "" otherwise
	ID       int64
	Title    string
	// Done of Total: acknowledged receipts, homework handed in (on time
	// or late) of the students expected to (not excused), answers (a
	// check-in: today's).
	Done, Total int
	Due         time.Time // the deadline or due day; zero for none
	Overdue     bool      // Due is a day already past
	// Leave is the request a TodoLeave item asks to decide; nil
	// otherwise.
	Leave *Leave
	// Reminder is the 催办 a TodoReminder item shows; nil otherwise.
	Reminder *BureauReminder
	// Request is the decided request a TodoRequest item shows.
	Request *Request
}

// StatusOnly reports whether an item has a state rather than a progress:
// a leave request waiting for a decision, classes not taken the roll.
func (it TodoItem) StatusOnly() bool {
	switch it.Kind {
	case TodoLeave, TodoRollCall, TodoBureauSurvey, TodoReminder, TodoRequest:
		return true
	}
	return false
}

// ExamFillDays is how far back an exam with blank scores still counts on
// the workbench's 成绩 tile.
const ExamFillDays = 30

// Workbench is what the workbench shows the acting account today: a count
// on each tile and the to-do list.
type Workbench struct {
	Counts WorkbenchCounts
	Todo   []TodoItem
}

// WorkbenchCounts are the figures on the workbench's tiles. Those of
// notices, homework, forms and leave count the to-do items of their kind,
// so a tile and the list never disagree.
type WorkbenchCounts struct {
	Notices  int // notices still waiting for acknowledgements
	Homework int // homework due today with completion still to record
	Surveys  int // surveys closing within FormSoonDays (or past) that miss answers
	Chains   int // chains likewise
	Checkins int // check-ins running today that miss today's answers
	NotTaken int // classes the account sees with no roll call today
	Leaves   int // leave requests waiting for the account's decision
	// Exams are the exams of the last ExamFillDays days (none ahead of
	// today) with scores still blank in the account's classes.
	Exams int
}

// WorkbenchData is what the workbench is computed from, each list as the
// acting account sees it.
type WorkbenchData struct {
	Notices  []*Notice
	Homework []*Homework
	Forms    []*Form
	Leaves   []*Leave // those waiting for the account's decision
	NotTaken []*Class // classes with students and no roll call today
	Exams    int      // see WorkbenchCounts.Exams
	// Oversees: the account oversees the school (administrator,
	// principal), so classes not taken the roll are on its to-do list.
	Oversees bool
	// The bureau's surveys and reminders: read for those who oversee
	// the school only.
	BureauSurveys []*BureauSurvey
	Reminders     []*BureauReminder
	Requests      []*Request // the school's requests to the bureau
}

// BuildWorkbench computes the workbench of the day of now: the tiles'
// counts and the to-do list of BuildTodo. When the account oversees the
// school, the bureau's surveys and 催办 (BureauTodo) go before it, and a
// TodoRollCall item (Total: the classes) before them all when classes
// have not taken the roll: the roll is the morning's first work.
func BuildWorkbench(now time.Time, d WorkbenchData) *Workbench {
	todo := BuildTodo(now, d.Notices, d.Homework, d.Forms, d.Leaves)
	if d.Oversees {
		todo = slices.Insert(todo, 0, BureauTodo(now, d.BureauSurveys, d.Reminders)...)
		todo = slices.Insert(todo, 0, RequestTodo(d.Requests)...)
	}
	if d.Oversees && len(d.NotTaken) > 0 {
		todo = slices.Insert(todo, 0, TodoItem{Kind: TodoRollCall, Total: len(d.NotTaken), Due: dayOf(now)})
	}
	w := &Workbench{Todo: todo, Counts: WorkbenchCounts{NotTaken: len(d.NotTaken), Exams: d.Exams}}
	c := &w.Counts
	for _, it := range todo {
		switch {
		case it.Kind == TodoNotice:
			c.Notices++
		case it.Kind == TodoHomework:
			c.Homework++
		case it.Kind == TodoLeave:
			c.Leaves++
		case it.FormKind == FormSurvey:
			c.Surveys++
		case it.FormKind == FormChain:
			c.Chains++
		case it.FormKind == FormCheckin:
			c.Checkins++
		}
	}
	return w
}

// WorkbenchService computes the workbench for the acting account, today
// by the service's clock.
type WorkbenchService interface {
	Workbench(ctx context.Context) (*Workbench, error)
}

// BuildTodo lists what is still open on the day of now:
//   - published notices that ask for an acknowledgement and miss some;
//   - homework due today whose completion is not all recorded;
//   - surveys and chains, not closed, with a deadline at most
//     FormSoonDays ahead or already past, that miss answers;
//   - check-ins running today that miss some of today's answers;
//   - leave requests still waiting for a decision (the caller passes
//     those the account may decide), due on their first day: one whose
//     first day has passed is overdue.
//
// Overdue items come first, then by due day (none last); items that tie
// keep the order given.
func BuildTodo(now time.Time, notices []*Notice, homework []*Homework, forms []*Form, leaves []*Leave) []TodoItem {
	today := dayOf(now)
	soon := today.AddDate(0, 0, FormSoonDays)
	overdue := func(due time.Time) bool { return !due.IsZero() && dayOf(due).Before(today) }

	var items []TodoItem
	for _, n := range notices {
		if n.State != NoticeStatePublished || !n.RequiresAck || n.Counts.Acked >= n.Counts.Total {
			continue
		}
		items = append(items, TodoItem{Kind: TodoNotice, ID: n.ID, Title: n.Title,
			Done: n.Counts.Acked, Total: n.Counts.Total, Due: n.Deadline, Overdue: overdue(n.Deadline)})
	}
	for _, h := range homework {
		if !SameDay(h.Due, now) || h.Counts.Unrecorded == 0 {
			continue
		}
		items = append(items, TodoItem{Kind: TodoHomework, ID: h.ID, Title: h.Subject + " · " + firstLine(h.Content),
			Done: h.Counts.Done + h.Counts.Late, Total: h.Counts.Total - h.Counts.Excused, Due: h.Due})
	}
	for _, f := range forms {
		if f.Closed || f.Answered >= f.Total {
			continue
		}
		item := TodoItem{Kind: TodoForm, FormKind: f.Kind, ID: f.ID, Title: f.Title, Done: f.Answered, Total: f.Total}
		switch f.Kind {
		case FormCheckin:
			if today.Before(dayOf(f.StartDay)) || today.After(dayOf(f.EndDay)) {
				continue
			}
			item.Due = today
		default:
			if f.Deadline.IsZero() || dayOf(f.Deadline).After(soon) {
				continue
			}
			item.Due, item.Overdue = f.Deadline, overdue(f.Deadline)
		}
		items = append(items, item)
	}
	for _, l := range leaves {
		if !l.State.Pending() {
			continue
		}
		items = append(items, TodoItem{Kind: TodoLeave, ID: l.ID, Title: l.StudentName + " · " + l.ClassLabel,
			Due: l.From, Overdue: overdue(l.From), Leave: l})
	}

	slices.SortStableFunc(items, func(a, b TodoItem) int {
		if a.Overdue != b.Overdue {
			if a.Overdue {
				return -1
			}
			return 1
		}
		if a.Due.IsZero() || b.Due.IsZero() {
			// no deadline sorts last
			return cmp.Compare(boolInt(a.Due.IsZero()), boolInt(b.Due.IsZero()))
		}
		return a.Due.Compare(b.Due)
	})
	return items
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// todoTitleLen is how much of a homework's content names it on the list.
const todoTitleLen = 30

// firstLine is the first non-empty line of s, cut to todoTitleLen
// characters.
func firstLine(s string) string {
	for line := range strings.Lines(s) {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if r := []rune(line); len(r) > todoTitleLen {
			return string(r[:todoTitleLen]) + "…"
		}
		return line
	}
	return ""
}
