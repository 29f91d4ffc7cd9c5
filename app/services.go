package app

// Services bundles what the GUI and the command line are built from; main
// fills it from storage and storage/xlsx.
type Services struct {
	Org        OrgService
	Accounts   AccountService
	Classes    ClassService
	Staff      StaffService
	Directory  DirectoryService
	Roster     RosterService
	Years      YearService
	Backups    BackupService
	Cockpit    CockpitService
	Workbench  WorkbenchService
	Students   StudentService
	Audit      AuditService
	Notices    NoticeService
	Homework   HomeworkService
	Forms      FormService
	Attendance AttendanceService
	Leaves     LeaveService
	Exams      ExamService
	Sheets     SheetService
	Printer    PrintService
	Charts     ChartRenderer
	Sync       SyncStore
	Syncer     Syncer
	Updates    UpdateService // new versions from the hub (update.go)

	// BureauSurveys: the bureau's surveys and 催办 reminders
	BureauSurveys BureauSurveyService
	Requests      RequestService // requests to the bureau (request.go)
	// Courses: the bureau's open courses (在线公开课)
	Courses CourseService
}

// SheetService reads and writes the spreadsheets a school exchanges with
// jxj (.xlsx and .csv). Every error is an *Error the user can act on; a
// file that cannot be read changes nothing.
type SheetService interface {
	ReadRoster(path string) (*RosterFile, error)
	ReadClasses(path string) ([]ClassRow, error)
	ReadStaff(path string) ([]StaffRow, error)
	// WriteRosterTemplate writes an empty roster with the expected columns
	// and an example row.
	WriteRosterTemplate(path string) error
	// WriteDirectory exports directory entries as they are (phones already
	// masked for the account).
	WriteDirectory(path string, entries []DirectoryEntry) error

	// WriteSlipCodes writes a notice's receipts as class, student number,
	// student and slip code, for schools that print slips by mail merge.
	WriteSlipCodes(path string, n *Notice, receipts []Receipt) error
	// WriteCallList writes the receipts given (the unacknowledged ones) as
	// a call list: class, student, guardian, relation, phone as masked.
	WriteCallList(path string, n *Notice, receipts []Receipt) error
	// ReadReceiptSheet reads a sheet of returned receipts: a column of
	// slip codes, or of student numbers or names (with class).
	ReadReceiptSheet(path string) ([]ReceiptSheetRow, error)
	// WriteHomework writes a homework's completion table.
	WriteHomework(path string, h *Homework, entries []HomeworkEntry) error
	// WriteAnswerTemplate writes the sheet a class fills in: one row per
	// student, one column per field, current answers filled in.
	WriteAnswerTemplate(path string, sheet *FormSheet) error
	// ReadAnswers reads a filled-in answer sheet of form f. A sheet whose
	// columns are not the form's fields is refused.
	ReadAnswers(path string, f *Form) ([]AnswerRow, error)
	// WriteFormAnswers writes the answers and a summary sheet of totals.
	WriteFormAnswers(path string, sheet *FormSheet, totals *FormTotals) error

	// WriteMonthSheet writes a class's month of attendance in the common
	// 考勤表 layout: students down, days across, totals at the right.
	WriteMonthSheet(path string, m *MonthSheet) error
	// WriteScoreTemplate writes the score sheet of an exam to fill in:
	// one row per student, one column per subject.
	WriteScoreTemplate(path string, sheet *ExamSheet) error
	// ReadScores reads a score sheet: ours, or a school's own with title
	// rows, subject columns by name, 学号 or 姓名 to match, and total or
	// rank columns ignored. A sheet with no subject of the exam is
	// refused.
	ReadScores(path string, exam *Exam) ([]ScoreRow, error)
	// WriteExamResults writes the scores (with totals and ranks, for the
	// teachers) and a summary sheet per class.
	WriteExamResults(path string, sheet *ExamSheet, stats *ExamStats) error

	// WriteAuditRecords writes audit entries as the records show them
	// (time, person, kind, sentence), with the stored action, target and
	// detail in the last columns for IT.
	WriteAuditRecords(path string, entries []*AuditEntry) error
}
