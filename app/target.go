package app

import (
	"slices"
	"strconv"
	"strings"

	"jxj/app/i18n"
)

// Target is who a notice is for: the whole school, some grades, some
// classes, and/or the staff. It is stored as its String form.
type Target struct {
	School   bool    // every class
	Grades   []int   // every class of these grades
	ClassIDs []int64 // these classes
	Staff    bool    // every staff member (one receipt each)
}

// ParseTarget reads a target as typed on the command line and stored in
// the database: comma-separated parts "school", "staff", "grade:<n>" and
// "class:<id>", e.g. "grade:1,class:12".
func ParseTarget(s string) (Target, error) {
	var t Target
	for part := range strings.SplitSeq(s, ",") {
		part = strings.TrimSpace(part)
		kind, arg, _ := strings.Cut(part, ":")
		switch {
		case part == "":
			continue
		case part == "school":
			t.School = true
		case part == "staff":
			t.Staff = true
		case kind == "grade":
			n, err := strconv.Atoi(arg)
			if err != nil || n < 1 || n > 12 {
				return Target{}, Errorf(EINVALID, "target.error.grade", arg)
			}
			t.Grades = append(t.Grades, n)
		case kind == "class":
			id, err := strconv.ParseInt(arg, 10, 64)
			if err != nil || id <= 0 {
				return Target{}, Errorf(EINVALID, "target.error.class", arg)
			}
			t.ClassIDs = append(t.ClassIDs, id)
		default:
			return Target{}, Errorf(EINVALID, "target.error.part", part)
		}
	}
	t.normalize()
	if t.Empty() {
		return Target{}, Errorf(EINVALID, "target.error.empty")
	}
	return t, nil
}

// normalize sorts and deduplicates, and drops grades and classes a
// whole-school target already covers, so equal targets print the same.
func (t *Target) normalize() {
	if t.School {
		t.Grades, t.ClassIDs = nil, nil
	}
	slices.Sort(t.Grades)
	t.Grades = slices.Compact(t.Grades)
	slices.Sort(t.ClassIDs)
	t.ClassIDs = slices.Compact(t.ClassIDs)
}

// String is the canonical form ParseTarget reads back.
func (t Target) String() string {
	t.normalize()
	var parts []string
	if t.School {
		parts = append(parts, "school")
	}
	for _, g := range t.Grades {
		parts = append(parts, "grade:"+strconv.Itoa(g))
	}
	for _, id := range t.ClassIDs {
		parts = append(parts, "class:"+strconv.FormatInt(id, 10))
	}
	if t.Staff {
		parts = append(parts, "staff")
	}
	return strings.Join(parts, ",")
}

// summaryClasses is how many class names a target summary spells out
// before it counts the rest.
const summaryClasses = 3

// Summary says whom t is for, e.g. 三年级、四年级1班、教职工, with the
// classes' labels by id (a class without one is named by its id).
func (t Target) Summary(labels map[int64]string) string {
	classLabel := func(id int64) string {
		if l, ok := labels[id]; ok {
			return l
		}
		return i18n.T("notices.target.unknown_class", id)
	}
	var parts []string
	if t.School {
		parts = append(parts, i18n.T("notices.target.school"))
	}
	for _, g := range t.Grades {
		parts = append(parts, GradeName(g))
	}
	if len(t.ClassIDs) > summaryClasses {
		parts = append(parts, i18n.T("notices.target.classes", classLabel(t.ClassIDs[0]), len(t.ClassIDs)))
	} else {
		for _, id := range t.ClassIDs {
			parts = append(parts, classLabel(id))
		}
	}
	if t.Staff {
		parts = append(parts, i18n.T("notices.target.staff"))
	}
	if len(parts) == 0 {
		return i18n.T("notices.target.none")
	}
	return strings.Join(parts, i18n.T("notices.target.sep"))
}

// Empty reports whether the target names nobody.
func (t Target) Empty() bool {
	return !t.School && !t.Staff && len(t.Grades) == 0 && len(t.ClassIDs) == 0
}

// IncludesClass reports whether the families of class c are targeted.
func (t Target) IncludesClass(c *Class) bool {
	return t.School || slices.Contains(t.Grades, c.Grade) || slices.Contains(t.ClassIDs, c.ID)
}

// CheckTarget says whether account a may send to t: admin and principal
// anywhere; a teacher only to their own classes, never to the whole
// school, a grade or the staff.
func CheckTarget(a *Account, t Target) error {
	if a == nil {
		return Errorf(EUNAUTHORIZED, "error.login_required")
	}
	if t.Empty() {
		return Errorf(EINVALID, "target.error.empty")
	}
	if a.ReadsAll() {
		return nil
	}
	if t.School || t.Staff || len(t.Grades) > 0 {
		return Errorf(EFORBIDDEN, "target.error.own_classes_only")
	}
	for _, id := range t.ClassIDs {
		if !a.TeachesClass(id) {
			return Errorf(EFORBIDDEN, "target.error.own_classes_only")
		}
	}
	return nil
}
