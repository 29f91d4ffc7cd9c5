package sync

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"jxj/app"
	"jxj/storage"
)

// A console's upload over a slow link takes longer than the hub's and
// the console's usual time limits, and still arrives: its limit grows
// with its size, on both sides.
func TestConsoleUploadOverSlowLink(t *testing.T) {
	ctx := context.Background()
	_, c := consoleOnHub(t, func(srv *http.Server, c *ConsoleClient) {
		srv.ReadTimeout, srv.WriteTimeout = 300*time.Millisecond, 300*time.Millisecond
		c.client.HTTP = &http.Client{Timeout: 300 * time.Millisecond, Transport: slowUploads{}}
	})
	path := filepath.Join(t.TempDir(), "方案.pdf")
	if err := os.WriteFile(path, make([]byte, 8*slowChunk), 0o600); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	u, err := c.uploadFile(ctx, path)
	if err != nil {
		t.Fatalf("a slow upload: %v", err)
	}
	if took := time.Since(start); took < 600*time.Millisecond || u.Size != 8*slowChunk {
		t.Errorf("uploaded %d bytes in %v; want the file, slower than both limits", u.Size, took)
	}
}

// consoleOnHub is a hub on 127.0.0.1 with the bureau account wang, and
// a console logged in to it; limit, when not nil, sets the server's and
// the console's limits first.
func consoleOnHub(t *testing.T, limit func(*http.Server, *ConsoleClient)) (*storage.Hub, *ConsoleClient) {
	t.Helper()
	ctx := context.Background()
	store, err := storage.OpenHub(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	if _, err := store.CreateBureauAccount(ctx, app.BureauAccountCreate{Username: "wang", Password: "bureau-pass-1", Role: app.BureauStaff}); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(NewHubServer(store, slog.New(slog.NewTextHandler(io.Discard, nil))).Handler())
	c := NewConsoleClient()
	if limit != nil {
		limit(srv.Config, c)
	}
	srv.Start()
	t.Cleanup(srv.Close)
	if _, err := c.Login(ctx, app.BureauLogin{HubURL: srv.URL, Username: "wang", Password: "bureau-pass-1"}); err != nil {
		t.Fatal(err)
	}
	return store, c
}

// slowUploads sends a request's body slowChunk bytes every 100 ms.
type slowUploads struct{}

const slowChunk = 8 << 10

func (slowUploads) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil && r.ContentLength > slowChunk {
		r.Body = slowBody{r.Body}
	}
	return http.DefaultTransport.RoundTrip(r)
}

type slowBody struct{ io.ReadCloser }

func (b slowBody) Read(p []byte) (int, error) {
	time.Sleep(100 * time.Millisecond)
	return b.ReadCloser.Read(p[:min(len(p), slowChunk)])
}
