package storage

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"jxj/app"
	"jxj/storage/xlsx"
)

// BenchmarkImportRoster imports a 5,000-student, 10,000-guardian .xlsx
// into an empty school — read, plan and write, as `jxj import roster`
// does — and compares it with a bare excelize streaming read of the same
// file: x-bare-read is the import's time over the bare read's (the bar is
// ≤ 2). The bare reads run between the timed imports so both see the same
// machine.
func BenchmarkImportRoster(b *testing.B) {
	const students = 5000
	path := filepath.Join(b.TempDir(), "roster.xlsx")
	if err := xlsx.WriteRosterFixture(path, students); err != nil {
		b.Fatal(err)
	}
	sheets := xlsx.New()
	ctx := app.NewContextWithAccount(context.Background(), app.SystemAccount)
	var imported, bare time.Duration
	n := 0
	for b.Loop() {
		b.StopTimer()
		db := MustOpenDB(b)
		b.StartTimer()

		start := time.Now()
		file, err := sheets.ReadRoster(path)
		if err != nil {
			b.Fatal(err)
		}
		plan, err := db.Services().Roster.ImportRoster(ctx, file.Rows, nil)
		if err != nil {
			b.Fatal(err)
		}
		imported += time.Since(start)

		b.StopTimer()
		if plan.Added != students || len(plan.Rejected) != 0 {
			b.Fatalf("added %d, rejected %d; want %d, 0", plan.Added, len(plan.Rejected), students)
		}
		start = time.Now()
		if _, err := xlsx.BareRead(path, excelize.Options{}); err != nil {
			b.Fatal(err)
		}
		bare += time.Since(start)
		n++
		b.StartTimer()
	}
	b.ReportMetric(float64(bare.Milliseconds())/float64(n), "bare-read-ms")
	b.ReportMetric(float64(imported.Milliseconds())/float64(n), "import-ms")
	b.ReportMetric(float64(imported)/float64(bare), "x-bare-read")
}
