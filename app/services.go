package app

// Services bundles what the GUI and the command line are built from; main
// fills it from storage and storage/xlsx.
type Services struct {
	Org       OrgService
	Accounts  AccountService
	Classes   ClassService
	Staff     StaffService
	Directory DirectoryService
	Roster    RosterService
	Audit     AuditService
	Sheets    SheetService
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
}
