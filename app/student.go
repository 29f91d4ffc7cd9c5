package app

import (
	"context"
	"time"
)

// Gender of a student as stored: "M", "F" or "" when not given.
const (
	GenderMale   = "M"
	GenderFemale = "F"
)

// ParseGender reads a gender cell: 男/女, M/F, male/female; "" stays "".
// ok is false for anything else.
func ParseGender(s string) (g string, ok bool) {
	switch CleanName(NarrowText(s)) {
	case "":
		return "", true
	case "男", "M", "m", "男生", "male", "Male":
		return GenderMale, true
	case "女", "F", "f", "女生", "female", "Female":
		return GenderFemale, true
	}
	return "", false
}

// DirectoryEntry is one student with their guardians as the parent
// directory shows them. Phones are already masked for the account that
// asked (see Account.CanSeePhone).
type DirectoryEntry struct {
	StudentID  int64
	Name       string
	Gender     string
	StudentNo  string
	ClassID    int64
	ClassLabel string
	Guardians  []GuardianContact
	// Status is StatusActive in the directory; the former students' list
	// says when and why they left the roll.
	Status     StudentStatus
	StatusAt   time.Time
	StatusNote string
}

// GuardianContact is a guardian as linked to one student.
type GuardianContact struct {
	GuardianID  int64
	Name        string
	Relation    string
	Phone       string // full or masked
	PhoneMasked bool
}

// Directory is the parent directory as one account may see it.
type Directory struct {
	Classes []*Class
	Entries []DirectoryEntry // ordered by grade, class, student number, name
}

// DirectoryService loads the parent directory.
type DirectoryService interface {
	// Directory returns every class and student with their guardians,
	// phones masked for the acting account.
	Directory(ctx context.Context) (*Directory, error)
}

// GuardianChildren returns the entries of every child of a guardian in
// the school, so the guardian's detail needs no database call.
func GuardianChildren(entries []DirectoryEntry, guardianID int64) []DirectoryEntry {
	var out []DirectoryEntry
	for _, e := range entries {
		for _, g := range e.Guardians {
			if g.GuardianID == guardianID {
				out = append(out, e)
				break
			}
		}
	}
	return out
}

// MaskDirectory masks, in place, the phones an account may not see: a
// teacher sees full numbers only in their own classes.
func MaskDirectory(a *Account, entries []DirectoryEntry) {
	for i := range entries {
		if a.CanSeePhone(entries[i].ClassID) {
			continue
		}
		for j := range entries[i].Guardians {
			g := &entries[i].Guardians[j]
			g.Phone, g.PhoneMasked = MaskPhone(g.Phone), true
		}
	}
}
