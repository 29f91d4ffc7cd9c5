package storage

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"jxj/app"
)

func TestAttachDevice(t *testing.T) {
	err := saveWithAttachments(t, os.DevNull)
	wantCode(t, err, app.EINVALID, "storage.attachment.error.not_file")
}

func TestAttachPipe(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "管道")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	// Should a reader be stuck opening the pipe, a writer that opens and
	// closes it lets the reader go (opening without blocking succeeds only
	// when a reader is there).
	t.Cleanup(func() {
		if w, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			w.Close()
		}
	})
	err := saveWithAttachments(t, fifo)
	wantCode(t, err, app.EINVALID, "storage.attachment.error.not_file")
}

// TestCopyFileStopsAtTheLimit copies a file that holds more than its size
// said when it was checked, as a file still being written does:
// /proc/self/status has size 0 and over a kilobyte of text.
func TestCopyFileStopsAtTheLimit(t *testing.T) {
	dst := filepath.Join(t.TempDir(), "status")
	_, err := copyFile("/proc/self/status", dst, 100)
	wantCode(t, err, app.EINVALID, "storage.attachment.error.too_large")
	if _, err := os.Stat(dst); !os.IsNotExist(err) {
		t.Errorf("the partial copy is still there (stat: %v)", err)
	}
	n, err := copyFile("/proc/self/status", dst, 1<<20)
	if err != nil || n <= 100 {
		t.Errorf("within the limit: %d bytes, %v; want the whole file", n, err)
	}
}
