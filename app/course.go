package app

import (
	"context"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// 在线公开课: open courses the bureau publishes to its schools. A course is
// a title, a subject, a grade range, a description and files (video, PDF,
// slides; one may be several GB), each with its size and SHA-256. It
// reaches a school's feed as a RecordCourse carrying its manifest (a
// CourseRecord) and is withdrawn by a RecordCourseRevoke; a school with
// no usable link imports it from a package file (a USB stick). What goes
// back up is counts only (CourseStatsUp): no names.

// The limits of a course.
const (
	MaxCourseFileSize    = 8 << 30 // one file: a long lesson video
	MaxCourseFiles       = 50
	MaxCourseTitle       = 100
	MaxCourseSubject     = 20
	MaxCourseDescription = 2000
)

// CourseFile is one file of a course as its manifest lists it: ID is the
// hub's id of the file (a UUID), Name the name the bureau gave it.
type CourseFile struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Valid reports whether f is a file a school may store: an id safe in a
// path, a size within the limit and a SHA-256 in hex.
func (f CourseFile) Valid() bool {
	return SafeID(f.ID) && f.Size >= 0 && f.Size <= MaxCourseFileSize && ValidSHA256(f.SHA256)
}

// CourseRecord is the body of a RecordCourse and, with the course's
// UUID, the manifest of a course package: everything a school needs to
// show the course and check its files.
type CourseRecord struct {
	Title       string       `json:"title"`
	Subject     string       `json:"subject"`
	GradeFrom   int          `json:"grade_from"`
	GradeTo     int          `json:"grade_to"`
	Description string       `json:"description,omitempty"`
	PublishedAt time.Time    `json:"published_at"`
	Files       []CourseFile `json:"files"`
}

// Validate checks a course as it comes from the hub or a package: a
// school stores nothing of a record that fails.
func (r *CourseRecord) Validate() error {
	d := CourseDraft{Title: r.Title, Subject: r.Subject, GradeFrom: r.GradeFrom, GradeTo: r.GradeTo, Description: r.Description}
	if err := d.Validate(); err != nil {
		return err
	}
	if len(r.Files) == 0 || len(r.Files) > MaxCourseFiles {
		return Errorf(EINVALID, "course.error.files_count", len(r.Files), MaxCourseFiles)
	}
	seen := map[string]bool{}
	for _, f := range r.Files {
		if !f.Valid() || seen[f.ID] {
			return Errorf(EINVALID, "course.error.manifest_file", f.Name)
		}
		seen[f.ID] = true
	}
	return nil
}

// SameFiles reports whether two manifests list the same files: the same
// ids, sizes and hashes in the same order.
func SameFiles(a, b []CourseFile) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].ID != b[i].ID || a[i].Size != b[i].Size || a[i].SHA256 != b[i].SHA256 {
			return false
		}
	}
	return true
}

// CoursePackage is the manifest.json of a course package (.jxjcourse): a
// tar whose first entry is this manifest and whose next entries are the
// files, in the manifest's order, each named files/<file id>.
type CoursePackage struct {
	Format int    `json:"format"` // CoursePackageFormat
	Course string `json:"course"` // the course's UUID
	CourseRecord
}

// CoursePackageFormat is the package format this version writes and reads.
const CoursePackageFormat = 1

// CourseManifestName is the name of a package's first entry, and
// CoursePackageFile the name of a file's entry.
const CourseManifestName = "manifest.json"

// CoursePackageFile is the name of a file's entry in a package.
func CoursePackageFile(id string) string { return "files/" + id }

// CourseDraft is a course the bureau publishes. Files are paths on the
// computer that publishes it: the hub's for `jxj hub course publish`, the
// console's for the console, which sends them first and names them in
// Uploads (files the console sent into the hub's content store).
type CourseDraft struct {
	Title       string
	Subject     string
	GradeFrom   int
	GradeTo     int
	Description string
	Files       []string
	Uploads     []HubUpload
	Orgs        []int64 // the schools it is for; none is every school
}

// Validate checks the draft's text and grades; the files are checked as
// they are copied.
func (d CourseDraft) Validate() error {
	title := CleanTitle(d.Title)
	subject := strings.TrimSpace(d.Subject)
	switch {
	case title == "":
		return Errorf(EINVALID, "course.error.title_required")
	case utf8.RuneCountInString(title) > MaxCourseTitle:
		return Errorf(EINVALID, "course.error.title_long", MaxCourseTitle)
	case subject == "":
		return Errorf(EINVALID, "course.error.subject_required")
	case utf8.RuneCountInString(subject) > MaxCourseSubject:
		return Errorf(EINVALID, "course.error.subject_long", MaxCourseSubject)
	case d.GradeFrom < MinGrade || d.GradeTo > MaxGrade || d.GradeFrom > d.GradeTo:
		return Errorf(EINVALID, "course.error.grades", d.GradeFrom, d.GradeTo, MinGrade, MaxGrade)
	case utf8.RuneCountInString(d.Description) > MaxCourseDescription:
		return Errorf(EINVALID, "course.error.description_long", MaxCourseDescription)
	}
	return nil
}

// ParseGrades reads a grade range as typed: "3-6", or "4" for one grade.
func ParseGrades(s string) (from, to int, err error) {
	a, b, ok := strings.Cut(strings.TrimSpace(s), "-")
	if !ok {
		b = a
	}
	from, errA := strconv.Atoi(strings.TrimSpace(a))
	to, errB := strconv.Atoi(strings.TrimSpace(b))
	if errA != nil || errB != nil || from < MinGrade || to > MaxGrade || from > to {
		return 0, 0, Errorf(EINVALID, "course.error.grades_text", s, MinGrade, MaxGrade)
	}
	return from, to, nil
}

// GradeRangeName is a course's grades in words: 三年级—六年级, or one grade.
func GradeRangeName(from, to int) string {
	if from == to {
		return GradeName(from)
	}
	return GradeName(from) + "—" + GradeName(to)
}

// HubCourse is a course as the hub keeps it.
type HubCourse struct {
	ID          int64
	UUID        string
	Title       string
	Subject     string
	GradeFrom   int
	GradeTo     int
	Description string
	Files       []CourseFile
	PublishedAt time.Time
	RevokedAt   time.Time
	Schools     int // schools it was sent to
	Ready       int // schools that reported every file verified
}

// Size is the bytes of all the course's files.
func (c *HubCourse) Size() int64 { return filesSize(c.Files) }

func filesSize(files []CourseFile) int64 {
	var n int64
	for _, f := range files {
		n += f.Size
	}
	return n
}

// HubCourseSchool is what one school reported of a course.
type HubCourseSchool struct {
	Org       HubOrg
	Delivered bool // the school's feed passed the course
	Ready     bool // every file verified at the school
	Downloads int  // files that became ready there (downloaded or imported)
	Opens     int  // times a teacher opened one of its files
	Reported  time.Time
}

// HubCourseStatus is a course with each school's report.
type HubCourseStatus struct {
	Course  *HubCourse
	Schools []HubCourseSchool
}

// HubCourses is the hub's side of open courses.
type HubCourses interface {
	// PublishCourse copies the draft's files into the hub's content
	// store (streamed and hashed, never whole in memory) and appends
	// the course to the feed of every school it is for.
	PublishCourse(ctx context.Context, d CourseDraft) (*HubCourse, error)
	// Courses lists the courses, newest first.
	Courses(ctx context.Context) ([]*HubCourse, error)
	// RevokeCourse withdraws a course: its tombstone goes to the schools.
	RevokeCourse(ctx context.Context, id int64) (*HubCourse, error)
	// CourseStatus takes the course's id or UUID.
	CourseStatus(ctx context.Context, ref string) (*HubCourseStatus, error)
	// CourseUpload says how many bytes of the console's upload of the
	// file with that SHA-256 and size the hub holds: size once it is
	// whole and verified in the content store.
	CourseUpload(ctx context.Context, sum string, size int64) (int64, error)
	// AppendCourseUpload adds the bytes of r at offset, which must be
	// what the hub holds (ECONFLICT otherwise), keeps what arrived even
	// when r fails, and verifies the file once it is whole. It returns
	// the bytes the hub holds after.
	AppendCourseUpload(ctx context.Context, sum string, size, offset int64, r io.Reader) (int64, error)
	// ExportCourse writes the course's package to w, streamed.
	ExportCourse(ctx context.Context, id int64, w io.Writer) error
	// CoursePackageSize is the exact length of ExportCourse's package,
	// known before it is written; ECONFLICT for a withdrawn course.
	CoursePackageSize(ctx context.Context, id int64) (int64, error)
	// OpenCourseFile opens a course's file for the school orgID, as
	// OpenNoticeFile does a notice's: ENOTFOUND for a school the course
	// was not sent to, or once it is withdrawn. The caller closes Content.
	OpenCourseFile(ctx context.Context, orgID int64, fileID string) (*HubFileContent, error)
}

// BureauConsoleCourses is what the bureau console does with open
// courses over the hub's console API.
type BureauConsoleCourses interface {
	Courses(ctx context.Context) ([]*HubCourse, error)
	// PublishCourse sends the draft's files (paths on the console's
	// computer, several GB each) to the hub, resuming where an earlier
	// try stopped, then publishes the course. progress, when not nil,
	// is told how far it is.
	PublishCourse(ctx context.Context, d CourseDraft, progress func(CourseUploadProgress)) (*HubCourse, error)
	// CourseStatus takes the course's id or UUID.
	CourseStatus(ctx context.Context, ref string) (*HubCourseStatus, error)
	RevokeCourse(ctx context.Context, id int64) (*HubCourse, error)
	// ExportCourse saves the course's package for a USB stick at dst,
	// through dst.part, renamed only once whole; progress (may be nil)
	// hears the bytes written and the package's length as they come. A
	// cut link or a cancelled ctx leaves no file.
	ExportCourse(ctx context.Context, id int64, dst string, progress func(done, total int64)) error
}

// CourseUploadProgress is how far the console's publishing of a course
// is: first it reads every file to hash it (CourseUploadHashing), then it
// sends what the hub lacks (CourseUploadSending). Done and Total count
// the bytes of every file; Done includes what the hub already held.
type CourseUploadProgress struct {
	Phase       CourseUploadPhase
	File        string // the name of the file at hand
	Done, Total int64
}

// CourseUploadPhase is a step of publishing a course from the console.
type CourseUploadPhase int

const (
	CourseUploadHashing CourseUploadPhase = iota
	CourseUploadSending
	CourseUploadVerifying  // a file's last bytes are sent; the hub hashes it
	CourseUploadPublishing // the files are on the hub; the course is being recorded
)

// CourseStatsUp is a school's report of one course, the body of an
// OpCourseStats: counts only. A newer snapshot (by At) replaces an older
// one at the hub.
type CourseStatsUp struct {
	Course    string `json:"course"` // the course's UUID
	Ready     bool   `json:"ready"`
	Downloads int    `json:"downloads"`
	Opens     int    `json:"opens"`
	At        int64  `json:"at"` // device time, Unix seconds
}

// MaxCourseCount bounds the counts a school may report, so that a
// broken node cannot overflow the hub's sums.
const MaxCourseCount = 1 << 30

// Valid reports whether s is a report a school may send.
func (s *CourseStatsUp) Valid() bool {
	return s != nil && SafeID(s.Course) && s.Downloads >= 0 && s.Opens >= 0 &&
		s.Downloads <= MaxCourseCount && s.Opens <= MaxCourseCount && s.At > 0
}

// CourseFileState is where a course's file stands at a school.
type CourseFileState string

// The states of a course's file at a school.
const (
	CourseFileWaiting CourseFileState = "waiting" // nothing fetched yet
	CourseFilePartial CourseFileState = "partial" // some bytes fetched
	CourseFileReady   CourseFileState = "ready"   // all bytes, hash verified
)

// SchoolCourseFile is a course's file at the school.
type SchoolCourseFile struct {
	CourseFile
	State CourseFileState
	Have  int64  // bytes fetched so far
	Path  string // where it is, once ready
	Opens int
}

// SchoolCourse is a course as the school has it.
type SchoolCourse struct {
	ID          int64
	UUID        string
	Title       string
	Subject     string
	GradeFrom   int
	GradeTo     int
	Description string
	PublishedAt time.Time
	Files       []SchoolCourseFile
	Opens       int
}

// Ready reports whether every file of the course is verified.
func (c *SchoolCourse) Ready() bool {
	for _, f := range c.Files {
		if f.State != CourseFileReady {
			return false
		}
	}
	return len(c.Files) > 0
}

// Progress is the bytes the school has of the course's, and their total.
func (c *SchoolCourse) Progress() (have, total int64) {
	for _, f := range c.Files {
		total += f.Size
		if f.State == CourseFileReady {
			have += f.Size
		} else {
			have += min(f.Have, f.Size)
		}
	}
	return have, total
}

// CourseFilter picks courses: a subject, and a grade the course's range
// takes in (0 for any).
type CourseFilter struct {
	Subject string
	Grade   int
}

// Matches reports whether the course is one the filter picks.
func (f CourseFilter) Matches(c *SchoolCourse) bool {
	if f.Subject != "" && c.Subject != f.Subject {
		return false
	}
	return f.Grade == 0 || (c.GradeFrom <= f.Grade && f.Grade <= c.GradeTo)
}

// CourseSettings are the school's settings for fetching courses, kept for
// the background download: a bandwidth cap and the class hours in which
// it holds back.
type CourseSettings struct {
	Bandwidth  int64  // bytes per second, 0 for no cap
	ClassHours string // "HH:MM-HH:MM[,HH:MM-HH:MM…]", "" for none
}

// Validate checks the settings: a cap not below zero and class hours as
// ranges of the day.
func (s CourseSettings) Validate() error {
	if s.Bandwidth < 0 {
		return Errorf(EINVALID, "course.error.bandwidth", s.Bandwidth)
	}
	_, err := ParseClassHours(s.ClassHours)
	return err
}

// RateAt is the most bytes a second the courses' download may take at
// t, 0 for no cap: the cap holds in class hours, or all day when none are
// set; outside class hours the download takes the whole link.
func (s CourseSettings) RateAt(t time.Time) int64 {
	ranges, err := ParseClassHours(s.ClassHours)
	if err != nil || len(ranges) == 0 || InClassHours(ranges, t) {
		return s.Bandwidth
	}
	return 0
}

// ClockRange is a range of the day in minutes from midnight, From < To.
type ClockRange struct{ From, To int }

// ParseClassHours reads class hours: "08:00-11:50,14:00-17:00".
func ParseClassHours(s string) ([]ClockRange, error) {
	var out []ClockRange
	for part := range strings.SplitSeq(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		a, b, ok := strings.Cut(part, "-")
		from, errA := parseClock(a)
		to, errB := parseClock(b)
		if !ok || errA != nil || errB != nil || from >= to {
			return nil, Errorf(EINVALID, "course.error.class_hours", part)
		}
		out = append(out, ClockRange{from, to})
	}
	return out, nil
}

func parseClock(s string) (int, error) {
	t, err := time.Parse("15:04", strings.TrimSpace(s))
	if err != nil {
		return 0, err
	}
	return t.Hour()*60 + t.Minute(), nil
}

// InClassHours reports whether t falls in one of the ranges.
func InClassHours(ranges []ClockRange, t time.Time) bool {
	m := t.Hour()*60 + t.Minute()
	for _, r := range ranges {
		if r.From <= m && m < r.To {
			return true
		}
	}
	return false
}

// CourseDownload is a file of a course the school has still to fetch.
type CourseDownload struct {
	Course string // the course's UUID
	File   CourseFile
	Have   int64 // bytes its partial file holds
}

// CourseDownloads is the school's store of the courses' files on their
// way from the hub, for the background download (as FileDownloads is for
// notices' files): the partial file of each, and the check that makes it
// ready.
type CourseDownloads interface {
	// PendingCourseFiles lists the files not ready of the courses not
	// withdrawn, oldest course first.
	PendingCourseFiles(ctx context.Context) ([]CourseDownload, error)
	// OpenCoursePart opens a file's partial file for appending and
	// returns the bytes it holds (a part longer than the file starts
	// again). It refuses (EINVALID) when the data folder's disk lacks the
	// room for the rest.
	OpenCoursePart(ctx context.Context, fileID string) (PartFile, int64, error)
	// FinishCourseFile checks the partial file's SHA-256: a match makes
	// the file ready (its counts queued to go up), a mismatch removes the
	// part (the download starts again) and is EINVALID.
	FinishCourseFile(ctx context.Context, fileID string) error
	// CourseDownloadSettings are the cap and class hours the download
	// keeps to (CourseService.CourseSettings, read by the sync, which
	// acts as no account).
	CourseDownloadSettings(ctx context.Context) (CourseSettings, error)
}

// CourseImport is what a package import did.
type CourseImport struct {
	Course  *SchoolCourse
	Written int // files written from the package
	Kept    int // files the school had verified already
}

// CourseService is the school's side of open courses.
type CourseService interface {
	// Courses lists the courses not withdrawn that the filter picks,
	// newest first.
	Courses(ctx context.Context, f CourseFilter) ([]*SchoolCourse, error)
	// Subjects lists the subjects of the school's courses.
	Subjects(ctx context.Context) ([]string, error)
	// OpenCourseFile returns the path of a ready file and counts an open.
	OpenCourseFile(ctx context.Context, fileID string) (string, error)
	// ImportCourse imports a package file: every file's size and SHA-256
	// verified while it streams to disk; a bad or truncated package
	// changes nothing.
	ImportCourse(ctx context.Context, path string) (*CourseImport, error)
	CourseSettings(ctx context.Context) (CourseSettings, error)
	SetCourseSettings(ctx context.Context, s CourseSettings) error
}

// CanManageCourses: importing a course package and changing the course
// settings, by an admin or the principal. Every teacher may open a file.
func CanManageCourses(a *Account) error {
	if !a.ReadsAll() || a.ReadOnly {
		return Errorf(EFORBIDDEN, "course.error.forbidden")
	}
	return nil
}
