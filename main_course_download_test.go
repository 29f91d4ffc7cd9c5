package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"jxj/app"
	"jxj/sync/faultproxy"
)

// A 200 MB open course from end to end, on a real hub through the fault
// proxy: jxj hub course publish stores it; a school's jxj sync, killed
// with SIGKILL three times in the middle of the file, leaves a partial
// file each next sync resumes; the course is ready with the file's hash,
// and the bytes through the link stay within 1.2 × its size.
func TestCourseEndToEnd(t *testing.T) {
	dir := t.TempDir()
	hubDir, school := filepath.Join(dir, "hub"), filepath.Join(dir, "school")
	enrolCode := addSchoolOrg(t, hubDir) // main_files_test.go
	const size = 200 << 20
	video, want := randomBigFile(t, filepath.Join(dir, "公开课.mp4"), size)
	if code, out, errOut := jxj(t, "hub", "course", "publish", "--data", hubDir, "--title", "浮力", "--subject", "物理",
		"--grades", "8", video); code != 0 {
		t.Fatalf("course publish: %d %q %q", code, out, errOut)
	}

	// 40 MB/s: a sync is some seconds into the file when it is killed
	proxy := schoolBehindProxy(t, hubDir, school, enrolCode, faultproxy.Config{BytesPerSecond: 40 << 20})

	var kept int64
	for kill := range 3 {
		syncing := jxjProcess(t, "sync", "--data", school)
		if err := syncing.Start(); err != nil {
			t.Fatal(err)
		}
		grown := int64(0)
		for range 300 { // at most 30 s
			if n := partSize(school); n > kept+20<<20 {
				grown = n
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
		_ = syncing.Process.Kill()
		_ = syncing.Wait()
		if grown == 0 {
			t.Fatalf("kill %d: the partial file did not grow past %d bytes", kill+1, kept+20<<20)
		}
		if kept = partSize(school); kept >= size {
			t.Fatalf("kill %d: the partial file holds %d bytes, want part of the file", kill+1, kept)
		}
	}

	proxy.SetConfig(faultproxy.Config{})
	if code, out, errOut := jxj(t, "sync", "--data", school); code != 0 {
		t.Fatalf("sync after the kills: exit %d\n%s%s", code, out, errOut)
	}
	down := proxy.Stats().BytesDown
	t.Logf("%d bytes came down for a course file of %d (%.3f ×)", down, int64(size), float64(down)/size)
	if float64(down) > 1.2*size {
		t.Errorf("%d bytes came down for a file of %d, want ≤ 1.2 × its size", down, int64(size))
	}
	withNode(t, school, func(ctx context.Context, svc app.Services) {
		cs, err := svc.Courses.Courses(ctx, app.CourseFilter{})
		if err != nil || len(cs) != 1 || !cs[0].Ready() {
			t.Fatalf("the school's courses: %+v, %v; want the course ready", cs, err)
		}
		if got := streamSum(t, filepath.Join(school, filepath.FromSlash(cs[0].Files[0].Path))); got != want {
			t.Fatal("the course's file arrived with another hash")
		}
	})
}

// partSize is the size of the school's one course partial file, 0 when
// there is none.
func partSize(school string) int64 {
	parts, _ := filepath.Glob(filepath.Join(school, "courses", "*", "*.part"))
	if len(parts) != 1 {
		return 0
	}
	fi, err := os.Stat(parts[0])
	if err != nil {
		return 0
	}
	return fi.Size()
}

// randomBigFile writes size random bytes to path a megabyte at a time
// and returns their SHA-256.
func randomBigFile(t *testing.T, path string, size int64) (string, string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	h := sha256.New()
	r := rand.New(rand.NewPCG(9, 9))
	buf := make([]byte, 1<<20)
	for left := size; left > 0; left -= int64(len(buf)) {
		for i := range buf {
			buf[i] = byte(r.Uint32())
		}
		chunk := buf[:min(left, int64(len(buf)))]
		if _, err := io.MultiWriter(f, h).Write(chunk); err != nil {
			t.Fatal(err)
		}
	}
	return path, hex.EncodeToString(h.Sum(nil))
}

// streamSum is the SHA-256 of the file at path, read in a stream.
func streamSum(t *testing.T, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}
