package receipttest

import (
	"database/sql"
	"testing"

	_ "modernc.org/sqlite" // the driver jxj's storage uses
)

// Node maps the family numbers of a node's receipts of the bureau notice
// (its uuid), read or acknowledged, to their states: what the hub should
// hold. db is the node's database file.
func Node(t testing.TB, db, notice string) map[int64]int {
	return states(t, db, `SELECT f.family, r.state FROM receipts r JOIN notices n ON n.id = r.notice_id
		JOIN sync_families f ON f.student_id = r.student_id WHERE n.uuid = ? AND r.state > 0`, notice)
}

// Hub maps the family numbers of the hub's receipts of a notice (its
// uuid) to their states. db is the hub's database file.
func Hub(t testing.TB, db, notice string) map[int64]int {
	return states(t, db, `SELECT r.family, r.state FROM hub_receipts r
		JOIN hub_notices n ON n.id = r.notice_id WHERE n.uuid = ?`, notice)
}

// states reads (family, state) rows of a database file; a family twice
// fails the test.
func states(t testing.TB, path, query, notice string) map[int64]int {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)&_pragma=query_only(1)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(query, notice)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var family int64
		var state int
		if err := rows.Scan(&family, &state); err != nil {
			t.Fatal(err)
		}
		if _, dup := out[family]; dup {
			t.Fatalf("family %d twice in %s", family, path)
		}
		out[family] = state
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
