package xlsx

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// BenchmarkReadRoster reads a 5,000-student roster with two guardians
// each and compares it with a bare excelize streaming read of the same
// file (open, every row's cells, close): x-bare-read is ReadRoster's time
// over the bare read's, x-bare-raw-read the same against a bare read of
// raw values (what ReadRoster asks excelize for).
func BenchmarkReadRoster(b *testing.B) {
	path := filepath.Join(b.TempDir(), "roster.xlsx")
	if err := WriteRosterFixture(path, 5000); err != nil {
		b.Fatal(err)
	}
	s := New()
	// The bare reads run between the timed reads, so both see the same
	// machine (caches, other load) and the ratio is steady.
	var read, bare, bareRaw time.Duration
	n := 0
	for b.Loop() {
		start := time.Now()
		rf, err := s.ReadRoster(path)
		if err != nil {
			b.Fatal(err)
		}
		read += time.Since(start)
		if len(rf.Rows) != 5000 {
			b.Fatalf("%d rows, want 5000", len(rf.Rows))
		}
		b.StopTimer()
		bare += timeBareRead(b, path, excelize.Options{})
		bareRaw += timeBareRead(b, path, excelize.Options{RawCellValue: true})
		b.StartTimer()
		n++
	}
	b.ReportMetric(float64(bare.Nanoseconds())/float64(n), "bare-ns/op")
	b.ReportMetric(float64(read)/float64(bare), "x-bare-read")
	b.ReportMetric(float64(read)/float64(bareRaw), "x-bare-raw-read")
}

// timeBareRead times BareRead of path.
func timeBareRead(b *testing.B, path string, opts excelize.Options) time.Duration {
	b.Helper()
	start := time.Now()
	cells, err := BareRead(path, opts)
	if err != nil || cells == 0 {
		b.Fatalf("bare read: %d cells, %v", cells, err)
	}
	return time.Since(start)
}
