package app

import (
	"context"
	"errors"
	"os"
	"strings"
	"time"

	"jxj/app/i18n"
)

// AuditEntry records one change: who, what, when.
type AuditEntry struct {
	ID     int64
	At     time.Time
	Actor  string // the account's username; "system" for the node itself, "setup:user@host" before the school has an administrator
	Action string // e.g. "account.create", "roster.import"
	Target string // what was changed, e.g. "account:3"
	Detail string // the facts of the change as stored, e.g. "title=家长会 target=class:1 receipts=45"

	// Filled when read, as things are now: the actor as a person, and the
	// names of what the entry refers to by id (see Refs) that still
	// exist, e.g. "notice:3" → the notice's title.
	Who   AuditActor
	Names map[string]string
}

// AuditActor is someone who appears in the audit log.
type AuditActor struct {
	Username string
	Name     string // the linked staff member's name; "" for none
	Role     Role   // "" when no account has the username (the system, the setup)
}

// Label is the person as the records name them: 王芳（教师）, the PC itself
// for the system, the OS user and host for the setup and a recovery.
func (p AuditActor) Label() string {
	if host, ok := strings.CutPrefix(p.Username, "setup:"); ok {
		return i18n.T("audit.who.setup", host)
	}
	if host, ok := strings.CutPrefix(p.Username, "recovery:"); ok {
		return i18n.T("audit.who.recovery", host)
	}
	if p.Role == "" {
		if p.Username == SystemAccount.Username {
			return i18n.T("audit.who.system")
		}
		return p.Username
	}
	name := p.Name
	if name == "" {
		name = p.Username
	}
	return i18n.T("audit.who", name, i18n.T("role."+string(p.Role)))
}

// AuditKind is a group of actions the records are filtered by.
type AuditKind string

// The kinds of audit entries.
const (
	AuditNotices    AuditKind = "notices" // notices and their receipts
	AuditHomework   AuditKind = "homework"
	AuditForms      AuditKind = "forms"      // surveys, sign-up chains, check-ins
	AuditAttendance AuditKind = "attendance" // roll calls and leave
	AuditGrades     AuditKind = "grades"
	AuditRoster     AuditKind = "roster"   // classes, staff, students, school years
	AuditAccounts   AuditKind = "accounts" // accounts and logins
	AuditExports    AuditKind = "exports"  // files of personal data written out
	AuditSync       AuditKind = "sync"
	AuditBackups    AuditKind = "backups"
	AuditSettings   AuditKind = "settings" // the school and its settings
)

// AuditKinds lists the kinds in the order the filter offers them.
var AuditKinds = []AuditKind{AuditNotices, AuditHomework, AuditForms, AuditAttendance, AuditGrades,
	AuditRoster, AuditAccounts, AuditExports, AuditSync, AuditBackups, AuditSettings}

// Label is the kind in the user's language.
func (k AuditKind) Label() string { return i18n.T("audit.kind." + string(k)) }

// AuditFilter is what the records are read by. Entries come newest first
// by the order they were written, not by their time: a PC's clock can go
// backwards.
type AuditFilter struct {
	Actor    string    // a username; "" for everyone
	Kind     AuditKind // "" for every kind
	From, To time.Time // calendar days in time.Local, both included; zero for no bound
	Before   int64     // entries written before this one (the next page); 0 for the newest
	Limit    int       // at most this many; 0 for the service's default
}

// Validate checks that the first day is not after the last.
func (f AuditFilter) Validate() error {
	if !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From) {
		return Errorf(EINVALID, "audit.error.range", FormatDate(f.From), FormatDate(f.To))
	}
	return nil
}

// AuditService reads the audit log and checks it; rows are written by the
// services that make the changes, in the same transaction.
//
// The log is a hash chain: each row's hash covers the hash before it and
// the row's own fields, and the newest hash is kept apart from the rows
// (the chain's head). A row edited, deleted or inserted by hand (with
// sqlite3) breaks the chain, and so do rows deleted at the end: the head
// still names the last row written. Whoever holds the database file and
// this program's source can rebuild a chain that verifies; the head is
// kept in the same file, so only a copy kept elsewhere would catch that.
type AuditService interface {
	// AuditLog returns the entries f asks for, newest first, with the
	// people and things they name looked up; more says that older
	// entries match too. Admin or principal only.
	AuditLog(ctx context.Context, f AuditFilter) (entries []*AuditEntry, more bool, err error)
	// AuditActors lists everyone who appears in the log, for the filter;
	// admin or principal only.
	AuditActors(ctx context.Context) ([]AuditActor, error)
	// VerifyAudit walks the whole chain and says where it first breaks;
	// admin or principal only.
	VerifyAudit(ctx context.Context) (*AuditCheck, error)
	// RecordExport writes the audit row of a file of personal data that
	// left jxj: who, what, how many rows, where.
	RecordExport(ctx context.Context, e Export) error
}

// AllAuditEntries reads every entry f matches, page after page, for an
// export of the records.
func AllAuditEntries(ctx context.Context, svc AuditService, f AuditFilter) ([]*AuditEntry, error) {
	var all []*AuditEntry
	for {
		page, more, err := svc.AuditLog(ctx, f)
		if err != nil {
			return nil, err
		}
		all = append(all, page...)
		if !more || len(page) == 0 {
			return all, nil
		}
		f.Before = page[len(page)-1].ID
	}
}

// AuditBreak says how the chain is broken.
type AuditBreak string

// The ways VerifyAudit finds the chain broken.
const (
	AuditIntact    AuditBreak = ""
	AuditEdited    AuditBreak = "edited"    // row At does not match its hash: changed, or inserted by hand
	AuditMissing   AuditBreak = "missing"   // rows before At (from Expected on) are gone
	AuditTruncated AuditBreak = "truncated" // the log ends at At but had reached Expected
)

// AuditCheck is what VerifyAudit found.
type AuditCheck struct {
	Rows     int        // rows checked
	Break    AuditBreak // AuditIntact when every row and the head agree
	At       int64      // the first row concerned (see AuditBreak)
	Expected int64      // the row id that should be there, for Missing and Truncated
}

// OK reports whether the chain is intact.
func (c *AuditCheck) OK() bool { return c.Break == AuditIntact }

// Problem returns the broken chain as an error the user can read (what
// happened and what to do), nil when it is intact.
func (c *AuditCheck) Problem() error {
	switch c.Break {
	case AuditEdited:
		return Errorf(ECONFLICT, "audit.broken.edited", c.At)
	case AuditMissing:
		if c.Expected == c.At-1 {
			return Errorf(ECONFLICT, "audit.broken.missing_one", c.Expected)
		}
		return Errorf(ECONFLICT, "audit.broken.missing", c.Expected, c.At-1)
	case AuditTruncated:
		return Errorf(ECONFLICT, "audit.broken.truncated", c.At, c.Expected)
	}
	return nil
}

// Export is one file of personal data written out of jxj.
type Export struct {
	What string // what the file holds, e.g. "directory", "call_list"
	Rows int    // how many people or rows it holds
	Path string // where it went; "-" for standard output
}

// WithExportAudit returns s with Sheets and Printer recording every file
// of personal data they write (everything but the empty roster template)
// through s.Audit, as the account of ctx() at the time: the GUI and the
// command line export through it, so no export is left out. A file whose
// audit row cannot be written is removed and the export fails.
func (s Services) WithExportAudit(ctx func() context.Context) Services {
	rec := exportRecorder{audit: s.Audit, ctx: ctx}
	if s.Sheets != nil {
		s.Sheets = &auditedSheets{SheetService: s.Sheets, rec: rec}
	}
	if s.Printer != nil {
		s.Printer = &auditedPrinter{next: s.Printer, rec: rec}
	}
	return s
}

type exportRecorder struct {
	audit AuditService
	ctx   func() context.Context
}

// write runs the export, then records it.
func (r exportRecorder) write(what, path string, rows int, write func() error) error {
	if err := write(); err != nil {
		return err
	}
	if err := r.audit.RecordExport(r.ctx(), Export{What: what, Rows: rows, Path: path}); err != nil {
		if rmErr := os.Remove(path); rmErr != nil && !errors.Is(rmErr, os.ErrNotExist) {
			return errors.Join(err, rmErr)
		}
		return err
	}
	return nil
}

// auditedSheets records the spreadsheets of personal data; reading and
// the roster template pass through.
type auditedSheets struct {
	SheetService
	rec exportRecorder
}

func (s *auditedSheets) WriteDirectory(path string, entries []DirectoryEntry) error {
	return s.rec.write("directory", path, len(entries), func() error { return s.SheetService.WriteDirectory(path, entries) })
}

func (s *auditedSheets) WriteSlipCodes(path string, n *Notice, receipts []Receipt) error {
	return s.rec.write("slip_codes", path, len(receipts), func() error { return s.SheetService.WriteSlipCodes(path, n, receipts) })
}

func (s *auditedSheets) WriteCallList(path string, n *Notice, receipts []Receipt) error {
	return s.rec.write("call_list", path, len(receipts), func() error { return s.SheetService.WriteCallList(path, n, receipts) })
}

func (s *auditedSheets) WriteHomework(path string, h *Homework, entries []HomeworkEntry) error {
	return s.rec.write("homework", path, len(entries), func() error { return s.SheetService.WriteHomework(path, h, entries) })
}

func (s *auditedSheets) WriteAnswerTemplate(path string, sheet *FormSheet) error {
	return s.rec.write("answer_sheet", path, len(sheet.Students), func() error { return s.SheetService.WriteAnswerTemplate(path, sheet) })
}

func (s *auditedSheets) WriteFormAnswers(path string, sheet *FormSheet, totals *FormTotals) error {
	return s.rec.write("answers", path, len(sheet.Answers), func() error { return s.SheetService.WriteFormAnswers(path, sheet, totals) })
}

func (s *auditedSheets) WriteMonthSheet(path string, m *MonthSheet) error {
	return s.rec.write("month_sheet", path, len(m.Students), func() error { return s.SheetService.WriteMonthSheet(path, m) })
}

func (s *auditedSheets) WriteScoreTemplate(path string, sheet *ExamSheet) error {
	return s.rec.write("score_sheet", path, len(sheet.Students), func() error { return s.SheetService.WriteScoreTemplate(path, sheet) })
}

func (s *auditedSheets) WriteExamResults(path string, sheet *ExamSheet, stats *ExamStats) error {
	return s.rec.write("results", path, len(sheet.Students), func() error { return s.SheetService.WriteExamResults(path, sheet, stats) })
}

func (s *auditedSheets) WriteAuditRecords(path string, entries []*AuditEntry) error {
	return s.rec.write("audit_records", path, len(entries), func() error { return s.SheetService.WriteAuditRecords(path, entries) })
}

// auditedPrinter records the printed notices and result slips.
type auditedPrinter struct {
	next PrintService
	rec  exportRecorder
}

func (p *auditedPrinter) PrintNotice(path string, n NoticePrint) error {
	return p.rec.write("notice_slips", path, len(n.Receipts), func() error { return p.next.PrintNotice(path, n) })
}

func (p *auditedPrinter) PrintResultSlips(path string, r ResultSlips) error {
	return p.rec.write("result_slips", path, len(r.Sheet.Students), func() error { return p.next.PrintResultSlips(path, r) })
}

// PrintCockpit is not recorded: the printed cockpit holds counts and
// rates, no person's data.
func (p *auditedPrinter) PrintCockpit(path string, c CockpitPrint) error {
	return p.next.PrintCockpit(path, c)
}
