package storage

import (
	"testing"
	"time"

	"jxj/app"
)

// benchStudents is the school the notice benchmarks use: 5,000 students
// in 50 classes, each with two guardians (the bar).
const benchStudents = 5000

// benchSchool imports bigRoster into a fresh database, outside any timer.
func benchSchool(b *testing.B) *DB {
	b.Helper()
	db := MustOpenDB(b)
	plan, err := db.Services().Roster.ImportRoster(adminCtx, bigRoster(benchStudents), nil)
	if err != nil || plan.Added != benchStudents {
		b.Fatalf("ImportRoster = %+v, %v; want %d added", plan, err, benchStudents)
	}
	return db
}

// benchPublish saves and publishes a school-wide notice.
func benchPublish(b *testing.B, svc app.NoticeService) *app.Notice {
	b.Helper()
	d, err := svc.SaveDraft(adminCtx, app.NoticeDraft{Title: "期末家长会", Target: app.Target{School: true}, RequiresAck: true})
	if err != nil {
		b.Fatal(err)
	}
	n, err := svc.Publish(adminCtx, d.ID)
	if err != nil {
		b.Fatal(err)
	}
	return n
}

// msPer reports d over n operations in milliseconds.
func msPer(b *testing.B, d time.Duration, n int, unit string) {
	b.ReportMetric(float64(d.Microseconds())/1000/float64(n), unit)
}

// BenchmarkPublishNotice publishes a school-wide notice to 5,000 students:
// every receipt with its uuid and unique slip code, in one transaction
// (bar: < 200 ms). The draft is saved outside the timer.
func BenchmarkPublishNotice(b *testing.B) {
	db := benchSchool(b)
	svc := db.Services().Notices
	var total time.Duration
	n := 0
	for b.Loop() {
		b.StopTimer()
		d, err := svc.SaveDraft(adminCtx, app.NoticeDraft{Title: "期末家长会", Target: app.Target{School: true}})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		p, err := svc.Publish(adminCtx, d.ID)
		total += time.Since(start)
		if err != nil {
			b.Fatal(err)
		}
		if p.Counts.Total != benchStudents {
			b.Fatalf("published with %d receipts; want %d", p.Counts.Total, benchStudents)
		}
		n++
	}
	msPer(b, total, n, "ms/publish")
}

// BenchmarkRecordSlip records one slip code, as the teacher types it
// (bar: < 5 ms): each iteration a different receipt of a 5,000-student
// notice.
func BenchmarkRecordSlip(b *testing.B) {
	db := benchSchool(b)
	svc := db.Services().Notices
	var codes []string
	var noticeID int64
	next := func() {
		n := benchPublish(b, svc)
		noticeID = n.ID
		rows, err := db.w.Query(`SELECT code FROM receipts WHERE notice_id = ?`, n.ID)
		if err != nil {
			b.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var c string
			if err := rows.Scan(&c); err != nil {
				b.Fatal(err)
			}
			codes = append(codes, app.FormatSlipCode(c))
		}
	}
	var total time.Duration
	n := 0
	for b.Loop() {
		if len(codes) == 0 {
			b.StopTimer()
			next()
			b.StartTimer()
		}
		code := codes[len(codes)-1]
		codes = codes[:len(codes)-1]
		start := time.Now()
		r, err := svc.RecordSlip(adminCtx, noticeID, code)
		total += time.Since(start)
		if err != nil {
			b.Fatal(err)
		}
		if r.State != app.ReceiptAcked || r.StudentName == "" {
			b.Fatalf("RecordSlip = %+v; want an acknowledged student's receipt", r)
		}
		n++
	}
	msPer(b, total, n, "ms/slip")
}

// BenchmarkReceiptTable loads the receipts of a 5,000-student notice for
// the table: student, class, two guardians each, sorted (bar: < 100 ms).
func BenchmarkReceiptTable(b *testing.B) {
	db := benchSchool(b)
	svc := db.Services().Notices
	notice := benchPublish(b, svc)
	var total time.Duration
	n := 0
	for b.Loop() {
		start := time.Now()
		rs, err := svc.Receipts(adminCtx, notice.ID)
		total += time.Since(start)
		if err != nil {
			b.Fatal(err)
		}
		if len(rs) != benchStudents || len(rs[0].Guardians) != 2 || len(rs[len(rs)-1].Guardians) != 2 {
			b.Fatalf("loaded %d receipts (first with %d guardians); want %d with 2 each", len(rs), len(rs[0].Guardians), benchStudents)
		}
		n++
	}
	msPer(b, total, n, "ms/load")
}
