package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"jxj/app"
)

// syncStore implements app.SyncStore on the school's database.
type syncStore struct{ db *DB }

var _ app.SyncStore = (*syncStore)(nil)

// syncRunsKept is how much history the sync page keeps.
const syncRunsKept = 200

// clockSlack is how far back the clock may seem to go (a time zone
// change, NTP stepping) before the node reports it.
const clockSlack = 2 * time.Minute

// SyncState reads the link's state with the outbox's counts.
func (s *syncStore) SyncState(ctx context.Context) (*app.SyncState, error) {
	var st *app.SyncState
	err := s.db.read(ctx, func(tx *sql.Tx) error {
		var err error
		st, err = loadSyncState(ctx, tx)
		return err
	})
	if err != nil {
		return nil, err
	}
	return st, nil
}

func loadSyncState(ctx context.Context, q querier) (*app.SyncState, error) {
	var st app.SyncState
	var interval int64
	var attempt, success string
	err := q.QueryRowContext(ctx, `SELECT hub_url, org, org_name, credential, epoch, cursor, interval_s, last_attempt, last_success,
		last_error, needs_enrol, clock_back, hub_fingerprint, hub_insecure FROM sync_state WHERE id = 1`).Scan(&st.HubURL, &st.Org, &st.Name, &st.Credential, &st.Epoch,
		&st.Cursor, &interval, &attempt, &success, &st.LastError, &st.NeedsEnrol, &st.ClockBack, &st.Trust.Fingerprint, &st.Trust.Insecure)
	if err != nil {
		return nil, err
	}
	st.Interval = time.Duration(interval) * time.Second
	st.LastAttempt, st.LastSuccess = parseTime(attempt), parseTime(success)
	err = q.QueryRowContext(ctx, `SELECT COALESCE(SUM(state = 'pending'), 0), COALESCE(SUM(state = 'conflict'), 0) FROM outbox`).
		Scan(&st.Pending, &st.Conflicts)
	return &st, err
}

// SaveEnrolment stores a new credential; the feed starts again at the
// enrolment's epoch. What waits in the outbox stays and goes to the hub
// under the new credential.
func (s *syncStore) SaveEnrolment(ctx context.Context, e app.Enrolment) error {
	return s.db.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE sync_state SET hub_url = ?, org = ?, org_name = ?, credential = ?, epoch = ?, cursor = 0,
			needs_enrol = 0, last_error = '', hub_fingerprint = ?, hub_insecure = ? WHERE id = 1`,
			e.HubURL, e.Org, e.Name, e.Credential, e.Epoch, e.Trust.Fingerprint, e.Trust.Insecure); err != nil {
			return err
		}
		return s.db.audit(ctx, tx, "sync.enrol", "hub", fmt.Sprintf("hub=%s org=%s fingerprint=%s insecure=%t",
			e.HubURL, e.Org, e.Trust.Fingerprint, e.Trust.Insecure))
	})
}

// SetInterval changes how often the node syncs.
func (s *syncStore) SetInterval(ctx context.Context, d time.Duration) error {
	if d < time.Minute || d > 24*time.Hour {
		return app.Errorf(app.EINVALID, "storage.sync.error.interval")
	}
	return s.db.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE sync_state SET interval_s = ? WHERE id = 1`, int64(d/time.Second)); err != nil {
			return err
		}
		return s.db.audit(ctx, tx, "sync.interval", "hub", d.String())
	})
}

// NeedsEnrol records that the hub refused the credential.
func (s *syncStore) NeedsEnrol(ctx context.Context) error {
	return s.db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE sync_state SET needs_enrol = 1 WHERE id = 1`)
		return err
	})
}

// ApplyFeed applies a page of the feed and moves the cursor past its last
// record in the same transaction: a crash applies all of it or none.
func (s *syncStore) ApplyFeed(ctx context.Context, page app.FeedPage) (int, error) {
	applied := 0
	err := s.db.write(ctx, func(tx *sql.Tx) error {
		var cursor int64
		if err := tx.QueryRowContext(ctx, `SELECT cursor FROM sync_state WHERE id = 1`).Scan(&cursor); err != nil {
			return err
		}
		for _, r := range page.Records {
			if r.Seq <= cursor {
				continue // a page fetched twice: its records are applied
			}
			changed, err := s.applyRecord(ctx, tx, r)
			if err != nil {
				return err
			}
			if changed {
				applied++
			}
			cursor = r.Seq
		}
		if _, err := tx.ExecContext(ctx, `UPDATE sync_state SET epoch = ?, cursor = ? WHERE id = 1`, page.Epoch, cursor); err != nil {
			return err
		}
		if applied == 0 {
			return nil
		}
		return s.db.audit(ctx, tx, "sync.feed", "hub", fmt.Sprintf("records=%d cursor=%d", applied, cursor))
	})
	return applied, err
}

// applyRecord applies one feed record; a type this version does not know
// is skipped (a newer hub), and so is a record whose body it cannot read,
// which would otherwise stop the feed for good.
func (s *syncStore) applyRecord(ctx context.Context, tx *sql.Tx, r app.FeedRecord) (bool, error) {
	switch r.Type {
	case app.RecordNotice:
		var n app.BureauNotice
		if err := json.Unmarshal(r.Body, &n); err != nil {
			return false, nil
		}
		changed, err := s.db.applyBureauNotice(ctx, tx, r.ID, &n)
		if app.ErrorCode(err) == app.EINVALID {
			return false, nil
		}
		if changed && err == nil {
			err = s.db.queueDownloads(ctx, tx, r.ID, n.Files) // bureau_file.go
		}
		return changed, err
	case app.RecordNoticeRevoke:
		var rv app.BureauRevoke
		if err := json.Unmarshal(r.Body, &rv); err != nil {
			return false, nil
		}
		return s.db.applyBureauRevoke(ctx, tx, r.ID, &rv)
	case app.RecordSurvey, app.RecordSurveyRevoke, app.RecordReminder:
		return s.db.applySurveyRecord(ctx, tx, r)
	case app.RecordRequest:
		return s.db.applyRequestRecord(ctx, tx, r) // request.go
	case app.RecordCourse, app.RecordCourseRevoke:
		return s.db.applyCourseRecord(ctx, tx, r) // course.go
	}
	return false, nil
}

// ResetFeed starts the feed again at epoch: the hub's feed was rebuilt.
func (s *syncStore) ResetFeed(ctx context.Context, epoch string) error {
	return s.db.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE sync_state SET epoch = ?, cursor = 0 WHERE id = 1`, epoch); err != nil {
			return err
		}
		return s.db.audit(ctx, tx, "sync.epoch", "hub", "epoch="+epoch)
	})
}

// CheckRestore finds a restored database: the hub has accepted a batch
// numbered past the node's counter, which only a copy of the node from
// before that batch can see. Batch numbers then move past the hub's (a
// number the hub has seen would get 409), the batches packed and not
// answered are unpacked to go again under new numbers (resending an
// operation is harmless: receipts merge by max, confirm and forward keep
// the first time), and a catch-up fetches what the hub took after the
// backup. In the usual case, a batch the hub took and the node did not
// hear answered, the counters are equal and the batch goes again as it
// was.
func (s *syncStore) CheckRestore(ctx context.Context, hubBatch int64) (*app.CatchUp, error) {
	var out *app.CatchUp
	err := s.db.write(ctx, func(tx *sql.Tx) error {
		var own int64
		var on bool
		var cu app.CatchUp
		if err := tx.QueryRowContext(ctx, `SELECT batch_seq, catchup, catchup_since, catchup_after FROM sync_state WHERE id = 1`).
			Scan(&own, &on, &cu.Since, &cu.After); err != nil {
			return err
		}
		if hubBatch > own {
			if !on || own < cu.Since {
				cu.Since = own
			}
			on, cu.After = true, ""
			if _, err := tx.ExecContext(ctx, `UPDATE sync_state SET batch_seq = ?, catchup = 1, catchup_since = ?, catchup_after = ''
				WHERE id = 1`, hubBatch, cu.Since); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE outbox SET batch = NULL WHERE state = 'pending' AND batch <= ?`, hubBatch); err != nil {
				return err
			}
			if err := s.db.audit(ctx, tx, "sync.restore", "hub", fmt.Sprintf("batch=%d hub_batch=%d", own, hubBatch)); err != nil {
				return err
			}
		}
		if on {
			out = &cu
		}
		return nil
	})
	return out, err
}

// ApplyCatchUp holds a page of the school's receipts from the hub,
// applies those of notices the school has forwarded, and moves the
// catch-up's cursor; the last page ends the catch-up. A receipt that is
// not one a school could send is skipped.
func (s *syncStore) ApplyCatchUp(ctx context.Context, page app.ReceiptsPage) (int, error) {
	received := 0
	err := s.db.write(ctx, func(tx *sql.Tx) error {
		var on bool
		if err := tx.QueryRowContext(ctx, `SELECT catchup FROM sync_state WHERE id = 1`).Scan(&on); err != nil || !on {
			return err
		}
		hold, err := tx.PrepareContext(ctx, `INSERT INTO sync_held (notice, family, state, channel, at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (notice, family) DO UPDATE SET state = excluded.state, channel = excluded.channel, at = excluded.at
			WHERE excluded.state > sync_held.state`)
		if err != nil {
			return err
		}
		defer hold.Close()
		for _, op := range page.Ops {
			if op.Type != app.OpReceipts {
				continue
			}
			for _, r := range op.Receipts {
				if !r.Valid() {
					continue
				}
				if _, err := hold.ExecContext(ctx, op.Notice, r.Family, r.State, string(r.Channel), r.At); err != nil {
					return err
				}
				received++
			}
			if err := s.db.releaseHeld(ctx, tx, op.Notice); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE sync_state SET catchup = ?, catchup_after = ? WHERE id = 1`, page.More, page.Next); err != nil {
			return err
		}
		return s.db.audit(ctx, tx, "sync.catchup", "hub", fmt.Sprintf("receipts=%d more=%v", received, page.More))
	})
	return received, err
}

// NextBatch returns the oldest batch sent and not answered, as it was
// packed, or packs a new one from the oldest pending rows.
func (s *syncStore) NextBatch(ctx context.Context, maxOps int) (*app.OutBatch, error) {
	var out *app.OutBatch
	err := s.db.write(ctx, func(tx *sql.Tx) error {
		var batch int64
		err := tx.QueryRowContext(ctx, `SELECT COALESCE(MIN(batch), 0) FROM outbox WHERE state = 'pending' AND batch IS NOT NULL`).Scan(&batch)
		if err != nil {
			return err
		}
		if batch == 0 {
			var pending int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM outbox WHERE state = 'pending' AND batch IS NULL`).Scan(&pending); err != nil || pending == 0 {
				return err
			}
			if err := tx.QueryRowContext(ctx, `UPDATE sync_state SET batch_seq = batch_seq + 1 WHERE id = 1 RETURNING batch_seq`).Scan(&batch); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE outbox SET batch = ? WHERE seq IN
				(SELECT seq FROM outbox WHERE state = 'pending' AND batch IS NULL ORDER BY seq LIMIT ?)`, batch, maxOps); err != nil {
				return err
			}
		}
		ops, _, err := packBatch(ctx, tx, batch)
		if err != nil {
			return err
		}
		out = &app.OutBatch{Batch: batch, Ops: ops}
		return nil
	})
	return out, err
}

// packBatch packs the pending rows of a batch into its operations.
func packBatch(ctx context.Context, q querier, batch int64) ([]app.OutOp, [][]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT seq, type, body FROM outbox WHERE batch = ? AND state = 'pending' ORDER BY seq`, batch)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var rs []app.OutboxRow
	for rows.Next() {
		var r app.OutboxRow
		var body string
		if err := rows.Scan(&r.Seq, &r.Type, &body); err != nil {
			return nil, nil, err
		}
		r.Body = []byte(body)
		rs = append(rs, r)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	return app.PackOps(rs)
}

// ConfirmBatch deletes the rows of the operations the hub accepted and
// keeps the refused ones as conflicts.
func (s *syncStore) ConfirmBatch(ctx context.Context, batch int64, results []app.OpResult) error {
	return s.db.write(ctx, func(tx *sql.Tx) error {
		ops, covers, err := packBatch(ctx, tx, batch)
		if err != nil {
			return err
		}
		if len(results) != len(ops) {
			return app.Errorf(app.EINVALID, "storage.sync.error.results", batch, len(results), len(ops))
		}
		var done []int64
		for i, r := range results {
			if r.OK {
				done = append(done, covers[i]...)
				continue
			}
			if err := markConflict(ctx, tx, covers[i], r.Code, r.Message); err != nil {
				return err
			}
		}
		return deleteSeqs(ctx, tx, done)
	})
}

// ConflictBatch keeps every row of a batch the hub refused whole.
func (s *syncStore) ConflictBatch(ctx context.Context, batch int64, code, message string) error {
	return s.db.write(ctx, func(tx *sql.Tx) error {
		seqs, err := queryIDs(ctx, tx, `SELECT seq FROM outbox WHERE batch = ? AND state = 'pending'`, batch)
		if err != nil {
			return err
		}
		return markConflict(ctx, tx, seqs, code, message)
	})
}

func markConflict(ctx context.Context, tx *sql.Tx, seqs []int64, code, message string) error {
	for _, seq := range seqs {
		if _, err := tx.ExecContext(ctx, `UPDATE outbox SET state = 'conflict', code = ?, message = ? WHERE seq = ?`, code, message, seq); err != nil {
			return err
		}
	}
	return nil
}

// deleteSeqs deletes outbox rows, a few hundred per statement.
func deleteSeqs(ctx context.Context, tx *sql.Tx, seqs []int64) error {
	const chunk = 500
	for start := 0; start < len(seqs); start += chunk {
		part := seqs[start:min(start+chunk, len(seqs))]
		args := make([]any, len(part))
		for i, s := range part {
			args[i] = s
		}
		marks := strings.TrimSuffix(strings.Repeat("?,", len(part)), ",")
		if _, err := tx.ExecContext(ctx, `DELETE FROM outbox WHERE seq IN (`+marks+`)`, args...); err != nil {
			return err
		}
	}
	return nil
}

// RecordRun adds a run to the history (keeping the latest syncRunsKept)
// and updates the state; a run that starts before the latest time the
// clock showed reveals a clock that went back.
func (s *syncStore) RecordRun(ctx context.Context, r app.SyncRun) error {
	return s.db.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO sync_runs (started_at, ended_at, down, up, rejected, error) VALUES (?, ?, ?, ?, ?, ?)`,
			formatTime(r.Start), formatTime(r.End), r.Down, r.Up, r.Rejected, r.Error); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sync_runs WHERE id <= (SELECT MAX(id) FROM sync_runs) - ?`, syncRunsKept); err != nil {
			return err
		}
		var high string
		if err := tx.QueryRowContext(ctx, `SELECT clock_high FROM sync_state WHERE id = 1`).Scan(&high); err != nil {
			return err
		}
		back := high != "" && r.Start.Before(parseTime(high).Add(-clockSlack))
		if h := parseTime(high); r.End.After(h) {
			high = formatTime(r.End)
		}
		success := ""
		if r.Error == "" {
			success = formatTime(r.End)
		}
		_, err := tx.ExecContext(ctx, `UPDATE sync_state SET last_attempt = ?, last_success = CASE WHEN ? = '' THEN last_success ELSE ? END,
			last_error = ?, clock_high = ?, clock_back = (clock_back OR ?) WHERE id = 1`,
			formatTime(r.Start), success, success, r.Error, high, back)
		return err
	})
}

// SyncRuns returns the latest runs, newest first (by the order they were
// written, not by their clock times).
func (s *syncStore) SyncRuns(ctx context.Context, limit int) ([]app.SyncRun, error) {
	var out []app.SyncRun
	err := s.db.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT started_at, ended_at, down, up, rejected, error FROM sync_runs ORDER BY id DESC LIMIT ?`, limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r app.SyncRun
			var start, end string
			if err := rows.Scan(&start, &end, &r.Down, &r.Up, &r.Rejected, &r.Error); err != nil {
				return err
			}
			r.Start, r.End = parseTime(start), parseTime(end)
			out = append(out, r)
		}
		return rows.Err()
	})
	return out, err
}

// Conflicts lists the operations the hub refused, oldest first.
func (s *syncStore) Conflicts(ctx context.Context) ([]app.SyncConflict, error) {
	var out []app.SyncConflict
	err := s.db.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT o.seq, o.type, COALESCE(n.title, b.title, q.title, ''), o.code, o.message, o.created_at
			FROM outbox o LEFT JOIN notices n ON n.uuid = json_extract(o.body, '$.notice')
			LEFT JOIN bureau_surveys b ON o.type = 'survey_answer' AND b.uuid = o.record
			LEFT JOIN requests q ON o.type IN ('request_submit', 'request_withdraw') AND q.uuid = o.record
			WHERE o.state = 'conflict' ORDER BY o.seq`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var c app.SyncConflict
			var at string
			if err := rows.Scan(&c.Seq, &c.Type, &c.Notice, &c.Code, &c.Message, &at); err != nil {
				return err
			}
			c.At = parseTime(at)
			out = append(out, c)
		}
		return rows.Err()
	})
	return out, err
}
