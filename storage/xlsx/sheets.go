package xlsx

import (
	"jxj/app"
)

// The limits New sets: larger files are refused with a message rather than
// read slowly into memory.
const (
	DefaultMaxBytes = 50 << 20 // 50 MB
	DefaultMaxRows  = 20000    // data rows of one sheet
)

// Sheets implements app.SheetService: it writes .xlsx with excelize and
// reads .xlsx with book.go's streaming reader, .csv with encoding/csv.
type Sheets struct {
	MaxBytes int64 // files larger than this are refused
	MaxRows  int   // sheets with more data rows than this are refused
}

var _ app.SheetService = (*Sheets)(nil)

// New returns the sheet service with the default limits.
func New() *Sheets {
	return &Sheets{MaxBytes: DefaultMaxBytes, MaxRows: DefaultMaxRows}
}

// ReadRoster reads a student roster: the first sheet with a header that
// names a student name column, one row per student with up to three
// numbered guardians and a father and a mother.
func (s *Sheets) ReadRoster(path string) (*app.RosterFile, error) {
	rows, sheet, h, err := readTable(s, path, rosterSchema, rosterLayout)
	if err != nil {
		return nil, err
	}
	return &app.RosterFile{Sheet: sheet, HeaderLine: h.line, Columns: h.columns, Rows: rows}, nil
}

// ReadClasses reads a class list (年级, 班级, 班主任).
func (s *Sheets) ReadClasses(path string) ([]app.ClassRow, error) {
	rows, _, _, err := readTable(s, path, classSchema, classLayout)
	return rows, err
}

// ReadStaff reads a staff list (姓名, 职务, 任教学科, 联系电话, 任教班级).
func (s *Sheets) ReadStaff(path string) ([]app.StaffRow, error) {
	rows, _, _, err := readTable(s, path, staffSchema, staffLayout)
	return rows, err
}
