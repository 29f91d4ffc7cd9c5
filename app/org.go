package app

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// OrgKind is the type of an organisation, as the bureau counts them.
type OrgKind string

// The kinds of organisation in a district.
const (
	OrgPrimary       OrgKind = "primary"
	OrgMiddle        OrgKind = "middle"
	OrgHigh          OrgKind = "high"
	OrgKindergarten  OrgKind = "kindergarten"
	OrgTraining      OrgKind = "training"
	OrgNineYear      OrgKind = "nine_year"      // 九年一贯制: primary and middle grades in one school
	OrgTeachingPoint OrgKind = "teaching_point" // 教学点: a small village site of a central school
)

// OrgKinds lists the kinds in the order the UI offers them: primary first
// (most schools are, and the wizard preselects the first), then by the
// pupils' age; the additions of the bureau's list (nine-year schools,
// teaching points) sit next to their neighbours.
var OrgKinds = []OrgKind{OrgPrimary, OrgMiddle, OrgNineYear, OrgHigh, OrgKindergarten, OrgTeachingPoint, OrgTraining}

// Org is the school this node belongs to. A node holds exactly one.
type Org struct {
	ID        int64
	UUID      string
	Name      string
	Kind      OrgKind
	IsDemo    bool
	CreatedAt time.Time
	// HasAdmin is false while the school has no active administrator: the
	// command line imported a roster into a fresh folder before anyone ran
	// the first-run setup, which then completes the school.
	HasAdmin bool
}

// SchoolSetup is what the first-run wizard asks for.
type SchoolSetup struct {
	Name          string
	Kind          OrgKind
	AdminUsername string
	AdminPassword string
	IsDemo        bool
}

// Validate checks the setup before anything is written.
func (s SchoolSetup) Validate() error {
	if err := ValidateSchoolName(s.Name); err != nil {
		return err
	}
	if !s.Kind.Valid() {
		return Errorf(EINVALID, "org.error.kind")
	}
	if err := ValidateUsername(s.AdminUsername); err != nil {
		return err
	}
	return ValidatePassword(s.AdminPassword)
}

// Valid reports whether k is one of OrgKinds.
func (k OrgKind) Valid() bool {
	for _, v := range OrgKinds {
		if k == v {
			return true
		}
	}
	return false
}

// ValidateSchoolName checks a school's name: not blank, at most 64 characters.
func ValidateSchoolName(name string) error {
	name = strings.TrimSpace(name)
	if name == "" {
		return Errorf(EINVALID, "org.error.name_missing")
	}
	if utf8.RuneCountInString(name) > 64 {
		return Errorf(EINVALID, "org.error.name_long")
	}
	return nil
}

// OrgService reads and sets up the school of this node.
type OrgService interface {
	// School returns the school, or ENOTFOUND before the first-run setup.
	School(ctx context.Context) (*Org, error)
	// Setup creates the school and its first admin account in one
	// transaction; ECONFLICT if the school exists already.
	Setup(ctx context.Context, s SchoolSetup) (*Org, *Account, error)
	// EnsureSchool returns the school, creating it with name when the data
	// folder is fresh (the command line imports into an empty folder).
	EnsureSchool(ctx context.Context, name string) (*Org, error)
}
