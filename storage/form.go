package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"jxj/app"
)

var _ app.FormService = (*formService)(nil)

// formService implements app.FormService.
type formService struct{ db *DB }

// fieldJSON is a field as stored in forms.fields: the names are part of
// the stored (and later synced) format, not Go's.
type fieldJSON struct {
	Key      string   `json:"key"`
	Label    string   `json:"label"`
	Type     string   `json:"type"`
	Required bool     `json:"required,omitempty"`
	Options  []string `json:"options,omitempty"`
	Limits   []int    `json:"limits,omitempty"`
}

func encodeFields(fs []app.Field) (string, error) {
	out := make([]fieldJSON, len(fs))
	for i, f := range fs {
		out[i] = fieldJSON{Key: f.Key, Label: f.Label, Type: string(f.Type), Required: f.Required, Options: f.Options, Limits: f.Limits}
	}
	b, err := json.Marshal(out)
	return string(b), err
}

func decodeFields(s string) ([]app.Field, error) {
	var in []fieldJSON
	if err := json.Unmarshal([]byte(s), &in); err != nil {
		return nil, err
	}
	out := make([]app.Field, len(in))
	for i, f := range in {
		out[i] = app.Field{Key: f.Key, Label: f.Label, Type: app.FieldType(f.Type), Required: f.Required, Options: f.Options, Limits: f.Limits}
	}
	return out, nil
}

// CreateForm stores a new form for classes: a teacher's own, any for
// admin and principal. Field keys are given here and never change.
func (s *formService) CreateForm(ctx context.Context, d app.FormDraft) (*app.Form, error) {
	a, err := actingAccount(ctx)
	if err != nil {
		return nil, err
	}
	if err := d.Validate(); err != nil {
		return nil, err
	}
	d = d.Normalize()
	if err := app.CheckTarget(a, app.Target{ClassIDs: d.ClassIDs}); err != nil {
		return nil, err
	}
	fields, err := encodeFields(d.Fields)
	if err != nil {
		return nil, app.WrapError(err, "error.storage", err)
	}
	id, err := uuid.NewV7()
	if err != nil {
		return nil, app.WrapError(err, "error.storage", err)
	}
	var f *app.Form
	err = s.db.write(ctx, func(tx *sql.Tx) error {
		if err := checkClassesExist(ctx, tx, d.ClassIDs); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO forms (uuid, kind, title, description, fields, deadline, start_day, end_day, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, id.String(), string(d.Kind), d.Title, d.Description, fields,
			app.FormatDate(d.Deadline), app.FormatDate(d.StartDay), app.FormatDate(d.EndDay), a.Username, s.db.now())
		formID, err := lastID(res, err)
		if err != nil {
			return err
		}
		for _, c := range d.ClassIDs {
			if _, err := tx.ExecContext(ctx, `INSERT INTO form_classes (form_id, class_id) VALUES (?, ?)`, formID, c); err != nil {
				return err
			}
		}
		if err := s.db.audit(ctx, tx, "form.create", formTarget(formID), fmt.Sprintf("kind=%s; title=%s; classes=%s; fields=%d",
			d.Kind, d.Title, joinIDs(d.ClassIDs), len(d.Fields))); err != nil {
			return err
		}
		f, err = loadForm(ctx, tx, a, formID, s.db.today())
		return err
	})
	if err != nil {
		return nil, err
	}
	return f, nil
}

// Forms lists the forms a may see, newest first (by id: the order they
// were made here, whatever the PC's clock says).
func (s *formService) Forms(ctx context.Context) ([]*app.Form, error) {
	a, err := actingAccount(ctx)
	if err != nil {
		return nil, err
	}
	var out []*app.Form
	err = s.db.read(ctx, func(tx *sql.Tx) error {
		out, err = loadForms(ctx, tx, a, idFilter(0), s.db.today())
		return err
	})
	return out, err
}

// FormSheet returns a form with the students a sees and their answers:
// of one day for a check-in ("" for today, kept within the check-in's
// days, so a finished check-in opens on its last day), or of every day
// for AllDays.
func (s *formService) FormSheet(ctx context.Context, id int64, day string) (*app.FormSheet, error) {
	a, err := actingAccount(ctx)
	if err != nil {
		return nil, err
	}
	var sheet *app.FormSheet
	err = s.db.read(ctx, func(tx *sql.Tx) error {
		today := s.db.today()
		f, err := loadForm(ctx, tx, a, id, today)
		if err != nil {
			return err
		}
		sheet = &app.FormSheet{Form: f}
		if f.Kind == app.FormCheckin {
			switch day {
			case app.AllDays:
				sheet.Day = app.AllDays
			case "":
				sheet.Day = min(max(today, app.FormatDate(f.StartDay)), app.FormatDate(f.EndDay))
			default:
				if sheet.Day, err = f.CheckDay(day); err != nil {
					return err
				}
			}
		}
		if sheet.Students, err = loadClassStudents(ctx, tx, a, f.ClassIDs); err != nil {
			return err
		}
		sheet.Answers, err = loadAnswers(ctx, tx, id, sheet.Day, sheet.Students)
		return err
	})
	if err != nil {
		return nil, err
	}
	return sheet, nil
}

// today is the calendar day of db's clock.
func (db *DB) today() string { return app.FormatDate(db.Now()) }

// loadAnswers reads a form's answers of the students given, of one day
// ("" for surveys and chains, AllDays for every day), in sign-up order.
func loadAnswers(ctx context.Context, q querier, formID int64, day string, students []app.FormStudent) ([]app.Answer, error) {
	on := make(map[int64]bool, len(students))
	for _, s := range students {
		on[s.StudentID] = true
	}
	query, args := `SELECT `+answerColumns+` FROM form_answers WHERE form_id = ?`, []any{formID}
	if day != app.AllDays {
		query, args = query+` AND day = ?`, append(args, day)
	}
	rows, err := q.QueryContext(ctx, query+` ORDER BY day, seq, id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []app.Answer
	for rows.Next() {
		ans, err := scanAnswer(rows)
		if err != nil {
			return nil, err
		}
		if on[ans.StudentID] {
			out = append(out, *ans)
		}
	}
	return out, rows.Err()
}

const answerColumns = `id, uuid, replaces, form_id, student_id, day, data, seq, recorded_at, recorded_by`

func scanAnswer(sc rowScanner) (*app.Answer, error) {
	var ans app.Answer
	var data, at string
	if err := sc.Scan(&ans.ID, &ans.UUID, &ans.Replaces, &ans.FormID, &ans.StudentID, &ans.Day, &data, &ans.Seq, &at, &ans.By); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(data), &ans.Values); err != nil {
		return nil, fmt.Errorf("answer %d: stored data: %w", ans.ID, err)
	}
	ans.At = parseTime(at)
	return &ans, nil
}

// SaveAnswer checks and stores one answer in one transaction with its
// audit row. A changed answer is a new version (new uuid, replaces the
// old one, same seq); an unchanged one is not written.
func (s *formService) SaveAnswer(ctx context.Context, formID int64, in app.AnswerInput) (*app.Answer, error) {
	a, err := actingAccount(ctx)
	if err != nil {
		return nil, err
	}
	var out *app.Answer
	err = s.db.write(ctx, func(tx *sql.Tx) error {
		w, err := s.answerWriter(ctx, tx, a, formID)
		if err != nil {
			return err
		}
		if err := checkStudentIn(ctx, tx, a, in.StudentID, w.form.ClassIDs, "storage.form.error.student_not_in_form"); err != nil {
			return err
		}
		day, err := w.day(in.Day)
		if err != nil {
			return err
		}
		values, err := w.form.CheckAnswer(in.Values)
		if err != nil {
			return err
		}
		prev, err := w.current(in.StudentID, day)
		if err != nil {
			return err
		}
		if prev != nil && maps.Equal(prev.Values, values) {
			out = prev
			return nil
		}
		places, err := w.placesTaken()
		if err != nil {
			return err
		}
		if err := w.takePlace(places, prev, values); err != nil {
			return err
		}
		if out, err = w.save(in.StudentID, day, prev, values); err != nil {
			return err
		}
		return s.db.audit(ctx, tx, "form.answer", formTarget(formID), answerDetail(out))
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func answerDetail(ans *app.Answer) string {
	d := fmt.Sprintf("student=%d; answer=%s", ans.StudentID, ans.UUID)
	if ans.Day != "" {
		d += "; day=" + ans.Day
	}
	if ans.Replaces != "" {
		d += "; replaces=" + ans.Replaces
	}
	return d
}

// answerWriter changes the answers of one form inside a write
// transaction (or plans the changes inside a read one).
type answerWriter struct {
	ctx   context.Context
	tx    *sql.Tx
	db    *DB
	form  *app.Form
	by    string
	today string
}

// answerWriter loads a form a may see for changing its answers: a closed
// form or a survey or chain past its deadline is ECONFLICT.
func (s *formService) answerWriter(ctx context.Context, tx *sql.Tx, a *app.Account, formID int64) (*answerWriter, error) {
	today := s.db.today()
	f, err := loadForm(ctx, tx, a, formID, today)
	if err != nil {
		return nil, err
	}
	switch {
	case f.Closed:
		return nil, app.Errorf(app.ECONFLICT, "storage.form.error.closed", f.Title)
	case f.Kind != app.FormCheckin && !f.Deadline.IsZero() && today > app.FormatDate(f.Deadline):
		return nil, app.Errorf(app.ECONFLICT, "storage.form.error.deadline_passed", f.Title, app.FormatDate(f.Deadline))
	}
	return &answerWriter{ctx: ctx, tx: tx, db: s.db, form: f, by: a.Username, today: today}, nil
}

// day is the day an answer is for: a check-in's ("" is today) within its
// days, "" for other kinds.
func (w *answerWriter) day(day string) (string, error) {
	if w.form.Kind == app.FormCheckin && strings.TrimSpace(day) == "" {
		day = w.today
	}
	return w.form.CheckDay(day)
}

// current returns a student's answer of the day, or nil.
func (w *answerWriter) current(studentID int64, day string) (*app.Answer, error) {
	ans, err := scanAnswer(w.tx.QueryRowContext(w.ctx, `SELECT `+answerColumns+` FROM form_answers
		WHERE form_id = ? AND student_id = ? AND day = ?`, w.form.ID, studentID, day))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return ans, err
}

// chainItems returns the item field of a chain; ok is false for other
// kinds.
func (w *answerWriter) chainItems() (app.Field, bool) {
	f, ok := w.form.ChainField()
	return f, ok && w.form.Kind == app.FormChain
}

// placesTaken counts a chain's answers per item, over every class; nil
// for other kinds.
func (w *answerWriter) placesTaken() (map[string]int, error) {
	field, ok := w.chainItems()
	if !ok {
		return nil, nil
	}
	rows, err := w.tx.QueryContext(w.ctx, `SELECT json_extract(data, ?), count(*) FROM form_answers
		WHERE form_id = ? GROUP BY 1`, "$."+field.Key, w.form.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	places := make(map[string]int)
	for rows.Next() {
		var item sql.NullString
		var n int
		if err := rows.Scan(&item, &n); err != nil {
			return nil, err
		}
		places[item.String] += n
	}
	return places, rows.Err()
}

// takePlace says whether a chain answer may take its item, counting the
// places others hold (the student's own does not count: keeping one's
// item is always allowed), and moves the student's place in places.
func (w *answerWriter) takePlace(places map[string]int, prev *app.Answer, values map[string]string) error {
	field, ok := w.chainItems()
	if !ok {
		return nil
	}
	item, old := values[field.Key], ""
	if prev != nil {
		old = prev.Values[field.Key]
	}
	if item == old {
		return nil
	}
	if err := w.form.CheckChainSignup(values, places[item]); err != nil {
		return err
	}
	places[item]++
	if prev != nil {
		places[old]--
	}
	return nil
}

// save writes a new answer (next seq in the form) or a new version of
// prev (new uuid, replaces prev's, same seq).
func (w *answerWriter) save(studentID int64, day string, prev *app.Answer, values map[string]string) (*app.Answer, error) {
	id, err := uuid.NewV7()
	if err != nil {
		return nil, err
	}
	data, err := json.Marshal(values)
	if err != nil {
		return nil, err
	}
	now := w.db.Now()
	ans := &app.Answer{UUID: id.String(), FormID: w.form.ID, StudentID: studentID, Day: day, Values: values, At: now, By: w.by}
	if prev != nil {
		ans.ID, ans.Replaces, ans.Seq = prev.ID, prev.UUID, prev.Seq
		_, err = w.tx.ExecContext(w.ctx, `UPDATE form_answers SET uuid = ?, replaces = ?, data = ?, recorded_at = ?, recorded_by = ?
			WHERE id = ?`, ans.UUID, ans.Replaces, string(data), formatTime(now), w.by, prev.ID)
		return ans, err
	}
	if err := w.tx.QueryRowContext(w.ctx, `SELECT COALESCE(max(seq), 0) + 1 FROM form_answers WHERE form_id = ?`, w.form.ID).Scan(&ans.Seq); err != nil {
		return nil, err
	}
	res, err := w.tx.ExecContext(w.ctx, `INSERT INTO form_answers (uuid, form_id, student_id, day, data, seq, recorded_at, recorded_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, ans.UUID, w.form.ID, studentID, day, string(data), ans.Seq, formatTime(now), w.by)
	ans.ID, err = lastID(res, err)
	return ans, err
}

// ClearAnswer withdraws a student's answer (of a check-in's day, ""
// being today); a chain's place is freed for the next family.
func (s *formService) ClearAnswer(ctx context.Context, formID, studentID int64, day string) error {
	a, err := actingAccount(ctx)
	if err != nil {
		return err
	}
	return s.db.write(ctx, func(tx *sql.Tx) error {
		w, err := s.answerWriter(ctx, tx, a, formID)
		if err != nil {
			return err
		}
		if err := checkStudentIn(ctx, tx, a, studentID, w.form.ClassIDs, "storage.form.error.student_not_in_form"); err != nil {
			return err
		}
		if day, err = w.day(day); err != nil {
			return err
		}
		prev, err := w.current(studentID, day)
		if err != nil {
			return err
		}
		if prev == nil {
			return app.Errorf(app.ENOTFOUND, "storage.form.error.no_answer")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM form_answers WHERE id = ?`, prev.ID); err != nil {
			return err
		}
		return s.db.audit(ctx, tx, "form.clear", formTarget(formID), answerDetail(prev))
	})
}

// ImportAnswers saves the rows of a filled-in answer sheet in one
// transaction. Rows are matched to the students a sees by student
// number, else by name (and class when the name is not unique); rows
// with no value at all are students the class did not answer for and are
// skipped. Any problem row and nothing is saved; Saved and Unchanged
// always say what the rows would do.
func (s *formService) ImportAnswers(ctx context.Context, formID int64, rows []app.AnswerRow, dryRun bool) (*app.AnswerImport, error) {
	a, err := actingAccount(ctx)
	if err != nil {
		return nil, err
	}
	var res *app.AnswerImport
	plan := func(tx *sql.Tx) error {
		w, err := s.answerWriter(ctx, tx, a, formID)
		if err != nil {
			return err
		}
		var changes []answerChange
		if res, changes, err = w.planImport(rows, a); err != nil {
			return err
		}
		if dryRun || len(res.Problems) > 0 || len(changes) == 0 {
			return nil // nothing to write
		}
		for _, c := range changes {
			if _, err := w.save(c.studentID, c.day, c.prev, c.values); err != nil {
				return err
			}
		}
		return s.db.audit(ctx, tx, "form.import", formTarget(formID), fmt.Sprintf("saved=%d; unchanged=%d", res.Saved, res.Unchanged))
	}
	if err := s.db.plan(ctx, dryRun, plan); err != nil {
		return nil, err
	}
	return res, nil
}

// answerChange is one answer an import writes.
type answerChange struct {
	studentID int64
	day       string
	prev      *app.Answer
	values    map[string]string
}

// planImport checks every row and says what the import would write.
func (w *answerWriter) planImport(rows []app.AnswerRow, a *app.Account) (*app.AnswerImport, []answerChange, error) {
	students, err := loadClassStudents(w.ctx, w.tx, a, w.form.ClassIDs)
	if err != nil {
		return nil, nil, err
	}
	classes, err := loadClasses(w.ctx, w.tx)
	if err != nil {
		return nil, nil, err
	}
	places, err := w.placesTaken()
	if err != nil {
		return nil, nil, err
	}
	m := newStudentMatcher(students, newClassResolver(classes))
	seen := make(map[string]int) // student and day → first line
	res := &app.AnswerImport{}
	var changes []answerChange
	for _, row := range rows {
		if !hasValue(row.Values) {
			continue
		}
		c, problem, err := w.planRow(row, m, seen, places)
		switch {
		case err != nil:
			return nil, nil, err
		case problem != nil:
			res.Problems = append(res.Problems, app.RowProblem{Line: row.Line, Name: app.CleanName(row.StudentName), Reason: problem})
		case c == nil:
			res.Unchanged++
		default:
			res.Saved++
			changes = append(changes, *c)
		}
	}
	return res, changes, nil
}

// planRow checks one row: the change it makes, nil when the answer is
// already stored, or the row's problem.
func (w *answerWriter) planRow(row app.AnswerRow, m *studentMatcher, seen map[string]int, places map[string]int) (*answerChange, *app.Error, error) {
	st, problem := m.match(row.StudentNo, row.StudentName, row.ClassLabel)
	if problem != nil {
		return nil, problem, nil
	}
	day, err := w.day(row.Day)
	if err != nil {
		return rowProblem(err)
	}
	key := fmt.Sprintf("%d/%s", st.StudentID, day)
	if first, dup := seen[key]; dup {
		return nil, app.Errorf(app.EINVALID, "storage.form.import.duplicate", first), nil
	}
	seen[key] = row.Line
	values, err := w.form.CheckAnswer(row.Values)
	if err != nil {
		return rowProblem(err)
	}
	prev, err := w.current(st.StudentID, day)
	if err != nil || (prev != nil && maps.Equal(prev.Values, values)) {
		return nil, nil, err
	}
	if err := w.takePlace(places, prev, values); err != nil {
		return rowProblem(err)
	}
	return &answerChange{studentID: st.StudentID, day: day, prev: prev, values: values}, nil, nil
}

// rowProblem sorts the error of a row's check: a user's mistake is the
// row's problem; anything else fails the import.
func rowProblem(err error) (*answerChange, *app.Error, error) {
	var e *app.Error
	if errors.As(err, &e) && e.Code != app.EINTERNAL {
		return nil, e, nil
	}
	return nil, nil, err
}

func hasValue(values map[string]string) bool {
	for _, v := range values {
		if strings.TrimSpace(v) != "" {
			return true
		}
	}
	return false
}

// studentMatcher finds the student of an answer sheet's row among those
// the account sees.
type studentMatcher struct {
	byNo    map[string]app.FormStudent
	byName  map[string][]app.FormStudent
	classes *classResolver
}

func newStudentMatcher(students []app.FormStudent, classes *classResolver) *studentMatcher {
	m := &studentMatcher{byNo: make(map[string]app.FormStudent), byName: make(map[string][]app.FormStudent), classes: classes}
	for _, s := range students {
		if s.StudentNo != "" {
			m.byNo[strings.ToUpper(s.StudentNo)] = s
		}
		m.byName[s.StudentName] = append(m.byName[s.StudentName], s)
	}
	return m
}

// match finds a sheet row's student by number, else by name, narrowed by
// the class (as typed) when one is given.
func (m *studentMatcher) match(studentNo, studentName, class string) (app.FormStudent, *app.Error) {
	no := strings.ToUpper(strings.TrimSpace(app.NarrowText(studentNo)))
	if s, ok := m.byNo[no]; ok && no != "" {
		return s, nil
	}
	name := app.CleanName(studentName)
	if name == "" && no == "" {
		return app.FormStudent{}, app.Errorf(app.EINVALID, "storage.form.import.student_missing")
	}
	candidates := m.byName[name]
	if classText := strings.TrimSpace(class); classText != "" && len(candidates) > 1 {
		classID, _ := m.classes.find(classText)
		candidates = slices.DeleteFunc(slices.Clone(candidates), func(s app.FormStudent) bool { return s.ClassID != classID })
	}
	switch len(candidates) {
	case 0:
		return app.FormStudent{}, app.Errorf(app.EINVALID, "storage.form.import.student_unknown", strings.TrimSpace(name+" "+no))
	case 1:
		return candidates[0], nil
	}
	return app.FormStudent{}, app.Errorf(app.EINVALID, "storage.form.import.ambiguous", name)
}

// CloseForm stops a form taking answers (who may: app.CanCloseForm).
// Closing a closed form changes nothing.
func (s *formService) CloseForm(ctx context.Context, id int64) error {
	a, err := actingAccount(ctx)
	if err != nil {
		return err
	}
	return s.db.write(ctx, func(tx *sql.Tx) error {
		f, err := loadForm(ctx, tx, a, id, s.db.today())
		if err != nil {
			return err
		}
		if err := app.CanCloseForm(a, f); err != nil {
			return err
		}
		if f.Closed {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE forms SET closed = 1 WHERE id = ?`, id); err != nil {
			return err
		}
		return s.db.audit(ctx, tx, "form.close", formTarget(id), fmt.Sprintf("title=%s; answered=%d/%d", f.Title, f.Answered, f.Total))
	})
}

func formTarget(id int64) string { return fmt.Sprintf("form:%d", id) }

// loadForm reads one form a may see, or ENOTFOUND.
func loadForm(ctx context.Context, q querier, a *app.Account, id int64, today string) (*app.Form, error) {
	fs, err := loadForms(ctx, q, a, idFilter(id), today)
	if err != nil {
		return nil, err
	}
	if len(fs) == 0 {
		return nil, app.Errorf(app.ENOTFOUND, "storage.form.error.not_found")
	}
	return fs[0], nil
}

// loadForms reads the forms a may see of those keep keeps, newest
// first, with their classes and Answered/Total over the students
// of the classes a sees (a check-in's: today's answers). A teacher sees
// the forms they made or that reach one of their classes.
func loadForms(ctx context.Context, q querier, a *app.Account, keep rowFilter, today string) ([]*app.Form, error) {
	labels, err := classLabels(ctx, q)
	if err != nil {
		return nil, err
	}
	filter, args := keep.where, keep.args
	rows, err := q.QueryContext(ctx, `SELECT id, uuid, kind, title, description, fields, deadline, start_day, end_day, closed, created_by, created_at
		FROM forms`+filter("id")+` ORDER BY id DESC`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var all []*app.Form
	byID := make(map[int64]*app.Form)
	for rows.Next() {
		f, err := scanForm(rows)
		if err != nil {
			return nil, err
		}
		all = append(all, f)
		byID[f.ID] = f
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()

	if err := eachRow(ctx, q, `SELECT form_id, class_id FROM form_classes`+filter("form_id"), args, func(formID, classID int64) {
		if f := byID[formID]; f != nil {
			f.ClassIDs = append(f.ClassIDs, classID)
		}
	}); err != nil {
		return nil, err
	}
	counts, err := q.QueryContext(ctx, `SELECT fc.form_id, r.class_id, count(*), count(a.id)
		FROM form_classes fc JOIN forms f ON f.id = fc.form_id JOIN class_roll r ON r.class_id = fc.class_id
		LEFT JOIN form_answers a ON a.form_id = fc.form_id AND a.student_id = r.student_id
			AND a.day = CASE f.kind WHEN 'checkin' THEN ? ELSE '' END`+filter("fc.form_id")+` GROUP BY 1, 2`,
		append([]any{today}, args...)...)
	if err != nil {
		return nil, err
	}
	defer counts.Close()
	for counts.Next() {
		var formID, classID int64
		var total, answered int
		if err := counts.Scan(&formID, &classID, &total, &answered); err != nil {
			return nil, err
		}
		if f := byID[formID]; f != nil && seesClass(a, classID) {
			f.Total += total
			f.Answered += answered
		}
	}
	if err := counts.Err(); err != nil {
		return nil, err
	}

	out := all[:0]
	for _, f := range all {
		if !strings.EqualFold(a.Username, f.CreatedBy) && !seesAnyClass(a, f.ClassIDs) {
			continue
		}
		sortByClass(f.ClassIDs, labels)
		for _, c := range f.ClassIDs {
			f.ClassLabels = append(f.ClassLabels, labels[c].label)
		}
		out = append(out, f)
	}
	return out, nil
}

func scanForm(sc rowScanner) (*app.Form, error) {
	var f app.Form
	var kind, fields, deadline, start, end, created string
	if err := sc.Scan(&f.ID, &f.UUID, &kind, &f.Title, &f.Description, &fields, &deadline, &start, &end,
		&f.Closed, &f.CreatedBy, &created); err != nil {
		return nil, err
	}
	f.Kind = app.FormKind(kind)
	f.CreatedAt = parseTime(created)
	var err error
	if f.Fields, err = decodeFields(fields); err != nil {
		return nil, fmt.Errorf("form %d: stored fields: %w", f.ID, err)
	}
	for _, d := range []struct {
		text string
		t    *time.Time
	}{{deadline, &f.Deadline}, {start, &f.StartDay}, {end, &f.EndDay}} {
		if *d.t, err = app.ParseDate(d.text); err != nil {
			return nil, fmt.Errorf("form %d: stored day %q: %w", f.ID, d.text, err)
		}
	}
	return &f, nil
}
