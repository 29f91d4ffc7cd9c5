package sync

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// A console whose link died without a word (no reset: the hub still
// waits for the rest of the body) publishes again: the new request takes
// the file over at once instead of waiting out the old one's idle time.
func TestCourseUploadTakesOver(t *testing.T) {
	ctx := context.Background()
	store, c := consoleOnHub(t, nil)
	hub, err := c.session()
	if err != nil {
		t.Fatal(err)
	}
	content := bytes.Repeat([]byte("公开课视频"), 200_000) // 3 MB
	path := filepath.Join(t.TempDir(), "第1课.mp4")
	if err := os.WriteFile(path, content, 0o600); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(content)
	f := courseFile{path: path, name: "第1课.mp4", size: int64(len(content)), sha256: hex.EncodeToString(sum[:])}

	// the stalled request: 64 KB, then nothing more
	stalled, feed := io.Pipe()
	defer feed.Close()
	first := make(chan error, 1)
	go func() {
		var u ConsoleCourseUpload
		first <- c.stream(ctx, hub, http.MethodPut, "course-uploads/"+f.sha256+"?size="+strconv.FormatInt(f.size, 10)+"&offset=0",
			stalled, f.size, &u)
	}()
	if _, err := feed.Write(content[:64<<10]); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); ; {
		if have, _ := store.CourseUpload(ctx, f.sha256, f.size); have > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the hub did not begin the first upload")
		}
		time.Sleep(10 * time.Millisecond)
	}

	start := time.Now()
	if err := c.sendCourseFile(ctx, hub, f, func(int64) {}); err != nil {
		t.Fatalf("the second try: %v", err)
	}
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("the second try took %v: it waited for the stalled one", took)
	}
	select {
	case err := <-first:
		if err == nil {
			t.Error("the stalled request succeeded")
		}
	case <-time.After(10 * time.Second):
		t.Error("the stalled request still runs")
	}
	if have, err := store.CourseUpload(ctx, f.sha256, f.size); have != f.size || err != nil {
		t.Fatalf("the hub holds %d of %d, %v", have, f.size, err)
	}
}
