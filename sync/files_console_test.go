package sync_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jxj/app"
	jxjsync "jxj/sync"
)

// The console attaches files on the officer's computer: it uploads each
// to the hub, then publishes the notice naming them; the school gets the
// file verified. Bad uploads are refused and publish nothing.
func TestConsoleNoticeFiles(t *testing.T) {
	hub, node, _ := enrolled(t)
	mustBureau(t, hub.store, "wang", "bureau-pass-1", app.BureauStaff)
	console := jxjsync.NewConsoleClient()
	ctx := context.Background()
	if _, err := console.Login(ctx, app.BureauLogin{HubURL: hub.srv.URL, Username: "wang", Password: "bureau-pass-1"}); err != nil {
		t.Fatal(err)
	}
	path, content := randomFile(t, "工作方案.docx", jxjsync.FileChunk*2+7, 8)
	n, err := console.PublishNotice(ctx, app.HubNoticeDraft{Title: "工作方案", Files: []string{path}})
	if err != nil {
		t.Fatal(err)
	}
	files, err := hub.store.NoticeFiles(ctx, n.ID)
	if err != nil || len(files) != 1 || files[0].SHA256 != sum(content) || files[0].Name != "工作方案.docx" {
		t.Fatalf("the notice's files: %+v, %v; want the uploaded one", files, err)
	}
	mustSync(t, node)
	if got := attached(t, node, n.UUID, "工作方案.docx"); sum(got) != sum(content) {
		t.Fatalf("the school got %d bytes, want the file", len(got))
	}

	big := filepath.Join(t.TempDir(), "录像.mp4")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	f.Truncate(app.MaxFileSize + 1) // sparse
	f.Close()
	hub.mu.Lock()
	hub.bodies = nil
	hub.mu.Unlock()
	if _, err := console.PublishNotice(ctx, app.HubNoticeDraft{Title: "太大", Files: []string{big}}); app.ErrorCode(err) != app.EINVALID {
		t.Errorf("a file over 50 MB: %v, want EINVALID before sending", err)
	}
	if sent := hub.sent(); sent != "" {
		t.Errorf("a refused file was sent: %d bytes", len(sent))
	}

	sess, err := hub.store.BureauLogin(ctx, "wang", "bureau-pass-1")
	if err != nil {
		t.Fatal(err)
	}
	st, _ := node.svc.Sync.SyncState(admin)
	url := hub.srv.URL + jxjsync.PathConsole
	tests := []struct {
		name, path, token string
		body              any
		want              int
	}{
		{"an upload with a school's credential", "files?name=a.txt", st.Credential, "x", 401},
		{"an upload without a name", "files", sess.Token, "x", 400},
		{"a notice naming no upload", "notices", sess.Token, map[string]any{"title": "坏的",
			"files": []map[string]any{{"name": "a.txt", "size": 1, "sha256": strings.Repeat("ab", 32)}}}, 400},
		{"a notice naming a path as hash", "notices", sess.Token, map[string]any{"title": "坏的",
			"files": []map[string]any{{"name": "a.txt", "size": 1, "sha256": "../../hub.db"}}}, 400},
	}
	for _, tt := range tests {
		if got, body := post(t, url+tt.path, tt.token, tt.body); got != tt.want {
			t.Errorf("%s: %d %v, want %d", tt.name, got, body, tt.want)
		}
	}
	if notices, _ := hub.store.Notices(ctx); len(notices) != 1 {
		t.Errorf("%d notices after bad input, want the one", len(notices))
	}
}
