package app

import (
	"context"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"jxj/app/i18n"
)

// RosterRow is one row of a roster sheet as read from the file, before any
// checks: the cells of the columns that were recognised.
type RosterRow struct {
	Line      int // row number in the sheet, 1-based, as Excel shows it
	Name      string
	Gender    string
	StudentNo string
	GradeText string // a separate 年级 column, if any
	ClassText string
	Guardians []GuardianInput // as many as the sheet has columns for, usually one or two
}

// GuardianInput is a guardian as given in a roster row.
type GuardianInput struct {
	Name     string
	Relation string
	Phone    string
}

// RosterFile is a roster sheet read from a file.
type RosterFile struct {
	Sheet      string   // the sheet's name ("" for CSV)
	HeaderLine int      // the row that held the column names
	Columns    []string // the header cells that were recognised
	Rows       []RosterRow
}

// ImportAction is what an import does with one row.
type ImportAction int

// The actions of an import plan.
const (
	ActionAdd ImportAction = iota + 1
	ActionUpdate
	ActionUnchanged
)

// ImportPlan is the preview of an import: what will be added, updated and
// rejected, with a reason for each rejected row. Nothing is written until
// the user confirms.
type ImportPlan struct {
	Items      []PlanItem
	Rejected   []RowProblem
	Warnings   []RowProblem // rows that are imported, with something dropped
	NewClasses []ClassKey   // classes the import creates
	Added      int
	Updated    int
	Unchanged  int
	Removals   int // stored values the updates remove (guardians replaced)
	// Missing are the students on the roll of the classes the file lists
	// whom no row names: after 升年级, those who left. The import keeps
	// them; the admin may mark them 转出.
	Missing []MissingStudent
}

// MissingStudent is a student of a class in the file whom no row names.
type MissingStudent struct {
	ID         int64
	Name       string
	StudentNo  string
	ClassLabel string
}

// PlanItem is a row that will be written (or is already up to date).
type PlanItem struct {
	Line    int
	Action  ImportAction
	Name    string
	Class   ClassKey
	Row     int      // index of the row in the input slice
	MatchID int64    // the existing record it updates, for ActionUpdate/Unchanged
	Changes []Change // what an update changes, removals first
}

// Changed returns the items that change a stored record, those that
// remove something first (the preview shows them so).
func (p *ImportPlan) Changed() []PlanItem {
	var out []PlanItem
	for _, it := range p.Items {
		if len(it.Changes) > 0 {
			out = append(out, it)
		}
	}
	slices.SortStableFunc(out, func(a, b PlanItem) int {
		switch {
		case a.Removes() == b.Removes():
			return 0
		case a.Removes():
			return -1
		}
		return 1
	})
	return out
}

// Removes reports whether the update removes something stored.
func (it PlanItem) Removes() bool {
	return len(it.Changes) > 0 && it.Changes[0].Removal()
}

// Change is one value an import changes on a stored record, as the
// preview shows it: the field's name (a translation key) and the old and
// new values as text. An added value has no Old, a removed one no New.
type Change struct {
	Field    string
	Old, New string
}

// Removal reports whether the change removes a stored value.
func (c Change) Removal() bool { return c.Old != "" && c.New == "" }

// String is the change in the current language, e.g. 性别：男 → 女.
func (c Change) String() string {
	switch {
	case c.Old == "":
		return i18n.T("import.change.added", i18n.T(c.Field), c.New)
	case c.New == "":
		return i18n.T("import.change.removed", i18n.T(c.Field), c.Old)
	}
	return i18n.T("import.change.changed", i18n.T(c.Field), c.Old, c.New)
}

// RowProblem is a rejected row, or a warning on an imported one.
type RowProblem struct {
	Line   int
	Name   string
	Reason *Error
}

// RosterStudent is a student as stored, in the shape an import compares.
type RosterStudent struct {
	ID         int64
	Name       string
	Gender     string
	StudentNo  string
	ClassID    int64
	ClassLabel string // for the preview's changes
	Status     StudentStatus
	Guardians  []GuardianInput // normalised phone
}

// RosterState is what the database holds that an import is matched
// against.
type RosterState struct {
	Classes  []*Class
	Students []RosterStudent
}

// RosterService previews and applies roster imports.
type RosterService interface {
	// PreviewRoster plans an import without writing anything.
	PreviewRoster(ctx context.Context, rows []RosterRow) (*ImportPlan, error)
	// ImportRoster plans the import again against the current data and
	// applies it in one transaction, reporting progress as rows are
	// written. On any error nothing is changed.
	ImportRoster(ctx context.Context, rows []RosterRow, progress func(done, total int)) (*ImportPlan, error)
}

// CleanRosterRow is a row after its checks: cleaned names, normalised
// phones, a parsed gender and class. For a row that updates a stored
// student it is the student as the update leaves them (see
// mergeStudent).
type CleanRosterRow struct {
	Name      string
	Gender    string
	StudentNo string
	Class     ClassKey
	ClassID   int64 // 0 when the import creates the class
	Guardians []GuardianInput
	// From gives, for each guardian, its index among the stored
	// student's guardians, or -1 for a new one; nil when all are new.
	From []int
}

// PlanRoster checks every row and matches it against the stored roster:
// by student number, else by name and class. It never fails: bad rows are
// rejected with their reason. clean holds the checked rows by input index
// (only for rows in plan.Items).
func PlanRoster(rows []RosterRow, st RosterState) (plan *ImportPlan, clean map[int]CleanRosterRow) {
	plan = &ImportPlan{}
	clean = make(map[int]CleanRosterRow, len(rows))
	classes := newClassFinder(st.Classes)
	byNo := make(map[string]*RosterStudent)
	byNameClass := make(map[string][]*RosterStudent)
	graduateNo := make(map[string]*RosterStudent)
	for i := range st.Students {
		s := &st.Students[i]
		if s.Status == StatusGraduated {
			// a graduate's record is closed: a row never updates it
			if s.StudentNo != "" {
				graduateNo[s.StudentNo] = s
			}
			continue
		}
		if s.StudentNo != "" {
			byNo[s.StudentNo] = s
		}
		k := nameClassKey(s.Name, s.ClassID, ClassKey{})
		byNameClass[k] = append(byNameClass[k], s)
	}
	seen := make(map[string]int) // file key → first line
	newClass := make(map[ClassKey]bool)
	matched := make(map[int64]int)  // stored student id → line that matched it
	covered := make(map[int64]bool) // the stored classes the file lists

	for i, row := range rows {
		reject := func(e *Error) {
			plan.Rejected = append(plan.Rejected, RowProblem{Line: row.Line, Name: CleanName(row.Name), Reason: e})
		}
		c, warn, err := checkRosterRow(row, classes)
		if err != nil {
			reject(err)
			continue
		}
		fileKey := "no:" + c.StudentNo
		if c.StudentNo == "" {
			fileKey = "nc:" + nameClassKey(c.Name, c.ClassID, c.Class)
		}
		if first, dup := seen[fileKey]; dup {
			reject(Errorf(EINVALID, "import.reject.duplicate", first))
			continue
		}
		seen[fileKey] = row.Line

		if g := graduateNo[c.StudentNo]; g != nil {
			reject(Errorf(EINVALID, "import.reject.graduate_number", c.StudentNo, g.Name))
			continue
		}
		var match *RosterStudent
		if c.StudentNo != "" {
			match = byNo[c.StudentNo]
		}
		if match == nil && c.ClassID != 0 {
			var candidates []*RosterStudent
			for _, s := range byNameClass[nameClassKey(c.Name, c.ClassID, c.Class)] {
				// a stored student with another number is someone else of the same name
				if c.StudentNo == "" || s.StudentNo == "" {
					candidates = append(candidates, s)
				}
			}
			if len(candidates) > 1 {
				reject(Errorf(EINVALID, "import.reject.ambiguous", c.Name))
				continue
			}
			if len(candidates) == 1 {
				match = candidates[0]
			}
		}
		if match != nil {
			// two rows of the file (one by number, one by name) must not
			// both update one stored student
			if first, dup := matched[match.ID]; dup {
				reject(Errorf(EINVALID, "import.reject.duplicate", first))
				continue
			}
			matched[match.ID] = row.Line
		}
		if warn != nil {
			plan.Warnings = append(plan.Warnings, RowProblem{Line: row.Line, Name: c.Name, Reason: warn})
		}
		item := PlanItem{Line: row.Line, Name: c.Name, Class: c.Class, Row: i}
		if match != nil {
			c = mergeStudent(match, c)
			item.Changes = studentChanges(match, c)
		}
		switch {
		case match == nil:
			item.Action = ActionAdd
			plan.Added++
		case len(item.Changes) == 0:
			item.Action, item.MatchID = ActionUnchanged, match.ID
			plan.Unchanged++
		default:
			item.Action, item.MatchID = ActionUpdate, match.ID
			plan.Updated++
			for _, ch := range item.Changes {
				if ch.Removal() {
					plan.Removals++
				}
			}
		}
		if c.ClassID == 0 && !newClass[c.Class] {
			newClass[c.Class] = true
			plan.NewClasses = append(plan.NewClasses, c.Class)
		}
		plan.Items = append(plan.Items, item)
		clean[i] = c
		if c.ClassID != 0 {
			covered[c.ClassID] = true
		}
	}
	for _, s := range st.Students {
		if _, named := matched[s.ID]; !named && s.Status == StatusActive && covered[s.ClassID] {
			plan.Missing = append(plan.Missing, MissingStudent{ID: s.ID, Name: s.Name, StudentNo: s.StudentNo, ClassLabel: s.ClassLabel})
		}
	}
	return plan, clean
}

// reIDCard matches a mainland ID-card number, alone or inside a national
// 学籍号 (G/L + the ID number).
var reIDCard = regexp.MustCompile(`^[GLgl]?\d{17}[\dXx]$`)

func checkRosterRow(row RosterRow, classes *classFinder) (c CleanRosterRow, warn, err *Error) {
	c.Name = CleanName(row.Name)
	if c.Name == "" {
		return c, nil, Errorf(EINVALID, "import.reject.name_missing")
	}
	if len([]rune(c.Name)) > 32 {
		return c, nil, Errorf(EINVALID, "import.reject.name_long")
	}
	g, ok := ParseGender(row.Gender)
	if !ok {
		return c, nil, Errorf(EINVALID, "import.reject.gender_bad", strings.TrimSpace(row.Gender))
	}
	c.Gender = g
	c.StudentNo = strings.TrimSpace(NarrowText(row.StudentNo))
	if reIDCard.MatchString(c.StudentNo) {
		// We keep no ID-card numbers (a school's roster needs none and
		// a leaked one cannot be changed): import the student without
		// it and say so.
		c.StudentNo = ""
		warn = Errorf(EINVALID, "import.warn.id_number_dropped")
	} else if len(c.StudentNo) > 32 {
		return c, nil, Errorf(EINVALID, "import.reject.number_long")
	}
	key, classID, ok := classes.find(row.GradeText, row.ClassText)
	if !ok {
		if strings.TrimSpace(row.ClassText) == "" && strings.TrimSpace(row.GradeText) == "" {
			return c, nil, Errorf(EINVALID, "import.reject.class_missing")
		}
		return c, nil, Errorf(EINVALID, "import.reject.class_unknown", strings.TrimSpace(row.GradeText+row.ClassText))
	}
	c.Class, c.ClassID = key, classID
	for _, gi := range row.Guardians {
		name := CleanName(gi.Name)
		rel := CleanName(gi.Relation)
		if name == "" && strings.TrimSpace(gi.Phone) == "" {
			continue
		}
		phone, ok := NormalizePhone(gi.Phone)
		if !ok {
			return c, nil, Errorf(EINVALID, "import.reject.phone_bad", strings.TrimSpace(gi.Phone))
		}
		if len([]rune(name)) > 32 || len([]rune(rel)) > 16 {
			return c, nil, Errorf(EINVALID, "import.reject.guardian_long")
		}
		c.Guardians = append(c.Guardians, GuardianInput{Name: name, Relation: rel, Phone: phone})
	}
	return c, warn, nil
}

// mergeStudent returns the stored student s as row c leaves them. A file
// that has no column for something, or an empty cell, says nothing about
// it: the stored value stays (a re-import from a list with one guardian
// column must not drop every second guardian).
func mergeStudent(s *RosterStudent, c CleanRosterRow) CleanRosterRow {
	if c.Gender == "" {
		c.Gender = s.Gender
	}
	if c.StudentNo == "" {
		c.StudentNo = s.StudentNo
	}
	c.Guardians, c.From = mergeGuardians(s.Guardians, c.Guardians)
	return c
}

// mergeGuardians returns a student's guardians after a row: a guardian of
// the row updates the stored one it matches (the same phone, else the same
// name) with what the row gives, in the stored order; new ones follow. A
// stored guardian the row does not name stays, unless the row names at
// least as many guardians as are stored: then it was replaced. from holds
// each result's index in stored, -1 for a new one.
func mergeGuardians(stored, row []GuardianInput) (out []GuardianInput, from []int) {
	if len(row) == 0 {
		from = make([]int, len(stored))
		for j := range from {
			from[j] = j
		}
		return stored, from
	}
	matchOf := make([]int, len(row))
	used := make([]bool, len(stored))
	for i := range matchOf {
		matchOf[i] = -1
	}
	// phones first: a number is the person, a name may be written two ways
	same := []func(a, b GuardianInput) bool{
		func(a, b GuardianInput) bool { return a.Phone != "" && a.Phone == b.Phone },
		func(a, b GuardianInput) bool { return a.Name != "" && a.Name == b.Name },
	}
	for _, eq := range same {
		for i, g := range row {
			for j, s := range stored {
				if matchOf[i] < 0 && !used[j] && eq(g, s) {
					matchOf[i], used[j] = j, true
				}
			}
		}
	}
	merged := slices.Clone(stored)
	for i, g := range row {
		if j := matchOf[i]; j >= 0 {
			merged[j] = fillGuardian(merged[j], g)
		}
	}
	replaced := len(row) >= len(stored)
	for j := range merged {
		if used[j] || !replaced {
			out, from = append(out, merged[j]), append(from, j)
		}
	}
	for i, g := range row {
		if matchOf[i] < 0 {
			out, from = append(out, g), append(from, -1)
		}
	}
	return out, from
}

// fillGuardian is stored guardian s with the values g gives.
func fillGuardian(s, g GuardianInput) GuardianInput {
	if g.Name != "" {
		s.Name = g.Name
	}
	if g.Relation != "" {
		s.Relation = g.Relation
	}
	if g.Phone != "" {
		s.Phone = g.Phone
	}
	return s
}

// studentChanges lists what updating s to c changes, removals first.
func studentChanges(s *RosterStudent, c CleanRosterRow) []Change {
	var removed, changed []Change
	add := func(field, old, new string) {
		if old != new {
			changed = append(changed, Change{Field: field, Old: old, New: new})
		}
	}
	add("import.field.name", s.Name, c.Name)
	add("import.field.gender", genderText(s.Gender), genderText(c.Gender))
	add("import.field.student_no", s.StudentNo, c.StudentNo)
	if s.ClassID != c.ClassID {
		changed = append(changed, Change{Field: "import.field.class", Old: s.ClassLabel, New: ClassLabel(c.Class.Grade, c.Class.Name)})
	}
	if s.Status != StatusActive {
		// the file lists them in a class: they are back on the roll (转入)
		changed = append(changed, Change{Field: "import.field.status", Old: s.Status.Label(), New: StatusActive.Label()})
	}
	kept := make([]bool, len(s.Guardians))
	for i, g := range c.Guardians {
		j := c.From[i]
		if j < 0 {
			add("import.field.guardian", "", guardianText(g))
			continue
		}
		kept[j] = true
		add("import.field.guardian", guardianText(s.Guardians[j]), guardianText(g))
	}
	for j, g := range s.Guardians {
		if !kept[j] {
			removed = append(removed, Change{Field: "import.field.guardian", Old: guardianText(g)})
		}
	}
	return append(removed, changed...)
}

func genderText(g string) string {
	if g == "" {
		return ""
	}
	return i18n.T("gender." + g)
}

// guardianText is a guardian as the preview shows it: 李娜（母亲）13812340002.
func guardianText(g GuardianInput) string {
	if g.Relation == "" {
		return strings.TrimSpace(g.Name + " " + g.Phone)
	}
	return strings.TrimSpace(i18n.T("import.guardian", g.Name, g.Relation, g.Phone))
}

func nameClassKey(name string, classID int64, key ClassKey) string {
	if classID != 0 {
		return name + "\x00" + strconv.FormatInt(classID, 10)
	}
	return name + "\x00" + key.Name + "\x00" + strconv.Itoa(key.Grade)
}

// classFinder resolves class cells to stored classes, or to the key of a
// class the import will create.
type classFinder struct {
	byKey map[ClassKey]int64
}

func newClassFinder(classes []*Class) *classFinder {
	f := &classFinder{byKey: make(map[ClassKey]int64, len(classes))}
	for _, c := range classes {
		f.byKey[ClassKey{Grade: c.Grade, Name: c.Name}] = c.ID
	}
	return f
}

// find reads a numbered class (三年级2班, 3.2), which the import creates
// when missing, or a named one (三年级火箭班), which must exist already:
// a typo in a roster must not invent classes.
func (f *classFinder) find(gradeText, classText string) (ClassKey, int64, bool) {
	if key, ok := ParseClass(gradeText, classText); ok {
		return key, f.byKey[key], true
	}
	key, ok := ParseClassName(gradeText, classText)
	if id := f.byKey[key]; ok && id != 0 {
		return key, id, true
	}
	return ClassKey{}, 0, false
}
