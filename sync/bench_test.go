package sync_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"jxj/app"
	"jxj/app/demo"
	"jxj/storage"
	jxjsync "jxj/sync"
	"jxj/sync/faultproxy"
)

// ingestBatch is how many receipts one push carries in the benchmark, as
// the client packs them (sync.DefaultBatchOps).
const ingestBatch = jxjsync.DefaultBatchOps

// ingestReceipts makes n receipts as a school sends them, from a seeded
// generator so every run sends the same: the families of students in
// class order with gaps (not every family answers), each numbered as a
// node numbers them (app.FamilyNumber, which delta-encodes far worse
// than the consecutive numbers of earlier versions), times a few seconds
// to minutes apart as slips are typed in, mostly slips and
// acknowledgements.
func ingestReceipts(from, n int) []app.ReceiptUp {
	rnd := rand.New(rand.NewPCG(uint64(from), 1))
	channels := []app.Channel{app.ChannelSlip, app.ChannelSlip, app.ChannelSlip, app.ChannelPhone, app.ChannelInPerson, app.ChannelExcel}
	rs := make([]app.ReceiptUp, n)
	student := int64(from * 2)
	at := int64(1764638000 + from*30)
	for i := range rs {
		student += 1 + rnd.Int64N(2)
		at += rnd.Int64N(120)
		state := app.ReceiptAcked
		if rnd.IntN(5) == 0 {
			state = app.ReceiptRead
		}
		family := app.FamilyNumber(fmt.Sprintf("student-%d", student), 0)
		rs[i] = app.ReceiptUp{Family: family, State: state, Channel: channels[rnd.IntN(len(channels))], At: at, Class: 1 + student/45}
	}
	return rs
}

// gzipPush is a push request as the client sends it: the forward of a
// notice to as many families as it has receipts, and the receipts.
func gzipPush(b *testing.B, batch int64, notice string, rs []app.ReceiptUp) []byte {
	req := jxjsync.PushRequest{Batch: batch, Ops: jxjsync.EncodeOps([]app.OutOp{
		{Type: app.OpNoticeForward, Notice: notice, At: rs[0].At, Families: len(rs)},
		{Type: app.OpReceipts, Notice: notice, Receipts: rs}})}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if err := json.NewEncoder(zw).Encode(req); err != nil {
		b.Fatal(err)
	}
	zw.Close()
	return buf.Bytes()
}

// BenchmarkHubIngest pushes receipts to a real hub over HTTP on loopback,
// in batches as the client packs them, and compares the rate with a bare
// SQLite insert of the same rows (a prepared INSERT per row in one
// transaction, same pragmas). Each batch is a school's forward of a
// notice and its families' receipts, as the hub takes no more receipts
// of a notice than the families forwarded to. It reports receipts/s,
// x-bare-insert and the bytes per receipt on the wire after gzip.
func BenchmarkHubIngest(b *testing.B) {
	const perOp = 10 * ingestBatch // receipts per benchmark iteration
	h := newBenchHub(b, b.N*perOp/ingestBatch+1)

	// the bodies are built outside the timed loop
	bodies := make([][][]byte, b.N)
	wire := 0
	batch := int64(0)
	for i := range b.N {
		for j := 0; j < perOp; j += ingestBatch {
			body := gzipPush(b, batch+1, h.notices[batch], ingestReceipts(i*perOp+j, ingestBatch))
			batch++
			bodies[i] = append(bodies[i], body)
			wire += len(body)
		}
	}
	client := &http.Client{}
	push := func(body []byte) {
		req, _ := http.NewRequest(http.MethodPost, h.url+jxjsync.PathPush, bytes.NewReader(body))
		req.Header.Set("Content-Encoding", "gzip")
		req.Header.Set("Authorization", "Bearer "+h.credential)
		resp, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		var pr jxjsync.PushResponse
		err = json.NewDecoder(resp.Body).Decode(&pr)
		resp.Body.Close()
		if err != nil || resp.StatusCode != 200 || len(pr.Results) != 2 || pr.Results[0].Status != "ok" || pr.Results[1].Status != "ok" {
			b.Fatalf("push: %d %v %+v", resp.StatusCode, err, pr)
		}
	}
	// one untimed batch first: the connection, the hub's caches and
	// prepared statements are warm, as on a hub that has been running
	push(gzipPush(b, batch+1, h.notices[batch], ingestReceipts(b.N*perOp, ingestBatch)))
	b.ResetTimer()
	start := time.Now()
	for i := range b.N {
		for _, body := range bodies[i] {
			push(body)
		}
	}
	elapsed := time.Since(start)
	b.StopTimer()
	rate := float64(b.N*perOp) / elapsed.Seconds()
	bare := bareInsertRate(b, perOp)
	b.ReportMetric(rate, "receipts/s")
	b.ReportMetric(bare, "bare-rows/s")
	b.ReportMetric(rate/bare, "x-bare-insert")
	b.ReportMetric(float64(wire)/float64(b.N*perOp), "wire-B/receipt")
}

// benchHub is a hub on 127.0.0.1 with one enrolled school that was sent
// notices and has fetched them.
type benchHub struct {
	url, credential string
	notices         []string
}

func newBenchHub(b *testing.B, notices int) benchHub {
	b.Helper()
	ctx := admin
	store, err := storage.OpenHub(ctx, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { store.Close() })
	srv := httptest.NewServer(jxjsync.NewHubServer(store, slog.New(slog.NewTextHandler(io.Discard, nil))).Handler())
	b.Cleanup(srv.Close)
	org, code, err := store.AddOrg(ctx, app.HubOrgDraft{Name: "城关镇第一小学", Kind: app.OrgPrimary})
	if err != nil {
		b.Fatal(err)
	}
	_, credential, epoch, err := store.Enrol(ctx, code)
	if err != nil {
		b.Fatal(err)
	}
	h := benchHub{url: srv.URL, credential: credential}
	for i := range notices {
		n, err := store.PublishNotice(ctx, app.HubNoticeDraft{Title: fmt.Sprintf("通知 %d", i+1), Orgs: []int64{org.ID}})
		if err != nil {
			b.Fatal(err)
		}
		h.notices = append(h.notices, n.UUID)
	}
	// the school's feed request after the last one: all delivered
	if _, err := store.Feed(ctx, org.ID, epoch, int64(notices), jxjsync.FeedPageBytes); err != nil {
		b.Fatal(err)
	}
	return h
}

// bareInsertRate inserts n rows like the hub's receipts into a fresh
// SQLite file with the hub's durability settings, one prepared INSERT per
// row in one transaction, and returns the rows per second (the best of
// three, so a hiccup does not flatter the ratio).
func bareInsertRate(b *testing.B, n int) float64 {
	b.Helper()
	dsn := "file:" + filepath.Join(b.TempDir(), "bare.db") +
		"?_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=busy_timeout(5000)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(`CREATE TABLE hub_receipts (org_id INTEGER NOT NULL, notice_id INTEGER NOT NULL, family INTEGER NOT NULL,
		state INTEGER NOT NULL, channel TEXT NOT NULL, at INTEGER NOT NULL, class INTEGER NOT NULL,
		PRIMARY KEY (org_id, notice_id, family)) WITHOUT ROWID`); err != nil {
		b.Fatal(err)
	}
	best := 0.0
	for round := range 3 {
		rows := ingestReceipts(round*n, n)
		start := time.Now()
		tx, err := db.BeginTx(context.Background(), nil)
		if err != nil {
			b.Fatal(err)
		}
		stmt, err := tx.Prepare(`INSERT INTO hub_receipts (org_id, notice_id, family, state, channel, at, class) VALUES (?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range rows {
			if _, err := stmt.Exec(1, 1, r.Family, r.State, string(r.Channel), r.At, r.Class); err != nil {
				b.Fatal(err)
			}
		}
		stmt.Close()
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
		best = max(best, float64(n)/time.Since(start).Seconds())
	}
	return best
}

// fanOutSchools is how many schools a large district's hub serves.
const fanOutSchools = 500

// BenchmarkFanOut publishes one bureau notice to 500 enrolled schools and
// has each pull it over HTTP as a node does: the page with the notice,
// then the request that tells the hub it was applied. Eight schools pull
// at once, as their PCs come online. It reports the seconds from publish
// until every school has it delivered.
func BenchmarkFanOut(b *testing.B) {
	ctx := admin
	store, err := storage.OpenHub(ctx, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	srv := httptest.NewServer(jxjsync.NewHubServer(store, slog.New(slog.NewTextHandler(io.Discard, nil))).Handler())
	defer srv.Close()
	type school struct{ credential, epoch string }
	schools := make([]school, fanOutSchools)
	for i := range schools {
		_, code, err := store.AddOrg(ctx, app.HubOrgDraft{Name: fmt.Sprintf("第%d小学", i+1), Kind: app.OrgPrimary})
		if err != nil {
			b.Fatal(err)
		}
		_, credential, epoch, err := store.Enrol(ctx, code)
		if err != nil {
			b.Fatal(err)
		}
		schools[i] = school{credential, epoch}
	}
	cursors := make([]int64, fanOutSchools)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 8}}
	pull := func(i int) error {
		for {
			q := fmt.Sprintf("%s%s?epoch=%s&after=%d", srv.URL, jxjsync.PathFeed, schools[i].epoch, cursors[i])
			req, _ := http.NewRequest(http.MethodGet, q, nil)
			req.Header.Set("Authorization", "Bearer "+schools[i].credential)
			resp, err := client.Do(req)
			if err != nil {
				return err
			}
			var page jxjsync.FeedResponse
			err = json.NewDecoder(resp.Body).Decode(&page)
			resp.Body.Close()
			if err != nil || resp.StatusCode != 200 {
				return fmt.Errorf("feed: %d %v", resp.StatusCode, err)
			}
			if len(page.Records) == 0 {
				return nil
			}
			cursors[i] = page.Records[len(page.Records)-1].Seq
		}
	}
	b.ResetTimer()
	var total time.Duration
	for range b.N {
		start := time.Now()
		n, err := store.PublishNotice(ctx, app.HubNoticeDraft{Title: "关于做好寒假安全工作的通知", Body: "各校：……", RequiresAck: true})
		if err != nil {
			b.Fatal(err)
		}
		work := make(chan int)
		errs := make(chan error, 8)
		for range 8 {
			go func() {
				var first error
				for i := range work {
					if err := pull(i); err != nil && first == nil {
						first = err
					}
				}
				errs <- first
			}()
		}
		for i := range schools {
			work <- i
		}
		close(work)
		for range 8 {
			if err := <-errs; err != nil {
				b.Fatal(err)
			}
		}
		total += time.Since(start)
		st, err := store.NoticeStatus(ctx, n.UUID)
		if err != nil {
			b.Fatal(err)
		}
		for _, s := range st.Schools {
			if !s.Delivered {
				b.Fatalf("%s has not got the notice", s.Org.Name)
			}
		}
	}
	b.ReportMetric(total.Seconds()/float64(b.N), "s/fan-out")
}

// slowLinkReceipts is how many receipts BenchmarkSlowLink sends.
const slowLinkReceipts = 3000

// BenchmarkSlowLink sends a school's 3,000 receipts of a forwarded bureau
// notice through a link throttled to 64 kbit/s with 300 ms latency and
// reports the seconds it takes. Then, untimed, it cuts the link halfway
// through another 3,000 and resumes: it reports (and fails on) any batch
// the resumed sync sent again although the school had its confirmation.
func BenchmarkSlowLink(b *testing.B) {
	hub := newTestHub(b)
	_, code, err := hub.store.AddOrg(admin, app.HubOrgDraft{Name: "城关镇第一小学", Kind: app.OrgPrimary})
	if err != nil {
		b.Fatal(err)
	}
	node := newTestNode(b, demo.Size{Grades: 6, ClassesPerGrade: 10, StudentsPer: slowLinkReceipts / 60})
	proxy, err := faultproxy.New(strings.TrimPrefix(hub.srv.URL, "http://"), faultproxy.Config{})
	if err != nil {
		b.Fatal(err)
	}
	defer proxy.Close()
	if _, err := node.client.Enrol(admin, app.EnrolRequest{HubURL: proxy.URL(), Code: code, School: "演示县实验小学"}); err != nil {
		b.Fatal(err)
	}
	node.client.BatchOps = 500 // several batches, so a cut falls between them

	slow := faultproxy.Config{BytesPerSecond: 8000, Latency: 300 * time.Millisecond}
	var total time.Duration
	var upBytes int64
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		pendingReceipts(b, hub, node)
		proxy.SetConfig(slow)
		before := proxy.Stats()
		b.StartTimer()
		start := time.Now()
		run, err := node.client.Sync(admin)
		total += time.Since(start)
		b.StopTimer()
		if err != nil || run.Up == 0 {
			b.Fatalf("sync over the slow link: %v (%+v)", err, run)
		}
		upBytes += proxy.Stats().BytesUp - before.BytesUp
		b.StartTimer()
	}
	b.StopTimer()
	b.ReportMetric(total.Seconds()/float64(b.N), "s/3000-receipts")
	b.ReportMetric(float64(upBytes)/float64(b.N*slowLinkReceipts), "up-B/receipt")

	// cut the link halfway through the upload, then resume
	pendingReceipts(b, hub, node)
	proxy.SetConfig(faultproxy.Config{Latency: 20 * time.Millisecond, DropAfterBytes: upBytes / int64(b.N) / 2})
	node.client.HTTP.CloseIdleConnections() // the proxy decides cuts per new connection
	if _, err := node.client.Sync(admin); err == nil {
		b.Fatal("the cut sync did not fail")
	}
	confirmed := confirmedBatches(b, node)
	if len(confirmed) == 0 {
		b.Fatal("the cut came before any batch was confirmed: move it later")
	}
	hub.mu.Lock()
	hub.bodies = nil
	hub.mu.Unlock()
	proxy.SetConfig(faultproxy.Config{})
	if _, err := node.client.Sync(admin); err != nil {
		b.Fatalf("resumed sync: %v", err)
	}
	resent := 0
	for _, body := range hub.pushed() {
		if confirmed[body.Batch] {
			resent++
		}
	}
	b.ReportMetric(float64(resent), "resent-confirmed-batches")
	if resent > 0 {
		b.Fatalf("the resumed sync sent %d batches again that the school had confirmed", resent)
	}
	if st, _ := node.svc.Sync.SyncState(admin); st.Pending != 0 {
		b.Fatalf("%d operations still pending after the resumed sync", st.Pending)
	}
}

// pendingReceipts publishes a bureau notice, brings it down, forwards it
// to the whole school and acknowledges every receipt, so the node's
// outbox holds a receipt per student.
func pendingReceipts(b *testing.B, hub *testHub, node *testNode) {
	b.Helper()
	hn, err := hub.store.PublishNotice(admin, app.HubNoticeDraft{Title: "通知 " + time.Now().Format(time.RFC3339Nano)})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := node.client.Sync(admin); err != nil {
		b.Fatal(err)
	}
	notices, err := node.svc.Notices.Notices(admin)
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range notices {
		if n.UUID != hn.UUID {
			continue
		}
		if _, err := node.svc.Notices.ForwardBureau(admin, n.ID, app.Target{School: true}); err != nil {
			b.Fatal(err)
		}
		rs, err := node.svc.Notices.Receipts(admin, n.ID)
		if err != nil {
			b.Fatal(err)
		}
		marks := make([]app.ReceiptMark, len(rs))
		for i, r := range rs {
			marks[i] = app.ReceiptMark{ReceiptID: r.ID, State: app.ReceiptAcked, Channel: app.ChannelSlip}
		}
		if err := node.svc.Notices.MarkReceipts(admin, marks); err != nil {
			b.Fatal(err)
		}
		return
	}
	b.Fatal("the bureau notice did not come down")
}

// confirmedBatches are the batch numbers given out whose rows are gone
// from the outbox: the hub confirmed them and the node heard it.
func confirmedBatches(b *testing.B, node *testNode) map[int64]bool {
	b.Helper()
	db, err := sql.Open("sqlite", "file:"+node.db.Path()+"?_pragma=query_only(1)")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	var last int64
	if err := db.QueryRow(`SELECT batch_seq FROM sync_state`).Scan(&last); err != nil {
		b.Fatal(err)
	}
	pending := map[int64]bool{}
	rows, err := db.Query(`SELECT DISTINCT batch FROM outbox WHERE batch IS NOT NULL`)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var n int64
		if err := rows.Scan(&n); err != nil {
			b.Fatal(err)
		}
		pending[n] = true
	}
	confirmed := map[int64]bool{}
	for n := int64(1); n <= last; n++ {
		if !pending[n] {
			confirmed[n] = true
		}
	}
	return confirmed
}
