package storage

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"jxj/app"
	"jxj/app/i18n"
)

// Receipts loads a notice's receipts the acting account may see, with the
// students' guardians, in two queries, sorted by class (grade and class
// order, the staff last) and student number; phones are masked where the
// account may not see them.
func (s *noticeService) Receipts(ctx context.Context, noticeID int64) ([]app.Receipt, error) {
	a, err := actingAccount(ctx)
	if err != nil {
		return nil, err
	}
	var out []app.Receipt
	err = s.db.read(ctx, func(tx *sql.Tx) error {
		n, err := loadVisible(ctx, tx, a, noticeID)
		if err != nil {
			return err
		}
		classes, err := loadClasses(ctx, tx)
		if err != nil {
			return err
		}
		order := make(map[int64]int, len(classes))
		labels := make(map[int64]string, len(classes))
		for i, c := range classes {
			order[c.ID] = i
			labels[c.ID] = c.Label()
		}
		scope, args := classScope(a)
		args = append([]any{noticeID}, args...)
		out = make([]app.Receipt, 0, n.Counts.Total)
		rows, err := tx.QueryContext(ctx, receiptSelect+` WHERE r.notice_id = ? AND `+scope, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		byStudent := make(map[int64]int, n.Counts.Total)
		for rows.Next() {
			r, err := scanReceipt(rows)
			if err != nil {
				return err
			}
			r.ClassLabel = labels[r.ClassID]
			if r.StaffID != 0 {
				r.ClassLabel = staffLabel()
			} else {
				byStudent[r.StudentID] = len(out)
			}
			out = append(out, r)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()

		gs, err := tx.QueryContext(ctx, `SELECT sg.student_id, g.id, g.name, sg.relation, g.phone
			FROM receipts r JOIN student_guardians sg ON sg.student_id = r.student_id JOIN guardians g ON g.id = sg.guardian_id
			WHERE r.notice_id = ? AND `+scope+` ORDER BY sg.student_id, sg.position`, args...)
		if err != nil {
			return err
		}
		defer gs.Close()
		for gs.Next() {
			var studentID int64
			var g app.GuardianContact
			if err := gs.Scan(&studentID, &g.GuardianID, &g.Name, &g.Relation, &g.Phone); err != nil {
				return err
			}
			if i, ok := byStudent[studentID]; ok {
				out[i].Guardians = append(out[i].Guardians, g)
			}
		}
		if err := gs.Err(); err != nil {
			return err
		}

		staffOrder := len(classes)
		rank := func(r *app.Receipt) int {
			if r.StaffID != 0 {
				return staffOrder
			}
			return order[r.ClassID]
		}
		slices.SortFunc(out, func(x, y app.Receipt) int {
			return compareStudents(studentPlace{rank(&x), x.StudentNo, x.Name(), x.ID}, studentPlace{rank(&y), y.StudentNo, y.Name(), y.ID})
		})
		return nil
	})
	if err != nil {
		return nil, err
	}
	maskReceipts(a, out)
	return out, nil
}

// maskReceipts masks, in place, the guardians' phones a may not see (as
// app.MaskDirectory does). Receipts already keeps a teacher to their own
// classes; masking at the output keeps the rule where the numbers leave.
func maskReceipts(a *app.Account, rs []app.Receipt) {
	for i := range rs {
		rs[i].Guardians = maskGuardians(a, rs[i].ClassID, rs[i].Guardians)
	}
}

// receiptSelect reads receipts r with their student's or staff member's
// name; scanReceipt scans its columns.
const receiptSelect = `SELECT r.id, r.uuid, r.notice_id, r.code, COALESCE(r.student_id, 0), COALESCE(s.name, ''),
	COALESCE(s.student_no, ''), COALESCE(r.class_id, 0), COALESCE(r.staff_id, 0), COALESCE(t.name, ''),
	r.state, r.channel, r.recorded_at, r.recorded_by
	FROM receipts r LEFT JOIN students s ON s.id = r.student_id LEFT JOIN staff t ON t.id = r.staff_id`

func scanReceipt(sc rowScanner) (app.Receipt, error) {
	var r app.Receipt
	var channel, at string
	err := sc.Scan(&r.ID, &r.UUID, &r.NoticeID, &r.Code, &r.StudentID, &r.StudentName, &r.StudentNo,
		&r.ClassID, &r.StaffID, &r.StaffName, &r.State, &channel, &at, &r.By)
	r.Channel, r.At = app.Channel(channel), parseTime(at)
	return r, err
}

// RecordSlip acknowledges the receipt of a returned slip. Every check is
// made before anything is written, so a code that is refused changes
// nothing; a slip already recorded (a duplicate in the teacher's stack)
// says when and how it was.
func (s *noticeService) RecordSlip(ctx context.Context, noticeID int64, code string) (*app.Receipt, error) {
	code, err := app.NormalizeSlipCode(code)
	if err != nil {
		return nil, err
	}
	a, err := actingAccount(ctx)
	if err != nil {
		return nil, err
	}
	var out *app.Receipt
	err = s.db.write(ctx, func(tx *sql.Tx) error {
		r, err := scanReceipt(tx.QueryRowContext(ctx, receiptSelect+` WHERE r.code = ?`, code))
		if errors.Is(err, sql.ErrNoRows) {
			return app.Errorf(app.ENOTFOUND, "storage.notice.error.code_unknown", app.FormatSlipCode(code))
		}
		if err != nil {
			return err
		}
		n, err := loadNotice(ctx, tx, r.NoticeID)
		if err != nil {
			return err
		}
		if noticeID != 0 && r.NoticeID != noticeID {
			return app.Errorf(app.EINVALID, "storage.notice.error.code_other_notice", app.FormatSlipCode(code), n.Title)
		}
		if err := app.CanRecordReceipt(a, n, &r); err != nil {
			return err
		}
		if r.ClassLabel, err = receiptClassLabel(ctx, tx, &r); err != nil {
			return err
		}
		if r.State == app.ReceiptAcked {
			return alreadyAcked(&r)
		}
		r.State, r.Channel, r.At, r.By = app.ReceiptAcked, app.ChannelSlip, s.db.Now(), a.Username
		if _, err := tx.ExecContext(ctx, `UPDATE receipts SET state = ?, channel = ?, recorded_at = ?, recorded_by = ? WHERE id = ?`,
			r.State, r.Channel, formatTime(r.At), r.By, r.ID); err != nil {
			return err
		}
		out = &r
		return s.db.audit(ctx, tx, "receipt.slip", noticeTarget(n.ID), "receipt="+r.UUID+" code="+code)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// alreadyAcked is the error for a receipt recorded twice: who, when, how
// and by whom, so the teacher can put the duplicate slip aside.
func alreadyAcked(r *app.Receipt) error {
	return app.Errorf(app.ECONFLICT, "storage.notice.error.already_acked", r.Name(), r.ClassLabel,
		r.At.Local().Format("2006-01-02 15:04"), i18n.T("receipt.channel."+string(r.Channel)), r.By)
}

// receiptClassLabel is the label of the receipt's class, or the staff's.
func receiptClassLabel(ctx context.Context, q querier, r *app.Receipt) (string, error) {
	if r.StaffID != 0 {
		return staffLabel(), nil
	}
	var c app.Class
	if err := q.QueryRowContext(ctx, `SELECT grade, name FROM classes WHERE id = ?`, r.ClassID).Scan(&c.Grade, &c.Name); err != nil {
		return "", err
	}
	return c.Label(), nil
}

// MarkReceipts records states by hand in one transaction with one audit
// row per notice. A mark that would move a receipt back is left out, not
// refused: the family has already got further.
func (s *noticeService) MarkReceipts(ctx context.Context, marks []app.ReceiptMark) error {
	a, err := actingAccount(ctx)
	if err != nil {
		return err
	}
	for _, m := range marks {
		if !m.State.Valid() {
			return app.Errorf(app.EINVALID, "storage.notice.error.state_bad", int(m.State))
		}
		if !slices.Contains(app.Channels, m.Channel) {
			return app.Errorf(app.EINVALID, "storage.notice.error.channel_bad", string(m.Channel))
		}
	}
	if len(marks) == 0 {
		return nil
	}
	return s.db.write(ctx, func(tx *sql.Tx) error {
		now := s.db.now()
		notices := make(map[int64]*app.Notice)
		marked := make(map[int64]int)
		skipped := make(map[int64]int)
		for _, m := range marks {
			r, err := scanReceipt(tx.QueryRowContext(ctx, receiptSelect+` WHERE r.id = ?`, m.ReceiptID))
			if errors.Is(err, sql.ErrNoRows) {
				return app.Errorf(app.ENOTFOUND, "storage.notice.error.receipt_unknown", m.ReceiptID)
			}
			if err != nil {
				return err
			}
			n := notices[r.NoticeID]
			if n == nil {
				if n, err = loadNotice(ctx, tx, r.NoticeID); err != nil {
					return err
				}
				notices[n.ID] = n
			}
			if err := app.CanRecordReceipt(a, n, &r); err != nil {
				return err
			}
			state, changed := app.AdvanceReceipt(r.State, m.State)
			if !changed {
				skipped[n.ID]++
				continue
			}
			if _, err := tx.ExecContext(ctx, `UPDATE receipts SET state = ?, channel = ?, recorded_at = ?, recorded_by = ? WHERE id = ?`,
				state, m.Channel, now, a.Username, r.ID); err != nil {
				return err
			}
			marked[n.ID]++
		}
		ids := make([]int64, 0, len(marked))
		for id := range marked {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		for _, id := range ids {
			if err := s.db.audit(ctx, tx, "receipt.mark", noticeTarget(id),
				fmt.Sprintf("marked=%d skipped=%d", marked[id], skipped[id])); err != nil {
				return err
			}
		}
		return nil
	})
}

// ImportReceipts matches the sheet's rows to the notice's receipts and,
// when every row matched, acknowledges them through ChannelExcel in one
// transaction. With any problem nothing is written and the report lists
// the problems; its counts then say what the rows would have done.
func (s *noticeService) ImportReceipts(ctx context.Context, noticeID int64, rows []app.ReceiptSheetRow, dryRun bool) (*app.ReceiptImport, error) {
	a, err := actingAccount(ctx)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, app.Errorf(app.EINVALID, "storage.notice.error.import_empty")
	}
	var report *app.ReceiptImport
	err = s.db.plan(ctx, dryRun, func(tx *sql.Tx) error {
		var ids []int64
		report, ids, err = planReceiptImport(ctx, tx, a, noticeID, rows)
		if err != nil || dryRun || len(report.Problems) > 0 || len(ids) == 0 {
			return err
		}
		upd, err := tx.PrepareContext(ctx, `UPDATE receipts SET state = ?, channel = ?, recorded_at = ?, recorded_by = ? WHERE id = ?`)
		if err != nil {
			return err
		}
		defer upd.Close()
		now := s.db.now()
		for _, id := range ids {
			if _, err := upd.ExecContext(ctx, app.ReceiptAcked, app.ChannelExcel, now, a.Username, id); err != nil {
				return err
			}
		}
		return s.db.audit(ctx, tx, "receipt.import", noticeTarget(noticeID),
			fmt.Sprintf("rows=%d acked=%d already=%d", len(rows), report.Acked, report.Already))
	})
	if err != nil {
		return nil, err
	}
	return report, nil
}

// sheetReceipt is a receipt as a sheet row may name it.
type sheetReceipt struct {
	app.Receipt
	class app.ClassKey
}

// planReceiptImport matches each row to a receipt of the notice: by slip
// code, else student number, else name (and class, when the name
// repeats). It returns the report and the receipts to acknowledge. A
// blank row is skipped.
func planReceiptImport(ctx context.Context, q querier, a *app.Account, noticeID int64, rows []app.ReceiptSheetRow) (*app.ReceiptImport, []int64, error) {
	n, err := loadVisible(ctx, q, a, noticeID)
	if err != nil {
		return nil, nil, err
	}
	switch n.State {
	case app.NoticeStateDraft:
		return nil, nil, app.Errorf(app.ECONFLICT, "storage.notice.error.not_published", n.Title)
	case app.NoticeStateRevoked:
		return nil, nil, app.Errorf(app.ECONFLICT, "storage.notice.error.record_revoked", n.Title)
	}
	classes, err := loadClasses(ctx, q)
	if err != nil {
		return nil, nil, err
	}
	keys := make(map[int64]app.ClassKey, len(classes))
	labels := make(map[int64]string, len(classes))
	for _, c := range classes {
		keys[c.ID] = app.ClassKey{Grade: c.Grade, Name: c.Name}
		labels[c.ID] = c.Label()
	}
	// every receipt of the notice, so a row naming another teacher's
	// class is told so rather than not found
	list, err := q.QueryContext(ctx, receiptSelect+` WHERE r.notice_id = ?`, noticeID)
	if err != nil {
		return nil, nil, err
	}
	defer list.Close()
	var all []sheetReceipt
	for list.Next() {
		r, err := scanReceipt(list)
		if err != nil {
			return nil, nil, err
		}
		r.ClassLabel = labels[r.ClassID]
		if r.StaffID != 0 {
			r.ClassLabel = staffLabel()
		}
		all = append(all, sheetReceipt{Receipt: r, class: keys[r.ClassID]})
	}
	if err := list.Err(); err != nil {
		return nil, nil, err
	}
	list.Close()
	byCode := make(map[string]int, len(all))
	byNo := make(map[string]int, len(all))
	byName := make(map[string][]int, len(all))
	for i, r := range all {
		byCode[r.Code] = i
		if r.StudentNo != "" {
			byNo[r.StudentNo] = i
		}
		byName[r.Name()] = append(byName[r.Name()], i)
	}

	report := &app.ReceiptImport{}
	var ids []int64
	seen := make(map[int]int) // receipt index → the line that named it
	for _, row := range rows {
		name := app.CleanName(row.StudentName)
		no := strings.TrimSpace(app.NarrowText(row.StudentNo))
		problem := func(label string, e *app.Error) {
			report.Problems = append(report.Problems, app.RowProblem{Line: row.Line, Name: label, Reason: e})
		}
		var i int
		var e *app.Error
		switch {
		case strings.TrimSpace(row.Code) != "":
			i, e = matchCode(ctx, q, byCode, row.Code)
		case no != "":
			var ok bool
			if i, ok = byNo[no]; !ok {
				e = app.Errorf(app.EINVALID, "storage.notice.import.no_unknown", no)
			}
		case name != "":
			i, e = matchName(all, byName[name], name, row.ClassLabel)
		default:
			continue
		}
		if e != nil {
			problem(cmp.Or(name, no, strings.TrimSpace(row.Code)), e)
			continue
		}
		r := &all[i]
		if err := app.CanRecordReceipt(a, n, &r.Receipt); err != nil {
			errors.As(err, &e) // the rules' errors are *app.Error
			problem(r.Name(), e)
			continue
		}
		if line, dup := seen[i]; dup {
			problem(r.Name(), app.Errorf(app.EINVALID, "storage.notice.import.duplicate", line))
			continue
		}
		seen[i] = row.Line
		if r.State == app.ReceiptAcked {
			report.Already++
			continue
		}
		report.Acked++
		ids = append(ids, r.ID)
	}
	return report, ids, nil
}

// matchCode finds the receipt of a code in the notice's receipts; a code
// of another notice is named by that notice's title.
func matchCode(ctx context.Context, q querier, byCode map[string]int, raw string) (int, *app.Error) {
	code, err := app.NormalizeSlipCode(raw)
	if err != nil {
		var ae *app.Error
		errors.As(err, &ae)
		return 0, ae
	}
	if i, ok := byCode[code]; ok {
		return i, nil
	}
	var title string
	err = q.QueryRowContext(ctx, `SELECT n.title FROM receipts r JOIN notices n ON n.id = r.notice_id WHERE r.code = ?`, code).Scan(&title)
	switch {
	case err == nil:
		return 0, app.Errorf(app.EINVALID, "storage.notice.error.code_other_notice", app.FormatSlipCode(code), title)
	case errors.Is(err, sql.ErrNoRows):
		return 0, app.Errorf(app.ENOTFOUND, "storage.notice.error.code_unknown", app.FormatSlipCode(code))
	}
	return 0, app.WrapError(err, "error.storage", err)
}

// matchName picks, among the receipts cands of students named name, the
// one in the row's class when the name repeats.
func matchName(all []sheetReceipt, cands []int, name, classText string) (int, *app.Error) {
	if classText = strings.TrimSpace(classText); classText != "" {
		key, ok := app.ParseClassName("", classText)
		if !ok {
			return 0, app.Errorf(app.EINVALID, "storage.notice.import.class_bad", classText)
		}
		cands = slices.DeleteFunc(slices.Clone(cands), func(i int) bool { return all[i].class != key })
	}
	switch {
	case len(cands) == 0 && classText != "":
		return 0, app.Errorf(app.EINVALID, "storage.notice.import.name_not_in_class", name, classText)
	case len(cands) == 0:
		return 0, app.Errorf(app.EINVALID, "storage.notice.import.name_unknown", name)
	case len(cands) > 1 && classText == "":
		return 0, app.Errorf(app.EINVALID, "storage.notice.import.name_ambiguous", name, len(cands))
	case len(cands) > 1:
		return 0, app.Errorf(app.EINVALID, "storage.notice.import.name_ambiguous_class", name, classText)
	}
	return cands[0], nil
}
