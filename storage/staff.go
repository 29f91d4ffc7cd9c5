package storage

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"

	"jxj/app"
)

var _ app.StaffService = (*staffService)(nil)

// staffService implements app.StaffService.
type staffService struct{ db *DB }

// The longest staff cells an import accepts, in characters.
const (
	maxStaffName  = 32
	maxStaffField = 64
)

// Staff returns every staff member with the classes they teach, in the
// order they were added.
func (s *staffService) Staff(ctx context.Context) ([]*app.Staff, error) {
	var out []*app.Staff
	err := s.db.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = loadStaff(ctx, tx)
		return err
	})
	return out, err
}

func loadStaff(ctx context.Context, q querier) ([]*app.Staff, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, name, post, subjects, phone FROM staff ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*app.Staff
	byID := make(map[int64]*app.Staff)
	for rows.Next() {
		var s app.Staff
		if err := rows.Scan(&s.ID, &s.Name, &s.Post, &s.Subjects, &s.Phone); err != nil {
			return nil, err
		}
		out = append(out, &s)
		byID[s.ID] = &s
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	links, err := q.QueryContext(ctx, `SELECT staff_id, class_id FROM class_teachers ORDER BY staff_id, class_id`)
	if err != nil {
		return nil, err
	}
	defer links.Close()
	for links.Next() {
		var staffID, classID int64
		if err := links.Scan(&staffID, &classID); err != nil {
			return nil, err
		}
		if s := byID[staffID]; s != nil {
			s.ClassIDs = append(s.ClassIDs, classID)
		}
	}
	return out, links.Err()
}

// PreviewStaff plans a staff import without writing.
func (s *staffService) PreviewStaff(ctx context.Context, rows []app.StaffRow) (*app.ImportPlan, error) {
	var plan *app.ImportPlan
	err := s.db.read(ctx, func(tx *sql.Tx) error {
		staff, classes, err := loadStaffImportState(ctx, tx)
		if err != nil {
			return err
		}
		plan, _ = planStaff(rows, staff, classes)
		return nil
	})
	return plan, err
}

// ImportStaff plans the import against the current data and applies it in
// one transaction; admin only.
func (s *staffService) ImportStaff(ctx context.Context, rows []app.StaffRow) (*app.ImportPlan, error) {
	if err := app.RequireAdmin(ctx); err != nil {
		return nil, err
	}
	var plan *app.ImportPlan
	err := s.db.write(ctx, func(tx *sql.Tx) error {
		staff, classes, err := loadStaffImportState(ctx, tx)
		if err != nil {
			return err
		}
		p, changes := planStaff(rows, staff, classes)
		for _, item := range p.Items {
			if item.Action == app.ActionUnchanged {
				continue
			}
			c := changes[item.Row]
			id := item.MatchID
			if item.Action == app.ActionAdd {
				u, err := uuid.NewV7()
				if err != nil {
					return err
				}
				res, err := tx.ExecContext(ctx, `INSERT INTO staff (uuid, name, post, subjects, phone) VALUES (?, ?, ?, ?, ?)`,
					u.String(), c.Name, c.Post, c.Subjects, c.Phone)
				if err != nil {
					return err
				}
				if id, err = res.LastInsertId(); err != nil {
					return err
				}
			} else if _, err := tx.ExecContext(ctx, `UPDATE staff SET name = ?, post = ?, subjects = ?, phone = ? WHERE id = ?`,
				c.Name, c.Post, c.Subjects, c.Phone, id); err != nil {
				return err
			}
			if !c.setClasses {
				continue
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM class_teachers WHERE staff_id = ?`, id); err != nil {
				return err
			}
			for _, classID := range c.ClassIDs {
				if _, err := tx.ExecContext(ctx, `INSERT INTO class_teachers (class_id, staff_id) VALUES (?, ?)`, classID, id); err != nil {
					return err
				}
			}
		}
		plan = p
		return s.db.audit(ctx, tx, "staff.import", "staff", planDetail(p))
	})
	if err != nil {
		return nil, err
	}
	return plan, nil
}

func loadStaffImportState(ctx context.Context, q querier) ([]*app.Staff, []*app.Class, error) {
	staff, err := loadStaff(ctx, q)
	if err != nil {
		return nil, nil, err
	}
	classes, err := loadClasses(ctx, q)
	return staff, classes, err
}

// staffChange is a staff row as it will be stored.
type staffChange struct {
	app.Staff
	setClasses bool // the classes cell was filled: replace the links
}

// planStaff checks staff rows and matches each to a stored staff member:
// by phone, else by name. An empty cell keeps what is stored.
func planStaff(rows []app.StaffRow, staff []*app.Staff, classes []*app.Class) (*app.ImportPlan, map[int]staffChange) {
	plan := &app.ImportPlan{}
	changes := make(map[int]staffChange)
	byPhone := make(map[string]*app.Staff)
	byName := make(map[string][]*app.Staff)
	for _, s := range staff {
		if s.Phone != "" && byPhone[s.Phone] == nil {
			byPhone[s.Phone] = s
		}
		byName[s.Name] = append(byName[s.Name], s)
	}
	resolve := newClassResolver(classes)
	seenStaff := make(map[int64]int) // matched id → first line
	seenNew := make(map[string]int)  // phone or name of a new one → first line

	for i, row := range rows {
		name := app.CleanName(row.Name)
		reject := func(e *app.Error) {
			plan.Rejected = append(plan.Rejected, app.RowProblem{Line: row.Line, Name: name, Reason: e})
		}
		if name == "" {
			reject(app.Errorf(app.EINVALID, "storage.staff.reject.name_missing"))
			continue
		}
		if utf8.RuneCountInString(name) > maxStaffName {
			reject(app.Errorf(app.EINVALID, "storage.staff.reject.name_long", maxStaffName))
			continue
		}
		phone, ok := app.NormalizePhone(row.Phone)
		if !ok {
			reject(app.Errorf(app.EINVALID, "import.reject.phone_bad", strings.TrimSpace(row.Phone)))
			continue
		}
		post, subjects := app.CleanName(row.Post), strings.TrimSpace(row.Subjects)
		if utf8.RuneCountInString(post) > maxStaffField || utf8.RuneCountInString(subjects) > maxStaffField {
			reject(app.Errorf(app.EINVALID, "storage.staff.reject.field_long", maxStaffField))
			continue
		}
		classIDs, bad := resolve.list(row.Classes)
		if bad != "" {
			reject(app.Errorf(app.EINVALID, "storage.staff.reject.class_unknown", bad))
			continue
		}

		var match *app.Staff
		if phone != "" {
			match = byPhone[phone]
		}
		if match == nil {
			switch same := byName[name]; {
			case len(same) == 1:
				match = same[0]
			case len(same) > 1 && phone == "":
				reject(app.Errorf(app.EINVALID, "storage.staff.reject.ambiguous", name))
				continue
			}
		}
		if match != nil {
			if first, dup := seenStaff[match.ID]; dup {
				reject(app.Errorf(app.EINVALID, "storage.staff.reject.duplicate", first))
				continue
			}
			seenStaff[match.ID] = row.Line
		} else {
			key := "n:" + name
			if phone != "" {
				key = "p:" + phone
			}
			if first, dup := seenNew[key]; dup {
				reject(app.Errorf(app.EINVALID, "storage.staff.reject.duplicate", first))
				continue
			}
			seenNew[key] = row.Line
		}

		c := staffChange{Staff: app.Staff{Name: name, Post: post, Subjects: subjects, Phone: phone, ClassIDs: classIDs},
			setClasses: strings.TrimSpace(row.Classes) != ""}
		item := app.PlanItem{Line: row.Line, Name: name, Row: i}
		if match == nil {
			item.Action = app.ActionAdd
			plan.Added++
		} else {
			if c.Post == "" {
				c.Post = match.Post
			}
			if c.Subjects == "" {
				c.Subjects = match.Subjects
			}
			if c.Phone == "" {
				c.Phone = match.Phone
			}
			item.MatchID = match.ID
			if c.Name == match.Name && c.Post == match.Post && c.Subjects == match.Subjects && c.Phone == match.Phone &&
				(!c.setClasses || slices.Equal(c.ClassIDs, match.ClassIDs)) {
				item.Action = app.ActionUnchanged
				plan.Unchanged++
			} else {
				item.Action = app.ActionUpdate
				plan.Updated++
			}
		}
		changes[i] = c
		plan.Items = append(plan.Items, item)
	}
	return plan, changes
}

// classResolver reads class cells (任教班级) against the stored classes.
type classResolver struct {
	byKey   map[app.ClassKey]int64
	byLabel map[string]int64
}

func newClassResolver(classes []*app.Class) *classResolver {
	r := &classResolver{byKey: make(map[app.ClassKey]int64), byLabel: make(map[string]int64)}
	for _, c := range classes {
		r.byKey[app.ClassKey{Grade: c.Grade, Name: c.Name}] = c.ID
		r.byLabel[labelKey(c.Label())] = c.ID
	}
	return r
}

// labelKey is a class label without spaces or width differences.
func labelKey(s string) string {
	return strings.Join(strings.Fields(app.NarrowText(s)), "")
}

// list resolves a cell of classes separated by 、，,;； or spaces (either
// width), and
// returns their ids in ascending order, or the first part it cannot find.
func (r *classResolver) list(cell string) (ids []int64, bad string) {
	parts := strings.FieldsFunc(cell, func(c rune) bool {
		return strings.ContainsRune("、､，,;； \t\u3000\n", c)
	})
	for _, p := range parts {
		id, ok := r.find(p)
		if !ok {
			return nil, p
		}
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids, ""
}

func (r *classResolver) find(text string) (int64, bool) {
	if key, ok := app.ParseClassName("", text); ok {
		if id, ok := r.byKey[key]; ok {
			return id, true
		}
	}
	id, ok := r.byLabel[labelKey(text)]
	return id, ok
}
