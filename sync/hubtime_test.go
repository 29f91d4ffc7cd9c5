package sync_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"jxj/app"
	jxjsync "jxj/sync"
)

func TestHubTimeReadsTheHubsDate(t *testing.T) {
	date := time.Date(2026, 12, 5, 4, 0, 0, 0, time.UTC)
	h := func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/health" || r.Header.Get("Authorization") != "" {
			http.Error(w, "no", http.StatusNotFound)
			return
		}
		w.Header().Set("Date", date.Format(http.TimeFormat))
	}
	plain := httptest.NewServer(http.HandlerFunc(h))
	defer plain.Close()
	c := jxjsync.NewClient(nil, "jxj test")
	ctx := context.Background()
	got, err := c.HubTime(ctx, &app.SyncState{HubURL: plain.URL, Credential: "secret"})
	if err != nil || !got.Equal(date) {
		t.Fatalf("HubTime = %v, %v; want %v", got, err, date)
	}

	tlsSrv := httptest.NewTLSServer(http.HandlerFunc(h))
	defer tlsSrv.Close()
	pin := jxjsync.Fingerprint(tlsSrv.Certificate().Raw)
	if got, err := c.HubTime(ctx, &app.SyncState{HubURL: tlsSrv.URL, Trust: app.HubTrust{Fingerprint: pin}}); err != nil || !got.Equal(date) {
		t.Errorf("pinned hub: %v, %v", got, err)
	}
	other := "SHA256:" + "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF"
	if _, err := c.HubTime(ctx, &app.SyncState{HubURL: tlsSrv.URL, Trust: app.HubTrust{Fingerprint: other}}); err == nil {
		t.Error("a hub whose certificate is not the pinned one was reached")
	}

	plain.Close()
	if _, err := c.HubTime(ctx, &app.SyncState{HubURL: plain.URL}); !jxjsync.IsRetryable(err) {
		t.Errorf("a hub that is gone: %v, want a retryable (offline) error", err)
	}
}
