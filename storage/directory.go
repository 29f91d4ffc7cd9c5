package storage

import (
	"context"
	"database/sql"
	"slices"

	"jxj/app"
)

var _ app.DirectoryService = (*directoryService)(nil)

// directoryService implements app.DirectoryService.
type directoryService struct{ db *DB }

// Directory loads every class and student with their guardians in three
// queries, sorts them and masks the phones the acting account may not
// see (all of them when nobody is logged in).
func (s *directoryService) Directory(ctx context.Context) (*app.Directory, error) {
	d := &app.Directory{}
	err := s.db.read(ctx, func(tx *sql.Tx) error {
		var err error
		if d.Classes, err = loadClasses(ctx, tx); err != nil {
			return err
		}
		d.Entries, err = loadEntries(ctx, tx, d.Classes, true)
		return err
	})
	if err != nil {
		return nil, err
	}
	app.MaskDirectory(app.AccountFromContext(ctx), d.Entries)
	return d, nil
}

// loadEntries reads the students on the roll (active) or off it, with
// their guardians, in directory order: by class (as classes is sorted),
// student number, name.
func loadEntries(ctx context.Context, q querier, classes []*app.Class, active bool) ([]app.DirectoryEntry, error) {
	order := make(map[int64]int, len(classes))
	labels := make(map[int64]string, len(classes))
	total := 0
	for i, c := range classes {
		order[c.ID] = i
		labels[c.ID] = c.Label()
		total += c.StudentCount
	}

	entries := make([]app.DirectoryEntry, 0, total)
	rows, err := q.QueryContext(ctx, `SELECT id, name, gender, COALESCE(student_no, ''), class_id, status, status_at, status_note
		FROM students WHERE (status = 'active') = ?`, active)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var e app.DirectoryEntry
		var at string
		if err := rows.Scan(&e.StudentID, &e.Name, &e.Gender, &e.StudentNo, &e.ClassID, &e.Status, &at, &e.StatusNote); err != nil {
			return nil, err
		}
		e.StatusAt = parseTime(at)
		e.ClassLabel = labels[e.ClassID]
		entries = append(entries, e)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()

	index := make(map[int64]int, len(entries))
	for i := range entries {
		index[entries[i].StudentID] = i
	}
	// one backing array for every guardian; each entry gets a capped
	// window of it, so appending to one never overwrites the next
	links, err := q.QueryContext(ctx, `SELECT sg.student_id, g.id, g.name, sg.relation, g.phone
		FROM student_guardians sg JOIN guardians g ON g.id = sg.guardian_id
		ORDER BY sg.student_id, sg.position`)
	if err != nil {
		return nil, err
	}
	defer links.Close()
	all := make([]app.GuardianContact, 0, 2*len(entries))
	type span struct{ start, end int }
	spans := make([]span, len(entries))
	last := int64(-1)
	cur := -1
	for links.Next() {
		var studentID int64
		var g app.GuardianContact
		if err := links.Scan(&studentID, &g.GuardianID, &g.Name, &g.Relation, &g.Phone); err != nil {
			return nil, err
		}
		if studentID != last {
			last = studentID
			i, ok := index[studentID]
			cur = -1
			if ok {
				cur = i
				spans[i].start = len(all)
			}
		}
		if cur < 0 {
			continue
		}
		all = append(all, g)
		spans[cur].end = len(all)
	}
	if err := links.Err(); err != nil {
		return nil, err
	}
	for i, sp := range spans {
		if sp.end > sp.start {
			entries[i].Guardians = all[sp.start:sp.end:sp.end]
		}
	}

	sortEntries(entries, order)
	return entries, nil
}

// sortEntries puts entries in directory order: by class (order gives each
// class's place), student number (numbered students first), name.
func sortEntries(entries []app.DirectoryEntry, order map[int64]int) {
	slices.SortFunc(entries, func(a, b app.DirectoryEntry) int {
		return compareStudents(studentPlace{order[a.ClassID], a.StudentNo, a.Name, a.StudentID},
			studentPlace{order[b.ClassID], b.StudentNo, b.Name, b.StudentID})
	})
}
