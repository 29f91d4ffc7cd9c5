package sync_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"jxj/app"
	"jxj/storage"
	jxjsync "jxj/sync"
)

// FuzzHubPush sends arbitrary bodies to the hub's push endpoint as an
// enrolled school: it must answer every one with a protocol answer (200,
// or a 4xx with an error code), never panic and never fail inside (5xx).
func FuzzHubPush(f *testing.F) {
	ctx := context.Background()
	store, err := storage.OpenHub(ctx, f.TempDir())
	if err != nil {
		f.Fatal(err)
	}
	defer store.Close()
	org, code, err := store.AddOrg(ctx, app.HubOrgDraft{Name: "城关镇第一小学", Kind: app.OrgPrimary})
	if err != nil {
		f.Fatal(err)
	}
	_, credential, epoch, err := store.Enrol(ctx, code)
	if err != nil {
		f.Fatal(err)
	}
	n, err := store.PublishNotice(ctx, app.HubNoticeDraft{Title: "通知", Orgs: []int64{org.ID}})
	if err != nil {
		f.Fatal(err)
	}
	// the school has fetched it, so its ops reach the merge
	if _, err := store.Feed(ctx, org.ID, epoch, 1, jxjsync.FeedPageBytes); err != nil {
		f.Fatal(err)
	}
	handler := jxjsync.NewHubServer(store, slog.New(slog.NewTextHandler(io.Discard, nil))).Handler()

	seeds := []string{
		`{"batch":1,"ops":[{"type":"notice_confirm","notice":"` + n.UUID + `","at":1764638000}]}`,
		`{"batch":2,"ops":[{"type":"notice_forward","notice":"` + n.UUID + `","families":4},{"type":"receipts","notice":"` + n.UUID + `","receipts":{"fam":[1,1,2],"state":[2,1,2],"ch":["slip","phone","excel"],"at":[1764638000,5,9],"class":[1,1,2]}}]}`,
		`{"batch":3,"ops":[{"type":"receipts","notice":"` + n.UUID + `","receipts":{"fam":[1],"state":[2,2],"ch":[],"at":[1],"class":[1]}}]}`,
		`{"batch":4,"ops":[{"type":"notice_forward","notice":"` + n.UUID + `","families":-3}]}`,
		`{"batch":-1,"ops":[]}`,
		`{"batch":5,"ops":[{"type":"receipts","notice":"` + n.UUID + `","receipts":{"fam":[-9223372036854775808],"state":[7],"ch":["x"],"at":[9223372036854775807],"class":[0]}}]}`,
		`{"batch":6,"ops":[{"type":"day_stats","day":{"d":"2026-12-01","g":[1,1],"sex":["M","F"],"st":[20,21],"exp":[20,21],"abs":[1,0],"lv":[0,2],"cg":[1],"cs":[41],"t":3,"cov":41,"calls":[1,1],"streak":[1,0,1]}}]}`,
		`{"batch":7,"ops":[{"type":"day_stats","day":{"d":"2026-12-01","g":[1],"sex":[],"st":[-5],"exp":[1e9],"abs":[2],"lv":[0],"cg":[13,1],"cs":[1]}}]}`,
		`{"batch":8,"ops":[{"type":"day_stats"},{"type":"day_stats","day":{"d":"9999-99-99","streak":[-1]}}]}`,
		`{"batch":1e99}`, `[]`, `null`, ``, `{"ops":{}}`,
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		req := httptest.NewRequest(http.MethodPost, jxjsync.PathPush, bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+credential)
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, req)
		switch rec.Code {
		case http.StatusOK, http.StatusBadRequest, http.StatusConflict, http.StatusRequestEntityTooLarge:
		default:
			t.Fatalf("body %q: status %d: %s", body, rec.Code, rec.Body.String())
		}
	})
}
