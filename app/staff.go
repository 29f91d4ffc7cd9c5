package app

import "context"

// Staff is a member of the school's staff.
type Staff struct {
	ID       int64
	Name     string
	Post     string // 职务: 教师, 班主任, 校长, 教务主任 …
	Subjects string // 任教学科, as written: 语文、数学
	Phone    string
	ClassIDs []int64 // classes they teach (任教班级)
}

// StaffRow is one row of a staff sheet.
type StaffRow struct {
	Line     int
	Name     string
	Post     string
	Subjects string
	Phone    string
	Classes  string // 任教班级: 三年级2班、三年级3班
}

// StaffService reads and imports the school's staff.
type StaffService interface {
	Staff(ctx context.Context) ([]*Staff, error)
	PreviewStaff(ctx context.Context, rows []StaffRow) (*ImportPlan, error)
	ImportStaff(ctx context.Context, rows []StaffRow) (*ImportPlan, error)
}
