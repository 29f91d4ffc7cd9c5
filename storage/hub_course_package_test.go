package storage

import (
	"archive/tar"
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"jxj/app"
)

// CoursePackageSize is the exact length of the package ExportCourse
// writes, for files of any length (empty, a block less, a block, a block
// more), and refuses a withdrawn course as the export does.
func TestCoursePackageSize(t *testing.T) {
	h, _, _ := testHub(t, 0)
	ctx := context.Background()
	c := publishTestCourse(t, h, [2]string{"空.txt", ""}, [2]string{"a.bin", strings.Repeat("a", 511)},
		[2]string{"b.bin", strings.Repeat("b", 512)}, [2]string{"第1课.mp4", strings.Repeat("视", 171)})
	var buf bytes.Buffer
	if err := h.ExportCourse(ctx, c.ID, &buf); err != nil {
		t.Fatal(err)
	}
	got, err := h.CoursePackageSize(ctx, c.ID)
	if err != nil || got != int64(buf.Len()) {
		t.Fatalf("CoursePackageSize = %d, %v; the package is %d bytes", got, err, buf.Len())
	}
	if _, err := h.RevokeCourse(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := h.CoursePackageSize(ctx, c.ID); app.ErrorCode(err) != app.ECONFLICT {
		t.Errorf("size of a withdrawn course: %v, want ECONFLICT", err)
	}
	if _, err := h.CoursePackageSize(ctx, c.ID+100); app.ErrorCode(err) != app.ENOTFOUND {
		t.Errorf("size of no course: %v, want ENOTFOUND", err)
	}
}

// A file over the plain tar header's 8 GiB takes an extended header,
// which the size counts.
func TestTarEntrySizeLargeFile(t *testing.T) {
	small, err := tarEntrySize(&tar.Header{Name: "files/x", Size: 1000, ModTime: time.Unix(1764638000, 0)})
	if err != nil || small != 512+1024 {
		t.Fatalf("1000 bytes: %d, %v; want 1536", small, err)
	}
	size := int64(8<<30 + 1)
	large, err := tarEntrySize(&tar.Header{Name: "files/x", Size: size, ModTime: time.Unix(1764638000, 0)})
	padded := (size + 511) / 512 * 512
	if err != nil || large <= padded+512 || large%512 != 0 {
		t.Errorf("8 GiB + 1: %d, %v; want more than %d (an extended header) in whole blocks", large, err, padded+512)
	}
}
