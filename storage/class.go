package storage

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"

	"jxj/app"
)

var _ app.ClassService = (*classService)(nil)

// classService implements app.ClassService.
type classService struct{ db *DB }

// Classes returns every class with its head teacher's name and student
// count, by grade and class number.
func (s *classService) Classes(ctx context.Context) ([]*app.Class, error) {
	var out []*app.Class
	err := s.db.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = loadClasses(ctx, tx)
		return err
	})
	return out, err
}

// loadClasses reads the classes of the current school year, sorted (see
// sortClasses).
func loadClasses(ctx context.Context, q querier) ([]*app.Class, error) {
	return loadClassesOfYear(ctx, q, 0)
}

// allYears asks loadClassesOfYear for the classes of every year.
const allYears = -1

// loadClassesOfYear reads the classes of a school year (0: the current
// one, allYears: all), sorted. A class's student count is its active
// students in the current year, and who was in it in a past year.
func loadClassesOfYear(ctx context.Context, q querier, year int) ([]*app.Class, error) {
	rows, err := q.QueryContext(ctx, `SELECT c.id, c.year, c.grade, c.name, COALESCE(c.head_teacher_id, 0), COALESCE(t.name, ''),
		c.year < `+currentYear+`, CASE WHEN c.year < `+currentYear+`
			THEN (SELECT count(*) FROM class_members m WHERE m.class_id = c.id)
			ELSE (SELECT count(*) FROM students s WHERE s.class_id = c.id AND s.status = 'active') END
		FROM classes c LEFT JOIN staff t ON t.id = c.head_teacher_id
		WHERE ? = -1 OR c.year = CASE ? WHEN 0 THEN `+currentYear+` ELSE ? END`, year, year, year)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*app.Class
	for rows.Next() {
		var c app.Class
		if err := rows.Scan(&c.ID, &c.Year, &c.Grade, &c.Name, &c.HeadTeacherID, &c.HeadTeacherName, &c.Past, &c.StudentCount); err != nil {
			return nil, err
		}
		out = append(out, &c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	sortClasses(out)
	return out, nil
}

// sortClasses orders classes by grade, then class name in natural order
// (2班 before 10班).
func sortClasses(cs []*app.Class) {
	sort.Slice(cs, func(i, j int) bool {
		a, b := cs[i], cs[j]
		if a.Year != b.Year {
			return a.Year > b.Year // the current year first
		}
		if a.Grade != b.Grade {
			return a.Grade < b.Grade
		}
		if c := naturalCompare(a.Name, b.Name); c != 0 {
			return c < 0
		}
		return a.ID < b.ID
	})
}

// studentPlace is where a student (or a staff member's row, given a
// class place after every class) stands in every list of students: by
// class, then numbered students first by number, then by name.
type studentPlace struct {
	class int // the class's place in class order
	no    string
	name  string
	id    int64 // the last tie-break, so the order is total
}

// compareStudents orders two places as every list of students does.
func compareStudents(x, y studentPlace) int {
	if c := cmp.Compare(x.class, y.class); c != 0 {
		return c
	}
	if (x.no == "") != (y.no == "") {
		if x.no != "" {
			return -1
		}
		return 1
	}
	if c := naturalCompare(x.no, y.no); c != 0 {
		return c
	}
	if c := strings.Compare(x.name, y.name); c != 0 {
		return c
	}
	return cmp.Compare(x.id, y.id)
}

// naturalCompare compares strings with runs of ASCII digits compared by
// their value: "2班" < "10班", "A9" < "A10". Ties of value ("02" and "2")
// fall back to plain order so the result is a total order.
func naturalCompare(a, b string) int {
	x, y := a, b
	for x != "" && y != "" {
		dx, dy := digitRun(x), digitRun(y)
		if dx > 0 && dy > 0 {
			nx, ny := strings.TrimLeft(x[:dx], "0"), strings.TrimLeft(y[:dy], "0")
			if len(nx) != len(ny) {
				return cmp.Compare(len(nx), len(ny))
			}
			if c := strings.Compare(nx, ny); c != 0 {
				return c
			}
			x, y = x[dx:], y[dy:]
			continue
		}
		rx, sx := utf8.DecodeRuneInString(x)
		ry, sy := utf8.DecodeRuneInString(y)
		if rx != ry {
			return cmp.Compare(int(rx), int(ry))
		}
		x, y = x[sx:], y[sy:]
	}
	if c := cmp.Compare(len(x), len(y)); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}

func digitRun(s string) int {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i
}

// PreviewClasses plans a class import without writing.
func (s *classService) PreviewClasses(ctx context.Context, rows []app.ClassRow) (*app.ImportPlan, error) {
	var plan *app.ImportPlan
	err := s.db.read(ctx, func(tx *sql.Tx) error {
		classes, staff, err := loadClassImportState(ctx, tx)
		if err != nil {
			return err
		}
		plan, _ = planClasses(rows, classes, staff)
		return nil
	})
	return plan, err
}

// ImportClasses plans the import against the current data and applies it
// in one transaction; admin only.
func (s *classService) ImportClasses(ctx context.Context, rows []app.ClassRow) (*app.ImportPlan, error) {
	if err := app.RequireAdmin(ctx); err != nil {
		return nil, err
	}
	var plan *app.ImportPlan
	err := s.db.write(ctx, func(tx *sql.Tx) error {
		classes, staff, err := loadClassImportState(ctx, tx)
		if err != nil {
			return err
		}
		p, heads := planClasses(rows, classes, staff)
		ins, err := tx.PrepareContext(ctx, `INSERT INTO classes (uuid, year, grade, name, head_teacher_id) VALUES (?, `+currentYear+`, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer ins.Close()
		for _, item := range p.Items {
			switch item.Action {
			case app.ActionAdd:
				id, err := uuid.NewV7()
				if err != nil {
					return err
				}
				if _, err := ins.ExecContext(ctx, id.String(), item.Class.Grade, item.Class.Name, nullID(heads[item.Row])); err != nil {
					return err
				}
			case app.ActionUpdate:
				if _, err := tx.ExecContext(ctx, `UPDATE classes SET head_teacher_id = ? WHERE id = ?`,
					nullID(heads[item.Row]), item.MatchID); err != nil {
					return err
				}
			}
		}
		plan = p
		return s.db.audit(ctx, tx, "class.import", "classes", planDetail(p))
	})
	if err != nil {
		return nil, err
	}
	return plan, nil
}

// staffRef is a staff member as imports match them.
type staffRef struct {
	ID    int64
	Name  string
	Phone string
}

func loadClassImportState(ctx context.Context, q querier) ([]*app.Class, []staffRef, error) {
	classes, err := loadClasses(ctx, q)
	if err != nil {
		return nil, nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT id, name, phone FROM staff ORDER BY id`)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var staff []staffRef
	for rows.Next() {
		var r staffRef
		if err := rows.Scan(&r.ID, &r.Name, &r.Phone); err != nil {
			return nil, nil, err
		}
		staff = append(staff, r)
	}
	return classes, staff, rows.Err()
}

// planClasses checks class rows and matches them by grade and name. heads
// holds, by input index, the head teacher each planned row sets (0 for
// none). An empty head teacher cell keeps the one stored.
func planClasses(rows []app.ClassRow, classes []*app.Class, staff []staffRef) (*app.ImportPlan, map[int]int64) {
	plan := &app.ImportPlan{}
	heads := make(map[int]int64)
	byKey := make(map[app.ClassKey]*app.Class, len(classes))
	for _, c := range classes {
		byKey[app.ClassKey{Grade: c.Grade, Name: c.Name}] = c
	}
	staffByName := make(map[string][]int64)
	for _, s := range staff {
		staffByName[s.Name] = append(staffByName[s.Name], s.ID)
	}
	seen := make(map[app.ClassKey]int)
	for i, row := range rows {
		text := strings.TrimSpace(row.GradeText + row.ClassText)
		reject := func(e *app.Error) {
			plan.Rejected = append(plan.Rejected, app.RowProblem{Line: row.Line, Name: text, Reason: e})
		}
		if text == "" {
			reject(app.Errorf(app.EINVALID, "import.reject.class_missing"))
			continue
		}
		key, ok := app.ParseClassName(row.GradeText, row.ClassText)
		if !ok {
			reject(app.Errorf(app.EINVALID, "storage.class.reject.class_bad", text))
			continue
		}
		if first, dup := seen[key]; dup {
			reject(app.Errorf(app.EINVALID, "storage.class.reject.duplicate", first))
			continue
		}
		seen[key] = row.Line
		existing := byKey[key]
		head := int64(0)
		if existing != nil {
			head = existing.HeadTeacherID
		}
		if name := app.CleanName(row.HeadTeacher); name != "" {
			ids := staffByName[name]
			switch {
			case len(ids) == 0:
				reject(app.Errorf(app.EINVALID, "storage.class.reject.teacher_unknown", name))
				continue
			case len(ids) > 1:
				reject(app.Errorf(app.EINVALID, "storage.class.reject.teacher_ambiguous", name))
				continue
			}
			head = ids[0]
		}
		item := app.PlanItem{Line: row.Line, Name: app.ClassLabel(key.Grade, key.Name), Class: key, Row: i}
		switch {
		case existing == nil:
			item.Action = app.ActionAdd
			plan.Added++
		case existing.HeadTeacherID == head:
			item.Action, item.MatchID = app.ActionUnchanged, existing.ID
			plan.Unchanged++
		default:
			item.Action, item.MatchID = app.ActionUpdate, existing.ID
			plan.Updated++
		}
		heads[i] = head
		plan.Items = append(plan.Items, item)
	}
	return plan, heads
}

// planDetail is the audit detail of an import: its counts.
func planDetail(p *app.ImportPlan) string {
	d := fmt.Sprintf("added=%d updated=%d unchanged=%d rejected=%d", p.Added, p.Updated, p.Unchanged, len(p.Rejected))
	if len(p.NewClasses) > 0 {
		d += fmt.Sprintf(" new_classes=%d", len(p.NewClasses))
	}
	return d
}

// classLabels reads every class's label and order (see sortClasses).
func classLabels(ctx context.Context, q querier) (map[int64]classInfo, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, year, grade, name, year < `+currentYear+` FROM classes`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var classes []*app.Class
	for rows.Next() {
		var c app.Class
		if err := rows.Scan(&c.ID, &c.Year, &c.Grade, &c.Name, &c.Past); err != nil {
			return nil, err
		}
		classes = append(classes, &c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	sortClasses(classes)
	out := make(map[int64]classInfo, len(classes))
	for i, c := range classes {
		out[c.ID] = classInfo{label: c.Label(), order: i, past: c.Past}
	}
	return out, nil
}

func classGrades(ctx context.Context, q querier) (map[int64]int, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, grade FROM classes`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var id int64
		var g int
		if err := rows.Scan(&id, &g); err != nil {
			return nil, err
		}
		out[id] = g
	}
	return out, rows.Err()
}

// classInfo is a class's label and its place in the school's class order.
// A past year's class is read only.
type classInfo struct {
	label string
	order int
	past  bool
}

// sortByClass puts class ids in the school's class order.
func sortByClass(ids []int64, labels map[int64]classInfo) {
	slices.SortFunc(ids, func(x, y int64) int { return labels[x].order - labels[y].order })
}

// checkClassesExist fails with EINVALID when a class id is not stored
// (e.g. deleted while the form was open) or is a past year's.
func checkClassesExist(ctx context.Context, q querier, ids []int64) error {
	labels, err := classLabels(ctx, q)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := checkCurrentClass(labels, id); err != nil {
			return err
		}
	}
	return nil
}

// checkCurrentClass fails when class id is not stored or belongs to a
// past year, which stays as it was.
func checkCurrentClass(labels map[int64]classInfo, id int64) error {
	info, ok := labels[id]
	switch {
	case !ok:
		return app.Errorf(app.EINVALID, "storage.homework.error.class_not_found", id)
	case info.past:
		return app.Errorf(app.EINVALID, "storage.class.error.past", info.label)
	}
	return nil
}
