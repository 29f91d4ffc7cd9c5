package storage

import (
	"context"
	"database/sql"
	"slices"
	"strings"

	"github.com/google/uuid"

	"jxj/app"
)

var _ app.RosterService = (*rosterService)(nil)

// rosterService implements app.RosterService.
type rosterService struct{ db *DB }

// progressEvery is how many rows an import writes between progress calls.
const progressEvery = 100

// PreviewRoster plans an import against the stored roster without
// writing.
func (s *rosterService) PreviewRoster(ctx context.Context, rows []app.RosterRow) (*app.ImportPlan, error) {
	var plan *app.ImportPlan
	err := s.db.read(ctx, func(tx *sql.Tx) error {
		st, err := loadRoster(ctx, tx, false)
		if err != nil {
			return err
		}
		plan, _ = app.PlanRoster(rows, st.state)
		return nil
	})
	return plan, err
}

// ImportRoster plans the import again inside one write transaction and
// applies it: new classes, then each added or updated student with their
// guardians. Any error rolls everything back. Admin only.
func (s *rosterService) ImportRoster(ctx context.Context, rows []app.RosterRow, progress func(done, total int)) (*app.ImportPlan, error) {
	if err := app.RequireAdmin(ctx); err != nil {
		return nil, err
	}
	if progress == nil {
		progress = func(int, int) {}
	}
	var plan *app.ImportPlan
	err := s.db.write(ctx, func(tx *sql.Tx) error {
		st, err := loadRoster(ctx, tx, true)
		if err != nil {
			return err
		}
		p, clean := app.PlanRoster(rows, st.state)
		w, err := newRosterWriter(ctx, tx, st, s.db.now())
		if err != nil {
			return err
		}
		defer w.close()
		newClasses := make(map[app.ClassKey]int64, len(p.NewClasses))
		for _, k := range p.NewClasses {
			if newClasses[k], err = w.insertClass(k); err != nil {
				return err
			}
		}
		total := len(p.Items)
		for n, item := range p.Items {
			if n%progressEvery == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
				progress(n, total)
			}
			c := clean[item.Row]
			classID := c.ClassID
			if classID == 0 {
				classID = newClasses[c.Class]
			}
			switch item.Action {
			case app.ActionAdd:
				err = w.add(c, classID)
			case app.ActionUpdate:
				err = w.update(item.MatchID, c, classID)
			}
			if err != nil {
				return err
			}
		}
		if err := w.flush(); err != nil {
			return err
		}
		if p.Updated > 0 {
			// guardians whose last child no longer names them
			if _, err := tx.ExecContext(ctx, `DELETE FROM guardians WHERE NOT EXISTS
				(SELECT 1 FROM student_guardians sg WHERE sg.guardian_id = guardians.id)`); err != nil {
				return err
			}
		}
		if err := s.db.audit(ctx, tx, "roster.import", "roster", planDetail(p)); err != nil {
			return err
		}
		progress(total, total)
		plan = p
		return nil
	})
	if err != nil {
		return nil, err
	}
	return plan, nil
}

// rosterData is the stored roster: the state PlanRoster matches against
// and, for writing, the guardians each student is linked to.
type rosterData struct {
	state     app.RosterState
	linkedIDs map[int64][]int64 // student id → guardian ids, by position
	guardians map[int64]*guardianRec
	byPhone   map[string][]int64
}

type guardianRec struct {
	name, phone string
}

// loadRoster reads classes, students and their guardians in three
// queries; forWrite also loads every guardian by phone.
func loadRoster(ctx context.Context, q querier, forWrite bool) (*rosterData, error) {
	d := &rosterData{}
	var err error
	if d.state.Classes, err = loadClasses(ctx, q); err != nil {
		return nil, err
	}
	total := 0
	for _, c := range d.state.Classes {
		total += c.StudentCount
	}
	d.state.Students = make([]app.RosterStudent, 0, total)
	rows, err := q.QueryContext(ctx, `SELECT id, name, gender, COALESCE(student_no, ''), class_id, status FROM students ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var s app.RosterStudent
		if err := rows.Scan(&s.ID, &s.Name, &s.Gender, &s.StudentNo, &s.ClassID, &s.Status); err != nil {
			return nil, err
		}
		d.state.Students = append(d.state.Students, s)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	labels, err := classLabels(ctx, q)
	if err != nil {
		return nil, err
	}
	index := make(map[int64]int, len(d.state.Students))
	for i := range d.state.Students {
		s := &d.state.Students[i]
		index[s.ID] = i
		s.ClassLabel = labels[s.ClassID].label
	}

	if forWrite {
		d.linkedIDs = make(map[int64][]int64, len(d.state.Students))
		d.guardians = make(map[int64]*guardianRec, 2*len(d.state.Students))
		d.byPhone = make(map[string][]int64, 2*len(d.state.Students))
		gs, err := q.QueryContext(ctx, `SELECT id, name, phone FROM guardians ORDER BY id`)
		if err != nil {
			return nil, err
		}
		defer gs.Close()
		for gs.Next() {
			var id int64
			g := &guardianRec{}
			if err := gs.Scan(&id, &g.name, &g.phone); err != nil {
				return nil, err
			}
			d.guardians[id] = g
			if g.phone != "" {
				d.byPhone[g.phone] = append(d.byPhone[g.phone], id)
			}
		}
		if err := gs.Err(); err != nil {
			return nil, err
		}
		gs.Close()
	}

	links, err := q.QueryContext(ctx, `SELECT sg.student_id, g.id, g.name, sg.relation, g.phone
		FROM student_guardians sg JOIN guardians g ON g.id = sg.guardian_id
		ORDER BY sg.student_id, sg.position`)
	if err != nil {
		return nil, err
	}
	defer links.Close()
	for links.Next() {
		var studentID, guardianID int64
		var g app.GuardianInput
		if err := links.Scan(&studentID, &guardianID, &g.Name, &g.Relation, &g.Phone); err != nil {
			return nil, err
		}
		i, ok := index[studentID]
		if !ok {
			continue
		}
		s := &d.state.Students[i]
		s.Guardians = append(s.Guardians, g)
		if forWrite {
			d.linkedIDs[studentID] = append(d.linkedIDs[studentID], guardianID)
		}
	}
	return d, links.Err()
}

// rosterWriter applies an import plan. New rows get their ids here (the
// write transaction owns the database) and are inserted many rows per
// statement; foreign keys are checked at commit, so a batch of links may
// go before the batch with their students.
type rosterWriter struct {
	ctx context.Context
	tx  *sql.Tx
	d   *rosterData
	now string

	students, guardians, links *batch
	nextStudent, nextGuardian  int64
	firstNewGuardian           int64
	updated                    map[int64]bool

	insClass, updStudent, delLinks, setGuardian *sql.Stmt
}

func newRosterWriter(ctx context.Context, tx *sql.Tx, d *rosterData, now string) (w *rosterWriter, err error) {
	w = &rosterWriter{ctx: ctx, tx: tx, d: d, now: now, updated: make(map[int64]bool)}
	defer func() {
		if err != nil {
			w.close()
		}
	}()
	if _, err := tx.ExecContext(ctx, `PRAGMA defer_foreign_keys = ON`); err != nil {
		return nil, err
	}
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(max(id), 0) + 1 FROM students`).Scan(&w.nextStudent); err != nil {
		return nil, err
	}
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(max(id), 0) + 1 FROM guardians`).Scan(&w.nextGuardian); err != nil {
		return nil, err
	}
	w.firstNewGuardian = w.nextGuardian
	if w.students, err = newBatch(ctx, tx, "students", "id", "uuid", "name", "gender", "student_no", "class_id", "created_at", "updated_at"); err != nil {
		return nil, err
	}
	if w.guardians, err = newBatch(ctx, tx, "guardians", "id", "uuid", "name", "phone"); err != nil {
		return nil, err
	}
	if w.links, err = newBatch(ctx, tx, "student_guardians", "student_id", "guardian_id", "relation", "position"); err != nil {
		return nil, err
	}
	stmts := []struct {
		s   **sql.Stmt
		sql string
	}{
		{&w.insClass, `INSERT INTO classes (uuid, year, grade, name) VALUES (?, ` + currentYear + `, ?, ?)`},
		// a student the file lists is on the roll: one who had left is
		// back (转入)
		{&w.updStudent, `UPDATE students SET name = ?, gender = ?, student_no = ?, class_id = ?, updated_at = ?,
			status = 'active', status_at = CASE status WHEN 'active' THEN status_at ELSE ? END WHERE id = ?`},
		{&w.delLinks, `DELETE FROM student_guardians WHERE student_id = ?`},
		{&w.setGuardian, `UPDATE guardians SET name = ?, phone = ? WHERE id = ?`},
	}
	for _, st := range stmts {
		if *st.s, err = tx.PrepareContext(ctx, st.sql); err != nil {
			return nil, err
		}
	}
	return w, nil
}

func (w *rosterWriter) close() {
	for _, b := range []*batch{w.students, w.guardians, w.links} {
		if b != nil && b.full != nil {
			b.full.Close()
		}
	}
	for _, s := range []*sql.Stmt{w.insClass, w.updStudent, w.delLinks, w.setGuardian} {
		if s != nil {
			s.Close()
		}
	}
}

// flush writes the rows still waiting in the batches.
func (w *rosterWriter) flush() error {
	for _, b := range []*batch{w.students, w.guardians, w.links} {
		if err := b.flush(w.ctx); err != nil {
			return err
		}
	}
	return nil
}

func (w *rosterWriter) insertClass(k app.ClassKey) (int64, error) {
	u, err := uuid.NewV7()
	if err != nil {
		return 0, err
	}
	return lastID(w.insClass.ExecContext(w.ctx, u.String(), k.Grade, k.Name))
}

func (w *rosterWriter) add(c app.CleanRosterRow, classID int64) error {
	u, err := uuid.NewV7()
	if err != nil {
		return err
	}
	id := w.nextStudent
	w.nextStudent++
	if err := w.students.add(w.ctx, id, u.String(), c.Name, c.Gender, nullString(c.StudentNo), classID, w.now, w.now); err != nil {
		return err
	}
	return w.link(id, nil, c)
}

func (w *rosterWriter) update(id int64, c app.CleanRosterRow, classID int64) error {
	if w.updated[id] {
		// a second row for the same student: its first links must be
		// written before they are replaced
		if err := w.links.flush(w.ctx); err != nil {
			return err
		}
	}
	w.updated[id] = true
	if _, err := w.updStudent.ExecContext(w.ctx, c.Name, c.Gender, nullString(c.StudentNo), classID, w.now, w.now, id); err != nil {
		return err
	}
	if _, err := w.delLinks.ExecContext(w.ctx, id); err != nil {
		return err
	}
	return w.link(id, w.d.linkedIDs[id], c)
}

// link links a student to the guardians of their row, in order. A
// guardian that stands for a stored one (c.From) is that guardian's row,
// updated in place when the name or phone changed, so the student's
// siblings see the change too. A new one is found by phone among every
// guardian of the school (siblings share one row, and the same person is
// preferred by name), else made.
func (w *rosterWriter) link(studentID int64, previous []int64, c app.CleanRosterRow) error {
	var used [4]int64 // rows have one to a few guardians
	usedIDs := used[:0]
	isUsed := func(id int64) bool { return slices.Contains(usedIDs, id) }
	for pos, g := range c.Guardians {
		var id int64
		if pos < len(c.From) && c.From[pos] >= 0 {
			id = previous[c.From[pos]]
		} else if g.Phone != "" {
			cands := w.d.byPhone[g.Phone]
			for _, c := range cands { // the same person first …
				if !isUsed(c) && w.d.guardians[c].name == g.Name {
					id = c
					break
				}
			}
			if id == 0 {
				for _, c := range cands { // … else whoever has the number
					if !isUsed(c) {
						id = c
						break
					}
				}
			}
		}
		if err := w.saveGuardian(&id, g); err != nil {
			return err
		}
		usedIDs = append(usedIDs, id)
		if err := w.links.add(w.ctx, studentID, id, g.Relation, pos); err != nil {
			return err
		}
	}
	return nil
}

// saveGuardian makes guardian g when *id is 0, else brings the stored row
// *id to g's name and phone.
func (w *rosterWriter) saveGuardian(id *int64, g app.GuardianInput) error {
	if *id == 0 {
		u, err := uuid.NewV7()
		if err != nil {
			return err
		}
		*id = w.nextGuardian
		w.nextGuardian++
		w.d.guardians[*id] = &guardianRec{name: g.Name, phone: g.Phone}
		w.indexPhone(*id, "", g.Phone)
		return w.guardians.add(w.ctx, *id, u.String(), g.Name, g.Phone)
	}
	gr := w.d.guardians[*id]
	if gr.name == g.Name && gr.phone == g.Phone {
		return nil
	}
	if *id >= w.firstNewGuardian {
		// made by this import and maybe still waiting in its batch
		if err := w.guardians.flush(w.ctx); err != nil {
			return err
		}
	}
	if _, err := w.setGuardian.ExecContext(w.ctx, g.Name, g.Phone, *id); err != nil {
		return err
	}
	w.indexPhone(*id, gr.phone, g.Phone)
	gr.name, gr.phone = g.Name, g.Phone
	return nil
}

// indexPhone moves guardian id from old to phone in the phone index.
func (w *rosterWriter) indexPhone(id int64, old, phone string) {
	if old == phone {
		return
	}
	if old != "" {
		w.d.byPhone[old] = slices.DeleteFunc(w.d.byPhone[old], func(x int64) bool { return x == id })
	}
	if phone != "" {
		w.d.byPhone[phone] = append(w.d.byPhone[phone], id)
	}
}

func lastID(res sql.Result, err error) (int64, error) {
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// batchRows is how many rows one INSERT of a batch writes.
const batchRows = 128

// batch collects the rows of one table and inserts batchRows of them per
// statement: one statement per row costs several times more in the
// driver and in SQLite's statement setup.
type batch struct {
	tx   *sql.Tx
	head string // INSERT INTO t (a, b) VALUES
	row  string // (?, ?)
	ncol int
	args []any
	full *sql.Stmt // prepared for batchRows rows
}

func newBatch(ctx context.Context, tx *sql.Tx, table string, cols ...string) (*batch, error) {
	b := &batch{
		tx:   tx,
		head: "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES ",
		row:  "(" + strings.Repeat("?, ", len(cols)-1) + "?)",
		ncol: len(cols),
		args: make([]any, 0, len(cols)*batchRows),
	}
	var err error
	b.full, err = tx.PrepareContext(ctx, b.sql(batchRows))
	return b, err
}

func (b *batch) sql(rows int) string {
	return b.head + strings.Repeat(b.row+", ", rows-1) + b.row
}

// add queues one row, writing the batch when it is full.
func (b *batch) add(ctx context.Context, vals ...any) error {
	b.args = append(b.args, vals...)
	if len(b.args) < b.ncol*batchRows {
		return nil
	}
	_, err := b.full.ExecContext(ctx, b.args...)
	b.args = b.args[:0]
	return err
}

// flush writes the rows waiting in the batch.
func (b *batch) flush(ctx context.Context) error {
	if len(b.args) == 0 {
		return nil
	}
	_, err := b.tx.ExecContext(ctx, b.sql(len(b.args)/b.ncol), b.args...)
	b.args = b.args[:0]
	return err
}
