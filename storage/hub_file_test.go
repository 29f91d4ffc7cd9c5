package storage

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"jxj/app"
)

// writeFile writes a file of the given content in dir and returns its
// path.
func writeFile(t *testing.T, dir, name string, content []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, content, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// feedNotice reads the school's feed from the start and returns the
// body of the notice record with that uuid.
func feedNotice(t *testing.T, h *Hub, org int64, uuid string) app.BureauNotice {
	t.Helper()
	page, err := h.Feed(context.Background(), org, "", 0, 64<<10)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range page.Records {
		if r.Type == app.RecordNotice && r.ID == uuid {
			var n app.BureauNotice
			if err := json.Unmarshal(r.Body, &n); err != nil {
				t.Fatal(err)
			}
			return n
		}
	}
	t.Fatalf("notice %s not in the feed", uuid)
	return app.BureauNotice{}
}

// A notice's files are kept by their content: the same bytes attached
// to two notices (under two names) are stored once; each notice's feed
// record lists its files with name, size, hash and an id of its own.
func TestHubFileContentAddressed(t *testing.T) {
	h, org, _ := testHub(t, 0)
	ctx := context.Background()
	src := t.TempDir()
	pdf := bytes.Repeat([]byte("寒假安全 "), 10000)
	jpg := []byte("a small picture")
	n1, err := h.PublishNotice(ctx, app.HubNoticeDraft{Title: "寒假安全", Files: []string{
		writeFile(t, src, "安全须知.pdf", pdf), writeFile(t, src, "地图.jpg", jpg)}})
	if err != nil {
		t.Fatal(err)
	}
	n2, err := h.PublishNotice(ctx, app.HubNoticeDraft{Title: "再次提醒", Files: []string{writeFile(t, src, "须知（重发）.pdf", pdf)}})
	if err != nil {
		t.Fatal(err)
	}
	if got := count(t, h.db, `SELECT COUNT(*) FROM hub_files`); got != 2 {
		t.Errorf("hub_files has %d rows, want 2 (the pdf once)", got)
	}
	stored, err := filepath.Glob(filepath.Join(h.db.dir, hubFilesDir, "*", "*"))
	if err != nil || len(stored) != 2 {
		t.Errorf("content store holds %v (%v), want 2 files", stored, err)
	}
	if _, err := os.Stat(h.contentPath(sha(pdf))); err != nil {
		t.Errorf("the pdf is not stored under its hash: %v", err)
	}

	f1 := feedNotice(t, h, org, n1.UUID).Files
	f2 := feedNotice(t, h, org, n2.UUID).Files
	want1 := []app.BureauFile{{Name: "安全须知.pdf", Size: int64(len(pdf)), SHA256: sha(pdf)}, {Name: "地图.jpg", Size: int64(len(jpg)), SHA256: sha(jpg)}}
	if len(f1) != 2 || len(f2) != 1 {
		t.Fatalf("feed files %+v and %+v, want 2 and 1", f1, f2)
	}
	for i, w := range want1 {
		if f1[i].Name != w.Name || f1[i].Size != w.Size || f1[i].SHA256 != w.SHA256 || !f1[i].Valid() {
			t.Errorf("file %d: got %+v, want %+v with a valid id", i, f1[i], w)
		}
	}
	if f2[0].SHA256 != sha(pdf) || f2[0].Name != "须知（重发）.pdf" || f2[0].ID == f1[0].ID {
		t.Errorf("the second notice's file %+v: want the pdf's hash, its own name and id", f2[0])
	}
	files, err := h.NoticeFiles(ctx, n1.ID)
	if err != nil || len(files) != 2 || files[0].ID != f1[0].ID {
		t.Errorf("NoticeFiles = %+v, %v; want the feed's two files", files, err)
	}
}

// Files that cannot be attached are refused, and nothing is stored: no
// notice, no feed record, no file row.
func TestHubFileLimits(t *testing.T) {
	h, org, _ := testHub(t, 0)
	ctx := context.Background()
	src := t.TempDir()
	big := filepath.Join(src, "录像.mp4")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(app.MaxFileSize + 1); err != nil { // sparse: no 50 MB written
		t.Fatal(err)
	}
	f.Close()
	ok := writeFile(t, src, "ok.txt", []byte("ok"))
	many := make([]string, app.MaxNoticeFiles+1)
	for i := range many {
		many[i] = ok
	}
	tests := []struct {
		name  string
		files []string
		key   string
	}{
		{"larger than 50 MB", []string{ok, big}, "storage.attachment.error.too_large"},
		{"a folder", []string{src}, "storage.attachment.error.not_file"},
		{"missing", []string{filepath.Join(src, "nope.pdf")}, "storage.attachment.error.copy"},
		{"too many", many, "hub_files.error.too_many"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := h.PublishNotice(ctx, app.HubNoticeDraft{Title: "附件", Files: tt.files})
			var e *app.Error
			if !errors.As(err, &e) || e.Code != app.EINVALID || e.Key != tt.key {
				t.Fatalf("got %v, want EINVALID %s", err, tt.key)
			}
			if n := count(t, h.db, `SELECT COUNT(*) FROM hub_notices`) + count(t, h.db, `SELECT COUNT(*) FROM hub_notice_files`) +
				count(t, h.db, `SELECT COUNT(*) FROM hub_feed WHERE org_id = ?`, org); n != 0 {
				t.Errorf("%d rows stored after a refusal", n)
			}
			if tmp, _ := filepath.Glob(filepath.Join(h.db.dir, hubFilesDir, ".upload-*")); len(tmp) > 0 {
				t.Errorf("temporary files left: %v", tmp)
			}
		})
	}
}

// A file is served to the schools its notice was sent to, and to no
// other: another school, an unknown id and a revoked notice's file are
// not found. A file whose content was lost on the hub is its failure.
func TestHubFileOnlyToItsSchools(t *testing.T) {
	h, org, _ := testHub(t, 0)
	ctx := context.Background()
	other, _, err := h.AddOrg(ctx, app.HubOrgDraft{Name: "城关镇第二小学", Kind: app.OrgPrimary})
	if err != nil {
		t.Fatal(err)
	}
	content := []byte("只发给一小")
	n, err := h.PublishNotice(ctx, app.HubNoticeDraft{Title: "一小", Orgs: []int64{org}, Files: []string{writeFile(t, t.TempDir(), "a.txt", content)}})
	if err != nil {
		t.Fatal(err)
	}
	files, err := h.NoticeFiles(ctx, n.ID)
	if err != nil {
		t.Fatal(err)
	}
	id := files[0].ID

	fc, err := h.OpenNoticeFile(ctx, org, id)
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(fc.Content)
	fc.Content.Close()
	if err != nil || !bytes.Equal(got, content) || fc.File.SHA256 != sha(content) {
		t.Errorf("served %q (%v) as %+v, want %q", got, err, fc.File, content)
	}

	notFound := []struct {
		name string
		org  int64
		id   string
	}{
		{"another school", other.ID, id},
		{"an unknown id", org, "0193-no-such-file"},
	}
	for _, tt := range notFound {
		if _, err := h.OpenNoticeFile(ctx, tt.org, tt.id); app.ErrorCode(err) != app.ENOTFOUND {
			t.Errorf("%s: got %v, want ENOTFOUND", tt.name, err)
		}
	}

	if err := os.Remove(h.contentPath(sha(content))); err != nil {
		t.Fatal(err)
	}
	if _, err := h.OpenNoticeFile(ctx, org, id); app.ErrorCode(err) != app.EINTERNAL {
		t.Errorf("lost content: got %v, want EINTERNAL", err)
	}
	if _, err := h.RevokeNotice(ctx, n.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := h.OpenNoticeFile(ctx, org, id); app.ErrorCode(err) != app.ENOTFOUND {
		t.Errorf("revoked notice: got %v, want ENOTFOUND", err)
	}
}

// zeros reads as many zero bytes as asked, never more than a buffer in
// memory.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// The console's uploads: kept by content like the hub's own files, and
// one over the limit is refused while it streams, leaving nothing.
func TestHubUploadFile(t *testing.T) {
	h, org, _ := testHub(t, 0)
	ctx := context.Background()
	u, err := h.UploadFile(ctx, "../方案.docx", strings.NewReader("方案"))
	if err != nil || u.SHA256 != sha([]byte("方案")) || u.Name != "_方案.docx" {
		t.Fatalf("upload: %+v, %v; want the hash and a safe name", u, err)
	}
	n, err := h.PublishNotice(ctx, app.HubNoticeDraft{Title: "方案", Uploads: []app.HubUpload{*u}})
	if err != nil {
		t.Fatal(err)
	}
	if f := feedNotice(t, h, org, n.UUID).Files; len(f) != 1 || f[0].SHA256 != u.SHA256 || f[0].Size != u.Size {
		t.Errorf("the feed lists %+v, want the upload", f)
	}
	_, err = h.UploadFile(ctx, "big.bin", io.LimitReader(zeros{}, app.MaxFileSize+1))
	var e *app.Error
	if !errors.As(err, &e) || e.Key != "storage.attachment.error.too_large" {
		t.Errorf("an upload over 50 MB: %v, want too_large", err)
	}
	if left, _ := filepath.Glob(filepath.Join(h.db.dir, hubFilesDir, "*", "*")); len(left) != 1 {
		t.Errorf("the store holds %v, want the one upload", left)
	}
	if left, _ := filepath.Glob(filepath.Join(h.db.dir, hubFilesDir, ".upload-*")); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// A day after, an upload no notice carries and a stopped upload's
// temporary file are removed; the notice's file, a fresh upload and a
// file that is not the store's stay.
func TestHubPruneUploads(t *testing.T) {
	h, _, _ := testHub(t, 0)
	ctx := context.Background()
	store := filepath.Join(h.db.dir, hubFilesDir)
	old := time.Now().Add(-25 * time.Hour)
	upload := func(content string) *app.HubUpload {
		t.Helper()
		u, err := h.UploadFile(ctx, content+".pdf", strings.NewReader(content))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(h.contentPath(u.SHA256), old, old); err != nil {
			t.Fatal(err)
		}
		return u
	}
	carried, orphan := upload("通知附件"), upload("从未发出")
	if _, err := h.PublishNotice(ctx, app.HubNoticeDraft{Title: "带附件", Uploads: []app.HubUpload{*carried}}); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(h.contentPath(carried.SHA256), old, old); err != nil {
		t.Fatal(err)
	}
	fresh, err := h.UploadFile(ctx, "刚上传.pdf", strings.NewReader("刚上传"))
	if err != nil {
		t.Fatal(err)
	}
	stopped := filepath.Join(store, ".upload-123")
	notOurs := filepath.Join(store, "README.txt")
	for _, p := range []string{stopped, notOurs} {
		if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, old, old); err != nil {
			t.Fatal(err)
		}
	}

	n, err := h.PruneUploads(ctx, time.Now())
	if err != nil || n != 2 {
		t.Fatalf("pruned %d, %v; want the orphan and the stopped upload", n, err)
	}
	for _, gone := range []string{h.contentPath(orphan.SHA256), stopped} {
		if _, err := os.Stat(gone); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s stays: %v", filepath.Base(gone), err)
		}
	}
	for _, kept := range []string{h.contentPath(carried.SHA256), h.contentPath(fresh.SHA256), notOurs} {
		if _, err := os.Stat(kept); err != nil {
			t.Errorf("%s was removed: %v", filepath.Base(kept), err)
		}
	}
	if n, err := h.PruneUploads(ctx, time.Now()); err != nil || n != 0 {
		t.Errorf("a second prune removed %d, %v", n, err)
	}
}

// A hub that never kept a file has nothing to prune.
func TestHubPruneUploadsEmpty(t *testing.T) {
	h, _, _ := testHub(t, 0)
	if n, err := h.PruneUploads(context.Background(), time.Now()); err != nil || n != 0 {
		t.Errorf("pruned %d, %v on an empty hub", n, err)
	}
}
