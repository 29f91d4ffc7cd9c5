package storage

import (
	"archive/tar"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"jxj/app"
)

// noise is n bytes of a seeded generator: the same bytes on every read
// through, without holding them.
func noise(n int64) io.Reader {
	return io.LimitReader(rand.NewChaCha8([32]byte{7}), n)
}

// writeBenchPackage writes a course package of one file of size bytes to
// path, streamed: the file is hashed in a first pass, then written.
func writeBenchPackage(tb testing.TB, path string, size int64) {
	tb.Helper()
	sum := sha256.New()
	if _, err := io.Copy(sum, noise(size)); err != nil {
		tb.Fatal(err)
	}
	m := app.CoursePackage{Format: app.CoursePackageFormat, Course: "0193aaaa-0000-7000-8000-00000000c0de", CourseRecord: app.CourseRecord{
		Title: "基准课程", Subject: "数学", GradeFrom: 1, GradeTo: 6, PublishedAt: testNow,
		Files: []app.CourseFile{{ID: "0193aaaa-0000-7000-8000-00000000f11e", Name: "lesson.mp4", Size: size, SHA256: hex.EncodeToString(sum.Sum(nil))}},
	}}
	manifest, err := json.Marshal(m)
	if err != nil {
		tb.Fatal(err)
	}
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	tw := tar.NewWriter(f)
	tw.WriteHeader(&tar.Header{Name: app.CourseManifestName, Mode: 0o644, Size: int64(len(manifest))})
	tw.Write(manifest)
	tw.WriteHeader(&tar.Header{Name: app.CoursePackageFile(m.Files[0].ID), Mode: 0o644, Size: size})
	if _, err := io.Copy(tw, noise(size)); err != nil {
		tb.Fatal(err)
	}
	if err := tw.Close(); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkCourseImport imports a 200 MB package into a fresh school
// each time and reports the rate and the memory the import takes beyond
// what was in use before it: the peak of HeapInuse, sampled every 5 ms,
// and the bytes allocated.
func BenchmarkCourseImport(b *testing.B) {
	const size = 200 << 20
	pkg := filepath.Join(b.TempDir(), "course.jxjcourse")
	writeBenchPackage(b, pkg, size)
	var peak, allocated uint64
	b.SetBytes(size)
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		db := mustOpenDir(b, b.TempDir())
		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		var top atomic.Uint64
		done := make(chan struct{})
		sampled := make(chan struct{})
		go func() {
			defer close(sampled)
			tick := time.NewTicker(5 * time.Millisecond)
			defer tick.Stop()
			for {
				var m runtime.MemStats
				runtime.ReadMemStats(&m)
				if m.HeapInuse > top.Load() {
					top.Store(m.HeapInuse)
				}
				select {
				case <-done:
					return
				case <-tick.C:
				}
			}
		}()
		b.StartTimer()
		if _, err := db.Services().Courses.ImportCourse(adminCtx, pkg); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		close(done)
		<-sampled
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		if t := top.Load(); t > before.HeapInuse {
			peak = max(peak, t-before.HeapInuse)
		}
		allocated = max(allocated, after.TotalAlloc-before.TotalAlloc)
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(allocated)/(1<<20), "alloc-MB/op")
}
